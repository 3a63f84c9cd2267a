/*
 * import.c - schedule events to talk records, and re-import as update.
 *
 * Each event has one record, found again by its Schedule-Id field; a
 * new event gets a new file, named after its slug.  How a record's text
 * is composed, and what of it is kept, is importrec.c's business; which
 * files the source holds, and what a new record is named, importnames.c's.
 * An event no longer selected leaves its record alone unless pruning.
 *
 * Each record is composed, re-read with the record parser and staged in
 * a temporary file, one at a time, so that an import holds one record's
 * text however big the schedule; only when every one is on disk, and no
 * error was found, are they renamed into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bodycheck.h"
#include "buf.h"
#include "diag.h"
#include "import.h"
#include "importnames.h"
#include "model.h"
#include "output.h"
#include "record.h"
#include "progress.h"

/* An imported record already in the source. */
struct existing {
	const char *path;
	char *buf;
	size_t len;
	struct crier_record rec;
	const char *key;
	unsigned key_line;
	int is_matched;
};

struct item {
	enum crier_import_change change;
	const char *path;
	const char *key;        /* checked in the written text */
	const struct crier_sched_event *event;  /* NULL when gone */
	const struct existing *old;             /* NULL when new */
};

struct crier_import {
	struct crier_arena *arena;
	struct item *items;
	size_t count, capacity;
};

struct importer {
	const struct crier_import_options *opt;
	struct crier_diags *diags;
	const struct crier_schedule *s;
	struct crier_import *out;
	const char *source;          /* without a trailing '/' */
	struct crier_import_files files;    /* the source's records */
	struct existing *recs;       /* sorted by key */
	size_t rec_count, rec_capacity;
	struct crier_time stamp;     /* Published of new, Updated of changed */
	int errors;
	int is_broken;               /* a composed record did not read back */
	struct crier_output_batch *batch;   /* the staged records, or NULL */
	struct crier_diags *write_diags;    /* why staging failed */
	struct crier_arena *scratch;        /* for checking one record */
};

/* ------------------------------------------------------------------ */
/* The records already there                                           */
/* ------------------------------------------------------------------ */

/*
 * Reads PATH and keeps it if it carries a Schedule-Id.  Such a record
 * must parse: the import would rewrite it, and cannot rewrite what it
 * cannot read.  Other records are none of the import's business.
 */
static void
read_record(struct importer *im, const char *path)
{
	struct crier_diags *scratch = crier_diags_new();
	const struct crier_field *f;
	struct existing x = {0};
	int rc;

	x.path = path;
	/*
	 * A record that cannot be read may be one of the import's own: left
	 * unsaid, the import would write the event again under a new name,
	 * a copy more on every run.  check refuses it too.
	 */
	if (crier_file_read(path, scratch, &x.buf, &x.len) != 0) {
		crier_diags_append(im->diags, scratch);
		im->errors++;
		crier_diags_free(scratch);
		return;
	}
	rc = crier_record_parse(path, x.buf, x.len, CRIER_SYNTAX_RECORD,
	                        im->out->arena, scratch, &x.rec);
	f = crier_record_find(&x.rec, "Schedule-Id");
	if (f == NULL) {
		free(x.buf);
		crier_diags_free(scratch);
		return;
	}
	if (rc != 0) {
		crier_diags_append(im->diags, scratch);
		im->errors++;
	}
	crier_diags_free(scratch);
	x.key = f->value;
	x.key_line = f->value_line;
	im->recs = crier_xgrow(im->recs, &im->rec_capacity, im->rec_count + 1,
	                       sizeof(*im->recs));
	im->recs[im->rec_count++] = x;
}

static int
compare_existing(const void *a, const void *b)
{
	const struct existing *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->path, y->path);
}

static void
read_source(struct importer *im)
{
	struct stat st;
	size_t i;

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
	for (i = 0; i < im->files.path_count; i++)
		read_record(im, im->files.paths[i]);
	if (im->rec_count > 0)
		qsort(im->recs, im->rec_count, sizeof(*im->recs),
		      compare_existing);
	for (i = 1; i < im->rec_count; i++) {
		if (strcmp(im->recs[i].key, im->recs[i - 1].key) != 0)
			continue;
		crier_diag(im->diags, im->recs[i].path, im->recs[i].key_line, 0,
		           MSG_SCHEDULE_ID_TWICE, im->recs[i].key,
		           im->recs[i - 1].path, im->recs[i - 1].key_line);
		im->errors++;
	}
}

static struct existing *
find_existing(struct importer *im, const char *key)
{
	size_t lo = 0, hi = im->rec_count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(im->recs[mid].key, key);
		if (c == 0)
			return &im->recs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct item *
add_item(struct importer *im, enum crier_import_change change,
         const char *path, const char *key)
{
	struct crier_import *out = im->out;
	struct item *it;

	out->items = crier_xgrow(out->items, &out->capacity, out->count + 1,
	                         sizeof(*out->items));
	it = &out->items[out->count++];
	memset(it, 0, sizeof(*it));
	it->change = change;
	it->path = path;
	it->key = key;
	return it;
}

static void take_text(struct importer *im, struct item *it, char *text,
                      size_t len);

static void
plan_update(struct importer *im, const struct crier_sched_event *e,
            struct existing *x)
{
	enum crier_import_change how;
	struct item *it;
	size_t len;
	char *text = crier_import_compose(e, im->opt->announcement, im->stamp,
	                                  x->buf, x->len, &x->rec, &len, &how);

	x->is_matched = 1;
	free(x->buf);   /* what is left of it is in x->rec */
	x->buf = NULL;
	it = add_item(im, how, x->path, e->key);
	it->event = e;
	it->old = x;
	take_text(im, it, text, len);
}

/* ------------------------------------------------------------------ */
/* New records and their file names                                    */
/* ------------------------------------------------------------------ */

static void
plan_events(struct importer *im)
{
	const struct crier_schedule *s = im->s;
	struct crier_import_new *fresh = crier_xcalloc(s->event_count + 1,
	                                         sizeof(*fresh));
	enum crier_import_change how;
	size_t i, len, fresh_count = 0;
	struct existing *x;
	struct item *it;
	char *text;

	crier_progress_begin(CRIER_PROGRESS_IMPORTING, s->event_count);
	for (i = 0; i < s->event_count; i++) {
		if ((x = find_existing(im, s->events[i].key)) == NULL) {
			fresh[fresh_count++].e = &s->events[i];
			continue;
		}
		plan_update(im, &s->events[i], x);
		crier_progress_step(CRIER_PROGRESS_IMPORTING);
	}
	crier_import_name_new(&im->files, fresh, fresh_count);
	for (i = 0; i < fresh_count; i++) {
		text = crier_import_compose(fresh[i].e, im->opt->announcement,
		                            im->stamp, NULL, 0, NULL, &len, &how);
		it = add_item(im, CRIER_IMPORT_NEW, fresh[i].path,
		              fresh[i].e->key);
		it->event = fresh[i].e;
		take_text(im, it, text, len);
		crier_progress_step(CRIER_PROGRESS_IMPORTING);
	}
	free(fresh);
}

/*
 * Records of this conference whose event is no longer selected: removed
 * when pruning, else cancelled, so that readers and calendars hear of it.
 */
static void
plan_gone(struct importer *im)
{
	size_t i, len = strlen(im->s->conference), text_len;
	struct item *it;
	char *text;

	for (i = 0; i < im->rec_count; i++) {
		struct existing *x = &im->recs[i];

		if (x->is_matched || strncmp(x->key, im->s->conference, len) != 0 ||
		    x->key[len] != '/')
			continue;
		if (im->opt->is_pruning) {
			add_item(im, CRIER_IMPORT_REMOVED, x->path, x->key);
			continue;
		}
		text = crier_import_cancel(im->opt->announcement, im->stamp,
		                           x->buf, x->len, &x->rec, &text_len);
		it = add_item(im, text != NULL ? CRIER_IMPORT_CANCELLED
		              : CRIER_IMPORT_UNCHANGED, x->path, x->key);
		it->old = x;
		free(x->buf);
		x->buf = NULL;
		take_text(im, it, text, text_len);
	}
}

/*
 * Whether feed.conf leaves the revision's announcement on (anything but
 * Schedule-Changes: no), its Base, in *BASE, for links to the page, and
 * whether it has a Limit, in *HAS_MONTHS: then talks are on the pages of
 * their months.  The build checks feed.conf; here a file that cannot be
 * read only means the default.
 */
static int
wants_news(struct importer *im, const char **base, int *has_months)
{
	char *path = crier_arena_printf(im->out->arena, "%s/feed.conf",
	                                im->source);
	struct crier_diags *scratch = crier_diags_new();
	const struct crier_field *f;
	struct crier_record rec;
	size_t len;
	char *buf;
	int is_on = 1;
	bool yes;

	*base = NULL;
	*has_months = 0;
	if (crier_file_read(path, scratch, &buf, &len) == 0) {
		crier_record_parse(path, buf, len, CRIER_SYNTAX_CONF,
		                   im->out->arena, scratch, &rec);
		/* As the build reads it: a wrong value is its error. */
		f = crier_record_find(&rec, "Schedule-Changes");
		is_on = f == NULL || crier_boolean_parse(f->value, &yes) != 0 ||
		    yes;
		if ((f = crier_record_find(&rec, "Base")) != NULL)
			*base = f->value;
		*has_months = crier_record_find(&rec, "Limit") != NULL;
		free(buf);
	}
	crier_diags_free(scratch);
	return is_on;
}

/*
 * The page the build puts the record X on: index.html, or with month
 * pages the one of the month its own Published names (crier-records(5)),
 * into PAGE; 0 if that cannot be told here.
 */
static int
page_of(const struct existing *x, int has_months,
        char page[CRIER_MONTH_STEM_SIZE + 8])
{
	struct crier_time t;

	if (!has_months) {
		strcpy(page, CRIER_HTML_FILE);
		return 1;
	}
	if (!crier_import_record_time(x != NULL ? &x->rec : NULL, "Published",
	    &t))
		return 0;
	crier_month_stem(t, page);
	strcat(page, ".html");
	return 1;
}

/*
 * Where the build puts the record at PATH: Base, its page and the
 * record's id, its Id or its path without ".md".
 */
static const char *
page_link(struct importer *im, const char *base, int has_months,
          const char *path, const struct existing *x)
{
	const struct crier_field *f = x != NULL ? crier_record_find(&x->rec,
	                                                            "Id") : NULL;
	size_t skip = strlen(im->source) + 1;
	char page[CRIER_MONTH_STEM_SIZE + 8];

	if (base == NULL || strncmp(base, "http", 4) != 0 ||
	    !page_of(x, has_months, page))
		return NULL;
	if (f != NULL)
		return crier_arena_printf(im->out->arena, "%s%s%s#%s", base,
		    base[strlen(base) - 1] == '/' ? "" : "/", page, f->value);
	return crier_arena_printf(im->out->arena, "%s%s%s#%.*s", base,
	    base[strlen(base) - 1] == '/' ? "" : "/", page,
	    (int)(strlen(path) - skip - 3), path + skip);
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
plan_news(struct importer *im)
{
	struct crier_sched_change *v = crier_xcalloc(im->out->count + 1,
	                                             sizeof(*v));
	size_t i, n = 0, len;
	const char *base;
	struct item *it;
	char *text = NULL;
	int has_months;

	if (!wants_news(im, &base, &has_months)) {
		free(v);
		return;
	}
	for (i = 0; i < im->out->count; i++) {
		it = &im->out->items[i];
		if (it->change == CRIER_IMPORT_UNCHANGED ||
		    it->change == CRIER_IMPORT_REMOVED)
			continue;
		v[n++] = (struct crier_sched_change){it->change, it->event,
		    it->old != NULL ? &it->old->rec : NULL,
		    page_link(im, base, has_months, it->path, it->old)};
	}
	if (n > 0)
		text = crier_import_news(im->s, v, n, im->stamp, &len);
	if (text != NULL) {
		it = add_item(im, CRIER_IMPORT_NEW, news_path(im), NULL);
		take_text(im, it, text, len);
	}
	free(v);
}

/*
 * Whether check would refuse the record TEXT (LEN bytes) of IT, for the
 * size of the file or of what its body makes (bodycheck.h): a
 * schedule's text can be far bigger once escaped.  Import never writes
 * what check refuses, and says which event made it.  REC is TEXT parsed,
 * or NULL when it did not parse.
 */
static int
refused_by_check(struct importer *im, const struct item *it,
                 const char *text, size_t len, const struct crier_record *rec)
{
	struct crier_diags *scratch = crier_diags_new();
	const char *what = NULL;
	char why[96];

	if (len > CRIER_RECORD_MAX_BYTES) {
		snprintf(why, sizeof(why), "file is larger than the limit of "
		         "%u MiB", CRIER_RECORD_MAX_BYTES >> 20);
		what = why;
	} else if (rec != NULL && crier_body_check_limits(it->path,
	    rec->body_line, text + rec->body_offset, rec->body_size,
	    scratch) > 0) {
		what = crier_diags_get(scratch, crier_diags_count(scratch) - 1)->
		       message;
	}
	if (what != NULL)
		crier_diag(im->diags, im->opt->schedule_file, it->event != NULL ?
		           it->event->line : 0, 0, MSG_IMPORT_REFUSED,
		           it->event != NULL ? it->event->key : it->path, what);
	crier_diags_free(scratch);
	return what != NULL ? -1 : 0;
}

/*
 * Every record to write must be one check takes, and read back as a
 * record with its key; the revision's announcement, which has none, as
 * a record.
 */
static void
check_text(struct importer *im, const struct item *it, const char *text,
           size_t len)
{
	struct crier_diags *scratch = crier_diags_new();
	const struct crier_field *f;
	struct crier_record rec;
	int rc = -1;

	if (len <= CRIER_RECORD_MAX_BYTES)
		rc = crier_record_parse(it->path, text, len,
		                        CRIER_SYNTAX_RECORD, im->scratch, scratch,
		                        &rec);
	if (refused_by_check(im, it, text, len, rc == 0 ? &rec : NULL) != 0)
		im->errors++;
	else if (!im->is_broken && (rc != 0 || (it->key != NULL &&
	    ((f = crier_record_find(&rec, "Schedule-Id")) == NULL ||
	    strcmp(f->value, it->key) != 0)))) {
		crier_diag(im->diags, it->path, 0, 0, MSG_SELF_CHECK,
		           "an imported record does not read back");
		crier_diags_append(im->diags, scratch);
		im->is_broken = 1;
	}
	crier_diags_free(scratch);
	crier_arena_reset(im->scratch);
}

/*
 * The composed TEXT (LEN bytes) of IT, or NULL when its record stays as
 * it is: checked, staged unless this is a dry run or an error stands,
 * and freed.
 */
static void
take_text(struct importer *im, struct item *it, char *text, size_t len)
{
	if (text == NULL)
		return;
	check_text(im, it, text, len);
	if (!im->opt->is_dry_run && im->errors == 0 && !im->is_broken) {
		if (im->batch == NULL)
			im->batch = crier_output_batch_new();
		crier_output_batch_add(im->batch, it->path, text, len,
		                       im->write_diags);
	}
	free(text);
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

	crier_diags_append(im->diags, im->write_diags);
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
compare_items(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->path,
	              ((const struct item *)b)->path);
}

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
	size_t i;

	for (i = 0; i < im->rec_count; i++)
		free(im->recs[i].buf);
	free(im->recs);
	free(im->files.paths);
	crier_diags_free(im->write_diags);
	crier_arena_free(im->scratch);
}

/*
 * Composes, checks and stages every record, then puts them in place if
 * nothing went wrong.  Staging made SOURCE/schedule if it was missing:
 * a failed import removes it again, so that it leaves nothing behind.
 */
static int
import_records(struct importer *im)
{
	char *dir = crier_arena_printf(im->out->arena, "%s/schedule",
	                               im->source);
	int was_there = access(dir, F_OK) == 0, rc = CRIER_OK;

	im->write_diags = crier_diags_new();
	im->scratch = crier_arena_new();
	plan_events(im);
	plan_gone(im);
	qsort(im->out->items, im->out->count, sizeof(*im->out->items),
	      compare_items);
	plan_news(im);
	qsort(im->out->items, im->out->count, sizeof(*im->out->items),
	      compare_items);
	if (im->is_broken)
		rc = CRIER_EBUG;
	else if (im->errors > 0)
		rc = CRIER_EINPUT;
	else if (!im->opt->is_dry_run && write_changes(im) != 0)
		rc = CRIER_EIO;
	crier_output_batch_abort(im->batch);
	im->batch = NULL;
	if (rc != CRIER_OK && !was_there)
		rmdir(dir);
	return rc;
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
	struct crier_schedule *s = NULL;
	size_t len = strlen(opt->source_dir);
	int rc;

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
	rc = crier_schedule_read(opt, diags, &s);
	if (rc == CRIER_OK && im.errors == 0) {
		im.s = s;
		im.stamp = s->has_version_time ? s->version
		    : (struct crier_time){opt->now_s, 0};
		read_source(&im);
	}
	if (rc == CRIER_OK && im.errors == 0)
		rc = import_records(&im);
	if (rc == CRIER_OK && im.errors > 0)
		rc = CRIER_EINPUT;
	free_importer(&im);
	crier_schedule_free(s);
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
