/*
 * test_baseurl.c - relative links in entry HTML made absolute for the
 * feeds without xml:base (baseurl.h).
 */
#include "test_common.h"

#include "baseurl.h"
#include "buf.h"

#define BASE "https://example.org/site/"

static void
expect(const char *html, const char *want)
{
	struct crier_buf got = {0};

	crier_buf_puts(&got, html);
	crier_html_resolve(&got, BASE);
	assert_string_equal(got.data != NULL ? got.data : "", want);
	crier_buf_free(&got);
}

/* Relative href and src resolve as RFC 3986 says, quoted with '"'. */
static void
resolves_relative_links(void **state)
{
	(void)state;
	expect("<p><a href=\"slides/one.pdf\">s</a></p>",
	       "<p><a href=\"" BASE "slides/one.pdf\">s</a></p>");
	expect("<img src=\"/img/a.png\" alt=\"x\" />",
	       "<img src=\"https://example.org/img/a.png\" alt=\"x\" />");
	expect("<a href=\"#top\">", "<a href=\"" BASE "#top\">");
	expect("<a href=\"../up?a=1&amp;b=2\">",
	       "<a href=\"https://example.org/up?a=1&amp;b=2\">");
	expect("<a href=\"//cdn.example.net/x\">",
	       "<a href=\"https://cdn.example.net/x\">");
	expect("<A HREF='x'>", "<A HREF=\"" BASE "x\">");
	expect("<a title=x href=y>", "<a title=x href=\"" BASE "y\">");
	expect("<a\nhref = \"y\"\n>", "<a\nhref = \"" BASE "y\"\n>");
}

/* Absolute links, other attributes, text and comments stay as they are. */
static void
leaves_the_rest(void **state)
{
	(void)state;
	expect("<a href=\"https://x.org/a\">", "<a href=\"https://x.org/a\">");
	expect("<a href=\"mailto:a@b.c\">", "<a href=\"mailto:a@b.c\">");
	expect("<a class=\"x\" data-href=\"y\">",
	       "<a class=\"x\" data-href=\"y\">");
	expect("href=\"y\" &lt;a href=\"y\"&gt;",
	       "href=\"y\" &lt;a href=\"y\"&gt;");
	expect("<!-- <a href=\"y\"> --><br>", "<!-- <a href=\"y\"> --><br>");
	expect("a < b <3 </p>", "a < b <3 </p>");
	expect("<a href=\"&copy;\">", "<a href=\"&copy;\">");
	/*
	 * Feeds may not link relatively: an empty link is the base, as
	 * browsers take it, and one that is not a URI is escaped first.
	 */
	expect("<a href=\"\">", "<a href=\"" BASE "\">");
	expect("<img src=''>", "<img src=\"" BASE "\">");
	expect("<a href=\"a b\">", "<a href=\"" BASE "a%20b\">");
	/* IRIs become URIs: an IDNA host, percent-encoded UTF-8. */
	expect("<a href=\"https://b%C3%BCcher.example/\">",
	       "<a href=\"https://xn--bcher-kva.example/\">");
	expect("<a href=\"ü/ä\">", "<a href=\"" BASE "%C3%BC/%C3%A4\">");
	expect("", "");
	/* Cut short: copied, never read past the end. */
	expect("<a href=\"y", "<a href=\"" BASE "y\"");
	expect("<a href=", "<a href=\"" BASE "\"");
	expect("<!-- open", "<!-- open");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolves_relative_links),
		cmocka_unit_test(leaves_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
