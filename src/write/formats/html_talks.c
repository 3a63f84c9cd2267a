/*
 * html_talks.c - the talk tables of index.html: one row a talk, grouped
 * by day, then each talk's abstract below the table, with the changes a
 * moved or cancelled talk went through.
 */
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "html.h"
#include "html_page.h"

struct columns {
	int has_room, has_speakers, has_calendars;
	const char *zone;    /* every talk's zone, or NULL */
};

static struct columns
columns_of(const struct page *p, const struct crier_entry *const *talks,
           size_t n)
{
	struct columns c = {0, 0, 0, n > 0 ? talks[0]->timezone : NULL};
	size_t i;

	for (i = 0; i < n; i++) {
		c.has_room |= talks[i]->room != NULL;
		c.has_speakers |= talks[i]->speaker_count > 0;
		c.has_calendars |= crier_talk_calendar_stem(p->feed,
		                                            talks[i]) != NULL;
		if (c.zone != NULL && (talks[i]->timezone == NULL ||
		    strcmp(c.zone, talks[i]->timezone) != 0 ||
		    !crier_page_is_in_zone(c.zone, talks[i]->starts) ||
		    !crier_page_is_in_zone(c.zone, talks[i]->ends)))
			c.zone = NULL;
	}
	return c;
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
	if (!crier_page_same_day(t->previous_starts, t->starts)) {
		crier_page_day(p, t->previous_starts);
		put(p, ", ");
	}
	crier_page_clock(p, t->previous_starts);
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
	crier_page_clock_span(p, t, c->zone != NULL);
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
	/* A badge says it: the title as the record gives it. */
	text(p, crier_entry_bare_title(t));
	put(p, "</a></th>");
	if (c->has_speakers) {
		put(p, "<td data-label=\"Speakers\">");
		crier_page_people(p, t->speakers, t->speaker_count);
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
	if (!crier_page_links_here(p, t)) {
		put(p, "<a href=\"");
		text(p, t->link);
		put(p, "\">");
	}
	text(p, crier_entry_bare_title(t));
	put(p, crier_page_links_here(p, t) ? "</h3>\n" : "</a></h3>\n");
	put(p, "<p class=\"meta\">");
	badge(p, t);
	crier_page_event_span(p, t, is_zone_named);
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
		crier_page_people(p, t->speakers, t->speaker_count);
	}
	put(p, "</p>\n");
	if (t->status == CRIER_MOVED && (t->has_previous_starts ||
	    t->previous_room != NULL)) {
		put(p, "<p class=\"meta\">Moved from ");
		if (t->has_previous_starts) {
			crier_page_day(p, t->previous_starts);
			put(p, ", ");
			crier_page_clock(p, t->previous_starts);
		}
		if (t->previous_room != NULL) {
			put(p, t->has_previous_starts ? ", " : "");
			text(p, t->previous_room);
		}
		put(p, ".</p>\n");
	}
	crier_page_body(p, t, NULL);
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
		if (i == 0 || !crier_page_same_day(talks[i - 1]->starts,
		                                     talks[i]->starts)) {
			put(p, i == 0 ? "<tbody>\n" : "</tbody>\n<tbody>\n");
			fprintf(p->out, "<tr><th class=\"day\" scope=\"rowgroup\" "
			        "colspan=\"%d\">", span);
			crier_page_day(p, talks[i]->starts);
			put(p, "</th></tr>\n");
		}
		talk_row(p, talks[i], c);
	}
	if (n > 0)
		put(p, "</tbody>\n");
}

void
crier_page_talk_table(struct page *p, const char *caption,
           const struct crier_entry *const *talks, size_t n)
{
	struct columns c = columns_of(p, talks, n);
	size_t i;

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
