#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "alloc.h"
#include "bodycheck.h"
#include "bytes.h"
#include "diag.h"
#include "record.h"

static const char *const forbidden_tags[] = {
	"script", "iframe", "frame", "frameset", "object", "embed", "applet",
	"form", "style", "meta", "link", "base"
};

static const char *const forbidden_schemes[] = {
	"javascript:", "vbscript:", "data:"
};

/*
 * The first forbidden thing in raw HTML TEXT, as a short description;
 * *AT is set to where it is.
 */
static const char *
forbidden_in_html(const char *text, char *what, size_t size,
                  const char **at)
{
	const char *p, *name;
	size_t i, n;

	for (p = strchr(text, '<'); p != NULL; p = strchr(p + 1, '<')) {
		name = p + 1 + (p[1] == '/');
		for (i = 0; i < sizeof(forbidden_tags) / sizeof(*forbidden_tags);
		    i++) {
			n = strlen(forbidden_tags[i]);
			if (strncasecmp(name, forbidden_tags[i], n) == 0 &&
			    strchr(" \t\r\n/>", name[n] ? name[n] : '>')) {
				snprintf(what, size, "<%s>", forbidden_tags[i]);
				*at = p;
				return what;
			}
		}
	}
	/* An event handler attribute: whitespace, "on", letters, '='. */
	for (p = text; (p = strpbrk(p, " \t\r\n")) != NULL; p++) {
		if (strncasecmp(p + 1, "on", 2) != 0)
			continue;
		for (n = 3; (p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'; n++)
			;
		if (n > 3 && (p[n] == '=' || p[n] == ' ')) {
			snprintf(what, size, "the event handler %.*s",
			         (int)(n - 1), p + 1);
			*at = p + 1;
			return what;
		}
	}
	return NULL;
}

static const char *
forbidden_url(const char *url)
{
	size_t i;

	while (url != NULL && (*url == ' ' || *url == '\t'))
		url++;
	for (i = 0; url != NULL && i < sizeof(forbidden_schemes) /
	    sizeof(*forbidden_schemes); i++)
		if (strncasecmp(url, forbidden_schemes[i],
		    strlen(forbidden_schemes[i])) == 0)
			return forbidden_schemes[i];
	return NULL;
}


/* ------------------------------------------------------------------ */
/* Character references                                                */
/* ------------------------------------------------------------------ */

/*
 * Whether code point CP may not reach a feed: XML forbids most controls,
 * RFC 5545 forbids them all, the W3C validator reports C1 controls and
 * U+FFFD, and noncharacters are not for interchange.  cmark turns a
 * reference to U+0000, a surrogate or a number past U+10FFFF into U+FFFD.
 */
int
crier_char_is_unwritable(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	       (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ||
	       cp == 0xFFFD || cp > 0x10FFFF;
}

/*
 * The numeric character reference at P as CommonMark reads it ("&#"
 * then 1-7 digits, or 'x' and 1-6 hex digits, then ';'): its length,
 * with its value in *CP, or 0.
 */
static size_t
numeric_ref(const char *p, const char *end, uint32_t *cp)
{
	const char *q = p + 2;
	int hex, digits = 0, d;

	if (end - p < 4 || p[0] != '&' || p[1] != '#')
		return 0;
	hex = *q == 'x' || *q == 'X';
	q += hex;
	for (*cp = 0; q < end && digits < (hex ? 6 : 7); q++, digits++) {
		if (*q >= '0' && *q <= '9')
			d = *q - '0';
		else if (hex && (*q | 0x20) >= 'a' && (*q | 0x20) <= 'f')
			d = (*q | 0x20) - 'a' + 10;
		else
			break;
		*cp = *cp * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (digits == 0 || q >= end || *q != ';')
		return 0;
	return (size_t)(q + 1 - p);
}

/*
 * The first code point in TEXT (NUL-terminated UTF-8, may be NULL) that
 * no output may carry, or 0.  The record's own text was checked as read,
 * but cmark decodes character references: "&#5;" becomes U+0005.
 */
static uint32_t
first_unwritable(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n, len = text != NULL ? strlen(text) : 0;
	uint32_t cp;

	for (; len > 0; p += n, len -= n) {
		if ((n = crier_utf8_decode(p, len, &cp)) == 0)
			return 0xFFFD;
		if (crier_char_is_unwritable(cp))
			return cp;
	}
	return 0;
}

/* Whether raw HTML TEXT holds a reference to such a point. */
static int
refers_unwritable(const char *text)
{
	const char *p, *end = text + strlen(text);
	uint32_t cp;

	for (p = text; (p = strstr(p, "&#")) != NULL; p++)
		if (numeric_ref(p, end, &cp) > 0 && crier_char_is_unwritable(cp))
			return 1;
	return 0;
}

/*
 * What cmark decoded NODE to that no output may carry, or 0.  Raw HTML
 * keeps its references as written: crier_body_check_html looks at them.
 */
static uint32_t
node_unwritable(cmark_node *node)
{
	uint32_t cp;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_HTML_INLINE:
		return 0;
	default:
		break;
	}
	if ((cp = first_unwritable(cmark_node_get_literal(node))) == 0 &&
	    (cp = first_unwritable(cmark_node_get_url(node))) == 0 &&
	    (cp = first_unwritable(cmark_node_get_title(node))) == 0)
		cp = first_unwritable(cmark_node_get_fence_info(node));
	return cp;
}

/*
 * Reports the references to unwritable points on lines FROM..TO of BODY,
 * each at its column; at least one error, on line FROM, when none is found.
 */
static int
report_refs(const char *path, unsigned first_line, const char *body,
            size_t len, int from, int to, uint32_t found,
            struct crier_diags *diags)
{
	const char *p = body, *end = body + len, *line_start = body;
	int line = 1, errors = 0;
	uint32_t cp;
	size_t n;

	for (; p < end && line <= to; p++) {
		if (*p == '\n') {
			line++;
			line_start = p + 1;
			continue;
		}
		if (line < from || *p != '&' ||
		    (n = numeric_ref(p, end, &cp)) == 0 ||
		    !crier_char_is_unwritable(cp))
			continue;
		crier_diag(diags, path, first_line + (unsigned)line - 1,
		           crier_utf8_count(line_start, (size_t)(p - line_start)) + 1,
		           MSG_BODY_BAD_REFERENCE, (unsigned)cp);
		errors++;
		p += n - 1;
	}
	if (errors == 0)
		crier_diag(diags, path, first_line + (unsigned)(from > 0 ? from :
		           1) - 1, 0, MSG_BODY_BAD_REFERENCE, (unsigned)found);
	return errors > 0 ? errors : 1;
}

/* Bytes cmark's HTML escaping makes of the LEN bytes of S. */
static size_t
escaped_size(const char *s, size_t len)
{
	size_t n = len, i;

	for (i = 0; i < len; i++)
		n += s[i] == '&' ? 4 : s[i] == '"' ? 5 :
		     (s[i] == '<' || s[i] == '>') ? 3 : 0;
	return n;
}

/* The tags cmark writes around or for a node of TYPE, at most. */
static size_t
tag_size(cmark_node_type type)
{
	switch (type) {
	case CMARK_NODE_TEXT: case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_DOCUMENT:
		return 1;
	case CMARK_NODE_BLOCK_QUOTE:
		return 27;
	case CMARK_NODE_LIST:
		return 32;   /* <ol start="2147483647">\n</ol>\n */
	case CMARK_NODE_CODE_BLOCK:
		return 48;   /* <pre><code class="language-">...</code></pre>\n */
	case CMARK_NODE_LINK: case CMARK_NODE_IMAGE:
		return 40;   /* <img src="" alt="" title="" /> */
	case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_HTML_INLINE:
		return 32;   /* <!-- raw HTML omitted -->, safe mode */
	default:
		return 20;   /* <strong></strong>, <h6></h6>\n, <br />\n... */
	}
}

/*
 * What NODE adds to the HTML, at most: its tags, its escaped text, and
 * its URL (which URL escaping can triple), title and code info.
 */
static size_t
node_html_size(cmark_node *node)
{
	const char *literal = cmark_node_get_literal(node);
	const char *url = cmark_node_get_url(node);
	const char *title = cmark_node_get_title(node);
	const char *info = cmark_node_get_fence_info(node);
	size_t n = tag_size(cmark_node_get_type(node));

	if (literal != NULL)
		n += escaped_size(literal, strlen(literal));
	if (url != NULL)
		n += 3 * strlen(url);
	if (title != NULL)
		n += escaped_size(title, strlen(title));
	if (info != NULL)
		n += escaped_size(info, strlen(info));
	return n;
}

enum { MARKUP = 1, EMPHASIS = 2, LINK = 4 };

/* What a byte may be to cmark, by a table: this runs over every body. */
static const unsigned char char_class[256] = {
	['\n'] = MARKUP, ['['] = MARKUP | LINK, [']'] = MARKUP,
	['*'] = MARKUP | EMPHASIS, ['_'] = MARKUP | EMPHASIS, ['`'] = MARKUP,
	['<'] = MARKUP | LINK, ['>'] = MARKUP, ['!'] = MARKUP,
	['\\'] = MARKUP, ['&'] = MARKUP, ['.'] = MARKUP, ['"'] = MARKUP,
	['\''] = MARKUP,
};

/*
 * Container markers that open a line (after spaces): '>' and list
 * markers ("-", "+", "*", "12." or "12)"), counted loosely (a "**" or
 * "---" counts too).  cmark opens a block quote, list or item only at
 * one of these, so each nested block container costs one of them, or two
 * (a list and its first item).
 */
static size_t
line_markers(const char *p, const char *end)
{
	size_t n = 0;
	const char *q;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && strchr(">-+*", *p) != NULL && *p != '\0') {
			n++, p++;
			continue;
		}
		for (q = p; q < end && *q >= '0' && *q <= '9'; q++)
			;
		if (q == p || q == end || (*q != '.' && *q != ')'))
			return n;
		n++, p = q + 1;
	}
}

/* What one pass over a body finds, for the limits' checks. */
struct body_scan {
	/*
	 * How many nodes cmark could make of the body, from above: each
	 * line, and each character that can start or end an inline, may be
	 * one (cmark 0.30 also cuts text at the punctuation its smart mode
	 * would change).  cmark spends a hundred bytes and more on a node,
	 * so this is checked before cmark sees the body.
	 */
	size_t markup;
	uint64_t markers;     /* line_markers(), over every line */
	uint64_t emphasis;    /* '*' and '_' */
	uint64_t links;       /* '[' and '<' */
	int has_reference;    /* '&' then '#', a letter or a digit */
};

/*
 * Whether none of the eight bytes at P is in char_class, which holds
 * only bytes below 'a' and not the space: each is a space or from 'a'
 * up.  Most words of prose are, and are passed over a word at a time.
 */
static int
is_classless_word(const char *p)
{
	uint64_t w = crier_word_at(p);

	return (crier_word_below_mask(w, 'a') &
	        ~crier_word_equal_mask(w, ' ')) == 0;
}

static void
scan_body(const char *body, size_t len, struct body_scan *s)
{
	const char *p, *end = body + len;
	unsigned char c, next;

	memset(s, 0, sizeof(*s));
	s->markup = 1;
	s->markers = line_markers(body, end);
	for (p = body; p < end; p++) {
		while (end - p >= CRIER_WORD_BYTES && is_classless_word(p))
			p += CRIER_WORD_BYTES;
		if (p == end)
			break;
		if ((c = char_class[(unsigned char)*p]) == 0)
			continue;
		s->markup += c & MARKUP;
		s->emphasis += (c & EMPHASIS) != 0;
		s->links += (c & LINK) != 0;
		/* line_markers() stops at the line's end, a '\n'. */
		if (*p == '\n')
			s->markers += line_markers(p + 1, end);
		next = p + 1 < end ? (unsigned char)p[1] : 0;
		if (*p == '&' && (next == '#' ||
		    (unsigned)((next | 0x20) - 'a') < 26u ||
		    (unsigned)(next - '0') < 10u))
			s->has_reference = 1;
	}
}

/* The node types cmark's iterator enters without leaving (iterator.c). */
static int
is_leaf(cmark_node_type type)
{
	switch (type) {
	case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_CODE_BLOCK: case CMARK_NODE_TEXT:
	case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE:
		return 1;
	default:
		return 0;
	}
}

/* Reports BLOCK's references, once: FOUND is a point one of them makes. */
static int
block_refs(const char *path, unsigned first_line, const char *body,
           size_t len, cmark_node *block, int *last, uint32_t found,
           struct crier_diags *diags)
{
	int from = cmark_node_get_start_line(block), to;

	if (from > 0 && from <= *last)
		return 0;
	to = cmark_node_get_end_line(block);
	if (to < from)
		to = from;
	*last = to;
	return report_refs(path, first_line, body, len, from, to, found, diags);
}

int
crier_body_check_html(const char *path, unsigned first_line,
                      const char *body, size_t len, struct crier_diags *diags)
{
	cmark_node *doc = cmark_parse_document(body, len, CMARK_OPT_UNSAFE);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *node, *block = doc;
	const char *bad, *text, *at, *nl;
	char what[64];
	int errors = 0, line, type, last = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		type = cmark_node_get_type(node);
		if (cmark_node_get_start_line(node) > 0 &&
		    type < CMARK_NODE_FIRST_INLINE)
			block = node;
		bad = NULL;
		text = at = NULL;
		if ((type == CMARK_NODE_HTML_BLOCK ||
		    type == CMARK_NODE_HTML_INLINE) &&
		    refers_unwritable(cmark_node_get_literal(node)))
			/* Raw HTML keeps its references: the reader decodes them. */
			errors += block_refs(path, first_line, body, len, block,
			                     &last, 0xFFFD, diags);
		if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE)
			bad = forbidden_in_html(text = cmark_node_get_literal(node),
			                        what, sizeof(what), &at);
		else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
			bad = forbidden_url(cmark_node_get_url(node));
		if (bad == NULL)
			continue;
		/* Inline nodes may carry no position: use their block's. */
		line = cmark_node_get_start_line(node);
		if (line <= 0)
			line = block != NULL ? cmark_node_get_start_line(block)
			    : 1;
		/* Raw HTML spans lines: count down to the culprit. */
		for (nl = text; at != NULL && (nl = strchr(nl, '\n')) != NULL &&
		    nl < at; nl++)
			line++;
		crier_diag(diags, path, first_line + (unsigned)line - 1, 0,
		           MSG_UNSAFE_HTML, bad);
		errors++;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return errors;
}

/*
 * Whether BODY surely passes the limits without cmark parsing it, from
 * bounds taken from above: the parse costs as much as rendering the body
 * later, and nearly every body is far from every limit.  When this says
 * no, cmark decides, so a body is refused exactly as before.
 *
 * - No '&' before '#' or a letter or digit: without a character
 *   reference every literal is text the record reader already checked,
 *   which holds nothing crier_char_is_unwritable() refuses.
 * - Depth: the document and a paragraph or heading, two block containers
 *   per line marker, and an inline container per pair of '*' or '_' and
 *   per '[' or '<' (links, images, autolinks).
 * - HTML: at most 6 nodes per byte (a node needs a byte, a list and its
 *   item share one), each with tags of at most 48 bytes; text that
 *   escaping makes at most 6 times longer after tabs grow it 4 times;
 *   and per '[' or '<' a URL and title as long as the body (an email
 *   autolink's URL gains "mailto:").
 */
static int
is_surely_within_limits(const struct body_scan *s, size_t len)
{
	uint64_t html;

	if (len > 16 * 1024 || s->has_reference ||
	    2 + 2 * s->markers + s->emphasis / 2 + s->links >
	    CRIER_BODY_MAX_DEPTH)
		return 0;
	html = (6 * (uint64_t)len + 3) * 48 + 24 * (uint64_t)len +
	       6 * (uint64_t)len + 9 * s->links * ((uint64_t)len + 8);
	return html <= CRIER_BODY_MAX_HTML_BYTES;
}

/*
 * The limits by cmark's own reading of BODY: the depth of its nodes, the
 * size of their HTML, and references to what cannot be written.
 */
static int
walk_limits(const char *path, unsigned first_line, const char *body,
            size_t len, struct crier_diags *diags)
{
	cmark_node *doc, *node, *block, *para;
	cmark_iter *it;
	cmark_event_type ev;
	size_t depth = 0, html = 0;
	int errors = 0, line, last = 0;

	doc = cmark_parse_document(body, len, CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	block = para = doc;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_EXIT) {
			depth--;
			continue;
		}
		if (cmark_node_get_start_line(node) > 0) {
			block = node;
			if (cmark_node_get_type(node) < CMARK_NODE_FIRST_INLINE)
				para = node;
		}
		/* Leaf nodes come as ENTER only; containers as ENTER, EXIT. */
		if (!is_leaf(cmark_node_get_type(node)))
			depth++;
		html += node_html_size(node);
		/* Every bad reference is reported; the limits stop the walk. */
		if (node_unwritable(node) != 0)
			errors += block_refs(path, first_line, body, len,
			                     para, &last, node_unwritable(node),
			                     diags);
		if (depth > CRIER_BODY_MAX_DEPTH) {
			line = cmark_node_get_start_line(block);
			crier_diag(diags, path, first_line + (unsigned)(line > 0 ?
			           line : 1) - 1, 0, MSG_BODY_TOO_DEEP,
			           CRIER_BODY_MAX_DEPTH);
			errors++;
			break;
		}
		if (html > CRIER_BODY_MAX_HTML_BYTES) {
			crier_diag(diags, path, first_line, 0,
			           MSG_BODY_TOO_MUCH_HTML,
			           CRIER_BODY_MAX_HTML_BYTES >> 20);
			errors++;
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return errors;
}

int
crier_body_check_limits(const char *path, unsigned first_line,
                        const char *body, size_t len,
                        struct crier_diags *diags)
{
	struct body_scan scan;

	scan_body(body, len, &scan);
	if (scan.markup > CRIER_BODY_MAX_MARKUP) {
		crier_diag(diags, path, first_line, 0, MSG_BODY_TOO_MUCH_MARKUP,
		           CRIER_BODY_MAX_MARKUP);
		return 1;
	}
	if (is_surely_within_limits(&scan, len))
		return 0;
	return walk_limits(path, first_line, body, len, diags);
}
