#define _GNU_SOURCE   /* sync_file_range, syncfs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "outdir.h"
#include "workq.h"

/*
 * Writeback is started every so many bytes, so that the fsync before the
 * rename finds little left to do.
 */
#define WRITEBACK_BYTES (8 * 1024 * 1024)

struct crier_output {
	struct crier_outdir *d;  /* borrowed */
	char *name, *path;
	int fd;
	int write_errno;        /* the first write error, or 0 */
	off_t written, synced;  /* bytes */
	int is_unchanged;       /* the target already holds these bytes */
};

int
crier_output_open(struct crier_outdir *d, const char *name,
                  struct crier_diags *diags, struct crier_output **out)
{
	struct crier_output *o = crier_xcalloc(1, sizeof(*o));

	o->d = d;
	o->name = crier_xstrdup(name);
	o->path = crier_xmalloc(strlen(d->dir) + strlen(name) + 2);
	sprintf(o->path, "%s/%s", d->dir, name);
	/* The staging directory is new and private: nothing is there. */
	o->fd = openat(d->stage_fd, name, O_WRONLY | O_CREAT | O_EXCL |
	               O_NOFOLLOW | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		crier_diag(diags, o->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
		free(o->name);
		free(o->path);
		free(o);
		*out = NULL;
		return -1;
	}
	*out = o;
	return 0;
}

int
crier_output_write(struct crier_output *out, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0 && out->write_errno == 0) {
		n = write(out->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			out->write_errno = errno;
			break;
		}
		data += n;
		len -= (size_t)n;
		out->written += n;
	}
	if (out->written - out->synced >= WRITEBACK_BYTES) {
		sync_file_range(out->fd, out->synced,
		                out->written - out->synced,
		                SYNC_FILE_RANGE_WRITE);
		out->synced = out->written;
	}
	return out->write_errno == 0 ? 0 : -1;
}

const char *
crier_output_path(const struct crier_output *out)
{
	return out->path;
}

/* Whether files A and B, both open for reading, hold the same bytes. */
static int
same_bytes(int a, int b)
{
	static const size_t chunk = 64 * 1024;
	char *x = crier_xmalloc(2 * chunk), *y = x + chunk;
	ssize_t n, m = 0;
	off_t at = 0;

	while ((n = pread(a, x, chunk, at)) > 0 &&
	    (m = pread(b, y, (size_t)n, at)) == n && memcmp(x, y, (size_t)n) == 0)
		at += n;
	free(x);
	return n == 0 && m >= 0;
}

/*
 * Whether OUT's target already holds exactly the bytes just written:
 * a cron job rebuilds unchanged sources far more often than changed
 * ones, and leaving such a file alone saves its fsync, its rename and
 * the directory's fsync, and keeps its modification time for web
 * servers and caches.  A symlink or a FIFO planted as the target is
 * never opened through: it is not the same, and gets replaced.
 */
static int
target_is_same(const struct crier_output *out)
{
	struct stat st;
	int target, temp, same;

	target = openat(out->d->live_fd, out->name, O_RDONLY | O_NOFOLLOW |
	                O_NONBLOCK | O_CLOEXEC);
	if (target < 0)
		return 0;
	if (fstat(target, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != out->written ||
	    (temp = openat(out->d->stage_fd, out->name, O_RDONLY | O_NOFOLLOW |
	                   O_CLOEXEC)) < 0) {
		close(target);
		return 0;
	}
	same = same_bytes(temp, target);
	close(temp);
	close(target);
	return same;
}

int
crier_output_is_unchanged(const struct crier_output *out)
{
	return out->is_unchanged;
}

int
crier_output_finish(struct crier_output *out, struct crier_diags *diags)
{
	if (out->write_errno == 0 && target_is_same(out))
		out->is_unchanged = 1;
	else if (out->write_errno == 0 && fsync(out->fd) != 0)
		out->write_errno = errno;
	if (close(out->fd) != 0 && out->write_errno == 0)
		out->write_errno = errno;
	out->fd = -1;
	if (out->write_errno != 0) {
		crier_diag(diags, out->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(out->write_errno));
		return -1;
	}
	return 0;
}

static void
output_free(struct crier_output *out)
{
	free(out->name);
	free(out->path);
	free(out);
}

void
crier_output_abort(struct crier_output *out)
{
	if (out == NULL)
		return;
	if (out->fd >= 0)
		close(out->fd);
	unlinkat(out->d->stage_fd, out->name, 0);
	output_free(out);
}

/*
 * Files mode: each changed output renamed over its target, in order,
 * then the directory synced once.  Returns 0, or -1 with an error in
 * DIAGS (after a failed rename, the rest stay where they are).
 */
static int
rename_each(struct crier_outdir *d, struct crier_output **outs, size_t count,
            struct crier_diags *diags)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (outs[i] == NULL || outs[i]->is_unchanged)
			continue;
		if (renameat(d->stage_fd, outs[i]->name, d->live_fd,
		    outs[i]->name) != 0) {
			crier_diag(diags, outs[i]->path, 0, 0, MSG_WRITE_FAILED,
			           strerror(errno));
			return -1;
		}
	}
	if (fsync(d->live_fd) != 0) {
		crier_diag(diags, d->dir, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
		return -1;
	}
	return 0;
}

int
crier_outdir_commit(struct crier_outdir *d, struct crier_output **outs,
                    size_t count, struct crier_diags *diags)
{
	size_t i, changed = 0;
	int rc = 0, swapped = 0;

	for (i = 0; i < count; i++)
		changed += outs[i] != NULL && !outs[i]->is_unchanged;
	if (changed > 0 && d->parent_fd >= 0) {
		/* The new set links the old file, modification time and all. */
		for (i = 0; i < count; i++)
			if (outs[i] != NULL && outs[i]->is_unchanged)
				unlinkat(d->stage_fd, outs[i]->name, 0);
		swapped = crier_outdir_swap(d, diags);
		rc = swapped < 0 ? -1 : 0;
	}
	if (changed > 0 && swapped == 0)
		rc = rename_each(d, outs, count, diags);
	for (i = 0; i < count; i++)
		if (outs[i] != NULL)
			output_free(outs[i]);
	/* What is left in the staging directory (after a swap, the old set). */
	crier_outdir_abort(d);
	return rc;
}

int
crier_output_save(const char *dir, const char *name, const char *data,
                  size_t len, struct crier_diags *diags)
{
	struct crier_outdir *d;
	struct crier_output *out;

	if (crier_outdir_open(dir, 0, diags, &d) != 0)
		return -1;
	if (crier_output_open(d, name, diags, &out) != 0) {
		crier_outdir_abort(d);
		return -1;
	}
	crier_output_write(out, data, len);
	if (crier_output_finish(out, diags) != 0) {
		crier_output_abort(out);
		crier_outdir_abort(d);
		return -1;
	}
	return crier_outdir_commit(d, &out, 1, diags);
}

/* syncfs() once on each file system that holds one of the COUNT DIRS. */
static int
sync_file_systems(struct crier_outdir **dirs, size_t count,
                  struct crier_diags *diags)
{
	dev_t *done = crier_xcalloc(count + 1, sizeof(*done));
	size_t i, k, n = 0;

	for (i = 0; i < count; i++) {
		for (k = 0; k < n && done[k] != dirs[i]->live_st.st_dev; k++)
			;
		if (k < n)
			continue;
		done[n++] = dirs[i]->live_st.st_dev;
		if (syncfs(dirs[i]->stage_fd) != 0) {
			crier_diag(diags, dirs[i]->dir, 0, 0, MSG_WRITE_FAILED,
			           strerror(errno));
			free(done);
			return -1;
		}
	}
	free(done);
	return 0;
}

/* PATH's directory ("." for none) and, in *NAME, its last component. */
static char *
dir_of(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	*name = slash != NULL ? slash + 1 : path;
	if (slash == NULL)
		return crier_xstrdup(".");
	dir = crier_xstrdup(path);
	dir[slash == path ? 1 : slash - path] = '\0';
	return dir;
}

/*
 * Many small files at once.  Flushing each one would dominate (5000
 * records took 25 s that way), so the files reach the disk in two
 * batches, in the order a crash needs:
 *
 * 1. every file is staged, then one syncfs() per file system returns
 *    once all of them (bytes, size, blocks) are on disk, or fails if
 *    writing any of them back failed;
 * 2. only then are they renamed into place, so a rename that reaches the
 *    disk never names a file whose bytes did not;
 * 3. then each directory is fsync()ed, once, so that the renames are on
 *    disk too when this returns 0.
 *
 * After a crash, each file is its old complete text or its new one.  The
 * price: syncfs() flushes whatever else is dirty on the file system too.
 * A file is staged as soon as it is added and closed at once, so that
 * its text need not be kept, nor a descriptor per file.
 *
 * Every so many files, a thread of the batch's own calls syncfs() while
 * the staging goes on, so that the disk writes as the files come and the
 * syncfs() of step 1 finds little left to write: a first import of
 * 100,000 records otherwise waited 0.8 s for it at the end.
 */
#define EARLY_SYNC_FILES 16384

struct staged {
	struct crier_output *out;
	size_t dir;                 /* its index in the batch's DIRS */
};

struct crier_output_batch {
	struct staged *files;
	size_t count, capacity;
	struct crier_outdir **dirs;
	size_t dir_count, dir_capacity;
	int is_failed;
	struct crier_workq *flusher;   /* early syncfs() calls, or NULL */
};

/* The flusher's work: syncfs() on a staging directory's descriptor. */
static void
sync_early(void *ctx, void *item)
{
	int fd = *(int *)item;

	(void)ctx;
	/* Errors are the last syncfs()'s to report. */
	(void)syncfs(fd);
	close(fd);
}

/* Writing back what B staged so far begins, on the flusher's thread. */
static void
start_writeback(struct crier_output_batch *b, const struct crier_outdir *d)
{
	int fd = dup(d->stage_fd);

	if (fd < 0)
		return;
	if (b->flusher == NULL)
		b->flusher = crier_workq_new(sizeof(fd), 4, 1, sync_early,
		                             NULL);
	crier_workq_put(b->flusher, &fd);
}

struct crier_output_batch *
crier_output_batch_new(void)
{
	return crier_xcalloc(1, sizeof(struct crier_output_batch));
}

/* Whether DIR does not exist, or holds nothing. */
static int
is_new_or_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int is_empty = 1;

	if (d == NULL)
		return errno == ENOENT;
	while (is_empty && (de = readdir(d)) != NULL)
		is_empty = strcmp(de->d_name, ".") == 0 ||
		           strcmp(de->d_name, "..") == 0;
	closedir(d);
	return is_empty;
}

/*
 * The staging directory of DIR in B, opened if it is the first file.  A
 * directory the batch fills from empty (a first import) is staged whole
 * beside it and put in place by one rename (outdir.h), not a rename per
 * file: 100,000 of those took 1.5 s.
 */
static struct crier_outdir *
batch_dir(struct crier_output_batch *b, const char *dir, size_t *index,
          struct crier_diags *diags)
{
	size_t k;

	for (k = b->dir_count; k-- > 0;) {
		if (strcmp(b->dirs[k]->dir, dir) == 0) {
			*index = k;
			return b->dirs[k];
		}
	}
	b->dirs = crier_xgrow(b->dirs, &b->dir_capacity, b->dir_count + 1,
	                      sizeof(*b->dirs));
	if (crier_outdir_open(dir, is_new_or_empty(dir), diags,
	    &b->dirs[b->dir_count]) != 0)
		return NULL;
	*index = b->dir_count;
	return b->dirs[b->dir_count++];
}

int
crier_output_batch_add(struct crier_output_batch *b, const char *path,
                       const char *data, size_t len,
                       struct crier_diags *diags)
{
	struct crier_output *out;
	struct crier_outdir *d;
	const char *name;
	char *dir = dir_of(path, &name);
	size_t index = 0;

	d = b->is_failed ? NULL : batch_dir(b, dir, &index, diags);
	free(dir);
	if (d == NULL || crier_output_open(d, name, diags, &out) != 0) {
		b->is_failed = 1;
		return -1;
	}
	b->files = crier_xgrow(b->files, &b->capacity, b->count + 1,
	                       sizeof(*b->files));
	b->files[b->count++] = (struct staged){out, index};
	if (b->count % EARLY_SYNC_FILES == 0)
		start_writeback(b, d);
	crier_output_write(out, data, len);
	if (close(out->fd) != 0 && out->write_errno == 0)
		out->write_errno = errno;
	out->fd = -1;
	if (out->write_errno != 0) {
		crier_diag(diags, out->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(out->write_errno));
		b->is_failed = 1;
		return -1;
	}
	return 0;
}

size_t
crier_output_batch_count(const struct crier_output_batch *b)
{
	return b->count;
}

int
crier_output_batch_rename(struct crier_output_batch *b, size_t i,
                          const char *path, struct crier_diags *diags)
{
	struct crier_output *out = b->files[i].out;
	const char *name;
	char *dir = dir_of(path, &name), *new_path;
	int rc = 0;

	if (strcmp(dir, out->d->dir) != 0 || renameat(out->d->stage_fd,
	    out->name, out->d->stage_fd, name) != 0) {
		crier_diag(diags, path, 0, 0, MSG_WRITE_FAILED,
		           strcmp(dir, out->d->dir) != 0 ? "not the staged "
		           "file's directory" : strerror(errno));
		b->is_failed = 1;
		rc = -1;
	} else {
		new_path = crier_xmalloc(strlen(dir) + strlen(name) + 2);
		sprintf(new_path, "%s/%s", dir, name);
		free(out->name);
		free(out->path);
		out->name = crier_xstrdup(name);
		out->path = new_path;
	}
	free(dir);
	return rc;
}

/* Commits or aborts each directory of B (commits when RC is 0), and frees B. */
static int
batch_finish(struct crier_output_batch *b, int rc, struct crier_diags *diags)
{
	struct crier_output **mine;
	size_t i, k;

	crier_workq_finish(b->flusher);
	for (k = 0; k < b->dir_count; k++) {
		/* The files of directory K, in order; the others are NULL. */
		mine = crier_xcalloc(b->count + 1, sizeof(*mine));
		for (i = 0; i < b->count; i++)
			if (b->files[i].dir == k)
				mine[i] = b->files[i].out;
		if (rc == 0 && crier_outdir_commit(b->dirs[k], mine, b->count,
		    diags) != 0)
			rc = -1;
		else if (rc != 0) {
			for (i = 0; i < b->count; i++)
				crier_output_abort(mine[i]);
			crier_outdir_abort(b->dirs[k]);
		}
		free(mine);
	}
	free(b->files);
	free(b->dirs);
	free(b);
	return rc;
}

int
crier_output_batch_commit(struct crier_output_batch *b,
                          struct crier_diags *diags)
{
	int rc = b->is_failed ? -1 : 0;

	crier_workq_finish(b->flusher);
	b->flusher = NULL;
	if (rc == 0)
		rc = sync_file_systems(b->dirs, b->dir_count, diags);
	return batch_finish(b, rc, diags);
}

void
crier_output_batch_abort(struct crier_output_batch *b)
{
	if (b != NULL)
		batch_finish(b, -1, NULL);
}
