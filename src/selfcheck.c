#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "diag.h"
#include "selfcheck.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"

/* Required children of the feed and of each entry, as bits. */
enum { HAS_ID = 1, HAS_TITLE = 2, HAS_UPDATED = 4, HAS_ALL = 7 };

struct check {
	xmlTextReaderPtr r;
	const struct crier_feed *feed;
	const char *path;
	size_t entry;          /* entries seen so far */
	unsigned seen;         /* HAS_* of the element being read */
	char problem[512];     /* the first problem found */
};

static void
problem(struct check *c, const char *fmt, const char *arg)
{
	if (c->problem[0] == '\0')
		snprintf(c->problem, sizeof(c->problem), fmt, arg);
}

static void
parse_error(void *arg, const char *msg, xmlParserSeverities severity,
            xmlTextReaderLocatorPtr locator)
{
	struct check *c = arg;
	char text[400];

	(void)severity;
	snprintf(text, sizeof(text), "line %d: %s",
	         xmlTextReaderLocatorLineNumber(locator), msg);
	text[strcspn(text, "\n")] = '\0';
	problem(c, "not well-formed XML: %s", text);
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
check_entry_id(struct check *c)
{
	xmlChar *id = xmlTextReaderReadString(c->r);
	const struct crier_entry *want;

	if (c->entry == 0 || c->entry > crier_feed_output_count(c->feed)) {
		xmlFree(id);
		return;
	}
	want = c->feed->published[c->entry - 1];
	if (id == NULL || strcmp((const char *)id, want->uri) != 0)
		problem(c, "entry id differs from %s", want->uri);
	xmlFree(id);
}

static void
on_element(struct check *c, int depth)
{
	const xmlChar *name = xmlTextReaderConstLocalName(c->r);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(c->r);
	int is_atom = ns != NULL && xmlStrEqual(ns, (const xmlChar *)ATOM_NS);

	if (depth == 0 && !(is_atom && xmlStrEqual(name,
	    (const xmlChar *)"feed")))
		problem(c, "root element is not an Atom feed%s", "");
	if (!is_atom)
		return;
	if (depth == 1 && xmlStrEqual(name, (const xmlChar *)"entry")) {
		if ((c->seen & HAS_ALL) != HAS_ALL)
			problem(c, "feed lacks id, title or updated%s", "");
		c->entry++;
		c->seen &= HAS_ALL;   /* the entry's bits start afresh */
	} else if (depth == 1) {
		c->seen |= required_bit(name);
	} else if (depth == 2 && c->entry > 0) {
		c->seen |= required_bit(name) << 3;
		if (required_bit(name) == HAS_ID)
			check_entry_id(c);
	}
}

static void
on_end_element(struct check *c, int depth)
{
	if (depth == 1 && c->entry > 0 &&
	    ((c->seen >> 3) & HAS_ALL) != HAS_ALL)
		problem(c, "an entry lacks id, title or updated%s", "");
}

int
crier_selfcheck_atom(const char *path, const struct crier_feed *feed,
                     struct crier_diags *diags)
{
	struct check c = {NULL, feed, path, 0, 0, {0}};
	const struct crier_entry *at;
	int rc, type;

	/* Our own output: big text nodes are expected, the network is not. */
	c.r = xmlReaderForFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE);
	if (c.r == NULL) {
		crier_diag(diags, path, 0, 0, MSG_SELF_CHECK, "cannot read back");
		return -1;
	}
	xmlTextReaderSetErrorHandler(c.r, parse_error, &c);
	while ((rc = xmlTextReaderRead(c.r)) == 1 && c.problem[0] == '\0') {
		type = xmlTextReaderNodeType(c.r);
		if (type == XML_READER_TYPE_ELEMENT) {
			on_element(&c, xmlTextReaderDepth(c.r));
			if (xmlTextReaderIsEmptyElement(c.r))
				on_end_element(&c, xmlTextReaderDepth(c.r));
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			on_end_element(&c, xmlTextReaderDepth(c.r));
		}
	}
	if (rc < 0)
		problem(&c, "not well-formed XML%s", "");
	if (c.problem[0] == '\0' && c.entry != crier_feed_output_count(feed))
		problem(&c, "wrong number of entries%s", "");
	xmlFreeTextReader(c.r);
	if (c.problem[0] == '\0')
		return 0;
	at = c.entry > 0 && c.entry <= crier_feed_output_count(feed)
	    ? feed->published[c.entry - 1] : NULL;
	crier_diag(diags, at != NULL ? at->file : path, 0, 0, MSG_SELF_CHECK,
	           c.problem);
	return -1;
}
