#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "bodycheck.h"
#include "bytes.h"
#include "diag.h"
#include "record.h"
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

/* ------------------------------------------------------------------ */
/* The validator's rules, for every XML feed                           */
/* ------------------------------------------------------------------ */

/* Text elements that may not be blank (NotBlank), by local name. */
static const char *const not_blank[] = {
	"id", "title", "subtitle", "summary", "content", "rights", "name",
	"email", "uri", "updated", "published", "description", "encoded",
	"pubDate", "lastBuildDate", "guid", "link", "creator", "category",
	"generator", "startdate", "enddate", "location", "icon", "logo"
};

/* Elements whose text is a URL, by local name. */
static const char *const url_text[] = {"link", "url", "icon", "logo", "docs"};

/* Elements whose text is HTML (escaped, or CDATA), by local name. */
static const char *const html_text[] = {
	"content", "description", "encoded", "summary"
};

static int
is_one_of(const xmlChar *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (xmlStrEqual(name, (const xmlChar *)list[i]))
			return 1;
	return 0;
}

#define IS_ONE_OF(name, list) \
	is_one_of(name, list, sizeof(list) / sizeof((list)[0]))

/* What the rules want of an element, by its name. */
enum { NOT_BLANK = 1, URL_TEXT = 2, HTML_TEXT = 4, ATTRIBUTES_ONLY = 8 };

static unsigned
rule_bits(const xmlChar *name)
{
	return (IS_ONE_OF(name, not_blank) ? NOT_BLANK : 0) |
	       (IS_ONE_OF(name, url_text) ? URL_TEXT : 0) |
	       (IS_ONE_OF(name, html_text) ? HTML_TEXT : 0) |
	       (xmlStrEqual(name, (const xmlChar *)"link") ||
	        xmlStrEqual(name, (const xmlChar *)"category") ?
	        ATTRIBUTES_ONLY : 0);
}

unsigned
crier_xml_name_bits(struct crier_xml_check *c, struct crier_name_memo *memo,
                    const xmlChar *name,
                    unsigned (*classify)(const xmlChar *name))
{
	size_t slot = ((uintptr_t)name >> 3) % CRIER_NAME_MEMO_SLOTS;
	unsigned bits;

	if (memo->name[slot] == name)
		return memo->bits[slot];
	bits = classify(name);
	/* Only a name the dictionary owns keeps its address. */
	if (xmlDictOwns(c->ctxt->dict, name) == 1) {
		memo->name[slot] = name;
		memo->bits[slot] = bits;
	}
	return bits;
}

/*
 * Whether byte B needs no further look in text: printable ASCII, tab or
 * a line end.  Most of a feed is such bytes, so they are skipped one
 * compare each instead of being decoded.
 */
static int
is_plain_byte(unsigned char b)
{
	return (b >= 0x20 && b < 0x7F) || b == '\n' || b == '\t' || b == '\r';
}

/* Whether LEN bytes at S hold a character no feed may carry. */
static int
has_bad_char(const xmlChar *s, size_t len)
{
	const xmlChar *end = s + len;
	uint32_t cp;
	size_t n;

	while (s < end) {
		if (end - s >= CRIER_WORD_BYTES &&
		    crier_word_is_printable(crier_word_at(s))) {
			s += CRIER_WORD_BYTES;
			continue;
		}
		if (is_plain_byte(*s)) {
			s++;
			continue;
		}
		if ((n = crier_utf8_decode(s, (size_t)(end - s), &cp)) == 0 ||
		    crier_char_is_unwritable(cp))
			return 1;
		s += n;
	}
	return 0;
}

/* A scheme and something after it: absolute, as the validator sees it. */
static int
has_scheme(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
		return 0;
	while (i < len && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
	    (s[i] >= '0' && s[i] <= '9') || strchr("+-.", s[i]) != NULL))
		i++;
	return i + 1 < len && s[i] == ':';
}

/* An absolute URI: a scheme, then printable ASCII without spaces. */
static int
is_absolute_uri(const char *s, size_t len)
{
	size_t i;

	if (!has_scheme(s, len))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7F)
			return 0;
	return 1;
}

/*
 * The length of the attribute name "href" or "src" that ends just
 * before the '=' at EQ, when a space starts it (or TEXT does), or 0.
 */
static size_t
link_attribute_before(const char *text, const char *eq)
{
	size_t n = eq - text >= 4 && strncasecmp(eq - 4, "href", 4) == 0 ? 4 :
	    eq - text >= 3 && strncasecmp(eq - 3, "src", 3) == 0 ? 3 : 0;

	if (n == 0 || (eq - n > text && strchr(" \t\n", eq[-(long)n - 1]) == NULL))
		return 0;
	return n;
}

/*
 * Every href and src in the HTML TEXT names an absolute URI.  Found
 * from their '=', which is rarer in text than the letters h and s.
 */
static void
check_html_links(struct crier_xml_check *c, const char *text)
{
	const char *eq, *v, *end;
	size_t n;

	for (eq = text; (eq = strchr(eq, '=')) != NULL; eq++) {
		if ((n = link_attribute_before(text, eq)) == 0)
			continue;
		v = eq + 1;
		if (*v != '"' && *v != '\'')
			continue;
		end = strchr(v + 1, *v);
		/* Raw HTML may hold an IRI (mailto:zoë@...): only a scheme. */
		if (end != NULL && !has_scheme(v + 1, (size_t)(end - v - 1))) {
			crier_xml_check_problem(c, "a link in HTML is not an "
			                        "absolute URI: %.80s", eq - n);
			return;
		}
	}
}

static void
rules_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
            const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
            int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct crier_xml_check *c = ctx;
	const xmlChar **a = attributes;
	int i, n_attributes = nb_attributes;
	unsigned bits;
	size_t len;

	if (!c->is_feed)
		nb_attributes = 0;
	c->has_child = 1;
	/* SAX2 gives attribute values as [start, end) ranges. */
	for (i = 0; i < nb_attributes; i++, a += 5) {
		len = (size_t)(a[4] - a[3]);
		if (has_bad_char(a[3], len))
			crier_xml_check_problem(c, "a character no feed may carry "
			                        "in an attribute of <%s>",
			                        (const char *)name);
		if (a[1] != NULL && xmlStrEqual(a[0], (const xmlChar *)"base"))
			crier_xml_check_problem(c, "xml:base on <%s>",
			                        (const char *)name);
		if (a[2] == NULL && (xmlStrEqual(a[0], (const xmlChar *)"href") ||
		    xmlStrEqual(a[0], (const xmlChar *)"src")) &&
		    !is_absolute_uri((const char *)a[3], len))
			crier_xml_check_problem(c, "<%s> links to something that "
			                        "is not an absolute URI",
			                        (const char *)name);
	}
	bits = crier_xml_name_bits(c, &c->rules, name, rule_bits);
	c->text.len = 0;
	c->has_child = !c->is_feed;
	c->is_html = (bits & HTML_TEXT) != 0;
	if (c->format.startElementNs != NULL)
		c->format.startElementNs(ctx, name, prefix, uri, nb_namespaces,
		    namespaces, n_attributes, nb_defaulted, attributes);
	/* Attribute-only elements (Atom's link and category) are not text. */
	if (nb_attributes > 0 && (bits & ATTRIBUTES_ONLY))
		c->has_child = 1;
}

/*
 * Whether TEXT (LEN bytes) holds only white space, the Unicode spaces
 * included: the validator strips those too before it calls text blank.
 */
static int
is_blank(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t n;

	while (p < end) {
		if (*p == '\r' || *p == '\n')
			n = 1;
		else if ((n = crier_blank_len(p, end)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

static void
rules_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
          const xmlChar *uri)
{
	struct crier_xml_check *c = ctx;
	unsigned bits = crier_xml_name_bits(c, &c->rules, name, rule_bits);
	const char *text;

	crier_buf_add(&c->text, "", 0);
	text = c->text.data;
	if (!c->has_child && (bits & NOT_BLANK) &&
	    is_blank(text, c->text.len))
		crier_xml_check_problem(c, "<%s> is blank", (const char *)name);
	else if (!c->has_child && (bits & URL_TEXT) &&
	    !is_absolute_uri(text, c->text.len))
		crier_xml_check_problem(c, "<%s> is not an absolute URI",
		                        (const char *)name);
	else if (!c->has_child && c->is_html)
		check_html_links(c, text);
	/* The parent's text is not followed further: it has a child. */
	c->has_child = 1;
	c->text.len = 0;
	if (c->format.endElementNs != NULL)
		c->format.endElementNs(ctx, name, prefix, uri);
}

static void
rules_characters(void *ctx, const xmlChar *text, int len)
{
	struct crier_xml_check *c = ctx;

	if (c->is_feed && has_bad_char(text, (size_t)len))
		crier_xml_check_problem(c, "a character no feed may carry%s", "");
	if (!c->has_child)
		crier_buf_add(&c->text, (const char *)text, (size_t)len);
	if (c->format.characters != NULL)
		c->format.characters(ctx, text, len);
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
	c->format = *sax;
	sax->startElementNs = rules_start;
	sax->endElementNs = rules_end;
	sax->characters = rules_characters;
	sax->cdataBlock = rules_characters;
	sax->initialized = XML_SAX2_MAGIC;
	sax->serror = on_error;
	c->feed = feed;
	c->path = crier_xstrdup(path);
	c->ctxt = xmlCreatePushParserCtxt(sax, c, NULL, 0, path);
	if (c->ctxt == NULL)
		crier_out_of_memory("XML parser");
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
	crier_buf_free(&c->text);
	free(c->path);
	return rc;
}
