/*
 * selfcheck.h - reading back what a writer wrote, before it is put in
 * place.  A failure here is a bug in crier, reported with the entry it
 * concerns, never a silently broken feed.
 *
 * The checker is fed the output's bytes as they are written (see pipe.h),
 * and parses them with libxml2's push parser.
 */
#ifndef CRIER_SELFCHECK_H
#define CRIER_SELFCHECK_H

#include <stddef.h>

#include "model.h"

struct crier_check;

/* A checker for the Atom document of FEED, which will be written to PATH. */
struct crier_check *crier_check_atom_new(const struct crier_feed *feed,
                                         const char *path);

/* The next LEN bytes of the document. */
void crier_check_push(void *check, const char *data, size_t len);

/*
 * Ends the document and reports: it must be well-formed UTF-8 XML with no
 * character XML forbids, its root an Atom feed with id, title and updated,
 * holding exactly the entries of FEED in order, each with id, title and
 * updated.  Returns 0, or -1 with an MSG_SELF_CHECK error in DIAGS.  Frees
 * CHECK.
 */
int crier_check_finish(struct crier_check *check, struct crier_diags *diags);

#endif /* CRIER_SELFCHECK_H */
