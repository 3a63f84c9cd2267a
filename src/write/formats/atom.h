/*
 * atom.h - the Atom 1.0 writer.
 */
#ifndef CRIER_ATOM_H
#define CRIER_ATOM_H

#include <stdio.h>

#include "model.h"
#include "render.h"

/*
 * Writes FEED as an Atom document to OUT.  Returns CRIER_OK, CRIER_EINPUT
 * if a record's body could no longer be read (reported in DIAGS), or
 * CRIER_EIO if writing failed.
 */
int crier_write_atom(const struct crier_feed *feed,
                     struct crier_entries *entries, FILE *out,
                     struct crier_diags *diags);

#endif /* CRIER_ATOM_H */
