/*
 * html_page.c - what every part of index.html writes with: the page being
 * written, the people, days and times of an entry as text, and an
 * entry's body.  html_talks.c writes the talk tables with it and html.c
 * the rest of the page.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "alloc.h"
#include "buf.h"
#include "content.h"
#include "media.h"
#include "html.h"
#include "html_page.h"

/* The entry's Link is its place on this page: not worth a link. */
int
crier_page_links_here(const struct page *p, const struct crier_entry *e)
{
	const char *base = p->feed->base;
	size_t base_len = strlen(base), file_len = strlen(p->file);

	return e->link == NULL || (strncmp(e->link, base, base_len) == 0 &&
	       strncmp(e->link + base_len, p->file, file_len) == 0 &&
	       e->link[base_len + file_len] == '#' &&
	       strcmp(e->link + base_len + file_len + 1, e->id) == 0);
}

void
crier_page_people(struct page *p, const struct crier_person *list,
                  size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put(p, i == 0 ? "" : i + 1 == n ? " and " : ", ");
		text(p, list[i].name);
	}
}

void
crier_page_day(struct page *p, struct crier_time t)
{
	char buf[64];

	crier_format_day(t, buf, sizeof(buf));
	text(p, buf);
}

void
crier_page_clock(struct page *p, struct crier_time t)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	fprintf(p->out, "%02d:%02d", c.hour, c.minute);
}

int
crier_page_same_day(struct crier_time a, struct crier_time b)
{
	struct crier_civil x, y;

	crier_time_civil(a, &x);
	crier_time_civil(b, &y);
	return x.year == y.year && x.month == y.month && x.day == y.day;
}

static int
is_midnight(struct crier_time t)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	return c.hour == 0 && c.minute == 0 && c.second == 0;
}

/* "UTC+05:30", for times whose zone has no name. */
static void
utc_offset(struct page *p, struct crier_time t)
{
	int32_t off = t.offset_s < 0 ? -t.offset_s : t.offset_s;

	if (t.offset_s == 0)
		put(p, " UTC");
	else
		fprintf(p->out, " UTC%c%02d:%02d", t.offset_s < 0 ? '-' : '+',
		        (int)(off / 3600), (int)(off % 3600 / 60));
}

/* Whether T reads as ZONE's wall clock, not as an offset given by hand. */
int
crier_page_is_in_zone(const char *zone, struct crier_time t)
{
	int32_t offset_s;

	return zone != NULL && crier_zone_offset(zone, t.epoch_s, &offset_s) == 0
	       && offset_s == t.offset_s;
}

/*
 * "11:30–11:55", with the end's day when it is another, and then, unless
 * the caller has named the zone already, which one: "(Europe/Brussels)",
 * else the offsets ("UTC+05:30").  Across a change of summer time the
 * zone's name is what makes 01:30–03:30 read right.
 */
void
crier_page_clock_span(struct page *p, const struct crier_entry *e,
                      int is_zone_named)
{
	int is_zoned = !is_zone_named &&
	               crier_page_is_in_zone(e->timezone, e->starts) &&
	               crier_page_is_in_zone(e->timezone, e->ends);

	crier_page_clock(p, e->starts);
	if (!is_zone_named && !is_zoned &&
	    e->starts.offset_s != e->ends.offset_s)
		utc_offset(p, e->starts);
	put(p, "–");
	if (!crier_page_same_day(e->starts, e->ends)) {
		crier_page_day(p, e->ends);
		put(p, ", ");
	}
	crier_page_clock(p, e->ends);
	if (is_zoned) {
		put(p, " (");
		text(p, e->timezone);
		put(p, ")");
	} else if (!is_zone_named) {
		utc_offset(p, e->ends);
	}
}

/*
 * When an event runs: whole days ("Saturday 4 February 2017 to Sunday
 * 5 February 2017"), or times ("Saturday 4 February 2017, 10:00–12:30").
 */
void
crier_page_event_span(struct page *p, const struct crier_entry *e,
                      int is_zone_named)
{
	struct crier_time last = e->ends;

	crier_page_day(p, e->starts);
	if (is_midnight(e->starts) && is_midnight(e->ends)) {
		last.epoch_s--;
		if (!crier_page_same_day(e->starts, last)) {
			put(p, " to ");
			crier_page_day(p, last);
		}
		return;
	}
	put(p, ", ");
	crier_page_clock_span(p, e, is_zone_named);
}

/*
 * Raw HTML in a body (Allow-HTML) may leave an element open or close one
 * it never opened, which on the page would swallow the entries after it.
 * libxml2's HTML parser reads it as a browser would and writes it back
 * balanced.  Bodies without raw HTML come from cmark balanced already.
 */
/*
 * Dumps N and its siblings; the html, head and body elements the parser
 * implies are left out, their children kept.
 */
static void
dump_nodes(xmlBufferPtr buf, htmlDocPtr doc, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_DTD_NODE)
			continue;
		if (n->type == XML_ELEMENT_NODE &&
		    (xmlStrcasecmp(n->name, BAD_CAST "html") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "head") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "body") == 0))
			dump_nodes(buf, doc, n->children);
		else
			htmlNodeDump(buf, doc, n);
	}
}

/*
 * libxml2 (2.9) with HTML_PARSE_NOIMPLIED nests every top-level element
 * after the first inside it, "<p>a</p><p>b</p>" becoming
 * "<p>a<p>b</p></p>", so the document is parsed with its implied html
 * and body, which dump_nodes() leaves out again.
 */
static char *
balanced_html(const char *html)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	xmlBufferPtr buf = xmlBufferCreate();
	char *out;

	if (buf == NULL)
		crier_out_of_memory("libxml2");
	if (doc != NULL)
		dump_nodes(buf, doc, doc->children);
	out = crier_xstrdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return out;
}

/*
 * The body's HTML; a Summary stands in for an empty body.  MADE is that
 * HTML when the feed's renderer made it already (render.h), else NULL.
 */
void
crier_page_body(struct page *p, const struct crier_entry *e,
                const char *made)
{
	struct crier_buf rendered = {0};
	char *md, *balanced = NULL;
	const char *html = made;
	size_t len;

	if (html == NULL) {
		if (crier_entry_body(p->feed, e, p->diags, &md, &len) != 0) {
			p->failed = 1;
			return;
		}
		crier_markdown_add_html(p->feed, md, len, &rendered);
		html = rendered.data != NULL ? rendered.data : "";
		free(md);
	}
	if (p->feed->allows_html)
		html = balanced = balanced_html(html);
	if (html[0] != '\0') {
		put(p, "<div class=\"body\">\n");
		put(p, html);
		put(p, "</div>\n");
	} else if (e->summary != NULL) {
		put(p, "<p>");
		text(p, e->summary);
		put(p, "</p>\n");
	}
	free(balanced);
	crier_buf_free(&rendered);
	if (e->media_count > 0) {
		struct crier_buf media = {0};

		crier_media_html(&media, e);
		put(p, media.data);
		crier_buf_free(&media);
	}
}
