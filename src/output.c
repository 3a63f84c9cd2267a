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

struct crier_output {
	char *dir, *path, *temp_path;
	FILE *stream;
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
	if (fd < 0 || (o->stream = fdopen(fd, "wb")) == NULL) {
		crier_diag(diags, o->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
		if (fd >= 0)
			close(fd);
		crier_output_abort(o);
		return -1;
	}
	*out = o;
	return 0;
}

FILE *
crier_output_stream(struct crier_output *out)
{
	return out->stream;
}

const char *
crier_output_temp_path(const struct crier_output *out)
{
	return out->temp_path;
}

const char *
crier_output_path(const struct crier_output *out)
{
	return out->path;
}

int
crier_output_finish(struct crier_output *out, struct crier_diags *diags)
{
	int failed;

	failed = fflush(out->stream) != 0 || ferror(out->stream) ||
	    fsync(fileno(out->stream)) != 0;
	if (fclose(out->stream) != 0)
		failed = 1;
	out->stream = NULL;
	if (failed) {
		crier_diag(diags, out->path, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
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
	if (out->stream != NULL)
		fclose(out->stream);
	unlink(out->temp_path);
	output_free(out);
}
