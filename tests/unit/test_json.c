/*
 * test_json.c - JSON Feed: string escaping, and the self-check that reads
 * the feed back (json.h), fed whole and in pieces split at every byte.
 */
#include "test_common.h"

#include "json.h"

#define ID1 "tag:example.org,2020:t/one"
#define ID2 "tag:example.org,2020:t/two"

/* A model with two published entries: all the checker looks at. */
struct fixture {
	struct crier_feed feed;
	struct crier_entry entries[2];
	const struct crier_entry *published[2];
};

static struct fixture fx;

static const struct crier_feed *
two_entries(void)
{
	memset(&fx, 0, sizeof(fx));
	fx.entries[0].uri = ID1;
	fx.entries[0].file = "one.md";
	fx.entries[1].uri = ID2;
	fx.entries[1].file = "two.md";
	fx.published[0] = &fx.entries[0];
	fx.published[1] = &fx.entries[1];
	fx.feed.published = fx.published;
	fx.feed.published_count = 2;
	return &fx.feed;
}

/* Runs the checker over TEXT in pieces of STEP bytes (0: whole). */
static int
check_text(const char *text, size_t step)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_check *c = crier_check_json_new(two_entries(), "f.json");
	size_t len = strlen(text), at = 0, n;
	int rc;

	while (at < len) {
		n = step == 0 || step > len - at ? len - at : step;
		c->push(c, text + at, n);
		at += n;
	}
	rc = c->finish(c, diags);
	assert_int_equal(crier_diags_error_count(diags), rc == 0 ? 0 : 1);
	crier_diags_free(diags);
	return rc;
}

/* Checks TEXT whole and split after every byte, which must all agree. */
static int
check_split(const char *text)
{
	struct crier_diags *diags;
	struct crier_check *c;
	size_t i, len = strlen(text);
	int rc = check_text(text, 0);

	assert_int_equal(check_text(text, 1), rc);
	for (i = 1; i < len; i++) {
		diags = crier_diags_new();
		c = crier_check_json_new(two_entries(), "f.json");
		c->push(c, text, i);
		c->push(c, text + i, len - i);
		assert_int_equal(c->finish(c, diags), rc);
		crier_diags_free(diags);
	}
	return rc;
}

static char *
escaped(const char *s)
{
	struct crier_buf b = {0};

	crier_json_add_string(&b, s);
	return crier_buf_take(&b);
}

#define VALID_HEAD \
	"{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n" \
	"  \"title\": \"T \\u00e9 \\ud83d\\ude00 \xc3\xa9\",\n" \
	"  \"n\": [0, -1.5e+3, 2E7, true, false, null, {}, []],\n"
#define ITEM(id) "{\"id\": \"" id "\", \"content_html\": \"<p>x</p>\"}"

/* Quotes, backslashes and control characters are escaped; the rest is kept. */
static void
escapes_what_json_needs(void **state)
{
	char *s;

	(void)state;
	s = escaped("a\"b\\c/d");
	assert_string_equal(s, "\"a\\\"b\\\\c/d\"");
	free(s);
	s = escaped("\b\f\n\r\t\x01\x1f\x7f");
	assert_string_equal(s, "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
	free(s);
	s = escaped("Zo\xc3\xab \xe2\x80\x93 \xf0\x9f\x98\x80");
	assert_string_equal(s, "\"Zo\xc3\xab \xe2\x80\x93 \xf0\x9f\x98\x80\"");
	free(s);
	s = escaped("");
	assert_string_equal(s, "\"\"");
	free(s);
}

/* U+2028 and U+2029 are escaped so the feed is a JavaScript literal too. */
static void
escapes_line_separators(void **state)
{
	char *s;

	(void)state;
	s = escaped("a\xe2\x80\xa8z\xe2\x80\xa9\xe2\x80\xaa\xe2");
	assert_string_equal(s, "\"a\\u2028z\\u2029\xe2\x80\xaa\xe2\"");
	free(s);
}

/* A feed with the model's items in order passes, however it is split. */
static void
accepts_the_feed(void **state)
{
	(void)state;
	assert_int_equal(check_split(VALID_HEAD "  \"items\": [" ITEM(ID1)
	    ", " ITEM(ID2) "]\n}\n"), 0);
	/* An id written with escapes is the same id. */
	assert_int_equal(check_split(VALID_HEAD "  \"items\": [" ITEM(ID1)
	    ", " ITEM("\\u0074ag:example.org,2020:t\\/two") "]}"), 0);
}

/* Items missing, extra, out of order or without id are caught. */
static void
rejects_wrong_items(void **state)
{
	(void)state;
	assert_int_equal(check_split(VALID_HEAD "\"items\": [" ITEM(ID1)
	    "]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": [" ITEM(ID2)
	    ", " ITEM(ID1) "]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": [" ITEM(ID1)
	    ", " ITEM(ID2) ", " ITEM(ID2) "]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": [" ITEM(ID1)
	    ", {\"content_html\": \"\"}]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": [" ITEM(ID1)
	    ", {\"id\": \"" ID2 "\"}]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": {}}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": [1, 2]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"items\": [" ITEM(ID1)
	    ", {\"id\": 2, \"content_html\": \"\"}]}"), -1);
}

/* The version, title and items are required; a member may not repeat. */
static void
rejects_wrong_feed(void **state)
{
	(void)state;
	assert_int_equal(check_split("{\"version\": "
	    "\"https://jsonfeed.org/version/1\", \"title\": \"t\", "
	    "\"items\": [" ITEM(ID1) "," ITEM(ID2) "]}"), -1);
	assert_int_equal(check_split("{\"version\": "
	    "\"https://jsonfeed.org/version/1.1\", "
	    "\"items\": [" ITEM(ID1) "," ITEM(ID2) "]}"), -1);
	assert_int_equal(check_split(VALID_HEAD "\"title\": \"again\", "
	    "\"items\": [" ITEM(ID1) "," ITEM(ID2) "]}"), -1);
	assert_int_equal(check_split("[" ITEM(ID1) "," ITEM(ID2) "]"), -1);
	assert_int_equal(check_split(""), -1);
}

/* A feed with VALUE as the value of an extra member, checked. */
static int
check_value(const char *value)
{
	char text[1024];

	snprintf(text, sizeof(text), VALID_HEAD "  \"x\": %s,\n  \"items\": ["
	         ITEM(ID1) ", " ITEM(ID2) "]\n}\n", value);
	return check_split(text);
}

/* Values that are JSON, however unusual, pass. */
static void
accepts_any_json_value(void **state)
{
	static const char *const good[] = {
		"-0.5E-2", "0", "10", "1e5", "[[]]", "{\"\": {}}",
		"\"\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
		"\"\xf4\x8f\xbf\xbf \xed\x9f\xbf \xe0\xa0\x80\"",
		" \t\r\n true ",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (check_value(good[i]) != 0)
			fail_msg("refused: %s", good[i]);
}

/* What RFC 8259 forbids, and what readers disagree on, is refused. */
static void
rejects_bad_json(void **state)
{
	static const char *const bad[] = {
		"[1,]", "{\"a\": 1,}", "{\"a\" 1}", "{a: 1}", "[1 2]",
		"01", "1.", "-", "1e", ".5", "+1",         /* numbers */
		"tru", "nulls", "True",                    /* literals */
		"\"\x01\"",                  /* raw control character */
		"\"\\x\"", "\"\\u12g4\"",    /* escapes */
		"\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\udc00\"",
		"\"\\ud800x\"",              /* lone surrogates */
		"\"\xc0\x80\"", "\"\xe0\x80\x80\"",        /* overlong */
		"\"\xed\xa0\x80\"",          /* an encoded surrogate */
		"\"\xf4\x90\x80\x80\"",      /* past U+10FFFF */
		"\"\xc3\"", "\"\x80\"", "\"\xff\"",        /* broken */
		"\xc3\xa9",                  /* outside a string */
		"\"a\" \"b\"",
		/* The same after plain text, which is skipped quickly. */
		"\"<p>plain text</p>\x01\"", "\"<p>plain\\x</p>\"",
		"\"<p>plain\xc3</p>\"", "\"<p>plain</p>\" \"b\"",
	};
	char text[1024], deep[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (check_value(bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
	/* At most 64 levels, the feed's own object included. */
	memset(deep, '[', 63);
	memset(deep + 63, ']', 63);
	deep[126] = '\0';
	assert_int_equal(check_value(deep), 0);
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	deep[128] = '\0';
	assert_int_equal(check_value(deep), -1);
	/* A byte order mark, text after the end, an end too early. */
	snprintf(text, sizeof(text), "\xef\xbb\xbf" VALID_HEAD
	         "\"items\": [" ITEM(ID1) ", " ITEM(ID2) "]}");
	assert_int_equal(check_split(text), -1);
	snprintf(text, sizeof(text), VALID_HEAD
	         "\"items\": [" ITEM(ID1) ", " ITEM(ID2) "]} {}");
	assert_int_equal(check_split(text), -1);
	snprintf(text, sizeof(text), VALID_HEAD
	         "\"items\": [" ITEM(ID1) ", " ITEM(ID2) "]");
	assert_int_equal(check_split(text), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_what_json_needs),
		cmocka_unit_test(escapes_line_separators),
		cmocka_unit_test(accepts_the_feed),
		cmocka_unit_test(rejects_wrong_items),
		cmocka_unit_test(rejects_wrong_feed),
		cmocka_unit_test(accepts_any_json_value),
		cmocka_unit_test(rejects_bad_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
