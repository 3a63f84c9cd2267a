/*
 * targeturl.c - the URLs of upload targets (targeturl.h): their schemes,
 * the password none may hold, and the form messages show.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "targeturl.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The schemes an Upload URL may name (crier-records(5)). */
static const char *const upload_schemes[] = {
	"file", "http", "https", "ftp", "ftps", "sftp", "s3"
};

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
