#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pipe.h"

#define BLOCK_BYTES (64 * 1024)
#define QUEUE_BLOCKS 8

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
	pthread_cond_t changed;
	struct block *queue[QUEUE_BLOCKS];   /* guarded by lock */
	size_t head, count;                  /* guarded by lock */
	int is_closing;                      /* guarded by lock */
	struct block *filling;               /* the writer's own */
};

static void *
consume_all(void *arg)
{
	struct crier_pipe *p = arg;
	struct block *b;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->count == 0 && !p->is_closing)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->count == 0) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		b = p->queue[p->head];
		p->head = (p->head + 1) % QUEUE_BLOCKS;
		p->count--;
		pthread_cond_broadcast(&p->changed);
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
	pthread_cond_init(&p->changed, NULL);
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
	while (p->count == QUEUE_BLOCKS)
		pthread_cond_wait(&p->changed, &p->lock);
	p->queue[(p->head + p->count) % QUEUE_BLOCKS] = b;
	p->count++;
	pthread_cond_broadcast(&p->changed);
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
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	free(p);
}
