/*
 * html.c - index.html: the feed as a page, for the person who opens the
 * feed's address in a browser, and the place entries without a Link of
 * their own point at (index.html#ID).
 *
 * Choices:
 * - one self-contained file: inline CSS, no script, no font or image of
 *   its own, so it looks the same from a web host, a file system or an
 *   archive, and a strict Content-Security-Policy costs nothing;
 * - accessible without ARIA tricks: a lang, one h1, headings in order,
 *   landmark roles, schedules as real tables with a caption and th
 *   scopes, and colours with at least 4.5:1 contrast in light and dark;
 * - only elements that HTML 4 also has, with roles for the landmarks,
 *   so that older parsers (libxml2's among them) read it without a
 *   complaint;
 * - an announcement shows its body and then its talks as a table, with
 *   each talk's abstract below; talk rows carry the talk's id.  The
 *   schedule list of the shared entry HTML (content.h) is for feed
 *   readers, which have no room for a table: it is not repeated here.
 * - ids of the page's own making contain ':', which record ids cannot,
 *   so they never clash with an entry's.
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

struct page {
	FILE *out;
	const struct crier_feed *feed;
	struct crier_diags *diags;
	int failed;          /* a body could not be read */
};

/* The outputs a page offers, in the order it offers them. */
static const struct subscription {
	enum crier_output_kind kind;
	const char *type, *label;
} subscriptions[] = {
	{CRIER_OUT_ATOM, "application/atom+xml", "Atom feed"},
	{CRIER_OUT_RSS, "application/rss+xml", "RSS feed"},
	{CRIER_OUT_JSON, "application/feed+json", "JSON Feed"},
	{CRIER_OUT_ICS, "text/calendar", "Calendar"},
	{CRIER_OUT_SCHEDULE, "application/xml", "Schedule"},
};
#define SUBSCRIPTION_COUNT (sizeof(subscriptions) / sizeof(*subscriptions))

static const char style[] =
	":root{color-scheme:light dark}\n"
	"body{margin:0;font:1rem/1.55 system-ui,-apple-system,\"Segoe UI\","
	"Roboto,sans-serif;color:#1d1d1f;background:#fff}\n"
	".page{max-width:48rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
	"a{color:#0a58a8}\n"
	"h1{font-size:1.9rem;line-height:1.2;margin:1rem 0 .25rem}\n"
	"h2{font-size:1.45rem;line-height:1.25;margin:0 0 .25rem}\n"
	"h3{font-size:1.1rem;margin:1.25rem 0 .25rem}\n"
	"h2 a,h3 a{color:inherit}\n"
	".subtitle,.meta{color:#545458}\n"
	".subtitle{font-size:1.1rem;margin:0 0 .75rem}\n"
	".meta{font-size:.92rem;margin:0 0 .5rem}\n"
	".subscribe ul{list-style:none;padding:0;margin:0;display:flex;"
	"flex-wrap:wrap;gap:.5rem}\n"
	".subscribe a{display:inline-block;padding:.15rem .65rem;"
	"border:1px solid;border-radius:1rem;text-decoration:none}\n"
	".entry{border-top:1px solid #c7c7cc;margin-top:2rem;padding-top:1.25rem}\n"
	".schedule{margin:1rem 0}\n"
	"table{border-collapse:collapse;width:100%;font-size:.95rem}\n"
	"caption{text-align:left;font-weight:bold;padding:0 0 .5rem}\n"
	"th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;"
	"border-bottom:1px solid #d1d1d6}\n"
	"thead th{border-bottom:2px solid #8e8e93}\n"
	"tbody th{font-weight:600}\n"
	"tr:target,.talk:target{background:#fff4c2}\n"
	"tbody .day{font-size:1rem;padding-top:1rem;border-bottom:2px solid "
	"#8e8e93}\n"
	".badge{display:inline-block;margin-right:.4rem;padding:0 .4rem;"
	"border-radius:.25rem;font-size:.75rem;font-weight:700;"
	"letter-spacing:.04em;text-transform:uppercase;color:#fff;"
	"background:#b00020}\n"
	".moved .badge{background:#7a4d00}\n"
	".cancelled td,.cancelled th,.cancelled h3{text-decoration:line-through;"
	"color:#545458}\n"
	".was{display:block;font-size:.85rem;color:#545458}\n"
	".was,.moved .now{font-weight:600}\n"
	".page{overflow-wrap:break-word}\n"
	".badge,.schedule td>span{white-space:nowrap}\n"
	"@media (max-width:40rem){"
	".schedule table,.schedule caption,.schedule tbody,.schedule tr,"
	".schedule th,.schedule td{display:block}"
	".schedule thead{position:absolute;width:1px;height:1px;"
	"overflow:hidden;clip:rect(0 0 0 0)}"
	".schedule tr{padding:.4rem 0;border-bottom:1px solid #d1d1d6}"
	".schedule th,.schedule td{padding:.05rem 0;border:0}"
	".schedule td[data-label]::before{content:attr(data-label) \": \";"
	"font-weight:600}}\n"
	"pre{overflow-x:auto;padding:.5rem;background:#f2f2f7}\n"
	"img{max-width:100%;height:auto}\n"
	".footer{margin-top:3rem;font-size:.9rem;color:#545458}\n"
	"@media (prefers-color-scheme:dark){"
	"body{color:#e5e5ea;background:#1c1c1e}a{color:#8ab8ff}"
	".subtitle,.meta,.footer{color:#aeaeb2}"
	"th,td{border-color:#48484a}pre{background:#2c2c2e}"
	".cancelled td,.cancelled th,.cancelled h3,.was{color:#aeaeb2}"
	"tr:target,.talk:target{background:#3d3514}}\n";

static void
put(struct page *p, const char *s)
{
	fputs(s, p->out);
}

static void
put_stream(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, ctx);
}

/* Text and attribute values: &, <, > and " escaped. */
static void
text(struct page *p, const char *s)
{
	crier_html_escape(s, put_stream, p->out);
}

/* The entry's Link is its place on this page: not worth a link. */
static int
links_here(const struct crier_feed *feed, const struct crier_entry *e)
{
	size_t base = strlen(feed->base), page = strlen(CRIER_HTML_FILE);

	return e->link == NULL || (strncmp(e->link, feed->base, base) == 0 &&
	       strncmp(e->link + base, CRIER_HTML_FILE, page) == 0 &&
	       e->link[base + page] == '#' &&
	       strcmp(e->link + base + page + 1, e->id) == 0);
}

static void
people(struct page *p, const struct crier_person *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put(p, i == 0 ? "" : i + 1 == n ? " and " : ", ");
		text(p, list[i].name);
	}
}

static void
day(struct page *p, struct crier_time t)
{
	char buf[64];

	crier_format_day(t, buf, sizeof(buf));
	text(p, buf);
}

static void
clock(struct page *p, struct crier_time t)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	fprintf(p->out, "%02d:%02d", c.hour, c.minute);
}

static int
same_day(struct crier_time a, struct crier_time b)
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
static int
is_in_zone(const char *zone, struct crier_time t)
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
static void
clock_span(struct page *p, const struct crier_entry *e, int is_zone_named)
{
	int is_zoned = !is_zone_named && is_in_zone(e->timezone, e->starts) &&
	               is_in_zone(e->timezone, e->ends);

	clock(p, e->starts);
	if (!is_zone_named && !is_zoned &&
	    e->starts.offset_s != e->ends.offset_s)
		utc_offset(p, e->starts);
	put(p, "–");
	if (!same_day(e->starts, e->ends)) {
		day(p, e->ends);
		put(p, ", ");
	}
	clock(p, e->ends);
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
static void
event_span(struct page *p, const struct crier_entry *e, int is_zone_named)
{
	struct crier_time last = e->ends;

	day(p, e->starts);
	if (is_midnight(e->starts) && is_midnight(e->ends)) {
		last.epoch_s--;
		if (!same_day(e->starts, last)) {
			put(p, " to ");
			day(p, last);
		}
		return;
	}
	put(p, ", ");
	clock_span(p, e, is_zone_named);
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
static void
body(struct page *p, const struct crier_entry *e, const char *made)
{
	char *md, *rendered = NULL, *balanced = NULL;
	const char *html = made;
	size_t len;

	if (html == NULL) {
		if (crier_entry_body(e, p->diags, &md, &len) != 0) {
			p->failed = 1;
			return;
		}
		html = rendered = crier_markdown_html(p->feed, md, len);
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
	free(rendered);
	if (e->media_count > 0) {
		struct crier_buf media = {0};

		crier_media_html(&media, e);
		put(p, media.data);
		crier_buf_free(&media);
	}
}

/* ------------------------------------------------------------------ */
/* Talks                                                               */
/* ------------------------------------------------------------------ */

struct columns {
	int has_room, has_speakers, has_calendars;
	const char *zone;    /* every talk's zone, or NULL */
};

static struct columns
columns_of(const struct crier_entry *const *talks, size_t n)
{
	struct columns c = {0, 0, 0, n > 0 ? talks[0]->timezone : NULL};
	size_t i;

	for (i = 0; i < n; i++) {
		c.has_room |= talks[i]->room != NULL;
		c.has_speakers |= talks[i]->speaker_count > 0;
		if (c.zone != NULL && (talks[i]->timezone == NULL ||
		    strcmp(c.zone, talks[i]->timezone) != 0 ||
		    !is_in_zone(c.zone, talks[i]->starts) ||
		    !is_in_zone(c.zone, talks[i]->ends)))
			c.zone = NULL;
	}
	return c;
}

/*
 * The talk's own title: the model marks a moved or cancelled talk's title
 * for readers that show only titles ("Cancelled: "); here a badge says
 * it, so the title is shown as the record gives it.
 */
static const char *
bare_title(const struct crier_entry *t)
{
	const char *mark = t->status == CRIER_CANCELLED ? "Cancelled: " :
	    t->status == CRIER_MOVED ? "Moved: " : NULL;

	if (mark != NULL && strncmp(t->title, mark, strlen(mark)) == 0)
		return t->title + strlen(mark);
	return t->title;
}

static void
badge(struct page *p, const struct crier_entry *t)
{
	if (t->status == CRIER_CANCELLED)
		put(p, "<span class=\"badge\">Cancelled</span>");
	else if (t->status == CRIER_MOVED)
		put(p, "<span class=\"badge\">Moved</span>");
}

/* "was 11:00", with the day when the talk moved to another. */
static void
was_time(struct page *p, const struct crier_entry *t)
{
	if (t->status != CRIER_MOVED || !t->has_previous_starts)
		return;
	put(p, "<span class=\"was\">was ");
	if (!same_day(t->previous_starts, t->starts)) {
		day(p, t->previous_starts);
		put(p, ", ");
	}
	clock(p, t->previous_starts);
	put(p, "</span>");
}

static void
was_room(struct page *p, const struct crier_entry *t)
{
	if (t->status != CRIER_MOVED || t->previous_room == NULL)
		return;
	put(p, "<span class=\"was\">was ");
	text(p, t->previous_room);
	put(p, "</span>");
}

static const char *
status_class(const struct crier_entry *t)
{
	return t->status == CRIER_CANCELLED ? " class=\"cancelled\"" :
	    t->status == CRIER_MOVED ? " class=\"moved\"" : "";
}

/*
 * One talk: time, room, title, speakers and its own calendar.  Cells
 * carry their column's name, which narrow screens show before each
 * value once the rows are stacked.
 */
static void
talk_row(struct page *p, const struct crier_entry *t,
         const struct columns *c)
{
	char *ics = crier_talk_calendar_url(p->feed, t);

	put(p, "<tr id=\"");
	text(p, t->id);
	fprintf(p->out, "\"%s><td data-label=\"Time\">", status_class(t));
	badge(p, t);
	put(p, t->status == CRIER_MOVED ? "<span class=\"now\">" : "<span>");
	clock_span(p, t, c->zone != NULL);
	put(p, "</span>");
	was_time(p, t);
	put(p, "</td>");
	if (c->has_room) {
		put(p, "<td data-label=\"Room\">");
		text(p, t->room != NULL ? t->room : "");
		was_room(p, t);
		put(p, "</td>");
	}
	put(p, "<th scope=\"row\"><a href=\"#about:");
	text(p, t->id);
	put(p, "\">");
	text(p, bare_title(t));
	put(p, "</a></th>");
	if (c->has_speakers) {
		put(p, "<td data-label=\"Speakers\">");
		people(p, t->speakers, t->speaker_count);
		put(p, "</td>");
	}
	if (c->has_calendars) {
		put(p, "<td data-label=\"Calendar\">");
		if (ics != NULL) {
			put(p, "<a href=\"");
			text(p, ics);
			put(p, "\" type=\"text/calendar\">.ics</a>");
		}
		put(p, "</td>");
	}
	put(p, "</tr>\n");
	free(ics);
}

/* A talk's abstract, below the table, with what the table leaves out. */
static void
talk_abstract(struct page *p, const struct crier_entry *t,
              int is_zone_named)
{
	put(p, "<div class=\"talk");
	put(p, t->status == CRIER_CANCELLED ? " cancelled" :
	    t->status == CRIER_MOVED ? " moved" : "");
	put(p, "\" id=\"about:");
	text(p, t->id);
	put(p, "\">\n<h3>");
	if (!links_here(p->feed, t)) {
		put(p, "<a href=\"");
		text(p, t->link);
		put(p, "\">");
	}
	text(p, bare_title(t));
	put(p, links_here(p->feed, t) ? "</h3>\n" : "</a></h3>\n");
	put(p, "<p class=\"meta\">");
	badge(p, t);
	event_span(p, t, is_zone_named);
	if (t->room != NULL) {
		put(p, ", ");
		text(p, t->room);
	}
	if (t->track != NULL) {
		put(p, ", track ");
		text(p, t->track);
	}
	if (t->speaker_count > 0) {
		put(p, ", by ");
		people(p, t->speakers, t->speaker_count);
	}
	put(p, "</p>\n");
	if (t->status == CRIER_MOVED && (t->has_previous_starts ||
	    t->previous_room != NULL)) {
		put(p, "<p class=\"meta\">Moved from ");
		if (t->has_previous_starts) {
			day(p, t->previous_starts);
			put(p, ", ");
			clock(p, t->previous_starts);
		}
		if (t->previous_room != NULL) {
			put(p, t->has_previous_starts ? ", " : "");
			text(p, t->previous_room);
		}
		put(p, ".</p>\n");
	}
	body(p, t, NULL);
	put(p, "</div>\n");
}

/* Rows grouped by day, each day under a heading of its own. */
static void
talk_rows(struct page *p, const struct crier_entry *const *talks, size_t n,
          const struct columns *c)
{
	int span = 2 + c->has_room + c->has_speakers + c->has_calendars;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == 0 || !same_day(talks[i - 1]->starts, talks[i]->starts)) {
			put(p, i == 0 ? "<tbody>\n" : "</tbody>\n<tbody>\n");
			fprintf(p->out, "<tr><th class=\"day\" scope=\"rowgroup\" "
			        "colspan=\"%d\">", span);
			day(p, talks[i]->starts);
			put(p, "</th></tr>\n");
		}
		talk_row(p, talks[i], c);
	}
	if (n > 0)
		put(p, "</tbody>\n");
}

static void
talk_table(struct page *p, const char *caption,
           const struct crier_entry *const *talks, size_t n)
{
	struct columns c = columns_of(talks, n);
	size_t i;

	c.has_calendars = p->feed->talk_calendar_count > 0;
	put(p, "<div class=\"schedule\">\n<table>\n<caption>");
	text(p, caption);
	if (c.zone != NULL) {
		put(p, " (times in ");
		text(p, c.zone);
		put(p, ")");
	}
	put(p, "</caption>\n<thead><tr><th scope=\"col\">Time</th>");
	if (c.has_room)
		put(p, "<th scope=\"col\">Room</th>");
	put(p, "<th scope=\"col\">Talk</th>");
	if (c.has_speakers)
		put(p, "<th scope=\"col\">Speakers</th>");
	if (c.has_calendars)
		put(p, "<th scope=\"col\">Calendar</th>");
	put(p, "</tr></thead>\n");
	talk_rows(p, talks, n, &c);
	put(p, "</table>\n</div>\n");
	for (i = 0; i < n && !p->failed; i++)
		talk_abstract(p, talks[i], c.zone != NULL);
}

/* ------------------------------------------------------------------ */
/* Announcements                                                       */
/* ------------------------------------------------------------------ */

static void
announcement(struct page *p, const struct crier_entry *e, const char *made)
{
	const struct crier_person *who = e->authors;
	size_t i, n = e->author_count;
	struct crier_buf caption = {0};

	if (n == 0) {
		who = &p->feed->author;
		n = 1;
	}
	put(p, "<div class=\"entry\" id=\"");
	text(p, e->id);
	put(p, "\">\n<h2><a href=\"");
	if (links_here(p->feed, e))
		put(p, "#");
	text(p, links_here(p->feed, e) ? e->id : e->link);
	put(p, "\">");
	text(p, e->title);
	put(p, "</a></h2>\n<p class=\"meta\">Posted ");
	day(p, e->published);
	put(p, " by ");
	people(p, who, n);
	for (i = 0; i < e->category_count; i++) {
		put(p, i == 0 ? " in " : ", ");
		text(p, e->categories[i]);
	}
	put(p, "</p>\n");
	if (e->has_event_time) {
		put(p, "<p class=\"event\"><strong>");
		text(p, e->event != NULL ? e->event : "When");
		put(p, ":</strong> ");
		event_span(p, e, 0);
		if (e->location != NULL) {
			put(p, ", ");
			text(p, e->location);
		}
		put(p, "</p>\n");
	}
	body(p, e, made);
	if (e->talk_count > 0 && !p->failed) {
		crier_buf_puts(&caption, "Talks: ");
		crier_buf_puts(&caption, e->event != NULL ? e->event : e->title);
		talk_table(p, caption.data, e->talks, e->talk_count);
	}
	put(p, "</div>\n");
	crier_buf_free(&caption);
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

/* Autodiscovery: a link to each of DOC's feeds, titled TITLE (KIND). */
static void
alternate_links(struct page *p, const struct crier_feed *doc)
{
	const struct subscription *s;
	char *url;

	for (s = subscriptions; s < subscriptions + SUBSCRIPTION_COUNT; s++) {
		if (!(doc->outputs & 1u << s->kind) ||
		    crier_output_file(s->kind) == NULL)
			continue;
		url = crier_feed_url(doc, s->kind);
		fprintf(p->out, "<link rel=\"alternate\" type=\"%s\" title=\"",
		        s->type);
		text(p, doc->title);
		fprintf(p->out, " (%s)\" href=\"", s->label);
		text(p, url);
		put(p, "\">\n");
		free(url);
	}
}

static void
head(struct page *p)
{
	const struct crier_feed *f = p->feed;
	size_t i;

	put(p, "<!DOCTYPE html>\n<html lang=\"");
	text(p, f->language != NULL ? f->language : "en");
	put(p, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	text(p, f->title);
	put(p, "</title>\n");
	if (f->subtitle != NULL) {
		put(p, "<meta name=\"description\" content=\"");
		text(p, f->subtitle);
		put(p, "\">\n");
	}
	put(p, "<meta name=\"generator\" content=\"crier " CRIER_VERSION
	    "\">\n");
	alternate_links(p, f);
	/* Facet feeds, not archive pages: those are reached from the feed. */
	for (i = f->archive_count; i < f->view_count -
	     f->talk_calendar_count; i++)
		alternate_links(p, &f->views[i]);
	if (f->icon != NULL) {
		put(p, "<link rel=\"icon\" href=\"");
		text(p, f->icon);
		put(p, "\">\n");
	}
	put(p, "<style>\n");
	put(p, style);
	put(p, "</style>\n</head>\n");
}

static void
masthead(struct page *p)
{
	const struct crier_feed *f = p->feed;
	const struct subscription *s;
	char *url;

	put(p, "<div class=\"masthead\" role=\"banner\">\n<h1>");
	text(p, f->title);
	put(p, "</h1>\n");
	if (f->subtitle != NULL) {
		put(p, "<p class=\"subtitle\">");
		text(p, f->subtitle);
		put(p, "</p>\n");
	}
	put(p, "<div class=\"subscribe\" role=\"navigation\" "
	    "aria-label=\"Subscribe\">\n<ul>\n");
	for (s = subscriptions; s < subscriptions + SUBSCRIPTION_COUNT; s++) {
		if (!(f->outputs & 1u << s->kind) ||
		    crier_output_file(s->kind) == NULL)
			continue;
		url = crier_feed_url(f, s->kind);
		put(p, "<li><a href=\"");
		text(p, url);
		fprintf(p->out, "\" type=\"%s\">%s</a></li>\n", s->type,
		        s->label);
		free(url);
	}
	put(p, "</ul>\n</div>\n</div>\n");
}

/* The facet feeds, for people: "track Virtualization: Atom, RSS". */
static void
facet_list(struct page *p)
{
	const struct crier_feed *f = p->feed, *v;
	const struct subscription *s;
	const char *sep;
	size_t i;
	char *url;

	if (f->archive_count + f->talk_calendar_count == f->view_count)
		return;
	put(p, "<div class=\"facets\" role=\"navigation\" "
	    "aria-label=\"Feeds of a part\">\n<h2>Follow a part</h2>\n<ul>\n");
	for (i = f->archive_count; i < f->view_count -
	     f->talk_calendar_count; i++) {
		v = &f->views[i];
		put(p, "<li>");
		text(p, v->facet_label);
		sep = ": ";
		for (s = subscriptions; s < subscriptions + SUBSCRIPTION_COUNT;
		     s++) {
			if (!(v->outputs & 1u << s->kind))
				continue;
			url = crier_feed_url(v, s->kind);
			put(p, sep);
			put(p, "<a href=\"");
			text(p, url);
			fprintf(p->out, "\" type=\"%s\">%s</a>", s->type,
			        s->label);
			free(url);
			sep = ", ";
		}
		put(p, "</li>\n");
	}
	put(p, "</ul>\n</div>\n");
}

static void
footer(struct page *p)
{
	const struct crier_feed *f = p->feed;

	put(p, "<div class=\"footer\" role=\"contentinfo\">\n");
	if (f->rights != NULL) {
		put(p, "<p>");
		text(p, f->rights);
		put(p, "</p>\n");
	}
	put(p, "<p><a href=\"");
	text(p, f->link);
	put(p, "\">");
	text(p, f->link);
	put(p, "</a></p>\n</div>\n");
}

/* Whether announcement A is on the page (among the first N entries). */
static int
is_shown(const struct crier_feed *feed, const struct crier_entry *a,
         const unsigned char *shown)
{
	return a != NULL && a >= feed->entries &&
	       a < feed->entries + feed->entry_count &&
	       shown[a - feed->entries];
}

static int
by_start(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;

	if (x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Talks whose announcement is not on the page get a table of their own. */
static void
other_talks(struct page *p, size_t n, const unsigned char *shown)
{
	const struct crier_feed *f = p->feed;
	const struct crier_entry **talks = crier_xcalloc(n + 1,
	                                                 sizeof(*talks));
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (f->published[i]->kind == CRIER_TALK &&
		    !is_shown(f, f->published[i]->announcement, shown))
			talks[count++] = f->published[i];
	if (count > 0) {
		/* A schedule, by day: in start order, not publication order. */
		qsort(talks, count, sizeof(*talks), by_start);
		put(p, "<div class=\"entry\">\n<h2>Talks</h2>\n");
		talk_table(p, "Talks", talks, count);
		put(p, "</div>\n");
	}
	free(talks);
}

int
crier_write_html(const struct crier_feed *feed, struct crier_entries *entries,
                 FILE *out, struct crier_diags *diags)
{
	struct page p = {out, feed, diags, 0};
	/*
	 * Entries without a Link of their own link to their place here,
	 * archived ones too: the page holds every published entry, Limit or
	 * not.
	 */
	size_t i, n = feed->published_count;
	size_t rendered = crier_feed_output_count(feed);
	unsigned char *shown = crier_xcalloc(feed->entry_count + 1, 1);
	const char *html, *made;

	head(&p);
	put(&p, "<body>\n<div class=\"page\">\n");
	masthead(&p);
	facet_list(&p);
	put(&p, "<div class=\"entries\" role=\"main\">\n");
	for (i = 0; i < n; i++)
		if (feed->published[i]->kind == CRIER_ANNOUNCEMENT)
			shown[feed->published[i] - feed->entries] = 1;
	/*
	 * The renderer gives the entries the feeds hold, in this order: the
	 * page takes each in step and uses an announcement's body, so that
	 * no body is rendered twice.  Talks' bodies, in their tables, and
	 * entries past Limit it renders itself.
	 */
	for (i = 0; i < n && !p.failed; i++) {
		made = NULL;
		if (entries != NULL && i < rendered) {
			if (crier_entries_next(entries, diags, &html) != 0) {
				p.failed = 1;
				break;
			}
			made = crier_entries_body_html(entries);
		}
		if (feed->published[i]->kind == CRIER_ANNOUNCEMENT)
			announcement(&p, feed->published[i], made);
	}
	if (!p.failed)
		other_talks(&p, n, shown);
	if (n == 0)
		put(&p, "<p>Nothing has been announced yet.</p>\n");
	put(&p, "</div>\n");
	footer(&p);
	put(&p, "</div>\n</body>\n</html>\n");
	free(shown);
	if (p.failed)
		return CRIER_EINPUT;
	return fflush(out) != 0 || ferror(out) ? CRIER_EIO : CRIER_OK;
}
