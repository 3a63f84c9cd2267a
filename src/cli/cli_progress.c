/*
 * cli_progress.c - the progress line of long runs (see cli.h).
 *
 * The library reports how far it is (crier_progress_set()); a thread of
 * the command draws the line from that, once a run has taken more than a
 * second, and only on a terminal: in a pipe, a file or a mail from cron
 * a progress line would be noise that stays.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "crier.h"
#include "log.h"

static const char *const stage_words[] = {
	[CRIER_PROGRESS_READING] = "reading records",
	[CRIER_PROGRESS_WRITING] = "writing entries",
	[CRIER_PROGRESS_IMPORTING] = "importing events",
	[CRIER_PROGRESS_UPLOADING] = "uploading files",
};

static struct {
	atomic_int stage;
	atomic_size_t done, total;
	atomic_bool is_stopping;
	pthread_t thread;
	bool is_running;
	long after_ms;
} progress;

static void
note(void *ctx, enum crier_progress_stage stage, size_t done, size_t total)
{
	(void)ctx;
	atomic_store(&progress.stage, (int)stage);
	atomic_store(&progress.total, total);
	atomic_store(&progress.done, done);
}

/* Draws the line, unless it would say what it says already. */
static void
draw(void)
{
	static size_t last_done = SIZE_MAX;
	static int last_stage = -1;
	size_t done = atomic_load(&progress.done);
	size_t total = atomic_load(&progress.total);
	char line[128];

	if (total == 0 || (done == last_done &&
	    atomic_load(&progress.stage) == last_stage))
		return;
	last_done = done;
	last_stage = atomic_load(&progress.stage);
	snprintf(line, sizeof(line), "crier: %s: %zu of %zu (%zu%%)",
	         stage_words[atomic_load(&progress.stage)], done, total,
	         done * 100 / total);
	crier_log_progress(line);
}

/*
 * Waits AFTER_MS, then redraws the line five times a second: the first
 * time at the first tick that reaches AFTER_MS, not a period later.
 */
static void *
ticker(void *arg)
{
	struct timespec tick = {0, 50 * 1000000L};
	long waited_ms = 0, next_ms = progress.after_ms;

	(void)arg;
	while (!atomic_load(&progress.is_stopping)) {
		nanosleep(&tick, NULL);
		waited_ms += 50;
		if (waited_ms >= next_ms) {
			draw();
			next_ms = waited_ms + 200;
		}
	}
	return NULL;
}

void
crier_cli_progress_start(void)
{
	const char *term = getenv("TERM"), *after = getenv("CRIER_PROGRESS_MS");

	if (isatty(STDERR_FILENO) != 1 ||
	    (term != NULL && strcmp(term, "dumb") == 0))
		return;
	progress.after_ms = after != NULL && after[0] != '\0' ?
	                    strtol(after, NULL, 10) : 1000;
	/* In whole ticks of the ticker. */
	progress.after_ms = progress.after_ms < 0 ? 0 :
	                    progress.after_ms / 50 * 50;
	atomic_store(&progress.is_stopping, false);
	atomic_store(&progress.total, 0);
	crier_progress_set(note, NULL);
	progress.is_running = pthread_create(&progress.thread, NULL, ticker,
	                                     NULL) == 0;
	if (!progress.is_running)
		crier_progress_set(NULL, NULL);
}

void
crier_cli_progress_stop(void)
{
	if (!progress.is_running)
		return;
	crier_progress_set(NULL, NULL);
	atomic_store(&progress.is_stopping, true);
	pthread_join(progress.thread, NULL);
	progress.is_running = false;
	crier_log_progress(NULL);
}
