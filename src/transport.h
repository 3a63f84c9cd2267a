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

#include "crier.h"

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
};

/* The transport for URL's scheme, or NULL. */
const struct crier_transport *crier_transport_for(const char *url);

#endif /* CRIER_TRANSPORT_H */
