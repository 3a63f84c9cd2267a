/*
 * test_html.c - the page's read-back check: what it accepts and each
 * thing it must refuse.
 */
#include "test_check.h"

#include "html.h"

static struct crier_entry entries[2];
static const struct crier_entry *published[2];
static struct crier_feed feed;

/* A feed of two entries, a and b: the page must hold both anchors. */
static int
setup_feed(void **state)
{
	(void)state;
	memset(&feed, 0, sizeof(feed));
	memset(entries, 0, sizeof(entries));
	entries[0].id = "a";
	entries[1].id = "b";
	published[0] = &entries[0];
	published[1] = &entries[1];
	feed.published = published;
	feed.published_count = 2;
	return 0;
}

static const char page[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
	"<title>t</title></head>\n<body><div class=\"entry\" id=\"a\">"
	"<p>x</p><section>y</section></div>\n<table><tbody>"
	"<tr id=\"b\"><th scope=\"row\">b</th></tr></tbody></table>"
	"</body></html>\n";

/* The page checker passes a page with every anchor, new tags and all. */
static void
test_html_check_passes(void **state)
{
	(void)state;
	assert_null(check_verdict(crier_check_html_new, &feed, page));
}

/* It refuses a lost or doubled anchor, bad nesting and no lang. */
static void
test_html_check_refuses(void **state)
{
	static const struct {
		const char *from, *to, *says;
	} cases[] = {
		{"<tr id=\"b\">", "<tr>", "no element has the id b"},
		{"<p>x</p>", "<p id=\"a\">x</p>", "two elements have the id a"},
		{"<p>x</p>", "<p>x</div>", "the parser rejects"},
		{"<html lang=\"en\">", "<html>", "lang"},
	};
	char *bad, *says;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		bad = replaced(page, cases[i].from, cases[i].to);
		says = check_verdict(crier_check_html_new, &feed, bad);
		if (says == NULL || strstr(says, cases[i].says) == NULL)
			fail_msg("case %zu: %s", i, says ? says : "passed");
		free(says);
		free(bad);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_html_check_passes, setup_feed),
		cmocka_unit_test_setup(test_html_check_refuses, setup_feed),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	crier_cleanup();
	return rc;
}
