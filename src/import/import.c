/*
 * import.c - schedule events to talk records, and re-import as update.
 *
 * Each event has one record, found again by its Schedule-Id field; a
 * new event gets a new file, named after its slug.  How a record's text
 * is composed, and what of it is kept, is importrec.c's business; which
 * files the source holds, and what a new record is named, importnames.c's.
 * An event no longer selected leaves its record alone unless pruning.
 *
 * The reader hands over one event at a time (import.h), to a thread
 * that composes its record while the reader reads on; the record is then
 * re-read with the record parser and staged in a temporary file, on a
 * third thread (importstage.c), and only its item is kept: path, key,
 * what changed, and for the revision's announcement a few fields.  Of
 * the records already there, only path and key are kept; the text is
 * read again when its event comes, or when it is cancelled.  So an
 * import holds the texts of the few hundred events and records between
 * the threads, however big the schedule.  Only when every record is on
 * disk, and no error was found, are they renamed into place.
 *
 * A new record's name depends on every other new event (two that share
 * a slug both take their id), so it is staged under its slug, or a
 * placeholder when that is taken, and renamed in the staging directory
 * once the schedule is read, when the names are known.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "importnames.h"
#include "importold.h"
#include "importstage.h"
#include "model.h"
#include "output.h"
#include "record.h"
#include "progress.h"
#include "schedkeys.h"
#include "workq.h"

/* What the revision's announcement needs of a talk. */
struct news_facts {
	struct crier_sched_change c;
	const char *old_id;          /* the old record's Id, or NULL */
	int has_published;
	struct crier_time published; /* the old record's */
};

#define NOT_STAGED SIZE_MAX

struct item {
	enum crier_import_change change;
	const char *path;
	const char *key;        /* checked in the written text */
	struct news_facts *news;     /* NULL when not news */
	size_t staged;          /* its index in the batch, or NOT_STAGED */
	int is_renamed;         /* a new record staged under another name */
};

struct crier_import {
	struct crier_arena *arena;
	struct item *items;
	size_t count, capacity;
};

struct importer {
	const struct crier_import_options *opt;
	struct crier_diags *diags;
	struct crier_diags *event_diags;   /* where reading a record fails */
	struct crier_workq *composer;       /* takes the events (workq.h) */
	struct crier_diags *composed;       /* the composer's diagnostics */
	struct crier_import *out;
	const char *source;          /* without a trailing '/' */
	struct crier_import_files files;    /* the source's records */
	struct crier_import_olds olds;      /* the records imported before */
	struct crier_time stamp;     /* Published of new, Updated of changed */
	int errors;
	int errors_before_events;    /* what a restart goes back to */
	int is_ready;                /* the source is read: take events */
	int is_broken;               /* a composed record did not read back */
	struct crier_stager *stager;        /* checks and stages records */
	struct crier_output_batch *batch;   /* once staged, or NULL */
	struct crier_arena *old_arena;      /* one old record, parsed */
	struct crier_import_new *fresh;     /* new records, to be named */
	size_t fresh_count, fresh_capacity;
	struct crier_sched_keys *slugs;     /* of new records so far */
	int has_news;                /* feed.conf wants the announcement */
	const char *base;            /* feed.conf's Base, or NULL */
	int has_months;              /* feed.conf has a Limit */
};

/* ------------------------------------------------------------------ */
/* The records already there                                           */
/* ------------------------------------------------------------------ */

static void
read_source(struct importer *im)
{
	struct stat st;

	if (stat(im->source, &st) != 0 || !S_ISDIR(st.st_mode)) {
		crier_diag(im->diags, im->source, 0, 0, MSG_NOT_A_DIRECTORY,
		           access(im->source, F_OK) != 0 ? strerror(errno)
		           : "it is a file");
		im->errors++;
		return;
	}
	im->files.arena = im->out->arena;
	im->files.dir = im->source;
	im->errors += crier_import_files_scan(&im->files, im->diags);
	im->errors += crier_import_olds_scan(&im->olds, &im->files, im->diags);
}

/*
 * X's text again, into *BUF (to free()) and *REC (in im->old_arena,
 * reset by the caller): 0, or -1 with an error if it is gone since.
 */
static int
read_old(struct importer *im, const struct crier_import_old *x, char **buf,
         size_t *len, struct crier_record *rec)
{
	struct crier_diags *scratch = crier_diags_new();
	int rc = crier_import_old_read(x->path, im->old_arena, scratch, buf,
	                               len, rec);

	if (*buf == NULL) {
		crier_diags_append(im->event_diags, scratch);
		im->errors++;
	}
	crier_diags_free(scratch);
	return *buf != NULL ? 0 : rc;
}

static size_t
add_item(struct importer *im, enum crier_import_change change,
         const char *path, const char *key)
{
	struct crier_import *out = im->out;

	out->items = crier_xgrow(out->items, &out->capacity, out->count + 1,
	                         sizeof(*out->items));
	out->items[out->count] = (struct item){change, path, key, NULL,
	                                       NOT_STAGED, 0};
	return out->count++;
}

/* ------------------------------------------------------------------ */
/* What the announcement needs                                         */
/* ------------------------------------------------------------------ */

/* Whether a talk that changed HOW is listed in the announcement. */
static int
is_news(enum crier_import_change how)
{
	return how == CRIER_IMPORT_NEW || how == CRIER_IMPORT_MOVED ||
	    how == CRIER_IMPORT_CANCELLED || how == CRIER_IMPORT_RESTORED;
}

static const char *
old_field(struct importer *im, const struct crier_record *old,
          const char *name)
{
	const struct crier_field *f = old != NULL ? crier_record_find(old, name)
	    : NULL;

	return f != NULL ? crier_arena_strdup(im->out->arena, f->value) : NULL;
}

/* Keeps what the announcement says of item I: event E and record OLD. */
static void
keep_news(struct importer *im, size_t i, const struct crier_sched_event *e,
          const struct crier_record *old)
{
	struct crier_arena *a = im->out->arena;
	struct news_facts *n;

	if (!im->has_news || !is_news(im->out->items[i].change))
		return;
	n = crier_arena_alloc(a, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->c.how = im->out->items[i].change;
	if (e != NULL) {
		n->c.title = crier_arena_strdup(a, e->title);
		n->c.url = e->url != NULL ? crier_arena_strdup(a, e->url) : NULL;
		n->c.room = e->room != NULL ? crier_arena_strdup(a, e->room)
		    : NULL;
		n->c.starts = e->starts;
	}
	n->c.old_title = old_field(im, old, "Title");
	n->c.old_link = old_field(im, old, "Link");
	n->c.old_room = old_field(im, old, "Room");
	n->c.has_old_starts = crier_import_record_time(old, "Starts",
	                                               &n->c.old_starts);
	n->old_id = old_field(im, old, "Id");
	n->has_published = crier_import_record_time(old, "Published",
	                                            &n->published);
	im->out->items[i].news = n;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

static void take_text(struct importer *im, size_t i,
                      const struct crier_sched_event *e, char *text,
                      size_t len);

static void
update_record(struct importer *im, const struct crier_sched_event *e,
              struct crier_import_old *x)
{
	enum crier_import_change how;
	struct crier_record rec;
	size_t i, len, old_len;
	char *text, *old;

	x->is_matched = 1;
	if (read_old(im, x, &old, &old_len, &rec) != 0)
		return;
	text = crier_import_compose(e, im->opt->announcement, im->stamp, old,
	                            old_len, &rec, &len, &how);
	free(old);
	i = add_item(im, how, x->path, x->key);
	keep_news(im, i, e, &rec);
	crier_arena_reset(im->old_arena);
	take_text(im, i, e, text, len);
}

/*
 * Where a new record is staged until every name is known: its slug's
 * name, unless another new record has it or a file does.
 */
static const char *
staging_path(struct importer *im, const struct crier_sched_event *e)
{
	const char *path = crier_import_schedule_path(&im->files, e->slug, 1);

	if (crier_sched_keys_add(im->slugs, e->slug, "", 0) &&
	    !crier_import_is_on_disk(&im->files, path))
		return path;
	return crier_arena_printf(im->out->arena, "%s/schedule/.new-%zu.md",
	                          im->source, im->fresh_count);
}

static void
add_record(struct importer *im, const struct crier_sched_event *e)
{
	struct crier_arena *a = im->out->arena;
	enum crier_import_change how;
	size_t i, len;
	char *text = crier_import_compose(e, im->opt->announcement, im->stamp,
	                                  NULL, 0, NULL, &len, &how);

	i = add_item(im, CRIER_IMPORT_NEW, staging_path(im, e),
	             crier_arena_strdup(a, e->key));
	im->fresh = crier_xgrow(im->fresh, &im->fresh_capacity,
	                        im->fresh_count + 1, sizeof(*im->fresh));
	im->fresh[im->fresh_count++] = (struct crier_import_new){
	    crier_arena_strdup(a, e->slug), crier_arena_strdup(a, e->id),
	    e->line, i, NULL};
	keep_news(im, i, e, NULL);
	take_text(im, i, e, text, len);
}

static struct crier_time
stamp_of(const struct crier_schedule *s, const struct crier_import_options *opt)
{
	return s->has_version_time ? s->version
	    : (struct crier_time){opt->now_s, 0};
}

/* ------------------------------------------------------------------ */
/* Events, composed on a thread of their own                           */
/* ------------------------------------------------------------------ */

/*
 * The reader spends as long on an event's XML and HTML as composing its
 * record takes (reading the old record again, comparing, writing the new
 * one), so the two run side by side: the reader hands each event to the
 * composer thread, which owns the importer until crier_workq_finish().
 */

/* Events read ahead of the composer: enough to ride out a slow one. */
#define COMPOSE_QUEUE 64

/* An event for the composer; none, to go back to before the first. */
struct compose_job {
	const struct crier_schedule *s;
	struct crier_sched_event *event;
};

static void restart_events(struct importer *im);

/* The composer's work: event E's record, or a restart. */
static void
compose_event(void *arg, void *job)
{
	struct importer *im = arg;
	struct compose_job *j = job;
	struct crier_import_old *x;
	char *body;

	if (j->event == NULL) {
		restart_events(im);
		return;
	}
	im->stamp = stamp_of(j->s, im->opt);
	body = crier_sched_body_markdown(&j->event->body_parts);
	j->event->body = body;
	if ((x = crier_import_olds_find(&im->olds, j->event->key)) != NULL)
		update_record(im, j->event, x);
	else
		add_record(im, j->event);
	free(body);
	free(j->event);
	crier_progress_step(CRIER_PROGRESS_IMPORTING);
}

/* struct crier_sched_sink's take: event E, to the composer. */
static void
take_event(void *arg, const struct crier_schedule *s,
           const struct crier_sched_event *e, struct crier_diags *diags)
{
	struct importer *im = arg;

	(void)diags;   /* the composer's own are added after the events */
	if (im->is_ready)
		crier_workq_put(im->composer, &(struct compose_job){s,
		                crier_sched_event_copy(e)});
}

/* struct crier_sched_sink's restart: after the events already sent. */
static void
send_restart(void *arg)
{
	struct importer *im = arg;

	if (im->is_ready)
		crier_workq_put(im->composer, &(struct compose_job){NULL,
		                NULL});
}

/* Back to before the first event: they will all come again. */
static void
restart_events(struct importer *im)
{
	size_t i;

	crier_stager_free(im->stager);
	im->stager = crier_stager_new(im->opt);
	crier_diags_free(im->composed);
	im->composed = im->event_diags = crier_diags_new();
	im->errors = im->errors_before_events;
	im->is_broken = 0;
	im->out->count = 0;
	im->fresh_count = 0;
	crier_sched_keys_clear(im->slugs);
	for (i = 0; i < im->olds.count; i++)
		im->olds.v[i].is_matched = 0;
}

/* ------------------------------------------------------------------ */
/* New records' file names                                             */
/* ------------------------------------------------------------------ */

/* Gives each new record its name (importnames.c). */
static void
name_new_records(struct importer *im)
{
	struct crier_import_new *v = im->fresh;
	struct item *it;
	size_t i;

	crier_import_name_new(&im->files, v, im->fresh_count);
	for (i = 0; i < im->fresh_count; i++) {
		it = &im->out->items[v[i].index];
		it->is_renamed = strcmp(it->path, v[i].path) != 0;
		it->path = v[i].path;
	}
}

/*
 * Gives the staged files of new records their names.  Those that move
 * go to a placeholder first, so that no name is taken by a file that is
 * about to leave it.
 */
static void
rename_staged(struct importer *im)
{
	struct item *v = im->out->items;
	size_t i;
	int pass;

	for (pass = 0; pass < 2 && im->batch != NULL; pass++)
		for (i = 0; i < im->out->count; i++)
			if (v[i].is_renamed && v[i].staged != NOT_STAGED)
				crier_output_batch_rename(im->batch, v[i].staged,
				    pass == 1 ? v[i].path : crier_arena_printf(
				    im->out->arena, "%s/schedule/.moving-%zu.md",
				    im->source, i), im->diags);
}

/*
 * Records of this conference whose event is no longer selected: removed
 * when pruning, else cancelled, so that readers and calendars hear of it.
 */
static void
plan_gone(struct importer *im, const struct crier_schedule *s)
{
	size_t i, len = strlen(s->conference), text_len, old_len, k;
	struct crier_record rec;
	char *text, *old;

	for (i = 0; i < im->olds.count; i++) {
		struct crier_import_old *x = &im->olds.v[i];

		if (x->is_matched || strncmp(x->key, s->conference, len) != 0 ||
		    x->key[len] != '/')
			continue;
		if (im->opt->is_pruning) {
			add_item(im, CRIER_IMPORT_REMOVED, x->path, x->key);
			continue;
		}
		if (read_old(im, x, &old, &old_len, &rec) != 0)
			continue;
		text = crier_import_cancel(im->opt->announcement, im->stamp,
		                           old, old_len, &rec, &text_len);
		free(old);
		k = add_item(im, text != NULL ? CRIER_IMPORT_CANCELLED
		             : CRIER_IMPORT_UNCHANGED, x->path, x->key);
		keep_news(im, k, NULL, &rec);
		crier_arena_reset(im->old_arena);
		take_text(im, k, NULL, text, text_len);
	}
}

/*
 * The page the build puts a record on: index.html, or with month pages
 * the one of the month its own Published names (crier-records(5)),
 * into PAGE; 0 if that cannot be told here (N is NULL for a new one).
 */
static int
page_of(const struct news_facts *n, int has_months,
        char page[CRIER_MONTH_STEM_SIZE + 8])
{
	if (!has_months) {
		strcpy(page, CRIER_HTML_FILE);
		return 1;
	}
	if (n == NULL || !n->has_published)
		return 0;
	crier_month_stem(n->published, page);
	strcat(page, ".html");
	return 1;
}

/*
 * Where the build puts item IT: Base, its page and the record's id, its
 * Id or its path without ".md".
 */
static const char *
page_link(struct importer *im, const struct item *it)
{
	const struct news_facts *n = it->change == CRIER_IMPORT_NEW ? NULL
	    : it->news;
	const char *base = im->base, *id = n != NULL ? n->old_id : NULL;
	size_t skip = strlen(im->source) + 1;
	char page[CRIER_MONTH_STEM_SIZE + 8];

	if (base == NULL || strncmp(base, "http", 4) != 0 ||
	    !page_of(n, im->has_months, page))
		return NULL;
	if (id != NULL)
		return crier_arena_printf(im->out->arena, "%s%s%s#%s", base,
		    base[strlen(base) - 1] == '/' ? "" : "/", page, id);
	return crier_arena_printf(im->out->arena, "%s%s%s#%.*s", base,
	    base[strlen(base) - 1] == '/' ? "" : "/", page,
	    (int)(strlen(it->path) - skip - 3), it->path + skip);
}

static int
compare_items(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->path,
	              ((const struct item *)b)->path);
}

static int
compare_item_paths(const void *a, const void *b)
{
	return compare_items(*(const struct item *const *)a,
	                     *(const struct item *const *)b);
}

/* SOURCE/schedule/changes-20180203T103000Z.md, or -2... if taken. */
static const char *
news_path(struct importer *im)
{
	struct crier_civil c;
	const char *stem, *path;
	size_t k;

	crier_time_civil((struct crier_time){im->stamp.epoch_s, 0}, &c);
	stem = crier_arena_printf(im->out->arena, "changes-%04d%02d%02dT%02d%02d"
	                          "%02dZ", c.year, c.month, c.day, c.hour,
	                          c.minute, c.second);
	for (k = 1; crier_import_is_on_disk(&im->files,
	     path = crier_import_schedule_path(&im->files, stem, k)); k++)
		;
	return path;
}

/* The revision's announcement, when talks already there changed. */
static void
plan_news(struct importer *im, const struct crier_schedule *s)
{
	struct crier_sched_change *v = crier_xcalloc(im->out->count + 1,
	                                             sizeof(*v));
	const struct item **order = crier_xcalloc(im->out->count + 1,
	                                          sizeof(*order));
	size_t i, n = 0, len;
	const struct item *it;
	char *text = NULL;

	/* In the order of their paths; the items keep theirs till staged. */
	for (i = 0; i < im->out->count; i++)
		order[i] = &im->out->items[i];
	qsort(order, im->out->count, sizeof(*order), compare_item_paths);
	for (i = 0; i < im->out->count; i++) {
		it = order[i];
		if (it->news == NULL)
			continue;
		v[n] = it->news->c;
		v[n++].page_link = page_link(im, it);
	}
	if (n > 0)
		text = crier_import_news(s->conference, v, n, im->stamp, &len);
	if (text != NULL)
		take_text(im, add_item(im, CRIER_IMPORT_NEW, news_path(im), NULL),
		          NULL, text, len);
	free(order);
	free(v);
}

/*
 * The composed TEXT (LEN bytes) of item I, from event E (or NULL), or
 * NULL when its record stays as it is: checked and staged (importstage.c).
 */
static void
take_text(struct importer *im, size_t i, const struct crier_sched_event *e,
          char *text, size_t len)
{
	const struct item *it = &im->out->items[i];

	if (text != NULL)
		crier_stager_add(im->stager, &(struct crier_stage_job){i,
		    it->path, it->key, e != NULL ? it->key : NULL,
		    e != NULL ? e->line : 0, text, len});
}

/* crier_stager_finish()'s word that item ITEM is staged as number I. */
static void
note_staged(void *arg, size_t item, size_t i)
{
	struct importer *im = arg;

	im->out->items[item].staged = i;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/*
 * All or nothing: every record is on disk under a temporary name before
 * the first is renamed into place, and pruned records go last.
 */
static int
write_changes(struct importer *im)
{
	size_t i;
	int rc = 0;

	if (im->batch != NULL)
		rc = crier_output_batch_commit(im->batch, im->diags);
	im->batch = NULL;
	for (i = 0; i < im->out->count && rc == 0; i++) {
		const struct item *it = &im->out->items[i];

		if (it->change == CRIER_IMPORT_REMOVED && unlink(it->path) != 0) {
			crier_diag(im->diags, it->path, 0, 0, MSG_WRITE_FAILED,
			           strerror(errno));
			rc = -1;
		}
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* The import                                                          */
/* ------------------------------------------------------------------ */

static int
is_record_id(const char *s)
{
	if (*s == '\0' || *s == '/' || *s == '.')
		return 0;
	return s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_./")] == '\0';
}

static void
free_importer(struct importer *im)
{
	crier_workq_finish(im->composer);
	crier_diags_free(im->composed);
	crier_output_batch_abort(im->batch);
	free(im->olds.v);
	free(im->fresh);
	free(im->files.paths);
	crier_sched_keys_free(im->slugs);
	crier_stager_free(im->stager);
	crier_arena_free(im->old_arena);
}

/*
 * After the last event: the new records' names, the records whose
 * event is gone, the announcement; then, once every record is staged,
 * and if nothing went wrong, every record put in place.
 */
static int
finish_import(struct importer *im, const struct crier_schedule *s)
{
	int rc = CRIER_OK, is_broken;

	im->event_diags = im->diags;
	im->stamp = stamp_of(s, im->opt);
	name_new_records(im);
	plan_gone(im, s);
	plan_news(im, s);
	im->errors += crier_stager_finish(im->stager, im->diags, &is_broken,
	                                  &im->batch, note_staged, im);
	im->stager = NULL;
	im->is_broken |= is_broken;
	rename_staged(im);
	qsort(im->out->items, im->out->count, sizeof(*im->out->items),
	      compare_items);
	if (im->is_broken)
		rc = CRIER_EBUG;
	else if (im->errors > 0)
		rc = CRIER_EINPUT;
	else if (!im->opt->is_dry_run && write_changes(im) != 0)
		rc = CRIER_EIO;
	return rc;
}

/*
 * The source's records and feed.conf, before the first event comes.
 * What goes wrong is said in SOURCE_DIAGS, added to the rest only if
 * the schedule reads: as ever, a broken schedule is said alone.
 */
static void
prepare_import(struct importer *im, struct crier_diags *source_diags)
{
	struct crier_diags *diags = im->diags;

	im->stager = crier_stager_new(im->opt);
	im->old_arena = crier_arena_new();
	im->slugs = crier_sched_keys_new();
	im->composed = crier_diags_new();
	im->composer = crier_workq_new(sizeof(struct compose_job),
	                               COMPOSE_QUEUE, COMPOSE_QUEUE / 4,
	                               compose_event, im);
	if (im->errors > 0)
		return;
	im->diags = source_diags;
	read_source(im);
	im->diags = diags;
	im->has_news = crier_import_news_wanted(im->source, im->out->arena,
	                                        &im->base, &im->has_months);
	im->is_ready = im->errors == 0;
	im->errors_before_events = im->errors;
	im->event_diags = im->composed;
	crier_progress_begin(CRIER_PROGRESS_IMPORTING, 0);
}

/*
 * Talks belong in a feed source: records written anywhere else (a typo
 * in -s, or the parent of the source) would be read by no build.
 */
static int
check_source(const char *source, struct crier_diags *diags)
{
	char *conf = crier_xmalloc(strlen(source) + sizeof("/feed.conf"));
	struct stat st;
	int errors = 0;

	sprintf(conf, "%s/feed.conf", source);
	if (stat(source, &st) != 0 || !S_ISDIR(st.st_mode)) {
		crier_diag(diags, source, 0, 0, MSG_NOT_A_DIRECTORY,
		           stat(source, &st) != 0 ? strerror(errno) :
		           "it is a file");
		errors++;
	} else if (stat(conf, &st) != 0) {
		crier_diag(diags, conf, 0, 0, MSG_NO_FEED_CONF);
		errors++;
	}
	free(conf);
	return errors;
}

int
crier_schedule_import(const struct crier_import_options *opt,
                      struct crier_diags *diags,
                      struct crier_import **import_out)
{
	struct importer im = {0};
	struct crier_sched_sink sink = {take_event, send_restart, &im};
	struct crier_diags *source_diags = crier_diags_new();
	struct crier_schedule *s = NULL;
	size_t len = strlen(opt->source_dir);
	char *dir;
	int rc, was_there;

	*import_out = NULL;
	im.opt = opt;
	im.diags = diags;
	im.out = crier_xcalloc(1, sizeof(*im.out));
	im.out->arena = crier_arena_new();
	while (len > 1 && opt->source_dir[len - 1] == '/')
		len--;
	im.source = crier_arena_strndup(im.out->arena, opt->source_dir, len);
	im.errors += check_source(im.source, diags);
	if (opt->announcement != NULL && !is_record_id(opt->announcement)) {
		crier_diag(diags, "--announcement", 0, 0, MSG_BAD_ID,
		           opt->announcement);
		im.errors++;
	}
	/* Staging makes SOURCE/schedule: a failed import leaves nothing. */
	dir = crier_arena_printf(im.out->arena, "%s/schedule", im.source);
	was_there = access(dir, F_OK) == 0;
	prepare_import(&im, source_diags);
	rc = crier_schedule_read(opt, &sink, diags, &s);
	crier_workq_finish(im.composer);
	im.composer = NULL;
	if (rc == CRIER_OK) {
		crier_diags_append(diags, source_diags);
		crier_diags_append(diags, im.composed);
	}
	if (rc == CRIER_OK && im.errors == 0)
		rc = finish_import(&im, s);
	if (rc == CRIER_OK && im.errors > 0)
		rc = CRIER_EINPUT;
	free_importer(&im);
	crier_diags_free(source_diags);
	crier_schedule_free(s);
	if (rc != CRIER_OK && !was_there)
		rmdir(dir);
	if (rc != CRIER_OK) {
		crier_import_free(im.out);
		return rc;
	}
	*import_out = im.out;
	return CRIER_OK;
}

size_t
crier_import_count(const struct crier_import *import)
{
	return import->count;
}

const char *
crier_import_record(const struct crier_import *import, size_t i,
                    enum crier_import_change *change)
{
	if (i >= import->count)
		return NULL;
	if (change != NULL)
		*change = import->items[i].change;
	return import->items[i].path;
}

void
crier_import_free(struct crier_import *import)
{
	if (import == NULL)
		return;
	crier_arena_free(import->arena);
	free(import->items);
	free(import);
}
