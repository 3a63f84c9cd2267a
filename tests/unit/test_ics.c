/*
 * test_ics.c - the calendar writer's folding and escaping, and its
 * read-back check: what it accepts and each thing it must refuse.
 */
#include "test_check.h"

#include "ics.h"

/* 2020-02-01T10:00:00+01:00 */
#define FEB_1_1000 1580547600

static struct crier_entry entries[2];
static const struct crier_entry *published[2];
static struct crier_feed feed;

/* A feed of two talks with Summaries, so no body is read from a file. */
static int
setup_feed(void **state)
{
	struct crier_time t = {FEB_1_1000, 3600};
	size_t i;

	(void)state;
	memset(&feed, 0, sizeof(feed));
	memset(entries, 0, sizeof(entries));
	feed.title = "Test; feed, with \\ marks";
	feed.base = "https://example.org/feeds/";
	feed.link = "https://example.org/";
	for (i = 0; i < 2; i++) {
		entries[i].kind = CRIER_TALK;
		entries[i].has_event_time = true;
		entries[i].published = entries[i].updated = t;
		entries[i].starts = t;
		entries[i].starts.epoch_s += 3600 * (int64_t)i;
		entries[i].ends = entries[i].starts;
		entries[i].ends.epoch_s += 1800;
		entries[i].summary = "Line one\nline two; with, marks \\";
		published[i] = &entries[i];
	}
	entries[0].file = "a.md";
	entries[1].file = "b.md";
	entries[0].id = "a";
	entries[0].uri = "tag:example.org,2020:test/a";
	entries[0].title = "Fish, chips; and \\ backslash";
	entries[1].id = "b";
	entries[1].uri = "tag:example.org,2020:test/b";
	/* 2 + 2x60 + 4x30 octets: folded lines must not split them. */
	entries[1].title = "é"
	    "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"
	    "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀";
	feed.published = published;
	feed.published_count = 2;
	return 0;
}

/* The calendar of the test feed, NUL-terminated; free() it. */
static char *
calendar(void)
{
	struct crier_diags *diags = crier_diags_new();
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);

	assert_non_null(out);
	assert_int_equal(crier_write_ics(&feed, NULL, out, diags), CRIER_OK);
	fclose(out);
	assert_int_equal(crier_diags_count(diags), 0);
	crier_diags_free(diags);
	return data;
}

/* Unfolds TEXT (CRLF + space removed) in place. */
static void
unfold(char *text)
{
	char *in = text, *out = text;

	while (*in != '\0') {
		if (in[0] == '\r' && in[1] == '\n' && in[2] == ' ')
			in += 3;
		else
			*out++ = *in++;
	}
	*out = '\0';
}

/* Lines are folded at 75 octets, never inside a UTF-8 character. */
static void
test_folding(void **state)
{
	char *ics = calendar(), *line, *next;

	(void)state;
	for (line = ics; *line != '\0'; line = next + 2) {
		next = strstr(line, "\r\n");
		assert_non_null(next);
		assert_true(next - line <= 75);
		/* A line never starts with a UTF-8 continuation byte. */
		assert_true(line == ics || (line[line[0] == ' '] & 0xC0) != 0x80);
	}
	unfold(ics);
	assert_non_null(strstr(ics, entries[1].title));
	free(ics);
}

/* TEXT values escape backslash, semicolon, comma and newline. */
static void
test_escaping(void **state)
{
	char *ics = calendar();

	(void)state;
	unfold(ics);
	assert_non_null(strstr(ics,
	    "\r\nSUMMARY:Fish\\, chips\\; and \\\\ backslash\r\n"));
	assert_non_null(strstr(ics,
	    "\r\nDESCRIPTION:Line one\\nline two\\; with\\, marks \\\\\r\n"));
	assert_non_null(strstr(ics,
	    "\r\nX-WR-CALNAME:Test\\; feed\\, with \\\\ marks\r\n"));
	assert_non_null(strstr(ics, "\r\nUID:tag:example.org\\,2020:test/a\r\n"));
	assert_non_null(strstr(ics, "\r\nDTSTART:20200201T090000Z\r\n"));
	assert_non_null(strstr(ics, "\r\nDTSTAMP:20200201T090000Z\r\n"));
	free(ics);
}

/* The checker passes what the writer writes. */
static void
test_check_passes_own_output(void **state)
{
	char *ics = calendar();

	(void)state;
	assert_null(check_verdict(crier_check_ics_new, &feed, ics));
	free(ics);
}

/* The checker refuses each way a calendar can be broken. */
static void
test_check_refuses(void **state)
{
	static const struct {
		const char *from, *to, *says;
	} cases[] = {
		{"VERSION:2.0\r\n", "VERSION:2.0\n", "LF without CR"},
		{"VERSION:2.0\r\n", "VERSION:2.0\r", "CR without LF"},
		{"METHOD:PUBLISH\r\n", "METHOD:PUBLISH" "0123456789"
		 "0123456789012345678901234567890123456789012345678901234567890"
		 "\r\n", "longer than 75"},
		{"SUMMARY:Fish", "SUMMARY:\xc3\r\n \xa9", "whole UTF-8"},
		{"UID:tag:example.org\\,2020:test/a", "UID:tag:other", "UID is not"},
		{"END:VEVENT\r\n", "", "not directly in the VCALENDAR"},
		{"END:VEVENT\r\n", "END:VTODO\r\n", "does not match"},
		{"DTSTAMP:", "X-DTSTAMP:", "lacks UID, DTSTAMP or DTSTART"},
		{"END:VCALENDAR\r\n", "END:VCALENDAR", "does not end in CRLF"},
		{"PRODID:", "X-PRODID:", "lacks VERSION or PRODID"},
	};
	char *ics = calendar(), *bad, *says;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		bad = replaced(ics, cases[i].from, cases[i].to);
		says = check_verdict(crier_check_ics_new, &feed, bad);
		if (says == NULL || strstr(says, cases[i].says) == NULL)
			fail_msg("case %zu: %s", i, says ? says : "passed");
		free(says);
		free(bad);
	}
	/* The first event made a to-do: one event short. */
	bad = replaced(ics, "BEGIN:VEVENT", "BEGIN:VTODO");
	says = replaced(bad, "END:VEVENT", "END:VTODO");
	free(bad);
	bad = check_verdict(crier_check_ics_new, &feed, says);
	assert_non_null(bad);
	assert_non_null(strstr(bad, "the event's UID is not"));
	free(bad);
	free(says);
	free(ics);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_folding, setup_feed),
		cmocka_unit_test_setup(test_escaping, setup_feed),
		cmocka_unit_test_setup(test_check_passes_own_output, setup_feed),
		cmocka_unit_test_setup(test_check_refuses, setup_feed),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	crier_cleanup();
	return rc;
}
