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

#include <stddef.h>

#include "model.h"

#define CRIER_LEDGER_FILE ".crier-published"

struct crier_ledger;

/*
 * Reads DIR's ledger; a missing one is empty.  Returns NULL with an
 * error in DIAGS if it exists but cannot be read.
 */
struct crier_ledger *crier_ledger_read(const char *dir,
                                       struct crier_diags *diags);

/*
 * Gives DOC, a copy of a source's feed, the tombstones of entries the
 * ledger has that no record has any more, moving DOC's updated time to
 * the newest; and makes the ledger's next text from DOC.
 */
void crier_ledger_apply(struct crier_ledger *ledger, struct crier_feed *doc);

/*
 * The ledger's next text and its length, or NULL when it would not
 * change: the build writes it with its outputs.
 */
const char *crier_ledger_next(const struct crier_ledger *ledger,
                              size_t *len);

void crier_ledger_free(struct crier_ledger *ledger);

#endif /* CRIER_LEDGER_H */
