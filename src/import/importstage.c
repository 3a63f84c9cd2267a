/*
 * importstage.c - checking and staging an import's records
 * (importstage.h).
 *
 * Creating a file costs the kernel as much as composing it costs us, so
 * the two run side by side: the reader composes record N+1 while this
 * writes record N.  The second thread owns everything it touches (the
 * batch, its diagnostics, its arena); the two meet only in the queue,
 * and in crier_stager_finish(), after the thread has ended.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bodycheck.h"
#include "diag.h"
#include "import.h"
#include "importstage.h"
#include "progress.h"
#include "record.h"

/* Records waiting: enough to ride out one slow file creation. */
#define QUEUE_SIZE 256

/*
 * A waiting side is woken when a quarter of the queue is there for it
 * (records for the stager, room for the reader), not at every record:
 * each wake-up is a switch of threads, and a switch for every record of
 * 100,000 costs more than a tenth of a second.
 */
#define WAKE_AT (QUEUE_SIZE / 4)

struct staged {
	size_t item, index;
};

struct crier_stager {
	const struct crier_import_options *opt;
	struct crier_diags *diags;
	struct crier_arena *scratch;   /* for checking one record */
	struct crier_output_batch *batch;
	struct staged *staged;
	size_t staged_count, staged_capacity;
	int errors, is_broken;
	int is_threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t has_jobs, has_room;
	struct crier_stage_job queue[QUEUE_SIZE];
	size_t head, count;
	int is_closed;
	int is_stager_waiting, is_reader_waiting;
};

/*
 * Whether check would refuse the record of J, parsed as REC (NULL when
 * it did not parse), for the size of the file or of what its body
 * makes (bodycheck.h): a schedule's text can be far bigger once escaped.
 */
static int
refused_by_check(struct crier_stager *st, const struct crier_stage_job *j,
                 const struct crier_record *rec)
{
	struct crier_diags *scratch = crier_diags_new();
	const char *what = NULL;
	char why[96];

	if (j->len > CRIER_RECORD_MAX_BYTES) {
		snprintf(why, sizeof(why), "file is larger than the limit of "
		         "%u MiB", CRIER_RECORD_MAX_BYTES >> 20);
		what = why;
	} else if (rec != NULL && crier_body_check_limits(j->path,
	    rec->body_line, j->text + rec->body_offset, rec->body_size,
	    scratch) > 0) {
		what = crier_diags_get(scratch, crier_diags_count(scratch) - 1)->
		       message;
	}
	if (what != NULL)
		crier_diag(st->diags, st->opt->schedule_file, j->line, 0,
		           MSG_IMPORT_REFUSED, j->event != NULL ? j->event
		           : j->path, what);
	crier_diags_free(scratch);
	return what != NULL ? -1 : 0;
}

/*
 * Every record to write must be one check takes, and read back as a
 * record with its key; the revision's announcement, which has none, as
 * a record.
 */
static void
check_record(struct crier_stager *st, const struct crier_stage_job *j)
{
	struct crier_diags *scratch = crier_diags_new();
	const struct crier_field *f;
	struct crier_record rec;
	int rc = -1;

	if (j->len <= CRIER_RECORD_MAX_BYTES)
		rc = crier_record_parse(j->path, j->text, j->len,
		                        CRIER_SYNTAX_RECORD, st->scratch, scratch,
		                        &rec);
	if (refused_by_check(st, j, rc == 0 ? &rec : NULL) != 0)
		st->errors++;
	else if (!st->is_broken && (rc != 0 || (j->key != NULL &&
	    ((f = crier_record_find(&rec, "Schedule-Id")) == NULL ||
	    strcmp(f->value, j->key) != 0)))) {
		crier_diag(st->diags, j->path, 0, 0, MSG_SELF_CHECK,
		           "an imported record does not read back");
		crier_diags_append(st->diags, scratch);
		st->is_broken = 1;
	}
	crier_diags_free(scratch);
	crier_arena_reset(st->scratch);
}

static void
stage(struct crier_stager *st, struct crier_stage_job *j)
{
	check_record(st, j);
	if (!st->opt->is_dry_run && st->errors == 0 && !st->is_broken) {
		if (st->batch == NULL)
			st->batch = crier_output_batch_new();
		if (crier_output_batch_add(st->batch, j->path, j->text, j->len,
		    st->diags) == 0) {
			st->staged = crier_xgrow(st->staged, &st->staged_capacity,
			                         st->staged_count + 1,
			                         sizeof(*st->staged));
			st->staged[st->staged_count++] = (struct staged){j->item,
			    crier_output_batch_count(st->batch) - 1};
		}
	}
	free(j->text);
	j->text = NULL;
}

static void *
work(void *arg)
{
	struct crier_stager *st = arg;
	struct crier_stage_job j;

	pthread_mutex_lock(&st->lock);
	for (;;) {
		while (st->count == 0 && !st->is_closed) {
			st->is_stager_waiting = 1;
			pthread_cond_wait(&st->has_jobs, &st->lock);
		}
		st->is_stager_waiting = 0;
		if (st->count == 0)
			break;
		j = st->queue[st->head];
		st->head = (st->head + 1) % QUEUE_SIZE;
		st->count--;
		if (st->is_reader_waiting && QUEUE_SIZE - st->count >= WAKE_AT)
			pthread_cond_signal(&st->has_room);
		pthread_mutex_unlock(&st->lock);
		stage(st, &j);
		pthread_mutex_lock(&st->lock);
	}
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

struct crier_stager *
crier_stager_new(const struct crier_import_options *opt, int is_threaded)
{
	struct crier_stager *st = crier_xcalloc(1, sizeof(*st));

	st->opt = opt;
	st->diags = crier_diags_new();
	st->scratch = crier_arena_new();
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->has_jobs, NULL);
	pthread_cond_init(&st->has_room, NULL);
	/* Without a thread, every record is staged as it comes. */
	st->is_threaded = is_threaded &&
	    pthread_create(&st->thread, NULL, work, st) == 0;
	return st;
}

void
crier_stager_add(struct crier_stager *st, const struct crier_stage_job *j)
{
	struct crier_stage_job copy = *j;

	if (!st->is_threaded) {
		stage(st, &copy);
		return;
	}
	pthread_mutex_lock(&st->lock);
	while (st->count == QUEUE_SIZE) {
		st->is_reader_waiting = 1;
		pthread_cond_wait(&st->has_room, &st->lock);
	}
	st->is_reader_waiting = 0;
	st->queue[(st->head + st->count) % QUEUE_SIZE] = copy;
	st->count++;
	if (st->is_stager_waiting && st->count >= WAKE_AT)
		pthread_cond_signal(&st->has_jobs);
	pthread_mutex_unlock(&st->lock);
}

/* Lets the thread finish what is queued, and waits for it. */
static void
stop(struct crier_stager *st)
{
	if (!st->is_threaded)
		return;
	pthread_mutex_lock(&st->lock);
	st->is_closed = 1;
	pthread_cond_signal(&st->has_jobs);
	pthread_mutex_unlock(&st->lock);
	pthread_join(st->thread, NULL);
	st->is_threaded = 0;
}

static void
free_stager(struct crier_stager *st)
{
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->has_jobs);
	pthread_cond_destroy(&st->has_room);
	crier_diags_free(st->diags);
	crier_arena_free(st->scratch);
	free(st->staged);
	free(st);
}

int
crier_stager_finish(struct crier_stager *st, struct crier_diags *diags,
                    int *is_broken, struct crier_output_batch **batch,
                    void (*staged)(void *arg, size_t item, size_t i),
                    void *arg)
{
	int errors;
	size_t i;

	stop(st);
	crier_diags_append(diags, st->diags);
	*is_broken = st->is_broken;
	*batch = st->batch;
	for (i = 0; i < st->staged_count; i++)
		staged(arg, st->staged[i].item, st->staged[i].index);
	errors = st->errors;
	free_stager(st);
	return errors;
}

void
crier_stager_free(struct crier_stager *st)
{
	if (st == NULL)
		return;
	stop(st);
	crier_output_batch_abort(st->batch);
	free_stager(st);
}
