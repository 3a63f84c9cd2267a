#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>
#include <libxml/HTMLparser.h>

#include "alloc.h"
#include "baseurl.h"
#include "buf.h"
#include "content.h"
#include "mdarena.h"
#include "media.h"

static const char *const weekdays[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

const char *
crier_month_name(int month)
{
	return month >= 1 && month <= 12 ? months[month - 1] : "?";
}

void
crier_format_day(struct crier_time t, char *buf, size_t size)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	snprintf(buf, size, "%s %d %s %d", weekdays[c.weekday], c.day,
	         months[c.month - 1], c.year);
}

int
crier_html_is_blank(const char *html)
{
	return html == NULL || html[strspn(html, " \t\r\n")] == '\0';
}

static int
is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Whether the '&' at P starts what the validator takes for a reference. */
static int
is_reference(const char *p)
{
	char name[16];
	size_t n, alpha = 0;

	if (p[1] == '#')
		return is_word_char(p[2]);
	for (n = 1; is_word_char(p[n]); n++)
		alpha += (p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z';
	if (n == 1)
		return 0;
	if (alpha != n - 1 || n > sizeof(name))
		return alpha != n - 1;
	memcpy(name, p + 1, n - 1);
	name[n - 1] = '\0';
	/* libxml2 knows the HTML 4 entities, as Python's name2codepoint. */
	return strcmp(name, "apos") == 0 ||
	       htmlEntityLookup((const xmlChar *)name) != NULL;
}

void
crier_buf_plain_text(struct crier_buf *b, const char *text)
{
	const char *run = text, *p, *ref;

	for (p = text; *p != '\0'; p++) {
		switch (*p) {
		case '&': ref = "&#x26;"; break;
		case '<': ref = "&#x3C;"; break;
		case '>': ref = "&#x3E;"; break;
		default: continue;
		}
		crier_buf_add(b, run, (size_t)(p - run));
		crier_buf_puts(b, ref);
		run = p + 1;
	}
	crier_buf_add(b, run, (size_t)(p - run));
}

int
crier_text_has_end_tag(const char *text)
{
	const char *p, *q;

	/* Any end tag: the validator knows more tags than libxml2. */
	for (p = text; p != NULL && (p = strstr(p, "</")) != NULL; p++) {
		for (q = p + 2; is_word_char(*q); q++)
			;
		if (q > p + 2 && *q == '>')
			return 1;
	}
	return 0;
}

int
crier_text_reads_as_html(const char *text)
{
	const char *p;

	for (p = text; p != NULL && (p = strchr(p, '&')) != NULL; p++)
		if (is_reference(p))
			return 1;
	return crier_text_has_end_tag(text);
}

/*
 * Whether cmark's safe mode would drop URL, leaving href="" or src="":
 * its rule (javascript:, vbscript:, file:, and data: but for images).
 */
static int
is_dropped_url(const char *url)
{
	static const char *const images[] = {
		"data:image/png", "data:image/gif", "data:image/jpeg",
		"data:image/webp"
	};
	size_t i;

	if (strncasecmp(url, "javascript:", 11) == 0 ||
	    strncasecmp(url, "vbscript:", 9) == 0 ||
	    strncasecmp(url, "file:", 5) == 0)
		return 1;
	if (strncasecmp(url, "data:", 5) != 0)
		return 0;
	for (i = 0; i < sizeof(images) / sizeof(images[0]); i++)
		if (strncasecmp(url, images[i], strlen(images[i])) == 0)
			return 0;
	return 1;
}

/* Puts NODE's children in its place, and frees it. */
static void
unwrap(cmark_node *node)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, child);
	cmark_node_free(node);
}

/*
 * A link or image without a usable address becomes its text: an empty
 * href or src sends readers to the page itself, and the validator
 * reports it as a relative reference.  Returns how many there were.
 */
static size_t
unwrap_dead_links(cmark_node *doc, int is_safe)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node *node, **dead = NULL;
	size_t n = 0, i;
	const char *url;
	int type;

	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER ||
		    (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		url = cmark_node_get_url(node);
		if (url == NULL || *url == '\0' || (is_safe && is_dropped_url(url))) {
			dead = crier_xrealloc(dead, (n + 1) * sizeof(*dead));
			dead[n++] = node;
		}
	}
	cmark_iter_free(it);
	/* Innermost last: a node is unwrapped before what holds it. */
	for (i = n; i > 0; i--)
		unwrap(dead[i - 1]);
	free(dead);
	return n;
}

/*
 * Whether HTML, as cmark rendered it, may hold a dead link: cmark writes
 * an empty address, and one its safe mode drops (is_dropped_url() is its
 * rule), as href="" or src="".  A walk of the document visits every
 * node, and most bodies have no dead link to look for.
 */
static int
may_hold_dead_links(const char *html)
{
	return strstr(html, "href=\"\"") != NULL ||
	       strstr(html, "src=\"\"") != NULL;
}

/* DOC as HTML, in the document's memory, which goes with it. */
static char *
render_html(cmark_node *doc, int options)
{
	char *html = cmark_render_html(doc, options);

	if (html == NULL)
		crier_out_of_memory("cmark");
	return html;
}

void
crier_markdown_add_html(const struct crier_feed *feed, const char *md,
                        size_t len, struct crier_buf *out)
{
	int options = feed->allows_html ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT;
	cmark_parser *parser;
	cmark_node *doc;
	char *rendered;

	crier_md_arena_begin();
	parser = cmark_parser_new_with_mem(options, crier_md_mem());
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	if (doc == NULL)
		crier_out_of_memory("cmark");
	rendered = render_html(doc, options);
	if (may_hold_dead_links(rendered) &&
	    unwrap_dead_links(doc, !feed->allows_html) > 0) {
		crier_md_mem()->free(rendered);
		rendered = render_html(doc, options);
	}
	crier_buf_puts(out, rendered);
	crier_md_mem()->free(rendered);
	cmark_node_free(doc);
	crier_md_arena_end();
}

/*
 * Adds E's body as HTML to OUT; with KEEP, also hands that HTML over in
 * *KEEP (the caller frees it), for a writer that shows the body alone.
 */
static int
add_body_html(const struct crier_feed *feed, const struct crier_entry *e,
              struct crier_diags *diags, struct crier_buf *out, char **keep)
{
	size_t len, start = out->len;
	char *md;

	if (crier_entry_body(feed, e, diags, &md, &len) != 0)
		return -1;
	crier_markdown_add_html(feed, md, len, out);
	if (keep != NULL) {
		*keep = crier_xmalloc(out->len - start + 1);
		if (out->len > start)
			memcpy(*keep, out->data + start, out->len - start);
		(*keep)[out->len - start] = '\0';
	}
	free(md);
	return 0;
}

static void
add_time(struct crier_buf *out, const char *cls, struct crier_time t,
         int with_day)
{
	char iso[CRIER_RFC3339_SIZE], day[64];
	struct crier_civil c;

	crier_time_rfc3339(t, iso);
	crier_time_civil(t, &c);
	crier_format_day(t, day, sizeof(day));
	crier_buf_printf(out, "<time class=\"%s\" datetime=\"%s\">", cls, iso);
	if (with_day)
		crier_buf_printf(out, "%s, ", day);
	crier_buf_printf(out, "%02d:%02d</time>", c.hour, c.minute);
}

static void
add_people(struct crier_buf *out, const struct crier_person *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		crier_buf_puts(out, i == 0 ? "" : i + 1 == n ? " and " : ", ");
		crier_buf_puts(out, "<span class=\"p-attendee h-card\">");
		crier_buf_html(out, p[i].name);
		crier_buf_puts(out, "</span>");
	}
}

/* When and where: "Saturday 4 February 2017, 11:30–11:55, Room, by X". */
static void
add_talk_facts(struct crier_buf *out, const struct crier_entry *t)
{
	struct crier_civil a, b;

	crier_time_civil(t->starts, &a);
	crier_time_civil(t->ends, &b);
	add_time(out, "dt-start", t->starts, 1);
	crier_buf_puts(out, "–");
	add_time(out, "dt-end", t->ends,
	         a.year != b.year || a.month != b.month || a.day != b.day);
	if (t->room != NULL) {
		crier_buf_puts(out, ", <span class=\"p-location\">");
		crier_buf_html(out, t->room);
		crier_buf_puts(out, "</span>");
	}
	if (t->track != NULL) {
		crier_buf_puts(out, ", track <span class=\"p-category\">");
		crier_buf_html(out, t->track);
		crier_buf_puts(out, "</span>");
	}
	if (t->speaker_count > 0) {
		crier_buf_puts(out, ", by ");
		add_people(out, t->speakers, t->speaker_count);
	}
}

static void
add_talk_name(struct crier_buf *out, const struct crier_entry *t)
{
	if (t->link != NULL) {
		crier_buf_puts(out, "<a class=\"p-name u-url\" href=\"");
		crier_buf_html(out, t->link);
		crier_buf_puts(out, "\">");
	} else {
		crier_buf_puts(out, "<strong class=\"p-name\">");
	}
	crier_buf_html(out, t->title);
	crier_buf_puts(out, t->link != NULL ? "</a>" : "</strong>");
}

void
crier_add_moved_from(struct crier_buf *out, const struct crier_entry *t)
{
	if (t->status != CRIER_MOVED || (!t->has_previous_starts &&
	    t->previous_room == NULL))
		return;
	crier_buf_puts(out, "moved from ");
	if (t->has_previous_starts)
		add_time(out, "previous", t->previous_starts, 1);
	if (t->previous_room != NULL) {
		crier_buf_puts(out, t->has_previous_starts ? ", room " : "room ");
		crier_buf_html(out, t->previous_room);
	}
}

/*
 * What changed and when, for a talk whose Status says it moved or was
 * cancelled; Updated is when (entryfields.c requires it).
 */
static void
add_status_note(struct crier_buf *out, const struct crier_entry *t)
{
	char iso[CRIER_RFC3339_SIZE], day[64];

	if (t->status == CRIER_CONFIRMED)
		return;
	crier_time_rfc3339(t->updated, iso);
	crier_format_day(t->updated, day, sizeof(day));
	crier_buf_printf(out, "<p class=\"status\"><strong>%s</strong> on "
	                 "<time datetime=\"%s\">%s</time>: %s",
	                 t->status == CRIER_CANCELLED ? "Cancelled" : "Moved",
	                 iso, day, t->status == CRIER_CANCELLED ?
	                 "this talk will not take place." :
	                 "the time and place below are the new ones.");
	if (t->status == CRIER_MOVED && (t->has_previous_starts ||
	    t->previous_room != NULL)) {
		crier_buf_puts(out, " It was ");
		crier_add_moved_from(out, t);
		crier_buf_puts(out, ".");
	}
	crier_buf_puts(out, "</p>\n");
}

/* One talk in an announcement's schedule. */
static int
add_schedule_item(const struct crier_feed *feed, const struct crier_entry *t,
                  struct crier_diags *diags, struct crier_buf *out)
{
	crier_buf_puts(out, "<li class=\"h-event\">");
	add_talk_name(out, t);
	crier_buf_puts(out, "<br>\n");
	add_talk_facts(out, t);
	crier_buf_puts(out, "\n");
	add_status_note(out, t);
	crier_buf_puts(out, "<div class=\"p-summary\">");
	if (t->summary != NULL) {
		crier_buf_puts(out, "<p>");
		crier_buf_html(out, t->summary);
		crier_buf_puts(out, "</p>");
	} else if (add_body_html(feed, t, diags, out, NULL) != 0) {
		return -1;
	}
	crier_buf_puts(out, "</div></li>\n");
	return 0;
}

static int
announcement_html(const struct crier_feed *feed, const struct crier_entry *e,
                  struct crier_diags *diags, struct crier_buf *out,
                  char **body)
{
	size_t i;

	if (add_body_html(feed, e, diags, out, body) != 0)
		return -1;
	if (e->talk_count == 0)
		return 0;
	crier_buf_puts(out, "<h2>Talks</h2>\n<ul>\n");
	for (i = 0; i < e->talk_count; i++)
		if (add_schedule_item(feed, e->talks[i], diags, out) != 0)
			return -1;
	crier_buf_puts(out, "</ul>\n");
	return 0;
}

static int
talk_html(const struct crier_feed *feed, const struct crier_entry *t,
          struct crier_diags *diags, struct crier_buf *out, char **body)
{
	const struct crier_entry *a = t->announcement;

	crier_buf_puts(out, "<div class=\"h-event\">");
	add_status_note(out, t);
	crier_buf_puts(out, "<p>");
	add_talk_facts(out, t);
	if (a != NULL) {
		crier_buf_puts(out, "<br>\nPart of ");
		if (a->link != NULL) {
			crier_buf_puts(out, "<a href=\"");
			crier_buf_html(out, a->link);
			crier_buf_puts(out, "\">");
		}
		crier_buf_html(out, a->title);
		if (a->link != NULL)
			crier_buf_puts(out, "</a>");
	}
	crier_buf_puts(out, "</p>\n<div class=\"p-description\">");
	if (add_body_html(feed, t, diags, out, body) != 0)
		return -1;
	crier_buf_puts(out, "</div></div>\n");
	return 0;
}

int
crier_entry_html(const struct crier_feed *feed,
                 const struct crier_entry *entry,
                 struct crier_diags *diags, char **html_out,
                 char **body_out)
{
	struct crier_buf out = {0};
	int rc;

	if (body_out != NULL)
		*body_out = NULL;
	if (entry->kind == CRIER_TALK)
		rc = talk_html(feed, entry, diags, &out, body_out);
	else
		rc = announcement_html(feed, entry, diags, &out, body_out);
	if (rc != 0) {
		crier_buf_free(&out);
		if (body_out != NULL) {
			free(*body_out);
			*body_out = NULL;
		}
		*html_out = NULL;
		return -1;
	}
	crier_media_html(&out, entry);
	/*
	 * No output uses xml:base, which readers handle badly: relative
	 * links in bodies are made absolute against the feed's Link, once,
	 * for every writer.
	 */
	crier_html_resolve(&out, feed->link);
	*html_out = crier_buf_take(&out);
	return 0;
}
