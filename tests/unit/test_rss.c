/*
 * test_rss.c - the self-check that reads the RSS feed back (rss.h), fed
 * whole and in pieces: what it accepts and every way it refuses.
 */
#include "test_common.h"

#include "rss.h"

#define ID1 "tag:example.org,2020:t/one"
#define ID2 "tag:example.org,2020:t/two"

/* A model with two published entries: all the checker looks at. */
static struct crier_feed feed;
static struct crier_entry entries[2];
static const struct crier_entry *published[2];

static const struct crier_feed *
two_entries(void)
{
	memset(&feed, 0, sizeof(feed));
	memset(entries, 0, sizeof(entries));
	entries[0].uri = ID1;
	entries[0].file = "one.md";
	entries[1].uri = ID2;
	entries[1].file = "two.md";
	published[0] = &entries[0];
	published[1] = &entries[1];
	feed.published = published;
	feed.published_count = 2;
	return &feed;
}

/* Runs the checker over TEXT in pieces of STEP bytes. */
static int
check_text(const char *text, size_t step)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_check *c = crier_check_rss_new(two_entries(), "f.rss");
	size_t len = strlen(text), at = 0, n;
	int rc;

	while (at < len) {
		n = step > len - at ? len - at : step;
		c->push(c, text + at, n);
		at += n;
	}
	rc = c->finish(c, diags);
	assert_int_equal(crier_diags_error_count(diags), rc == 0 ? 0 : 1);
	crier_diags_free(diags);
	return rc;
}

static int
check(const char *text)
{
	int rc = check_text(text, strlen(text) + 1);

	assert_int_equal(check_text(text, 1), rc);
	assert_int_equal(check_text(text, 7), rc);
	return rc;
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" \
	"<channel><title>T &#x26; &#x3C;</title><link>https://e.org/</link>" \
	"<description>D</description>"
#define ITEM(guid) "<item><title>t</title><dc:creator>x</dc:creator>" \
	"<guid isPermaLink=\"false\">" guid "</guid></item>"
#define TAIL "</channel></rss>\n"

/* The model's items, in order, in a well-formed RSS 2.0 channel pass. */
static void
accepts_the_feed(void **state)
{
	(void)state;
	assert_int_equal(check(HEAD ITEM(ID1) ITEM(ID2) TAIL), 0);
	/* Text split across events and references is still the same guid. */
	assert_int_equal(check(HEAD ITEM(ID1)
	    ITEM("tag:example.org,2020:t&#x2F;t<![CDATA[wo]]>") TAIL), 0);
}

/* Items missing, extra, out of order or without guid or title fail. */
static void
rejects_wrong_items(void **state)
{
	(void)state;
	assert_int_equal(check(HEAD ITEM(ID1) TAIL), -1);
	assert_int_equal(check(HEAD ITEM(ID2) ITEM(ID1) TAIL), -1);
	assert_int_equal(check(HEAD ITEM(ID1) ITEM(ID2) ITEM(ID2) TAIL), -1);
	assert_int_equal(check(HEAD ITEM(ID1)
	    "<item><title>t</title></item>" TAIL), -1);
	assert_int_equal(check(HEAD ITEM(ID1)
	    "<item><guid>" ID2 "</guid></item>" TAIL), -1);
	/* A guid in another namespace is not the item's guid. */
	assert_int_equal(check(HEAD ITEM(ID1) "<item><title>t</title>"
	    "<dc:guid>" ID2 "</dc:guid></item>" TAIL), -1);
}

/* The root, the version and the channel's required elements are checked. */
static void
rejects_wrong_channel(void **state)
{
	(void)state;
	assert_int_equal(check("<rss version=\"0.91\"><channel><title>T"
	    "</title><link>L</link><description>D</description>"
	    ITEM(ID1) ITEM(ID2) TAIL), -1);
	assert_int_equal(check("<feed><channel><title>T</title><link>L</link>"
	    "<description>D</description>" ITEM(ID1) ITEM(ID2)
	    "</channel></feed>"), -1);
	assert_int_equal(check("<rss version=\"2.0\"><channel><title>T"
	    "</title><description>D</description>"
	    ITEM(ID1) ITEM(ID2) TAIL), -1);
	assert_int_equal(check(HEAD ITEM(ID1) ITEM(ID2)
	    "</channel><channel/></rss>"), -1);
	assert_int_equal(check("<rss version=\"2.0\"/>"), -1);
}

/* Anything that is not well-formed XML fails. */
static void
rejects_bad_xml(void **state)
{
	(void)state;
	assert_int_equal(check(HEAD ITEM(ID1) ITEM(ID2) "</channel>"), -1);
	assert_int_equal(check(HEAD "<item><title>a & b</title>"), -1);
	assert_int_equal(check(HEAD ITEM(ID1) ITEM(ID2) TAIL "<x/>"), -1);
	assert_int_equal(check(HEAD "<title>\xc3</title>" ITEM(ID1)
	    ITEM(ID2) TAIL), -1);
	assert_int_equal(check(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_the_feed),
		cmocka_unit_test(rejects_wrong_items),
		cmocka_unit_test(rejects_wrong_channel),
		cmocka_unit_test(rejects_bad_xml),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
