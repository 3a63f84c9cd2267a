#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "selfcheck.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"

/* Required children of the feed and of each entry, as bits. */
enum { HAS_ID = 1, HAS_TITLE = 2, HAS_UPDATED = 4, HAS_ALL = 7 };

struct atom_check {
	struct crier_check base;
	xmlParserCtxtPtr ctxt;
	const struct crier_feed *feed;
	char *path;
	int depth;
	size_t entry;          /* entries seen so far */
	unsigned feed_seen;    /* HAS_* of the feed */
	unsigned entry_seen;   /* HAS_* of the current entry */
	int in_entry_id;
	struct crier_buf id;   /* text of the current entry's id */
	char problem[512];     /* the first problem found */
};

static void
problem(struct atom_check *c, const char *fmt, const char *arg)
{
	if (c->problem[0] == '\0')
		snprintf(c->problem, sizeof(c->problem), fmt, arg);
}

static unsigned
required_bit(const xmlChar *name)
{
	if (xmlStrEqual(name, (const xmlChar *)"id"))
		return HAS_ID;
	if (xmlStrEqual(name, (const xmlChar *)"title"))
		return HAS_TITLE;
	if (xmlStrEqual(name, (const xmlChar *)"updated"))
		return HAS_UPDATED;
	return 0;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct atom_check *c = ctx;
	int is_atom = uri != NULL && xmlStrEqual(uri, (const xmlChar *)ATOM_NS);
	int depth = c->depth++;

	(void)prefix, (void)nb_namespaces, (void)namespaces;
	(void)nb_attributes, (void)nb_defaulted, (void)attributes;
	if (depth == 0 && !(is_atom && xmlStrEqual(name,
	    (const xmlChar *)"feed")))
		problem(c, "the root element is not an Atom feed%s", "");
	if (!is_atom)
		return;
	if (depth == 1 && xmlStrEqual(name, (const xmlChar *)"entry")) {
		if (c->feed_seen != HAS_ALL)
			problem(c, "the feed lacks id, title or updated%s", "");
		c->entry++;
		c->entry_seen = 0;
	} else if (depth == 1) {
		c->feed_seen |= required_bit(name);
	} else if (depth == 2 && c->entry > 0) {
		c->entry_seen |= required_bit(name);
		if (required_bit(name) == HAS_ID) {
			c->in_entry_id = 1;
			c->id.len = 0;
		}
	}
}

static void
check_entry_id(struct atom_check *c)
{
	const struct crier_entry *want;

	if (c->entry > crier_feed_output_count(c->feed)) {
		problem(c, "more entries than the feed has%s", "");
		return;
	}
	want = c->feed->published[c->entry - 1];
	if (c->id.data == NULL || strcmp(c->id.data, want->uri) != 0)
		problem(c, "the entry's id is not %s", want->uri);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	struct atom_check *c = ctx;
	int depth = --c->depth;

	(void)name, (void)prefix, (void)uri;
	if (depth == 2 && c->in_entry_id) {
		c->in_entry_id = 0;
		crier_buf_add(&c->id, "", 0);
		check_entry_id(c);
	} else if (depth == 1 && c->entry > 0 && c->entry_seen != HAS_ALL) {
		problem(c, "an entry lacks id, title or updated%s", "");
	}
}

static void
on_characters(void *ctx, const xmlChar *text, int len)
{
	struct atom_check *c = ctx;

	if (c->in_entry_id)
		crier_buf_add(&c->id, (const char *)text, (size_t)len);
}

static void
on_error(void *ctx, xmlErrorPtr err)
{
	struct atom_check *c = ctx;
	char text[400];

	snprintf(text, sizeof(text), "line %d: %s", err->line,
	         err->message != NULL ? err->message : "error");
	text[strcspn(text, "\n")] = '\0';
	problem(c, "not well-formed XML: %s", text);
}

static void
atom_push(struct crier_check *check, const char *data, size_t len)
{
	struct atom_check *c = (struct atom_check *)check;
	int chunk;

	while (len > 0 && c->problem[0] == '\0') {
		chunk = len > 1 << 20 ? 1 << 20 : (int)len;
		xmlParseChunk(c->ctxt, data, chunk, 0);
		data += chunk;
		len -= (size_t)chunk;
	}
}

static int
atom_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct atom_check *c = (struct atom_check *)check;
	const struct crier_entry *at = NULL;
	size_t n = crier_feed_output_count(c->feed);
	int rc = 0;

	if (c->problem[0] == '\0')
		xmlParseChunk(c->ctxt, NULL, 0, 1);
	if (c->problem[0] == '\0' && !c->ctxt->wellFormed)
		problem(c, "not well-formed XML%s", "");
	if (c->problem[0] == '\0' && c->entry != n)
		problem(c, "the feed lacks some entries%s", "");
	if (c->problem[0] != '\0') {
		if (c->entry > 0 && c->entry <= n)
			at = c->feed->published[c->entry - 1];
		crier_diag(diags, at != NULL ? at->file : c->path, 0, 0,
		           MSG_SELF_CHECK, c->problem);
		rc = -1;
	}
	xmlFreeParserCtxt(c->ctxt);
	crier_buf_free(&c->id);
	free(c->path);
	free(c);
	return rc;
}

struct crier_check *
crier_check_atom_new(const struct crier_feed *feed, const char *path)
{
	struct atom_check *c = crier_xcalloc(1, sizeof(*c));
	xmlSAXHandler sax;

	c->base.push = atom_push;
	c->base.finish = atom_finish;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_characters;
	sax.serror = on_error;
	c->feed = feed;
	c->path = crier_xstrdup(path);
	c->ctxt = xmlCreatePushParserCtxt(&sax, c, NULL, 0, path);
	if (c->ctxt == NULL) {
		fputs("crier: out of memory (XML parser)\n", stderr);
		abort();
	}
	/* Our own output: big text nodes are expected, the network is not. */
	xmlCtxtUseOptions(c->ctxt, XML_PARSE_NONET | XML_PARSE_HUGE);
	return &c->base;
}

void
crier_check_consume(void *check, const char *data, size_t len)
{
	struct crier_check *c = check;

	c->push(c, data, len);
}
