/*
 * test_html.c - the page's read-back check: what it accepts and each
 * thing it must refuse; and entry HTML, made in cmark's memory of our
 * own (mdarena.h), as cmark makes it in its own.
 */
#include <pthread.h>

#include <cmark.h>

#include "test_check.h"

#include "buf.h"
#include "content.h"
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

/*
 * Text is shown to the parser cut short; tags, references and anchors
 * are not, even after a '>' or a quote inside an attribute value.
 */
static void
test_html_check_passes_text_cut_short(void **state)
{
	static const char *const edits[][2] = {
		{"<p>x</p>", "<p>Long plain text &amp; more, &#x263A; &eacute;"
		 " &lt;b&gt; 'quoted' \"too\"</p>"},
		{"<tr id=\"b\">", "<tr title=\"x > y 'z'\" id=\"b\">"},
		{"<tr id=\"b\">", "<tr title='x \"> y' id=\"b\">"},
		{"<p>x</p>", "<p>x</p><!-- a > b, and a long comment -->"},
	};
	char *good, *says;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(edits) / sizeof(*edits); i++) {
		good = replaced(page, edits[i][0], edits[i][1]);
		says = check_verdict(crier_check_html_new, &feed, good);
		if (says != NULL)
			fail_msg("edit %zu: %s", i, says);
		free(good);
	}
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
		/* In text, whose runs the parser is shown cut short. */
		{"<p>x</p>", "<p>Long plain text, then &bogus and more</p>",
		 "the parser rejects"},
		{"<p>x</p>", "<p>Long plain text, then \x01 and more</p>",
		 "the parser rejects"},
		{"<p>x</p>", "<p>Long plain text</div> and more</p>",
		 "the parser rejects"},
		{"<tr id=\"b\">", "<tr title=\"x > y\" data-id=\"b\">",
		 "no element has the id b"},
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

/*
 * Bodies whose rendering takes many small blocks, buffers that outgrow
 * a block, and buffers that grow in place: each as cmark renders it.
 */
static char *
shape(int i)
{
	struct crier_buf b = {0};
	int k;

	switch (i) {
	case 0:
		crier_buf_puts(&b, "Plain *emphasis* and `code`, [a link]"
		               "(https://example.org/).\n");
		break;
	case 1:   /* one code block of 200 kB: a buffer past a block */
		crier_buf_puts(&b, "```\n");
		for (k = 0; k < 4000; k++)
			crier_buf_puts(&b, "int x = 1; /* <b> & </b> */ x++;"
			               " x--; return x;\n");
		crier_buf_puts(&b, "```\n");
		break;
	case 2:   /* thousands of nodes */
		for (k = 0; k < 3000; k++)
			crier_buf_printf(&b, "- item *%d* with [ref][r%d]\n", k,
			                 k % 7);
		for (k = 0; k < 7; k++)
			crier_buf_printf(&b, "\n[r%d]: https://example.org/%d\n",
			                 k, k);
		break;
	case 3:   /* nesting */
		for (k = 0; k < 60; k++)
			crier_buf_puts(&b, "> ");
		crier_buf_puts(&b, "deep\n");
		break;
	default:  /* one paragraph that grows and grows */
		for (k = 0; k < 20000; k++)
			crier_buf_puts(&b, "word _em_ ");
		crier_buf_puts(&b, "\n");
		break;
	}
	return b.data;
}

#define SHAPES 5

static int
same_as_cmark(int i)
{
	char *md = shape(i), *theirs;
	struct crier_buf ours = {0};
	int same;

	crier_markdown_add_html(&feed, md, strlen(md), &ours);
	theirs = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
	same = strcmp(ours.data != NULL ? ours.data : "", theirs) == 0;
	crier_buf_free(&ours);
	free(theirs);
	free(md);
	return same;
}

static void
test_markdown_as_cmark(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < SHAPES; i++)
		if (!same_as_cmark(i))
			fail_msg("shape %d renders otherwise", i);
}

static void *
render_shapes(void *failed)
{
	int i, round;

	for (round = 0; round < 3; round++)
		for (i = 0; i < SHAPES; i++)
			if (!same_as_cmark(i))
				*(int *)failed = 1;
	return NULL;
}

/* Each thread renders in memory of its own: two at once, as in a build. */
static void
test_markdown_two_threads(void **state)
{
	pthread_t t;
	int failed[2] = {0, 0};

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, render_shapes, &failed[0]),
	                 0);
	render_shapes(&failed[1]);
	pthread_join(t, NULL);
	assert_int_equal(failed[0] + failed[1], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_html_check_passes, setup_feed),
		cmocka_unit_test_setup(test_html_check_refuses, setup_feed),
		cmocka_unit_test_setup(test_html_check_passes_text_cut_short,
		                       setup_feed),
		cmocka_unit_test_setup(test_markdown_as_cmark, setup_feed),
		cmocka_unit_test_setup(test_markdown_two_threads, setup_feed),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	crier_cleanup();
	return rc;
}
