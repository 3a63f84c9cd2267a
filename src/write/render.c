#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "xthread.h"
#include "content.h"
#include "diag.h"
#include "render.h"
#include "progress.h"

struct slot {
	char *html;                   /* NULL when the body was unreadable */
	char *body_html;              /* the body alone (content.h) */
	struct crier_diags *diags;    /* why, if so */
	unsigned pending;             /* readers yet to move past it */
	int is_reported;
};

/*
 * The worker and the writers wake each other in batches, not for every
 * entry: on a busy or single core each wake-up is a switch of threads,
 * and an entry costs less than a few of them.  A waiting writer is woken
 * once a batch more entries are ready (or all are), the waiting worker
 * once half its slots are free again.  A writer takes the lock once a
 * batch too: it reads the entries it knows are ready without it, and
 * moves past up to a batch of them at once; with four writers, the lock
 * taken for every entry cost more than their escaping.
 *
 * Batch and slots grow with the writers.  The worker is the slowest part,
 * so the writers wait for it together: with four writers and batches of
 * 16, a build of 10,000 entries switched threads 20,000 times, a tenth
 * of its CPU time.  One writer keeps the small ring, and its memory.
 *
 * Each writer waits on a condition of its own, so that it is woken when
 * its batch is ready, not when another's is.  Writers whose batches are
 * ready together are woken one after the other, each by the one before,
 * once that one has let go of the lock: woken at once, they would queue
 * for it, each queueing a switch of threads more.
 */
#define BATCH_PER_READER 16
#define SLOTS_PER_READER CRIER_RENDER_AHEAD
_Static_assert(2 * BATCH_PER_READER <= SLOTS_PER_READER,
               "a writer holds at most a batch; the worker waits for half");

/* Everything below the mutex is guarded by it. */
struct crier_renderer {
	const struct crier_feed *feed;
	size_t count;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t ready[CRIER_RENDER_MAX_READERS];  /* a writer waits */
	size_t want[CRIER_RENDER_MAX_READERS];  /* the produced count it
	                                           waits for, or 0 */
	pthread_cond_t space;         /* the worker waits on it */
	int is_full;                  /* the worker waits for slots */
	size_t produced;              /* entries rendered */
	size_t released;              /* entries every reader moved past */
	unsigned readers, active;     /* active: not yet done */
	size_t next[CRIER_RENDER_MAX_READERS];     /* each reader's next */
	/*
	 * Each reader's own, set under the lock: the first entry it has not
	 * moved past (HELD to NEXT - 1 are borrowed), and how many it knows
	 * are made (SEEN), which it may read without the lock.
	 */
	size_t held[CRIER_RENDER_MAX_READERS];
	size_t seen[CRIER_RENDER_MAX_READERS];
	int is_stopping;
	int keeps_bodies;             /* a writer reads each body alone */
	size_t batch;                 /* entries a writer waits for */
	size_t slot_count;            /* entries made ahead, at most */
	struct slot *slots;
};

static struct slot *
slot_of(struct crier_renderer *r, size_t i)
{
	return &r->slots[i % r->slot_count];
}

/*
 * One reader moves past entry I.  When the last one has, its slot may be
 * reused; what it holds is freed by the worker when it reuses the slot
 * (take_slot), because memory freed by another thread than the one that
 * allocated it costs a lock on the allocator's arena, which the worker
 * holds most of the time it renders.
 */
static void
release(struct crier_renderer *r, size_t i)
{
	struct slot *s = slot_of(r, i);

	if (--s->pending > 0)
		return;
	/* Every reader passes the entries in order, so slots free in order. */
	r->released++;
	if (r->is_full && r->produced - r->released <= r->slot_count / 2)
		pthread_cond_signal(&r->space);
}

/* Hands a slot's errors to the first reader that meets them. */
static void
report_slot(struct slot *s, struct crier_diags *diags)
{
	if (!s->is_reported)
		crier_diags_append(diags, s->diags);
	s->is_reported = 1;
}

/* Both sides re-check what they wait for: a reader left, or all stop. */
static void
wake_all(struct crier_renderer *r)
{
	unsigned c;

	for (c = 0; c < r->readers; c++)
		pthread_cond_signal(&r->ready[c]);
	pthread_cond_broadcast(&r->space);
}

/*
 * The first waiting reader whose entries are ready, taken off the wait,
 * or -1: the caller signals it once it has let go of the lock.
 */
static int
take_ready_reader(struct crier_renderer *r)
{
	unsigned c;

	for (c = 0; c < r->readers; c++) {
		if (r->want[c] != 0 && r->produced >= r->want[c]) {
			r->want[c] = 0;
			return (int)c;
		}
	}
	return -1;
}

static void
wake_reader(struct crier_renderer *r, int c)
{
	if (c >= 0)
		pthread_cond_signal(&r->ready[c]);
}

/* Reader C waits, holding the lock, until its next batch is ready. */
static void
wait_for_batch(struct crier_renderer *r, unsigned c)
{
	while (r->next[c] == r->produced && r->produced < r->count) {
		r->want[c] = r->count - r->next[c] > r->batch ?
		    r->next[c] + r->batch : r->count;
		pthread_cond_wait(&r->ready[c], &r->lock);
	}
	r->want[c] = 0;
}

/* Frees what a slot holds; the caller owns it (or holds the lock). */
static void
clear_slot(struct slot *s)
{
	free(s->html);
	free(s->body_html);
	crier_diags_free(s->diags);
	s->html = NULL;
	s->body_html = NULL;
	s->diags = NULL;
}

static void *
render_all(void *arg)
{
	struct crier_renderer *r = arg;
	struct slot s;
	size_t i;
	int woken;

	crier_progress_begin(CRIER_PROGRESS_WRITING, r->count);
	for (i = 0; i < r->count; i++) {
		pthread_mutex_lock(&r->lock);
		while (!r->is_stopping && r->active > 0 &&
		    r->produced - r->released == r->slot_count) {
			r->is_full = 1;
			pthread_cond_wait(&r->space, &r->lock);
		}
		r->is_full = 0;
		if (r->is_stopping || r->active == 0) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		/* Released by every reader: nobody looks at it any more. */
		s = *slot_of(r, i);
		pthread_mutex_unlock(&r->lock);
		clear_slot(&s);

		/* Diagnostics lists are not shared across threads. */
		s.diags = crier_diags_new();
		if (crier_entry_html(r->feed, r->feed->published[i], s.diags,
		    &s.html, r->keeps_bodies ? &s.body_html : NULL) == 0) {
			crier_diags_free(s.diags);
			s.diags = NULL;
		}
		s.is_reported = 0;
		crier_progress_step(CRIER_PROGRESS_WRITING);

		pthread_mutex_lock(&r->lock);
		s.pending = r->active;
		*slot_of(r, i) = s;
		r->produced++;
		/* Every reader left while it was being made: nobody wants it. */
		if (s.pending == 0) {
			s.pending = 1;
			*slot_of(r, i) = s;
			release(r, i);
		}
		woken = take_ready_reader(r);
		pthread_mutex_unlock(&r->lock);
		wake_reader(r, woken);
	}
	return NULL;
}

struct crier_renderer *
crier_renderer_start(const struct crier_feed *feed, size_t count,
                     unsigned readers, int keeps_bodies)
{
	struct crier_renderer *r = crier_xcalloc(1, sizeof(*r));
	unsigned c;

	r->feed = feed;
	r->keeps_bodies = keeps_bodies;
	r->count = count;
	r->readers = r->active = readers;
	r->batch = BATCH_PER_READER * readers;
	r->slot_count = SLOTS_PER_READER * readers;
	r->slots = crier_xcalloc(r->slot_count, sizeof(*r->slots));
	pthread_mutex_init(&r->lock, NULL);
	for (c = 0; c < readers; c++)
		pthread_cond_init(&r->ready[c], NULL);
	pthread_cond_init(&r->space, NULL);
	crier_xthread(&r->thread, render_all, r);
	return r;
}

int
crier_entries_next(struct crier_entries *entries, struct crier_diags *diags,
                   const char **html_out)
{
	struct crier_renderer *r = entries->renderer;
	unsigned c = entries->reader;
	struct slot *s;
	int rc = -1, woken;

	/* Made, and not to be reused before this reader moves past it. */
	if (r->next[c] < r->seen[c] && r->next[c] - r->held[c] < r->batch) {
		s = slot_of(r, r->next[c]++);
		*html_out = s->html;
		if (s->diags == NULL)
			return 0;
		pthread_mutex_lock(&r->lock);
		report_slot(s, diags);
		pthread_mutex_unlock(&r->lock);
		return -1;
	}
	pthread_mutex_lock(&r->lock);
	for (; r->held[c] < r->next[c]; r->held[c]++)
		release(r, r->held[c]);
	wait_for_batch(r, c);
	woken = take_ready_reader(r);
	r->seen[c] = r->produced;
	*html_out = NULL;
	if (r->next[c] < r->count) {
		s = slot_of(r, r->next[c]++);
		*html_out = s->html;
		rc = 0;
		if (s->diags != NULL) {
			report_slot(s, diags);
			rc = -1;
		}
	}
	pthread_mutex_unlock(&r->lock);
	wake_reader(r, woken);
	return rc;
}

const char *
crier_entries_body_html(const struct crier_entries *entries)
{
	struct crier_renderer *r = entries->renderer;
	unsigned c = entries->reader;

	/* Borrowed by this reader: no other thread touches it. */
	return r->next[c] > r->held[c] ? slot_of(r, r->next[c] - 1)->body_html
	       : NULL;
}

void
crier_entries_done(struct crier_entries *entries)
{
	struct crier_renderer *r = entries->renderer;
	unsigned c = entries->reader;
	size_t i;

	pthread_mutex_lock(&r->lock);
	/* What it read and what it will not read no longer wait for it. */
	for (i = r->held[c]; i < r->produced; i++)
		release(r, i);
	r->next[c] = r->held[c] = r->seen[c] = r->count;
	r->active--;
	wake_all(r);
	pthread_mutex_unlock(&r->lock);
}

void
crier_renderer_stop(struct crier_renderer *r)
{
	size_t i;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->is_stopping = 1;
	wake_all(r);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	for (i = 0; i < r->slot_count; i++)
		clear_slot(&r->slots[i]);
	free(r->slots);
	pthread_mutex_destroy(&r->lock);
	for (i = 0; i < r->readers; i++)
		pthread_cond_destroy(&r->ready[i]);
	pthread_cond_destroy(&r->space);
	free(r);
}
