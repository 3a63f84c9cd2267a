/*
 * test_check.h - for the unit tests of the output checkers (selfcheck.h):
 * feed a text to a checker the way the pipe does, and make broken texts.
 */
#ifndef CRIER_TEST_CHECK_H
#define CRIER_TEST_CHECK_H

#include "test_common.h"

#include "selfcheck.h"

/*
 * What CHECK_NEW's checker says of TEXT as the output of FEED: NULL when
 * it passes, else its one message (free() it).
 */
static inline char *
check_verdict(crier_check_new_fn *check_new, const struct crier_feed *feed,
              const char *text)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_check *check = check_new(feed, "test.out");
	size_t i, len = strlen(text);
	char *message = NULL;

	/* In small pieces, as the pipe hands them over. */
	for (i = 0; i < len; i += 7)
		check->push(check, text + i, len - i < 7 ? len - i : 7);
	if (check->finish(check, diags) != 0) {
		assert_int_equal(crier_diags_count(diags), 1);
		message = strdup(crier_diags_get(diags, 0)->message);
	}
	crier_diags_free(diags);
	return message;
}

/* TEXT with the first FROM replaced by TO; free() it. */
static inline char *
replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	assert_non_null(at);
	out = malloc(strlen(text) + strlen(to) + 1);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

#endif /* CRIER_TEST_CHECK_H */
