/*
 * transport.c - what every transport shares: content types, traces and
 * libcurl's loading; publish.c holds the table of transports, and
 * targeturl.c what a target URL may be.
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

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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
