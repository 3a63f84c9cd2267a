/*
 * workq.h - a second thread that works through what one producer hands
 * it, in order, through a bounded queue.
 *
 * The producer blocks while the queue is full, so a fast producer cannot
 * pile up more than CAPACITY items.  Each waiting side is woken when
 * WAKE_AT items (for the worker) or free slots (for the producer) are
 * there for it, not at every item: a wake-up is a switch of threads,
 * and 100,000 of them cost more than a tenth of a second.
 *
 * When the thread cannot be started, each item is worked on at once, in
 * the producer's thread: slower, never different.
 */
#ifndef CRIER_WORKQ_H
#define CRIER_WORKQ_H

#include <stddef.h>

/* Works on one ITEM (the bytes crier_workq_put() was given). */
typedef void crier_workq_fn(void *ctx, void *item);

struct crier_workq;

/*
 * A queue of CAPACITY items of ITEM_SIZE bytes, each given to WORK;
 * WAKE_AT is at least 1 and at most CAPACITY.
 */
struct crier_workq *crier_workq_new(size_t item_size, size_t capacity,
                                    size_t wake_at, crier_workq_fn *work,
                                    void *ctx);

/* Copies ITEM into the queue, waiting for room. */
void crier_workq_put(struct crier_workq *q, const void *item);

/*
 * Waits until every item put has been worked on, and ends the thread;
 * what WORK wrote is then the caller's to read.  Frees Q.  Accepts NULL.
 */
void crier_workq_finish(struct crier_workq *q);

#endif /* CRIER_WORKQ_H */
