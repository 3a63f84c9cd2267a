/*
 * build.c - every output of a feed, all in place or none.
 *
 * Each writer's bytes go to a temporary file and, at the same time,
 * through a pipe to a checker on another thread that parses them back;
 * only outputs that pass are renamed into place, and only when all pass.
 */
#define _GNU_SOURCE   /* fopencookie */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <libxml/parser.h>

#include "atom.h"
#include "diag.h"
#include "html.h"
#include "ics.h"
#include "json.h"
#include "output.h"
#include "pipe.h"
#include "rss.h"
#include "selfcheck.h"
#include "transport.h"

/* One writer per output kind; Outputs in feed.conf picks which run. */
static const struct writer {
	const char *file;
	int (*write)(const struct crier_feed *, FILE *, struct crier_diags *);
	crier_check_new_fn *check_new;
} writers[CRIER_OUT_COUNT] = {
	[CRIER_OUT_ATOM] = {CRIER_ATOM_FILE, crier_write_atom,
	                    crier_check_atom_new},
	[CRIER_OUT_ICS] = {CRIER_ICS_FILE, crier_write_ics,
	                   crier_check_ics_new},
	[CRIER_OUT_HTML] = {CRIER_HTML_FILE, crier_write_html,
	                    crier_check_html_new},
	[CRIER_OUT_RSS] = {CRIER_RSS_FILE, crier_write_rss,
	                   crier_check_rss_new},
	[CRIER_OUT_JSON] = {CRIER_JSON_FILE, crier_write_json,
	                    crier_check_json_new},
};

#define WRITER_COUNT CRIER_OUT_COUNT

/* A stream that writes to the output file and into the checker's pipe. */
struct tee {
	struct crier_output *out;
	struct crier_pipe *pipe;
};

static ssize_t
tee_write(void *cookie, const char *data, size_t len)
{
	struct tee *t = cookie;

	if (crier_output_write(t->out, data, len) != 0)
		return -1;
	crier_pipe_write(t->pipe, data, len);
	return (ssize_t)len;
}

/* Writes one output to its temporary file, checking it on the way. */
static int
build_one(const struct writer *wr, const struct crier_feed *feed,
          const char *out_dir, struct crier_diags *diags,
          struct crier_output **out)
{
	cookie_io_functions_t io = {NULL, tee_write, NULL, NULL};
	struct crier_check *check;
	struct tee tee;
	FILE *stream;
	int rc, check_rc;

	if (crier_output_open(out_dir, wr->file, diags, out) != 0)
		return CRIER_EIO;
	check = wr->check_new(feed, crier_output_path(*out));
	tee.out = *out;
	tee.pipe = crier_pipe_start(crier_check_consume, check);
	stream = fopencookie(&tee, "w", io);
	if (stream == NULL) {
		fputs("crier: out of memory (fopencookie)\n", stderr);
		abort();
	}
	setvbuf(stream, NULL, _IOFBF, 64 * 1024);
	rc = wr->write(feed, stream, diags);
	fclose(stream);
	crier_pipe_close(tee.pipe);
	check_rc = check->finish(check, diags);
	/* A write error is kept by the output and reported here. */
	if (crier_output_finish(*out, diags) != 0)
		rc = CRIER_EIO;
	else if (rc == CRIER_EIO)
		crier_diag(diags, crier_output_path(*out), 0, 0,
		           MSG_WRITE_FAILED, "the XML writer failed");
	if (rc == CRIER_OK && check_rc != 0)
		rc = CRIER_EBUG;
	return rc;
}

/*
 * Outputs are independent until they are put in place, and one output
 * keeps about one core busy, so they are built two at a time.
 */
#define BUILD_THREADS 2

struct build_job {
	const struct writer *writer;
	struct crier_output *out;
	struct crier_diags *diags;    /* the job's own: lists are not shared */
	int rc;
};

struct build_pool {
	const struct crier_feed *feed;
	const char *out_dir;
	struct build_job jobs[WRITER_COUNT];
	size_t job_count, next;       /* next: guarded by lock */
	pthread_mutex_t lock;
};

static void *
build_jobs(void *arg)
{
	struct build_pool *pool = arg;
	struct build_job *job;

	for (;;) {
		pthread_mutex_lock(&pool->lock);
		job = pool->next < pool->job_count ? &pool->jobs[pool->next++]
		    : NULL;
		pthread_mutex_unlock(&pool->lock);
		if (job == NULL)
			return NULL;
		job->rc = build_one(job->writer, pool->feed, pool->out_dir,
		                    job->diags, &job->out);
	}
}

static void
run_pool(struct build_pool *pool)
{
	pthread_t threads[BUILD_THREADS - 1];
	size_t i, started = 0;

	pthread_mutex_init(&pool->lock, NULL);
	for (i = 0; i + 1 < BUILD_THREADS && i + 1 < pool->job_count; i++)
		if (pthread_create(&threads[i], NULL, build_jobs, pool) == 0)
			started++;
	build_jobs(pool);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&pool->lock);
}

int
crier_build(const struct crier_feed *feed, const char *out_dir,
            struct crier_diags *diags)
{
	struct build_pool pool;
	struct build_job *job;
	size_t i;
	int rc = CRIER_OK;

	memset(&pool, 0, sizeof(pool));
	pool.feed = feed;
	pool.out_dir = out_dir;
	for (i = 0; i < WRITER_COUNT; i++) {
		if (!(feed->outputs & 1u << i) || writers[i].write == NULL)
			continue;
		job = &pool.jobs[pool.job_count++];
		job->writer = &writers[i];
		job->diags = crier_diags_new();
	}
	run_pool(&pool);
	for (i = 0; i < pool.job_count; i++) {
		crier_diags_append(diags, pool.jobs[i].diags);
		crier_diags_free(pool.jobs[i].diags);
		if (rc == CRIER_OK)
			rc = pool.jobs[i].rc;
	}
	/* All in place, or none. */
	for (i = 0; i < pool.job_count; i++) {
		job = &pool.jobs[i];
		if (rc != CRIER_OK)
			crier_output_abort(job->out);
		else if (crier_output_commit(job->out, diags) != 0)
			rc = CRIER_EIO;
	}
	return rc;
}

const char *
crier_output_file(enum crier_output_kind kind)
{
	return writers[kind].write != NULL ? writers[kind].file : NULL;
}

void
crier_cleanup(void)
{
	xmlCleanupParser();
	crier_transport_cleanup();
}
