/*
 * fuzz_lock.c - libFuzzer target for the text of a lock file, "PID HOST
 * STARTED", which a waiting run reads and shows.  Anyone who can write
 * the output directory writes it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crier_lock_holder h;

	if (crier_lock_holder_parse((const char *)data, size, &h) &&
	    (h.pid <= 0 || memchr(h.shown, '\0', sizeof(h.shown)) == NULL))
		abort();
	return 0;
}
