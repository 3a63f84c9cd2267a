/*
 * run.c - build and publish over several sources, as crier(1) does:
 * every source loaded, each output directory locked, each source built,
 * then each one sent.  See crier.h, "Runs".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "crier.h"
#include "diag.h"
#include "lock.h"
#include "model.h"
#include "output.h"
#include "publish.h"
#include "stamp.h"

struct run_source {
	const char *path;           /* borrowed from the caller */
	char *out_dir;
	struct crier_feed *feed;
	struct crier_run_result result;
};

struct crier_run {
	struct crier_run_options options;
	struct run_source *sources;
	size_t count;
	struct crier_locks *locks;
};

void
crier_run_options_init(struct crier_run_options *options)
{
	struct crier_publish_options defaults;

	crier_publish_options_init(&defaults);
	memset(options, 0, sizeof(*options));
	options->out_dir = "public";
	options->max_attempts = defaults.max_attempts;
	options->backoff_initial_ms = defaults.backoff_initial_ms;
	options->backoff_max_ms = defaults.backoff_max_ms;
	options->connect_timeout_ms = defaults.upload.connect_timeout_ms;
	options->timeout_ms = defaults.upload.timeout_ms;
}

/* A clock for durations only (monotonic): never "now". */
static int64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "feeds/xen/" -> "OUT_DIR/xen": where a source's outputs go. */
static char *
output_dir(const char *out_dir, const char *source)
{
	size_t len = strlen(source), start, size;
	char *dir;

	while (len > 1 && source[len - 1] == '/')
		len--;
	for (start = len; start > 0 && source[start - 1] != '/'; start--)
		;
	size = strlen(out_dir) + (len - start) + 2;
	dir = crier_xmalloc(size);
	snprintf(dir, size, "%s/%.*s", out_dir, (int)(len - start),
	         source + start);
	return dir;
}

/*
 * Two sources whose outputs would share a directory (a/news and b/news)
 * would overwrite each other, and the second would find the first's
 * entries missing and tombstone them: refused before anything is read.
 */
static int
check_dirs(const struct crier_run *run, struct crier_diags *diags)
{
	int status = CRIER_OK;
	size_t i, k;

	for (i = 1; i < run->count; i++) {
		for (k = 0; k < i && strcmp(run->sources[k].out_dir,
		     run->sources[i].out_dir) != 0; k++)
			;
		if (k == i)
			continue;
		crier_diag(diags, run->sources[i].path, 0, 0,
		           MSG_SAME_OUTPUT_DIR, run->sources[i].out_dir,
		           run->sources[k].path);
		status = CRIER_EUSAGE;
	}
	return status;
}

/*
 * Whether S's outputs show that nothing changed since the last build
 * (stamp.h); then S is not loaded, and its result says so.  This is
 * judged before the lock is taken: a build that another run makes
 * meanwhile can only bring the outputs up to date, and one that it has
 * begun to put in place changes them, which the judgement notices.
 */
static int
is_unchanged(struct run_source *s, int64_t now_s, struct crier_diags *diags)
{
	struct crier_stamp_current last;

	if (!crier_stamp_is_current(s->path, s->out_dir, now_s, diags, &last))
		return 0;
	s->result.is_unchanged_since_last = 1;
	s->result.last_entries = last.entries;
	s->result.last_next_change_s = last.next_change_s;
	s->result.unchanged = last.files;
	return 1;
}

int
crier_run_load(size_t count, const char *const *sources,
               const struct crier_run_options *options,
               struct crier_diags *diags, struct crier_run **run_out)
{
	struct crier_run *run = crier_xcalloc(1, sizeof(*run));
	struct run_source *s;
	int64_t start_ms;
	char *build_id = crier_stamp_build_id();
	int status;
	size_t i;

	*run_out = run;
	run->options = *options;
	run->count = count;
	run->sources = crier_xcalloc(count + 1, sizeof(*run->sources));
	for (i = 0; i < count; i++) {
		run->sources[i].path = sources[i];
		run->sources[i].out_dir = output_dir(options->out_dir,
		                                     sources[i]);
	}
	status = check_dirs(run, diags);
	for (i = 0; status != CRIER_EUSAGE && i < count; i++) {
		s = &run->sources[i];
		start_ms = clock_ms();
		if (!options->skips_unchanged || !is_unchanged(s, options->now_s,
		    diags))
			if (crier_feed_load_cached(s->path, s->out_dir,
			    build_id, options->now_s, diags,
			    &s->feed) != CRIER_OK)
				status = CRIER_EINPUT;
		s->result.elapsed_ms += clock_ms() - start_ms;
	}
	free(build_id);
	return status;
}

int
crier_run_check_targets(const struct crier_run *run,
                        struct crier_diags *diags)
{
	const struct run_source *s;
	int status = CRIER_OK;
	size_t i, size;
	char *conf;

	for (i = 0; i < run->count; i++) {
		s = &run->sources[i];
		if (run->options.to_url != NULL ||
		    crier_feed_upload_url(s->feed) != NULL)
			continue;
		size = strlen(s->path) + sizeof("/feed.conf");
		conf = crier_xmalloc(size);
		snprintf(conf, size, "%s/feed.conf", s->path);
		crier_diag(diags, conf, 0, 0, MSG_NO_UPLOAD_TARGET);
		free(conf);
		status = CRIER_EREFUSED;
	}
	return status;
}

int
crier_run_lock(struct crier_run *run, struct crier_diags *diags)
{
	const char **dirs, **paths;
	size_t i;
	int rc;

	dirs = crier_xcalloc(run->count + 1, sizeof(*dirs));
	paths = crier_xcalloc(run->count + 1, sizeof(*paths));
	for (i = 0; i < run->count; i++) {
		dirs[i] = run->sources[i].out_dir;
		paths[i] = run->sources[i].path;
	}
	crier_locks_release(run->locks);
	rc = crier_locks_take(run->count, dirs, paths,
	                      run->options.lock_wait_ms,
	                      run->options.started_s, diags, &run->locks);
	free(dirs);
	free(paths);
	return rc;
}

int
crier_run_build(struct crier_run *run, size_t i, struct crier_diags *diags)
{
	struct run_source *s = &run->sources[i];
	int64_t start_ms = clock_ms();
	int rc;

	if (!crier_run_is_locked(run, i))
		return CRIER_OK;
	/* Nothing to write; what killed runs left goes all the same. */
	if (s->result.is_unchanged_since_last) {
		crier_outdir_sweep(s->out_dir);
		s->result.elapsed_ms += clock_ms() - start_ms;
		return CRIER_OK;
	}
	rc = crier_build_counted(s->feed, s->out_dir, diags,
	                         &s->result.written, &s->result.unchanged);
	if (rc == CRIER_OK)
		crier_feed_keep_records_read(s->feed);
	s->result.elapsed_ms += clock_ms() - start_ms;
	return rc;
}

/* Counts what a publish did, then tells the caller's report, if any. */
struct publish_count {
	const struct crier_run_options *options;
	struct crier_run_result *result;
};

static void
count_event(void *ctx, enum crier_publish_event event,
            const char *local_path, const char *url)
{
	struct publish_count *c = ctx;

	c->result->sent += event == CRIER_PUBLISH_SENT;
	c->result->not_sent += event == CRIER_PUBLISH_UNCHANGED;
	if (c->options->report != NULL)
		c->options->report(c->options->report_ctx, event, local_path,
		                   url);
}

int
crier_run_publish(struct crier_run *run, size_t i, struct crier_diags *diags)
{
	const struct crier_run_options *o = &run->options;
	struct run_source *s = &run->sources[i];
	struct publish_count count = {o, &s->result};
	struct crier_publish_options popts;
	struct crier_publish_job job = {0};
	int64_t start_ms = clock_ms();
	int rc;

	if (!crier_run_is_locked(run, i))
		return CRIER_OK;
	crier_publish_options_init(&popts);
	popts.upload.netrc_file = o->netrc_file;
	popts.upload.connect_timeout_ms = o->connect_timeout_ms;
	popts.upload.timeout_ms = o->timeout_ms;
	popts.upload.is_verbose = o->trace != NULL;
	popts.upload.trace = o->trace;
	popts.upload.trace_ctx = o->trace_ctx;
	popts.is_dry_run = o->is_dry_run;
	popts.is_forced = o->is_forced;
	popts.max_attempts = o->max_attempts;
	popts.backoff_initial_ms = o->backoff_initial_ms;
	popts.backoff_max_ms = o->backoff_max_ms;
	popts.report = count_event;
	popts.report_ctx = &count;
	job.out_dir = s->out_dir;
	job.target_url = o->to_url != NULL ? o->to_url :
	                 crier_feed_upload_url(s->feed);
	job.subdir = o->to_url != NULL ? strrchr(s->out_dir, '/') + 1 : NULL;
	job.hub_url = crier_feed_hub_url(s->feed);
	job.self_base_url = crier_feed_base_url(s->feed);
	rc = crier_publish(&job, &popts, diags);
	s->result.elapsed_ms += clock_ms() - start_ms;
	return rc;
}

size_t
crier_run_count(const struct crier_run *run)
{
	return run->count;
}

const char *
crier_run_source(const struct crier_run *run, size_t i)
{
	return i < run->count ? run->sources[i].path : NULL;
}

const char *
crier_run_out_dir(const struct crier_run *run, size_t i)
{
	return i < run->count ? run->sources[i].out_dir : NULL;
}

const struct crier_feed *
crier_run_feed(const struct crier_run *run, size_t i)
{
	return i < run->count ? run->sources[i].feed : NULL;
}

int
crier_run_is_locked(const struct crier_run *run, size_t i)
{
	return run->locks != NULL && i < run->count &&
	       crier_locks_holds(run->locks, i);
}

const struct crier_run_result *
crier_run_result(const struct crier_run *run, size_t i)
{
	return i < run->count ? &run->sources[i].result : NULL;
}

void
crier_run_free(struct crier_run *run)
{
	size_t i;

	if (run == NULL)
		return;
	crier_locks_release(run->locks);
	for (i = 0; i < run->count; i++) {
		crier_feed_free(run->sources[i].feed);
		free(run->sources[i].out_dir);
	}
	free(run->sources);
	free(run);
}

enum crier_target_problem
crier_target_check(const char *url)
{
	switch (crier_upload_url_check(url)) {
	case CRIER_URL_OK:
		return CRIER_TARGET_OK;
	case CRIER_URL_PASSWORD:
		return CRIER_TARGET_PASSWORD;
	default:
		return CRIER_TARGET_BAD;
	}
}
