/*
 * test_feedrules.c - the W3C feed validator's rules that the self-check
 * of the XML outputs enforces (xmlcheck.h): a good Atom and RSS document
 * pass, and each planted defect is refused.
 */
#include "test_check.h"

#include "rss.h"

#define ID1 "tag:example.org,2020:t/one"

static struct crier_feed feed;
static struct crier_entry entry;
static const struct crier_entry *published[1];

static const struct crier_feed *
one_entry(void)
{
	memset(&feed, 0, sizeof(feed));
	memset(&entry, 0, sizeof(entry));
	entry.uri = ID1;
	entry.file = "one.md";
	published[0] = &entry;
	feed.published = published;
	feed.published_count = 1;
	return &feed;
}

static const char atom[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
	"<id>tag:example.org,2020:t</id><title>T</title>"
	"<updated>2020-01-01T00:00:00Z</updated>"
	"<link rel=\"alternate\" href=\"https://example.org/\"/>\n"
	"<entry><id>" ID1 "</id><title type=\"text\">One</title>"
	"<updated>2020-01-01T00:00:00Z</updated>"
	"<category term=\"talk\"/>"
	"<content type=\"html\">&lt;p&gt;&lt;a href=\"https://example.org/x\"&gt;"
	"x&lt;/a&gt; &lt;img src='https://example.org/i.png'&gt;&lt;/p&gt;"
	"</content></entry>\n</feed>\n";

static const char rss[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\"><channel><title>T</title>"
	"<link>https://example.org/</link><description>D</description>"
	"<pubDate>Wed, 01 Jan 2020 00:00:00 GMT</pubDate>\n"
	"<item><title>One</title><link>https://example.org/one</link>"
	"<description>&lt;p&gt;&lt;a href=\"https://example.org/x\"&gt;x&lt;/a&gt;"
	"&lt;/p&gt;</description>"
	"<guid isPermaLink=\"false\">" ID1 "</guid>"
	"<pubDate>Wed, 01 Jan 2020 00:00:00 GMT</pubDate></item>\n"
	"</channel></rss>\n";

/* The verdict on TEXT with FROM replaced by TO: NULL when it passes. */
static char *
planted(crier_check_new_fn *check_new, const char *text, const char *from,
        const char *to)
{
	char *bad = replaced(text, from, to), *verdict;

	verdict = check_verdict(check_new, one_entry(), bad);
	free(bad);
	return verdict;
}

static void
refused(crier_check_new_fn *check_new, const char *text, const char *from,
        const char *to, const char *why)
{
	char *verdict = planted(check_new, text, from, to);

	if (verdict == NULL)
		fail_msg("not refused: %s", to);
	assert_non_null(strstr(verdict, why));
	free(verdict);
}

static void
accepts_good_documents(void **state)
{
	(void)state;
	assert_null(check_verdict(crier_check_atom_new, one_entry(), atom));
	assert_null(check_verdict(crier_check_rss_new, one_entry(), rss));
}

/* SameDocumentReference: no xml:base, anywhere. */
static void
refuses_xml_base(void **state)
{
	(void)state;
	refused(crier_check_atom_new, atom, "xml:lang=\"en\"",
	        "xml:lang=\"en\" xml:base=\"https://example.org/\"", "xml:base");
	refused(crier_check_atom_new, atom, "<entry>",
	        "<entry xml:base=\"https://example.org/\">", "xml:base");
}

/* ContainsRelRef, UriNotIri: links are absolute ASCII URIs. */
static void
refuses_relative_and_iri_links(void **state)
{
	(void)state;
	refused(crier_check_atom_new, atom, "href=\"https://example.org/\"",
	        "href=\"/\"", "not an absolute URI");
	refused(crier_check_atom_new, atom, "href=\"https://example.org/\"",
	        "href=\"https://bücher.example/\"", "not an absolute URI");
	refused(crier_check_rss_new, rss, "<link>https://example.org/one</link>",
	        "<link>news/one.html</link>", "not an absolute URI");
	refused(crier_check_rss_new, rss, "<link>https://example.org/one</link>",
	        "<link>https://example.org/straße</link>", "not an absolute URI");
	/* Inside escaped HTML: an empty or relative href or src. */
	refused(crier_check_atom_new, atom, "href=\"https://example.org/x\"",
	        "href=\"\"", "a link in HTML");
	refused(crier_check_atom_new, atom, "src='https://example.org/i.png'",
	        "src=''", "a link in HTML");
	refused(crier_check_rss_new, rss, "href=\"https://example.org/x\"",
	        "href=\"x.html\"", "a link in HTML");
	refused(crier_check_atom_new, atom, "href=\"https://example.org/x\"",
	        "HREF=\"x.html\"", "a link in HTML");
	/* An IRI in raw HTML is absolute all the same. */
	assert_null(planted(crier_check_atom_new, atom, "https://example.org/x",
	    "mailto:zoë@example.org"));
}

/*
 * A character no feed may carry, though XML may (C1, DEL, a
 * noncharacter such as U+FDD0), is found at
 * any place in a long text, which the check reads eight bytes a step;
 * tabs and line ends there are text.
 */
static void
refuses_unwritable_characters(void **state)
{
	static const char *const bad[] = {"\xC2\x85", "\x7F", "\xEF\xB7\x90"};
	char title[128], *verdict;
	size_t i, at;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		for (at = 0; at < 17; at++) {
			snprintf(title, sizeof(title), ">%.*s%s%s<", (int)at,
			         "abcdefghijklmnopqrstuvwxyz", bad[i],
			         "0123456789012345678901234");
			verdict = planted(crier_check_atom_new, atom, ">One<",
			                  title);
			if (verdict == NULL || strstr(verdict,
			    "a character no feed may carry") == NULL)
				fail_msg("case %zu at %zu: %s", i, at,
				         verdict != NULL ? verdict : "passed");
			free(verdict);
		}
	}
	assert_null(planted(crier_check_atom_new, atom, ">One<",
	    ">One\ttwo three four\nfive six seven\r\neight ~ caf\xC3\xA9<"));
}

/* NotBlank: text elements are never empty. */
static void
refuses_blank_elements(void **state)
{
	(void)state;
	refused(crier_check_atom_new, atom, "<content type=\"html\">",
	        "<content type=\"html\"></content><summary type=\"html\">",
	        "<content> is blank");
	refused(crier_check_atom_new, atom, "<title type=\"text\">One</title>",
	        "<title type=\"text\"> </title>", "<title> is blank");
	/* The validator strips the Unicode spaces too (no-break, U+2028). */
	refused(crier_check_atom_new, atom, "<title type=\"text\">One</title>",
	        "<title type=\"text\">\xC2\xA0\xE2\x80\xA8</title>",
	        "<title> is blank");
	refused(crier_check_rss_new, rss, "<description>&lt;p&gt;",
	        "<description></description><content:encoded "
	        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">&lt;p&gt;",
	        "<description> is blank");
}

/* BadCharacters: no C1 control, U+FFFD or noncharacter, in text or attributes. */
static void
refuses_bad_characters(void **state)
{
	(void)state;
	refused(crier_check_atom_new, atom, ">One<", ">One\xc2\x85<",
	        "no feed may carry");
	refused(crier_check_atom_new, atom, ">One<", ">One\xef\xbf\xbd<",
	        "no feed may carry");
	refused(crier_check_atom_new, atom, ">One<", ">One\xef\xb7\x90<",
	        "no feed may carry");
	refused(crier_check_atom_new, atom, ">One<", ">One\xf0\x9f\xbf\xbe<",
	        "no feed may carry");
	refused(crier_check_rss_new, rss, "<title>One", "<title>One&#x9F;",
	        "no feed may carry");
	refused(crier_check_atom_new, atom, "term=\"talk\"",
	        "term=\"ta\xc2\x9flk\"", "no feed may carry");
}

/* ProblematicalRFC822Date: RSS dates are in GMT. */
static void
refuses_rss_dates_with_offsets(void **state)
{
	(void)state;
	refused(crier_check_rss_new, rss,
	        "<pubDate>Wed, 01 Jan 2020 00:00:00 GMT</pubDate></item>",
	        "<pubDate>Wed, 01 Jan 2020 05:45:00 +0545</pubDate></item>",
	        "RFC 822");
}

/* MissingTextualContent, MissingContentOrAlternate (RFC 4287 4.1.1). */
static void
refuses_entry_without_content_or_summary(void **state)
{
	(void)state;
	refused(crier_check_atom_new, atom,
	        "<content type=\"html\">&lt;p&gt;&lt;a href=\"https://example.org/x\"&gt;"
	        "x&lt;/a&gt; &lt;img src='https://example.org/i.png'&gt;&lt;/p&gt;"
	        "</content>", "", "no content");
	refused(crier_check_atom_new, atom,
	        "<content type=\"html\">&lt;p&gt;&lt;a href=\"https://example.org/x\"&gt;"
	        "x&lt;/a&gt; &lt;img src='https://example.org/i.png'&gt;&lt;/p&gt;"
	        "</content>", "<summary>S</summary>", "no content");
}

/*
 * ContainsUndeclaredHTML, ContainsHTML: Atom plain text, a text construct
 * of type "text" or a category label, that the validator reads as HTML.
 */
static void
refuses_plain_text_that_reads_as_html(void **state)
{
	char *verdict;

	(void)state;
	refused(crier_check_atom_new, atom, "<title type=\"text\">One</title>",
	        "<title type=\"text\">&lt;b&gt;One&lt;/b&gt;</title>",
	        "reads as HTML");
	refused(crier_check_atom_new, atom, "<title type=\"text\">One</title>",
	        "<title>Fish &amp;amp; chips</title>", "reads as HTML");
	refused(crier_check_atom_new, atom, "<category term=\"talk\"/>",
	        "<category term=\"t\" label=\"&lt;i&gt;t&lt;/i&gt;\"/>",
	        "reads as HTML");
	refused(crier_check_atom_new, atom, "<category term=\"talk\"/>",
	        "<link rel=\"enclosure\" href=\"https://example.org/a.pdf\" "
	        "title=\"&lt;b&gt;A&lt;/b&gt;\"/>", "reads as HTML");
	/* Escaped as HTML, or an '&' that starts no reference: fine. */
	verdict = planted(crier_check_atom_new, atom,
	                  "<title type=\"text\">One</title>",
	                  "<title type=\"html\">&amp;lt;b&amp;gt;</title>");
	assert_null(verdict);
	verdict = planted(crier_check_atom_new, atom, "<category term=\"talk\"/>",
	                  "<category term=\"at&amp;t\" label=\"AT&amp;T &amp; "
	                  "Fish &#38; Chips\"/>");
	assert_null(verdict);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_good_documents),
		cmocka_unit_test(refuses_unwritable_characters),
		cmocka_unit_test(refuses_xml_base),
		cmocka_unit_test(refuses_relative_and_iri_links),
		cmocka_unit_test(refuses_blank_elements),
		cmocka_unit_test(refuses_bad_characters),
		cmocka_unit_test(refuses_rss_dates_with_offsets),
		cmocka_unit_test(refuses_entry_without_content_or_summary),
		cmocka_unit_test(refuses_plain_text_that_reads_as_html),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
