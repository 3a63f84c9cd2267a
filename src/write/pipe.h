/*
 * pipe.h - bytes handed to a consumer running on another thread.
 *
 * Used to read an output back while it is being written: the writer's
 * bytes go to the file and, through a pipe, to the checker, so checking
 * costs no extra pass over the file.  Bytes travel in blocks; at most a
 * few blocks wait at any time.
 */
#ifndef CRIER_PIPE_H
#define CRIER_PIPE_H

#include <stddef.h>

typedef void crier_pipe_consumer(void *ctx, const char *data, size_t len);

struct crier_pipe;

/* Starts a thread that calls CONSUME(CTX, ...) with the bytes, in order. */
struct crier_pipe *crier_pipe_start(crier_pipe_consumer *consume, void *ctx);

/* Hands LEN bytes of DATA over (copied); blocks while the queue is full. */
void crier_pipe_write(struct crier_pipe *p, const char *data, size_t len);

/*
 * Waits until every byte has been consumed, then stops the thread and
 * frees P.  Accepts NULL.
 */
void crier_pipe_close(struct crier_pipe *p);

#endif /* CRIER_PIPE_H */
