/*
 * transport.h - putting finished files on a web host, one module per URL
 * scheme, looked up in a table by scheme (as curl does with protocols).
 *
 * A transport knows only local files and a target URL: it never sees the
 * feed model.  Every put must leave the server serving either the old
 * complete file or the new complete file, never part of one: upload under
 * a temporary name, then rename (or the protocol's equivalent).
 */
#ifndef CRIER_TRANSPORT_H
#define CRIER_TRANSPORT_H

#include <stdbool.h>

#include "crier.h"
#include "targeturl.h"

/* What a failed put means for the caller. */
enum crier_put_result {
	CRIER_PUT_OK = 0,
	CRIER_PUT_TRANSIENT,   /* worth retrying: refused, reset, timeout, 5xx, 429 */
	CRIER_PUT_PERMANENT    /* retrying will not help: auth, host key, 404 */
};

struct crier_upload_options {
	long connect_timeout_ms;
	long timeout_ms;           /* for one whole transfer */
	const char *netrc_file;    /* NULL: ~/.netrc */
	const char *ssh_dir;       /* NULL: ~/.ssh (keys, known_hosts) */
	int is_verbose;            /* protocol traces, with secrets redacted */
	/*
	 * Where the traces go, one line per call without its newline, when
	 * is_verbose is set; NULL: nowhere.  Transports redact secrets
	 * (Authorization, Cookie, PASS, tokens) before they call it.
	 */
	void (*trace)(void *trace_ctx, const char *line);
	void *trace_ctx;
};

/* What a transport says about the copy the server has now. */
enum crier_probe_result {
	CRIER_PROBE_SAME,      /* the server still has the file put last */
	CRIER_PROBE_CHANGED,   /* it has another file, or none: put it again */
	CRIER_PROBE_UNKNOWN    /* could not tell (no answer, no validator) */
};

struct crier_session;

struct crier_transport {
	const char *scheme;        /* "file", "https", ... */
	/*
	 * Prepares uploads below BASE_URL (a directory URL ending in '/',
	 * without credentials).  Returns 0, or -1 with an error in DIAGS.
	 */
	int (*open)(const char *base_url, const struct crier_upload_options *,
	            struct crier_diags *, struct crier_session **out);
	/*
	 * Puts the local file LOCAL_PATH at REL_PATH below the base URL,
	 * atomically, with CONTENT_TYPE where the protocol carries one.  On
	 * failure adds one error naming the target (never a secret) and says
	 * whether a retry could help.
	 */
	enum crier_put_result (*put)(struct crier_session *, const char *rel_path,
	                             const char *local_path,
	                             const char *content_type,
	                             struct crier_diags *);
	/* Ends the session; accepts NULL. */
	void (*close)(struct crier_session *);

	/*
	 * Optional (NULL where the protocol has no validators): a conditional
	 * request for REL_PATH.  With KNOWN_ETAG (the validator recorded when
	 * the file was last put) it asks whether the server still has that
	 * file; with NULL it just reads the current validator.  Sets
	 * *etag_out to the server's validator (free() it) or NULL.  Adds no
	 * diagnostics: an unanswered probe is CRIER_PROBE_UNKNOWN.
	 */
	enum crier_probe_result (*probe)(struct crier_session *,
	                                 const char *rel_path,
	                                 const char *known_etag,
	                                 char **etag_out);
	/*
	 * Optional: after a put failed with CRIER_PUT_TRANSIENT, how long the
	 * server asked to be left alone (HTTP Retry-After) in milliseconds, or
	 * 0 when it did not say.
	 */
	long (*retry_after_ms)(struct crier_session *);
};

/* The Content-Type of a file, from its name: feed.atom, index.html... */
const char *crier_content_type(const char *name);

/*
 * Adds a trace line (printf-style) when OPTS asks for traces; a no-op
 * otherwise.
 */
void crier_trace(const struct crier_upload_options *opts, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Loads LIB (lazy.h) for an upload to FILE (a target as shown).  Returns
 * 0, or -1 with an error about FILE in DIAGS when the library cannot be
 * loaded: an installation problem, reported like a refused upload.
 */
struct crier_lazy_lib;
int crier_transport_load(struct crier_lazy_lib *lib, const char *file,
                         struct crier_diags *diags);

/*
 * Loads libcurl and initialises it once for the process, on the first
 * call, which must come before any crier_curl_new(); returns 0, or -1 as
 * crier_transport_load().  Call crier_transport_cleanup() once at exit
 * (crier_cleanup() does).
 */
int crier_transport_init(const char *file, struct crier_diags *diags);
/* The same, with the reason in WHY (SIZE bytes) in place of a diagnostic. */
int crier_curl_start(char *why, size_t size);
void crier_transport_cleanup(void);

#endif /* CRIER_TRANSPORT_H */
