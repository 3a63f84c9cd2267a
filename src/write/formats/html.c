/*
 * html.c - index.html: the feed as a page, for the person who opens the
 * feed's address in a browser, and the place entries without a Link of
 * their own point at (index.html#ID).  With Limit the page holds what
 * the feeds hold, and the month pages (views.c), 2017-02.html, written
 * here too, hold every entry and are where those links point.
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
 *
 * This file writes the page around the entries: head, masthead, feeds,
 * announcements and footer; html_talks.c writes the talk tables and
 * html_page.c the times, people and bodies both show.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "content.h"
#include "html.h"
#include "html_page.h"

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
	if (crier_page_links_here(p, e))
		put(p, "#");
	text(p, crier_page_links_here(p, e) ? e->id : e->link);
	put(p, "\">");
	text(p, e->title);
	put(p, "</a></h2>\n<p class=\"meta\">Posted ");
	crier_page_day(p, e->published);
	put(p, " by ");
	crier_page_people(p, who, n);
	for (i = 0; i < e->category_count; i++) {
		put(p, i == 0 ? " in " : ", ");
		text(p, e->categories[i]);
	}
	put(p, "</p>\n");
	if (e->has_event_time) {
		put(p, "<p class=\"event\"><strong>");
		text(p, e->event != NULL ? e->event : "When");
		put(p, ":</strong> ");
		crier_page_event_span(p, e, 0);
		if (e->location != NULL) {
			put(p, ", ");
			text(p, e->location);
		}
		put(p, "</p>\n");
	}
	crier_page_body(p, e, made);
	if (e->talk_count > 0 && !p->failed) {
		crier_buf_puts(&caption, "Talks: ");
		crier_buf_puts(&caption, e->event != NULL ? e->event : e->title);
		crier_page_talk_table(p, caption.data, e->talks, e->talk_count);
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
	for (i = f->archive_count + f->month_count; i < f->view_count -
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

/* "February 2017" for the month page STEM, "2017-02". */
static void
month_label(struct page *p, const char *stem)
{
	int year, month;

	if (sscanf(stem, "%d-%d", &year, &month) != 2)
		return;
	fprintf(p->out, "%s %d", crier_month_name(month), year);
}

/* A link to the month page STEM, labelled as a month. */
static void
month_link(struct page *p, const char *rel, const char *stem)
{
	fprintf(p->out, "<a rel=\"%s\" href=\"", rel);
	text(p, stem);
	put(p, ".html\">");
	month_label(p, stem);
	put(p, "</a>");
}

/* The months around this one, and the page with the feeds. */
static void
month_nav(struct page *p)
{
	const struct crier_feed *f = p->feed;

	put(p, "<div class=\"months\" role=\"navigation\" "
	    "aria-label=\"Months\">\n<p>");
	if (f->next_archive != NULL) {
		month_link(p, "next", f->next_archive);
		put(p, " &middot; ");
	}
	if (f->prev_archive != NULL) {
		month_link(p, "prev", f->prev_archive);
		put(p, " &middot; ");
	}
	put(p, "<a href=\"" CRIER_HTML_FILE "\">Latest, and feeds</a></p>\n"
	    "</div>\n");
}

/*
 * A month page's masthead: the feed's title, the month, and the way to
 * the months around it and to the page with the feeds.
 */
static void
month_masthead(struct page *p)
{
	const struct crier_feed *f = p->feed;

	put(p, "<div class=\"masthead\" role=\"banner\">\n<h1>");
	text(p, f->title);
	put(p, "</h1>\n<p class=\"subtitle\">");
	month_label(p, f->stem);
	put(p, "</p>\n");
	month_nav(p);
	put(p, "</div>\n");
}

/* On index.html with Limit: every month page, newest first, by year. */
static void
month_list(struct page *p)
{
	const struct crier_feed *f = p->feed;
	const struct crier_feed *first = f->views + f->archive_count;
	const struct crier_feed *v;
	int year, month, shown_year = 0;

	if (f->month_count == 0)
		return;
	put(p, "<div class=\"months\" role=\"navigation\" "
	    "aria-label=\"Every entry, by month\">\n<h2>Every entry, by "
	    "month</h2>\n<ul>\n");
	for (v = first + f->month_count; v-- > first;) {
		if (sscanf(v->stem, "%d-%d", &year, &month) != 2)
			continue;
		if (year != shown_year) {
			fprintf(p->out, "%s<li>%d: ", shown_year != 0 ?
			        "</li>\n" : "", year);
			shown_year = year;
		} else {
			put(p, ", ");
		}
		put(p, "<a href=\"");
		text(p, v->stem);
		fprintf(p->out, ".html\">%s</a>", crier_month_name(month));
	}
	put(p, "</li>\n</ul>\n</div>\n");
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

	if (f->archive_count + f->month_count + f->talk_calendar_count ==
	    f->view_count)
		return;
	put(p, "<div class=\"facets\" role=\"navigation\" "
	    "aria-label=\"Feeds of a part\">\n<h2>Follow a part</h2>\n<ul>\n");
	for (i = f->archive_count + f->month_count; i < f->view_count -
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
		crier_page_talk_table(p, "Talks", talks, count);
		put(p, "</div>\n");
	}
	free(talks);
}

int
crier_write_html(const struct crier_feed *feed, struct crier_entries *entries,
                 FILE *out, struct crier_diags *diags)
{
	char *file = crier_feed_file(feed, CRIER_OUT_HTML);
	struct page p = {out, feed, file, diags, 0};
	/*
	 * What the feeds hold: every published entry without Limit, for
	 * entries without a Link of their own link here; with Limit the
	 * month pages hold the others, and a month page holds its month.
	 */
	size_t i, n = crier_feed_output_count(feed);
	unsigned char *shown = crier_xcalloc(feed->entry_count + 1, 1);
	const char *html, *made;

	head(&p);
	put(&p, "<body>\n<div class=\"page\">\n");
	if (feed->stem != NULL) {
		month_masthead(&p);
	} else {
		masthead(&p);
		facet_list(&p);
	}
	put(&p, "<div class=\"entries\" role=\"main\">\n");
	for (i = 0; i < n; i++)
		if (feed->published[i]->kind == CRIER_ANNOUNCEMENT)
			shown[feed->published[i] - feed->entries] = 1;
	/*
	 * The renderer gives the entries the feeds hold, in this order: the
	 * page takes each in step and uses an announcement's body, so that
	 * no body is rendered twice.  Talks' bodies, in their tables, it
	 * renders itself.
	 */
	for (i = 0; i < n && !p.failed; i++) {
		made = NULL;
		if (entries != NULL) {
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
	if (feed->stem != NULL)
		month_nav(&p);
	month_list(&p);
	footer(&p);
	put(&p, "</div>\n</body>\n</html>\n");
	free(shown);
	free(file);
	if (p.failed)
		return CRIER_EINPUT;
	return fflush(out) != 0 || ferror(out) ? CRIER_EIO : CRIER_OK;
}
