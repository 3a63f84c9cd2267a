/*
 * render.h - entry HTML made ahead of the writer, on the second core.
 *
 * Rendering (reading each body again and running cmark) and writing XML
 * take about the same time, so a worker thread renders the entries in
 * output order while the writer writes the ones before.  At most
 * CRIER_RENDER_AHEAD rendered entries wait at any time, which keeps memory
 * flat however large the feed.
 */
#ifndef CRIER_RENDER_H
#define CRIER_RENDER_H

#include "model.h"

#define CRIER_RENDER_AHEAD 64

struct crier_renderer;

/* Starts rendering the first COUNT entries of FEED's published set. */
struct crier_renderer *crier_renderer_start(const struct crier_feed *feed,
                                            size_t count);

/*
 * The next entry's HTML, which the caller frees with free().  Returns 0,
 * or -1 with the reason added to DIAGS when the entry's body could not be
 * read.
 */
int crier_renderer_next(struct crier_renderer *r, struct crier_diags *diags,
                        char **html_out);

/* Stops the worker and frees everything.  Accepts NULL. */
void crier_renderer_stop(struct crier_renderer *r);

#endif /* CRIER_RENDER_H */
