/*
 * htmlcheck.c - reading index.html back with libxml2's HTML parser.
 *
 * The page is HTML, not XML, so "well-formed" here means what a browser
 * would need: the parser reports no error, and every entry's anchor is
 * there once.  libxml2's element table is HTML 4's; raw HTML in a body
 * (when the feed allows it) may use newer elements, so "unknown tag"
 * alone is not an error.
 *
 * libxml2 2.9's HTML parser reads text a character at a time, through
 * its decoder; the bodies on a page without Limit are hundreds of
 * megabytes of text, and reading index.html back cost more than writing
 * it.  Text cannot make the parser report an error or hold an id: only
 * tags, references and characters can.  So a run of printable ASCII
 * outside tags, holding none of '<', '>', '&' or a quote, reaches the
 * parser as its first byte, its first non-blank one and its last three
 * (a comment ends in "-->" or "--!>"); every tag, every reference, every
 * other byte and every line break (errors are reported by line) reaches
 * it as written.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "alloc.h"
#include "buf.h"
#include "bytes.h"
#include "diag.h"
#include "html.h"

struct html_check {
	struct crier_check base;
	htmlParserCtxtPtr ctxt;
	const struct crier_feed *feed;
	char *path;
	const char **ids;        /* the entries' ids, sorted */
	unsigned char *seen;     /* how often each was found, up to 2 */
	size_t id_count;
	int elements;            /* elements started so far */
	struct crier_buf rest;   /* bytes after the last whole line */
	char *shown;             /* what the parser is shown of a chunk */
	size_t shown_capacity;
	int is_in_tag;           /* between '<' and its '>' */
	int is_in_reference;     /* the name or number after '&' */
	char quote;              /* the quote an attribute value is in */
	char problem[512];
};

static void
problem(struct html_check *c, const char *fmt, const char *arg)
{
	if (c->problem[0] == '\0')
		snprintf(c->problem, sizeof(c->problem), fmt, arg);
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
saw_id(struct html_check *c, const char *id)
{
	const char **at = bsearch(&id, c->ids, c->id_count, sizeof(*c->ids),
	                          by_string);
	size_t i;

	if (at == NULL)
		return;
	i = (size_t)(at - c->ids);
	if (c->seen[i] == 1)
		problem(c, "two elements have the id %s", id);
	if (c->seen[i] < 2)
		c->seen[i]++;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct html_check *c = ctx;
	int has_lang = 0;

	for (; attrs != NULL && attrs[0] != NULL; attrs += 2) {
		if (xmlStrEqual(attrs[0], (const xmlChar *)"id") &&
		    attrs[1] != NULL)
			saw_id(c, (const char *)attrs[1]);
		if (xmlStrEqual(attrs[0], (const xmlChar *)"lang") &&
		    attrs[1] != NULL && attrs[1][0] != '\0')
			has_lang = 1;
	}
	if (c->elements++ == 0 &&
	    !(xmlStrEqual(name, (const xmlChar *)"html") && has_lang))
		problem(c, "the page does not start with <html lang>%s", "");
}

static void
on_error(void *ctx, xmlErrorPtr err)
{
	struct html_check *c = ctx;
	char text[400];

	if (err->level < XML_ERR_ERROR || err->code == XML_HTML_UNKNOWN_TAG)
		return;
	snprintf(text, sizeof(text), "line %d: %s", err->line,
	         err->message != NULL ? err->message : "error");
	text[strcspn(text, "\n")] = '\0';
	problem(c, "HTML the parser rejects: %s", text);
}

/*
 * Printable ASCII but '<', '>', '&' and the quotes, as two masks of 64
 * bits: this runs on every byte of the page.
 */
#define PLAIN_BELOW_64 (0xFFFFFFFF00000000u & ~(1ull << '"' | 1ull << '&' | \
                        1ull << '\'' | 1ull << '<' | 1ull << '>'))
#define PLAIN_FROM_64 0x7FFFFFFFFFFFFFFFu

static inline int
is_plain_text(unsigned char b)
{
	return b < 64 ? (int)(PLAIN_BELOW_64 >> b & 1)
	       : b < 128 ? (int)(PLAIN_FROM_64 >> (b - 64) & 1) : 0;
}

/*
 * Follows B in or out of a tag and its quoted attribute values, and of a
 * reference's name (a run of letters, digits and '#' after '&').
 */
static inline void
follow_tags(struct html_check *c, char b)
{
	if (c->is_in_reference)
		c->is_in_reference = isalnum((unsigned char)b) || b == '#';
	if (c->quote != '\0') {
		if (b == c->quote)
			c->quote = '\0';
	} else if (!c->is_in_tag) {
		c->is_in_tag = b == '<';
		if (b == '&')
			c->is_in_reference = 1;
	} else if (b == '"' || b == '\'') {
		c->quote = b;
	} else if (b == '>') {
		c->is_in_tag = 0;
	}
}

/* Whether the eight bytes at S are all plain text (is_plain_text()). */
static inline int
is_plain_word(const char *s)
{
	uint64_t w = crier_word_at(s);

	return crier_word_is_printable(w) && !crier_word_has(w, '"') &&
	       !crier_word_has(w, '&') && !crier_word_has(w, '\'') &&
	       !crier_word_has(w, '<') && !crier_word_has(w, '>');
}

/* The length of the run of plain text at S, up to END. */
static size_t
plain_run(const char *s, const char *end)
{
	const char *p = s;

	while (end - p >= CRIER_WORD_BYTES && is_plain_word(p))
		p += CRIER_WORD_BYTES;
	while (p < end && is_plain_text((unsigned char)*p))
		p++;
	return (size_t)(p - s);
}

/* The run of plain text from RUN to END, cut short, at OUT; its end. */
static char *
cut_run(const char *run, const char *end, char *out)
{
	const char *solid = run;

	if (end - run <= 5) {
		memcpy(out, run, (size_t)(end - run));
		return out + (end - run);
	}
	*out++ = *run;
	while (solid < end - 3 && (*solid == ' ' || *solid == '\t'))
		solid++;
	if (solid != run && solid < end - 3)
		*out++ = *solid;
	memcpy(out, end - 3, 3);
	return out + 3;
}

/* DATA's LEN bytes with their runs of plain text cut short; *LEN_OUT. */
static const char *
shorten_text(struct html_check *c, const char *data, size_t len,
             size_t *len_out)
{
	const char *end = data + len, *run;
	char *out;

	if (len > c->shown_capacity) {
		c->shown = crier_xrealloc(c->shown, len);
		c->shown_capacity = len;
	}
	out = c->shown;
	while (data < end) {
		if (c->is_in_tag || c->is_in_reference ||
		    !is_plain_text((unsigned char)*data)) {
			follow_tags(c, *data);
			*out++ = *data++;
			continue;
		}
		run = data;
		data += plain_run(data, end);
		out = cut_run(run, data, out);
	}
	*len_out = (size_t)(out - c->shown);
	return c->shown;
}

static void
parse(struct html_check *c, const char *data, size_t len, int terminate)
{
	int chunk;

	data = shorten_text(c, data, len, &len);
	do {
		chunk = len > 1 << 20 ? 1 << 20 : (int)len;
		htmlParseChunk(c->ctxt, data, chunk,
		               terminate && (size_t)chunk == len);
		data += chunk;
		len -= (size_t)chunk;
	} while (len > 0);
}

/*
 * libxml2 2.9's HTML push parser stalls when a chunk ends inside a tag:
 * it then keeps the rest of the page and parses it all at the end, on
 * the writer's thread.  Whole lines never end inside one of our tags.
 */
static void
html_push(struct crier_check *check, const char *data, size_t len)
{
	struct html_check *c = (struct html_check *)check;
	const char *end = data + len;
	size_t lines = len;

	while (lines > 0 && data[lines - 1] != '\n')
		lines--;
	if (lines == 0) {
		crier_buf_add(&c->rest, data, len);
		return;
	}
	if (c->rest.len > 0) {
		crier_buf_add(&c->rest, data, lines);
		parse(c, c->rest.data, c->rest.len, 0);
		c->rest.len = 0;
	} else {
		parse(c, data, lines, 0);
	}
	crier_buf_add(&c->rest, data + lines, (size_t)(end - data - lines));
}

static int
html_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct html_check *c = (struct html_check *)check;
	size_t i;
	int rc = 0;

	parse(c, c->rest.data, c->rest.len, 1);
	for (i = 0; i < c->id_count; i++)
		if (c->seen[i] == 0)
			problem(c, "no element has the id %s", c->ids[i]);
	if (c->problem[0] != '\0') {
		crier_diag(diags, c->path, 0, 0, MSG_SELF_CHECK, c->problem);
		rc = -1;
	}
	htmlFreeParserCtxt(c->ctxt);
	crier_buf_free(&c->rest);
	free(c->shown);
	free(c->ids);
	free(c->seen);
	free(c->path);
	free(c);
	return rc;
}

struct crier_check *
crier_check_html_new(const struct crier_feed *feed, const char *path)
{
	struct html_check *c = crier_xcalloc(1, sizeof(*c));
	size_t i, n = crier_feed_output_count(feed);   /* as html.c */
	htmlSAXHandler sax;

	c->base.push = html_push;
	c->base.finish = html_finish;
	c->feed = feed;
	c->path = crier_xstrdup(path);
	c->ids = crier_xcalloc(n + 1, sizeof(*c->ids));
	c->seen = crier_xcalloc(n + 1, 1);
	c->id_count = n;
	for (i = 0; i < n; i++)
		c->ids[i] = feed->published[i]->id;
	qsort(c->ids, n, sizeof(*c->ids), by_string);
	memset(&sax, 0, sizeof(sax));
	/* XML_SAX2_MAGIC routes errors, with their codes, to serror. */
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElement = on_start;
	sax.serror = on_error;
	c->ctxt = htmlCreatePushParserCtxt(&sax, c, NULL, 0, path,
	                                   XML_CHAR_ENCODING_UTF8);
	if (c->ctxt == NULL)
		crier_out_of_memory("HTML parser");
	htmlCtxtUseOptions(c->ctxt, HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	return &c->base;
}
