/*
 * stale.h - documents an earlier build wrote and this one does not.
 *
 * A facet value whose last record went, an archive page that a larger
 * Limit made needless, a talk's calendar whose talk was deleted, an
 * output dropped from Outputs: the file an earlier build wrote would
 * stay in the output directory, and on the server, holding entries
 * crier has withdrawn.  Instead, each such document (the ledger names
 * them, ledger.h) is written again, valid and empty: the Atom one
 * carries the source's tombstones (RFC 6721), the others simply lose
 * their entries.  After Tombstone-Days (at least one day, so that a
 * publish gets to send the empty version) the file is removed from the
 * output directory; publish never deletes on the server, which keeps
 * serving the empty document.
 */
#ifndef CRIER_STALE_H
#define CRIER_STALE_H

#include "ledger.h"
#include "model.h"

struct crier_stale_plan {
	/* The empty documents to write, one output kind each. */
	struct crier_feed *empty;
	size_t empty_count;
	/* Files to remove from the output directory: kept long enough. */
	const char **expired;
	size_t expired_count;
	/* The documents the next ledger names: written now, or empty. */
	struct crier_ledger_docs next;
};

/*
 * Compares PREVIOUS, the documents the ledger names, with those CURRENT
 * (the subscription feed with its tombstones, and its views) writes, and
 * fills PLAN.  Strings and the empty documents live in CURRENT's arena;
 * free the plan with crier_stale_plan_free().
 */
void crier_stale_plan(const struct crier_feed *current,
                      const struct crier_ledger_docs *previous,
                      struct crier_stale_plan *plan);

void crier_stale_plan_free(struct crier_stale_plan *plan);

/*
 * Removes PLAN's expired files from DIR, never through a symlink's
 * target.  A file already gone is not an error; others are ignored too:
 * an empty document left behind withdraws nothing.
 */
void crier_stale_remove(const char *dir, const struct crier_stale_plan *plan);

#endif /* CRIER_STALE_H */
