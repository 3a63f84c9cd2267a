/*
 * ics.c - the iCalendar file (RFC 5545) of the talks, for calendar apps
 * that subscribe to the schedule.
 *
 * Choices:
 * - every talk is an event, and so is every announcement that has an
 *   event time (a booth, a meetup, the conference itself): a source of
 *   announcements without talks still gives a useful calendar;
 * - times are UTC instants ("...Z").  They are exact whatever the reader's
 *   zone, and need no VTIMEZONE, which would have to be generated from
 *   the time zone database and which readers honour unevenly.  Calendar
 *   apps show them in the reader's own zone, as they do for every
 *   subscribed calendar.  An announcement's event that runs from midnight
 *   to midnight in its zone is a whole-day event (VALUE=DATE), which apps
 *   show on the days it names rather than at shifted hours;
 * - UID is the entry's tag: URI, so an event never changes identity, and
 *   DTSTAMP is the record's updated time, never the clock;
 * - DESCRIPTION is plain text: the Summary, else the body's text, read
 *   from cmark's tree (cmark has no plain-text renderer).
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "alloc.h"
#include "buf.h"
#include "ics.h"

/*
 * How often calendar apps should fetch the file again: schedules change
 * until the last day, and an hour is what people expect of a change.
 */
#define CRIER_ICS_REFRESH "PT1H"

/* RFC 5545 3.1: content lines are folded at 75 octets. */
#define LINE_OCTETS 75

struct ics {
	FILE *out;
	struct crier_buf line;   /* the content line being built, unfolded */
};

/* Writes LINE folded, without splitting a UTF-8 sequence, and CRLF. */
static void
put_folded(FILE *out, const char *s, size_t len)
{
	size_t room = LINE_OCTETS, n;

	for (;;) {
		n = len <= room ? len : room;
		/* Back off from the middle of a character. */
		while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		fwrite(s, 1, n, out);
		fputs("\r\n", out);
		s += n;
		len -= n;
		if (len == 0)
			return;
		/* A continuation line starts with a space, which counts. */
		fputc(' ', out);
		room = LINE_OCTETS - 1;
	}
}

static void
end_line(struct ics *c)
{
	put_folded(c->out, c->line.data, c->line.len);
	c->line.len = 0;
}

/* RFC 5545 3.3.11: backslash, semicolon, comma and newline escaped. */
static void
add_text(struct crier_buf *b, const char *s)
{
	const char *run = s;
	const char *esc;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\': esc = "\\\\"; break;
		case ';': esc = "\\;"; break;
		case ',': esc = "\\,"; break;
		case '\n': esc = "\\n"; break;
		case '\r':
			esc = s[1] == '\n' ? "" : "\\n";
			break;
		default: continue;
		}
		crier_buf_add(b, run, (size_t)(s - run));
		crier_buf_puts(b, esc);
		run = s + 1;
	}
	crier_buf_add(b, run, (size_t)(s - run));
}

/* NAME:VALUE with VALUE written as it is (a URI, a number, a name). */
static void
prop_raw(struct ics *c, const char *name, const char *value)
{
	crier_buf_printf(&c->line, "%s:%s", name, value);
	end_line(c);
}

static void
prop_text(struct ics *c, const char *name, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	crier_buf_printf(&c->line, "%s:", name);
	add_text(&c->line, text);
	end_line(c);
}

/* A DATE-TIME in UTC: 20170204T103000Z. */
static void
prop_utc(struct ics *c, const char *name, struct crier_time t)
{
	struct crier_civil u;

	t.offset_s = 0;
	crier_time_civil(t, &u);
	crier_buf_printf(&c->line, "%s:%04d%02d%02dT%02d%02d%02dZ", name,
	                 u.year, u.month, u.day, u.hour, u.minute, u.second);
	end_line(c);
}

/* A DATE, the day T falls on in its own offset: 20170204. */
static void
prop_date(struct ics *c, const char *name, struct crier_time t)
{
	struct crier_civil d;

	crier_time_civil(t, &d);
	crier_buf_printf(&c->line, "%s;VALUE=DATE:%04d%02d%02d", name,
	                 d.year, d.month, d.day);
	end_line(c);
}

static int
is_midnight(struct crier_time t)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	return c.hour == 0 && c.minute == 0 && c.second == 0;
}

/* An announcement's event from midnight to midnight takes whole days. */
static int
is_whole_days(const struct crier_entry *e)
{
	return e->kind == CRIER_ANNOUNCEMENT && is_midnight(e->starts) &&
	       is_midnight(e->ends) && e->ends.epoch_s > e->starts.epoch_s;
}

/* ------------------------------------------------------------------ */
/* Markdown to plain text                                              */
/* ------------------------------------------------------------------ */

struct plain {
	struct crier_buf *out;
	size_t start;       /* where the text began in OUT */
	int pending;        /* newlines owed before the next text */
	int list_depth;
};

static void
want_break(struct plain *p, int newlines)
{
	if (p->out->len > p->start && p->pending < newlines)
		p->pending = newlines;
}

static void
put_plain(struct plain *p, const char *s, size_t len)
{
	for (; p->pending > 0; p->pending--)
		crier_buf_add(p->out, "\n", 1);
	crier_buf_add(p->out, s, len);
}

static void
item_marker(struct plain *p, cmark_node *item)
{
	cmark_node *list = cmark_node_parent(item), *n;
	char marker[32];
	int i, number;

	for (i = 1; i < p->list_depth; i++)
		put_plain(p, "  ", 2);
	if (cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
		put_plain(p, "- ", 2);
		return;
	}
	number = cmark_node_get_list_start(list);
	for (n = cmark_node_first_child(list); n != item && n != NULL;
	    n = cmark_node_next(n))
		number++;
	snprintf(marker, sizeof(marker), "%d. ", number);
	put_plain(p, marker, strlen(marker));
}

/* A link's address follows its text, unless the text is the address. */
static void
link_target(struct plain *p, cmark_node *link, size_t text_at)
{
	const char *url = cmark_node_get_url(link);

	if (url == NULL || (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0))
		return;
	if (strcmp(p->out->data + text_at, url) == 0)
		return;
	put_plain(p, " <", 2);
	put_plain(p, url, strlen(url));
	put_plain(p, ">", 1);
}

static void
enter_node(struct plain *p, cmark_node *n)
{
	const char *lit;
	cmark_node *parent = cmark_node_parent(n);
	size_t len;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (cmark_node_get_type(parent) != CMARK_NODE_ITEM ||
		    cmark_node_previous(n) != NULL)
			want_break(p, 2);
		break;
	case CMARK_NODE_HEADING:
	case CMARK_NODE_BLOCK_QUOTE:
		want_break(p, 2);
		break;
	case CMARK_NODE_LIST:
		/* A list in a list item starts on the item's next line. */
		want_break(p, p->list_depth > 0 ? 1 : 2);
		p->list_depth++;
		break;
	case CMARK_NODE_ITEM:
		want_break(p, 1);
		item_marker(p, n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		want_break(p, 2);
		lit = cmark_node_get_literal(n);
		len = strlen(lit);
		put_plain(p, lit, len > 0 && lit[len - 1] == '\n' ? len - 1 : len);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		want_break(p, 2);
		put_plain(p, "----", 4);
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		put_plain(p, lit, strlen(lit));
		break;
	case CMARK_NODE_SOFTBREAK:
		put_plain(p, " ", 1);
		break;
	case CMARK_NODE_LINEBREAK:
		put_plain(p, "\n", 1);
		break;
	default:
		/* Raw HTML is markup, not text a reader sees. */
		break;
	}
}

/* Appends the text of LEN bytes of Markdown to OUT. */
static void
markdown_text(const char *md, size_t len, struct crier_buf *out)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *n;
	struct plain p = {out, 0, 0, 0};
	size_t link_at[32], depth = 0;

	if (doc == NULL || (it = cmark_iter_new(doc)) == NULL)
		crier_out_of_memory("cmark");
	crier_buf_add(out, "", 0);
	p.start = out->len;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_LINK) {
			/* Owed newlines go first: they are not link text. */
			if (ev == CMARK_EVENT_ENTER)
				put_plain(&p, "", 0);
			if (ev == CMARK_EVENT_ENTER && depth < 32)
				link_at[depth] = out->len;
			if (ev == CMARK_EVENT_ENTER)
				depth++;
			else if (--depth < 32)
				link_target(&p, n, link_at[depth]);
		} else if (ev == CMARK_EVENT_ENTER) {
			enter_node(&p, n);
		} else if (cmark_node_get_type(n) == CMARK_NODE_LIST) {
			p.list_depth--;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

static int
by_start(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;

	if (x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->uri, y->uri);
}

const struct crier_entry **
crier_ics_events(const struct crier_feed *feed, size_t *count_out)
{
	size_t i, n = 0, total = crier_feed_output_count(feed);
	const struct crier_entry **events;

	if (total == 0) {
		*count_out = 0;
		return NULL;
	}
	events = crier_xcalloc(total, sizeof(*events));
	for (i = 0; i < total; i++)
		if (feed->published[i]->has_event_time)
			events[n++] = feed->published[i];
	qsort(events, n, sizeof(*events), by_start);
	*count_out = n;
	return events;
}

/* "By A, B and C.", then the Summary, else the body's text. */
static int
add_description(const struct crier_feed *feed, const struct crier_entry *e,
                struct crier_diags *diags,
                struct crier_buf *text)
{
	size_t i, len;
	char *md;

	if (e->speaker_count > 0) {
		crier_buf_puts(text, "By ");
		for (i = 0; i < e->speaker_count; i++) {
			crier_buf_puts(text, i == 0 ? "" :
			               i + 1 == e->speaker_count ? " and " : ", ");
			crier_buf_puts(text, e->speakers[i].name);
		}
		crier_buf_puts(text, ".\n\n");
	}
	if (e->summary != NULL) {
		crier_buf_puts(text, e->summary);
		return 0;
	}
	if (crier_entry_body(feed, e, diags, &md, &len) != 0)
		return -1;
	markdown_text(md, len, text);
	free(md);
	while (text->len > 0 && strchr(" \t\n", text->data[text->len - 1]))
		text->data[--text->len] = '\0';
	return 0;
}

/* CATEGORIES is a list: each value escaped, joined by bare commas. */
static void
prop_categories(struct ics *c, const struct crier_entry *e)
{
	size_t i, n = 0;

	crier_buf_puts(&c->line, "CATEGORIES:");
	if (e->track != NULL) {
		add_text(&c->line, e->track);
		n++;
	}
	for (i = 0; i < e->category_count; i++, n++) {
		if (n > 0)
			crier_buf_puts(&c->line, ",");
		add_text(&c->line, e->categories[i]);
	}
	if (n > 0)
		end_line(c);
	c->line.len = 0;
}

/*
 * Calendar apps take an event with the same UID as an update only when
 * its SEQUENCE is higher (RFC 5546).  The record's revision grows with
 * every change its Updated records, and needs no state kept.
 */
static void
prop_sequence(struct ics *c, const struct crier_entry *e)
{
	char buf[16];

	if (e->revision == 0)
		return;
	snprintf(buf, sizeof(buf), "%lu", (unsigned long)(e->revision <
	         INT32_MAX ? e->revision : INT32_MAX));
	prop_raw(c, "SEQUENCE", buf);
}

/* ATTACH (RFC 5545 3.8.1.1): each medium's URI with its media type. */
static void
prop_attachments(struct ics *c, const struct crier_entry *e)
{
	char name[160];
	size_t i;

	for (i = 0; i < e->media_count; i++) {
		snprintf(name, sizeof(name), "ATTACH;FMTTYPE=%s",
		         e->media[i].type);
		prop_raw(c, name, e->media[i].url);
	}
}

/*
 * Some calendar apps hide STATUS:CANCELLED, or drop the event: the
 * SUMMARY of a cancelled one starts with Calendar-Cancelled-Prefix
 * ("Cancelled:" unless set; nothing when it is "no").
 */
static void
prop_summary(struct ics *c, const struct crier_feed *feed,
             const struct crier_entry *e)
{
	const char *prefix = feed->calendar_cancelled_prefix;

	if (e->status != CRIER_CANCELLED || prefix == NULL) {
		prop_text(c, "SUMMARY", e->title);
		return;
	}
	crier_buf_puts(&c->line, "SUMMARY:");
	if (*prefix != '\0') {
		add_text(&c->line, prefix);
		crier_buf_puts(&c->line, " ");
	}
	add_text(&c->line, crier_entry_bare_title(e));
	end_line(c);
}

static int
write_event(struct ics *c, const struct crier_feed *feed,
            const struct crier_entry *e, struct crier_diags *diags)
{
	struct crier_buf text = {0};
	int rc = 0;

	prop_raw(c, "BEGIN", "VEVENT");
	prop_text(c, "UID", e->uri);
	prop_utc(c, "DTSTAMP", e->updated);
	if (is_whole_days(e)) {
		prop_date(c, "DTSTART", e->starts);
		prop_date(c, "DTEND", e->ends);
		/* Days at a conference should not mark the reader busy. */
		prop_raw(c, "TRANSP", "TRANSPARENT");
	} else {
		prop_utc(c, "DTSTART", e->starts);
		/* RFC 5545 3.6.1: a single moment simply has no DTEND. */
		if (e->ends.epoch_s != e->starts.epoch_s)
			prop_utc(c, "DTEND", e->ends);
	}
	prop_utc(c, "CREATED", e->published);
	prop_utc(c, "LAST-MODIFIED", e->updated);
	prop_sequence(c, e);
	if (e->status == CRIER_CANCELLED)
		prop_raw(c, "STATUS", "CANCELLED");
	prop_summary(c, feed, e);
	if (add_description(feed, e, diags, &text) != 0)
		rc = -1;
	else
		prop_text(c, "DESCRIPTION", text.data);
	prop_text(c, "LOCATION", e->place);
	if (e->link != NULL)
		prop_raw(c, "URL", e->link);
	prop_attachments(c, e);
	prop_categories(c, e);
	prop_raw(c, "END", "VEVENT");
	crier_buf_free(&text);
	return rc;
}

/*
 * RFC 5545 3.6 wants at least one component in a calendar: an empty one
 * gets the UTC zone, which every event here could name anyway.
 */
static void
write_utc_zone(struct ics *c)
{
	prop_raw(c, "BEGIN", "VTIMEZONE");
	prop_raw(c, "TZID", "UTC");
	prop_raw(c, "BEGIN", "STANDARD");
	prop_raw(c, "DTSTART", "19700101T000000");
	prop_raw(c, "TZOFFSETFROM", "+0000");
	prop_raw(c, "TZOFFSETTO", "+0000");
	prop_raw(c, "TZNAME", "UTC");
	prop_raw(c, "END", "STANDARD");
	prop_raw(c, "END", "VTIMEZONE");
}

int
crier_write_ics(const struct crier_feed *feed, struct crier_entries *entries,
                FILE *out, struct crier_diags *diags)
{
	struct ics c = {out, {0}};
	size_t i, n;
	const struct crier_entry **events = crier_ics_events(feed, &n);
	int rc = CRIER_OK;

	(void)entries;   /* plain text, not the entries' HTML */
	prop_raw(&c, "BEGIN", "VCALENDAR");
	prop_raw(&c, "VERSION", "2.0");
	prop_raw(&c, "PRODID", "-//crier//crier " CRIER_VERSION "//EN");
	prop_raw(&c, "CALSCALE", "GREGORIAN");
	prop_raw(&c, "METHOD", "PUBLISH");
	/* RFC 7986 names and refresh hints, and the older X-WR and X- forms. */
	prop_text(&c, "NAME", feed->title);
	prop_text(&c, "X-WR-CALNAME", feed->title);
	prop_text(&c, "X-WR-CALDESC", feed->subtitle);
	prop_raw(&c, "REFRESH-INTERVAL;VALUE=DURATION", CRIER_ICS_REFRESH);
	prop_raw(&c, "X-PUBLISHED-TTL", CRIER_ICS_REFRESH);
	if (n == 0)
		write_utc_zone(&c);
	for (i = 0; i < n && rc == CRIER_OK; i++)
		if (write_event(&c, feed, events[i], diags) != 0)
			rc = CRIER_EINPUT;
	prop_raw(&c, "END", "VCALENDAR");
	free(events);
	crier_buf_free(&c.line);
	if (rc == CRIER_OK && (fflush(out) != 0 || ferror(out)))
		rc = CRIER_EIO;
	return rc;
}
