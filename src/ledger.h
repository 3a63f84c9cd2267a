/*
 * ledger.h - what a build published before, so that a record deleted
 * since leaves a tombstone (RFC 6721) instead of vanishing.
 *
 * The ledger is a hidden file in the output directory (publish skips
 * hidden files): the tag: URI of every entry the last build published,
 * and of every tombstone with the instant the deletion was first seen.
 * A tombstone stays in the Atom feed for Tombstone-Days (feed.conf),
 * long enough for readers that poll now and then to see it.
 */
#ifndef CRIER_LEDGER_H
#define CRIER_LEDGER_H

#include <stdio.h>

#include "model.h"
#include "output.h"

#define CRIER_LEDGER_FILE ".crier-published"

/*
 * Reads DIR's ledger, a missing one being empty, and gives DOC, a copy
 * of a source's feed, the tombstones of the entries it lists that no
 * record has any more, moving DOC's updated time to the newest.  Only
 * those are kept in memory.  Returns 1, 0 if there is no ledger, or -1
 * with an error in DIAGS if it exists but cannot be read.
 */
int crier_ledger_read(const char *dir, struct crier_feed *doc,
                      struct crier_diags *diags);

/* The same, from an open ledger F; PATH names it in messages. */
int crier_ledger_read_stream(FILE *f, const char *path,
                             struct crier_feed *doc,
                             struct crier_diags *diags);

/*
 * Writes the ledger's next text for DOC to OUT: its published entries
 * and its tombstones, sorted.  Returns 0, or -1 after a write error,
 * which crier_output_finish() reports.
 */
int crier_ledger_write(const struct crier_feed *doc, struct crier_output *out);

#endif /* CRIER_LEDGER_H */
