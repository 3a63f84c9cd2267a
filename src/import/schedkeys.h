/*
 * schedkeys.h - the keys of a schedule's events as they are read, to
 * take each event once, from its first listing.
 */
#ifndef CRIER_SCHEDKEYS_H
#define CRIER_SCHEDKEYS_H

#include "diag.h"

struct crier_sched_keys;

/* An empty set, freed with crier_sched_keys_free(). */
struct crier_sched_keys *crier_sched_keys_new(void);

/*
 * Whether KEY is new: then it is kept, listed at LINE.  Else the event
 * ID at LINE is a second listing, kept to be reported.
 */
int crier_sched_keys_add(struct crier_sched_keys *k, const char *key,
                         const char *id, unsigned line);

/*
 * One warning for each second listing, at PATH, in the order of their
 * keys and then of the schedule.
 */
void crier_sched_keys_report(struct crier_sched_keys *k, const char *path,
                             struct crier_diags *diags);

/* Forgets every key, as if new. */
void crier_sched_keys_clear(struct crier_sched_keys *k);

void crier_sched_keys_free(struct crier_sched_keys *k);

#endif /* CRIER_SCHEDKEYS_H */
