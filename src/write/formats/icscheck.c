/*
 * icscheck.c - reading talks.ics back as a strict calendar reader would.
 *
 * The bytes arrive in pieces, so the checker keeps the physical line it
 * is in and the content line (RFC 5545 3.1: physical lines joined where
 * the next one starts with a space) that it belongs to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "ics.h"

#define MAX_DEPTH 8
#define LINE_OCTETS 75

/* Required properties of an event, as bits. */
enum { HAS_UID = 1, HAS_DTSTAMP = 2, HAS_DTSTART = 4, HAS_ALL = 7 };

struct ics_check {
	struct crier_check base;
	const struct crier_feed *feed;
	char *path;
	const struct crier_entry **events;   /* what the calendar must hold */
	size_t event_count;
	size_t event;          /* events begun so far */
	unsigned event_seen;   /* HAS_* of the current event */
	unsigned long line;    /* physical lines ended so far */
	unsigned long content_start;  /* where the content line began */
	int has_calendar;
	int after_cr;          /* the last byte was a CR */
	int has_version, has_prodid;
	struct crier_buf physical, content;
	char *stack[MAX_DEPTH];
	int depth;
	char problem[512];
};

static void
problem(struct ics_check *c, const char *fmt, const char *arg)
{
	int n;

	if (c->problem[0] != '\0')
		return;
	n = snprintf(c->problem, sizeof(c->problem), "line %lu: ",
	             c->content_start);
	snprintf(c->problem + n, sizeof(c->problem) - (size_t)n, fmt, arg);
}

/* Whether S (LEN bytes) is whole UTF-8 characters. */
static int
is_whole_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;

	while (i < len) {
		if (s[i] < 0x80)
			n = 0;
		else if ((s[i] & 0xE0) == 0xC0)
			n = 1;
		else if ((s[i] & 0xF0) == 0xE0)
			n = 2;
		else if ((s[i] & 0xF8) == 0xF0)
			n = 3;
		else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += n + 1;
	}
	return 1;
}

/* RFC 5545 3.3.11, reversed. */
static char *
unescape_text(const char *s)
{
	char *out = crier_xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			*o++ = *s;
			continue;
		}
		s++;
		*o++ = *s == 'n' || *s == 'N' ? '\n' : *s;
	}
	*o = '\0';
	return out;
}

static void
begin(struct ics_check *c, const char *what)
{
	if (c->depth == 0 && strcmp(what, "VCALENDAR") != 0)
		problem(c, "%s outside the VCALENDAR", what);
	if (strcmp(what, "VCALENDAR") == 0 && c->has_calendar++ > 0)
		problem(c, "a second VCALENDAR%s", "");
	if (strcmp(what, "VEVENT") == 0) {
		if (c->depth != 1)
			problem(c, "a VEVENT not directly in the VCALENDAR%s",
			        "");
		c->event++;
		c->event_seen = 0;
	}
	if (c->depth == MAX_DEPTH) {
		problem(c, "components nested too deep%s", "");
		return;
	}
	c->stack[c->depth++] = crier_xstrdup(what);
}

static void
end(struct ics_check *c, const char *what)
{
	if (c->depth == 0 || strcmp(c->stack[c->depth - 1], what) != 0) {
		problem(c, "END:%s does not match its BEGIN", what);
		return;
	}
	free(c->stack[--c->depth]);
	if (strcmp(what, "VEVENT") == 0 && c->event_seen != HAS_ALL)
		problem(c, "an event lacks UID, DTSTAMP or DTSTART%s", "");
	if (strcmp(what, "VCALENDAR") == 0 &&
	    !(c->has_version && c->has_prodid))
		problem(c, "the calendar lacks VERSION or PRODID%s", "");
}

static void
event_uid(struct ics_check *c, const char *value)
{
	char *uid = unescape_text(value);

	if (c->event > c->event_count)
		problem(c, "more events than the feed has%s", "");
	else if (strcmp(uid, c->events[c->event - 1]->uri) != 0)
		problem(c, "the event's UID is not %s",
		        c->events[c->event - 1]->uri);
	free(uid);
}

/* One content line: NAME *(";" param) ":" value. */
static void
read_content_line(struct ics_check *c, char *s)
{
	size_t name_len = strcspn(s, ";:");
	char *value = s + name_len;
	int in_event = c->depth == 2 && strcmp(c->stack[1], "VEVENT") == 0;

	if (name_len == 0 || *value == '\0') {
		problem(c, "not a content line: %.60s", s);
		return;
	}
	/* The value starts at the first colon outside a quoted parameter. */
	for (; *value != ':' && *value != '\0'; value++)
		if (*value == '"' && (value = strchr(value + 1, '"')) == NULL)
			break;
	if (value == NULL || *value != ':') {
		problem(c, "not a content line: %.60s", s);
		return;
	}
	s[name_len] = '\0';
	value++;
	if (c->depth == 0 && strcmp(s, "BEGIN") != 0)
		problem(c, "%s outside the VCALENDAR", s);
	if (strcmp(s, "BEGIN") == 0)
		begin(c, value);
	else if (strcmp(s, "END") == 0)
		end(c, value);
	else if (c->depth == 1 && strcmp(s, "VERSION") == 0)
		c->has_version = strcmp(value, "2.0") == 0;
	else if (c->depth == 1 && strcmp(s, "PRODID") == 0)
		c->has_prodid = 1;
	else if (in_event && strcmp(s, "UID") == 0) {
		c->event_seen |= HAS_UID;
		event_uid(c, value);
	} else if (in_event && strcmp(s, "DTSTAMP") == 0)
		c->event_seen |= HAS_DTSTAMP;
	else if (in_event && strcmp(s, "DTSTART") == 0)
		c->event_seen |= HAS_DTSTART;
}

static void
flush_content(struct ics_check *c)
{
	if (c->content.len > 0)
		read_content_line(c, c->content.data);
	c->content.len = 0;
}

/* A physical line has ended (its CRLF seen). */
static void
physical_line(struct ics_check *c)
{
	const char *s = c->physical.data != NULL ? c->physical.data : "";
	size_t len = c->physical.len;

	if (len > LINE_OCTETS)
		problem(c, "a line longer than 75 octets%s", "");
	else if (!is_whole_utf8((const unsigned char *)s, len))
		problem(c, "a line that is not whole UTF-8 characters%s", "");
	else if (len == 0)
		problem(c, "an empty line%s", "");
	else if (s[0] == ' ' || s[0] == '\t') {
		if (c->content.len == 0)
			problem(c, "a continuation line with nothing to continue%s",
			        "");
		crier_buf_add(&c->content, s + 1, len - 1);
	} else {
		flush_content(c);
		c->content_start = c->line + 1;
		crier_buf_add(&c->content, s, len);
	}
	c->physical.len = 0;
	c->line++;
}

static void
ics_push(struct crier_check *check, const char *data, size_t len)
{
	struct ics_check *c = (struct ics_check *)check;
	const char *end = data + len, *stop;

	while (data < end && c->problem[0] == '\0') {
		if (c->after_cr) {
			if (*data != '\n')
				problem(c, "a CR without LF%s", "");
			c->after_cr = 0;
			data++;
			physical_line(c);
			continue;
		}
		stop = data;
		while (stop < end && *stop != '\r' && *stop != '\n')
			stop++;
		crier_buf_add(&c->physical, data, (size_t)(stop - data));
		if (stop < end && *stop == '\n')
			problem(c, "a line ends in LF without CR%s", "");
		else if (stop < end)
			c->after_cr = 1;
		data = stop < end ? stop + 1 : stop;
	}
}

static int
ics_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct ics_check *c = (struct ics_check *)check;
	const struct crier_entry *at = NULL;
	int rc = 0;

	if (c->after_cr || c->physical.len > 0)
		problem(c, "the last line does not end in CRLF%s", "");
	flush_content(c);
	if (c->line == 0)
		problem(c, "the calendar is empty%s", "");
	if (c->depth != 0)
		problem(c, "a component is not closed%s", "");
	if (c->event != c->event_count)
		problem(c, "the calendar lacks some events%s", "");
	if (c->problem[0] != '\0') {
		if (c->event > 0 && c->event <= c->event_count)
			at = c->events[c->event - 1];
		crier_diag(diags, at != NULL ? at->file : c->path, 0, 0,
		           MSG_SELF_CHECK, c->problem);
		rc = -1;
	}
	while (c->depth > 0)
		free(c->stack[--c->depth]);
	crier_buf_free(&c->physical);
	crier_buf_free(&c->content);
	free(c->events);
	free(c->path);
	free(c);
	return rc;
}

struct crier_check *
crier_check_ics_new(const struct crier_feed *feed, const char *path)
{
	struct ics_check *c = crier_xcalloc(1, sizeof(*c));

	c->base.push = ics_push;
	c->base.finish = ics_finish;
	c->feed = feed;
	c->path = crier_xstrdup(path);
	c->events = crier_ics_events(feed, &c->event_count);
	return &c->base;
}
