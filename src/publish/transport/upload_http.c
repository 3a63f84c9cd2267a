/*
 * upload_http.c - the http:// and https:// transports, over libcurl.
 *
 * Where the server speaks WebDAV (RFC 4918), a file is PUT under a
 * temporary name beside its target and then MOVEd over it with
 * "Overwrite: T", so readers get the old complete file or the new one.
 * Rather than asking first (nginx's DAV module answers no OPTIONS), the
 * first put of a session simply tries: a server that refuses MOVE gets a
 * plain PUT of the target from then on, which common servers (nginx,
 * Apache) also write to a temporary file and rename.  A missing parent
 * collection (409 Conflict, RFC 4918 section 9.7.1) is created with
 * MKCOL.
 *
 * The temporary name is the same in every run (".NAME.crier-tmp"), so a
 * leftover of a failed run is overwritten by the next, never in its way.
 * Credentials come from netrc only; redirects are not followed, so they
 * are never sent to another host.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "diag.h"
#include "transport.h"
#include "upload_curl.h"
#include "upload_util.h"

/* Retry-After values above this are not waited for, but reported. */
#define MAX_RETRY_AFTER_S 3600

enum dav_mode {
	DAV_UNKNOWN,   /* not tried yet */
	DAV_MOVE,      /* PUT to a temporary name, then MOVE */
	DAV_NONE       /* the server refused MOVE: plain PUT */
};

struct crier_session {
	struct crier_curl *c;
	char *base;            /* as given: a user name in it picks the netrc entry */
	char *shown_base;      /* without the user name, for messages */
	const char *protocols;
	enum dav_mode mode;
	long retry_after_ms;

	/* The last response. */
	long status;
	char phrase[96];       /* its reason phrase, printable */
	char *etag;
};

static int
http_open(const char *base_url, const struct crier_upload_options *opts,
          struct crier_diags *diags, struct crier_session **out)
{
	struct crier_session *s;
	char *shown = crier_url_shown(base_url);

	*out = NULL;
	if (crier_transport_init(shown, diags) != 0) {
		free(shown);
		return -1;
	}
	s = crier_xcalloc(1, sizeof(*s));
	s->c = crier_curl_new(opts);
	s->base = crier_xstrdup(base_url);
	s->shown_base = shown;
	s->protocols = strncasecmp(base_url, "https:", 6) == 0 ? "https" :
	               "http";
	*out = s;
	return 0;
}

static void
http_close(struct crier_session *s)
{
	if (s == NULL)
		return;
	crier_curl_free(s->c);
	free(s->base);
	free(s->shown_base);
	free(s->etag);
	free(s);
}

/* Keeps the status line's reason phrase and the ETag of each response. */
static size_t
header_cb(char *data, size_t size, size_t count, void *userp)
{
	struct crier_session *s = userp;

	crier_http_header_line(data, size * count, s->phrase,
	                       sizeof(s->phrase), &s->etag);
	return size * count;
}

static size_t
discard_cb(char *data, size_t size, size_t count, void *userp)
{
	(void)data;
	(void)userp;
	return size * count;
}

static int
seek_cb(void *userp, curl_off_t offset, int origin)
{
	return fseeko(userp, (off_t)offset, origin) == 0 ? CURL_SEEKFUNC_OK :
	       CURL_SEEKFUNC_CANTSEEK;
}

/*
 * One request.  BODY (with SIZE bytes) makes it a PUT; "HEAD" has no
 * response body; other methods are sent as they are.
 */
static CURLcode
request(struct crier_session *s, const char *method, const char *url,
        FILE *body, curl_off_t size, struct curl_slist *headers)
{
	CURL *h = s->c->handle;
	CURLcode rc;

	crier_curl_reset(s->c, s->protocols);
	s->status = 0;
	s->phrase[0] = '\0';
	free(s->etag);
	s->etag = NULL;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	if (body != NULL) {
		rewind(body);
		curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(h, CURLOPT_READDATA, body);
		curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
		curl_easy_setopt(h, CURLOPT_SEEKDATA, body);
		curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, size);
	} else if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	}
	if (headers != NULL)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	rc = crier_curl_perform(s->c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &s->status);
	return rc;
}

static bool
is_success(long status)
{
	return status >= 200 && status < 300;
}

/*
 * What a failed request means, with the reason for the message written
 * into WHY.
 */
static enum crier_put_result
failure(struct crier_session *s, CURLcode rc, char *why, size_t size)
{
	curl_off_t after_s = 0;
	const char *hint = "";
	enum crier_put_result r = CRIER_PUT_PERMANENT;

	s->retry_after_ms = 0;
	if (rc != CURLE_OK) {
		snprintf(why, size, "%s", crier_curl_reason(s->c, rc));
		return crier_curl_result(rc);
	}
	switch (s->status) {
	case 401:
		hint = ": the server refused the credentials; check the "
		       "netrc entry for this host (--netrc, CRIER_NETRC or "
		       "~/.netrc)";
		break;
	case 403:
		hint = ": the account may not write here";
		break;
	case 404:
	case 409:
		hint = ": the target directory does not exist and could not "
		       "be created";
		break;
	case 405:
	case 501:
		hint = ": the server does not accept uploads here";
		break;
	case 408:
	case 425:
	case 429:
		r = CRIER_PUT_TRANSIENT;
		break;
	default:
		if (s->status >= 500)
			r = CRIER_PUT_TRANSIENT;
		else if (s->status >= 300 && s->status < 400)
			hint = ": the target has moved; publish to its new "
			       "address";
		break;
	}
	if ((s->status == 429 || s->status == 503) &&
	    curl_easy_getinfo(s->c->handle, CURLINFO_RETRY_AFTER, &after_s) ==
	    CURLE_OK && after_s > 0) {
		s->retry_after_ms = after_s > MAX_RETRY_AFTER_S ?
		                    MAX_RETRY_AFTER_S * 1000L :
		                    (long)after_s * 1000L;
		snprintf(why, size, "HTTP %ld %s (retry after %lds)", s->status,
		         s->phrase, (long)after_s);
		return r;
	}
	snprintf(why, size, "HTTP %ld %s%s", s->status, s->phrase, hint);
	return r;
}

/*
 * Creates the collections above the resource URL, deepest first: MKCOL
 * on a collection whose parent is missing answers 409, so walk up until
 * one is created or exists (405), then back down.  Returns how many were
 * created, or -1.
 */
static int
make_collections(struct crier_session *s, const char *url)
{
	const char *path = strstr(url, "://");
	size_t ends[64], n = 0, i;
	int created = 0;
	char *coll;

	path = path != NULL ? path + 3 + strcspn(path + 3, "/") : url;
	for (i = (size_t)(path - url) + 1; url[i] != '\0' && n < 64; i++)
		if (url[i] == '/')
			ends[n++] = i + 1;
	coll = crier_xmalloc(strlen(url) + 1);
	for (i = n; i > 0; i--) {
		memcpy(coll, url, ends[i - 1]);
		coll[ends[i - 1]] = '\0';
		if (request(s, "MKCOL", coll, NULL, 0, NULL) != CURLE_OK ||
		    s->status != 409)
			break;
	}
	if (i == 0 || !(is_success(s->status) || s->status == 405))
		created = -1;
	else
		created += is_success(s->status);
	for (; created >= 0 && i < n; i++) {
		memcpy(coll, url, ends[i]);
		coll[ends[i]] = '\0';
		if (request(s, "MKCOL", coll, NULL, 0, NULL) != CURLE_OK ||
		    !(is_success(s->status) || s->status == 405))
			created = -1;
		else
			created += is_success(s->status);
	}
	free(coll);
	return created;
}

/*
 * PUT, creating missing collections once if the server may be missing
 * one: WebDAV says 409 (RFC 4918, section 9.7.1), nginx without
 * create_full_put_path says 500, others 404.  When MKCOL created
 * nothing, the PUT's own answer stands.
 */
static CURLcode
put_file(struct crier_session *s, const char *url, FILE *body,
         curl_off_t size, struct curl_slist *headers)
{
	CURLcode rc = request(s, "PUT", url, body, size, headers);
	char phrase[sizeof(s->phrase)];
	long status = s->status;

	if (rc != CURLE_OK || (status != 409 && status != 404 &&
	    status != 500))
		return rc;
	memcpy(phrase, s->phrase, sizeof(phrase));
	crier_trace(&s->c->opts, "HTTP %ld: creating any missing collection "
	            "above %s", status, url);
	if (make_collections(s, url) > 0)
		return request(s, "PUT", url, body, size, headers);
	s->status = status;
	memcpy(s->phrase, phrase, sizeof(phrase));
	return CURLE_OK;
}

/* ".NAME.crier-tmp" beside REL_PATH. */
static char *
temp_path(const char *rel_path)
{
	const char *slash = strrchr(rel_path, '/');
	size_t dir_len = slash != NULL ? (size_t)(slash + 1 - rel_path) : 0;
	char *t = crier_xmalloc(strlen(rel_path) + sizeof(".crier-tmp") + 1);

	sprintf(t, "%.*s.%s.crier-tmp", (int)dir_len, rel_path,
	        rel_path + dir_len);
	return t;
}

/*
 * PUT to the temporary name, then MOVE over the target.  Returns
 * CRIER_PUT_OK, or *is_refused when the server does not do MOVE, or a
 * failure with its reason in WHY.
 */
static enum crier_put_result
put_and_move(struct crier_session *s, const char *rel_path, FILE *body,
             curl_off_t size, struct curl_slist *headers, bool *is_refused,
             char *why, size_t why_size)
{
	char *temp_rel = temp_path(rel_path);
	char *temp_url = crier_url_join(s->base, temp_rel);
	char *dest = crier_url_join(s->shown_base, rel_path);
	char *dest_header = crier_xmalloc(strlen(dest) + 16);
	struct curl_slist *move_headers = NULL;
	enum crier_put_result r = CRIER_PUT_OK;
	CURLcode rc;

	*is_refused = false;
	rc = put_file(s, temp_url, body, size, headers);
	if (rc != CURLE_OK || !is_success(s->status)) {
		r = failure(s, rc, why, why_size);
		goto done;
	}
	sprintf(dest_header, "Destination: %s", dest);
	move_headers = curl_slist_append(move_headers, dest_header);
	move_headers = curl_slist_append(move_headers, "Overwrite: T");
	rc = request(s, "MOVE", temp_url, NULL, 0, move_headers);
	if (rc == CURLE_OK && is_success(s->status))
		goto done;
	if (rc == CURLE_OK && s->mode == DAV_UNKNOWN &&
	    (s->status == 400 || s->status == 405 || s->status == 501)) {
		crier_trace(&s->c->opts, "the server refused MOVE (HTTP %ld); "
		            "using plain PUT", s->status);
		*is_refused = true;
		request(s, "DELETE", temp_url, NULL, 0, NULL);
		goto done;
	}
	r = failure(s, rc, why, why_size);
done:
	curl_slist_free_all(move_headers);
	free(dest_header);
	free(dest);
	free(temp_url);
	free(temp_rel);
	return r;
}

static enum crier_put_result
http_put(struct crier_session *s, const char *rel_path, const char *local_path,
         const char *content_type, struct crier_diags *diags)
{
	char *url = crier_url_join(s->base, rel_path), *ctype;
	char *shown = crier_url_join(s->shown_base, rel_path);
	struct curl_slist *headers = NULL;
	enum crier_put_result r = CRIER_PUT_OK;
	bool is_refused = false;
	char why[CURL_ERROR_SIZE + 256];
	struct stat st;
	FILE *body;
	CURLcode rc;

	body = fopen(local_path, "rb");
	if (body == NULL || fstat(fileno(body), &st) != 0) {
		snprintf(why, sizeof(why), "cannot read %s: %s", local_path,
		         strerror(errno));
		crier_diag(diags, local_path, 0, 0, MSG_UPLOAD_FAILED, shown,
		           why);
		if (body != NULL)
			fclose(body);
		free(url);
		free(shown);
		return CRIER_PUT_PERMANENT;
	}
	ctype = crier_xmalloc(strlen(content_type) + 16);
	sprintf(ctype, "Content-Type: %s", content_type);
	headers = curl_slist_append(headers, ctype);
	crier_trace(&s->c->opts, "sending %s (%jd bytes) to %s", local_path,
	            (intmax_t)st.st_size, shown);
	if (s->mode != DAV_NONE) {
		r = put_and_move(s, rel_path, body, (curl_off_t)st.st_size,
		                 headers, &is_refused, why, sizeof(why));
		if (is_refused)
			s->mode = DAV_NONE;
		else if (r == CRIER_PUT_OK)
			s->mode = DAV_MOVE;
	}
	if (s->mode == DAV_NONE) {
		rc = put_file(s, url, body, (curl_off_t)st.st_size, headers);
		if (rc != CURLE_OK || !is_success(s->status))
			r = failure(s, rc, why, sizeof(why));
		else
			r = CRIER_PUT_OK;
	}
	if (r != CRIER_PUT_OK)
		crier_diag(diags, local_path, 0, 0, MSG_UPLOAD_FAILED, shown,
		           why);
	curl_slist_free_all(headers);
	fclose(body);
	free(ctype);
	free(url);
	free(shown);
	return r;
}

/*
 * A conditional HEAD: "If-None-Match: ETAG" answers 304 while the server
 * still has the file that was put (RFC 9110, section 13.1.2).
 */
static enum crier_probe_result
http_probe(struct crier_session *s, const char *rel_path,
           const char *known_etag, char **etag_out)
{
	char *url = crier_url_join(s->base, rel_path), *cond = NULL;
	struct curl_slist *headers = NULL;
	enum crier_probe_result r;
	CURLcode rc;

	*etag_out = NULL;
	if (known_etag != NULL) {
		cond = crier_xmalloc(strlen(known_etag) + 32);
		sprintf(cond, "If-None-Match: %s", known_etag);
		headers = curl_slist_append(headers, cond);
	}
	rc = request(s, "HEAD", url, NULL, 0, headers);
	r = crier_probe_answer(rc == CURLE_OK ? s->status : 0, known_etag,
	                       &s->etag, etag_out);
	curl_slist_free_all(headers);
	free(cond);
	free(url);
	return r;
}

static long
http_retry_after_ms(struct crier_session *s)
{
	return s->retry_after_ms;
}

const struct crier_transport crier_transport_http = {
	.scheme = "http",
	.open = http_open,
	.put = http_put,
	.close = http_close,
	.probe = http_probe,
	.retry_after_ms = http_retry_after_ms,
};

const struct crier_transport crier_transport_https = {
	.scheme = "https",
	.open = http_open,
	.put = http_put,
	.close = http_close,
	.probe = http_probe,
	.retry_after_ms = http_retry_after_ms,
};
