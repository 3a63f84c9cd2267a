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
