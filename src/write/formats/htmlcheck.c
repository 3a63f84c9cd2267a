/*
 * htmlcheck.c - reading index.html back with libxml2's HTML parser.
 *
 * The page is HTML, not XML, so "well-formed" here means what a browser
 * would need: the parser reports no error, and every entry's anchor is
 * there once.  libxml2's element table is HTML 4's; raw HTML in a body
 * (when the feed allows it) may use newer elements, so "unknown tag"
 * alone is not an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "alloc.h"
#include "buf.h"
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

static void
parse(struct html_check *c, const char *data, size_t len, int terminate)
{
	int chunk;

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
