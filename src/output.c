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
#include "output.h"

/* Temporary files are named ".NAME.crier-PID.tmp". */
#define TEMP_MARK ".crier-"
#define TEMP_SUFFIX ".tmp"

/*
 * Writeback is started every so many bytes, so that the fsync before the
 * rename finds little left to do.
 */
#define WRITEBACK_BYTES (8 * 1024 * 1024)

struct crier_output {
	char *dir, *path, *temp_path;
	int fd;
	int write_errno;        /* the first write error, or 0 */
	off_t written, synced;  /* bytes */
	int is_unchanged;       /* the target already holds these bytes */
};

static int
make_dirs(const char *dir)
{
	char *copy = crier_xstrdup(dir), *p;
	int rc = 0;

	for (p = copy + 1; *p != '\0' && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (rc == 0 && mkdir(copy, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

/* The pid in a name of ours, or 0 if the name is not one of ours. */
static long
temp_file_pid(const char *name)
{
	const char *mark = strstr(name, TEMP_MARK);
	char *end;
	long pid;

	if (name[0] != '.' || mark == NULL)
		return 0;
	pid = strtol(mark + strlen(TEMP_MARK), &end, 10);
	return strcmp(end, TEMP_SUFFIX) == 0 && pid > 0 ? pid : 0;
}

/*
 * A run killed half-way leaves its temporary file behind.  Its process is
 * gone, so the file can go too; files of live runs are left alone.
 */
static void
remove_stale_temp_files(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	long pid;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		pid = temp_file_pid(de->d_name);
		if (pid == 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) != 0 && errno != ENOENT)
			continue;
	}
	closedir(d);
}

int
crier_output_open(const char *dir, const char *name,
                  struct crier_diags *diags, struct crier_output **out)
{
	struct crier_output *o;
	int fd;

	*out = NULL;
	if (make_dirs(dir) != 0) {
		crier_diag(diags, dir, 0, 0, MSG_WRITE_FAILED, strerror(errno));
		return -1;
	}
	remove_stale_temp_files(dir);
	o = crier_xcalloc(1, sizeof(*o));
	o->dir = crier_xstrdup(dir);
	o->path = crier_xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(o->path, "%s/%s", dir, name);
	o->temp_path = crier_xmalloc(strlen(o->path) + 64);
	sprintf(o->temp_path, "%s/.%s" TEMP_MARK "%ld" TEMP_SUFFIX, dir, name,
	        (long)getpid());
	fd = open(o->temp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	o->fd = fd;
	if (fd < 0) {
		crier_diag(diags, o->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
		crier_output_abort(o);
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
 * servers and caches.
 */
static int
target_is_same(const struct crier_output *out)
{
	struct stat st;
	int target, temp, same;

	if (stat(out->path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != out->written)
		return 0;
	if ((target = open(out->path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if ((temp = open(out->temp_path, O_RDONLY | O_CLOEXEC)) < 0) {
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
	free(out->dir);
	free(out->path);
	free(out->temp_path);
	free(out);
}

static void
sync_dir_of(const struct crier_output *out)
{
	int dfd = open(out->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

int
crier_output_commit_all(struct crier_output **outs, size_t count,
                        struct crier_diags *diags)
{
	const struct crier_output *synced = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < count; i++) {
		if (outs[i] == NULL)
			continue;
		if (outs[i]->is_unchanged || rc != 0) {
			unlink(outs[i]->temp_path);
			outs[i]->is_unchanged = 1;
		} else if (rename(outs[i]->temp_path, outs[i]->path) != 0) {
			crier_diag(diags, outs[i]->path, 0, 0, MSG_WRITE_FAILED,
			           strerror(errno));
			unlink(outs[i]->temp_path);
			outs[i]->is_unchanged = 1;
			rc = -1;
		}
	}
	/* The renames must reach the disk too: each directory once. */
	for (i = 0; i < count; i++) {
		if (outs[i] == NULL || outs[i]->is_unchanged)
			continue;
		if (synced == NULL || strcmp(synced->dir, outs[i]->dir) != 0)
			sync_dir_of(outs[i]);
		synced = outs[i];
	}
	for (i = 0; i < count; i++)
		if (outs[i] != NULL)
			output_free(outs[i]);
	return rc;
}

int
crier_output_commit(struct crier_output *out, struct crier_diags *diags)
{
	return crier_output_commit_all(&out, 1, diags);
}

void
crier_output_abort(struct crier_output *out)
{
	if (out == NULL)
		return;
	if (out->fd >= 0)
		close(out->fd);
	unlink(out->temp_path);
	output_free(out);
}

/* OUT's temporary file for LEN bytes of DATA, written but not flushed. */
static void
write_temp(struct crier_output *out, const char *data, size_t len)
{
	out->fd = open(out->temp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	               0644);
	if (out->fd < 0)
		out->write_errno = errno;
	else
		crier_output_write(out, data, len);
	if (out->fd >= 0 && close(out->fd) != 0 && out->write_errno == 0)
		out->write_errno = errno;
	out->fd = -1;
}

/* fsync() of DIR, or with IS_WHOLE_FS syncfs() of its file system. */
static int
sync_dir_or_fs(const char *dir, int is_whole_fs, struct crier_diags *diags)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || (is_whole_fs ? syncfs(fd) : fsync(fd)) != 0) {
		crier_diag(diags, dir, 0, 0, MSG_WRITE_FAILED, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* syncfs() once on each file system that holds one of the COUNT OUTS. */
static int
sync_file_systems(struct crier_output **outs, size_t count,
                  struct crier_diags *diags)
{
	dev_t *done = crier_xcalloc(count + 1, sizeof(*done));
	size_t i, k, n = 0;
	struct stat st;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		if (i > 0 && strcmp(outs[i - 1]->dir, outs[i]->dir) == 0)
			continue;
		if (stat(outs[i]->dir, &st) != 0) {
			crier_diag(diags, outs[i]->dir, 0, 0, MSG_WRITE_FAILED,
			           strerror(errno));
			rc = -1;
			break;
		}
		for (k = 0; k < n && done[k] != st.st_dev; k++)
			;
		if (k < n)
			continue;
		done[n++] = st.st_dev;
		rc = sync_dir_or_fs(outs[i]->dir, 1, diags);
	}
	free(done);
	return rc;
}

/*
 * Many small files at once.  Flushing each one and scanning its directory
 * for stale temporary files each time would dominate (5000 records took
 * 25 s that way), so each directory is scanned once, and the files reach
 * the disk in two batches, in the order a crash needs:
 *
 * 1. every temporary file is written, then one syncfs() per file system
 *    returns once all of them (bytes, size, blocks) are on disk, or fails
 *    if writing any of them back failed.  An fsync() per file would wait
 *    for the disk once per file instead of once;
 * 2. only then are they renamed into place, so a rename that reaches the
 *    disk never names a file whose bytes did not;
 * 3. then each directory is fsync()ed, once, so that the renames are on
 *    disk too when this returns 0.
 *
 * After a crash, each file is its old complete text or its new one.  The
 * price: syncfs() flushes whatever else is dirty on the file system too.
 */
int
crier_output_write_files(size_t count, const char *const *paths,
                         const char *const *data, const size_t *lens,
                         struct crier_diags *diags)
{
	struct crier_output *o, **outs = crier_xcalloc(count + 1,
	                                                sizeof(*outs));
	const char *last_dir = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		const char *slash = strrchr(paths[i], '/');

		o = outs[i] = crier_xcalloc(1, sizeof(*o));
		o->fd = -1;
		o->path = crier_xstrdup(paths[i]);
		o->dir = slash != NULL ? crier_xstrdup(paths[i]) :
		    crier_xstrdup(".");
		if (slash != NULL)
			o->dir[slash - paths[i]] = '\0';
		o->temp_path = crier_xmalloc(strlen(o->path) + 64);
		sprintf(o->temp_path, "%s/.%s" TEMP_MARK "%ld" TEMP_SUFFIX,
		        o->dir, slash != NULL ? slash + 1 : paths[i],
		        (long)getpid());
		if (last_dir == NULL || strcmp(last_dir, o->dir) != 0) {
			if (make_dirs(o->dir) != 0) {
				crier_diag(diags, o->dir, 0, 0, MSG_WRITE_FAILED,
				           strerror(errno));
				rc = -1;
				break;
			}
			remove_stale_temp_files(o->dir);
			last_dir = o->dir;
		}
		write_temp(o, data[i], lens[i]);
		if (o->write_errno != 0) {
			crier_diag(diags, o->path, 0, 0, MSG_WRITE_FAILED,
			           strerror(o->write_errno));
			rc = -1;
		}
	}
	if (rc == 0)
		rc = sync_file_systems(outs, count, diags);
	for (i = 0; i < count && rc == 0; i++) {
		if (rename(outs[i]->temp_path, outs[i]->path) != 0) {
			crier_diag(diags, outs[i]->path, 0, 0, MSG_WRITE_FAILED,
			           strerror(errno));
			rc = -1;
		}
	}
	/* Every file is in place: a failure here is that of the disk. */
	for (i = 0; i < count && rc == 0; i++)
		if (i == 0 || strcmp(outs[i - 1]->dir, outs[i]->dir) != 0)
			rc = sync_dir_or_fs(outs[i]->dir, 0, diags);
	for (i = 0; i < count && outs[i] != NULL; i++) {
		if (rc != 0)
			unlink(outs[i]->temp_path);
		output_free(outs[i]);
	}
	free(outs);
	return rc;
}
