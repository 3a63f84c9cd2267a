/*
 * upload_s3.c - the s3:// transport: S3-compatible object storage, over
 * libcurl, signed with AWS Signature Version 4 (CURLOPT_AWS_SIGV4).
 *
 * s3://BUCKET/PREFIX/ puts each file at the key PREFIX/REL_PATH with one
 * PUT, which S3 makes visible all at once: readers get the old object or
 * the new one, never part of one, so no temporary key is needed.
 *
 * Requests are path-style (ENDPOINT/BUCKET/KEY), which every
 * S3-compatible server understands, to the endpoint in
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (the AWS CLI and SDK names),
 * else AWS's own for the region.  The region is AWS_REGION, else
 * AWS_DEFAULT_REGION, else us-east-1.  Credentials are AWS_ACCESS_KEY_ID
 * and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN for temporary ones;
 * they reach libcurl only, and traces show neither the signature nor
 * the token.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "publish_state.h"
#include "transport.h"
#include "upload_curl.h"
#include "upload_util.h"

#define MAX_ERROR_BODY_BYTES 8192
/* The SHA-256 of no bytes: the payload hash of a HEAD. */
#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define MAX_RETRY_AFTER_S 600L

struct crier_session {
	struct crier_curl *curl;
	char *bucket_url;          /* ENDPOINT/BUCKET/PREFIX/, escaped */
	char *shown_base;          /* s3://BUCKET/PREFIX/ */
	char *sigv4;               /* "aws:amz:REGION:s3" */
	char *netrc_file;          /* the options' copy, owned */
	long retry_after_ms;
	struct crier_buf body;     /* the start of an error reply */
	char *etag;                /* the last reply's ETag, or NULL */
};

static const char *
env(const char *name)
{
	const char *value = getenv(name);

	return value != NULL && value[0] != '\0' ? value : NULL;
}

static void
s3_close(struct crier_session *s)
{
	if (s == NULL)
		return;
	crier_curl_free(s->curl);
	free(s->bucket_url);
	free(s->shown_base);
	free(s->sigv4);
	free(s->netrc_file);
	crier_buf_free(&s->body);
	free(s->etag);
	free(s);
}

static int
s3_open(const char *base_url, const struct crier_upload_options *o,
        struct crier_diags *diags, struct crier_session **out)
{
	struct crier_upload_options copy = *o;
	const char *endpoint = env("AWS_ENDPOINT_URL_S3");
	const char *region = env("AWS_REGION");
	struct crier_upload_url u;
	struct crier_session *s;
	struct crier_buf b = {0};
	char *prefix;
	size_t len;

	*out = NULL;
	if (crier_upload_parse_url(base_url, &u, diags) != 0)
		return -1;
	if (endpoint == NULL)
		endpoint = env("AWS_ENDPOINT_URL");
	if (region == NULL)
		region = env("AWS_DEFAULT_REGION");
	if (region == NULL)
		region = "us-east-1";
	if (strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(region)) {
		crier_diag(diags, u.shown, 0, 0, MSG_UPLOAD_BAD_TARGET,
		           "AWS_REGION is not a region name");
		crier_upload_url_free(&u);
		return -1;
	}
	s = crier_xcalloc(1, sizeof(*s));
	if (endpoint != NULL) {
		len = strlen(endpoint);
		while (len > 0 && endpoint[len - 1] == '/')
			len--;
		crier_buf_add(&b, endpoint, len);
	} else {
		crier_buf_printf(&b, "https://s3.%s.amazonaws.com", region);
	}
	/* The bucket, then the prefix, each ending in '/'. */
	crier_buf_printf(&b, "/%s/", u.host);
	prefix = crier_url_join("", u.path + strspn(u.path, "/"));
	crier_buf_puts(&b, prefix);
	if (prefix[0] != '\0' && prefix[strlen(prefix) - 1] != '/')
		crier_buf_puts(&b, "/");
	free(prefix);
	s->bucket_url = crier_buf_take(&b);
	s->shown_base = crier_upload_join(u.shown,
	                    u.shown[strlen(u.shown) - 1] == '/' ? "" : "/");
	crier_upload_url_free(&u);
	crier_buf_printf(&b, "aws:amz:%s:s3", region);
	s->sigv4 = crier_buf_take(&b);
	s->netrc_file = o->netrc_file ? crier_xstrdup(o->netrc_file) : NULL;
	copy.netrc_file = s->netrc_file;
	s->curl = crier_curl_new(&copy);
	*out = s;
	return 0;
}

/* Keeps the start of the reply: S3 explains refusals in an XML body. */
static size_t
keep_body(char *data, size_t size, size_t count, void *user)
{
	struct crier_session *s = user;
	size_t n = size * count;

	if (s->body.len < MAX_ERROR_BODY_BYTES)
		crier_buf_add(&s->body, data, n < MAX_ERROR_BODY_BYTES -
		              s->body.len ? n : MAX_ERROR_BODY_BYTES -
		              s->body.len);
	return n;
}

/* Keeps the ETag of the reply, S3's validator of the object's bytes. */
static size_t
keep_etag(char *data, size_t size, size_t count, void *user)
{
	struct crier_session *s = user;

	crier_http_header_line(data, size * count, NULL, 0, &s->etag);
	return size * count;
}

/* The text of the first <NAME> element in the error reply, or "". */
static void
xml_text(const char *xml, const char *name, char *out, size_t size)
{
	char open[64], close[64];
	const char *start, *end;
	size_t n;

	out[0] = '\0';
	if (xml == NULL)
		return;
	snprintf(open, sizeof(open), "<%s>", name);
	snprintf(close, sizeof(close), "</%s>", name);
	start = strstr(xml, open);
	if (start == NULL)
		return;
	start += strlen(open);
	end = strstr(start, close);
	if (end == NULL)
		return;
	n = (size_t)(end - start) < size - 1 ? (size_t)(end - start) : size - 1;
	memcpy(out, start, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] < ' ' || out[i] == 0x7F)
			out[i] = ' ';
}

/*
 * Reports a reply other than 2xx and says whether a retry could help:
 * S3 answers 503 SlowDown and 500 InternalError when busy, and gives
 * 403 for bad keys, 404 NoSuchBucket, 301 for the wrong region.
 */
static enum crier_put_result
refused(struct crier_session *s, long status, const char *what,
        const char *shown, struct crier_diags *diags)
{
	char code[64], message[256];
	curl_off_t after_s = 0;
	const char *hint = "";

	xml_text(s->body.data, "Code", code, sizeof(code));
	xml_text(s->body.data, "Message", message, sizeof(message));
	if (status == 403 && (strcmp(code, "SignatureDoesNotMatch") == 0 ||
	    strcmp(code, "InvalidAccessKeyId") == 0))
		hint = " (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
	else if (strcmp(code, "InvalidToken") == 0 ||
	         strcmp(code, "ExpiredToken") == 0)
		hint = " (check AWS_SESSION_TOKEN)";
	else if (status == 301 || strcmp(code, "AuthorizationHeaderMalformed")
	         == 0)
		hint = " (check AWS_REGION and the endpoint)";
	crier_upload_fail(diags, what, shown, "HTTP %ld%s%s%s%s%s", status,
	                  code[0] ? " " : "", code, message[0] ? ": " : "",
	                  message, hint);
	if (status >= 500 || status == 429 || status == 408) {
		if (curl_easy_getinfo(s->curl->handle, CURLINFO_RETRY_AFTER,
		                      &after_s) == CURLE_OK && after_s > 0)
			s->retry_after_ms = (after_s > MAX_RETRY_AFTER_S ?
			                     MAX_RETRY_AFTER_S : (long)after_s) *
			                    1000L;
		return CRIER_PUT_TRANSIENT;
	}
	return CRIER_PUT_PERMANENT;
}

/*
 * The headers of one PUT: type, payload hash, and the session token.
 * The hash is signed with the rest, and S3 refuses a body that does not
 * match it, so a feed damaged on the way is never stored.
 */
static struct curl_slist *
put_headers(const char *content_type, const char *sha256_hex)
{
	struct curl_slist *h = NULL;
	struct crier_buf b = {0};
	const char *token = env("AWS_SESSION_TOKEN");

	crier_buf_printf(&b, "Content-Type: %s", content_type);
	h = curl_slist_append(h, b.data);
	crier_buf_free(&b);
	crier_buf_printf(&b, "x-amz-content-sha256: %s", sha256_hex);
	h = curl_slist_append(h, b.data);
	crier_buf_free(&b);
	if (token != NULL) {
		crier_buf_printf(&b, "x-amz-security-token: %s", token);
		h = curl_slist_append(h, b.data);
		memset(b.data, 0, b.len);
		crier_buf_free(&b);
	}
	return h;
}

/* Sets the key pair as libcurl's user and password, and forgets it. */
static int
set_credentials(struct crier_session *s)
{
	const char *id = env("AWS_ACCESS_KEY_ID");
	const char *secret = env("AWS_SECRET_ACCESS_KEY");
	struct crier_buf b = {0};

	if (id == NULL || secret == NULL)
		return -1;
	crier_buf_printf(&b, "%s:%s", id, secret);
	curl_easy_setopt(s->curl->handle, CURLOPT_USERPWD, b.data);
	memset(b.data, 0, b.len);
	crier_buf_free(&b);
	curl_easy_setopt(s->curl->handle, CURLOPT_AWS_SIGV4, s->sigv4);
	return 0;
}

/*
 * Prepares a signed request for URL with HEADERS.  Returns 0, or -1 when
 * the environment holds no key.
 */
static int
start_request(struct crier_session *s, const char *url,
              struct curl_slist *headers)
{
	CURL *h = s->curl->handle;

	crier_curl_reset(s->curl, "http,https");
	/* S3 keys carry no netrc entry; they come from the environment. */
	curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	if (set_credentials(s) != 0)
		return -1;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, keep_etag);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, s);
	crier_buf_free(&s->body);
	free(s->etag);
	s->etag = NULL;
	return 0;
}

/* Runs the request, then makes the handle forget the secret and headers. */
static CURLcode
finish_request(struct crier_session *s)
{
	CURLcode rc = crier_curl_perform(s->curl);

	curl_easy_setopt(s->curl->handle, CURLOPT_USERPWD, NULL);
	curl_easy_setopt(s->curl->handle, CURLOPT_HTTPHEADER, NULL);
	return rc;
}

static enum crier_put_result
s3_put(struct crier_session *s, const char *rel_path, const char *local_path,
       const char *content_type, struct crier_diags *diags)
{
	enum crier_put_result r = CRIER_PUT_OK;
	struct curl_slist *headers;
	CURL *h = s->curl->handle;
	char *shown, *url, hash[CRIER_SHA256_HEX_SIZE];
	struct stat st;
	long status = 0;
	CURLcode rc;
	FILE *local;

	s->retry_after_ms = 0;
	shown = crier_url_join(s->shown_base, rel_path);
	local = fopen(local_path, "rb");
	if (local == NULL || fstat(fileno(local), &st) != 0 ||
	    crier_sha256_file(local_path, hash) != 0) {
		crier_upload_fail(diags, local_path, shown, "cannot read: %s",
		                  strerror(errno));
		if (local != NULL)
			fclose(local);
		free(shown);
		return CRIER_PUT_PERMANENT;
	}
	url = crier_url_join(s->bucket_url, rel_path);
	headers = put_headers(content_type ? content_type :
	                      crier_content_type(rel_path), hash);
	if (start_request(s, url, headers) != 0) {
		crier_upload_fail(diags, local_path, shown, "no credentials: set "
		                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		curl_slist_free_all(headers);
		fclose(local);
		free(shown);
		free(url);
		return CRIER_PUT_PERMANENT;
	}
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READDATA, local);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
	rc = finish_request(s);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK) {
		crier_upload_fail(diags, local_path, shown, "%s",
		                  crier_curl_reason(s->curl, rc));
		r = crier_curl_result(rc);
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (status < 200 || status > 299)
			r = refused(s, status, local_path, shown, diags);
	}
	crier_buf_free(&s->body);
	fclose(local);
	free(shown);
	free(url);
	return r;
}

/*
 * Asks with HEAD whether the object still has the ETag recorded when it
 * was put (If-None-Match: 304 if so), or reads its ETag.
 */
static enum crier_probe_result
s3_probe(struct crier_session *s, const char *rel_path,
         const char *known_etag, char **etag_out)
{
	enum crier_probe_result r;
	struct curl_slist *headers = NULL;
	struct crier_buf b = {0};
	char *url = crier_url_join(s->bucket_url, rel_path);
	long status = 0;

	*etag_out = NULL;
	headers = curl_slist_append(headers,
	                            "x-amz-content-sha256: " EMPTY_SHA256);
	if (known_etag != NULL) {
		crier_buf_printf(&b, "If-None-Match: %s", known_etag);
		headers = curl_slist_append(headers, b.data);
		crier_buf_free(&b);
	}
	if (start_request(s, url, headers) == 0) {
		curl_easy_setopt(s->curl->handle, CURLOPT_NOBODY, 1L);
		if (finish_request(s) == CURLE_OK)
			curl_easy_getinfo(s->curl->handle,
			                  CURLINFO_RESPONSE_CODE, &status);
	}
	r = crier_probe_answer(status, known_etag, &s->etag, etag_out);
	curl_slist_free_all(headers);
	free(url);
	return r;
}

static long
s3_retry_after_ms(struct crier_session *s)
{
	return s->retry_after_ms;
}

const struct crier_transport crier_transport_s3 = {
	.scheme = "s3",
	.open = s3_open,
	.put = s3_put,
	.close = s3_close,
	.probe = s3_probe,
	.retry_after_ms = s3_retry_after_ms,
};
