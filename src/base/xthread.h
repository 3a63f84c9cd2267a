/*
 * xthread.h - threads under the out-of-memory policy of alloc.h.
 *
 * Apart from alloc.h, as <pthread.h> brings <time.h> names (clock) into
 * every file that allocates.
 */
#ifndef CRIER_XTHREAD_H
#define CRIER_XTHREAD_H

#include <pthread.h>

/*
 * pthread_create(3) for a thread the work cannot do without: failing to
 * get its stack is running out of memory, handled as alloc.h says.
 */
void crier_xthread(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif /* CRIER_XTHREAD_H */
