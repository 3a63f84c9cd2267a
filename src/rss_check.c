/*
 * rss_check.c - reading back the RSS feed as it is written (see
 * selfcheck.h): libxml2's SAX push parser, fed from the checker's thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "rss.h"

/* Required children of the channel and of each item, as bits. */
enum {
	HAS_TITLE = 1, HAS_LINK = 2, HAS_DESCRIPTION = 4, HAS_GUID = 8,
	CHANNEL_NEEDS = HAS_TITLE | HAS_LINK | HAS_DESCRIPTION,
	ITEM_NEEDS = HAS_TITLE | HAS_GUID
};

struct rss_check {
	struct crier_check base;
	xmlParserCtxtPtr ctxt;
	const struct crier_feed *feed;
	char *path;
	int depth;
	size_t channels;       /* channel elements seen */
	size_t item;           /* items seen so far */
	unsigned channel_seen; /* HAS_* of the channel */
	unsigned item_seen;    /* HAS_* of the current item */
	int in_guid;
	struct crier_buf guid; /* text of the current item's guid */
	char problem[512];     /* the first problem found */
};

static void
problem(struct rss_check *c, const char *fmt, const char *arg)
{
	if (c->problem[0] == '\0')
		snprintf(c->problem, sizeof(c->problem), fmt, arg);
}

static int
is(const xmlChar *name, const char *want)
{
	return xmlStrEqual(name, (const xmlChar *)want);
}

static unsigned
child_bit(const xmlChar *name)
{
	if (is(name, "title"))
		return HAS_TITLE;
	if (is(name, "link"))
		return HAS_LINK;
	if (is(name, "description"))
		return HAS_DESCRIPTION;
	if (is(name, "guid"))
		return HAS_GUID;
	return 0;
}

static void
check_root(struct rss_check *c, const xmlChar *name, const xmlChar *uri,
           const xmlChar **attributes, int count)
{
	const xmlChar **a = attributes;
	int i, has_version = 0;

	if (uri != NULL || !is(name, "rss")) {
		problem(c, "the root element is not <rss>%s", "");
		return;
	}
	/* SAX2 gives attribute values as [start, end) ranges. */
	for (i = 0; i < count; i++, a += 5)
		if (a[2] == NULL && is(a[0], "version"))
			has_version = a[4] - a[3] == 3 &&
			    memcmp(a[3], "2.0", 3) == 0;
	if (!has_version)
		problem(c, "the rss element is not version 2.0%s", "");
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct rss_check *c = ctx;
	int depth = c->depth++;

	(void)prefix, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
	if (depth == 0)
		check_root(c, name, uri, attributes, nb_attributes);
	/* RSS 2.0's own elements are in no namespace. */
	if (uri != NULL)
		return;
	if (depth == 1) {
		if (!is(name, "channel") || ++c->channels > 1)
			problem(c, "the rss element must hold one channel%s",
			        "");
	} else if (depth == 2 && is(name, "item")) {
		if ((c->channel_seen & CHANNEL_NEEDS) != CHANNEL_NEEDS)
			problem(c, "the channel lacks title, link or "
			        "description before its items%s", "");
		c->item++;
		c->item_seen = 0;
	} else if (depth == 2) {
		c->channel_seen |= child_bit(name);
	} else if (depth == 3 && c->item > 0) {
		c->item_seen |= child_bit(name);
		if (is(name, "guid")) {
			c->in_guid = 1;
			c->guid.len = 0;
		}
	}
}

static void
check_guid(struct rss_check *c)
{
	const struct crier_entry *want;

	if (c->item > crier_feed_output_count(c->feed)) {
		problem(c, "more items than the feed has%s", "");
		return;
	}
	want = c->feed->published[c->item - 1];
	crier_buf_add(&c->guid, "", 0);
	if (strcmp(c->guid.data, want->uri) != 0)
		problem(c, "the item's guid is not %s", want->uri);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	struct rss_check *c = ctx;
	int depth = --c->depth;

	(void)name, (void)prefix, (void)uri;
	if (depth == 3 && c->in_guid) {
		c->in_guid = 0;
		check_guid(c);
	} else if (depth == 2 && c->item > 0 && uri == NULL &&
	    is(name, "item") && (c->item_seen & ITEM_NEEDS) != ITEM_NEEDS) {
		problem(c, "an item lacks its title or guid%s", "");
	} else if (depth == 1 && (c->channel_seen & CHANNEL_NEEDS) != CHANNEL_NEEDS) {
		problem(c, "the channel lacks title, link or description%s",
		        "");
	}
}

static void
on_characters(void *ctx, const xmlChar *text, int len)
{
	struct rss_check *c = ctx;

	if (c->in_guid)
		crier_buf_add(&c->guid, (const char *)text, (size_t)len);
}

static void
on_error(void *ctx, xmlErrorPtr err)
{
	struct rss_check *c = ctx;
	char text[400];

	snprintf(text, sizeof(text), "line %d: %s", err->line,
	         err->message != NULL ? err->message : "error");
	text[strcspn(text, "\n")] = '\0';
	problem(c, "not well-formed XML: %s", text);
}

static void
rss_push(struct crier_check *check, const char *data, size_t len)
{
	struct rss_check *c = (struct rss_check *)check;
	int chunk;

	while (len > 0 && c->problem[0] == '\0') {
		chunk = len > 1 << 20 ? 1 << 20 : (int)len;
		xmlParseChunk(c->ctxt, data, chunk, 0);
		data += chunk;
		len -= (size_t)chunk;
	}
}

static int
rss_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct rss_check *c = (struct rss_check *)check;
	const struct crier_entry *at = NULL;
	size_t n = crier_feed_output_count(c->feed);
	int rc = 0;

	if (c->problem[0] == '\0')
		xmlParseChunk(c->ctxt, NULL, 0, 1);
	if (c->problem[0] == '\0' && !c->ctxt->wellFormed)
		problem(c, "not well-formed XML%s", "");
	if (c->problem[0] == '\0' && c->channels != 1)
		problem(c, "the rss element must hold one channel%s", "");
	if (c->problem[0] == '\0' && c->item != n)
		problem(c, "the channel lacks some items%s", "");
	if (c->problem[0] != '\0') {
		if (c->item > 0 && c->item <= n)
			at = c->feed->published[c->item - 1];
		crier_diag(diags, at != NULL ? at->file : c->path, 0, 0,
		           MSG_SELF_CHECK, c->problem);
		rc = -1;
	}
	xmlFreeParserCtxt(c->ctxt);
	crier_buf_free(&c->guid);
	free(c->path);
	free(c);
	return rc;
}

struct crier_check *
crier_check_rss_new(const struct crier_feed *feed, const char *path)
{
	struct rss_check *c = crier_xcalloc(1, sizeof(*c));
	xmlSAXHandler sax;

	c->base.push = rss_push;
	c->base.finish = rss_finish;
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
