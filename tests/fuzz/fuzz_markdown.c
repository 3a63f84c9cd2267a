/*
 * fuzz_markdown.c - libFuzzer target for a record's Markdown body, the
 * whole way: the raw-HTML sanitiser when the feed allows HTML (the first
 * byte decides), cmark, and every writer with its self-check.  crier
 * refusing the body is fine; a self-check failing (exit 4, "internal
 * error") or a crash is a finding.
 */
#include "fuzz_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	build_record("Title: Body\nId: body\nPublished: 2017-01-27 10:00\n\n",
	             data, size, size > 0 && (data[0] & 1));
	return 0;
}
