/*
 * upload_curl.c - the libcurl settings every transfer of crier shares.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "upload_curl.h"

/*
 * A transfer that moves fewer than LOW_SPEED_BYTES a second for
 * LOW_SPEED_S seconds is stalled: a server that stopped answering
 * without closing the connection.
 */
#define LOW_SPEED_BYTES 512L
#define LOW_SPEED_S 30L

struct crier_curl *
crier_curl_new(const struct crier_upload_options *opts)
{
	struct crier_curl *c = crier_xcalloc(1, sizeof(*c));

	c->handle = curl_easy_init();
	/* Past crier_transport_init(), only memory can be missing. */
	if (c->handle == NULL)
		crier_out_of_memory("curl_easy_init");
	c->opts = *opts;
	return c;
}

void
crier_curl_free(struct crier_curl *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->handle);
	free(c);
}

/* Headers whose values are secrets, and must never reach a trace. */
static const char *const secret_headers[] = {
	"authorization:", "proxy-authorization:", "cookie:", "set-cookie:",
	"x-amz-security-token:", "PASS "
};

void
crier_redact_line(const char *line, size_t len, char *out, size_t size)
{
	size_t i, n, keep = len;

	for (i = 0; i < sizeof(secret_headers) / sizeof(secret_headers[0]);
	    i++) {
		n = strlen(secret_headers[i]);
		if (len >= n && strncasecmp(line, secret_headers[i], n) == 0) {
			keep = n;
			break;
		}
	}
	for (n = 0; n < keep && n + 1 < size; n++)
		out[n] = line[n] >= ' ' && line[n] < 0x7F ? line[n] : '?';
	if (keep < len)
		n += (size_t)snprintf(out + n, size - n, "%s[redacted]",
		                      line[keep - 1] == ':' ? " " : "");
	out[n < size ? n : size - 1] = '\0';
}

/*
 * libcurl's verbose output, line by line, through the caller's trace
 * function.  Bodies are never traced; headers are, with secrets redacted.
 */
static int
debug_cb(CURL *handle, curl_infotype type, char *data, size_t size,
         void *userp)
{
	struct crier_curl *c = userp;
	const char *prefix, *end, *p = data;
	char line[512];
	size_t len;

	(void)handle;
	switch (type) {
	case CURLINFO_TEXT:
		prefix = "* ";
		break;
	case CURLINFO_HEADER_OUT:
		prefix = "> ";
		break;
	case CURLINFO_HEADER_IN:
		prefix = "< ";
		break;
	default:
		return 0;
	}
	while (p < data + size) {
		end = memchr(p, '\n', (size_t)(data + size - p));
		len = end != NULL ? (size_t)(end - p) : (size_t)(data + size - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > 0) {
			memcpy(line, prefix, 2);
			crier_redact_line(p, len, line + 2, sizeof(line) - 2);
			c->opts.trace(c->opts.trace_ctx, line);
		}
		p = end != NULL ? end + 1 : data + size;
	}
	return 0;
}

void
crier_curl_reset(struct crier_curl *c, const char *protocols)
{
	CURL *h = c->handle;
	const char *ca = getenv("CURL_CA_BUNDLE");

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->error);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "crier/" CRIER_VERSION);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	if (c->opts.connect_timeout_ms > 0)
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
		                 c->opts.connect_timeout_ms);
	if (c->opts.timeout_ms > 0)
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_S);
	/* Credentials come from netrc only, never from the command line. */
	curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (c->opts.netrc_file != NULL)
		curl_easy_setopt(h, CURLOPT_NETRC_FILE, c->opts.netrc_file);
	/*
	 * Verification stays on; another set of trusted authorities can be
	 * named (for a private CA), but nothing turns the check off.
	 */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca != NULL && ca[0] != '\0')
		curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	if (c->opts.is_verbose && c->opts.trace != NULL) {
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
		curl_easy_setopt(h, CURLOPT_DEBUGDATA, c);
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	}
}

CURLcode
crier_curl_perform(struct crier_curl *c)
{
	c->error[0] = '\0';
	return curl_easy_perform(c->handle);
}

const char *
crier_curl_reason(const struct crier_curl *c, CURLcode rc)
{
	return c->error[0] != '\0' ? c->error : curl_easy_strerror(rc);
}

enum crier_put_result
crier_curl_result(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return CRIER_PUT_OK;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_QUIC_CONNECT_ERROR:
	case CURLE_AGAIN:
	case CURLE_FTP_ACCEPT_TIMEOUT:
	case CURLE_FTP_CANT_GET_HOST:
	case CURLE_FTP_WEIRD_PASV_REPLY:
	case CURLE_FTP_WEIRD_227_FORMAT:
		return CRIER_PUT_TRANSIENT;
	default:
		/* Trust (certificates, host keys), logins, bad URLs. */
		return CRIER_PUT_PERMANENT;
	}
}
