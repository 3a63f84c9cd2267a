/*
 * upload_file.c - the file:// transport: a directory on this machine,
 * such as a web server's document root or a mounted share.
 *
 * A file is copied to a temporary name beside its target, flushed to
 * disk and renamed over the target, so the web server serves the old
 * complete file or the new one.  The temporary name is the same in every
 * run (".NAME.crier-tmp"), so a leftover of a killed run is simply
 * overwritten by the next.
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
#include "transport.h"

#define COPY_BYTES (256 * 1024)

struct crier_session {
	char *dir;          /* the target directory, ending in '/' */
	char *shown_base;   /* the base URL, for messages */
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

/* mkdir -p for the directory part of PATH. */
static int
make_parents(char *path)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
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

static void
sync_dir(const char *path)
{
	char *dir = crier_xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	slash[slash == dir ? 1 : 0] = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static enum crier_put_result
file_put(struct crier_session *s, const char *rel_path, const char *local_path,
         const char *content_type, struct crier_diags *diags)
{
	char *target, *temp, *slash;
	bool is_read_error = false;
	enum crier_put_result r = CRIER_PUT_OK;
	int in, out, err;

	(void)content_type;
	target = crier_xmalloc(strlen(s->dir) + strlen(rel_path) + 1);
	sprintf(target, "%s%s", s->dir, rel_path);
	slash = strrchr(target, '/');
	temp = crier_xmalloc(strlen(target) + sizeof(".crier-tmp") + 1);
	sprintf(temp, "%.*s.%s.crier-tmp", (int)(slash + 1 - target), target,
	        slash + 1);
	crier_trace(&s->opts, "copy %s to %s, then rename it to %s",
	            local_path, temp, target);
	if (make_parents(target) != 0) {
		r = fail(s, rel_path, local_path, "create a directory for",
		         target, errno, diags);
		goto done;
	}
	in = open(local_path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		r = fail(s, rel_path, local_path, "read", local_path, errno,
		         diags);
		goto done;
	}
	out = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		r = fail(s, rel_path, local_path, "create", temp, errno, diags);
		close(in);
		goto done;
	}
	if (copy_fd(in, out, &is_read_error) != 0 || fsync(out) != 0) {
		err = errno;
		r = fail(s, rel_path, local_path, is_read_error ? "read" :
		         "write", is_read_error ? local_path : temp, err, diags);
		close(in);
		close(out);
		unlink(temp);
		goto done;
	}
	close(in);
	if (close(out) != 0 || rename(temp, target) != 0) {
		r = fail(s, rel_path, local_path, "put in place", target, errno,
		         diags);
		unlink(temp);
		goto done;
	}
	/* The rename itself must reach the disk before it counts as sent. */
	sync_dir(target);
done:
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
	if (stat(target, &st) != 0) {
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
	free(s);
}

const struct crier_transport crier_transport_file = {
	.scheme = "file",
	.open = file_open,
	.put = file_put,
	.close = file_close,
	.probe = file_probe,
};
