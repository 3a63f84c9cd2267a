/*
 * loadrec.c - reading a source's records into entries: on every core,
 * each record opened once, or not at all when it is as the last build
 * read it (reccache.c), and the stat data the stamp keeps of each.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bodycheck.h"
#include "diag.h"
#include "model.h"
#include "progress.h"
#include "reccache.h"
#include "record.h"

/*
 * A file changed this shortly before loading began may change again
 * within the same tick of the file system's clock (coarse, or seconds
 * on some file systems) and keep its times: its bytes are hashed.
 */
#define RACY_MARGIN_NS 2000000000LL

void
crier_file_key_set(struct crier_file_key *key, const struct stat *st)
{
	key->ino = (uint64_t)st->st_ino;
	key->size = (uint64_t)st->st_size;
	key->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000LL +
	                st->st_mtim.tv_nsec;
	key->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000LL +
	                st->st_ctim.tv_nsec;
	key->hash = 0;
	key->has_hash = false;
}

bool
crier_file_key_is_racy(const struct crier_file_key *key, int64_t started_ns)
{
	return key->mtime_ns >= started_ns - RACY_MARGIN_NS ||
	       key->ctime_ns >= started_ns - RACY_MARGIN_NS;
}

void
crier_file_key_of_read(struct crier_file_key *key, const struct stat *st,
                       const char *buf, size_t len, int64_t started_ns,
                       bool always)
{
	crier_file_key_set(key, st);
	if (always || crier_file_key_is_racy(key, started_ns)) {
		key->hash = crier_hash_bytes(buf, len);
		key->has_hash = true;
	}
}

/* The record at PATH's name below the source: "talks/x.md". */
static const char *
name_in_source(const struct crier_feed *feed, const char *path)
{
	return path + strlen(feed->source) + 1;
}

/* A record's default id: its name below the source, without ".md". */
static char *
default_id(struct crier_arena *arena, const struct crier_feed *feed,
           const char *path)
{
	const char *rel = name_in_source(feed, path);

	return crier_arena_strndup(arena, rel, strlen(rel) - 3);
}

/*
 * Whether the record at PATH is as the last build read it (reccache.c):
 * then *KEY has its stat data and *R what that build kept.
 */
static bool
is_as_last_read(const struct crier_feed *feed, const char *path,
                struct crier_reccache_cursor *cache,
                struct crier_file_key *key, struct crier_cached_record *r)
{
	struct stat st;

	if (cache == NULL || cache->is_at_end ||
	    crier_bodies_stat_record(feed->bodies, path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return false;
	crier_file_key_set(key, &st);
	return !crier_file_key_is_racy(key, feed->inputs.started_ns) &&
	       crier_reccache_find(cache, name_in_source(feed, path), key, r);
}

/*
 * The record at PATH from what the last build read: its header parsed
 * again, its body as that build checked it, to be read from the record
 * when a document that holds it is written.
 */
static int
load_as_last_read(const struct crier_feed *feed, const char *path,
                  const struct crier_cached_record *r,
                  struct crier_arena *keep, struct crier_arena *scratch,
                  struct crier_diags *diags, struct crier_entry *out)
{
	const char *header = crier_arena_strndup(scratch, r->header,
	                                         r->header_len);
	struct crier_record rec;
	int rc;

	rc = crier_record_parse(path, header, r->header_len,
	                        CRIER_SYNTAX_RECORD, scratch, diags, &rec);
	rec.body_size = r->body_size;
	rec.body_line = r->body_line;
	if (crier_entry_from_record(feed, &rec,
	    default_id(scratch, feed, path), keep, diags, out) != 0)
		rc = -1;
	out->file = path;
	out->body_hash = r->body_hash;
	out->body_spilled_at = 0;
	return rc;
}

/*
 * The record at PATH read from its file, its body checked and added to
 * BATCH; *R describes it for the cache, pointing into *BUF_OUT, which the
 * caller frees.
 */
static int
read_record(const struct crier_feed *feed, const char *path,
            struct crier_arena *keep, struct crier_arena *scratch,
            struct crier_body_batch *batch, struct crier_diags *diags,
            struct crier_entry *out, struct crier_file_key *key,
            struct crier_cached_record *r, char **buf_out)
{
	struct crier_record rec;
	struct stat st;
	char *buf;
	size_t len;
	int rc;

	if (crier_bodies_read_record(feed->bodies, path, diags, buf_out, &len,
	    &st) != 0) {
		/* Known by its path, so checks across records can name it. */
		memset(out, 0, sizeof(*out));
		out->file = path;
		out->id = default_id(keep, feed, path);
		out->id_line = 1;
		out->published.epoch_s = INT64_MIN;
		return -1;
	}
	buf = *buf_out;
	crier_file_key_of_read(key, &st, buf, len, feed->inputs.started_ns,
	                       false);
	rc = crier_record_parse(path, buf, len, CRIER_SYNTAX_RECORD, scratch,
	                        diags, &rec);
	if (rc == 0 && crier_body_check_limits(path, rec.body_line,
	    buf + rec.body_offset, rec.body_size, diags) > 0)
		rc = -1;
	if (rc == 0 && feed->allows_html &&
	    crier_body_check_html(path, rec.body_line, buf + rec.body_offset,
	    rec.body_size, diags) > 0)
		rc = -1;
	if (crier_entry_from_record(feed, &rec,
	    default_id(scratch, feed, path), keep, diags, out) != 0)
		rc = -1;
	out->file = path;
	out->body_hash = crier_hash_bytes(buf + rec.body_offset,
	                                  rec.body_size);
	out->body_spilled_at = 0;
	if (rc == 0)
		crier_body_batch_add(batch, out, buf + rec.body_offset);
	*r = (struct crier_cached_record){buf, rec.body_offset,
	    (uint32_t)rec.body_size, rec.body_line, out->body_hash};
	return rc;
}

static int
load_record(const struct crier_feed *feed, const char *path,
            struct crier_arena *keep, struct crier_arena *scratch,
            struct crier_body_batch *batch,
            struct crier_reccache_cursor *cache, struct crier_diags *diags,
            struct crier_entry *out, struct crier_file_key *key)
{
	size_t diags_before = crier_diags_count(diags);
	struct crier_cached_record r;
	char *buf = NULL;
	int rc;

	if (is_as_last_read(feed, path, cache, key, &r))
		rc = load_as_last_read(feed, path, &r, keep, scratch, diags,
		                       out);
	else
		rc = read_record(feed, path, keep, scratch, batch, diags, out,
		                 key, &r, &buf);
	/* Kept for the next build if it gave no warning and is not racy. */
	if (rc == 0 && cache != NULL && !key->has_hash &&
	    crier_diags_count(diags) == diags_before)
		crier_reccache_add(cache, name_in_source(feed, path), key, &r);
	free(buf);
	return rc;
}

/* One loading thread's share of the records, and what it found. */
struct load_share {
	const struct crier_feed *feed;
	char **paths;
	struct crier_entry *entries;
	struct crier_file_key *keys;
	size_t count;
	struct crier_arena *keep;
	struct crier_diags *diags;
	unsigned part;             /* of the record cache */
	int rc;
	pthread_t thread;
};

static void *
load_share(void *arg)
{
	struct load_share *sh = arg;
	struct crier_arena *scratch = crier_arena_new();
	struct crier_reccache_cursor cursor, *cache = NULL;
	struct crier_body_batch batch;
	size_t i;

	crier_body_batch_start(&batch, sh->feed->bodies);
	if (sh->feed->inputs.cache != NULL) {
		crier_reccache_cursor_start(&cursor, sh->feed->inputs.cache,
		                            sh->part);
		cache = &cursor;
	}
	for (i = 0; i < sh->count; i++) {
		/*
		 * A record with errors stays in the list, so the checks across
		 * records do not report it missing as well.
		 */
		if (load_record(sh->feed, sh->paths[i], sh->keep, scratch,
		    &batch, cache, sh->diags, &sh->entries[i],
		    &sh->keys[i]) != 0)
			sh->rc = -1;
		crier_arena_reset(scratch);
		crier_progress_step(CRIER_PROGRESS_READING);
	}
	if (cache != NULL)
		crier_reccache_cursor_end(cache);
	crier_body_batch_end(&batch);
	crier_arena_free(scratch);
	return NULL;
}

/*
 * Records are independent until the checks across them, so they are read
 * on every core: each thread takes a contiguous share, with its own arena
 * and diagnostics, merged in path order afterwards.
 */
int
crier_records_load(struct crier_feed *feed, char **paths, size_t count,
                   struct crier_diags *diags)
{
	struct load_share shares[CRIER_LOAD_THREADS];
	size_t i, n, start = 0, threads = 1;
	int rc = 0;

	feed->entries = crier_arena_alloc(feed->arena,
	                                  count * sizeof(*feed->entries));
	feed->inputs.records = crier_arena_alloc(feed->arena,
	    count * sizeof(*feed->inputs.records));
	/* A thread costs more than a few hundred small files. */
	if (count >= 512)
		threads = CRIER_LOAD_THREADS;
	for (i = 0; i < threads; i++) {
		n = count / threads + (i < count % threads);
		feed->load_arenas[i] = crier_arena_new();
		shares[i] = (struct load_share){feed, paths + start,
		    feed->entries + start, feed->inputs.records + start, n,
		    feed->load_arenas[i],
		    crier_diags_new(), (unsigned)i, 0, pthread_self()};
		start += n;
		if (i == 0 || pthread_create(&shares[i].thread, NULL,
		    load_share, &shares[i]) != 0) {
			shares[i].thread = pthread_self();
			if (i > 0)
				load_share(&shares[i]);
		}
	}
	load_share(&shares[0]);
	for (i = 0; i < threads; i++) {
		if (!pthread_equal(shares[i].thread, pthread_self()))
			pthread_join(shares[i].thread, NULL);
		crier_diags_append(diags, shares[i].diags);
		crier_diags_free(shares[i].diags);
		if (shares[i].rc != 0)
			rc = -1;
	}
	feed->entry_count = count;
	return rc;
}
