#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "alloc.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "xmlcheck.h"
#include "selfcheck.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"

/* Required children of the feed and of each entry, as bits. */
enum { HAS_ID = 1, HAS_TITLE = 2, HAS_UPDATED = 4, HAS_ALL = 7 };

/*
 * What RFC 4287 4.1.1 wants of an entry without content: an alternate
 * link, and the validator a summary (MissingTextualContent).
 */
enum { HAS_CONTENT = 1, HAS_SUMMARY = 2, HAS_ALTERNATE = 4 };

/* What the checker looks for in an Atom element, by its name. */
enum {
	IS_ID = HAS_ID, IS_TITLE = HAS_TITLE, IS_UPDATED = HAS_UPDATED,
	IS_FEED = 8, IS_ENTRY = 16, IS_TEXT_CONSTRUCT = 32, IS_CONTENT = 64,
	IS_SUMMARY = 128, IS_LINK = 256, IS_CATEGORY = 512
};

struct atom_check {
	struct crier_xml_check x;
	struct crier_name_memo names;  /* IS_* of each name */
	const xmlChar *atom_ns;        /* the parser's copy, once seen */
	int depth;
	unsigned feed_seen;    /* HAS_* of the feed */
	unsigned entry_seen;   /* HAS_* of the current entry */
	unsigned entry_text;   /* HAS_CONTENT etc. of the current entry */
	int in_entry_id;
	struct crier_buf id;   /* text of the current entry's id */
	int in_plain;          /* in a text construct of type "text" */
	struct crier_buf plain; /* its text */
};

/* The value of the attribute NAME (no namespace) among COUNT, or NULL. */
static const xmlChar *
attribute(const xmlChar **attributes, int count, const char *name,
          int *len)
{
	const xmlChar **a = attributes;
	int i;

	for (i = 0; i < count; i++, a += 5)
		if (a[2] == NULL && xmlStrEqual(a[0], (const xmlChar *)name)) {
			*len = (int)(a[4] - a[3]);
			return a[3];
		}
	return NULL;
}

/*
 * A copy of the attribute value V: libxml2's SAX2 leaves '&' that was
 * written as a reference as "&#38;" (xmlParseAttValueInternal).
 */
static char *
unescape_amp(const xmlChar *v, size_t len)
{
	char *s = crier_xmalloc(len + 1), *q = s;
	size_t i;

	for (i = 0; i < len; i++) {
		*q++ = (char)v[i];
		if (len - i >= 5 && memcmp(v + i, "&#38;", 5) == 0)
			i += 4;
	}
	*q = '\0';
	return s;
}

/*
 * Plain text the validator would read as HTML (ContainsUndeclaredHTML,
 * ContainsHTML): a text construct of type "text" is followed to its end,
 * a category's label and a link's title are looked at here.
 */
static void
check_plain(struct atom_check *c, unsigned bits,
            const xmlChar **attributes, int count)
{
	const xmlChar *v;
	char *label;
	int len;

	if (((bits & IS_CATEGORY) &&
	    (v = attribute(attributes, count, "label", &len)) != NULL) ||
	    ((bits & IS_LINK) &&
	    (v = attribute(attributes, count, "title", &len)) != NULL)) {
		label = unescape_amp(v, (size_t)len);
		/* Its "&amp;" is written "&#x26;amp;": only end tags count. */
		if (crier_text_has_end_tag(label))
			crier_xml_check_problem(&c->x, "a category label or "
			                        "link title that reads as HTML: "
			                        "%s", label);
		free(label);
	}
	if (!(bits & IS_TEXT_CONSTRUCT))
		return;
	v = attribute(attributes, count, "type", &len);
	c->in_plain = v == NULL || (len == 4 && memcmp(v, "text", 4) == 0);
	c->plain.len = 0;
}

static unsigned
atom_bits(const xmlChar *name)
{
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {
		{"id", IS_ID}, {"title", IS_TITLE | IS_TEXT_CONSTRUCT},
		{"updated", IS_UPDATED}, {"feed", IS_FEED}, {"entry", IS_ENTRY},
		{"subtitle", IS_TEXT_CONSTRUCT},
		{"summary", IS_SUMMARY | IS_TEXT_CONSTRUCT},
		{"rights", IS_TEXT_CONSTRUCT}, {"content", IS_CONTENT},
		{"link", IS_LINK}, {"category", IS_CATEGORY}
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (xmlStrEqual(name, (const xmlChar *)names[i].name))
			return names[i].bits;
	return 0;
}

/* HAS_CONTENT etc. for an element of an entry. */
static unsigned
text_bit(unsigned bits, const xmlChar **attributes, int count)
{
	const xmlChar **a = attributes;
	int i, is_alternate = 1;

	if (bits & IS_CONTENT)
		return HAS_CONTENT;
	if (bits & IS_SUMMARY)
		return HAS_SUMMARY;
	if (!(bits & IS_LINK))
		return 0;
	/* A link without rel is an alternate one (RFC 4287 4.2.7.2). */
	for (i = 0; i < count; i++, a += 5)
		if (a[2] == NULL && xmlStrEqual(a[0], (const xmlChar *)"rel"))
			is_alternate = a[4] - a[3] == 9 &&
			    memcmp(a[3], "alternate", 9) == 0;
	return is_alternate ? HAS_ALTERNATE : 0;
}

/* Whether URI, a namespace the parser interned, is Atom's. */
static int
is_atom_ns(struct atom_check *c, const xmlChar *uri)
{
	if (uri != NULL && uri == c->atom_ns)
		return 1;
	if (uri == NULL || !xmlStrEqual(uri, (const xmlChar *)ATOM_NS))
		return 0;
	if (xmlDictOwns(c->x.ctxt->dict, uri) == 1)
		c->atom_ns = uri;
	return 1;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct atom_check *c = ctx;
	int is_atom = is_atom_ns(c, uri);
	unsigned bits = is_atom ?
	    crier_xml_name_bits(&c->x, &c->names, name, atom_bits) : 0;
	int depth = c->depth++;

	(void)prefix, (void)nb_namespaces, (void)namespaces;
	(void)nb_defaulted;
	if (depth == 0 && !(bits & IS_FEED))
		crier_xml_check_problem(&c->x, "the root element is not an Atom feed%s", "");
	if (!is_atom)
		return;
	check_plain(c, bits, attributes, nb_attributes);
	if (depth == 1 && (bits & IS_ENTRY)) {
		if (c->feed_seen != HAS_ALL)
			crier_xml_check_problem(&c->x, "the feed lacks id, title or updated%s", "");
		c->x.entry++;
		c->entry_seen = 0;
		c->entry_text = 0;
	} else if (depth == 1) {
		c->feed_seen |= bits & HAS_ALL;
	} else if (depth == 2 && c->x.entry > 0) {
		c->entry_seen |= bits & HAS_ALL;
		c->entry_text |= text_bit(bits, attributes, nb_attributes);
		if (bits & IS_ID) {
			c->in_entry_id = 1;
			c->id.len = 0;
		}
	}
}

static void
check_entry_id(struct atom_check *c)
{
	const struct crier_entry *want;

	if (c->x.entry > crier_feed_output_count(c->x.feed)) {
		crier_xml_check_problem(&c->x, "more entries than the feed has%s", "");
		return;
	}
	want = c->x.feed->published[c->x.entry - 1];
	if (c->id.data == NULL || strcmp(c->id.data, want->uri) != 0)
		crier_xml_check_problem(&c->x, "the entry's id is not %s", want->uri);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	struct atom_check *c = ctx;
	int depth = --c->depth;

	(void)name, (void)prefix, (void)uri;
	if (c->in_plain) {
		c->in_plain = 0;
		crier_buf_add(&c->plain, "", 0);
		if (crier_text_reads_as_html(c->plain.data))
			crier_xml_check_problem(&c->x, "<%s> of type text reads "
			                        "as HTML", (const char *)name);
	}
	if (depth == 2 && c->in_entry_id) {
		c->in_entry_id = 0;
		crier_buf_add(&c->id, "", 0);
		check_entry_id(c);
	} else if (depth == 1 && c->x.entry > 0 && c->entry_seen != HAS_ALL) {
		crier_xml_check_problem(&c->x, "an entry lacks id, title or updated%s", "");
	} else if (depth == 1 && c->x.entry > 0 &&
	    !(c->entry_text & HAS_CONTENT) &&
	    (c->entry_text & (HAS_SUMMARY | HAS_ALTERNATE)) !=
	    (HAS_SUMMARY | HAS_ALTERNATE)) {
		crier_xml_check_problem(&c->x, "an entry with no content lacks "
		                        "a summary or an alternate link%s", "");
	}
}

static void
on_characters(void *ctx, const xmlChar *text, int len)
{
	struct atom_check *c = ctx;

	if (c->in_entry_id)
		crier_buf_add(&c->id, (const char *)text, (size_t)len);
	if (c->in_plain)
		crier_buf_add(&c->plain, (const char *)text, (size_t)len);
}

static int
atom_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct atom_check *c = (struct atom_check *)check;
	size_t n = crier_feed_output_count(c->x.feed);
	int rc;

	crier_xml_check_end(&c->x);
	if (c->x.entry != n)
		crier_xml_check_problem(&c->x, "the feed lacks some entries%s",
		                        "");
	rc = crier_xml_check_report(&c->x, diags);
	crier_buf_free(&c->id);
	crier_buf_free(&c->plain);
	free(c);
	return rc;
}

struct crier_check *
crier_check_atom_new(const struct crier_feed *feed, const char *path)
{
	struct atom_check *c = crier_xcalloc(1, sizeof(*c));
	xmlSAXHandler sax;

	memset(&sax, 0, sizeof(sax));
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_characters;
	crier_xml_check_init(&c->x, feed, path, &sax, atom_finish);
	c->x.is_feed = 1;
	return &c->x.base;
}

void
crier_check_consume(void *check, const char *data, size_t len)
{
	struct crier_check *c = check;

	c->push(c, data, len);
}
