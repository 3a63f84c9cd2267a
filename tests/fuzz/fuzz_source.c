/*
 * fuzz_source.c - libFuzzer target for a whole record file, header and
 * body, the whole way: the record reader, the fields, cmark, and every
 * writer with its self-check, in a feed source of its own (HTML allowed
 * when the last byte is odd).  What a person can type in a header must
 * never reach a feed the self-check refuses: that was once the case for
 * U+FFFD in a title.
 */
#include "fuzz_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	build_record("", data, size, size > 0 && (data[size - 1] & 1));
	return 0;
}
