/*
 * bodies.c - the records' bodies, read once.
 *
 * Loading has each record's bytes in hand once; the writers need its
 * body later, in another order, and a 100,000-record source has more
 * body text than a build may hold in memory.  So loading appends each
 * body to an unnamed temporary file, and the writers read it back by
 * offset: one open per record in a build, not two, and nothing to check
 * on the way back, as nobody else can reach that file.  The page cache
 * holds it while there is room, and the kernel may write it out when
 * there is not, which memory the process held could not.
 *
 * Where that file cannot be made or written (no TMPDIR, a full disk),
 * bodies are read again from their records, opened relative to the
 * source directory, and checked against the fingerprint taken when
 * loading.
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "model.h"
#include "record.h"

struct crier_bodies {
	int dir_fd;                 /* the source directory, or AT_FDCWD */
	size_t skip;                /* strlen("SOURCE/"): a record's name */
	int spill_fd;               /* the bodies' file, or -1 */
	_Atomic uint64_t spill_end; /* bytes given out in it */
	atomic_bool spill_failed;   /* a write failed: read the records */
};

/* What a loading thread writes to the spill at once. */
#define BATCH_BYTES (256 * 1024)

static int
open_spill(void)
{
	const char *dir = getenv("TMPDIR");

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

struct crier_bodies *
crier_bodies_open(const char *source)
{
	struct crier_bodies *b = crier_xcalloc(1, sizeof(*b));

	b->dir_fd = open(source, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (b->dir_fd < 0)
		b->dir_fd = AT_FDCWD;
	else
		b->skip = strlen(source) + 1;
	b->spill_fd = open_spill();
	atomic_init(&b->spill_end, 0);
	atomic_init(&b->spill_failed, b->spill_fd < 0);
	return b;
}

void
crier_bodies_close(struct crier_bodies *b)
{
	if (b == NULL)
		return;
	if (b->dir_fd >= 0)
		close(b->dir_fd);
	if (b->spill_fd >= 0)
		close(b->spill_fd);
	free(b);
}

int
crier_bodies_stat_record(const struct crier_bodies *b, const char *path,
                         struct stat *st)
{
	return fstatat(b->dir_fd, path + b->skip, st, 0);
}

int
crier_bodies_read_record(const struct crier_bodies *b, const char *path,
                         struct crier_diags *diags, char **buf_out,
                         size_t *len_out, struct stat *st_out)
{
	return crier_file_read_at(b->dir_fd, path, b->skip, diags, buf_out,
	                          len_out, st_out);
}

void
crier_body_batch_start(struct crier_body_batch *batch,
                       struct crier_bodies *b)
{
	memset(batch, 0, sizeof(*batch));
	batch->bodies = b;
}

/* Writes LEN bytes at DATA to the spill at AT; 0, or -1 marking it failed. */
static int
spill_write(struct crier_bodies *b, const char *data, size_t len,
            uint64_t at)
{
	ssize_t n;

	while (len > 0) {
		n = pwrite(b->spill_fd, data, len, (off_t)at);
		if (n <= 0) {
			atomic_store(&b->spill_failed, true);
			return -1;
		}
		data += n;
		len -= (size_t)n;
		at += (uint64_t)n;
	}
	return 0;
}

void
crier_body_batch_flush(struct crier_body_batch *batch)
{
	struct crier_bodies *b = batch->bodies;
	uint64_t at;
	size_t i;

	if (batch->len == 0)
		return;
	at = atomic_fetch_add(&b->spill_end, batch->len);
	if (spill_write(b, batch->data, batch->len, at) == 0)
		for (i = 0; i < batch->count; i++)
			batch->entries[i]->body_spilled_at += at + 1;
	batch->len = 0;
	batch->count = 0;
}

void
crier_body_batch_add(struct crier_body_batch *batch,
                     struct crier_entry *entry, const char *body)
{
	struct crier_bodies *b = batch->bodies;
	size_t len = entry->body_size;
	uint64_t at;

	entry->body_spilled_at = 0;
	if (atomic_load(&b->spill_failed))
		return;
	if (batch->len + len > BATCH_BYTES)
		crier_body_batch_flush(batch);
	if (len > BATCH_BYTES) {
		at = atomic_fetch_add(&b->spill_end, len);
		if (spill_write(b, body, len, at) == 0)
			entry->body_spilled_at = at + 1;
		return;
	}
	if (batch->data == NULL)
		batch->data = crier_xmalloc(BATCH_BYTES);
	if (batch->count == batch->cap) {
		batch->cap = batch->cap ? 2 * batch->cap : 256;
		batch->entries = crier_xrealloc(batch->entries,
		    batch->cap * sizeof(*batch->entries));
	}
	/* Where it sits in the batch, until the batch has its place. */
	entry->body_spilled_at = batch->len;
	batch->entries[batch->count++] = entry;
	memcpy(batch->data + batch->len, body, len);
	batch->len += len;
}

void
crier_body_batch_end(struct crier_body_batch *batch)
{
	crier_body_batch_flush(batch);
	free(batch->data);
	free(batch->entries);
}

/* The body from the spill; 0, or -1 when it has to come from the record. */
static int
body_from_spill(const struct crier_bodies *b, const struct crier_entry *e,
                char *buf)
{
	if (b == NULL || e->body_spilled_at == 0 ||
	    atomic_load(&b->spill_failed))
		return -1;
	return pread(b->spill_fd, buf, e->body_size,
	             (off_t)(e->body_spilled_at - 1)) ==
	       (ssize_t)e->body_size ? 0 : -1;
}

/* The body from its record, checked against the fingerprint. */
static int
body_from_record(const struct crier_bodies *b, const struct crier_entry *e,
                 char *buf, struct crier_diags *diags)
{
	/* One byte more than the body, to notice a file that grew. */
	size_t want = (size_t)e->body_size + 1;
	ssize_t got = -1;
	int fd, err;
	/* A model not made by crier_feed_load() has none: paths as given. */
	int dir_fd = b != NULL ? b->dir_fd : AT_FDCWD;
	size_t skip = b != NULL ? b->skip : 0;

	/*
	 * One pread(), no stat: the file may have become a FIFO or a
	 * directory since it was loaded, and then reading it fails, or a
	 * device, and then what it gives is not the body.
	 */
	fd = openat(dir_fd, e->file + skip,
	            O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd >= 0)
		got = pread(fd, buf, want, (off_t)e->body_offset);
	err = errno;
	if (fd >= 0)
		close(fd);
	if (got == (ssize_t)e->body_size &&
	    crier_hash_bytes(buf, e->body_size) == e->body_hash)
		return 0;
	crier_diag(diags, e->file, 0, 0, MSG_FILE_UNREADABLE,
	           got < 0 ? strerror(err) : "changed while crier was running");
	return -1;
}

int
crier_entry_body(const struct crier_feed *feed,
                 const struct crier_entry *entry, struct crier_diags *diags,
                 char **body_out, size_t *len_out)
{
	char *buf;

	*body_out = NULL;
	*len_out = 0;
	if (entry->generated_body != NULL) {
		*len_out = strlen(entry->generated_body);
		*body_out = crier_xstrdup(entry->generated_body);
		return 0;
	}
	buf = crier_xmalloc((size_t)entry->body_size + 2);
	if (body_from_spill(feed->bodies, entry, buf) != 0 &&
	    body_from_record(feed->bodies, entry, buf, diags) != 0) {
		free(buf);
		return -1;
	}
	buf[entry->body_size] = '\0';
	*body_out = buf;
	*len_out = entry->body_size;
	return 0;
}
