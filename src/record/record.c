#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "bytes.h"
#include "diag.h"
#include "record.h"

/* A binary file would bury the real mistakes; stop after this many. */
#define MAX_ENCODING_ERRORS 10

unsigned
crier_utf8_count(const char *s, size_t len)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Decodes one UTF-8 sequence at P (AVAIL bytes left) following RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF.  Returns its
 * length and sets *cp, or 0 if the sequence is invalid.
 */
size_t
crier_utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2, c = p[0] & 0x1F, min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3, c = p[0] & 0x0F, min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Which message, if any, code point CP deserves. */
static int
forbidden_char(uint32_t cp, enum crier_msg *msg)
{
	if (cp == 0)
		*msg = MSG_NUL_BYTE;
	else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    (cp >= 0x7F && cp <= 0x9F))
		*msg = MSG_CONTROL_CHAR;
	else if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
		*msg = MSG_NONCHARACTER;
	else if (cp == 0xFFFD)
		*msg = MSG_REPLACEMENT_CHAR;
	else
		return 0;
	return 1;
}

int
crier_char_is_forbidden(uint32_t cp)
{
	enum crier_msg msg;

	return forbidden_char(cp, &msg);
}

/* Bytes from the start of BUF that need no checking. */
static size_t
plain_prefix(const unsigned char *p, size_t len)
{
	size_t i = 0;

	/* Tab and line feed are let through by the caller's slow path. */
	while (i + CRIER_WORD_BYTES <= len &&
	       crier_word_is_printable(crier_word_at(p + i)))
		i += CRIER_WORD_BYTES;
	return i;
}

size_t
crier_text_check(const char *path, const char *buf, size_t len,
                 unsigned first_line, struct crier_diags *diags)
{
	const unsigned char *p = (const unsigned char *)buf;
	unsigned line = first_line, column = 1;
	size_t i = 0, n, errors = 0;
	enum crier_msg msg;
	uint32_t cp = 0;

	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			n = plain_prefix(p + i, len - i);
			if (n == 0)
				n = 1;
			i += n, column += (unsigned)n;
			continue;
		}
		if (p[i] == '\n') {
			i++, line++, column = 1;
			continue;
		}
		n = crier_utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			crier_diag(diags, path, line, column, MSG_BAD_UTF8, p[i]);
			n = 1;
			cp = 0;
			errors++;
		} else if (cp == '\r' && !(i + 1 < len && p[i + 1] == '\n')) {
			crier_diag(diags, path, line, column, MSG_STRAY_CR);
			errors++;
		} else if (forbidden_char(cp, &msg)) {
			crier_diag(diags, path, line, column, msg, cp);
			errors++;
		}
		if (errors == MAX_ENCODING_ERRORS) {
			crier_diag(diags, path, line, column,
			           MSG_TOO_MANY_ENCODING_ERRORS);
			break;
		}
		i += n;
		column++;
	}
	return errors;
}

const char *
crier_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a named pipe (FIFO)";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "something else";
}

int
crier_file_open(const char *path, struct crier_diags *diags,
                struct stat *st)
{
	return crier_file_open_at(AT_FDCWD, path, 0, diags, st);
}

int
crier_file_open_at(int dir_fd, const char *path, size_t skip,
                   struct crier_diags *diags, struct stat *st)
{
	/*
	 * O_NONBLOCK: opening a FIFO for reading waits for a writer, which
	 * may never come; fstat() then refuses it unread.
	 */
	int fd = openat(dir_fd, path + skip,
	                O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0 || fstat(fd, st) != 0) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		crier_diag(diags, path, 0, 0, MSG_NOT_A_FILE,
		           crier_file_kind(st->st_mode));
		close(fd);
		return -1;
	}
	return fd;
}

int
crier_source_link(const char *root, const char *path, int is_record,
                  struct crier_diags *diags)
{
	char *real = realpath(path, NULL);
	size_t len = strlen(root);
	struct stat st;
	int ok;

	if (real == NULL) {
		if (is_record)
			crier_diag(diags, path, 0, 0, MSG_LINK_BROKEN,
			           strerror(errno));
		return 0;
	}
	if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
		crier_diag(diags, path, 0, 0, MSG_LINK_TO_DIRECTORY);
		free(real);
		return 0;
	}
	ok = strncmp(real, root, len) == 0 && (real[len] == '/' ||
	     (len == 1 && root[0] == '/'));
	if (is_record && !ok)
		crier_diag(diags, path, 0, 0, MSG_LINK_OUTSIDE, real);
	free(real);
	return is_record && ok;
}

int
crier_file_read(const char *path, struct crier_diags *diags, char **buf_out,
                size_t *len_out)
{
	struct stat st;

	return crier_file_read_stat(path, diags, buf_out, len_out, &st);
}

int
crier_file_read_stat(const char *path, struct crier_diags *diags,
                     char **buf_out, size_t *len_out, struct stat *st_out)
{
	return crier_file_read_at(AT_FDCWD, path, 0, diags, buf_out, len_out,
	                          st_out);
}

int
crier_file_read_at(int dir_fd, const char *path, size_t skip,
                   struct crier_diags *diags, char **buf_out,
                   size_t *len_out, struct stat *st_out)
{
	struct stat st;
	size_t len = 0, size;
	ssize_t n = 1;
	char *buf;
	int fd;

	*buf_out = NULL;
	*len_out = 0;
	if ((fd = crier_file_open_at(dir_fd, path, skip, diags, &st)) < 0)
		return -1;
	if (st.st_size > (off_t)CRIER_RECORD_MAX_BYTES) {
		crier_diag(diags, path, 0, 0, MSG_FILE_TOO_BIG,
		           CRIER_RECORD_MAX_BYTES >> 20);
		close(fd);
		return -1;
	}
	/* One byte more than the size, to notice a file that grew. */
	size = (size_t)st.st_size + 1;
	buf = crier_xmalloc(size + 1);
	/*
	 * Done at exactly the size fstat() gave: a regular file's read is
	 * short only at its end, so a further read would only say so.
	 */
	while (len < size && (n = read(fd, buf + len, size - len)) > 0 &&
	    (len += (size_t)n) != (size_t)st.st_size)
		;
	close(fd);
	if (n < 0 || len == size) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           n < 0 ? strerror(errno) : "file changed while read");
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	*buf_out = buf;
	*len_out = len;
	*st_out = st;
	return 0;
}

uint64_t
crier_hash_bytes(const char *data, size_t len)
{
	const uint64_t k = 0x9E3779B97F4A7C15u;
	uint64_t h = (uint64_t)len * k, w;
	size_t i;

	/* A word at a time: this runs over every body twice per build. */
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, data + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, data + i, len - i);
	h = (h ^ w) * k;
	return h ^ h >> 32;
}

/* The parser's cursor: one line of the file at a time. */
struct cursor {
	const char *buf, *end;
	const char *line;       /* start of the current line */
	const char *line_end;   /* its end, before any "\r\n" or "\n" */
	const char *next;       /* start of the line after it */
	unsigned number;        /* 1-based */
};

static int
cursor_next_line(struct cursor *c)
{
	const char *nl;

	if (c->next >= c->end)
		return 0;
	c->line = c->next;
	c->number++;
	nl = memchr(c->line, '\n', (size_t)(c->end - c->line));
	c->next = nl != NULL ? nl + 1 : c->end;
	c->line_end = nl != NULL ? nl : c->end;
	if (c->line_end > c->line && c->line_end[-1] == '\r')
		c->line_end--;
	return 1;
}

static unsigned
cursor_column(const struct cursor *c, const char *at)
{
	return crier_utf8_count(c->line, (size_t)(at - c->line)) + 1;
}

/* The Unicode spaces beyond ASCII's that Python's isspace() knows. */
static int
is_unicode_space(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000;
}

size_t
crier_blank_len(const char *p, const char *end)
{
	uint32_t cp;
	size_t n;

	if (p >= end)
		return 0;
	if (*p == ' ' || *p == '\t')
		return 1;
	n = crier_utf8_decode((const unsigned char *)p, (size_t)(end - p), &cp);
	return n > 1 && is_unicode_space(cp) ? n : 0;
}

size_t
crier_blank_len_before(const char *start, const char *end)
{
	size_t n;

	if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		return 1;
	/* The Unicode spaces take two or three bytes. */
	for (n = 2; n <= 3; n++)
		if (end - start >= (ptrdiff_t)n &&
		    crier_blank_len(end - n, end) == n)
			return n;
	return 0;
}

static const char *
skip_blanks(const char *p, const char *end)
{
	size_t n;

	while ((n = crier_blank_len(p, end)) > 0)
		p += n;
	return p;
}

static const char *
trim_end(const char *start, const char *end)
{
	size_t n;

	while ((n = crier_blank_len_before(start, end)) > 0)
		end -= n;
	return end;
}

static int
is_field_name_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '-';
}

struct parser {
	struct cursor cur;
	const char *path;
	struct crier_arena *arena;
	struct crier_diags *diags;
	struct crier_field *fields;
	size_t count, capacity;
	/*
	 * The last field's value while continuation lines join it: built
	 * here and copied to the arena once the field ends, so that a value
	 * of N lines costs O(N) and not a new copy per line.
	 */
	struct crier_buf joined;
	int is_joining;
	int failed;
};

static void
parser_error(struct parser *ps, const char *at, enum crier_msg msg,
             const char *arg)
{
	crier_diag(ps->diags, ps->path, ps->cur.number,
	           cursor_column(&ps->cur, at), msg, arg);
	ps->failed = 1;
}

/* Ends the joining of continuation lines: the value goes to the arena. */
static void
finish_joined(struct parser *ps)
{
	if (!ps->is_joining)
		return;
	ps->fields[ps->count - 1].value = crier_arena_strndup(ps->arena,
	    ps->joined.data, ps->joined.len);
	ps->joined.len = 0;
	ps->is_joining = 0;
}

/* An indented line: its text joins the previous value after one space. */
static void
parse_continuation(struct parser *ps)
{
	const char *start = skip_blanks(ps->cur.line, ps->cur.line_end);
	const char *end = trim_end(start, ps->cur.line_end);
	struct crier_field *f;

	if (ps->count == 0) {
		parser_error(ps, start, MSG_CONTINUATION_FIRST, NULL);
		return;
	}
	f = &ps->fields[ps->count - 1];
	if (start == end)
		return;
	if (!ps->is_joining && f->value[0] == '\0') {
		f->value = crier_arena_strndup(ps->arena, start,
		                               (size_t)(end - start));
		f->value_line = ps->cur.number;
		f->value_column = cursor_column(&ps->cur, start);
		return;
	}
	if (!ps->is_joining) {
		ps->joined.len = 0;
		crier_buf_puts(&ps->joined, f->value);
		ps->is_joining = 1;
	}
	crier_buf_add(&ps->joined, " ", 1);
	crier_buf_add(&ps->joined, start, (size_t)(end - start));
}

static void
parse_field(struct parser *ps)
{
	const char *line = ps->cur.line, *end = ps->cur.line_end;
	const char *colon = memchr(line, ':', (size_t)(end - line));
	const char *p, *value, *value_end;
	struct crier_field *f;
	char *name;

	finish_joined(ps);
	if (colon == NULL || colon == line) {
		parser_error(ps, line, MSG_NO_COLON, NULL);
		return;
	}
	name = crier_arena_strndup(ps->arena, line, (size_t)(colon - line));
	for (p = line; p < colon; p++) {
		if (!is_field_name_char(*p)) {
			parser_error(ps, p, MSG_BAD_FIELD_NAME, name);
			return;
		}
	}
	value = skip_blanks(colon + 1, end);
	value_end = trim_end(value, end);

	ps->fields = crier_xgrow(ps->fields, &ps->capacity, ps->count + 1,
	                         sizeof(*ps->fields));
	f = &ps->fields[ps->count++];
	f->name = name;
	f->value = crier_arena_strndup(ps->arena, value,
	                               (size_t)(value_end - value));
	f->line = ps->cur.number;
	f->column = 1;
	f->value_line = ps->cur.number;
	f->value_column = cursor_column(&ps->cur, value);
}

/* Values may be continued, so emptiness is judged once all lines are in. */
static void
check_empty_values(struct parser *ps)
{
	size_t i;

	for (i = 0; i < ps->count; i++) {
		if (ps->fields[i].value[0] != '\0')
			continue;
		crier_diag(ps->diags, ps->path, ps->fields[i].line,
		           ps->fields[i].value_column, MSG_EMPTY_VALUE,
		           ps->fields[i].name);
		ps->failed = 1;
	}
}

int
crier_record_parse(const char *path, const char *buf, size_t len,
                   enum crier_record_syntax syntax,
                   struct crier_arena *arena, struct crier_diags *diags,
                   struct crier_record *out)
{
	struct parser ps = {0};
	int in_body = 0;

	ps.path = path;
	ps.arena = arena;
	ps.diags = diags;
	ps.cur.buf = buf;
	ps.cur.next = buf;
	ps.cur.end = buf + len;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		ps.cur.next += 3;
	if (crier_text_check(path, ps.cur.next, (size_t)(ps.cur.end -
	    ps.cur.next), 1, diags) > 0)
		ps.failed = 1;

	while (!in_body && cursor_next_line(&ps.cur)) {
		const char *line = ps.cur.line;

		if (line == ps.cur.line_end)
			in_body = syntax == CRIER_SYNTAX_RECORD;
		else if (*line == '#')
			continue;
		else if (*line == ' ' || *line == '\t')
			parse_continuation(&ps);
		else
			parse_field(&ps);
	}
	finish_joined(&ps);
	crier_buf_free(&ps.joined);
	check_empty_values(&ps);
	if (ps.count == 0 && syntax == CRIER_SYNTAX_RECORD) {
		crier_diag(diags, path, 1, 1, MSG_NO_HEADER);
		ps.failed = 1;
	}

	memset(out, 0, sizeof(*out));
	out->path = crier_arena_strdup(arena, path);
	out->field_count = ps.count;
	out->fields = crier_arena_alloc(arena, ps.count * sizeof(*ps.fields));
	if (ps.count > 0)
		memcpy(out->fields, ps.fields, ps.count * sizeof(*ps.fields));
	free(ps.fields);
	out->body_offset = (size_t)(ps.cur.next - buf);
	out->body_size = len - out->body_offset;
	out->body_line = ps.cur.number + 1;
	return ps.failed ? -1 : 0;
}
