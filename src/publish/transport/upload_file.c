/*
 * upload_file.c - the file:// transport: a directory on this machine,
 * such as a web server's document root or a mounted share.
 *
 * A file is copied to a new temporary file beside its target, flushed to
 * disk and renamed over the target, so the web server serves the old
 * complete file or the new one.  The temporary name is unpredictable
 * (".NAME.crier-XXXXXX") and locked while in use, so the leftover of a
 * killed run is told apart and removed by the next (output.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "output.h"
#include "transport.h"

#define COPY_BYTES (256 * 1024)

struct crier_session {
	char *dir;          /* the target directory, ending in '/' */
	char *shown_base;   /* the base URL, for messages */
	char *swept_dir;    /* the last directory swept, ending in '/' */
	struct crier_upload_options opts;
};

/* "%41" -> 'A'.  Returns -1 on a bad escape or an encoded NUL. */
static int
url_decode(const char *s, size_t len, struct crier_buf *out)
{
	char ch;
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		ch = s[i];
		if (ch == '%') {
			if (i + 2 >= len)
				return -1;
			hi = s[i + 1];
			lo = s[i + 2];
			hi = hi >= '0' && hi <= '9' ? hi - '0' :
			     (hi | 0x20) >= 'a' && (hi | 0x20) <= 'f' ?
			     (hi | 0x20) - 'a' + 10 : -1;
			lo = lo >= '0' && lo <= '9' ? lo - '0' :
			     (lo | 0x20) >= 'a' && (lo | 0x20) <= 'f' ?
			     (lo | 0x20) - 'a' + 10 : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			ch = (char)(hi << 4 | lo);
			i += 2;
		}
		crier_buf_add(out, &ch, 1);
	}
	return 0;
}

static int
file_open(const char *base_url, const struct crier_upload_options *opts,
          struct crier_diags *diags, struct crier_session **out)
{
	const char *path = base_url + strlen("file://");
	struct crier_buf dir = {0};
	struct crier_session *s;
	int fd;

	*out = NULL;
	path += strcspn(path, "/");   /* past an empty host or "localhost" */
	if (url_decode(path, strcspn(path, "?#"), &dir) != 0 ||
	    dir.data == NULL || dir.data[0] != '/') {
		crier_buf_free(&dir);
		crier_diag(diags, base_url, 0, 0, MSG_UPLOAD_BAD_TARGET,
		           "not a file URL of a local directory");
		return -1;
	}
	if (dir.data[dir.len - 1] != '/')
		crier_buf_add(&dir, "/", 1);
	s = crier_xcalloc(1, sizeof(*s));
	s->dir = crier_buf_take(&dir);
	s->shown_base = crier_url_shown(base_url);
	s->opts = *opts;
	/* Even when nothing is sent, what killed runs left there goes. */
	if ((fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		crier_temp_files_sweep(fd);
		s->swept_dir = crier_xstrdup(s->dir);
		close(fd);
	}
	*out = s;
	return 0;
}

/*
 * Failures that another run may not meet: a full disk, an I/O error, a
 * share that is gone for a while.  Everything else (permissions, a file
 * where a directory should be) needs a person.
 */
static enum crier_put_result
errno_result(int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
	case EIO:
	case EINTR:
	case EAGAIN:
	case ENOMEM:
	case EMFILE:
	case ENFILE:
	case ESTALE:
	case ETIMEDOUT:
	case EBUSY:
		return CRIER_PUT_TRANSIENT;
	default:
		return CRIER_PUT_PERMANENT;
	}
}

static enum crier_put_result
fail(struct crier_session *s, const char *rel_path, const char *local_path,
     const char *what, const char *path, int err, struct crier_diags *diags)
{
	char *url = crier_url_join(s->shown_base, rel_path);
	char reason[1024];

	snprintf(reason, sizeof(reason), "cannot %s %s: %s", what, path,
	         strerror(err));
	crier_diag(diags, local_path, 0, 0, MSG_UPLOAD_FAILED, url, reason);
	free(url);
	return errno_result(err);
}

/*
 * The directory of REL_PATH below the target directory DIR (which ends
 * in '/'), created as needed, and in *NAME its last component.  Below
 * DIR no symlink is followed: one planted there (news -> /etc) fails
 * with ELOOP or ENOTDIR instead of taking the files elsewhere.  Returns
 * the descriptor, or -1 with errno set.
 */
static int
open_target_dir(const char *dir, const char *rel_path, const char **name)
{
	char *rel = crier_xstrdup(rel_path), *part, *slash;
	const char *last = strrchr(rel_path, '/');
	int fd, sub, err;

	*name = last != NULL ? last + 1 : rel_path;
	if (crier_make_dirs(dir) != 0 ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		free(rel);
		return -1;
	}
	for (part = rel; (slash = strchr(part, '/')) != NULL; part = slash + 1) {
		*slash = '\0';
		if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST)
			sub = -1;
		else
			sub = openat(fd, part, O_RDONLY | O_DIRECTORY |
			             O_NOFOLLOW | O_CLOEXEC);
		err = errno;
		close(fd);
		errno = err;
		if ((fd = sub) < 0)
			break;
	}
	free(rel);
	return fd;
}

/* Copies IN to OUT.  Returns 0, or -1 with errno set. */
static int
copy_fd(int in, int out, bool *is_read_error)
{
	char *buf = crier_xmalloc(COPY_BYTES);
	ssize_t n, w;
	size_t off;
	int rc = 0;

	for (;;) {
		n = read(in, buf, COPY_BYTES);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*is_read_error = n < 0;
			rc = n < 0 ? -1 : 0;
			break;
		}
		for (off = 0; off < (size_t)n; off += (size_t)w) {
			w = write(out, buf + off, (size_t)n - off);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				*is_read_error = false;
				free(buf);
				return -1;
			}
		}
	}
	free(buf);
	return rc;
}

/* Once per directory: what killed runs left in TARGET's goes. */
static void
sweep_once(struct crier_session *s, int dir_fd, const char *target)
{
	char *target_dir = crier_xstrdup(target);

	strrchr(target_dir, '/')[1] = '\0';
	if (s->swept_dir == NULL || strcmp(s->swept_dir, target_dir) != 0) {
		crier_temp_files_sweep(dir_fd);
		free(s->swept_dir);
		s->swept_dir = target_dir;
	} else {
		free(target_dir);
	}
}

/* Copies IN to OUT, flushes and closes OUT; returns 0 or an errno. */
static int
copy_and_close(int in, int out, bool *is_read_error)
{
	int err = copy_fd(in, out, is_read_error) != 0 || fsync(out) != 0 ?
	          errno : 0;

	if (close(out) != 0 && err == 0)
		err = errno;
	return err;
}

/*
 * Copies LOCAL_PATH to a new temporary file beside the target (never
 * through a symlink: see crier_temp_file_open()), flushes it and renames
 * it over the target, which replaces a symlink planted there rather than
 * writing through it.
 */
static enum crier_put_result
file_put(struct crier_session *s, const char *rel_path, const char *local_path,
         const char *content_type, struct crier_diags *diags)
{
	char *target = crier_xmalloc(strlen(s->dir) + strlen(rel_path) + 1);
	char *temp = NULL;
	const char *name;
	bool is_read_error = false;
	enum crier_put_result r = CRIER_PUT_OK;
	int dir_fd, in = -1, out = -1, err;

	(void)content_type;
	sprintf(target, "%s%s", s->dir, rel_path);
	crier_trace(&s->opts, "copy %s beside %s, then rename it to %s",
	            local_path, target, target);
	if ((dir_fd = open_target_dir(s->dir, rel_path, &name)) < 0) {
		r = fail(s, rel_path, local_path, "create a directory for",
		         target, errno, diags);
		goto done;
	}
	sweep_once(s, dir_fd, target);
	if ((in = open(local_path, O_RDONLY | O_CLOEXEC)) < 0) {
		r = fail(s, rel_path, local_path, "read", local_path, errno,
		         diags);
		goto done;
	}
	if ((out = crier_temp_file_open(dir_fd, name, &temp)) < 0) {
		r = fail(s, rel_path, local_path, "create a file beside",
		         target, errno, diags);
		goto done;
	}
	err = copy_and_close(in, out, &is_read_error);
	out = -1;
	if (err != 0) {
		r = fail(s, rel_path, local_path, is_read_error ? "read" :
		         "write", is_read_error ? local_path : target, err,
		         diags);
		goto done;
	}
	if (renameat(dir_fd, temp, dir_fd, name) != 0) {
		r = fail(s, rel_path, local_path, "put in place", target, errno,
		         diags);
		goto done;
	}
	free(temp);
	temp = NULL;
	/* The rename itself must reach the disk before it counts as sent. */
	fsync(dir_fd);
done:
	if (out >= 0)
		close(out);
	if (temp != NULL)
		unlinkat(dir_fd, temp, 0);
	if (in >= 0)
		close(in);
	if (dir_fd >= 0)
		close(dir_fd);
	free(target);
	free(temp);
	return r;
}

/*
 * A local file's validator: its inode, size and modification time, which
 * change whenever anyone replaces or edits it.
 */
static enum crier_probe_result
file_probe(struct crier_session *s, const char *rel_path,
           const char *known_etag, char **etag_out)
{
	char *target = crier_xmalloc(strlen(s->dir) + strlen(rel_path) + 1);
	struct stat st;
	char etag[128];

	*etag_out = NULL;
	sprintf(target, "%s%s", s->dir, rel_path);
	/* A symlink planted as the target is not the file sent: changed. */
	if (lstat(target, &st) != 0) {
		int err = errno;

		free(target);
		return err == ENOENT || err == ENOTDIR ? CRIER_PROBE_CHANGED :
		       CRIER_PROBE_UNKNOWN;
	}
	free(target);
	snprintf(etag, sizeof(etag), "\"%jx-%jx-%jd.%09ld\"",
	         (uintmax_t)st.st_ino, (uintmax_t)st.st_size,
	         (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	*etag_out = crier_xstrdup(etag);
	if (known_etag == NULL)
		return CRIER_PROBE_UNKNOWN;
	return strcmp(known_etag, etag) == 0 ? CRIER_PROBE_SAME :
	       CRIER_PROBE_CHANGED;
}

static void
file_close(struct crier_session *s)
{
	if (s == NULL)
		return;
	free(s->dir);
	free(s->shown_base);
	free(s->swept_dir);
	free(s);
}

const struct crier_transport crier_transport_file = {
	.scheme = "file",
	.open = file_open,
	.put = file_put,
	.close = file_close,
	.probe = file_probe,
};
