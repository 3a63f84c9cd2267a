/*
 * test_common.h - what every cmocka unit test includes.
 *
 * Test data is found through the srcdir environment variable (the tests/
 * directory), never the current directory, so a test can run from
 * anywhere: `srcdir=tests build/test_model`.
 */
#ifndef CRIER_TEST_COMMON_H
#define CRIER_TEST_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Path of NAME under $srcdir, in a static buffer. */
static inline const char *
test_data_path(const char *name)
{
	static char path[4096];
	const char *srcdir = getenv("srcdir");

	snprintf(path, sizeof(path), "%s/%s", srcdir ? srcdir : "tests", name);
	return path;
}

#endif /* CRIER_TEST_COMMON_H */
