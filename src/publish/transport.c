/*
 * transport.c - what every transport needs to know about URLs, and
 * libcurl's loading; publish.c holds the table of transports.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "curl_dl.h"
#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "transport.h"

/* The schemes an Upload URL may name (crier-records(5)). */
static const char *const upload_schemes[] = {
	"file", "http", "https", "ftp", "ftps", "sftp", "s3"
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Length of URL's scheme when it is followed by "://", else 0. */
static size_t
scheme_length(const char *url)
{
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	return n > 0 && strncmp(url + n, "://", 3) == 0 ? n : 0;
}

static bool
scheme_is(const char *url, size_t len, const char *scheme)
{
	return strlen(scheme) == len && strncasecmp(url, scheme, len) == 0;
}

bool
crier_url_has_scheme(const char *url, const char *scheme)
{
	size_t len = scheme_length(url);

	return len > 0 && scheme_is(url, len, scheme);
}

enum crier_url_check
crier_upload_url_check(const char *url)
{
	size_t len = scheme_length(url), i;
	const char *auth, *end, *at, *p;

	if (len == 0)
		return CRIER_URL_BAD;
	auth = url + len + 3;
	end = auth + strcspn(auth, "/?#");
	/* The userinfo ends at the last '@' of the authority. */
	for (at = NULL, p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at != NULL && memchr(auth, ':', (size_t)(at - auth)) != NULL)
		return CRIER_URL_PASSWORD;
	for (i = 0; i < COUNT(upload_schemes); i++)
		if (scheme_is(url, len, upload_schemes[i]))
			break;
	if (i == COUNT(upload_schemes))
		return CRIER_URL_BAD;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p == 0x7F ||
		    strchr("\"<>\\^`{|}", *p) != NULL)
			return CRIER_URL_BAD;
	if (scheme_is(url, len, "file"))
		return (end == auth || ((size_t)(end - auth) == 9 &&
		        strncasecmp(auth, "localhost", 9) == 0)) && *end == '/' ?
		        CRIER_URL_OK : CRIER_URL_BAD;
	if (at != NULL)
		auth = at + 1;
	return end > auth && *auth != ':' ? CRIER_URL_OK : CRIER_URL_BAD;
}

char *
crier_url_shown(const char *url)
{
	size_t len = scheme_length(url);
	const char *auth = url + (len > 0 ? len + 3 : 0);
	const char *end = auth + strcspn(auth, "/?#"), *at = NULL, *p;
	struct crier_buf b = {0};

	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	crier_buf_add(&b, url, (size_t)(auth - url));
	p = at != NULL ? at + 1 : auth;
	crier_buf_add(&b, p, strcspn(p, "?#"));
	if (b.data == NULL)
		crier_buf_add(&b, "", 0);
	return crier_buf_take(&b);
}

char *
crier_url_join(const char *base, const char *rel_path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct crier_buf b = {0};
	const unsigned char *p;
	char esc[3];

	crier_buf_puts(&b, base);
	for (p = (const unsigned char *)rel_path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL) {
			crier_buf_add(&b, (const char *)p, 1);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[*p >> 4];
		esc[2] = hex[*p & 15];
		crier_buf_add(&b, esc, 3);
	}
	return crier_buf_take(&b);
}

const char *
crier_content_type(const char *name)
{
	static const struct {
		const char *suffix, *type;
	} types[] = {
		{".atom", "application/atom+xml"},
		{".rss", "application/rss+xml"},
		{".json", "application/feed+json"},
		{".ics", "text/calendar; charset=utf-8"},
		{".html", "text/html; charset=utf-8"},
		{".xml", "application/xml"},
		/* feed.xsl: every browser takes a stylesheet as XML. */
		{".xsl", "application/xml"},
		{".css", "text/css; charset=utf-8"},
		{".txt", "text/plain; charset=utf-8"},
	};
	size_t len = strlen(name), n, i;

	for (i = 0; i < COUNT(types); i++) {
		n = strlen(types[i].suffix);
		if (len > n && strcasecmp(name + len - n, types[i].suffix) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

void
crier_trace(const struct crier_upload_options *opts, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (!opts->is_verbose || opts->trace == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	opts->trace(opts->trace_ctx, line);
}

static bool curl_is_ready;

int
crier_transport_load(struct crier_lazy_lib *lib, const char *file,
                     struct crier_diags *diags)
{
	if (crier_lazy_load(lib) == 0)
		return 0;
	crier_diag(diags, file, 0, 0, MSG_LIBRARY_MISSING, lib->soname,
	           lib->why);
	return -1;
}

int
crier_curl_start(char *why, size_t size)
{
	if (curl_is_ready)
		return 0;
	if (crier_lazy_load(&crier_curl_lib) != 0) {
		snprintf(why, size, "%s", crier_curl_lib.why);
		return -1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, size, "curl_global_init failed");
		return -1;
	}
	curl_is_ready = true;
	return 0;
}

int
crier_transport_init(const char *file, struct crier_diags *diags)
{
	char why[sizeof(crier_curl_lib.why)];

	if (crier_curl_start(why, sizeof(why)) == 0)
		return 0;
	crier_diag(diags, file, 0, 0, MSG_LIBRARY_MISSING,
	           crier_curl_lib.soname, why);
	return -1;
}

void
crier_transport_cleanup(void)
{
	if (!curl_is_ready)
		return;
	curl_global_cleanup();
	curl_is_ready = false;
}
