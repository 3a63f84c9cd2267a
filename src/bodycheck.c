#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "bodycheck.h"
#include "diag.h"

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

int
crier_body_check_html(const char *path, unsigned first_line,
                      const char *body, size_t len, struct crier_diags *diags)
{
	cmark_node *doc = cmark_parse_document(body, len, CMARK_OPT_UNSAFE);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *node, *block = NULL;
	const char *bad, *text, *at, *nl;
	char what[64];
	int errors = 0, line, type;

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

/*
 * How many nodes cmark could make of BODY, from above: each line, and
 * each character that can start or end an inline, may be one (cmark
 * 0.30 also cuts text at the punctuation its smart mode would change).  cmark
 * spends a hundred bytes and more on a node, so this is checked before
 * cmark sees the body.
 */
static size_t
markup_count(const char *body, size_t len)
{
	size_t n = 1, i;

	for (i = 0; i < len; i++)
		n += strchr("\n[]*_`<>!\\&.\"'", body[i]) != NULL &&
		     body[i] != '\0';
	return n;
}

/*
 * The first code point in S that XML may not hold, or 0.  The record's
 * own text was checked as read, but cmark decodes character references:
 * "&#5;" becomes U+0005 in the text it renders.
 */
static uint32_t
forbidden_in_xml(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; s != NULL && *p != '\0'; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return *p;
		/* U+FFFE and U+FFFF: EF BF BE, EF BF BF. */
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			return 0xFFFE + (p[2] == 0xBF);
	}
	return 0;
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

int
crier_body_check_limits(const char *path, unsigned first_line,
                        const char *body, size_t len,
                        struct crier_diags *diags)
{
	cmark_node *doc, *node, *block;
	cmark_iter *it;
	cmark_event_type ev;
	size_t depth = 0, html = 0;
	int errors = 0, line;
	uint32_t bad;

	if (markup_count(body, len) > CRIER_BODY_MAX_MARKUP) {
		crier_diag(diags, path, first_line, 0, MSG_BODY_TOO_MUCH_MARKUP,
		           CRIER_BODY_MAX_MARKUP);
		return 1;
	}
	doc = cmark_parse_document(body, len, CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	block = doc;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_EXIT) {
			depth--;
			continue;
		}
		if (cmark_node_get_start_line(node) > 0)
			block = node;
		/* Leaf nodes come as ENTER only; containers as ENTER, EXIT. */
		if (!is_leaf(cmark_node_get_type(node)))
			depth++;
		html += node_html_size(node);
		bad = forbidden_in_xml(cmark_node_get_literal(node));
		if (bad == 0)
			bad = forbidden_in_xml(cmark_node_get_title(node));
		if (bad != 0) {
			line = cmark_node_get_start_line(block);
			crier_diag(diags, path, first_line + (unsigned)(line > 0 ?
			           line : 1) - 1, 0, MSG_BODY_BAD_REFERENCE, bad);
			errors++;
			break;
		}
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
