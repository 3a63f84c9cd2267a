/*
 * mdarena.h - cmark's memory for one document, taken and given back at
 * once.
 *
 * cmark makes a node, a buffer or two for every element of a body and
 * frees each at the end: for a build of many entries, that traffic costs
 * more than half of what rendering does.  A document's allocations are
 * carved from a few large blocks instead, freed together when it is
 * done; large buffers still come from malloc(), so that one growing
 * buffer does not leave its old copies behind in the blocks.
 */
#ifndef CRIER_MDARENA_H
#define CRIER_MDARENA_H

#include <cmark.h>

/*
 * Makes the calling thread's cmark allocator (crier_md_mem()) carve
 * from new blocks, until crier_md_arena_end() frees them all.  The
 * thread must not use crier_md_mem() outside such a span.
 */
void crier_md_arena_begin(void);
void crier_md_arena_end(void);

/* The allocator to give cmark_parser_new_with_mem(). */
cmark_mem *crier_md_mem(void);

#endif /* CRIER_MDARENA_H */
