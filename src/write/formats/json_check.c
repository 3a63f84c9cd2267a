/*
 * json_check.c - reading back the JSON Feed as it is written (see
 * selfcheck.h).
 *
 * The bytes arrive in pieces on the checker's thread, so this is a push
 * parser: a state machine over one byte at a time that never holds more
 * of the document than the string it is comparing.  It is strict where
 * RFC 8259 allows leeway (a BOM, lone surrogates, invalid UTF-8) because
 * readers differ there, and it knows just enough of JSON Feed to confirm
 * the version and that the items are the feed's entries, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "bytes.h"
#include "diag.h"
#include "json.h"

#define MAX_DEPTH 64
#define KEY_MAX 32        /* longest member name this checker compares */

enum state {
	S_VALUE,          /* a value must come */
	S_VALUE_OR_END,   /* after '[': a value or ']' */
	S_KEY,            /* after ',' in an object: a member name */
	S_KEY_OR_END,     /* after '{': a member name or '}' */
	S_COLON,          /* after a member name */
	S_NEXT,           /* after a value: ',' or the container's end */
	S_STRING,
	S_NUMBER,
	S_LITERAL,
	S_DONE            /* after the top-level value: only white space */
};

/* What a container is, for the checks of JSON Feed. */
enum role { R_OTHER, R_ROOT, R_ITEMS, R_ITEM };

/* Members this checker knows, as bits. */
enum {
	K_OTHER = 0, K_VERSION = 1, K_TITLE = 2, K_ITEMS = 4, K_ID = 8,
	K_CONTENT_HTML = 16
};

/* What a string being read is. */
enum capture { C_NONE, C_KEY, C_VERSION, C_ID };

struct frame {
	char kind;          /* '{' or '[' */
	enum role role;
	unsigned seen;      /* K_* members seen (objects) */
	unsigned key;       /* K_* of the member being read (objects) */
};

struct json_check {
	struct crier_check base;
	const struct crier_feed *feed;
	char *path;
	enum state state;
	struct frame stack[MAX_DEPTH];
	int depth;
	unsigned long line;

	/* Inside a string. */
	enum capture capture;
	struct crier_buf text;  /* the decoded string, when captured */
	int escape;             /* 0, or 1 after '\', or 2-5 in \uXXXX */
	unsigned code;          /* the \u code unit being read */
	unsigned high;          /* a high surrogate waiting for its low */
	int utf8_left;          /* continuation bytes still to come */
	unsigned char utf8_min, utf8_max;  /* range of the next one */

	/* Inside a number or literal. */
	int number;             /* the number grammar's state, see number() */
	const char *literal;    /* the rest of "true", "false" or "null" */

	size_t items;           /* items seen so far */
	char problem[512];      /* the first problem found */
};

static void
problem(struct json_check *c, const char *fmt, const char *arg)
{
	char what[400];

	if (c->problem[0] != '\0')
		return;
	snprintf(what, sizeof(what), fmt, arg);
	snprintf(c->problem, sizeof(c->problem), "line %lu: %s", c->line,
	         what);
}

static struct frame *
top(struct json_check *c)
{
	return c->depth > 0 ? &c->stack[c->depth - 1] : NULL;
}

static unsigned
key_bit(const struct crier_buf *key, enum role role)
{
	static const struct {
		enum role role;
		const char *name;
		unsigned bit;
	} known[] = {
		{R_ROOT, "version", K_VERSION},
		{R_ROOT, "title", K_TITLE},
		{R_ROOT, "items", K_ITEMS},
		{R_ITEM, "id", K_ID},
		{R_ITEM, "content_html", K_CONTENT_HTML},
		/* JSON Feed 1.1 wants one of the two. */
		{R_ITEM, "content_text", K_CONTENT_HTML},
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].role == role && key->data != NULL &&
		    strcmp(key->data, known[i].name) == 0)
			return known[i].bit;
	return K_OTHER;
}

/* A value begins with byte B: is it what JSON Feed wants here? */
static void
value_starts(struct json_check *c, char type)
{
	struct frame *f = top(c);
	enum role role = R_OTHER;

	if (f == NULL) {
		if (type != '{')
			problem(c, "the feed is not a JSON object%s", "");
		role = R_ROOT;
	} else if (f->role == R_ROOT && f->key == K_ITEMS) {
		if (type != '[')
			problem(c, "items is not an array%s", "");
		role = R_ITEMS;
	} else if (f->role == R_ITEMS) {
		if (type != '{')
			problem(c, "an item is not an object%s", "");
		role = R_ITEM;
		c->items++;
	} else if ((f->role == R_ROOT && f->key != K_OTHER) ||
	    (f->role == R_ITEM && f->key != K_OTHER)) {
		if (type != '"')
			problem(c, "a member that must be a string is not%s",
			        "");
		if (f->key == K_VERSION)
			c->capture = C_VERSION;
		else if (f->key == K_ID)
			c->capture = C_ID;
	}
	if (type == '{' || type == '[') {
		if (c->depth == MAX_DEPTH) {
			problem(c, "nested too deep%s", "");
			return;
		}
		c->stack[c->depth].kind = type;
		c->stack[c->depth].role = role;
		c->stack[c->depth].seen = 0;
		c->stack[c->depth].key = K_OTHER;
		c->depth++;
	}
}

static void
object_ends(struct json_check *c, const struct frame *f)
{
	if (f->role == R_ROOT &&
	    (f->seen & (K_VERSION | K_TITLE | K_ITEMS)) !=
	    (K_VERSION | K_TITLE | K_ITEMS))
		problem(c, "the feed lacks version, title or items%s", "");
	else if (f->role == R_ITEM &&
	    (f->seen & (K_ID | K_CONTENT_HTML)) != (K_ID | K_CONTENT_HTML))
		problem(c, "an item lacks id, or content_html and content_text%s", "");
}

/* The string just read, as member name or value. */
static void
string_ends(struct json_check *c)
{
	struct frame *f = top(c);
	const struct crier_entry *want;
	const char *text;

	crier_buf_add(&c->text, "", 0);
	text = c->text.data;
	if (c->capture == C_KEY) {
		f->key = c->text.len <= KEY_MAX ? key_bit(&c->text, f->role)
		                                : K_OTHER;
		if (f->seen & f->key)
			problem(c, "member \"%s\" given twice", text);
		f->seen |= f->key;
	} else if (c->capture == C_VERSION) {
		if (strcmp(text, CRIER_JSON_VERSION) != 0)
			problem(c, "the version is not " CRIER_JSON_VERSION
			        "%s", "");
	} else if (c->capture == C_ID) {
		if (c->items > crier_feed_output_count(c->feed)) {
			problem(c, "more items than the feed has%s", "");
		} else {
			want = c->feed->published[c->items - 1];
			if (strcmp(text, want->uri) != 0)
				problem(c, "the item's id is not %s",
				        want->uri);
		}
	}
	c->state = c->capture == C_KEY ? S_COLON : S_NEXT;
	c->capture = C_NONE;
	c->text.len = 0;
}

/* Appends code point U to the captured text as UTF-8. */
static void
add_code_point(struct json_check *c, unsigned u)
{
	char out[4];
	size_t n;

	if (u < 0x80) {
		out[0] = (char)u, n = 1;
	} else if (u < 0x800) {
		out[0] = (char)(0xC0 | u >> 6), n = 2;
	} else if (u < 0x10000) {
		out[0] = (char)(0xE0 | u >> 12), n = 3;
	} else {
		out[0] = (char)(0xF0 | u >> 18), n = 4;
	}
	if (n == 4)
		out[n - 3] = (char)(0x80 | (u >> 12 & 0x3F));
	if (n >= 3)
		out[n - 2] = (char)(0x80 | (u >> 6 & 0x3F));
	if (n >= 2)
		out[n - 1] = (char)(0x80 | (u & 0x3F));
	if (c->capture != C_NONE)
		crier_buf_add(&c->text, out, n);
}

static int
hex_value(unsigned char b)
{
	if (b >= '0' && b <= '9')
		return b - '0';
	if (b >= 'a' && b <= 'f')
		return b - 'a' + 10;
	if (b >= 'A' && b <= 'F')
		return b - 'A' + 10;
	return -1;
}

/* The code unit of a \uXXXX escape, with surrogates paired. */
static void
escaped_unit(struct json_check *c, unsigned u)
{
	if (c->high != 0) {
		if (u < 0xDC00 || u > 0xDFFF) {
			problem(c, "a high surrogate is not followed by a "
			        "low one%s", "");
			return;
		}
		add_code_point(c, 0x10000 + ((c->high - 0xD800) << 10) +
		               (u - 0xDC00));
		c->high = 0;
	} else if (u >= 0xD800 && u <= 0xDBFF) {
		c->high = u;
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		problem(c, "a lone low surrogate%s", "");
	} else {
		add_code_point(c, u);
	}
}

static void
escape_byte(struct json_check *c, unsigned char b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	int v;

	if (c->escape >= 2) {
		if ((v = hex_value(b)) < 0) {
			problem(c, "a \\u escape needs four hex digits%s", "");
			return;
		}
		c->code = c->code << 4 | (unsigned)v;
		if (++c->escape == 6) {
			c->escape = 0;
			escaped_unit(c, c->code);
		}
		return;
	}
	if (c->high != 0 && b != 'u') {
		problem(c, "a high surrogate is not followed by a low one%s",
		        "");
		return;
	}
	if (b == 'u') {
		c->escape = 2;
		c->code = 0;
	} else if (b != '\0' && (p = strchr(from, b)) != NULL) {
		c->escape = 0;
		add_code_point(c, (unsigned char)to[p - from]);
	} else {
		problem(c, "an unknown escape in a string%s", "");
	}
}

/* The lead byte of a multi-byte UTF-8 sequence; see RFC 3629, 4. */
static void
utf8_lead(struct json_check *c, unsigned char b)
{
	c->utf8_min = 0x80, c->utf8_max = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		c->utf8_left = 1;
	} else if (b >= 0xE0 && b <= 0xEF) {
		c->utf8_left = 2;
		if (b == 0xE0)
			c->utf8_min = 0xA0;     /* no overlong forms */
		else if (b == 0xED)
			c->utf8_max = 0x9F;     /* no surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		c->utf8_left = 3;
		if (b == 0xF0)
			c->utf8_min = 0x90;
		else if (b == 0xF4)
			c->utf8_max = 0x8F;     /* nothing past U+10FFFF */
	} else {
		problem(c, "invalid UTF-8%s", "");
	}
}

static void
string_byte(struct json_check *c, unsigned char b)
{
	if (c->utf8_left > 0) {
		if (b < c->utf8_min || b > c->utf8_max) {
			problem(c, "invalid UTF-8%s", "");
			return;
		}
		c->utf8_min = 0x80, c->utf8_max = 0xBF;
		c->utf8_left--;
	} else if (c->escape > 0) {
		escape_byte(c, b);
		return;
	} else if (c->high != 0 && b != '\\') {
		problem(c, "a high surrogate is not followed by a low one%s",
		        "");
		return;
	} else if (b == '"') {
		string_ends(c);
		return;
	} else if (b == '\\') {
		c->escape = 1;
		return;
	} else if (b < 0x20) {
		problem(c, "a control character in a string%s", "");
		return;
	} else if (b >= 0x80) {
		utf8_lead(c, b);
	}
	if (c->capture != C_NONE)
		crier_buf_add(&c->text, (const char *)&b, 1);
}

/*
 * The number grammar of RFC 8259, 6: -? (0 | [1-9][0-9]*) (. [0-9]+)?
 * ([eE] [+-]? [0-9]+)?.  Returns 1 when B belongs to the number, 0 when
 * it ends it (B is then read again as what follows).
 */
enum { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_SIGN, N_EXP };

static int
number_byte(struct json_check *c, unsigned char b)
{
	int digit = b >= '0' && b <= '9';

	switch (c->number) {
	case N_MINUS:
		c->number = b == '0' ? N_ZERO : digit ? N_INT : -1;
		return 1;
	case N_ZERO:
	case N_INT:
		if (digit && c->number == N_INT)
			return 1;
		if (b == '.')
			c->number = N_DOT;
		else if (b == 'e' || b == 'E')
			c->number = N_E;
		else
			return 0;
		return 1;
	case N_DOT:
	case N_FRAC:
		if (digit) {
			c->number = N_FRAC;
			return 1;
		}
		if (c->number == N_FRAC && (b == 'e' || b == 'E')) {
			c->number = N_E;
			return 1;
		}
		break;
	case N_E:
		if (b == '+' || b == '-') {
			c->number = N_SIGN;
			return 1;
		}
		/* FALLTHROUGH */
	case N_SIGN:
	case N_EXP:
		if (digit) {
			c->number = N_EXP;
			return 1;
		}
		break;
	}
	if (c->number == N_FRAC || c->number == N_EXP)
		return 0;
	c->number = -1;
	return 1;
}

static int
is_space(unsigned char b)
{
	return b == ' ' || b == '\t' || b == '\n' || b == '\r';
}

/* A byte where a value must start. */
static void
value_byte(struct json_check *c, unsigned char b)
{
	if (b == '{' || b == '[') {
		value_starts(c, (char)b);
		c->state = b == '{' ? S_KEY_OR_END : S_VALUE_OR_END;
	} else if (b == '"') {
		value_starts(c, '"');
		c->state = S_STRING;
	} else if (b == '-' || (b >= '0' && b <= '9')) {
		value_starts(c, '0');
		c->state = S_NUMBER;
		c->number = b == '-' ? N_MINUS : b == '0' ? N_ZERO : N_INT;
	} else if (b == 't' || b == 'f' || b == 'n') {
		value_starts(c, (char)b);
		c->state = S_LITERAL;
		c->literal = b == 't' ? "rue" : b == 'f' ? "alse" : "ull";
	} else {
		problem(c, "a value was expected%s", "");
	}
}

/* A byte after a value: a comma, or the end of its container. */
static void
next_byte(struct json_check *c, unsigned char b)
{
	struct frame *f = top(c);

	if (f == NULL) {
		problem(c, "text after the end of the feed%s", "");
	} else if (b == ',') {
		c->state = f->kind == '{' ? S_KEY : S_VALUE;
	} else if (b == (f->kind == '{' ? '}' : ']')) {
		if (f->kind == '{')
			object_ends(c, f);
		c->depth--;
		c->state = c->depth == 0 ? S_DONE : S_NEXT;
	} else {
		problem(c, "',' or the end of %s expected",
		        f->kind == '{' ? "the object" : "the array");
	}
}

/*
 * A byte inside a string, number or literal.  Returns 0 when B is not in
 * one, or ends a number and is still to be read as what follows it.
 */
static int
token_byte(struct json_check *c, unsigned char b)
{
	switch (c->state) {
	case S_STRING:
		string_byte(c, b);
		return 1;
	case S_NUMBER:
		if (number_byte(c, b)) {
			if (c->number < 0)
				problem(c, "a malformed number%s", "");
			return 1;
		}
		c->state = S_NEXT;
		return 0;
	case S_LITERAL:
		if (b != (unsigned char)*c->literal++)
			problem(c, "a malformed true, false or null%s", "");
		else if (*c->literal == '\0')
			c->state = S_NEXT;
		return 1;
	default:
		return 0;
	}
}

static void
one_byte(struct json_check *c, unsigned char b)
{
	if (token_byte(c, b))
		return;
	if (b == '\n')
		c->line++;
	if (is_space(b))
		return;
	switch (c->state) {
	case S_VALUE_OR_END:
		if (b == ']') {
			c->depth--;
			c->state = c->depth == 0 ? S_DONE : S_NEXT;
			return;
		}
		/* FALLTHROUGH */
	case S_VALUE:
		value_byte(c, b);
		break;
	case S_KEY_OR_END:
		if (b == '}') {
			object_ends(c, top(c));
			c->depth--;
			c->state = c->depth == 0 ? S_DONE : S_NEXT;
			return;
		}
		/* FALLTHROUGH */
	case S_KEY:
		if (b != '"') {
			problem(c, "a member name was expected%s", "");
			return;
		}
		c->capture = C_KEY;
		c->state = S_STRING;
		break;
	case S_COLON:
		if (b != ':')
			problem(c, "':' was expected%s", "");
		c->state = S_VALUE;
		break;
	case S_NEXT:
		next_byte(c, b);
		break;
	default:
		problem(c, "text after the end of the feed%s", "");
	}
}

/*
 * Whether one_byte() would only pass over B inside a string that is not
 * captured: printable ASCII that neither ends the string nor escapes.
 */
static int
is_plain_in_string(unsigned char b)
{
	return b >= 0x20 && b < 0x80 && b != '"' && b != '\\';
}

/* Whether the eight bytes at S are all is_plain_in_string(). */
static int
is_plain_word_in_string(const char *s)
{
	uint64_t w = crier_word_at(s);

	return !crier_word_has_below(w, 0x20) &&
	       !crier_word_has_above(w, 0x7F) &&
	       !crier_word_has(w, '"') && !crier_word_has(w, '\\');
}

static void
json_push(struct crier_check *check, const char *data, size_t len)
{
	struct json_check *c = (struct json_check *)check;
	size_t i = 0;

	while (i < len && c->problem[0] == '\0') {
		/* Most of a feed: its items' HTML, skipped in a tight loop. */
		if (c->state == S_STRING && c->capture == C_NONE &&
		    c->utf8_left == 0 && c->escape == 0 && c->high == 0) {
			while (len - i >= CRIER_WORD_BYTES &&
			    is_plain_word_in_string(data + i))
				i += CRIER_WORD_BYTES;
			while (i < len && is_plain_in_string(
			    (unsigned char)data[i]))
				i++;
		}
		if (i < len)
			one_byte(c, (unsigned char)data[i++]);
	}
}

static int
json_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct json_check *c = (struct json_check *)check;
	const struct crier_entry *at = NULL;
	size_t n = crier_feed_output_count(c->feed);
	int rc = 0;

	if (c->state != S_DONE)
		problem(c, "the feed ends too early%s", "");
	if (c->items != n)
		problem(c, "the feed lacks some items%s", "");
	if (c->problem[0] != '\0') {
		if (c->items > 0 && c->items <= n)
			at = c->feed->published[c->items - 1];
		crier_diag(diags, at != NULL ? at->file : c->path, 0, 0,
		           MSG_SELF_CHECK, c->problem);
		rc = -1;
	}
	crier_buf_free(&c->text);
	free(c->path);
	free(c);
	return rc;
}

struct crier_check *
crier_check_json_new(const struct crier_feed *feed, const char *path)
{
	struct json_check *c = crier_xcalloc(1, sizeof(*c));

	c->base.push = json_push;
	c->base.finish = json_finish;
	c->feed = feed;
	c->path = crier_xstrdup(path);
	c->state = S_VALUE;
	c->line = 1;
	return &c->base;
}
