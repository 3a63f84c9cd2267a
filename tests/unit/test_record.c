/*
 * test_record.c - record syntax: fields, values, body and positions, and
 * the text checks that keep bad bytes out of everything after this stage.
 *
 * Inputs are written in the test as C strings (with explicit lengths, so
 * NUL bytes and invalid UTF-8 are exact).  Each case compares every
 * diagnostic as "LINE:COL: SEVERITY: MESSAGE", the way crier(1) prints it,
 * so a failure shows the whole list.
 */
#include "test_common.h"

#include <fcntl.h>
#include <unistd.h>

#include "record.h"
#include "diag.h"

struct parsed {
	struct crier_arena *arena;
	struct crier_diags *diags;
	struct crier_record rec;
	int rc;
	char text[8192];        /* the diagnostics, one per line */
};

static int
setup(void **state)
{
	struct parsed *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return -1;
	p->arena = crier_arena_new();
	p->diags = crier_diags_new();
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct parsed *p = *state;

	crier_arena_free(p->arena);
	crier_diags_free(p->diags);
	free(p);
	return 0;
}

/* Every diagnostic in DIAGS as "LINE:COL: SEVERITY: MESSAGE\n" lines. */
static const char *
diags_text(const struct crier_diags *diags, const char *path, char *buf,
           size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < crier_diags_count(diags); i++) {
		const struct crier_diag *d = crier_diags_get(diags, i);

		assert_string_equal(d->file, path);
		used += (size_t)snprintf(buf + used, size - used,
		    "%u:%u: %s: %s\n", d->line, d->column,
		    d->severity == CRIER_ERROR ? "error" : "warning",
		    d->message);
		assert_true(used < size);
	}
	return buf;
}

/* Parses LEN bytes of BUF as "t.md" and renders the diagnostics. */
static struct parsed *
parse_n(void **state, const char *buf, size_t len,
        enum crier_record_syntax syntax)
{
	struct parsed *p = *state;

	p->rc = crier_record_parse("t.md", buf, len, syntax, p->arena,
	    p->diags, &p->rec);
	diags_text(p->diags, "t.md", p->text, sizeof(p->text));
	return p;
}

/* The same for a C string; sizeof-1 keeps embedded NULs. */
#define PARSE(state, lit) \
	parse_n((state), (lit), sizeof(lit) - 1, CRIER_SYNTAX_RECORD)
#define PARSE_CONF(state, lit) \
	parse_n((state), (lit), sizeof(lit) - 1, CRIER_SYNTAX_CONF)

/* A clean parse: no diagnostic at all, and success. */
static void
assert_clean(const struct parsed *p)
{
	assert_string_equal(p->text, "");
	assert_int_equal(p->rc, 0);
}

/* A failed parse with exactly the diagnostics EXPECTED. */
static void
assert_errors(const struct parsed *p, const char *expected)
{
	assert_string_equal(p->text, expected);
	assert_int_equal(p->rc, -1);
}

static void
assert_field(const struct crier_field *f, const char *name, const char *value,
             unsigned line, unsigned column, unsigned value_line,
             unsigned value_column)
{
	assert_string_equal(f->name, name);
	assert_string_equal(f->value, value);
	assert_int_equal(f->line, line);
	assert_int_equal(f->column, column);
	assert_int_equal(f->value_line, value_line);
	assert_int_equal(f->value_column, value_column);
}

/* Names keep their spelling, values are trimmed, positions are 1-based. */
static void
test_fields_and_positions(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: Hello world\n"
	    "id:   x-1  \n"
	    "Published:\t2017-01-27 10:00\t\n"
	    "Summary:no space\n");

	assert_clean(p);
	assert_string_equal(p->rec.path, "t.md");
	assert_int_equal(p->rec.field_count, 4);
	assert_field(&p->rec.fields[0], "Title", "Hello world", 1, 1, 1, 8);
	assert_field(&p->rec.fields[1], "id", "x-1", 2, 1, 2, 7);
	assert_field(&p->rec.fields[2], "Published", "2017-01-27 10:00", 3, 1,
	    3, 12);
	assert_field(&p->rec.fields[3], "Summary", "no space", 4, 1, 4, 9);
}

/* A value's column counts code points, so UTF-8 before it counts once. */
static void
test_value_column_after_utf8(void **state)
{
	struct parsed *p = PARSE(state,
	    "Summary: caf\xC3\xA9\n"
	    "  \xE2\x82\xAC 5\n"
	    "Title:\n"
	    "  \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80\n");

	assert_clean(p);
	assert_field(&p->rec.fields[0], "Summary",
	    "caf\xC3\xA9 \xE2\x82\xAC 5", 1, 1, 1, 10);
	/* An empty first line: the value starts on the continuation. */
	assert_field(&p->rec.fields[1], "Title",
	    "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80", 3, 1, 4, 3);
}

/* Repeated fields are all kept, in file order; meaning comes later. */
static void
test_repeated_fields(void **state)
{
	struct parsed *p = PARSE(state,
	    "Category: a\n"
	    "Title: t\n"
	    "Category: b\n"
	    "category: c\n");

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 4);
	assert_field(&p->rec.fields[0], "Category", "a", 1, 1, 1, 11);
	assert_field(&p->rec.fields[2], "Category", "b", 3, 1, 3, 11);
	assert_field(&p->rec.fields[3], "category", "c", 4, 1, 4, 11);
}

/*
 * Indented lines continue the previous value, joined with one space;
 * the field keeps the position of its first line.
 */
static void
test_continuation_lines(void **state)
{
	struct parsed *p = PARSE(state,
	    "Summary: one  \n"
	    "   two\n"
	    "\tthree\t \n"
	    "    \n"
	    "Title: t\n"
	    "\n"
	    "  body, not a continuation\n");

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 2);
	assert_field(&p->rec.fields[0], "Summary", "one two three", 1, 1, 1,
	    10);
	assert_field(&p->rec.fields[1], "Title", "t", 5, 1, 5, 8);
	assert_int_equal(p->rec.body_line, 7);
}

/* '#' at the start of a header line is a comment, even between lines. */
static void
test_comments(void **state)
{
	struct parsed *p = PARSE(state,
	    "# a comment: not a field\n"
	    "Title: t # not a comment\n"
	    "#Id: commented-out\n"
	    "Summary: a\n"
	    "# between\n"
	    "  b\n"
	    "\n"
	    "# A heading in the body\n");

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 2);
	assert_field(&p->rec.fields[0], "Title", "t # not a comment", 2, 1, 2,
	    8);
	assert_field(&p->rec.fields[1], "Summary", "a b", 4, 1, 4, 10);
	assert_int_equal(p->rec.body_line, 8);
	assert_int_equal(p->rec.body_size, strlen("# A heading in the body\n"));
}

/* The first blank line ends the header; the body is the rest, verbatim. */
static void
test_body(void **state)
{
	static const char text[] =
	    "Title: t\n"
	    "Id: x\n"
	    "\n"
	    "First: paragraph\n"
	    "\n"
	    "  indented\n";
	struct parsed *p = PARSE(state, text);

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 2);
	assert_int_equal(p->rec.body_offset, 16);
	assert_int_equal(p->rec.body_size, sizeof(text) - 1 - 16);
	assert_memory_equal(text + p->rec.body_offset, "First: paragraph\n",
	    17);
	assert_int_equal(p->rec.body_line, 4);
}

/* A header without a blank line has an empty body after its last line. */
static void
test_no_body(void **state)
{
	struct parsed *p = PARSE(state, "Title: t\nId: x");

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 2);
	assert_field(&p->rec.fields[1], "Id", "x", 2, 1, 2, 5);
	assert_int_equal(p->rec.body_offset, 14);
	assert_int_equal(p->rec.body_size, 0);
	assert_int_equal(p->rec.body_line, 3);
}

/* CRLF line ends are accepted and never reach a value. */
static void
test_crlf(void **state)
{
	static const char text[] =
	    "Title: t\r\n"
	    "Summary: a\r\n"
	    "  b\r\n"
	    "\r\n"
	    "Body\r\n";
	struct parsed *p = PARSE(state, text);

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 2);
	assert_field(&p->rec.fields[0], "Title", "t", 1, 1, 1, 8);
	assert_field(&p->rec.fields[1], "Summary", "a b", 2, 1, 2, 10);
	assert_int_equal(p->rec.body_offset, 29);
	assert_int_equal(p->rec.body_size, 6);
	assert_int_equal(p->rec.body_line, 5);
}

/* A UTF-8 BOM is skipped and does not shift the columns of line 1. */
static void
test_bom(void **state)
{
	struct parsed *p = PARSE(state,
	    "\xEF\xBB\xBFTitle: t\x01\n"
	    "\n"
	    "Body\n");

	assert_errors(p, "1:9: error: control character U+0001 is not "
	    "allowed\n");
	assert_int_equal(p->rec.field_count, 1);
	assert_field(&p->rec.fields[0], "Title", "t\x01", 1, 1, 1, 8);
	/* Offsets stay byte offsets into the file, BOM included. */
	assert_int_equal(p->rec.body_offset, 14);
	assert_int_equal(p->rec.body_line, 3);
}

/* A BOM alone is not a header. */
static void
test_bom_only(void **state)
{
	struct parsed *p = PARSE(state, "\xEF\xBB\xBF");

	assert_errors(p, "1:1: error: no header: a record starts with "
	    "'Field: value' lines\n");
}

/* Error columns count code points of 1 to 4 bytes, not bytes. */
static void
test_error_columns_in_code_points(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: h\xC3\xA9llo w\xC3\xB6rld\x1B\n"
	    "Summary: \xE2\x82\xAC\xF0\x9F\x98\x80\x7F\n"
	    "T\xC3\xAFtle: x\n");

	assert_errors(p,
	    "1:19: error: control character U+001B is not allowed\n"
	    "2:12: error: control character U+007F is not allowed\n"
	    "3:2: error: field name 'T\xC3\xAFtle' may only contain "
	    "letters, digits and '-'\n");
}

/* Overlong forms are invalid: C0 80 is two bad bytes. */
static void
test_utf8_overlong(void **state)
{
	struct parsed *p = PARSE(state, "Title: a\xC0\x80z\n");

	assert_errors(p,
	    "1:9: error: invalid UTF-8 (byte 0xC0)\n"
	    "1:10: error: invalid UTF-8 (byte 0x80)\n");
}

/* An encoded surrogate (ED A0 80 = U+D800) is invalid. */
static void
test_utf8_surrogate(void **state)
{
	struct parsed *p = PARSE(state, "Title: \xED\xA0\x80\n");

	assert_errors(p,
	    "1:8: error: invalid UTF-8 (byte 0xED)\n"
	    "1:9: error: invalid UTF-8 (byte 0xA0)\n"
	    "1:10: error: invalid UTF-8 (byte 0x80)\n");
}

/* A sequence cut off by the end of the file is invalid. */
static void
test_utf8_truncated_at_eof(void **state)
{
	struct parsed *p = PARSE(state, "Title: t\n\nbody \xE2\x82");

	assert_errors(p,
	    "3:6: error: invalid UTF-8 (byte 0xE2)\n"
	    "3:7: error: invalid UTF-8 (byte 0x82)\n");
}

/* F5 and above never start a sequence (beyond U+10FFFF). */
static void
test_utf8_f5(void **state)
{
	struct parsed *p = PARSE(state, "Title: \xF5 \xF4\x90\x80\x80 \xF4\x8F\xBF\xBD\n");

	assert_int_equal(p->rc, -1);
	/* F4 90 80 80 would be U+110000: also refused, byte by byte. */
	assert_string_equal(p->text,
	    "1:8: error: invalid UTF-8 (byte 0xF5)\n"
	    "1:10: error: invalid UTF-8 (byte 0xF4)\n"
	    "1:11: error: invalid UTF-8 (byte 0x90)\n"
	    "1:12: error: invalid UTF-8 (byte 0x80)\n"
	    "1:13: error: invalid UTF-8 (byte 0x80)\n");
}

/* NUL is refused where it stands, in the header or the body. */
static void
test_nul(void **state)
{
	struct parsed *p = PARSE(state, "Title: a\0b\n\nbo\0dy\n");

	assert_errors(p,
	    "1:9: error: NUL character is not allowed\n"
	    "3:3: error: NUL character is not allowed\n");
}

/* C0 controls other than tab, DEL and the C1 controls are refused. */
static void
test_control_chars(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: \x01\n"
	    "Summary: \x1B[1m\n"
	    "Event: \x7F\n"
	    "Location: \xC2\x85\n"
	    "Room:\tA\tB\n"
	    "\n"
	    "\xC2\x9F\xC2\xA0\n");

	assert_errors(p,
	    "1:8: error: control character U+0001 is not allowed\n"
	    "2:10: error: control character U+001B is not allowed\n"
	    "3:8: error: control character U+007F is not allowed\n"
	    "4:11: error: control character U+0085 is not allowed\n"
	    "7:1: error: control character U+009F is not allowed\n");
	/* Tabs are fine inside a value. */
	assert_string_equal(p->rec.fields[4].value, "A\tB");
}

/* U+FFFE and U+FFFF are not characters XML allows; U+FFFD marks damage. */
static void
test_noncharacters(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: \xEF\xBF\xBE x \xEF\xBF\xBF\n"
	    "Summary: \xEF\xBF\xBD damaged\n");

	assert_errors(p,
	    "1:8: error: noncharacter U+FFFE is not allowed\n"
	    "1:12: error: noncharacter U+FFFF is not allowed\n"
	    "2:10: error: replacement character U+FFFD is not allowed: "
	    "the text was damaged by a wrong encoding\n");
}

/* A carriage return must end a line (CRLF); anywhere else it is refused. */
static void
test_stray_cr(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: a\rb\n"
	    "Id: x\r\r\n"
	    "\n"
	    "end\r");

	assert_errors(p,
	    "1:9: error: carriage return not followed by a line feed\n"
	    "2:6: error: carriage return not followed by a line feed\n"
	    "4:4: error: carriage return not followed by a line feed\n");
}

/*
 * A stray CR is a character: what follows it on the line is one column
 * further on, as the parser counts it too.
 */
static void
test_stray_cr_column(void **state)
{
	struct parsed *p = PARSE(state, "Title: a\rb\x01\n");

	assert_errors(p,
	    "1:9: error: carriage return not followed by a line feed\n"
	    "1:11: error: control character U+0001 is not allowed\n");
}

/* A header line needs a colon; the error points at its start. */
static void
test_no_colon(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: t\n"
	    "just some text\n"
	    "Id: x\n");

	assert_errors(p, "2:1: error: expected 'Field: value', or a blank "
	    "line before the body\n");
	assert_int_equal(p->rec.field_count, 2);
	assert_string_equal(p->rec.fields[1].name, "Id");
}

/* Field names are letters, digits and '-'; the error points at the culprit. */
static void
test_bad_field_name(void **state)
{
	struct parsed *p = PARSE(state,
	    "Start Time: 10:00\n"
	    "Allow-HTML2: no\n"
	    "Title_x: t\n"
	    "Title : t\n");

	assert_errors(p,
	    "1:6: error: field name 'Start Time' may only contain letters, "
	    "digits and '-'\n"
	    "3:6: error: field name 'Title_x' may only contain letters, "
	    "digits and '-'\n"
	    "4:6: error: field name 'Title ' may only contain letters, "
	    "digits and '-'\n");
	/* The good one in between is kept; the bad ones are not. */
	assert_int_equal(p->rec.field_count, 1);
	assert_string_equal(p->rec.fields[0].name, "Allow-HTML2");
}

/* A line starting with ':' has no field name at all: a syntax error. */
static void
test_empty_field_name(void **state)
{
	struct parsed *p = PARSE(state, "Title: t\n: value\n");

	assert_int_equal(p->rc, -1);
	assert_int_equal(p->rec.field_count, 1);
	assert_int_equal(crier_diags_error_count(p->diags), 1);
	assert_int_equal(crier_diags_get(p->diags, 0)->line, 2);
	assert_int_equal(crier_diags_get(p->diags, 0)->column, 1);
}

/* An indented line before any field has nothing to continue. */
static void
test_continuation_first(void **state)
{
	struct parsed *p = PARSE(state,
	    "# comment\n"
	    "  \xC3\xA9t\xC3\xA9\n"
	    "Title: t\n");

	assert_errors(p, "2:3: error: indented continuation line with no "
	    "field before it\n");
	assert_int_equal(p->rec.field_count, 1);
}

/* An empty value is an error, unless a continuation line fills it. */
static void
test_empty_value(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title:\n"
	    "Id:   \n"
	    "Summary:\n"
	    "  filled\n"
	    "Event: \n"
	    "   \n");

	assert_errors(p,
	    "1:7: error: field 'Title' is empty\n"
	    "2:7: error: field 'Id' is empty\n"
	    "5:8: error: field 'Event' is empty\n");
	assert_string_equal(p->rec.fields[2].value, "filled");
}

/* A record without any field, or only comments, has no header. */
static void
test_empty_record(void **state)
{
	struct parsed *p = PARSE(state, "");

	assert_errors(p, "1:1: error: no header: a record starts with "
	    "'Field: value' lines\n");
	assert_int_equal(p->rec.field_count, 0);
	assert_int_equal(p->rec.body_size, 0);
}

/* Comments and a body do not make a header either. */
static void
test_comments_only_record(void **state)
{
	struct parsed *p = PARSE(state, "# only a comment\n\nBody: text\n");

	assert_errors(p, "1:1: error: no header: a record starts with "
	    "'Field: value' lines\n");
	assert_int_equal(p->rec.body_line, 3);
}

/* feed.conf syntax: blank lines are ignored and there is no body. */
static void
test_conf_syntax(void **state)
{
	struct parsed *p = PARSE_CONF(state,
	    "# feed\n"
	    "\n"
	    "Title: t\n"
	    "\n"
	    "\r\n"
	    "Id: tag:example.org,2017:x\n"
	    "  continued\n"
	    "\n");

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 2);
	assert_field(&p->rec.fields[0], "Title", "t", 3, 1, 3, 8);
	assert_field(&p->rec.fields[1], "Id",
	    "tag:example.org,2017:x continued", 6, 1, 6, 5);
	assert_int_equal(p->rec.body_size, 0);
}

/* An empty feed.conf is not a syntax error: missing fields come later. */
static void
test_conf_empty(void **state)
{
	struct parsed *p = PARSE_CONF(state, "\n# nothing\n");

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 0);
}

/* feed.conf gets the same text checks as records. */
static void
test_conf_text_errors(void **state)
{
	struct parsed *p = PARSE_CONF(state, "Title: \x01\n\nId: \xFF\n");

	assert_errors(p,
	    "1:8: error: control character U+0001 is not allowed\n"
	    "3:5: error: invalid UTF-8 (byte 0xFF)\n");
}

/* After 10 encoding errors the rest of the file is not checked. */
static void
test_encoding_error_cap(void **state)
{
	struct parsed *p = PARSE(state,
	    "Title: \x01\x01\x01\x01\x01\n"
	    "Summary: \xFF\xFF\xFF\xFF\xFF\xFF\xFF\n");

	assert_errors(p,
	    "1:8: error: control character U+0001 is not allowed\n"
	    "1:9: error: control character U+0001 is not allowed\n"
	    "1:10: error: control character U+0001 is not allowed\n"
	    "1:11: error: control character U+0001 is not allowed\n"
	    "1:12: error: control character U+0001 is not allowed\n"
	    "2:10: error: invalid UTF-8 (byte 0xFF)\n"
	    "2:11: error: invalid UTF-8 (byte 0xFF)\n"
	    "2:12: error: invalid UTF-8 (byte 0xFF)\n"
	    "2:13: error: invalid UTF-8 (byte 0xFF)\n"
	    "2:14: error: invalid UTF-8 (byte 0xFF)\n"
	    "2:14: error: too many encoding errors; the rest of the file is "
	    "not checked\n");
}

/* Exactly 10 errors are all reported, without the "too many" note. */
static void
test_encoding_error_cap_exact(void **state)
{
	struct parsed *p = *state;
	static const char text[] = "\x01\x01\x01\x01\x01\x01\x01\x01\x01";

	/* crier_text_check counts lines from FIRST_LINE. */
	assert_int_equal(crier_text_check("t.md", text, 9, 5, p->diags), 9);
	assert_int_equal(crier_diags_count(p->diags), 9);
	assert_int_equal(crier_diags_get(p->diags, 8)->line, 5);
	assert_int_equal(crier_diags_get(p->diags, 8)->column, 9);
	assert_int_equal(crier_text_check("t.md", "ok\n\x01", 4, 5, p->diags),
	    1);
	assert_int_equal(crier_diags_get(p->diags, 9)->line, 6);
	assert_int_equal(crier_diags_get(p->diags, 9)->column, 1);
}

/* Clean text, tabs and CRLF included, has no problem at all. */
static void
test_text_check_clean(void **state)
{
	struct parsed *p = *state;
	static const char text[] = "a\tb\r\n\xC3\xA9\xE2\x82\xAC"
	    "\xF0\x9F\x98\x80\xEF\xBF\xBC\xF4\x8F\xBF\xBD\n";

	assert_int_equal(crier_text_check("t.md", text, sizeof(text) - 1, 1,
	    p->diags), 0);
	assert_int_equal(crier_diags_count(p->diags), 0);
}

/* crier_utf8_count counts code points, and only in the first LEN bytes. */
static void
test_utf8_count(void **state)
{
	(void)state;
	assert_int_equal(crier_utf8_count("", 0), 0);
	assert_int_equal(crier_utf8_count("abc", 3), 3);
	assert_int_equal(crier_utf8_count("abc", 2), 2);
	assert_int_equal(crier_utf8_count("\xC3\xA9\xE2\x82\xAC"
	    "\xF0\x9F\x98\x80", 9), 3);
}

/* Parsing reads LEN bytes, not up to a NUL terminator. */
static void
test_parse_reads_len_bytes(void **state)
{
	struct parsed *p = parse_n(state, "Title: t\nId: x\n", 9,
	    CRIER_SYNTAX_RECORD);

	assert_clean(p);
	assert_int_equal(p->rec.field_count, 1);
}

/* Reading a file gives its bytes, NUL-terminated for convenience. */
static void
test_file_read(void **state)
{
	struct parsed *p = *state;
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(crier_file_read(test_data_path(
	    "data/order/feed.conf"), p->diags, &buf, &len), 0);
	assert_non_null(buf);
	assert_true(len > 0);
	assert_int_equal(buf[len], '\0');
	assert_non_null(strstr(buf, "Title: "));
	assert_int_equal(crier_diags_count(p->diags), 0);
	free(buf);
}

/* A missing file is reported for the file as a whole (line 0). */
static void
test_file_read_missing(void **state)
{
	struct parsed *p = *state;
	const struct crier_diag *d;
	char *buf = (char *)"x";
	size_t len = 1;

	assert_int_equal(crier_file_read("/nonexistent/crier/x.md", p->diags,
	    &buf, &len), -1);
	assert_null(buf);
	assert_int_equal(len, 0);
	d = crier_diags_get(p->diags, 0);
	assert_string_equal(d->file, "/nonexistent/crier/x.md");
	assert_int_equal(d->line, 0);
	assert_string_equal(d->message,
	    "cannot read: No such file or directory");
}

/* A file over the size limit is refused without reading it. */
static void
test_file_read_too_big(void **state)
{
	struct parsed *p = *state;
	char path[] = "/tmp/crier-test-record-XXXXXX";
	int fd = mkstemp(path);
	char *buf = NULL;
	size_t len = 0;
	int rc;

	assert_true(fd >= 0);
	/* Sparse: costs no disk. */
	assert_int_equal(ftruncate(fd, CRIER_RECORD_MAX_BYTES + 1), 0);
	close(fd);
	rc = crier_file_read(path, p->diags, &buf, &len);
	unlink(path);
	assert_int_equal(rc, -1);
	assert_null(buf);
	assert_string_equal(crier_diags_get(p->diags, 0)->message,
	    "file is larger than the limit of 16 MiB");
	assert_int_equal(crier_diags_get(p->diags, 0)->line, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fields_and_positions),
		T(test_value_column_after_utf8),
		T(test_repeated_fields),
		T(test_continuation_lines),
		T(test_comments),
		T(test_body),
		T(test_no_body),
		T(test_crlf),
		T(test_bom),
		T(test_bom_only),
		T(test_error_columns_in_code_points),
		T(test_utf8_overlong),
		T(test_utf8_surrogate),
		T(test_utf8_truncated_at_eof),
		T(test_utf8_f5),
		T(test_nul),
		T(test_control_chars),
		T(test_noncharacters),
		T(test_stray_cr),
		T(test_stray_cr_column),
		T(test_no_colon),
		T(test_bad_field_name),
		T(test_empty_field_name),
		T(test_continuation_first),
		T(test_empty_value),
		T(test_empty_record),
		T(test_comments_only_record),
		T(test_conf_syntax),
		T(test_conf_empty),
		T(test_conf_text_errors),
		T(test_encoding_error_cap),
		T(test_encoding_error_cap_exact),
		T(test_text_check_clean),
		T(test_utf8_count),
		T(test_parse_reads_len_bytes),
		T(test_file_read),
		T(test_file_read_missing),
		T(test_file_read_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
