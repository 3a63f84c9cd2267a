/*
 * schedout.h - the schedule.xml output (Outputs: schedule): the
 * source's published talks for conference apps, frab dialect.
 */
#ifndef CRIER_SCHEDOUT_H
#define CRIER_SCHEDOUT_H

#include <stdio.h>

#include "model.h"
#include "render.h"
#include "selfcheck.h"

/*
 * Writes FEED's published talks to OUT as schedule.xml.  Returns 0, or
 * -1 with an error in DIAGS.  ENTRIES is not used: it reads bodies
 * itself, as Markdown.
 */
int crier_write_schedule(const struct crier_feed *feed,
                         struct crier_entries *entries, FILE *out,
                         struct crier_diags *diags);

/* Reads it back: well-formed, a <schedule>, one <event> per talk. */
crier_check_new_fn crier_check_schedule_new;

#endif /* CRIER_SCHEDOUT_H */
