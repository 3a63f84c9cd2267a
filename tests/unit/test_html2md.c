/*
 * test_html2md.c - a schedule's text as Markdown: HTML converted (escaped
 * once or twice), Markdown-ish text kept, and never raw HTML or a
 * character the record reader refuses.
 *
 * Expected Markdown is written out in full; where the point is what a
 * reader sees, the Markdown is rendered with cmark, as crier does.
 */
#include "test_common.h"

#include <cmark.h>

#include "buf.h"
#include "html2md.h"

static char *
md_of_html(const char *html)
{
	struct crier_buf out = {0};

	crier_html_to_markdown(html, strlen(html), &out);
	return crier_buf_take(&out);
}

static void
assert_html_md(const char *html, const char *want)
{
	char *md = md_of_html(html);

	if (strcmp(md, want) != 0)
		fail_msg("HTML:\n%s\ngave:\n%s\nwanted:\n%s", html, md, want);
	free(md);
}

static void
assert_text_md(const char *text, const char *want)
{
	char *md = crier_schedule_text_markdown(text);

	if (strcmp(md, want) != 0)
		fail_msg("text:\n%s\ngave:\n%s\nwanted:\n%s", text, md, want);
	free(md);
}

/* Whether cmark, reading MD, finds raw HTML anywhere. */
static int
has_raw_html(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), 0);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int found = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));

		found |= t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return found;
}

/* What a reader gets: the Markdown rendered by cmark. */
static char *
rendered(const char *md)
{
	return cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
}

/* Paragraphs, emphasis, strong, code and links become their Markdown. */
static void
test_inline(void **state)
{
	(void)state;
	assert_html_md("<p>Hello <em>world</em> and <strong>friends</strong>, "
	               "<i>i</i> <b>b</b>.</p><p>Second <code>int *p</code> "
	               "<a href=\"https://example.org/a b\">link</a>.</p>",
	               "Hello *world* and **friends**, *i* **b**.\n"
	               "\n"
	               "Second `int *p` [link](https://example.org/a%20b).\n");
	/* Whitespace moves outside emphasis; empty emphasis vanishes. */
	assert_html_md("<p>a<em> b </em>c<strong></strong>d</p>",
	               "a *b* cd\n");
	/* A backtick in code takes a longer fence. */
	assert_html_md("<p><code>a`b</code></p>", "``a`b``\n");
	/* A link without text shows its URL. */
	assert_html_md("<p><a href=\"https://x.org/\"></a></p>",
	               "[https://x.org/](https://x.org/)\n");
	/* Line breaks: one is a hard break, two end the paragraph. */
	assert_html_md("<p>one<br>two<br><br>three</p>",
	               "one\\\ntwo\n\nthree\n");
}

/* Lists keep their nesting, numbering and loose items. */
static void
test_lists(void **state)
{
	char *md, *html;

	(void)state;
	assert_html_md("<p>Intro</p><ul><li>one</li><li>two<ul><li>nested "
	               "<b>bold</b></li><li>n2<ol><li>deep</li></ol></li></ul>"
	               "after</li><li>three</li></ul>",
	               "Intro\n"
	               "\n"
	               "- one\n"
	               "- two\n"
	               "  - nested **bold**\n"
	               "  - n2\n"
	               "    1. deep\n"
	               "\n"
	               "  after\n"
	               "- three\n");
	assert_html_md("<ol start=\"9\"><li>nine</li><li><p>ten a</p>"
	               "<p>ten b</p></li></ol>",
	               "9. nine\n"
	               "10. ten a\n"
	               "\n"
	               "    ten b\n");
	/* Two lists in a row stay two lists. */
	assert_html_md("<ul><li>a</li></ul><ul><li>b</li></ul>",
	               "- a\n\n* b\n");
	/* And the reader sees the same nesting as the HTML had. */
	md = md_of_html("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li>"
	                "<li>d</li></ul>");
	html = rendered(md);
	assert_string_equal(html, "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n"
	                    "</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n");
	free(html);
	free(md);
}

/* Block quotes, headings, preformatted text and rules. */
static void
test_blocks(void **state)
{
	(void)state;
	assert_html_md("<blockquote><p>quoted</p><ul><li>item</li></ul>"
	               "</blockquote><h2>Title <i>x</i></h2><hr><pre>\n"
	               "code &lt;x&gt; ```\n  indented</pre>",
	               "> quoted\n"
	               ">\n"
	               "> - item\n"
	               "\n"
	               "## Title *x*\n"
	               "\n"
	               "* * *\n"
	               "\n"
	               "````\n"
	               "code <x> ```\n"
	               "  indented\n"
	               "````\n");
}

/* Text never turns into Markdown syntax by accident. */
static void
test_escapes(void **state)
{
	(void)state;
	assert_html_md("<p># no heading</p><p>- no list</p><p>1. no list</p>"
	               "<p>2018) no list</p><p>&gt; no quote</p>",
	               "\\# no heading\n\n\\- no list\n\n1\\. no list\n\n"
	               "2018\\) no list\n\n\\> no quote\n");
	assert_html_md("<p>*a* _b_ snake_case [c] `d` \\ &lt;e&gt; &amp;amp; "
	               "AT&amp;T</p>",
	               "\\*a\\* \\_b\\_ snake_case \\[c\\] \\`d\\` \\\\ \\<e> "
	               "\\&amp; AT&T\n");
}

/* Scripts, styles and unsafe links go; their text does not leak. */
static void
test_unsafe(void **state)
{
	char *md;

	(void)state;
	assert_html_md("<p>a<script>alert(1)</script><style>p{}</style> "
	               "<a href=\"javascript:alert(2)\">click</a> "
	               "<a href=\"/relative\">rel</a> <img src=\"https://x.org/p.png\" "
	               "alt=\"pic\"> <img src=\"data:x\" alt=\"inline\"></p>",
	               "a click rel [pic](https://x.org/p.png) inline\n");
	md = md_of_html("<p onclick=\"x()\">t</p><iframe src=\"https://x\">"
	                "</iframe><object>o</object><div><span>s</span></div>");
	assert_false(has_raw_html(md));
	assert_string_equal(md, "t\n\ns\n");
	free(md);
}

/* Pentabarf's abstracts, HTML escaped as text, once or twice. */
static void
test_escaped_html(void **state)
{
	(void)state;
	assert_text_md("<p>Plain &amp; simple &eacute;</p>",
	               "Plain & simple \xC3\xA9\n");
	assert_text_md("&lt;p&gt;Twice &amp;amp; &lt;b&gt;bold&lt;/b&gt;"
	               "&lt;/p&gt;", "Twice & **bold**\n");
	/* Escaped text that is no HTML stays as it was. */
	assert_text_md("1 &lt; 2", "1 &lt; 2\n");
}

/* frab and pretalx give Markdown-ish text: kept, raw HTML escaped. */
static void
test_markdown_kept(void **state)
{
	char *md;

	(void)state;
	assert_text_md("\n\nA **Markdown** text:\n\n- one\n- two\n\n\n",
	               "A **Markdown** text:\n\n- one\n- two\n");
	assert_text_md("Raw <b>bold</b>, `<code>` and <https://x.org> stay;\n"
	               "```\n<pre> in a fence\n```\n<!-- c --> 1 < 2",
	               "Raw \\<b>bold\\</b>, `<code>` and <https://x.org> stay;\n"
	               "```\n<pre> in a fence\n```\n\\<!-- c --> 1 < 2\n");
	md = crier_schedule_text_markdown("<div>\n<script>x</script>\n</div>\n"
	                                  "<iframe src=x>");
	assert_false(has_raw_html(md));
	free(md);
}

/* Line ends become LF; characters records refuse are dropped. */
static void
test_characters(void **state)
{
	struct crier_buf b = {0};

	(void)state;
	assert_text_md("a\r\nb\rc\x01\x7F" "d\xC2\x85" "e\xEF\xBF\xBE", "a\nb\ncde\n");
	crier_text_fold(&b, "  Title\n\t of \xC2\xA0 a\x02 talk  ");
	assert_string_equal(b.data, "Title of a talk");
	crier_buf_free(&b);
	/* Other Unicode spaces stay inside, but go from both ends. */
	crier_text_fold(&b, "\xE3\x80\x80T\xE3\x80\x80t\xE2\x80\xA8 \xE3\x80\x80");
	assert_string_equal(b.data, "T\xE3\x80\x80t");
	crier_buf_free(&b);
	/*
	 * Invalid UTF-8 (which libxml2 never gives) and U+FFFD go: a record
	 * may not hold the replacement character.
	 */
	crier_text_fold(&b, "a\xFF" "b\xEF\xBF\xBD" "c");
	assert_string_equal(b.data, "abc");
	crier_buf_free(&b);
	/* Noncharacters of every plane go, as the record reader wants. */
	assert_text_md("a\xEF\xB7\x90" "b\xF0\x9F\xBF\xBE" "c", "abc\n");
	/*
	 * In a link's URL a C1 control is percent-encoded byte by byte;
	 * other UTF-8 stays as it is.
	 */
	assert_html_md("<p><a href=\"https://x.org/\xC2\x8D\xC3\xA9\">y</a></p>",
	               "[y](https://x.org/%C2%8D\xC3\xA9)\n");
}

/* Whatever the input, the result holds no raw HTML. */
static void
test_never_raw_html(void **state)
{
	static const char *const inputs[] = {
		"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
		"&lt;p&gt;&amp;lt;img src=x onerror=alert(1)&amp;gt;&lt;/p&gt;",
		"<p><code>&lt;b&gt;</code><pre>&lt;i&gt;</pre></p>",
		"<ul><li><a href=\"https://x.org/&quot;&gt;&lt;b&gt;\">x</a></li></ul>",
		"text <a href=x>y</a> <!-- c --> <?pi?> <![CDATA[z]]>",
		"<p>a</p>\n<div>\n\n<b>x</b>\n</div>",
		"``` \n<b>\n```\n<i>",
	};
	size_t i;
	char *md;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		md = crier_schedule_text_markdown(inputs[i]);
		if (has_raw_html(md))
			fail_msg("raw HTML from \"%s\":\n%s", inputs[i], md);
		free(md);
	}
}

/* HTML nested LEVELS deep, "bottom" at the bottom, as Markdown. */
static char *
md_of_nesting(int levels)
{
	struct crier_buf html = {0};
	char *md;
	int i;

	for (i = 0; i < levels; i++)
		crier_buf_puts(&html, i % 2 ? "<div>" : "<ul><li>");
	crier_buf_puts(&html, "bottom");
	md = md_of_html(html.data);
	crier_buf_free(&html);
	return md;
}

/*
 * Deep nesting: past crier's own limit the markup goes and the text
 * stays; past libxml2's (256 elements) the parser stops.  Either way no
 * crash, no deep recursion, no raw HTML.
 */
static void
test_deep_nesting(void **state)
{
	char *md;

	(void)state;
	md = md_of_nesting(100);
	assert_non_null(strstr(md, "bottom"));
	assert_false(has_raw_html(md));
	free(md);
	md = md_of_nesting(100000);
	assert_false(has_raw_html(md));
	free(md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_unsafe),
		cmocka_unit_test(test_escaped_html),
		cmocka_unit_test(test_markdown_kept),
		cmocka_unit_test(test_characters),
		cmocka_unit_test(test_never_raw_html),
		cmocka_unit_test(test_deep_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
