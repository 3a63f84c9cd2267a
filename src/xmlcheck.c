#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "xmlcheck.h"

void
crier_xml_check_problem(struct crier_xml_check *c, const char *fmt,
                        const char *arg)
{
	if (c->problem[0] == '\0')
		snprintf(c->problem, sizeof(c->problem), fmt, arg);
}

static void
on_error(void *ctx, xmlErrorPtr err)
{
	struct crier_xml_check *c = ctx;
	char text[400];

	snprintf(text, sizeof(text), "line %d: %s", err->line,
	         err->message != NULL ? err->message : "error");
	text[strcspn(text, "\n")] = '\0';
	crier_xml_check_problem(c, "not well-formed XML: %s", text);
}

static void
xml_push(struct crier_check *check, const char *data, size_t len)
{
	struct crier_xml_check *c = (struct crier_xml_check *)check;
	int chunk;

	/* After the first problem the rest is only drained. */
	while (len > 0 && c->problem[0] == '\0') {
		chunk = len > 1 << 20 ? 1 << 20 : (int)len;
		xmlParseChunk(c->ctxt, data, chunk, 0);
		data += chunk;
		len -= (size_t)chunk;
	}
}

void
crier_xml_check_init(struct crier_xml_check *c,
                     const struct crier_feed *feed, const char *path,
                     xmlSAXHandler *sax,
                     int (*finish)(struct crier_check *,
                                   struct crier_diags *))
{
	c->base.push = xml_push;
	c->base.finish = finish;
	sax->initialized = XML_SAX2_MAGIC;
	sax->serror = on_error;
	c->feed = feed;
	c->path = crier_xstrdup(path);
	c->ctxt = xmlCreatePushParserCtxt(sax, c, NULL, 0, path);
	if (c->ctxt == NULL) {
		fputs("crier: out of memory (XML parser)\n", stderr);
		abort();
	}
	/* Our own output: big text nodes are expected, the network is not. */
	xmlCtxtUseOptions(c->ctxt, XML_PARSE_NONET | XML_PARSE_HUGE);
}

void
crier_xml_check_end(struct crier_xml_check *c)
{
	if (c->problem[0] == '\0')
		xmlParseChunk(c->ctxt, NULL, 0, 1);
	if (c->problem[0] == '\0' && !c->ctxt->wellFormed)
		crier_xml_check_problem(c, "not well-formed XML%s", "");
}

int
crier_xml_check_report(struct crier_xml_check *c, struct crier_diags *diags)
{
	size_t n = crier_feed_output_count(c->feed);
	const struct crier_entry *at = NULL;
	int rc = 0;

	if (c->problem[0] != '\0') {
		if (c->entry > 0 && c->entry <= n)
			at = c->feed->published[c->entry - 1];
		crier_diag(diags, at != NULL ? at->file : c->path, 0, 0,
		           MSG_SELF_CHECK, c->problem);
		rc = -1;
	}
	xmlFreeParserCtxt(c->ctxt);
	free(c->path);
	return rc;
}
