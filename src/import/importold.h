/*
 * importold.h - the records an earlier import wrote into a source, known
 * by their Schedule-Id: where each is and its key, never its text, which
 * is read again when its event comes (importold.c).
 */
#ifndef CRIER_IMPORTOLD_H
#define CRIER_IMPORTOLD_H

#include <stddef.h>

#include "importnames.h"
#include "record.h"

/* An imported record already in the source. */
struct crier_import_old {
	const char *path;
	const char *key;
	unsigned key_line;
	int is_matched;
};

struct crier_import_olds {
	struct crier_import_old *v;   /* sorted by key, then path; free() */
	size_t count, capacity;
};

/*
 * Reads every record of F and keeps those with a Schedule-Id in O, their
 * keys in F's arena.  Such a record must parse: the import would rewrite
 * it, and cannot rewrite what it cannot read.  Returns the number of
 * errors added to DIAGS, also for a key that two records carry.
 */
int crier_import_olds_scan(struct crier_import_olds *o,
                           const struct crier_import_files *f,
                           struct crier_diags *diags);

/* The record with KEY, or NULL. */
struct crier_import_old *crier_import_olds_find(
    const struct crier_import_olds *o, const char *key);

/*
 * The text of the record at PATH into *BUF (to free(), *LEN bytes),
 * parsed into *REC in ARENA.  Returns the parse's result, or -1 with
 * *BUF NULL if it could not be read; the parse's diagnostics go to
 * SCRATCH.
 */
int crier_import_old_read(const char *path, struct crier_arena *arena,
                          struct crier_diags *scratch, char **buf,
                          size_t *len, struct crier_record *rec);

#endif /* CRIER_IMPORTOLD_H */
