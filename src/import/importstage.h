/*
 * importstage.h - checking and staging an import's records on a second
 * thread (importstage.c), while the first reads and composes the next.
 */
#ifndef CRIER_IMPORTSTAGE_H
#define CRIER_IMPORTSTAGE_H

#include <stddef.h>

#include "crier.h"
#include "output.h"

/* One composed record. */
struct crier_stage_job {
	size_t item;          /* the caller's index, handed back */
	const char *path;     /* where it goes; outlives the stager */
	const char *key;      /* its Schedule-Id, checked; NULL for none */
	const char *event;    /* the event's key, for messages, or NULL */
	unsigned line;        /* of the event in the schedule, or 0 */
	char *text;           /* the record, freed by the stager */
	size_t len;
};

struct crier_stager;

/*
 * A stager for the records of an import of OPT's schedule, working on a
 * thread of its own (workq.h).  Freed with crier_stager_finish() or
 * crier_stager_free().
 */
struct crier_stager *crier_stager_new(const struct crier_import_options *opt);

/*
 * Checks JOB's record as check would (import never writes what check
 * refuses), and that it reads back with its key; stages it unless this
 * is a dry run or a record was refused.  Takes JOB's text.
 */
void crier_stager_add(struct crier_stager *st, const struct crier_stage_job *j);

/*
 * Waits for every record added, then: adds what was found to DIAGS,
 * returns the number of errors, sets *IS_BROKEN if a record did not
 * read back, and *BATCH to the staged files (NULL if none), for the
 * caller to commit or abort; and calls STAGED(ARG, ITEM, I) for each
 * staged record, I being its index in the batch.  Frees ST.
 */
int crier_stager_finish(struct crier_stager *st, struct crier_diags *diags,
                        int *is_broken, struct crier_output_batch **batch,
                        void (*staged)(void *arg, size_t item, size_t i),
                        void *arg);

/* Stops and frees ST, removing what it staged.  Accepts NULL. */
void crier_stager_free(struct crier_stager *st);

#endif /* CRIER_IMPORTSTAGE_H */
