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
#include <libxml/xmlerror.h>

#include "alloc.h"
#include "atom.h"
#include "diag.h"
#include "html.h"
#include "ics.h"
#include "json.h"
#include "ledger.h"
#include "output.h"
#include "pipe.h"
#include "render.h"
#include "rss.h"
#include "schedout.h"
#include "selfcheck.h"
#include "stale.h"
#include "stamp.h"
#include "stylesheet.h"
#include "transport.h"
#include "xthread.h"

/* What a writer reads from the renderer (render.h). */
enum { READS_NOTHING, READS_HTML, READS_HTML_AND_BODIES };

/*
 * One writer per output kind; Outputs in feed.conf picks which run.
 * Writers that carry the entries' HTML read it from one shared renderer;
 * the page also shows each body alone.
 */
static const struct writer {
	const char *file;
	int (*write)(const struct crier_feed *, struct crier_entries *, FILE *,
	             struct crier_diags *);
	crier_check_new_fn *check_new;
	int reads;
} writers[CRIER_OUT_COUNT] = {
	[CRIER_OUT_ATOM] = {CRIER_ATOM_FILE, crier_write_atom,
	                    crier_check_atom_new, READS_HTML},
	[CRIER_OUT_ICS] = {CRIER_ICS_FILE, crier_write_ics,
	                   crier_check_ics_new, READS_NOTHING},
	[CRIER_OUT_HTML] = {CRIER_HTML_FILE, crier_write_html,
	                    crier_check_html_new, READS_HTML_AND_BODIES},
	[CRIER_OUT_RSS] = {CRIER_RSS_FILE, crier_write_rss,
	                   crier_check_rss_new, READS_HTML},
	[CRIER_OUT_JSON] = {CRIER_JSON_FILE, crier_write_json,
	                    crier_check_json_new, READS_HTML},
	[CRIER_OUT_SCHEDULE] = {CRIER_SCHEDULE_FILE, crier_write_schedule,
	                        crier_check_schedule_new, READS_NOTHING},
};

#define WRITER_COUNT CRIER_OUT_COUNT
_Static_assert(WRITER_COUNT <= CRIER_RENDER_MAX_READERS,
               "every writer may read from the one renderer");

/* What a writer's stream gathers before it writes to the file and pipe. */
#define STREAM_BYTES (256 * 1024)

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

/* One output being built: its writer, its file and what it found. */
struct build_job {
	const struct writer *writer;
	const struct crier_feed *feed;   /* the source's feed, or a view */
	struct crier_outdir *outdir;
	char *file;
	struct crier_entries entries;    /* when the writer reads HTML */
	struct crier_output *out;
	struct crier_diags *diags;       /* the job's own: lists are not shared */
	int rc;
	pthread_t thread;
};

/* libxml2's error reporting on this thread. */
struct xml_errors {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
};

static void
ignore_xml_error(void *ctx, xmlErrorPtr error)
{
	(void)ctx;
	(void)error;
}

/*
 * libxml2 prints "I/O error : No space left on device" on stderr when a
 * write fails, and the library never prints: the failure reaches the
 * user once, as "cannot write", from the output itself.  The handlers
 * are libxml2's per-thread ones, so each writer's thread sets its own.
 */
static void
quiet_xml_errors(struct xml_errors *saved)
{
	saved->generic = xmlGenericError;
	saved->generic_ctx = xmlGenericErrorContext;
	saved->structured = xmlStructuredError;
	saved->structured_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(NULL, ignore_xml_error);
}

static void
restore_xml_errors(const struct xml_errors *saved)
{
	xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
	xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
}

/* Writes one output to its temporary file, checking it on the way. */
static int
write_checked(struct build_job *job)
{
	cookie_io_functions_t io = {NULL, tee_write, NULL, NULL};
	const struct writer *wr = job->writer;
	struct crier_check *check;
	struct crier_diags *check_diags;
	struct xml_errors saved;
	struct tee tee;
	FILE *stream;
	char *stream_buf;
	int rc, check_rc;

	if (crier_output_open(job->outdir, job->file, job->diags,
	    &job->out) != 0)
		return CRIER_EIO;
	check = wr->check_new(job->feed, crier_output_path(job->out));
	tee.out = job->out;
	tee.pipe = crier_pipe_start(crier_check_consume, check);
	stream = fopencookie(&tee, "w", io);
	if (stream == NULL)
		crier_out_of_memory("fopencookie");
	/*
	 * glibc gives a stream without a buffer of its own BUFSIZ, whatever
	 * size setvbuf() asks for: each output file would be written 8 KiB
	 * a call.
	 */
	stream_buf = crier_xmalloc(STREAM_BYTES);
	setvbuf(stream, stream_buf, _IOFBF, STREAM_BYTES);
	quiet_xml_errors(&saved);
	rc = wr->write(job->feed, wr->reads != READS_NOTHING ? &job->entries : NULL,
	               stream, job->diags);
	fclose(stream);
	free(stream_buf);
	restore_xml_errors(&saved);
	crier_pipe_close(tee.pipe);
	check_diags = crier_diags_new();
	check_rc = check->finish(check, check_diags);
	/*
	 * A write error is kept by the output and reported here, once.  The
	 * checker then read a text cut short by the error: what it found
	 * says nothing about the records, so it is not reported.
	 */
	if (crier_output_finish(job->out, job->diags) != 0) {
		rc = CRIER_EIO;
	} else {
		crier_diags_append(job->diags, check_diags);
		if (rc == CRIER_EIO)
			crier_diag(job->diags, crier_output_path(job->out), 0,
			           0, MSG_WRITE_FAILED, "the writer failed");
		if (rc == CRIER_OK && check_rc != 0)
			rc = CRIER_EBUG;
	}
	crier_diags_free(check_diags);
	return rc;
}

static void *
run_job(void *arg)
{
	struct build_job *job = arg;

	job->rc = write_checked(job);
	/* However it ended, the other writers must not wait for this one. */
	if (job->writer->reads != READS_NOTHING)
		crier_entries_done(&job->entries);
	return NULL;
}

/*
 * Every output is built on a thread of its own: the writers that carry
 * entry HTML read it from one renderer, in step, so each entry is
 * rendered once; the rest run alongside.
 */
static void
run_jobs(const struct crier_feed *feed, struct build_job *jobs, size_t n)
{
	struct crier_renderer *renderer = NULL;
	unsigned readers = 0;
	int keeps_bodies = 0;
	size_t i;

	/*
	 * libxml2 sets up its globals (mutexes, dictionaries) on first use,
	 * which is not thread-safe: do it on this thread, before the writers'
	 * threads race to it (seen as a SEGV in xmlTextWriterStartDocument).
	 */
	xmlInitParser();
	for (i = 0; i < n; i++) {
		if (jobs[i].writer->reads != READS_NOTHING)
			jobs[i].entries.reader = readers++;
		if (jobs[i].writer->reads == READS_HTML_AND_BODIES)
			keeps_bodies = 1;
	}
	if (readers > 0)
		renderer = crier_renderer_start(feed,
		    crier_feed_output_count(feed), readers, keeps_bodies);
	for (i = 0; i < n; i++)
		jobs[i].entries.renderer = renderer;
	/*
	 * The last output is built on this thread: one fewer to start.  The
	 * others cannot run one after another instead, as the renderer waits
	 * for its slowest reader.
	 */
	for (i = 0; i + 1 < n; i++)
		crier_xthread(&jobs[i].thread, run_job, &jobs[i]);
	if (n > 0)
		run_job(&jobs[n - 1]);
	for (i = 0; i + 1 < n; i++)
		pthread_join(jobs[i].thread, NULL);
	crier_renderer_stop(renderer);
}

/* Adds the jobs of DOC's outputs at JOBS; returns how many. */
static size_t
add_jobs(const struct crier_feed *doc, struct crier_outdir *outdir,
         struct build_job *jobs)
{
	struct build_job *job;
	size_t i, n = 0;

	for (i = 0; i < WRITER_COUNT; i++) {
		if (!(doc->outputs & 1u << i) || writers[i].write == NULL)
			continue;
		job = &jobs[n++];
		memset(job, 0, sizeof(*job));
		job->writer = &writers[i];
		job->feed = doc;
		job->outdir = outdir;
		job->file = crier_feed_file(doc, (enum crier_output_kind)i);
		job->diags = crier_diags_new();
	}
	return n;
}

/*
 * A file whose bytes do not come from a writer: opened, written and
 * finished now, committed with the outputs.
 */
static int
open_plain(struct crier_outdir *outdir, const char *name, const char *text,
           size_t len, struct crier_diags *diags, struct crier_output **out)
{
	if (crier_output_open(outdir, name, diags, out) != 0 ||
	    crier_output_write(*out, text, len) != 0 ||
	    crier_output_finish(*out, diags) != 0)
		return CRIER_EIO;
	return CRIER_OK;
}

/*
 * OUTS[0] gets the stylesheet the feeds point browsers to, when asked
 * for; OUTS[1] the ledger, when there is one or anything to remember.
 */
static int
open_plain_files(const struct crier_feed *current, int has_ledger,
                 const struct crier_ledger_docs *docs,
                 struct crier_outdir *outdir, struct crier_diags *diags,
                 struct crier_output **outs)
{
	unsigned xml = 1u << CRIER_OUT_ATOM | 1u << CRIER_OUT_RSS;

	if (current->has_stylesheet && (current->outputs & xml) &&
	    open_plain(outdir, CRIER_STYLESHEET_FILE, crier_feed_xsl,
	               crier_feed_xsl_size, diags, &outs[0]) != CRIER_OK)
		return CRIER_EIO;
	if (!has_ledger && current->published_count == 0 &&
	    current->tombstone_count == 0)
		return CRIER_OK;
	if (crier_output_open(outdir, CRIER_LEDGER_FILE, diags,
	    &outs[1]) != 0)
		return CRIER_EIO;
	crier_ledger_write(current, docs, outs[1]);
	/* A write error is kept by the output and reported here. */
	return crier_output_finish(outs[1], diags) == 0 ? CRIER_OK : CRIER_EIO;
}

/*
 * Counts OUTS that are files a reader sees (not the ledger, OUTS[N-1]),
 * and KEPT files left as they were.
 */
static void
count_outputs(struct crier_output **outs, size_t n, size_t kept,
              size_t *written, size_t *unchanged)
{
	size_t i, same = kept, files = kept;

	for (i = 0; i + 1 < n; i++) {
		if (outs[i] == NULL)
			continue;
		files++;
		same += crier_output_is_unchanged(outs[i]) != 0;
	}
	if (written != NULL)
		*written = files - same;
	if (unchanged != NULL)
		*unchanged = same;
}

/*
 * The views this build keeps as the last one wrote them (stamp.h): each
 * whose key is the one the last build's stamp gives, and whose files are
 * still as that build left them.  KEYS gets every view's key, for the
 * next build.
 */
struct reuse {
	struct crier_stamp_prev *prev;  /* NULL: nothing to keep */
	char *build_id;
	struct crier_entry_keys *entry_keys;
	uint64_t *keys;
	char **kept;                    /* the names of the files kept */
	size_t kept_count;
};

static void
reuse_start(struct reuse *r, const struct crier_feed *feed,
            const char *out_dir)
{
	r->prev = crier_stamp_prev_read(out_dir);
	r->build_id = crier_stamp_build_id();
	r->entry_keys = crier_entry_keys_new(feed);
	r->keys = crier_xcalloc(feed->view_count + 1, sizeof(*r->keys));
	r->kept = crier_xcalloc(feed->view_count * WRITER_COUNT + 1,
	                        sizeof(*r->kept));
	r->kept_count = 0;
}

/* Whether VIEW, the feed's I-th, is kept: then its files are in R. */
static int
reuse_view(struct reuse *r, const struct crier_feed *view, size_t i)
{
	char *names[WRITER_COUNT];
	size_t k, n = 0;
	int is_kept;

	r->keys[i] = crier_stamp_view_key(view, r->build_id, r->entry_keys);
	if (r->prev == NULL)
		return 0;
	for (k = 0; k < WRITER_COUNT; k++)
		if ((view->outputs & 1u << k) && writers[k].write != NULL)
			names[n++] = crier_feed_file(view,
			                             (enum crier_output_kind)k);
	is_kept = crier_stamp_prev_has(r->prev, view->stem, r->keys[i],
	                               (const char *const *)names, n);
	for (k = 0; k < n; k++) {
		if (is_kept)
			r->kept[r->kept_count++] = names[k];
		else
			free(names[k]);
	}
	return is_kept;
}

static void
reuse_free(struct reuse *r)
{
	size_t i;

	crier_stamp_prev_free(r->prev);
	free(r->build_id);
	crier_entry_keys_free(r->entry_keys);
	free(r->keys);
	for (i = 0; i < r->kept_count; i++)
		free(r->kept[i]);
	free(r->kept);
}

/*
 * The outputs to put in place: the TOTAL JOBS' and the PLAIN files, in
 * an array to free() (the ledger last).  *LIST gets the names of the
 * files they and the views R kept leave in the output directory, for
 * the stamp: an array to free() of names borrowed from JOBS and R.
 */
static struct crier_output **
gather_outputs(const struct build_job *jobs, size_t total,
               struct crier_output *plain[2], const struct reuse *r,
               struct crier_stamp_outputs *list)
{
	struct crier_output **outs = crier_xcalloc(total + 2, sizeof(*outs));
	const char **names = crier_xcalloc(total + r->kept_count + 2,
	                                   sizeof(*names));
	size_t i, n = 0;

	for (i = 0; i < total; i++)
		if ((outs[i] = jobs[i].out) != NULL)
			names[n++] = jobs[i].file;
	for (i = 0; i < r->kept_count; i++)
		names[n++] = r->kept[i];
	if ((outs[total] = plain[0]) != NULL)
		names[n++] = CRIER_STYLESHEET_FILE;
	list->files = n;
	if ((outs[total + 1] = plain[1]) != NULL)
		names[n++] = CRIER_LEDGER_FILE;
	list->names = names;
	list->count = n;
	list->view_keys = r->keys;
	return outs;
}

/* Frees what the TOTAL JOBS hold once their outputs are done with. */
static void
free_jobs(struct build_job *jobs, size_t total)
{
	size_t i;

	for (i = 0; i < total; i++)
		free(jobs[i].file);
	free(jobs);
}

int
crier_build(const struct crier_feed *feed, const char *out_dir,
            struct crier_diags *diags)
{
	return crier_build_counted(feed, out_dir, diags, NULL, NULL);
}

/*
 * CURRENT's views, the facet feeds given the source's tombstones: a
 * reader of a facet feed is told of a deleted entry as a reader of the
 * feed is (RFC 6721), and ignores a tombstone for an entry it never saw.
 * Archive pages are left alone: RFC 5005 wants them unchanged, and a
 * deletion changes only the page that held the entry.  NULL when there
 * is nothing to add; free() it.
 */
static struct crier_feed *
facets_with_tombstones(struct crier_feed *current)
{
	struct crier_feed *views, *v;
	size_t i;

	if (current->tombstone_count == 0 || current->view_count == 0)
		return NULL;
	views = crier_xmalloc(current->view_count * sizeof(*views));
	memcpy(views, current->views, current->view_count * sizeof(*views));
	for (i = 0; i < current->view_count; i++) {
		v = &views[i];
		if (v->facet_label == NULL)
			continue;
		v->tombstones = current->tombstones;
		v->tombstone_count = current->tombstone_count;
		if (v->tombstones[0].when.epoch_s > v->updated.epoch_s)
			v->updated = v->tombstones[0].when;
	}
	current->views = views;
	return views;
}

/* The I-th document: the feed, its views, then the stale ones emptied. */
static const struct crier_feed *
document(const struct crier_feed *current, const struct crier_stale_plan *plan,
         size_t i)
{
	if (i == 0)
		return current;
	if (i <= current->view_count)
		return &current->views[i - 1];
	return &plan->empty[i - 1 - current->view_count];
}

/*
 * Runs the writers of every document but the views R keeps, one
 * document at a time, adding their jobs at JOBS and counting them in
 * *TOTAL; the first failure stops the rest.
 */
static int
write_documents(const struct crier_feed *current,
                const struct crier_stale_plan *stale,
                struct crier_outdir *outdir, struct reuse *r,
                struct build_job *jobs, size_t *total,
                struct crier_diags *diags)
{
	size_t docs = 1 + current->view_count + stale->empty_count, i, n;
	const struct crier_feed *doc;
	int rc = CRIER_OK;

	for (i = 0; i < docs && rc == CRIER_OK; i++) {
		doc = document(current, stale, i);
		if (i >= 1 && i <= current->view_count &&
		    reuse_view(r, doc, i - 1))
			continue;
		n = add_jobs(doc, outdir, jobs + *total);
		run_jobs(doc, jobs + *total, n);
		for (; n > 0; n--, ++*total)
			if (rc == CRIER_OK)
				rc = jobs[*total].rc;
	}
	for (i = 0; i < *total; i++) {
		crier_diags_append(diags, jobs[i].diags);
		crier_diags_free(jobs[i].diags);
	}
	return rc;
}

/*
 * The feed's outputs, then each view's (archive pages, facet feeds), then
 * the documents earlier builds wrote and this one would not (stale.h),
 * emptied, one document at a time, so that one renderer serves each
 * document's writers; then all are put in place at once, or none
 * (output.h).  The feed written is a copy given the tombstones of records
 * deleted since earlier builds, which the ledger in OUT_DIR remembers.
 */
int
crier_build_counted(const struct crier_feed *feed, const char *out_dir,
                    struct crier_diags *diags, size_t *written,
                    size_t *unchanged)
{
	struct build_job *jobs;
	struct crier_feed current = *feed;
	struct crier_output *plain[2] = {NULL, NULL}, **outs;
	struct crier_ledger_docs previous = {NULL, 0, 0};
	struct crier_stale_plan stale;
	struct crier_stamp_outputs list;
	struct crier_feed *facet_views;
	struct crier_outdir *outdir;
	struct reuse reuse;
	size_t i, total = 0, first = crier_diags_count(diags);
	int rc, has_ledger;

	has_ledger = crier_ledger_read(out_dir, &current, &previous, diags);
	if (has_ledger < 0 || crier_outdir_open(out_dir, 1, diags,
	    &outdir) != 0) {
		crier_ledger_docs_free(&previous);
		return CRIER_EIO;
	}
	facet_views = facets_with_tombstones(&current);
	crier_stale_plan(&current, &previous, &stale);
	crier_ledger_docs_free(&previous);
	reuse_start(&reuse, &current, out_dir);
	jobs = crier_xcalloc(WRITER_COUNT * (1 + feed->view_count +
	                     stale.empty_count), sizeof(*jobs));
	rc = write_documents(&current, &stale, outdir, &reuse, jobs, &total,
	                     diags);
	if (rc == CRIER_OK)
		rc = open_plain_files(&current, has_ledger, &stale.next,
		                      outdir, diags, plain);
	/* All in place, or none. */
	outs = gather_outputs(jobs, total, plain, &reuse, &list);
	if (rc == CRIER_OK)
		count_outputs(outs, total + 2, reuse.kept_count, written,
		              unchanged);
	if (rc != CRIER_OK) {
		for (i = 0; i < total + 2; i++)
			crier_output_abort(outs[i]);
		crier_outdir_abort(outdir);
	} else if (crier_outdir_commit(outdir, outs, total + 2, diags) != 0) {
		rc = CRIER_EIO;
	} else {
		/* The ledger in place no longer names them. */
		crier_stale_remove(out_dir, &stale);
		crier_stamp_write(feed, &current, &stale.next, out_dir, &list,
		                  diags, first);
	}
	if (rc != CRIER_OK)
		count_outputs(outs, 0, 0, written, unchanged);
	crier_stale_plan_free(&stale);
	free(facet_views);
	free_jobs(jobs, total);
	reuse_free(&reuse);
	free(list.names);
	free(outs);
	return rc;
}

void
crier_cleanup(void)
{
	xmlCleanupParser();
	crier_transport_cleanup();
	crier_zone_cache_free();
}
