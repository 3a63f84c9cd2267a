#define _GNU_SOURCE   /* sync_file_range */
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

int
crier_output_finish(struct crier_output *out, struct crier_diags *diags)
{
	if (out->write_errno == 0 && fsync(out->fd) != 0)
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

int
crier_output_commit(struct crier_output *out, struct crier_diags *diags)
{
	int dfd, rc = 0;

	if (rename(out->temp_path, out->path) != 0) {
		crier_diag(diags, out->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
		unlink(out->temp_path);
		rc = -1;
	} else if ((dfd = open(out->dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		/* The rename itself must reach the disk too. */
		fsync(dfd);
		close(dfd);
	}
	output_free(out);
	return rc;
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
