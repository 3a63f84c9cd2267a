/*
 * test_diag.c - the diagnostics list: each finding's code, and the line
 * crier_diag_format() makes of it.
 */
#include "test_common.h"

#include <ctype.h>

#include "diag.h"

extern const char *const crier_msg_codes[MSG__COUNT];

/* Every message kind has a code: lower case words joined by '-'. */
static void
test_every_kind_has_a_code(void **state)
{
	const char *p;
	size_t i;

	(void)state;
	for (i = 0; i < MSG__COUNT; i++) {
		assert_non_null(crier_msg_codes[i]);
		assert_true(islower((unsigned char)crier_msg_codes[i][0]));
		for (p = crier_msg_codes[i]; *p != '\0'; p++)
			assert_true(islower((unsigned char)*p) ||
			            isdigit((unsigned char)*p) || *p == '-');
	}
	assert_string_equal(crier_msg_codes[MSG_BAD_UTF8], "bad-utf8");
}

/* A finding carries its kind's code, and keeps it when appended. */
static void
test_finding_has_code(void **state)
{
	struct crier_diags *a = crier_diags_new(), *b = crier_diags_new();

	(void)state;
	crier_diag(a, "a.md", 2, 1, MSG_UNKNOWN_FIELD, "Bogus");
	crier_diags_append(b, a);
	assert_string_equal(crier_diags_get(a, 0)->code, "unknown-field");
	assert_string_equal(crier_diags_get(b, 0)->code, "unknown-field");
	crier_diags_free(a);
	crier_diags_free(b);
}

/* FILE:LINE:COLUMN, less what is 0, then the severity and message. */
static void
test_format(void **state)
{
	struct crier_diags *d = crier_diags_new();
	char line[128];
	size_t len;

	(void)state;
	crier_diag(d, "a.md", 2, 5, MSG_UNKNOWN_FIELD, "Bogus");
	crier_diag(d, "b.md", 3, 0, MSG_STRAY_CR);
	crier_diag(d, "feed.conf", 0, 0, MSG_NO_RECORDS);
	len = crier_diag_format(crier_diags_get(d, 0), line, sizeof(line));
	assert_int_equal(len, strlen(line));
	assert_string_equal(line, "a.md:2:5: error: unknown field 'Bogus'");
	crier_diag_format(crier_diags_get(d, 1), line, sizeof(line));
	assert_string_equal(line, "b.md:3: error: carriage return not "
	                    "followed by a line feed");
	crier_diag_format(crier_diags_get(d, 2), line, sizeof(line));
	assert_memory_equal(line, "feed.conf: ", 11);
	crier_diags_free(d);
}

/* A short buffer gets the start of the line; the length says it all. */
static void
test_format_cut(void **state)
{
	struct crier_diags *d = crier_diags_new();
	char line[8];

	(void)state;
	crier_diag(d, "a.md", 2, 5, MSG_UNKNOWN_FIELD, "Bogus");
	assert_int_equal(crier_diag_format(crier_diags_get(d, 0), line,
	                                   sizeof(line)),
	                 strlen("a.md:2:5: error: unknown field 'Bogus'"));
	assert_string_equal(line, "a.md:2:");
	assert_int_equal(crier_diag_format(crier_diags_get(d, 0), NULL, 0),
	                 strlen("a.md:2:5: error: unknown field 'Bogus'"));
	crier_diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_has_a_code),
		cmocka_unit_test(test_finding_has_code),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
