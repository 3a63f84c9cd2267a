/*
 * schedevent.c - the text of a schedule's elements, and what an event's
 * body, attachments and links become, for schedule.c.
 *
 * Every string is made in the reader's current arena: the schedule's
 * for what the conference says, the event's own while one is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <libxml/uri.h>

#include "html2md.h"
#include "import.h"
#include "media.h"
#include "model.h"
#include "schedread.h"

const xmlNode *
crier_sched_child(const xmlNode *node, const char *name)
{
	const xmlNode *c;

	for (c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* NODE's text; entity references, never expanded, add nothing. */
const char *
crier_sched_text(struct reader *r, const xmlNode *node)
{
	struct crier_buf b = {0};
	const xmlNode *c;
	const char *s;

	for (c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
			crier_buf_puts(&b, (const char *)c->content);
	s = b.len > 0 ? crier_arena_strdup(r->arena, b.data) : NULL;
	crier_buf_free(&b);
	return s;
}

/* Folded to one line; NULL when empty. */
const char *
crier_sched_fold(struct reader *r, const char *text)
{
	struct crier_buf b = {0};
	const char *s;

	if (text == NULL)
		return NULL;
	crier_text_fold(&b, text);
	s = b.len > 0 ? crier_arena_strdup(r->arena, b.data) : NULL;
	crier_buf_free(&b);
	return s;
}

const char *
crier_sched_folded_child(struct reader *r, const xmlNode *node,
                         const char *name)
{
	return crier_sched_fold(r, crier_sched_text(r, crier_sched_child(node, name)));
}

const char *
crier_sched_attribute(struct reader *r, const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	const char *s = crier_sched_fold(r, (const char *)v);

	xmlFree(v);
	return s;
}

/* What the reference NODE to HREF becomes (schedmedia.c). */
static enum crier_sched_media
reference_kind(struct reader *r, const xmlNode *node, const char *href,
               int is_link)
{
	return crier_sched_media_kind(crier_sched_attribute(r, node, "type"),
	                              crier_sched_fold(r, crier_sched_text(r, node)), href, is_link);
}

/* The body's parts: subtitle, abstract, description, the event's links. */
void
crier_sched_event_body(struct reader *r, const struct raw_event *ev,
                       const char *url, struct crier_sched_body *body)
{
	struct crier_buf b = {0};
	const xmlNode *l;
	const char *href;

	if (ev->subtitle != NULL && (ev->title == NULL ||
	    strcmp(ev->subtitle, ev->title) != 0)) {
		crier_buf_add(&b, "*", 1);
		crier_markdown_escape(&b, ev->subtitle);
		crier_buf_add(&b, "*\n", 2);
	}
	body->head = crier_arena_strdup(r->arena, b.data != NULL ? b.data : "");
	body->abstract = ev->abstract;
	body->description = ev->description;
	b.len = 0;
	for (l = ev->links != NULL ? ev->links->children : NULL; l; l = l->next) {
		if (l->type != XML_ELEMENT_NODE ||
		    (href = crier_sched_attribute(r, l, "href")) == NULL ||
		    !crier_is_http_url(href) ||
		    (url != NULL && strcmp(href, url) == 0) ||
		    reference_kind(r, l, href, 1) != CRIER_SCHED_LINK)
			continue;
		crier_buf_add(&b, "- ", 2);
		crier_markdown_link(&b, crier_sched_fold(r, crier_sched_text(r, l)), href);
		crier_buf_add(&b, "\n", 1);
	}
	body->links = crier_arena_strndup(r->arena, b.data != NULL ? b.data : "",
	                                  b.len);
	crier_buf_free(&b);
}

/* HEADING and TEXT, unless TEXT is empty, after a newline if B holds text. */
static void
add_paragraphs(struct crier_buf *b, const char *heading, const char *text)
{
	if (*text == '\0')
		return;
	if (b->len > 0)
		crier_buf_add(b, "\n", 1);
	crier_buf_puts(b, heading);
	crier_buf_puts(b, text);
}

char *
crier_sched_body_markdown(const struct crier_sched_body *body)
{
	char *abstract = crier_schedule_text_markdown(body->abstract);
	char *description = crier_schedule_text_markdown(body->description);
	struct crier_buf b = {0};

	crier_buf_puts(&b, body->head);
	add_paragraphs(&b, "", abstract);
	if (strcmp(description, abstract) != 0)
		add_paragraphs(&b, "", description);
	add_paragraphs(&b, "Links:\n\n", body->links);
	free(abstract);
	free(description);
	return b.data != NULL ? crier_buf_take(&b) : crier_xstrdup("");
}

/*
 * Adds the media of LIST's references, <attachments> or <links>, to E:
 * the href resolved against the conference's <base_url>, else the
 * event's <url>; the type guessed from the file name; the length
 * unknown (0).  Links that stay links are the body's.
 */
static void
add_references(struct reader *r, const struct raw_event *ev,
               const xmlNode *list, int is_link, struct crier_sched_event *e,
               enum crier_sched_media *kinds)
{
	const char *href, *title, *base = r->base_url ? r->base_url : ev->url;
	enum crier_sched_media kind;
	const xmlNode *a;
	xmlChar *url;
	char *p;

	for (a = list != NULL ? list->children : NULL; a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE ||
		    (href = crier_sched_attribute(r, a, "href")) == NULL)
			continue;
		url = base != NULL && !is_link ? xmlBuildURI((const xmlChar *)
		    href, (const xmlChar *)base) : NULL;
		if (url != NULL)
			href = crier_arena_strdup(r->arena, (char *)url);
		xmlFree(url);
		if (!crier_is_http_url(href) || (kind = reference_kind(r, a, href,
		    is_link)) == CRIER_SCHED_LINK)
			continue;
		title = crier_sched_fold(r, crier_sched_text(r, a));
		/* The value quotes the title: its own quotes become '. */
		for (p = (char *)title; p != NULL && *p != '\0'; p++)
			if (*p == '"')
				*p = '\'';
		kinds[e->attachment_count] = kind;
		e->attachments[e->attachment_count++] = title == NULL
		    ? crier_arena_printf(r->arena, "%s %s 0", href,
		                         crier_media_type_guess(href))
		    : crier_arena_printf(r->arena, "%s %s 0 \"%s\"", href,
		                         crier_media_type_guess(href), title);
	}
}

static size_t
child_count(const xmlNode *list)
{
	size_t n = 0;

	for (list = list != NULL ? list->children : NULL; list != NULL;
	    list = list->next)
		n++;
	return n;
}

/*
 * <attachments>, and <links> to slides and videos, as media values (see
 * crier_sched_media_kind()); and the recording opt-out.
 */
void
crier_sched_event_media(struct reader *r, const struct raw_event *ev,
            struct crier_sched_event *e)
{
	const xmlNode *list = crier_sched_child(ev->node, "attachments");
	const char *optout = crier_sched_folded_child(r, crier_sched_child(ev->node, "recording"),
	                                  "optout");
	size_t n = child_count(list) + child_count(ev->links) + 1;
	enum crier_sched_media *kinds = crier_arena_alloc(r->arena,
	                                                  n * sizeof(*kinds));

	e->is_recording_optout = optout != NULL &&
	    (strcasecmp(optout, "true") == 0 || strcmp(optout, "1") == 0);
	e->attachments = crier_arena_alloc(r->arena, n *
	                                   sizeof(*e->attachments));
	e->attachment_kinds = kinds;
	add_references(r, ev, list, 0, e, kinds);
	add_references(r, ev, ev->links, 1, e, kinds);
}

