/*
 * stamp.c - writing the stamp of a build (stamp.h); stampcheck.c reads
 * it back.
 *
 * One line a fact, the path last so that it may hold spaces:
 *
 *   crier-stamp 1
 *   build VERSION INO SIZE MTIME INO SIZE MTIME
 *   env TZ=...;TZDIR=...
 *   source GIVEN
 *   real REALPATH
 *   time STARTED_NS NOW_S NEXT_S NEXT_SHOWN_S ENTRIES FILES
 *   conf KEY
 *   warn LINE COLUMN SEVERITY FILE-LENGTH FILE MESSAGE
 *   rec KEY PATH
 *   oth IS-LINK INO CTIME PATH
 *   out KEY NAME
 *   view KEY STEM
 *   end
 *
 * where KEY is "INO SIZE MTIME_NS CTIME_NS HASH", HASH 16 hex digits or
 * "-".  A string holding a newline cannot be written: no stamp then.
 */
#define _GNU_SOURCE   /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "stamp.h"

#define SECONDS_A_DAY 86400

static void
put_key(struct crier_buf *b, const struct crier_file_key *k)
{
	/* A line a record, 100,000 of them: no format to parse each time. */
	crier_buf_u64(b, k->ino);
	crier_buf_add(b, " ", 1);
	crier_buf_u64(b, k->size);
	crier_buf_add(b, " ", 1);
	crier_buf_i64(b, k->mtime_ns);
	crier_buf_add(b, " ", 1);
	crier_buf_i64(b, k->ctime_ns);
	if (k->has_hash)
		crier_buf_printf(b, " %016" PRIx64 " ", k->hash);
	else
		crier_buf_puts(b, " - ");
}

/* "INO SIZE MTIME" of PATH, or zeros: a file gone is not this one. */
static void
put_file_id(struct crier_buf *b, const char *path)
{
	struct crier_file_key k = {0};
	struct stat st;

	if (path != NULL && stat(path, &st) == 0)
		crier_file_key_set(&k, &st);
	crier_buf_printf(b, " %" PRIu64 " %" PRIu64 " %" PRId64, k.ino,
	                 k.size, k.mtime_ns);
}

char *
crier_stamp_build_id(void)
{
	struct crier_buf b = {0};
	Dl_info info;

	crier_buf_puts(&b, CRIER_VERSION);
	put_file_id(&b, "/proc/self/exe");
	/* The library's own file, when it is not the program. */
	put_file_id(&b, dladdr((void *)crier_stamp_build_id, &info) != 0 ?
	            info.dli_fname : NULL);
	return crier_buf_take(&b);
}

static void
put_env(struct crier_buf *b)
{
	const char *tz = getenv("TZ"), *tzdir = getenv("TZDIR");

	crier_buf_printf(b, "env TZ%s%s;TZDIR%s%s\n", tz ? "=" : "",
	                 tz ? tz : "", tzdir ? "=" : "", tzdir ? tzdir : "");
}

static void
consider(int64_t *next_s, int64_t at_s, int64_t now_s)
{
	if (at_s > now_s && at_s < *next_s)
		*next_s = at_s;
}

int64_t
crier_stamp_next_instant(const struct crier_feed *current,
                         const struct crier_ledger_docs *docs)
{
	int64_t now_s = current->now_s, next_s = INT64_MAX, day_s;
	int64_t keep_s = (int64_t)current->tombstone_days * SECONDS_A_DAY;
	size_t i;

	for (i = 0; i < current->entry_count; i++) {
		const struct crier_entry *e = &current->entries[i];

		consider(&next_s, e->published.epoch_s, now_s);
		if (e->has_expires)
			consider(&next_s, e->expires.epoch_s, now_s);
		/* A talk marked later makes a revision then (revisions.c). */
		if (e->kind == CRIER_TALK && e->status != CRIER_CONFIRMED)
			consider(&next_s, e->updated.epoch_s, now_s);
	}
	for (i = 0; i < current->tombstone_count; i++)
		consider(&next_s, current->tombstones[i].when.epoch_s + keep_s,
		         now_s);
	/* A document no longer made leaves after Tombstone-Days (stale.h). */
	for (i = 0; i < docs->count; i++)
		if (docs->items[i].is_gone)
			consider(&next_s, docs->items[i].gone.epoch_s +
			         (keep_s > 0 ? keep_s : SECONDS_A_DAY), now_s);
	/* An empty feed is dated the start of the day (published.c). */
	if (current->published_count == 0) {
		day_s = now_s - (now_s % SECONDS_A_DAY + SECONDS_A_DAY) %
		        SECONDS_A_DAY;
		consider(&next_s, day_s + SECONDS_A_DAY, now_s);
	}
	return next_s;
}

/* What -v shows as the next change: a record going live or expiring. */
static int64_t
next_shown(const struct crier_feed *feed)
{
	enum crier_schedule_kind kind;
	int64_t from_s, until_s, next_s = INT64_MAX;
	size_t i;

	for (i = 0; i < crier_feed_schedule_count(feed); i++) {
		crier_feed_schedule_get(feed, i, &kind, &from_s, &until_s);
		if (kind == CRIER_SCHEDULED)
			consider(&next_s, from_s, feed->now_s);
		if (kind == CRIER_EXPIRING)
			consider(&next_s, until_s, feed->now_s);
	}
	return next_s;
}

static void
put_warning(struct crier_buf *b, const struct crier_diag *d)
{
	if (d->severity == CRIER_ERROR)
		return;
	crier_buf_printf(b, "warn %u %u %d ", d->line, d->column,
	                 (int)d->severity);
	if (d->file == NULL)
		crier_buf_puts(b, "- ");
	else
		crier_buf_printf(b, "%zu %s ", strlen(d->file), d->file);
	crier_buf_printf(b, "%s\n", d->message);
}

/*
 * Hands what B holds to OUT once it holds 64 KiB or more: a stamp names
 * every record (7 MB at 100,000), and need not be whole in memory.
 */
static void
spill(struct crier_buf *b, struct crier_output *out)
{
	if (b->len < 64 * 1024)
		return;
	crier_output_write(out, b->data, b->len);
	b->len = 0;
	b->data[0] = '\0';
}

/* The lines saying what was read. */
static void
put_inputs(struct crier_buf *b, struct crier_output *out,
           const struct crier_feed *feed)
{
	size_t skip = strlen(feed->source) + 1, i;
	struct crier_file_key k;
	struct stat st;

	crier_buf_puts(b, "conf ");
	put_key(b, &feed->inputs.conf);
	crier_buf_puts(b, "\n");
	/* Records only: the revisions after them were read from none. */
	for (i = 0; i < feed->record_count; i++) {
		crier_buf_puts(b, "rec ");
		put_key(b, &feed->inputs.records[i]);
		crier_buf_puts(b, feed->entries[i].file + skip);
		crier_buf_add(b, "\n", 1);
		spill(b, out);
	}
	for (i = 0; i < feed->inputs.other_count; i++) {
		const char *path = feed->inputs.others[i];
		int is_link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);

		memset(&k, 0, sizeof(k));
		if (is_link && stat(path, &st) == 0)
			crier_file_key_set(&k, &st);
		crier_buf_printf(b, "oth %d %" PRIu64 " %" PRId64 " %s\n",
		                 is_link, k.ino, k.ctime_ns, path + skip);
		spill(b, out);
	}
}

/*
 * The outputs' lines.  A change to an output after the stamp gets a
 * change time past every one written here only if the clock has moved
 * on since they were made: so wait for its next tick (a few ms).
 */
static int
put_outputs(struct crier_buf *b, const char *out_dir,
            const char *const *names, size_t count)
{
	int dir_fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int64_t newest_ns = 0, now_ns;
	struct crier_file_key k;
	struct timespec ts;
	struct stat st;
	size_t i;
	int tries;

	if (dir_fd < 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (fstatat(dir_fd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode)) {
			close(dir_fd);
			return -1;
		}
		crier_file_key_set(&k, &st);
		if (k.ctime_ns > newest_ns)
			newest_ns = k.ctime_ns;
		crier_buf_puts(b, "out ");
		put_key(b, &k);
		crier_buf_printf(b, "%s\n", names[i]);
	}
	close(dir_fd);
	for (tries = 0; tries < 100; tries++) {
		clock_gettime(CLOCK_REALTIME_COARSE, &ts);
		now_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
		if (now_ns > newest_ns)
			break;
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	return 0;
}

/* Whether anything the stamp would name holds a newline. */
static int
has_newline(const struct crier_feed *feed, const struct crier_diags *diags,
            size_t first, const char *const *names, size_t count)
{
	size_t i;

	if (strchr(feed->source, '\n') || strchr(feed->real_source, '\n'))
		return 1;
	for (i = 0; i < feed->entry_count; i++)
		if (strchr(feed->entries[i].file, '\n'))
			return 1;
	for (i = 0; i < feed->inputs.other_count; i++)
		if (strchr(feed->inputs.others[i], '\n'))
			return 1;
	for (i = 0; i < feed->inputs.warning_count; i++)
		if (strchr(feed->inputs.warnings[i].message, '\n'))
			return 1;
	for (i = first; i < crier_diags_count(diags); i++)
		if (strchr(crier_diags_get(diags, i)->message, '\n'))
			return 1;
	for (i = 0; i < count; i++)
		if (strchr(names[i], '\n'))
			return 1;
	return 0;
}

/* Each view's key, for keeping it as it is (crier_stamp_prev_has()). */
static void
put_views(struct crier_buf *b, const struct crier_feed *feed,
          const uint64_t *keys)
{
	const char *stem;
	size_t i;

	for (i = 0; i < feed->view_count; i++) {
		stem = feed->views[i].stem;
		if (stem != NULL && strchr(stem, '\n') == NULL)
			crier_buf_printf(b, "view %016" PRIx64 " %s\n", keys[i],
			                 stem);
	}
}

/* Everything but the outputs' and views' lines, into B and OUT. */
static void
put_build(struct crier_buf *b, struct crier_output *out,
          const struct crier_feed *feed, const struct crier_feed *current,
          const struct crier_ledger_docs *docs,
          const struct crier_stamp_outputs *outs,
          const struct crier_diags *diags, size_t first)
{
	char *id = crier_stamp_build_id();
	size_t i;

	crier_buf_printf(b, "crier-stamp 1\nbuild %s\n", id);
	free(id);
	put_env(b);
	crier_buf_printf(b, "source %s\nreal %s\n", feed->source,
	                 feed->real_source);
	crier_buf_printf(b, "time %" PRId64 " %" PRId64 " %" PRId64 " %"
	                 PRId64 " %zu %zu\n", feed->inputs.started_ns,
	                 feed->now_s, crier_stamp_next_instant(current, docs),
	                 next_shown(feed), crier_feed_entry_count(feed),
	                 outs->files);
	put_inputs(b, out, feed);
	for (i = 0; i < feed->inputs.warning_count; i++)
		put_warning(b, &feed->inputs.warnings[i]);
	for (i = first; i < crier_diags_count(diags); i++)
		put_warning(b, crier_diags_get(diags, i));
}

void
crier_stamp_write(const struct crier_feed *feed,
                  const struct crier_feed *current,
                  const struct crier_ledger_docs *docs, const char *out_dir,
                  const struct crier_stamp_outputs *outs,
                  const struct crier_diags *diags, size_t first)
{
	struct crier_diags *ignored;
	struct crier_outdir *d;
	struct crier_output *out;
	struct crier_buf b = {0};

	if (has_newline(feed, diags, first, outs->names, outs->count))
		return;
	/* A stamp that cannot be written only costs the next run a build. */
	ignored = crier_diags_new();
	if (crier_outdir_open(out_dir, 0, ignored, &d) != 0) {
		crier_diags_free(ignored);
		return;
	}
	if (crier_output_open(d, CRIER_STAMP_FILE, ignored, &out) != 0) {
		crier_outdir_abort(d);
		crier_diags_free(ignored);
		return;
	}
	put_build(&b, out, feed, current, docs, outs, diags, first);
	if (put_outputs(&b, out_dir, outs->names, outs->count) == 0) {
		put_views(&b, feed, outs->view_keys);
		crier_buf_puts(&b, "end\n");
		crier_output_write(out, b.data, b.len);
		if (crier_output_finish(out, ignored) == 0) {
			crier_outdir_commit(d, &out, 1, ignored);
			out = NULL;
			d = NULL;
		}
	}
	crier_output_abort(out);
	crier_outdir_abort(d);
	crier_diags_free(ignored);
	crier_buf_free(&b);
}
