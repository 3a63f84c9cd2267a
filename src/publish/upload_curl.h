/*
 * upload_curl.h - what every libcurl transfer of crier shares: timeouts,
 * netrc, TLS verification that cannot be turned off, no redirects, traces
 * with the secrets redacted, libcurl's error text, and which failures are
 * worth a retry.  Used by the http(s) transport, the WebSub ping, and
 * whichever other transport runs over libcurl.
 */
#ifndef CRIER_UPLOAD_CURL_H
#define CRIER_UPLOAD_CURL_H


#include "curl_dl.h"
#include "transport.h"

struct crier_curl {
	CURL *handle;
	char error[CURL_ERROR_SIZE];   /* CURLOPT_ERRORBUFFER */
	struct crier_upload_options opts;
};

/*
 * A new handle, once crier_transport_init() succeeded; OPTS is copied,
 * but the strings it points to are borrowed and must outlive the handle.
 * Free with crier_curl_free().
 */
struct crier_curl *crier_curl_new(const struct crier_upload_options *opts);
void crier_curl_free(struct crier_curl *c);

/*
 * Clears the options of the previous request (live connections stay) and
 * sets the shared ones again, limited to the URL schemes PROTOCOLS
 * ("http,https").  Call before each request.
 */
void crier_curl_reset(struct crier_curl *c, const char *protocols);

/* Runs the request; the error buffer is cleared first. */
CURLcode crier_curl_perform(struct crier_curl *c);

/* Why a request failed: libcurl's error buffer, else its generic text. */
const char *crier_curl_reason(const struct crier_curl *c, CURLcode rc);

/* Whether a failed request is worth retrying. */
enum crier_put_result crier_curl_result(CURLcode rc);

/*
 * A header line for a trace: LINE with the value of Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie and X-Amz-Security-Token (and
 * an FTP PASS command's argument) replaced by "[redacted]", and bytes
 * that are not printable ASCII shown as '?'.  Writes at most SIZE bytes,
 * NUL included, into OUT.
 */
void crier_redact_line(const char *line, size_t len, char *out, size_t size);

#endif /* CRIER_UPLOAD_CURL_H */
