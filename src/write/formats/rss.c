/*
 * rss.c - the RSS 2.0 feed (https://www.rssboard.org/rss-specification),
 * written with libxml2's xmlTextWriter from the feed model.
 *
 * Choices made for the W3C feed validator and for readers, following the
 * RSS Advisory Board's Best Practices Profile:
 * - plain text (title, category, dc:creator, ...) has '&', '<' and '>'
 *   written as hexadecimal character references (&#x26; &#x3C; &#x3E;).
 *   The profile asks for this, and the validator takes a line holding
 *   "&#x" as text that merely contains those characters, where "&amp;"
 *   would earn a warning that the title may contain HTML.  libxml2's
 *   writer only knows "&amp;", so these elements are written raw after
 *   escaping them here; the model guarantees clean UTF-8 without the
 *   characters XML forbids, so nothing else needs escaping;
 * - description (the Summary, else the whole HTML) comes before
 *   content:encoded, which always holds the whole HTML: the validator
 *   warns when content:encoded comes first;
 * - people are dc:creator elements, one per author or speaker, and never
 *   also <author>, which RSS wants as an e-mail address and which the
 *   validator reports as duplicate semantics next to dc:creator;
 * - the guid is the entry's tag: URI, never a link, so isPermaLink is
 *   "false": it never changes once published, whatever Link says;
 * - pubDate says when the record was published; a talk's own time goes in
 *   the RSS 1.0 event module elements, as in the Atom feed;
 * - relative links in bodies are made absolute against the feed's Link;
 * - dates are RFC 822 with four-digit years, always in GMT, which no
 *   validator questions.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "content.h"
#include "enclosure.h"
#include "render.h"
#include "stylesheet.h"
#include "rss.h"
#include "xmlattr.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define CONTENT_NS "http://purl.org/rss/1.0/modules/content/"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define EVENT_NS "http://purl.org/rss/1.0/modules/event/"
#define HISTORY_NS "http://purl.org/syndication/history/1.0"
#define RSS_DOCS "https://www.rssboard.org/rss-specification"
#define X(s) ((const xmlChar *)(s))

struct rss {
	xmlTextWriterPtr w;
	const struct crier_feed *feed;
	int failed;   /* a writer call failed: the output is unusable */
};

/* Every xmlTextWriter call goes through this, so one failure is kept. */
static void
ok(struct rss *r, int rc)
{
	if (rc < 0)
		r->failed = 1;
}

/* A plain-text element; nothing when TEXT is NULL. */
static void
text_element(struct rss *r, const char *name, const char *text)
{
	struct crier_buf escaped = {0};

	if (text == NULL)
		return;
	crier_buf_plain_text(&escaped, text);
	ok(r, xmlTextWriterStartElement(r->w, X(name)));
	ok(r, xmlTextWriterWriteRaw(r->w, X(escaped.data != NULL ?
	                                     escaped.data : "")));
	ok(r, xmlTextWriterEndElement(r->w));
	crier_buf_free(&escaped);
}

/* An element holding HTML, in CDATA sections (xmlattr.h). */
static void
html_element(struct rss *r, const char *name, const char *html)
{
	ok(r, xmlTextWriterStartElement(r->w, X(name)));
	crier_xml_write_html(r->w, html, &r->failed);
	ok(r, xmlTextWriterEndElement(r->w));
}

static void
rfc822_element(struct rss *r, const char *name, struct crier_time t)
{
	char buf[CRIER_RFC822_SIZE];

	crier_time_rfc822(t, buf);
	text_element(r, name, buf);
}

static void
rfc3339_element(struct rss *r, const char *name, struct crier_time t)
{
	char buf[CRIER_RFC3339_SIZE];

	crier_time_rfc3339(t, buf);
	text_element(r, name, buf);
}

static void
atom_link(struct rss *r, const char *rel, const char *type, const char *href)
{
	ok(r, xmlTextWriterStartElement(r->w, X("atom:link")));
	ok(r, xmlTextWriterWriteAttribute(r->w, X("rel"), X(rel)));
	if (type != NULL)
		ok(r, xmlTextWriterWriteAttribute(r->w, X("type"), X(type)));
	ok(r, xmlTextWriterWriteAttribute(r->w, X("href"), X(href)));
	ok(r, xmlTextWriterEndElement(r->w));
}

static void
item_creators(struct rss *r, const struct crier_entry *e)
{
	size_t i;

	for (i = 0; i < e->people_count; i++)
		text_element(r, "dc:creator", e->people[i].name);
}

static void
item_categories(struct rss *r, const struct crier_entry *e)
{
	size_t i;

	if (e->kind == CRIER_TALK)
		text_element(r, "category", "talk");
	text_element(r, "category", e->track);
	for (i = 0; i < e->category_count; i++)
		text_element(r, "category", e->categories[i]);
}

/* When and where the event is: a talk's room, then the location. */
static void
item_event(struct rss *r, const struct crier_entry *e)
{
	if (!e->has_event_time)
		return;
	rfc3339_element(r, "ev:startdate", e->starts);
	/* A single moment has no end, as in the Atom feed. */
	if (e->ends.epoch_s != e->starts.epoch_s)
		rfc3339_element(r, "ev:enddate", e->ends);
	text_element(r, "ev:location", e->place);
}

static void
write_item(struct rss *r, const struct crier_entry *e, const char *html)
{
	struct crier_buf summary = {0};

	ok(r, xmlTextWriterStartElement(r->w, X("item")));
	text_element(r, "title", e->title);
	text_element(r, "link", e->link);
	/*
	 * description is HTML: a plain-text Summary is made HTML first, and
	 * the whole content follows in content:encoded.  Without a Summary
	 * the content is the description: readers show one or the other,
	 * and the same HTML twice would double the feed.
	 */
	if (e->summary != NULL) {
		crier_buf_html(&summary, e->summary);
		html_element(r, "description", summary.data);
		crier_buf_free(&summary);
	}
	/* A blank element earns a warning: an empty body has none. */
	if (!crier_html_is_blank(html))
		html_element(r, e->summary != NULL ? "content:encoded" :
		             "description", html);
	item_creators(r, e);
	item_categories(r, e);
	ok(r, crier_enclosure_rss(r->w, e));
	ok(r, xmlTextWriterStartElement(r->w, X("guid")));
	ok(r, xmlTextWriterWriteAttribute(r->w, X("isPermaLink"), X("false")));
	ok(r, xmlTextWriterWriteString(r->w, X(e->uri)));
	ok(r, xmlTextWriterEndElement(r->w));
	rfc822_element(r, "pubDate", e->published);
	item_event(r, e);
	ok(r, xmlTextWriterEndElement(r->w));
}

static void
write_root(struct rss *r)
{
	static const char *const ns[][2] = {
		{"xmlns:atom", ATOM_NS},
		{"xmlns:content", CONTENT_NS},
		{"xmlns:dc", DC_NS},
		{"xmlns:ev", EVENT_NS},
	};
	size_t i;

	ok(r, xmlTextWriterStartElement(r->w, X("rss")));
	ok(r, xmlTextWriterWriteAttribute(r->w, X("version"), X("2.0")));
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		ok(r, xmlTextWriterWriteAttribute(r->w, X(ns[i][0]),
		                                  X(ns[i][1])));
	if (r->feed->is_archive || r->feed->prev_archive != NULL)
		ok(r, xmlTextWriterWriteAttribute(r->w, X("xmlns:fh"),
		                                  X(HISTORY_NS)));
}

static void
archive_link(struct rss *r, const char *rel, const char *stem)
{
	char *url = crier_feed_link_url(r->feed, stem, CRIER_OUT_RSS);

	atom_link(r, rel, "application/rss+xml", url);
	free(url);
}

/* RFC 5005 section 4, as in the Atom feed. */
static void
archive_links(struct rss *r)
{
	const struct crier_feed *f = r->feed;

	if (f->is_archive) {
		ok(r, xmlTextWriterStartElement(r->w, X("fh:archive")));
		ok(r, xmlTextWriterEndElement(r->w));
		archive_link(r, "current", NULL);
	}
	if (f->prev_archive != NULL)
		archive_link(r, "prev-archive", f->prev_archive);
	if (f->next_archive != NULL)
		archive_link(r, "next-archive", f->next_archive);
}

/* RSS wants an image with the channel's title and link; the logo fits. */
static void
write_image(struct rss *r)
{
	const struct crier_feed *f = r->feed;
	const char *url = f->logo != NULL ? f->logo : f->icon;

	if (url == NULL)
		return;
	ok(r, xmlTextWriterStartElement(r->w, X("image")));
	text_element(r, "url", url);
	text_element(r, "title", f->title);
	text_element(r, "link", f->link);
	ok(r, xmlTextWriterEndElement(r->w));
}

static void
write_channel_head(struct rss *r, size_t items)
{
	const struct crier_feed *f = r->feed;
	char *self = crier_feed_url(f, CRIER_OUT_RSS);

	ok(r, xmlTextWriterStartElement(r->w, X("channel")));
	text_element(r, "title", f->title);
	text_element(r, "link", f->link);
	/* Required and never empty: the subtitle, else the title. */
	text_element(r, "description",
	             f->subtitle != NULL ? f->subtitle : f->title);
	text_element(r, "language", f->language ? f->language : "en");
	text_element(r, "copyright", f->rights);
	text_element(r, "dc:creator", f->author.name);
	/*
	 * Both from the records, never the clock, so an unchanged source
	 * gives the same bytes: the Atom feed's updated time, the newest
	 * entry's or a later expiry's.  An empty feed has neither.
	 */
	if (items > 0) {
		rfc822_element(r, "pubDate", f->updated);
		rfc822_element(r, "lastBuildDate", f->updated);
	}
	text_element(r, "generator", "crier " CRIER_VERSION);
	text_element(r, "docs", RSS_DOCS);
	write_image(r);
	atom_link(r, "self", "application/rss+xml", self);
	if (f->hub != NULL)
		atom_link(r, "hub", NULL, f->hub);
	archive_links(r);
	free(self);
}

int
crier_write_rss(const struct crier_feed *feed, struct crier_entries *entries,
                FILE *out, struct crier_diags *diags)
{
	struct rss r = {NULL, feed, 0};
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	size_t i, n = crier_feed_output_count(feed);
	int rc = CRIER_OK;
	const char *html;

	if (buf == NULL || (r.w = xmlNewTextWriter(buf)) == NULL) {
		if (buf != NULL)
			xmlOutputBufferClose(buf);
		return CRIER_EIO;
	}
	ok(&r, xmlTextWriterSetIndent(r.w, 1));
	ok(&r, xmlTextWriterSetIndentString(r.w, X("  ")));
	ok(&r, xmlTextWriterStartDocument(r.w, "1.0", "UTF-8", NULL));
	/* A browser shows the feed through it as a page (stylesheet.h). */
	if (feed->has_stylesheet)
		ok(&r, xmlTextWriterWritePI(r.w, X("xml-stylesheet"),
		    X("type=\"text/xsl\" href=\"" CRIER_STYLESHEET_FILE "\"")));
	write_root(&r);
	write_channel_head(&r, n);
	for (i = 0; i < n && rc == CRIER_OK && !r.failed; i++) {
		if (crier_entries_next(entries, diags, &html) != 0)
			rc = CRIER_EINPUT;
		else
			write_item(&r, feed->published[i], html);
	}
	ok(&r, xmlTextWriterEndDocument(r.w));
	xmlFreeTextWriter(r.w);
	if (rc == CRIER_OK && r.failed)
		rc = CRIER_EIO;
	return rc;
}
