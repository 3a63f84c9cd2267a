/*
 * upload_util.h - what the ftp, sftp and s3 transports share: URLs taken
 * apart without their secrets, temporary names, and error reports.
 */
#ifndef CRIER_UPLOAD_UTIL_H
#define CRIER_UPLOAD_UTIL_H

#include "crier.h"
#include "transport.h"

/* A target URL taken apart.  Every string is owned by the struct. */
struct crier_upload_url {
	char *host;    /* as in the URL; IPv6 without brackets */
	char *user;    /* URL-decoded, or NULL */
	char *path;    /* URL-decoded, starts with '/', "/" at least */
	char *shown;   /* the URL for messages: crier_url_shown() */
	int port;      /* 0 when the URL has none */
};

/*
 * Takes URL apart.  A password in it is refused (it belongs in netrc or
 * the environment, never in a file that is shown or committed).  Returns
 * 0, or -1 with an error in DIAGS.  Free with crier_upload_url_free().
 */
int crier_upload_parse_url(const char *url, struct crier_upload_url *u,
                           struct crier_diags *diags);
void crier_upload_url_free(struct crier_upload_url *u);

/* A new string: A then B (A ends in '/' or is empty). */
char *crier_upload_join(const char *a, const char *b);

/*
 * The temporary name a file is uploaded under before it is renamed to
 * PATH: ".NAME.crier-tmp" beside it.  The name is the same in every run,
 * so a leftover of a failed run is overwritten by the next, never piles
 * up, and never blocks it.  A new string.
 */
char *crier_upload_temp_name(const char *path);

/* OPTION if not NULL, else $HOME/.ssh.  A new string. */
char *crier_upload_ssh_dir(const char *option);

/*
 * Adds the error "TARGET: REASON" for the local file WHAT.  TARGET must
 * not hold a secret; REASON is a printf format.
 */
void crier_upload_fail(struct crier_diags *diags, const char *what,
                       const char *target, const char *reason, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Reads one header line of an HTTP response (DATA, LEN bytes, with or
 * without its line end), as libcurl's header callback hands it over.  A
 * status line empties PHRASE and *ETAG, then keeps its reason phrase in
 * PHRASE (SIZE bytes, printable ASCII; PHRASE may be NULL).  An ETag line
 * replaces *ETAG (owned, free() it) with its value, or NULL when the
 * value is empty or has blanks or other than printable ASCII: a validator
 * goes into the state file, one tab-separated line per file.
 */
void crier_http_header_line(const char *data, size_t len, char *phrase,
                            size_t size, char **etag);

/*
 * What the answer to a conditional HEAD says, for the transports that
 * speak HTTP (http, https, s3): STATUS is the response's code, 0 when
 * there was none; KNOWN_ETAG the validator asked about (If-None-Match),
 * or NULL; *SERVER_ETAG the ETag the response carried, or NULL, which
 * this takes (sets it to NULL).  Sets *ETAG_OUT (free() it) to the
 * validator to record, or NULL.
 *
 * 304: the server still has the file put last.  2xx: it has the file put
 * last only if its ETag is the one known.  404 and 410 (RFC 9110,
 * sections 15.5.5 and 15.5.11): it has no file, so it must be sent
 * again.  Anything else, such as 403 or 503, says nothing either way.
 */
enum crier_probe_result crier_probe_answer(long status,
                                           const char *known_etag,
                                           char **server_etag,
                                           char **etag_out);

#endif /* CRIER_UPLOAD_UTIL_H */
