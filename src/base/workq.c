/*
 * workq.c - a worker thread fed through a bounded queue (workq.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "workq.h"

struct crier_workq {
	crier_workq_fn *work;
	void *ctx;
	size_t item_size, capacity, wake_at;
	int is_threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t has_items, has_room;
	unsigned char *ring;                 /* guarded by lock */
	size_t head, count;                  /* guarded by lock */
	int is_closed;                       /* guarded by lock */
	int is_worker_waiting, is_producer_waiting;   /* guarded by lock */
	unsigned char *taken;                /* the worker's own */
};

static void *
work_through(void *arg)
{
	struct crier_workq *q = arg;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->count == 0 && !q->is_closed) {
			q->is_worker_waiting = 1;
			pthread_cond_wait(&q->has_items, &q->lock);
		}
		q->is_worker_waiting = 0;
		if (q->count == 0)
			break;
		memcpy(q->taken, q->ring + q->head * q->item_size,
		       q->item_size);
		q->head = (q->head + 1) % q->capacity;
		q->count--;
		if (q->is_producer_waiting &&
		    q->capacity - q->count >= q->wake_at)
			pthread_cond_signal(&q->has_room);
		pthread_mutex_unlock(&q->lock);
		q->work(q->ctx, q->taken);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct crier_workq *
crier_workq_new(size_t item_size, size_t capacity, size_t wake_at,
                crier_workq_fn *work, void *ctx)
{
	struct crier_workq *q = crier_xcalloc(1, sizeof(*q));

	q->work = work;
	q->ctx = ctx;
	q->item_size = item_size;
	q->capacity = capacity > 0 ? capacity : 1;
	q->wake_at = wake_at < 1 ? 1 : wake_at > q->capacity ? q->capacity
	             : wake_at;
	q->ring = crier_xmalloc(q->capacity * item_size);
	q->taken = crier_xmalloc(item_size);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->has_items, NULL);
	pthread_cond_init(&q->has_room, NULL);
	q->is_threaded = pthread_create(&q->thread, NULL, work_through,
	                                q) == 0;
	return q;
}

void
crier_workq_put(struct crier_workq *q, const void *item)
{
	if (!q->is_threaded) {
		memcpy(q->taken, item, q->item_size);
		q->work(q->ctx, q->taken);
		return;
	}
	pthread_mutex_lock(&q->lock);
	while (q->count == q->capacity) {
		q->is_producer_waiting = 1;
		pthread_cond_wait(&q->has_room, &q->lock);
	}
	q->is_producer_waiting = 0;
	memcpy(q->ring + (q->head + q->count) % q->capacity * q->item_size,
	       item, q->item_size);
	q->count++;
	if (q->is_worker_waiting && q->count >= q->wake_at)
		pthread_cond_signal(&q->has_items);
	pthread_mutex_unlock(&q->lock);
}

void
crier_workq_finish(struct crier_workq *q)
{
	if (q == NULL)
		return;
	if (q->is_threaded) {
		pthread_mutex_lock(&q->lock);
		q->is_closed = 1;
		pthread_cond_signal(&q->has_items);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
	}
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->has_items);
	pthread_cond_destroy(&q->has_room);
	free(q->ring);
	free(q->taken);
	free(q);
}
