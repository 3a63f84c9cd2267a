/*
 * upload_util.c - what the ftp, sftp and s3 transports share.
 */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


#include "curl_dl.h"
#include "alloc.h"
#include "diag.h"
#include "transport.h"
#include "upload_util.h"

void
crier_upload_fail(struct crier_diags *diags, const char *what,
                  const char *target, const char *reason, ...)
{
	char text[768];
	va_list ap;

	va_start(ap, reason);
	vsnprintf(text, sizeof(text), reason, ap);
	va_end(ap);
	crier_diag(diags, what, 0, 0, MSG_UPLOAD_FAILED, target, text);
}

static char *
url_part(CURLU *h, CURLUPart part, unsigned flags)
{
	char *value = NULL, *copy;

	if (curl_url_get(h, part, &value, flags) != CURLUE_OK)
		return NULL;
	copy = crier_xstrdup(value);
	curl_free(value);
	return copy;
}

int
crier_upload_parse_url(const char *url, struct crier_upload_url *u,
                       struct crier_diags *diags)
{
	CURLU *h;
	char *password, *port;
	size_t len;

	memset(u, 0, sizeof(*u));
	u->shown = crier_url_shown(url);
	if (crier_transport_init(u->shown, diags) != 0) {
		crier_upload_url_free(u);
		return -1;
	}
	h = curl_url();
	if (h == NULL)
		crier_out_of_memory("curl_url");
	if (curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK) {
		curl_url_cleanup(h);
		crier_diag(diags, url, 0, 0, MSG_UPLOAD_BAD_TARGET,
		           "not a URL");
		crier_upload_url_free(u);
		return -1;
	}
	password = url_part(h, CURLUPART_PASSWORD, 0);
	if (password != NULL) {
		free(password);
		curl_url_cleanup(h);
		crier_diag(diags, u->shown, 0, 0, MSG_UPLOAD_PASSWORD);
		crier_upload_url_free(u);
		return -1;
	}
	u->host = url_part(h, CURLUPART_HOST, 0);
	u->user = url_part(h, CURLUPART_USER, CURLU_URLDECODE);
	u->path = url_part(h, CURLUPART_PATH, CURLU_URLDECODE);
	port = url_part(h, CURLUPART_PORT, 0);
	curl_url_cleanup(h);
	if (port != NULL)
		u->port = atoi(port);
	free(port);
	if (u->host == NULL || u->host[0] == '\0') {
		crier_diag(diags, u->shown ? u->shown : url, 0, 0,
		           MSG_UPLOAD_BAD_TARGET, "the URL names no host");
		crier_upload_url_free(u);
		return -1;
	}
	/* curl keeps the brackets of an IPv6 literal; SSH wants none. */
	len = strlen(u->host);
	if (len > 2 && u->host[0] == '[' && u->host[len - 1] == ']') {
		memmove(u->host, u->host + 1, len - 2);
		u->host[len - 2] = '\0';
	}
	if (u->path == NULL || u->path[0] != '/') {
		free(u->path);
		u->path = crier_xstrdup("/");
	}
	return 0;
}

void
crier_upload_url_free(struct crier_upload_url *u)
{
	free(u->host);
	free(u->user);
	free(u->path);
	free(u->shown);
	memset(u, 0, sizeof(*u));
}

char *
crier_upload_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = crier_xmalloc(la + lb + 1);

	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

char *
crier_upload_temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash != NULL ? (size_t)(slash - path + 1) : 0;
	const char *name = path + dir_len;
	char *s = crier_xmalloc(strlen(path) + sizeof(".crier-tmp") + 1);

	memcpy(s, path, dir_len);
	sprintf(s + dir_len, ".%s.crier-tmp", name);
	return s;
}

char *
crier_upload_ssh_dir(const char *option)
{
	const char *home = getenv("HOME");
	struct passwd *pw;
	char *dir;
	size_t len;

	if (option != NULL) {
		dir = crier_xstrdup(option);
	} else {
		if (home == NULL || home[0] == '\0') {
			pw = getpwuid(getuid());
			home = pw != NULL ? pw->pw_dir : "/";
		}
		dir = crier_upload_join(home, "/.ssh");
	}
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	return dir;
}

/* The reason phrase after "HTTP/x STATUS ", printable. */
static void
keep_phrase(const char *data, size_t len, char *phrase, size_t size)
{
	const char *p = memchr(data, ' ', len);
	size_t i, n = 0;

	p = p != NULL ? memchr(p + 1, ' ', len - (size_t)(p + 1 - data)) : NULL;
	for (i = p != NULL ? (size_t)(p + 1 - data) : len;
	    i < len && n + 1 < size; i++)
		phrase[n++] = data[i] >= ' ' && data[i] < 0x7F ? data[i] : '?';
	phrase[n] = '\0';
}

void
crier_http_header_line(const char *data, size_t len, char *phrase,
                       size_t size, char **etag)
{
	const char *p;
	size_t i;

	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
		free(*etag);
		*etag = NULL;
		if (phrase != NULL && size > 0)
			keep_phrase(data, len, phrase, size);
	} else if (len > 5 && strncasecmp(data, "ETag:", 5) == 0) {
		for (p = data + 5; p < data + len && (*p == ' ' || *p == '\t');
		    p++)
			;
		while (len > 0 && (data[len - 1] == ' ' || data[len - 1] == '\t'))
			len--;
		free(*etag);
		*etag = NULL;
		for (i = (size_t)(p - data); i < len; i++)
			if (data[i] <= ' ' || data[i] >= 0x7F)
				return;
		if (p < data + len) {
			*etag = crier_xmalloc((size_t)(data + len - p) + 1);
			memcpy(*etag, p, (size_t)(data + len - p));
			(*etag)[data + len - p] = '\0';
		}
	}
}

enum crier_probe_result
crier_probe_answer(long status, const char *known_etag, char **server_etag,
                   char **etag_out)
{
	char *etag = *server_etag;
	enum crier_probe_result r = CRIER_PROBE_UNKNOWN;

	*server_etag = NULL;
	*etag_out = NULL;
	if (status == 304) {
		r = CRIER_PROBE_SAME;
		/* RFC 9110, 15.4.5: a 304 repeats the ETag a 200 would send. */
		*etag_out = etag != NULL ? etag :
		            known_etag != NULL ? crier_xstrdup(known_etag) : NULL;
		return r;
	}
	if (status >= 200 && status <= 299) {
		r = known_etag != NULL && etag != NULL &&
		    strcmp(etag, known_etag) == 0 ? CRIER_PROBE_SAME :
		    CRIER_PROBE_CHANGED;
		*etag_out = etag;
		return r;
	}
	if (status == 404 || status == 410)
		r = CRIER_PROBE_CHANGED;
	free(etag);
	return r;
}
