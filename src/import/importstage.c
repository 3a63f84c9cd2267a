/*
 * importstage.c - checking and staging an import's records
 * (importstage.h).
 *
 * Creating a file costs the kernel as much as composing it costs us, so
 * the two run side by side: the composer makes record N+1 while this
 * writes record N.  The stager's thread owns everything it touches (the
 * batch, its diagnostics, its arena); the two meet only in the queue
 * (workq.h), and in crier_stager_finish(), after the thread has ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bodycheck.h"
#include "diag.h"
#include "import.h"
#include "importstage.h"
#include "progress.h"
#include "record.h"
#include "workq.h"

/* Records waiting: enough to ride out one slow file creation. */
#define QUEUE_SIZE 256
/* Each side woken a quarter of the queue at a time (workq.h). */
#define WAKE_AT (QUEUE_SIZE / 4)

struct staged {
	size_t item, index;
};

/* Everything but the queue is the stager thread's until it ends. */
struct crier_stager {
	const struct crier_import_options *opt;
	struct crier_diags *diags;
	struct crier_arena *scratch;   /* for checking one record */
	struct crier_output_batch *batch;
	struct staged *staged;
	size_t staged_count, staged_capacity;
	int errors, is_broken;
	struct crier_workq *queue;
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
stage(void *arg, void *job)
{
	struct crier_stager *st = arg;
	struct crier_stage_job *j = job;

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

struct crier_stager *
crier_stager_new(const struct crier_import_options *opt)
{
	struct crier_stager *st = crier_xcalloc(1, sizeof(*st));

	st->opt = opt;
	st->diags = crier_diags_new();
	st->scratch = crier_arena_new();
	st->queue = crier_workq_new(sizeof(struct crier_stage_job),
	                            QUEUE_SIZE, WAKE_AT, stage, st);
	return st;
}

void
crier_stager_add(struct crier_stager *st, const struct crier_stage_job *j)
{
	crier_workq_put(st->queue, j);
}

static void
free_stager(struct crier_stager *st)
{
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

	crier_workq_finish(st->queue);
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
	crier_workq_finish(st->queue);
	crier_output_batch_abort(st->batch);
	free_stager(st);
}
