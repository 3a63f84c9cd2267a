/*
 * render.h - each entry's HTML made once, on its own thread, for every
 * writer that needs it.
 *
 * Reading a body again and running cmark costs as much as writing it out,
 * and Atom, RSS and JSON Feed all carry the same HTML.  So one worker
 * renders the entries in output order and the writers, each on a thread
 * of its own, take them in turn.  An entry's HTML is freed once every
 * writer has moved past it, and at most CRIER_RENDER_AHEAD entries a
 * writer wait, which keeps memory flat however large the feed.
 */
#ifndef CRIER_RENDER_H
#define CRIER_RENDER_H

#include "model.h"

/* Entries made ahead, per writer reading them. */
#define CRIER_RENDER_AHEAD 64
/* More than the writers that read HTML (build.c checks it at compile time). */
#define CRIER_RENDER_MAX_READERS 8

struct crier_renderer;

/* One writer's place in the renderer's stream. */
struct crier_entries {
	struct crier_renderer *renderer;
	unsigned reader;
};

/*
 * Starts rendering the first COUNT entries of FEED's published set for
 * READERS writers, numbered 0 to READERS - 1, which must then read
 * concurrently (each waits for the slowest within CRIER_RENDER_AHEAD);
 * with KEEPS_BODIES, each body's HTML alone too.
 */
struct crier_renderer *crier_renderer_start(const struct crier_feed *feed,
                                            size_t count, unsigned readers,
                                            int keeps_bodies);

/*
 * The next entry's HTML for ENTRIES' writer, borrowed until its next call
 * or crier_entries_done().  Returns 0, or -1 when the entry's body could
 * not be read; the reason is added to the DIAGS of the first writer that
 * meets it.
 */
int crier_entries_next(struct crier_entries *entries,
                       struct crier_diags *diags, const char **html_out);

/*
 * The HTML of the body alone of the entry crier_entries_next() last gave
 * ENTRIES' writer (content.h), borrowed as long as that entry's; NULL
 * when its body could not be read or the renderer keeps no bodies.  The
 * page shows bodies so, and renders none twice.
 */
const char *crier_entries_body_html(const struct crier_entries *entries);

/* ENTRIES' writer takes no more: the others stop waiting for it. */
void crier_entries_done(struct crier_entries *entries);

/* Stops the worker and frees everything, after every writer is done. */
void crier_renderer_stop(struct crier_renderer *r);

#endif /* CRIER_RENDER_H */
