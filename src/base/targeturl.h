/*
 * targeturl.h - the URLs of upload targets, as the feed's Upload field,
 * --to and every transport read them: checked where they are read
 * (fields, options) and shown without their secrets.
 */
#ifndef CRIER_TARGETURL_H
#define CRIER_TARGETURL_H

#include <stdbool.h>

/* Whether URL starts with SCHEME (any case) and "://". */
bool crier_url_has_scheme(const char *url, const char *scheme);

/* Problems crier_upload_url_check() finds in a target URL. */
enum crier_url_check {
	CRIER_URL_OK,
	CRIER_URL_BAD,         /* not a file, http(s), ftp(s), sftp or s3 URL */
	CRIER_URL_PASSWORD     /* user:password@ in the URL */
};

/*
 * Whether URL can name an upload target: one of the schemes of
 * crier-records(5), a host (file: a local absolute path, with an empty
 * host or "localhost"), no password, and nothing that must be escaped in
 * a URL.  The password is checked first, so that a URL holding one is
 * never echoed in a message.
 */
enum crier_url_check crier_upload_url_check(const char *url);

/*
 * URL with any user name and password, query and fragment removed, for
 * messages and the publish state.  A new string (free() it).
 */
char *crier_url_shown(const char *url);

/*
 * BASE (ending in '/') followed by REL_PATH with every byte that is not
 * unreserved (RFC 3986) or '/' percent-encoded.  A new string.
 */
char *crier_url_join(const char *base, const char *rel_path);

#endif /* CRIER_TARGETURL_H */
