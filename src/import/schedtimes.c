/*
 * schedtimes.c - an event's <date>, or its day's date and <start>, and
 * its <duration> as instants: with the offset the schedule gives, else in
 * the conference's time zone, each zone question answered once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "diag.h"
#include "html2md.h"
#include "import.h"
#include "media.h"
#include "model.h"
#include "schedfilter.h"
#include "schedread.h"
#include "suggest.h"

static size_t
question_hash(const char *q)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *q != '\0'; q++)
		h = (h ^ (unsigned char)*q) * 0x100000001b3u;
	return (size_t)h;
}

/* The slot of QUESTION: its answer, or a free slot to put it in. */
static struct zone_answer *
answer_slot(struct zone_answer *v, size_t capacity, const char *question)
{
	size_t i = question_hash(question) & (capacity - 1);

	while (v[i].question[0] != '\0' && strcmp(v[i].question, question) != 0)
		i = (i + 1) & (capacity - 1);
	return &v[i];
}

/* QUESTION's answer, as a free slot now holding QUESTION if it is new. */
static struct zone_answer *
find_answer(struct reader *r, const char *question, int *is_new)
{
	struct zone_answer *old = r->answers, *a;
	size_t i, old_capacity = r->answer_capacity;

	if (2 * (r->answer_count + 1) > r->answer_capacity) {
		r->answer_capacity = old_capacity > 0 ? 2 * old_capacity : 256;
		r->answers = crier_xcalloc(r->answer_capacity,
		                           sizeof(*r->answers));
		for (i = 0; i < old_capacity; i++)
			if (old[i].question[0] != '\0')
				*answer_slot(r->answers, r->answer_capacity,
				             old[i].question) = old[i];
		free(old);
	}
	a = answer_slot(r->answers, r->answer_capacity, question);
	*is_new = a->question[0] == '\0';
	if (*is_new) {
		snprintf(a->question, sizeof(a->question), "%s", question);
		r->answer_count++;
	}
	return a;
}

/* crier_time_parse() of TEXT in the schedule's zone, asked once. */
static enum crier_time_result
parse_local(struct reader *r, const char *text, struct crier_time *out)
{
	char question[QUESTION_SIZE];
	struct zone_answer *a;
	int is_new;

	if (strlen(text) + 1 >= sizeof(question))
		return crier_time_parse(text, strlen(text), r->zone, out, NULL);
	snprintf(question, sizeof(question), "=%s", text);
	a = find_answer(r, question, &is_new);
	if (is_new)
		a->result = crier_time_parse(text, strlen(text), r->zone, &a->t,
		                             NULL);
	*out = a->t;
	return a->result;
}

/* crier_zone_offset() in the schedule's zone, asked once. */
static int
zone_offset(struct reader *r, int64_t epoch_s, int32_t *offset_s)
{
	struct zone_answer *a;
	char question[32];
	int is_new;

	snprintf(question, sizeof(question), "@%lld", (long long)epoch_s);
	a = find_answer(r, question, &is_new);
	if (is_new)
		a->result = crier_zone_offset(r->zone, epoch_s,
		    &a->t.offset_s) == 0 ? CRIER_TIME_OK : CRIER_TIME_BAD_ZONE;
	if (a->result != CRIER_TIME_OK)
		return -1;
	*offset_s = a->t.offset_s;
	return 0;
}

static void
zone_needed(struct reader *r, unsigned line)
{
	if (!r->has_zone_error)
		crier_diag(r->diags, r->s->path, line, 0, MSG_SCHEDULE_NO_ZONE);
	r->has_zone_error = 1;
	r->errors++;
}

/*
 * TEXT, an RFC 3339 time or a local one ("2019-10-27 02:30:00"), as an
 * instant.  Conferences do not stop for daylight saving time: a local
 * time the clocks skip is read with the offset before the change (02:30
 * becomes 03:30), one that happens twice as the first, with a warning.
 */
static int
resolve_time(struct reader *r, const struct raw_event *ev, const char *text,
             struct crier_time *out)
{
	char buf[40], when[CRIER_RFC3339_SIZE];
	struct crier_time as_utc;
	enum crier_time_result res;
	int32_t before_s;

	snprintf(buf, sizeof(buf), "%s", text);
	if (strlen(buf) > 10 && (buf[10] == 'T' || buf[10] == 't'))
		buf[10] = ' ';
	res = parse_local(r, buf, out);
	if (res == CRIER_TIME_NEEDS_ZONE)
		zone_needed(r, ev->line);
	if (res != CRIER_TIME_GAP && res != CRIER_TIME_AMBIGUOUS)
		return res == CRIER_TIME_OK ? 0 : -1;
	strcat(buf, "Z");
	if (crier_time_parse(buf, strlen(buf), NULL, &as_utc, NULL) != 0 ||
	    zone_offset(r, as_utc.epoch_s - SECONDS_PER_DAY, &before_s) != 0)
		return -1;
	out->epoch_s = as_utc.epoch_s - before_s;
	zone_offset(r, out->epoch_s, &out->offset_s);
	crier_time_rfc3339(*out, when);
	buf[strlen(buf) - 1] = '\0';
	crier_diag(r->diags, r->s->path, ev->line, 0, MSG_EVENT_LOCAL_TIME,
	           ev->label, buf, res == CRIER_TIME_GAP ? "does not exist"
	           : "happens twice", r->zone, when);
	return 0;
}

/* "10:30", "9:05", "25:30" or "01:30:00" in seconds; -1 if not that. */
int64_t
crier_sched_parse_clock(const char *s)
{
	long part[3] = {0, 0, 0};
	int n = 0;
	char *end;

	if (s == NULL)
		return -1;
	for (;;) {
		if (*s < '0' || *s > '9')
			return -1;
		part[n++] = strtol(s, &end, 10);
		if (end - s > 3 || (n > 1 && part[n - 1] > 59))
			return -1;
		if (*end != ':' || n == 3)
			break;
		s = end + 1;
	}
	if (*end != '\0' || n < 2)
		return -1;
	return (int64_t)part[0] * 3600 + part[1] * 60 + part[2];
}

/*
 * Without a <date>: the day's date and <start>.  A start before the time
 * the schedule's day begins (the day's start attribute, else the
 * conference's <day_change>) is past midnight: the next calendar day.
 */
static int
day_start_time(struct reader *r, const struct raw_event *ev,
               struct crier_time *out)
{
	int64_t clock_s = crier_sched_parse_clock(ev->start), change_s = -1;
	struct crier_time day;
	struct crier_civil c;
	char text[40];

	if (ev->day_date == NULL || clock_s < 0 || strlen(ev->day_date) < 10)
		return -1;
	snprintf(text, sizeof(text), "%.10s 00:00:00Z", ev->day_date);
	if (crier_time_parse(text, strlen(text), NULL, &day, NULL) != 0)
		return -1;
	if (ev->day_start != NULL && strlen(ev->day_start) >= 16) {
		snprintf(text, sizeof(text), "%.5s", ev->day_start + 11);
		change_s = crier_sched_parse_clock(text);
	} else if (r->day_change != NULL)
		change_s = crier_sched_parse_clock(r->day_change);
	if (change_s >= 0 && clock_s < change_s)
		clock_s += SECONDS_PER_DAY;
	crier_time_civil((struct crier_time){day.epoch_s + clock_s, 0}, &c);
	snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d", c.year,
	         c.month, c.day, c.hour, c.minute, c.second);
	return resolve_time(r, ev, text, out);
}

/*
 * <duration> as hours:minutes (or hours:minutes:seconds), else the
 * schedule.json "end"; 0 when the event gives neither.  An unreadable
 * or absurd one skips the event (-1): guessing would move a talk.
 */
static int
event_duration(struct reader *r, const struct raw_event *ev,
               const struct crier_time *starts, int64_t *duration_s)
{
	struct crier_time end;
	char why[96];

	if (*duration_s < 0 && ev->end != NULL &&
	    resolve_time(r, ev, ev->end, &end) == 0)
		*duration_s = end.epoch_s - starts->epoch_s;
	if (*duration_s < 0 && ev->duration == NULL && ev->end == NULL)
		*duration_s = 0;
	if (*duration_s >= 0 && *duration_s <= MAX_EVENT_S)
		return 0;
	snprintf(why, sizeof(why), *duration_s > MAX_EVENT_S
	         ? "its duration %.40s is more than a week"
	         : "its duration %.40s is not hours:minutes",
	         ev->duration != NULL ? ev->duration : ev->end);
	crier_diag(r->diags, r->s->path, ev->line, 0, MSG_EVENT_SKIPPED,
	           ev->label, why);
	return -1;
}

int
crier_sched_event_times(struct reader *r, const struct raw_event *ev,
            struct crier_time *starts, struct crier_time *ends)
{
	int64_t duration_s = crier_sched_parse_clock(ev->duration);
	int errors = r->errors;
	int32_t zone_s;
	char slot[16];

	if ((ev->date == NULL || resolve_time(r, ev, ev->date, starts) != 0) &&
	    day_start_time(r, ev, starts) != 0) {
		if (r->errors == errors)
			crier_diag(r->diags, r->s->path, ev->line, 0,
			           MSG_EVENT_SKIPPED, ev->label,
			           "no start time it can read");
		return -1;
	}
	if (event_duration(r, ev, starts, &duration_s) != 0)
		return -1;
	if (duration_s <= 0 && r->timeslot_s > 0) {
		duration_s = r->timeslot_s;
		snprintf(slot, sizeof(slot), "%d:%02d",
		         (int)(duration_s / 3600), (int)(duration_s / 60 % 60));
		crier_diag(r->diags, r->s->path, ev->line, 0,
		           MSG_EVENT_DEFAULT_DURATION, ev->label, slot);
	} else if (duration_s <= 0) {
		crier_diag(r->diags, r->s->path, ev->line, 0, MSG_EVENT_SKIPPED,
		           ev->label, "no duration");
		return -1;
	}
	ends->epoch_s = starts->epoch_s + duration_s;
	ends->offset_s = starts->offset_s;
	/*
	 * The end is shown in the zone, unless the start's own offset
	 * contradicts it (pretalx says "UTC" and writes +01:00): then the
	 * end keeps the start's offset, as the schedule shows them.
	 */
	if (r->zone != NULL && zone_offset(r, starts->epoch_s, &zone_s) == 0 &&
	    zone_s == starts->offset_s)
		zone_offset(r, ends->epoch_s, &ends->offset_s);
	return 0;
}
