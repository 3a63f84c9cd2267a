/*
 * lock.h - one run at a time per output directory.
 *
 * build and publish write DIR/NAME (the outputs, the publish state) and
 * publish sends from it, so two runs over the same source must not
 * overlap: cron starts a run every few minutes, and an upload to a slow
 * host can take longer than that.  Each run holds an flock(2) on
 * DIR/NAME/.crier.lock while it works.  The kernel releases it when the
 * holder exits, however it exits, so a killed run never blocks the next.
 *
 * The file also says who holds it, "PID HOST STARTED-EPOCH-SECONDS", for
 * the message another run prints.  That text is only a hint: the lock is
 * the flock alone, and a line left by a killed run is overwritten by the
 * next holder and never believed while nobody holds the lock.
 */
#ifndef CRIER_LOCK_H
#define CRIER_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crier.h"

#define CRIER_LOCK_FILE ".crier.lock"

struct crier_locks;

/* Who holds a lock, as its file says. */
struct crier_lock_holder {
	long pid;
	char host[256];
	char shown[400];    /* "pid N on HOST, since TIME" */
};

/*
 * Reads the text of a lock file (TEXT, LEN bytes) into *H.  Returns
 * false when it is not one whole "PID HOST STARTED\n" line: torn, or not
 * written yet.
 */
bool crier_lock_holder_parse(const char *text, size_t len,
                             struct crier_lock_holder *h);

/*
 * Takes the locks of the output directories DIRS[0..COUNT) (each created
 * if missing), waiting up to wait_ms in all for those another run holds
 * (0: not at all).  They are taken in byte order of their paths, so two
 * runs over the same sources never wait on each other in a circle; the
 * same directory named twice is locked once.  started_s (the wall clock,
 * not --now) is what other runs are told.
 *
 * Always sets *locks_out, which the caller frees with
 * crier_locks_release().  Returns CRIER_OK when every lock was taken;
 * CRIER_EBUSY when another run still holds some, each reported as an
 * error naming SOURCES[i] and the holder; CRIER_EIO when a lock file
 * could not be opened (reported too).  Either way the others are held.
 */
int crier_locks_take(size_t count, const char *const *dirs,
                     const char *const *sources, long wait_ms,
                     int64_t started_s, struct crier_diags *diags,
                     struct crier_locks **locks_out);

/* Whether the lock of DIRS[i] is held. */
bool crier_locks_holds(const struct crier_locks *locks, size_t i);

/* Releases every lock held and frees LOCKS.  Accepts NULL. */
void crier_locks_release(struct crier_locks *locks);

#endif /* CRIER_LOCK_H */
