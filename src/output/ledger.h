/*
 * ledger.h - what a build published before, so that a record deleted
 * since leaves a tombstone (RFC 6721) instead of vanishing.
 *
 * The ledger is a hidden file in the output directory (publish skips
 * hidden files): the tag: URI of every entry the last build published,
 * and of every tombstone with the instant the deletion was first seen.
 * A tombstone stays in the Atom feed for Tombstone-Days (feed.conf),
 * long enough for readers that poll now and then to see it.
 *
 * It also names every document the last build wrote, so that one a
 * later build no longer makes (a facet value whose last record went, an
 * archive page a larger Limit made needless, an output dropped from
 * Outputs) is not left behind holding withdrawn entries (stale.h).
 */
#ifndef CRIER_LEDGER_H
#define CRIER_LEDGER_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "output.h"

#define CRIER_LEDGER_FILE ".crier-published"

/* A document a build wrote, as the ledger remembers it. */
struct crier_ledger_doc {
	const char *name;          /* its file in the output directory */
	const char *id, *title;    /* the document's, to write it again */
	bool is_gone;              /* the last build no longer made it */
	struct crier_time gone;    /* then: when a build first found that */
};

/* A list of them; the strings belong to the feed's arena. */
struct crier_ledger_docs {
	struct crier_ledger_doc *items;
	size_t count, capacity;
};

/* Adds a copy of D (strings borrowed) to DOCS. */
void crier_ledger_docs_add(struct crier_ledger_docs *docs,
                           const struct crier_ledger_doc *d);

/* Frees the list (not the strings).  Accepts an empty one. */
void crier_ledger_docs_free(struct crier_ledger_docs *docs);

/*
 * Reads DIR's ledger, a missing one being empty, and gives DOC, a copy
 * of a source's feed, the tombstones of the entries it lists that no
 * record has any more, moving DOC's updated time to the newest.  Only
 * those are kept in memory.  The documents it names are added to DOCS
 * (unless NULL), their strings in DOC's arena.  Returns 1, 0 if there
 * is no ledger, or -1 with an error in DIAGS if it exists but cannot be
 * read.
 */
int crier_ledger_read(const char *dir, struct crier_feed *doc,
                      struct crier_ledger_docs *docs,
                      struct crier_diags *diags);

/* The same, from an open ledger F; PATH names it in messages. */
int crier_ledger_read_stream(FILE *f, const char *path,
                             struct crier_feed *doc,
                             struct crier_ledger_docs *docs,
                             struct crier_diags *diags);

/*
 * Writes the ledger's next text for DOC to OUT: its published entries
 * and its tombstones in their order, then DOCS by name.  Returns 0, or -1 after
 * a write error, which crier_output_finish() reports.
 */
int crier_ledger_write(const struct crier_feed *doc,
                       const struct crier_ledger_docs *docs,
                       struct crier_output *out);

#endif /* CRIER_LEDGER_H */
