/*
 * reccache.c - what the last build read of each record, kept in the
 * output directory as .crier-records, so that a build after a small
 * change opens only the records that changed.
 *
 * For each record read without a diagnostic, and not changed within the
 * file system's clock tick before loading began, the cache keeps its stat
 * data, the bytes of its header, its body's size, line and fingerprint.
 * A record whose stat data are those the cache has is not opened: its
 * header is parsed again from the cache, so zone data and the clock
 * apply as ever, and its body was checked by the build that wrote the
 * cache; the writers read the body from the record and check it against
 * the fingerprint (bodies.c).  The stamp (stamp.h) trusts stat data the
 * same way.  A cache written by another crier, or with another
 * feed.conf, is not read; each header carries a fingerprint of its own,
 * so a cache cut short by a crash is read as far as it is whole.
 *
 * The file holds the records in path order, the order loading takes
 * them: each loading thread walks it once, from the start, through a
 * buffer, so memory does not grow with it.  Each thread writes its share
 * of the next cache to an unnamed file in the output directory; a build
 * that succeeds joins them under the name, and one that fails leaves the
 * last cache as it was.
 */
#define _GNU_SOURCE   /* O_TMPFILE, copy_file_range */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "reccache.h"
#include "record.h"

#define CACHE_FILE ".crier-records"
/* As output.h names temporary files, so a killed run's is swept. */
#define CACHE_TEMP ".crier-records.crier-%ld.tmp"
#define MAX_PARTS 8
/*
 * What a cursor reads or writes at once: small, since two of each are
 * in memory at the peak of a build that must stay under 80 MiB.
 */
#define CHUNK_BYTES (64 * 1024)

struct crier_reccache {
	char *dir;
	int old_fd;                /* the last cache, or -1 */
	int64_t old_start;         /* where its first record is */
	unsigned part_count;
	int parts[MAX_PARTS];      /* the next cache's shares, or -1 */
	char *head;                /* the next cache's first lines */
	atomic_bool failed;        /* a share could not be written */
};

/* Each record: this, its name, then its header's bytes. */
struct rec_head {
	uint32_t len;              /* of the whole record */
	uint32_t name_len, header_len;
	uint32_t body_size, body_line, unused;
	uint64_t ino, size;
	int64_t mtime_ns, ctime_ns;
	uint64_t body_hash, header_hash;
};

static char *
head_of(const char *build_id, uint64_t conf_hash)
{
	struct crier_buf b = {0};

	crier_buf_printf(&b, "crier-records 1\nbuild %s\nconf %016llx\n",
	                 build_id, (unsigned long long)conf_hash);
	return crier_buf_take(&b);
}

/* The last cache, when it begins with HEAD: its descriptor, or -1. */
static int
open_old(const char *dir, const char *head, int64_t *start)
{
	size_t len = strlen(head);
	char *path = crier_xmalloc(strlen(dir) + sizeof(CACHE_FILE) + 1);
	char *got = crier_xmalloc(len);
	int fd;

	sprintf(path, "%s/" CACHE_FILE, dir);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd >= 0 && (pread(fd, got, len, 0) != (ssize_t)len ||
	    memcmp(got, head, len) != 0)) {
		close(fd);
		fd = -1;
	}
	free(got);
	*start = (int64_t)len;
	return fd;
}

/*
 * An unnamed file for a share of the next cache, in DIR.  Before the
 * first build into it, DIR is not there yet: the file is then made in the
 * nearest directory above it that is, on the file system DIR will be made
 * on, and linked into DIR at commit like any other.
 */
static int
open_part(const char *dir)
{
	char *at = crier_xstrdup(dir), *slash;
	int fd;

	while ((fd = open(at, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644)) < 0 &&
	       errno == ENOENT && strcmp(at, ".") != 0 && strcmp(at, "/") != 0) {
		slash = strrchr(at, '/');
		if (slash == NULL)
			strcpy(at, ".");   /* "feeds": the working directory */
		else
			slash[slash == at] = '\0';   /* "/feeds": the root */
	}
	free(at);
	return fd;
}

struct crier_reccache *
crier_reccache_open(const char *dir, const char *build_id,
                    uint64_t conf_hash, unsigned parts)
{
	struct crier_reccache *c = crier_xcalloc(1, sizeof(*c));
	unsigned i;
	size_t len;

	c->dir = crier_xstrdup(dir);
	c->head = head_of(build_id, conf_hash);
	c->old_fd = open_old(dir, c->head, &c->old_start);
	c->part_count = parts < MAX_PARTS ? parts : MAX_PARTS;
	atomic_init(&c->failed, false);
	for (i = 0; i < c->part_count; i++) {
		c->parts[i] = open_part(dir);
		if (c->parts[i] < 0)
			atomic_store(&c->failed, true);
	}
	len = strlen(c->head);
	if (c->parts[0] >= 0 && pwrite(c->parts[0], c->head, len, 0) !=
	    (ssize_t)len)
		atomic_store(&c->failed, true);
	return c;
}

void
crier_reccache_cursor_start(struct crier_reccache_cursor *c,
                            struct crier_reccache *cache, unsigned part)
{
	memset(c, 0, sizeof(*c));
	c->cache = cache;
	c->part = part < cache->part_count ? part : 0;
	c->read_at = cache->old_start;
	c->is_at_end = cache->old_fd < 0;
	if (c->part == 0)
		c->written = (int64_t)strlen(cache->head);
}

/* Whether N unread bytes are in C's buffer, reading more as needed. */
static bool
have(struct crier_reccache_cursor *c, size_t n)
{
	size_t left = c->in_len - c->in_pos, want;
	ssize_t got;

	if (left >= n)
		return true;
	if (c->is_at_end)
		return false;
	if (c->in_pos > 0)
		memmove(c->in, c->in + c->in_pos, left);
	c->read_at += (int64_t)c->in_pos;
	c->in_len = left;
	c->in_pos = 0;
	want = n - left > CHUNK_BYTES ? n - left : CHUNK_BYTES;
	if (left + want > c->in_cap) {
		c->in_cap = left + want;
		c->in = crier_xrealloc(c->in, c->in_cap);
	}
	got = pread(c->cache->old_fd, c->in + left, want,
	            (off_t)(c->read_at + (int64_t)left));
	if (got <= 0) {
		c->is_at_end = true;
		return false;
	}
	c->in_len += (size_t)got;
	return c->in_len >= n;
}

/* The next whole record, or NULL at the end (or where it was cut). */
static const struct rec_head *
peek(struct crier_reccache_cursor *c, struct rec_head *h)
{
	if (!have(c, sizeof(*h)))
		return NULL;
	memcpy(h, c->in + c->in_pos, sizeof(*h));
	if (h->len != sizeof(*h) + (size_t)h->name_len + h->header_len ||
	    !have(c, h->len)) {
		c->is_at_end = true;
		return NULL;
	}
	return h;
}

static int
compare_name(const struct crier_reccache_cursor *c,
             const struct rec_head *h, const char *name)
{
	const char *have_name = c->in + c->in_pos + sizeof(*h);
	size_t len = strlen(name);
	int cmp = memcmp(have_name, name, len < h->name_len ? len :
	                 h->name_len);

	if (cmp != 0)
		return cmp;
	return h->name_len < len ? -1 : h->name_len > len;
}

bool
crier_reccache_find(struct crier_reccache_cursor *c, const char *name,
                    const struct crier_file_key *key,
                    struct crier_cached_record *out)
{
	struct rec_head h;
	const char *header;
	int cmp = -1;

	while (peek(c, &h) != NULL && (cmp = compare_name(c, &h, name)) < 0)
		c->in_pos += h.len;
	if (cmp != 0)
		return false;
	header = c->in + c->in_pos + sizeof(h) + h.name_len;
	c->in_pos += h.len;
	if (h.ino != key->ino || h.size != key->size ||
	    h.mtime_ns != key->mtime_ns || h.ctime_ns != key->ctime_ns ||
	    crier_hash_bytes(header, h.header_len) != h.header_hash)
		return false;
	out->header = header;
	out->header_len = h.header_len;
	out->body_size = h.body_size;
	out->body_line = h.body_line;
	out->body_hash = h.body_hash;
	return true;
}

/* Writes what C gathered to its share; any failure drops the cache. */
static void
flush(struct crier_reccache_cursor *c)
{
	int fd = c->cache->parts[c->part];
	size_t done = 0;
	ssize_t n;

	while (done < c->out.len && fd >= 0 &&
	       !atomic_load(&c->cache->failed)) {
		n = pwrite(fd, c->out.data + done, c->out.len - done,
		           (off_t)(c->written + (int64_t)done));
		if (n <= 0)
			atomic_store(&c->cache->failed, true);
		else
			done += (size_t)n;
	}
	c->written += (int64_t)c->out.len;
	c->out.len = 0;
}

void
crier_reccache_add(struct crier_reccache_cursor *c, const char *name,
                   const struct crier_file_key *key,
                   const struct crier_cached_record *r)
{
	struct rec_head h = {0};
	size_t name_len = strlen(name);

	if (atomic_load(&c->cache->failed) || name_len > UINT32_MAX / 2 ||
	    r->header_len > UINT32_MAX / 2)
		return;
	h.name_len = (uint32_t)name_len;
	h.header_len = (uint32_t)r->header_len;
	h.len = (uint32_t)sizeof(h) + h.name_len + h.header_len;
	h.body_size = r->body_size;
	h.body_line = r->body_line;
	h.ino = key->ino;
	h.size = key->size;
	h.mtime_ns = key->mtime_ns;
	h.ctime_ns = key->ctime_ns;
	h.body_hash = r->body_hash;
	h.header_hash = crier_hash_bytes(r->header, r->header_len);
	if (c->out.len + h.len > CHUNK_BYTES)
		flush(c);
	crier_buf_add(&c->out, (const char *)&h, sizeof(h));
	crier_buf_add(&c->out, name, name_len);
	crier_buf_add(&c->out, r->header, r->header_len);
}

void
crier_reccache_cursor_end(struct crier_reccache_cursor *c)
{
	flush(c);
	free(c->in);
	crier_buf_free(&c->out);
}

/* Appends the other shares to the first; 0, or -1. */
static int
join_parts(struct crier_reccache *c)
{
	off_t end = lseek(c->parts[0], 0, SEEK_END), from;
	ssize_t n;
	unsigned i;

	for (i = 1; i < c->part_count && end >= 0; i++) {
		from = 0;
		while ((n = copy_file_range(c->parts[i], &from, c->parts[0],
		       &end, 1 << 24, 0)) > 0)
			;
		if (n < 0)
			return -1;
	}
	return end >= 0 ? 0 : -1;
}

void
crier_reccache_commit(struct crier_reccache *c)
{
	char proc[64], *temp, *path;
	size_t size;

	if (c == NULL || atomic_load(&c->failed) || join_parts(c) != 0)
		return;
	size = strlen(c->dir) + sizeof(CACHE_FILE) + 32;
	temp = crier_xmalloc(size);
	path = crier_xmalloc(size);
	snprintf(temp, size, "%s/" CACHE_TEMP, c->dir, (long)getpid());
	snprintf(path, size, "%s/" CACHE_FILE, c->dir);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", c->parts[0]);
	unlink(temp);
	/* Not synced: a cache lost in a crash costs a full read. */
	if (linkat(AT_FDCWD, proc, AT_FDCWD, temp, AT_SYMLINK_FOLLOW) == 0 &&
	    rename(temp, path) != 0)
		unlink(temp);
	free(temp);
	free(path);
}

void
crier_reccache_close(struct crier_reccache *c)
{
	unsigned i;

	if (c == NULL)
		return;
	if (c->old_fd >= 0)
		close(c->old_fd);
	for (i = 0; i < c->part_count; i++)
		if (c->parts[i] >= 0)
			close(c->parts[i]);
	free(c->head);
	free(c->dir);
	free(c);
}
