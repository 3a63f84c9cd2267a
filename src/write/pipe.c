#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pipe.h"

#define BLOCK_BYTES (64 * 1024)
#define QUEUE_BLOCKS 8

/*
 * Each side, once it waits, is woken when half the queue is there for it
 * (filled for the consumer, free for the writer), not at every block: the
 * checker reads faster than the writer writes, and woken for each block
 * it switched threads twice per 64 KiB.
 */
#define WAKE_AT (QUEUE_BLOCKS / 2)

struct block {
	char data[BLOCK_BYTES];
	size_t len;
};

struct crier_pipe {
	crier_pipe_consumer *consume;
	void *ctx;
	pthread_t thread;
	int is_threaded;
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct block *queue[QUEUE_BLOCKS];   /* guarded by lock */
	size_t head, count;                  /* guarded by lock */
	int is_closing;                      /* guarded by lock */
	int is_consumer_waiting, is_writer_waiting;   /* guarded by lock */
	struct block *filling;               /* the writer's own */
};

static void *
consume_all(void *arg)
{
	struct crier_pipe *p = arg;
	struct block *b;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->count == 0 && !p->is_closing) {
			p->is_consumer_waiting = 1;
			pthread_cond_wait(&p->filled, &p->lock);
		}
		p->is_consumer_waiting = 0;
		if (p->count == 0) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		b = p->queue[p->head];
		p->head = (p->head + 1) % QUEUE_BLOCKS;
		p->count--;
		if (p->is_writer_waiting && QUEUE_BLOCKS - p->count >= WAKE_AT)
			pthread_cond_signal(&p->emptied);
		pthread_mutex_unlock(&p->lock);
		p->consume(p->ctx, b->data, b->len);
		free(b);
	}
}

struct crier_pipe *
crier_pipe_start(crier_pipe_consumer *consume, void *ctx)
{
	struct crier_pipe *p = crier_xcalloc(1, sizeof(*p));

	p->consume = consume;
	p->ctx = ctx;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->filled, NULL);
	pthread_cond_init(&p->emptied, NULL);
	/* Without a thread, the writer consumes its own blocks. */
	p->is_threaded = pthread_create(&p->thread, NULL, consume_all, p) == 0;
	return p;
}

static void
send_block(struct crier_pipe *p)
{
	struct block *b = p->filling;

	p->filling = NULL;
	if (b == NULL || b->len == 0) {
		free(b);
		return;
	}
	if (!p->is_threaded) {
		p->consume(p->ctx, b->data, b->len);
		free(b);
		return;
	}
	pthread_mutex_lock(&p->lock);
	while (p->count == QUEUE_BLOCKS) {
		p->is_writer_waiting = 1;
		pthread_cond_wait(&p->emptied, &p->lock);
	}
	p->is_writer_waiting = 0;
	p->queue[(p->head + p->count) % QUEUE_BLOCKS] = b;
	p->count++;
	if (p->is_consumer_waiting && p->count >= WAKE_AT)
		pthread_cond_signal(&p->filled);
	pthread_mutex_unlock(&p->lock);
}

void
crier_pipe_write(struct crier_pipe *p, const char *data, size_t len)
{
	size_t n;

	while (len > 0) {
		if (p->filling == NULL) {
			p->filling = crier_xmalloc(sizeof(*p->filling));
			p->filling->len = 0;
		}
		n = BLOCK_BYTES - p->filling->len;
		if (n > len)
			n = len;
		memcpy(p->filling->data + p->filling->len, data, n);
		p->filling->len += n;
		data += n;
		len -= n;
		if (p->filling->len == BLOCK_BYTES)
			send_block(p);
	}
}

void
crier_pipe_close(struct crier_pipe *p)
{
	if (p == NULL)
		return;
	send_block(p);
	if (p->is_threaded) {
		pthread_mutex_lock(&p->lock);
		p->is_closing = 1;
		pthread_cond_signal(&p->filled);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->filled);
	pthread_cond_destroy(&p->emptied);
	free(p);
}
