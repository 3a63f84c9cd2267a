/*
 * publish.h - the publishing stage: a directory of finished outputs goes
 * to a target URL, sending only what changed since the last publish.
 *
 * It never sees the feed model: only files, URLs and a few strings the
 * caller copies out of feed.conf (crier_feed_hub_url(), ...).
 *
 * What was last published to each target is kept in a state file beside
 * the outputs, OUT_DIR/.publish-state: per target URL and file, the
 * SHA-256 of the bytes sent and the validator (ETag) the server gave.  It
 * is rewritten atomically after every successful put, so a run that
 * fails half-way leaves it true, and the next run sends the rest.
 */
#ifndef CRIER_PUBLISH_H
#define CRIER_PUBLISH_H

#include <stdbool.h>

#include "crier.h"
#include "transport.h"

/* One source's outputs and where they go. */
struct crier_publish_job {
	const char *out_dir;       /* the finished files, e.g. public/xen */
	/*
	 * The target: TARGET_URL, followed by SUBDIR and a '/' when SUBDIR
	 * is not NULL (crier publish --to URL puts DIR/NAME/FILE at
	 * URL/NAME/FILE, and feed.conf's Upload URL/FILE).
	 */
	const char *target_url;
	const char *subdir;
	/*
	 * WebSub: the hub (NULL: none), and where readers fetch the files.
	 * Every document sent that names the hub (an Atom or RSS document
	 * with a rel="hub" link, a JSON Feed with "hubs": the feed, its
	 * facet feeds, its archive pages) is a topic the hub is told of.
	 */
	const char *hub_url;
	const char *self_base_url;
};

/* enum crier_publish_event is public: crier.h. */

struct crier_publish_options {
	struct crier_upload_options upload;
	bool is_dry_run;           /* decide, report, send nothing */
	bool is_forced;            /* send every file, changed or not */
	/* Retries of a transient failure: attempts in all, and the backoff. */
	int max_attempts;
	long backoff_initial_ms, backoff_max_ms;
	/*
	 * Called for every file (and hub) as it is decided or done, with the
	 * local path and the URL without credentials; NULL: not called.
	 */
	void (*report)(void *report_ctx, enum crier_publish_event event,
	               const char *local_path, const char *url);
	void *report_ctx;
};

/* Defaults: 4 attempts, 0.5 s doubling up to 8 s, 10 s to connect. */
void crier_publish_options_init(struct crier_publish_options *opts);

/*
 * Sends every file below JOB->out_dir (hidden files excepted) whose bytes
 * differ from what the state file says the target has, in path order,
 * each atomically; then tells the hub about the documents sent that name
 * it.  The first file that cannot be sent ends the job (the failure is
 * one error in DIAGS); those sent before it stay sent and recorded.  A
 * hub that cannot be reached is a warning, and the state file remembers
 * each ping it missed: the next publish sends them again, whether or not
 * anything changed, until the hub answers.
 *
 * Returns CRIER_OK; CRIER_EAGAIN if a transient failure outlasted the
 * retries; CRIER_EREFUSED if the target refused (credentials, trust, a
 * missing scheme, a bad target); CRIER_EIO if a local file or the state
 * file could not be read or written.
 */
int crier_publish(const struct crier_publish_job *job,
                  const struct crier_publish_options *opts,
                  struct crier_diags *diags);

#endif /* CRIER_PUBLISH_H */
