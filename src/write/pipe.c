#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pipe.h"
#include "workq.h"

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
	struct crier_workq *queue;   /* of struct block *, on its thread */
	struct block *filling;       /* the writer's own */
};

/* The consumer's side: one block's bytes, then the block is done with. */
static void
consume_block(void *arg, void *item)
{
	struct crier_pipe *p = arg;
	struct block *b = *(struct block **)item;

	p->consume(p->ctx, b->data, b->len);
	free(b);
}

struct crier_pipe *
crier_pipe_start(crier_pipe_consumer *consume, void *ctx)
{
	struct crier_pipe *p = crier_xcalloc(1, sizeof(*p));

	p->consume = consume;
	p->ctx = ctx;
	p->queue = crier_workq_new(sizeof(struct block *), QUEUE_BLOCKS,
	                           WAKE_AT, consume_block, p);
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
	crier_workq_put(p->queue, &b);
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
	crier_workq_finish(p->queue);
	free(p);
}
