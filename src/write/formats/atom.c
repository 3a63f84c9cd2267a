/*
 * atom.c - the Atom 1.0 feed (RFC 4287), written with libxml2's
 * xmlTextWriter from the feed model.
 *
 * Choices made for the W3C feed validator and for readers:
 * - entry ids are tag: URIs (RFC 4151) built from the feed's id and the
 *   record's id, so they never change once published;
 * - dates are RFC 3339 with seconds and the offset they were written in;
 * - plain text is type="text", which every reader shows as it is, unless
 *   the validator would take it for HTML (an end tag "</b>" or a
 *   reference "&amp;"): that is written as type="html" with the text
 *   escaped as HTML, so readers still show the record's characters;
 * - HTML is in CDATA sections: the same characters as escaped text, but
 *   a reader scans a section where it would resolve a reference for
 *   every '<' and '>';
 *   a person's name, a category's label and a link's title have no type:
 *   '&' and '<' in them are hexadecimal references, which the validator
 *   takes for text, and a label or title with an end tag is left out;
 * - an entry whose HTML is empty has no content, which may not be blank;
 *   RFC 4287 4.1.1 then wants an alternate link and a summary (the
 *   Summary, else the title), and without a Link the content is that
 *   text instead;
 * - a talk's own time goes in the RSS 1.0 event module elements, never
 *   in published/updated, which say when the announcement was made;
 * - every URL is absolute and there is no xml:base: readers handle it
 *   badly, and the validator calls a link to the base a same-document
 *   reference whenever the base differs from the feed's own URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "atom.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "enclosure.h"
#include "render.h"
#include "stylesheet.h"
#include "xmlattr.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define EVENT_NS "http://purl.org/rss/1.0/modules/event/"
#define HISTORY_NS "http://purl.org/syndication/history/1.0"
#define TOMBSTONE_NS "http://purl.org/atompub/tombstones/1.0"
#define X(s) ((const xmlChar *)(s))

struct atom {
	xmlTextWriterPtr w;
	const struct crier_feed *feed;
	struct crier_diags *diags;
	int failed;   /* a writer call failed: the output is unusable */
};

/* Every xmlTextWriter call goes through this, so one failure is kept. */
static void
ok(struct atom *a, int rc)
{
	if (rc < 0)
		a->failed = 1;
}

static void
element(struct atom *a, const char *name, const char *text)
{
	if (text == NULL)
		return;
	/*
	 * Text with nothing xmlTextWriterWriteString() would escape (ids,
	 * dates, most names) is written as it is, not copied escaped first.
	 */
	if (strpbrk(text, "<>&\"\r") != NULL) {
		ok(a, xmlTextWriterWriteElement(a->w, X(name), X(text)));
		return;
	}
	ok(a, xmlTextWriterStartElement(a->w, X(name)));
	ok(a, xmlTextWriterWriteRaw(a->w, X(text)));
	ok(a, xmlTextWriterEndElement(a->w));
}

/* A text construct (title, summary, subtitle, rights). */
static void
text_construct(struct atom *a, const char *name, const char *text)
{
	struct crier_buf escaped = {0};

	if (text == NULL)
		return;
	if (!crier_text_reads_as_html(text)) {
		element(a, name, text);
		return;
	}
	crier_buf_html(&escaped, text);
	ok(a, xmlTextWriterStartElement(a->w, X(name)));
	ok(a, xmlTextWriterWriteAttribute(a->w, X("type"), X("html")));
	crier_xml_write_html(a->w, escaped.data, &a->failed);
	ok(a, xmlTextWriterEndElement(a->w));
	crier_buf_free(&escaped);
}

static void
date_element(struct atom *a, const char *name, struct crier_time t)
{
	char buf[CRIER_RFC3339_SIZE];

	crier_time_rfc3339(t, buf);
	element(a, name, buf);
}

/* Entries that share a second are told apart by fractions (published.c). */
static void
shifted_date_element(struct atom *a, const char *name, struct crier_time t,
                     uint32_t shift_us)
{
	char buf[CRIER_RFC3339_FRAC_SIZE];

	crier_time_rfc3339_shifted(t, shift_us, buf);
	element(a, name, buf);
}

static void
link_element(struct atom *a, const char *rel, const char *type,
             const char *href, const char *title)
{
	ok(a, xmlTextWriterStartElement(a->w, X("link")));
	ok(a, xmlTextWriterWriteAttribute(a->w, X("rel"), X(rel)));
	if (type != NULL)
		ok(a, xmlTextWriterWriteAttribute(a->w, X("type"), X(type)));
	ok(a, xmlTextWriterWriteAttribute(a->w, X("href"), X(href)));
	crier_atom_plain_attribute(a->w, "title", title, &a->failed);
	ok(a, xmlTextWriterEndElement(a->w));
}

/*
 * A person's name is plain text with no type: a reference-like "&amp;" in
 * it is written as "&#x26;amp;", which the validator takes for text (as
 * in RSS).  An end tag in a name has no such way out: check warns.
 */
static void
name_element(struct atom *a, const char *name)
{
	struct crier_buf escaped = {0};

	if (!crier_text_reads_as_html(name)) {
		element(a, "name", name);
		return;
	}
	crier_buf_plain_text(&escaped, name);
	ok(a, xmlTextWriterStartElement(a->w, X("name")));
	ok(a, xmlTextWriterWriteRaw(a->w, X(escaped.data)));
	ok(a, xmlTextWriterEndElement(a->w));
	crier_buf_free(&escaped);
}

static void
person_element(struct atom *a, const struct crier_person *p)
{
	ok(a, xmlTextWriterStartElement(a->w, X("author")));
	name_element(a, p->name);
	element(a, "email", p->email);
	ok(a, xmlTextWriterEndElement(a->w));
}

/*
 * A category's term: the label in lower case, spaces made '-'.  A label
 * with an end tag is left out, and readers show the term.
 */
static void
category_element(struct atom *a, const char *label)
{
	char *term = crier_xstrdup(label), *p;

	for (p = term; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (*p == ' ' || *p == '\t')
			*p = '-';
	}
	ok(a, xmlTextWriterStartElement(a->w, X("category")));
	ok(a, xmlTextWriterWriteAttribute(a->w, X("term"), X(term)));
	if (strcmp(term, label) != 0)
		crier_atom_plain_attribute(a->w, "label", label, &a->failed);
	ok(a, xmlTextWriterEndElement(a->w));
	free(term);
}

static void
entry_authors(struct atom *a, const struct crier_entry *e)
{
	size_t i;

	for (i = 0; i < e->people_count; i++)
		person_element(a, &e->people[i]);
}

static void
event_elements(struct atom *a, const struct crier_entry *e)
{
	if (!e->has_event_time)
		return;
	date_element(a, "ev:startdate", e->starts);
	/* A single moment has no end (RFC 5545 3.6.1 says so of DTEND). */
	if (e->ends.epoch_s != e->starts.epoch_s)
		date_element(a, "ev:enddate", e->ends);
	element(a, "ev:location", e->place);
}

static void
entry_categories(struct atom *a, const struct crier_entry *e)
{
	size_t i;

	if (e->kind == CRIER_TALK)
		category_element(a, "talk");
	if (e->track != NULL)
		category_element(a, e->track);
	for (i = 0; i < e->category_count; i++)
		category_element(a, e->categories[i]);
}

/* The summary and the content: see the top of the file for blank HTML. */
static void
entry_text(struct atom *a, const struct crier_entry *e, const char *html)
{
	const char *text = e->summary != NULL ? e->summary : e->title;

	if (!crier_html_is_blank(html)) {
		text_construct(a, "summary", e->summary);
		ok(a, xmlTextWriterStartElement(a->w, X("content")));
		ok(a, xmlTextWriterWriteAttribute(a->w, X("type"), X("html")));
		crier_xml_write_html(a->w, html, &a->failed);
		ok(a, xmlTextWriterEndElement(a->w));
	} else if (e->link != NULL) {
		text_construct(a, "summary", text);
	} else {
		text_construct(a, "summary", e->summary);
		text_construct(a, "content", text);
	}
}

static void
write_entry(struct atom *a, const struct crier_entry *e, const char *html)
{
	ok(a, xmlTextWriterStartElement(a->w, X("entry")));
	element(a, "id", e->uri);
	text_construct(a, "title", e->title);
	date_element(a, "published", e->published);
	shifted_date_element(a, "updated", e->updated, e->updated_shift_us);
	entry_authors(a, e);
	entry_categories(a, e);
	if (e->link != NULL)
		link_element(a, "alternate", "text/html", e->link, NULL);
	if (e->announcement != NULL && e->announcement->link != NULL)
		link_element(a, "related", "text/html", e->announcement->link,
		             e->announcement->title);
	ok(a, crier_enclosure_atom(a->w, e));
	entry_text(a, e, html);
	event_elements(a, e);
	ok(a, xmlTextWriterEndElement(a->w));
}

static void
archive_link(struct atom *a, const char *rel, const char *stem)
{
	char *url = crier_feed_link_url(a->feed, stem, CRIER_OUT_ATOM);

	link_element(a, rel, "application/atom+xml", url, NULL);
	free(url);
}

/*
 * RFC 5005 section 4: the subscription feed points to the newest
 * archive page; a page says it is one, and links to its neighbours and
 * to the subscription feed.
 */
static void
archive_links(struct atom *a)
{
	const struct crier_feed *f = a->feed;

	if (f->is_archive) {
		ok(a, xmlTextWriterStartElement(a->w, X("fh:archive")));
		ok(a, xmlTextWriterEndElement(a->w));
		archive_link(a, "current", NULL);
	}
	if (f->prev_archive != NULL)
		archive_link(a, "prev-archive", f->prev_archive);
	if (f->next_archive != NULL)
		archive_link(a, "next-archive", f->next_archive);
}

static void
write_feed_head(struct atom *a)
{
	const struct crier_feed *f = a->feed;
	char *self = crier_feed_url(f, CRIER_OUT_ATOM);

	ok(a, xmlTextWriterStartElementNS(a->w, NULL, X("feed"), X(ATOM_NS)));
	ok(a, xmlTextWriterWriteAttributeNS(a->w, X("xmlns"), X("ev"), NULL,
	                                    X(EVENT_NS)));
	if (f->is_archive || f->prev_archive != NULL)
		ok(a, xmlTextWriterWriteAttributeNS(a->w, X("xmlns"), X("fh"),
		                                    NULL, X(HISTORY_NS)));
	if (f->tombstone_count > 0)
		ok(a, xmlTextWriterWriteAttributeNS(a->w, X("xmlns"), X("at"),
		                                    NULL, X(TOMBSTONE_NS)));
	ok(a, xmlTextWriterWriteAttribute(a->w, X("xml:lang"),
	                                  X(f->language ? f->language : "en")));
	element(a, "id", f->id);
	text_construct(a, "title", f->title);
	text_construct(a, "subtitle", f->subtitle);
	/*
	 * The newest entry's, or a later expiry's (model.h); an empty feed
	 * has nothing newer than 1970.
	 */
	date_element(a, "updated", f->updated);
	person_element(a, &f->author);
	link_element(a, "self", "application/atom+xml", self, NULL);
	link_element(a, "alternate", "text/html", f->link, NULL);
	if (f->hub != NULL)
		link_element(a, "hub", NULL, f->hub, NULL);
	archive_links(a);
	ok(a, xmlTextWriterStartElement(a->w, X("generator")));
	ok(a, xmlTextWriterWriteAttribute(a->w, X("version"), X(CRIER_VERSION)));
	ok(a, xmlTextWriterWriteString(a->w, X("crier")));
	ok(a, xmlTextWriterEndElement(a->w));
	element(a, "icon", f->icon);
	element(a, "logo", f->logo);
	text_construct(a, "rights", f->rights);
	free(self);
}

/* RFC 6721: readers remove entries whose records were deleted. */
static void
write_tombstones(struct atom *a)
{
	const struct crier_feed *f = a->feed;
	char when[CRIER_RFC3339_SIZE];
	size_t i;

	for (i = 0; i < f->tombstone_count; i++) {
		crier_time_rfc3339(f->tombstones[i].when, when);
		ok(a, xmlTextWriterStartElement(a->w, X("at:deleted-entry")));
		ok(a, xmlTextWriterWriteAttribute(a->w, X("ref"),
		                                  X(f->tombstones[i].uri)));
		ok(a, xmlTextWriterWriteAttribute(a->w, X("when"), X(when)));
		ok(a, xmlTextWriterEndElement(a->w));
	}
}

int
crier_write_atom(const struct crier_feed *feed, struct crier_entries *entries,
                 FILE *out, struct crier_diags *diags)
{
	struct atom a = {NULL, feed, diags, 0};
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	size_t i, n = crier_feed_output_count(feed);
	int rc = CRIER_OK;
	const char *html;

	if (buf == NULL || (a.w = xmlNewTextWriter(buf)) == NULL) {
		if (buf != NULL)
			xmlOutputBufferClose(buf);
		return CRIER_EIO;
	}
	ok(&a, xmlTextWriterSetIndent(a.w, 1));
	ok(&a, xmlTextWriterSetIndentString(a.w, X("  ")));
	ok(&a, xmlTextWriterStartDocument(a.w, "1.0", "UTF-8", NULL));
	/* A browser shows the feed through it as a page (stylesheet.h). */
	if (feed->has_stylesheet)
		ok(&a, xmlTextWriterWritePI(a.w, X("xml-stylesheet"),
		    X("type=\"text/xsl\" href=\"" CRIER_STYLESHEET_FILE "\"")));
	write_feed_head(&a);
	write_tombstones(&a);
	for (i = 0; i < n && rc == CRIER_OK && !a.failed; i++) {
		if (crier_entries_next(entries, diags, &html) != 0)
			rc = CRIER_EINPUT;
		else
			write_entry(&a, feed->published[i], html);
	}
	ok(&a, xmlTextWriterEndDocument(a.w));
	xmlFreeTextWriter(a.w);
	if (rc == CRIER_OK && a.failed)
		rc = CRIER_EIO;
	return rc;
}
