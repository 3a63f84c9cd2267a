/*
 * fuzz_header.c - libFuzzer target for the HTTP header callback of the
 * http and s3 transports: a server's reply lines, split as libcurl hands
 * them over.  What it keeps goes into messages and the state file, so
 * the reason phrase must stay printable and an ETag must hold no blank.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "upload_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_kept(const char *phrase, const char *etag)
{
	const char *p;

	for (p = phrase; *p != '\0'; p++)
		if (*p < ' ' || *p >= 0x7F)
			abort();
	for (p = etag; p != NULL && *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7F)
			abort();
	if (etag != NULL && etag[0] == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	char phrase[96] = "", *etag = NULL;

	/* One call per line, each with its line end, as libcurl does. */
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		crier_http_header_line(p, (size_t)(nl - p), phrase,
		                       sizeof(phrase), &etag);
		check_kept(phrase, etag);
		p = nl;
	}
	free(etag);
	return 0;
}
