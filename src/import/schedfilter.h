/*
 * schedfilter.h - which events of a schedule import-schedule takes
 * (--track, --room, --speaker, --type, --event, --match), and a word for
 * each filter that took none.
 */
#ifndef CRIER_SCHEDFILTER_H
#define CRIER_SCHEDFILTER_H

#include <stddef.h>

#include "crier.h"

/* What the filters look at in one event; NULL where it has none. */
struct crier_sched_facts {
	const char *id, *guid, *title, *room, *track, *type;
	const char *const *persons;
	size_t person_count;
};

struct crier_sched_filters;

/*
 * The filters of OPT, their regular expressions compiled.  Returns NULL
 * after adding an error to DIAGS for each that is not one.  Free with
 * crier_sched_filters_free().
 */
struct crier_sched_filters *crier_sched_filters_new(
    const struct crier_import_options *opt, struct crier_diags *diags);

/*
 * Whether the event passes: filters of one kind are alternatives, and
 * every kind given must match.  Each call also notes which filters
 * matched, and the values a filter that never did may have meant.
 */
int crier_sched_filters_select(struct crier_sched_filters *f,
                               const struct crier_sched_facts *ev);

/*
 * After every event was offered: one error for each filter that matched
 * no event, naming the closest value the schedule has; else one if no
 * event passed them all, at SCHEDULE_FILE.  Returns the number of errors.
 */
int crier_sched_filters_report(const struct crier_sched_filters *f,
                               const char *schedule_file, size_t selected,
                               struct crier_diags *diags);

void crier_sched_filters_free(struct crier_sched_filters *f);

#endif /* CRIER_SCHEDFILTER_H */
