/*
 * schedread.h - what schedule.c, the reader of schedule.xml, shares with
 * schedtimes.c, which turns an event's date, start and duration into
 * instants, and schedevent.c, which reads an event's text and media.
 */
#ifndef CRIER_SCHEDREAD_H
#define CRIER_SCHEDREAD_H

#include <stdint.h>

#include <libxml/tree.h>

#include "import.h"
#include "schedfilter.h"
#include "schedkeys.h"
#include "times.h"

#define SECONDS_PER_DAY 86400

/* Longer than a week is a mistake in the schedule ("6944:11:40"). */
#define MAX_EVENT_S (7 * SECONDS_PER_DAY)

/*
 * A zone lookup answered once: times.c reads the zone file again for
 * every question (it enters the zone and leaves it), and a big schedule
 * asks the same few hundred ones thousands of times, its talks starting
 * and ending on a grid of slots.  QUESTION is "=" and a time as given to
 * crier_time_parse(), or "@EPOCH_S" for the offset in force then.
 */
#define QUESTION_SIZE 48

struct zone_answer {
	char question[QUESTION_SIZE];  /* "" in a free slot */
	enum crier_time_result result;
	struct crier_time t;
};

struct reader {
	const struct crier_import_options *opt;
	const struct crier_sched_sink *sink;   /* or NULL */
	struct crier_diags *diags;
	struct crier_schedule *s;
	struct crier_arena *arena;        /* s's, or while in an event its own */
	struct crier_arena *event_arena;  /* reset after each event */
	struct crier_sched_keys *keys;    /* of the events taken */
	size_t selected_count;   /* events the filters took, listed twice or not */
	const char *zone;          /* for times without an offset, or NULL */
	int has_zone_error;        /* "give --timezone" said once */
	int errors;
	struct crier_sched_filters *filters;
	const char *day_change;    /* <day_change>, or NULL */
	const char *base_url;      /* <base_url>, for relative hrefs */
	int64_t timeslot_s;        /* <timeslot_duration>, or 0 */
	struct zone_answer *answers;   /* open addressing, for r->zone */
	size_t answer_count, answer_capacity;   /* capacity: a power of 2 */
};

/* An event's elements as the schedule gives them. */
struct raw_event {
	const xmlNode *node;
	unsigned line;
	const char *id, *guid, *label;
	const char *title, *subtitle, *room, *track, *type, *slug, *url;
	const char *date, *start, *duration;
	const char *end;                      /* schedule.json's "end" */
	const char *abstract, *description;   /* not folded */
	const char **persons;
	size_t person_count;
	const xmlNode *links;
	const char *day_date, *day_start;     /* of its <day> */
};

/*
 * schedevent.c.  NODE's first child element NAME, or NULL.  NODE's text,
 * or NULL if empty (entity references, never expanded, add nothing);
 * TEXT folded to one line, NULL when empty; the text of NODE's child
 * NAME, folded; NODE's attribute NAME, folded.  Strings are R's.
 */
const xmlNode *crier_sched_child(const xmlNode *node, const char *name);
const char *crier_sched_text(struct reader *r, const xmlNode *node);
const char *crier_sched_fold(struct reader *r, const char *text);
const char *crier_sched_folded_child(struct reader *r, const xmlNode *node,
                                     const char *name);
const char *crier_sched_attribute(struct reader *r, const xmlNode *node,
                                  const char *name);

/* EV's body, in parts: subtitle, abstract, description, links but URL. */
void crier_sched_event_body(struct reader *r, const struct raw_event *ev,
                            const char *url, struct crier_sched_body *body);

/*
 * E's attachments: <attachments>, and <links> to slides and videos, as
 * media values (see crier_sched_media_kind()); and the recording opt-out.
 */
void crier_sched_event_media(struct reader *r, const struct raw_event *ev,
                             struct crier_sched_event *e);

/* "10:30", "9:05", "25:30" or "01:30:00" in seconds; -1 if not that. */
int64_t crier_sched_parse_clock(const char *s);

/*
 * EV's start and end as instants, in the schedule's zone where it gives
 * no offset.  Returns 0, or -1 with an error in R's diagnostics.
 */
int crier_sched_event_times(struct reader *r, const struct raw_event *ev,
                            struct crier_time *starts,
                            struct crier_time *ends);

#endif /* CRIER_SCHEDREAD_H */
