/*
 * test_html.c - the page's read-back check: what it accepts and each
 * thing it must refuse.
 */
#include "test_common.h"

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

/* Runs the checker over TEXT; returns its message, or NULL if it passed. */
static char *
verdict(const char *text)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_check *check = crier_check_html_new(&feed, "index.html");
	size_t i, len = strlen(text);
	char *message = NULL;

	/* In small pieces, as the pipe hands them over. */
	for (i = 0; i < len; i += 7)
		check->push(check, text + i, len - i < 7 ? len - i : 7);
	if (check->finish(check, diags) != 0) {
		assert_int_equal(crier_diags_count(diags), 1);
		message = strdup(crier_diags_get(diags, 0)->message);
	}
	crier_diags_free(diags);
	return message;
}

/* TEXT with the first FROM replaced by TO; free() it. */
static char *
replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	assert_non_null(at);
	out = malloc(strlen(text) + strlen(to) + 1);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
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
	assert_null(verdict(page));
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
		says = verdict(bad);
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
