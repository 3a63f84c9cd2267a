/*
 * selfcheck.h - reading back what a writer wrote, before it is put in
 * place.  A failure here is a bug in crier, reported with the entry it
 * concerns, never a silently broken feed.
 */
#ifndef CRIER_SELFCHECK_H
#define CRIER_SELFCHECK_H

#include "model.h"

/*
 * Parses the Atom document at PATH (the finished temporary file) and checks
 * that it is well-formed UTF-8 XML with no character XML forbids, that the
 * root is an Atom feed with id, title and updated, and that it holds
 * exactly the entries of FEED, in order, each with id, title and updated.
 * Returns 0, or -1 with an MSG_SELF_CHECK error in DIAGS.
 */
int crier_selfcheck_atom(const char *path, const struct crier_feed *feed,
                         struct crier_diags *diags);

#endif /* CRIER_SELFCHECK_H */
