/*
 * html2md.c - HTML to CommonMark, for the abstracts in a schedule.
 *
 * libxml2's HTML parser gives a tree however broken the markup; a walk
 * over it writes Markdown block by block.  Inline text is gathered in a
 * paragraph buffer and escaped as it goes in, so text never turns into
 * Markdown syntax by accident; a block is written out, line by line and
 * behind the prefixes of the lists and quotes it sits in, when the next
 * block starts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "alloc.h"
#include "html2md.h"
#include "mdtext.h"

/* Deeper than this, an element's text is kept and its markup dropped. */
#define MAX_DEPTH 48


/* Text of NODE's subtree, walked without recursion. */
static void
subtree_text(const xmlNode *node, struct crier_buf *out)
{
	const xmlNode *n = node->children;

	while (n != NULL) {
		if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
			crier_buf_puts(out, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE && n->name != NULL &&
		    strcmp((const char *)n->name, "br") == 0)
			crier_buf_add(out, "\n", 1);
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != NULL && n->next == NULL && n != node)
			n = n->parent;
		if (n == NULL || n == node)
			break;
		n = n->next;
	}
}

static size_t
longest_run(const char *s, char ch)
{
	size_t best = 0, run = 0;

	for (; *s != '\0'; s++) {
		run = *s == ch ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void
add_fence(struct crier_buf *out, const struct crier_buf *prefix, size_t n)
{
	crier_md_add_buf(out, prefix);
	while (n-- > 0)
		crier_buf_add(out, "`", 1);
	crier_buf_add(out, "\n", 1);
}

/* Preformatted text as a fenced code block, longer than any ` run in it. */
static void
render_pre(struct md *m, const xmlNode *node)
{
	struct crier_buf raw = {0}, text = {0};
	const char *s, *line, *nl;
	size_t fence, end;

	crier_md_flush_para(m);
	subtree_text(node, &raw);
	crier_text_clean_lines(&text, raw.data != NULL ? raw.data : "");
	crier_buf_free(&raw);
	s = text.data != NULL ? text.data : "";
	if (*s == '\n')
		s++;
	end = strlen(s);
	while (end > 0 && strchr("\n \t", s[end - 1]) != NULL)
		end--;
	if (end > 0) {
		fence = longest_run(s, '`') + 1;
		if (fence < 3)
			fence = 3;
		crier_md_begin_block(m);
		add_fence(m->out, m->has_first ? &m->first : &m->prefix, fence);
		m->has_first = 0;
		for (line = s; line < s + end; line = nl + 1) {
			nl = memchr(line, '\n', (size_t)(s + end - line));
			if (nl == NULL)
				nl = s + end;
			if (nl == line)
				crier_md_add_prefix_trimmed(m->out, &m->prefix);
			else
				crier_md_add_buf(m->out, &m->prefix);
			crier_buf_add(m->out, line, (size_t)(nl - line));
			crier_buf_add(m->out, "\n", 1);
		}
		add_fence(m->out, &m->prefix, fence);
		m->pending_blank = 1;
		m->last_block = BLOCK_OTHER;
	}
	crier_buf_free(&text);
}

/* Inline code: a ` run longer than any inside, folded to one line. */
static void
render_code(struct md *m, const xmlNode *node)
{
	struct crier_buf raw = {0}, text = {0};
	size_t fence, i;
	const char *pad;

	subtree_text(node, &raw);
	crier_text_fold(&text, raw.data != NULL ? raw.data : "");
	if (raw.len > 0 && crier_char_is_fold_space((unsigned char)raw.data[0]))
		crier_md_note_space(m);
	if (text.len > 0) {
		fence = longest_run(text.data, '`') + 1;
		pad = text.data[0] == '`' || text.data[text.len - 1] == '`'
		    ? " " : "";
		crier_md_flush_space(m);
		for (i = 0; i < fence; i++)
			crier_md_add_raw(m, "`", 1);
		crier_md_add_raw(m, pad, strlen(pad));
		crier_md_add_raw(m, text.data, text.len);
		crier_md_add_raw(m, pad, strlen(pad));
		for (i = 0; i < fence; i++)
			crier_md_add_raw(m, "`", 1);
	}
	if (raw.len > 0 && crier_char_is_fold_space((unsigned char)raw.data[raw.len - 1]))
		crier_md_note_space(m);
	crier_buf_free(&raw);
	crier_buf_free(&text);
}

static void
render_hr(struct md *m)
{
	crier_md_flush_para(m);
	crier_md_begin_block(m);
	crier_md_add_line_prefix(m);
	crier_buf_puts(m->out, "* * *\n");
	m->pending_blank = 1;
	m->last_block = BLOCK_OTHER;
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

enum kind {
	K_INLINE, K_SKIP, K_BLOCK, K_HEADING, K_UL, K_OL, K_LI, K_QUOTE,
	K_PRE, K_HR, K_BR, K_EM, K_STRONG, K_CODE, K_LINK, K_IMG, K_CELL
};

/* Elements by kind; any other element is an inline container. */
static const struct {
	enum kind kind;
	const char *names;   /* each between spaces */
} element_kinds[] = {
	{K_SKIP, " button embed head iframe input link math meta noscript "
	    "object script select style svg template textarea title "},
	{K_BLOCK, " address article aside body caption center dd details div "
	    "dl dt fieldset figcaption figure footer form header html main "
	    "nav p section summary table tbody tfoot thead tr "},
	{K_HEADING, " h1 h2 h3 h4 h5 h6 "}, {K_UL, " ul dir menu "},
	{K_OL, " ol "}, {K_LI, " li "}, {K_QUOTE, " blockquote "},
	{K_PRE, " pre listing plaintext xmp "}, {K_HR, " hr "},
	{K_BR, " br "}, {K_EM, " em i cite dfn var "},
	{K_STRONG, " strong b "}, {K_CODE, " code kbd samp tt "},
	{K_LINK, " a "}, {K_IMG, " img "}, {K_CELL, " td th "},
};

static enum kind
element_kind(const xmlNode *node)
{
	char key[16];
	size_t i, len = node->name != NULL ? strlen((const char *)node->name)
	    : sizeof(key);

	if (len + 3 > sizeof(key))
		return K_INLINE;
	snprintf(key, sizeof(key), " %s ", (const char *)node->name);
	for (i = 0; i < sizeof(element_kinds) / sizeof(element_kinds[0]); i++)
		if (strstr(element_kinds[i].names, key) != NULL)
			return element_kinds[i].kind;
	return K_INLINE;
}

static void render_node(struct md *m, const xmlNode *node);

static void
render_children(struct md *m, const xmlNode *node)
{
	const xmlNode *c;

	for (c = node->children; c != NULL; c = c->next)
		render_node(m, c);
}

/*
 * NODE's children as inline text between OPEN and CLOSE ("*...*"), or
 * as a link to URL ("[...](URL)", the URL's text when there is no other).
 * Whitespace at either end moves outside the markup, as CommonMark wants
 * it, and empty markup is left out.
 */
static void
render_wrapped(struct md *m, const xmlNode *node, const char *open,
               const char *close, const char *url)
{
	struct crier_buf saved = m->para, inner;
	int line_start = m->line_start, digits = m->digits_at_start;
	int space = m->space_pending, lead = m->lead_space;
	int inner_lead, inner_trail;

	memset(&m->para, 0, sizeof(m->para));
	crier_md_reset_para(m);
	m->line_start = 0;
	m->inline_only++;
	render_children(m, node);
	m->inline_only--;
	inner = m->para;
	inner_lead = m->lead_space;
	inner_trail = m->space_pending;
	if (inner.len >= 2 && memcmp(inner.data + inner.len - 2, "\\\n",
	    2) == 0) {
		crier_md_truncate_buf(&inner, inner.len - 2);
		inner_trail = 1;
	}
	m->para = saved;
	m->line_start = line_start;
	m->digits_at_start = digits;
	m->space_pending = space;
	m->lead_space = lead;
	if (inner_lead)
		crier_md_note_space(m);
	if (inner.len == 0 && url != NULL)
		crier_markdown_escape(&inner, url);
	if (inner.len > 0) {
		crier_md_flush_space(m);
		crier_md_add_raw(m, open, strlen(open));
		crier_md_add_raw(m, inner.data, inner.len);
		if (url != NULL)
			crier_markdown_link_end(&m->para, url);
		else
			crier_md_add_raw(m, close, strlen(close));
	}
	if (inner_trail)
		crier_md_note_space(m);
	crier_buf_free(&inner);
}

static void
render_link(struct md *m, const xmlNode *node, const char *href_attr)
{
	xmlChar *href = xmlGetProp(node, (const xmlChar *)href_attr);

	if (href == NULL || m->in_link || !crier_url_is_safe((const char *)href)) {
		render_children(m, node);
	} else {
		m->in_link = 1;
		render_wrapped(m, node, "[", NULL, (const char *)href);
		m->in_link = 0;
	}
	xmlFree(href);
}

static void
render_img(struct md *m, const xmlNode *node)
{
	xmlChar *alt = xmlGetProp(node, (const xmlChar *)"alt");
	xmlChar *src = xmlGetProp(node, (const xmlChar *)"src");
	const char *text = alt != NULL && alt[0] != '\0' ? (const char *)alt
	    : "image";

	/* A link, not an image: a schedule's pictures need not load. */
	if (src != NULL && !m->in_link && crier_url_is_safe((const char *)src)) {
		crier_md_flush_space(m);
		crier_md_add_raw(m, "[", 1);
		crier_markdown_escape(&m->para, text);
		crier_markdown_link_end(&m->para, (const char *)src);
		m->line_start = 0;
	} else if (alt != NULL) {
		crier_md_add_text(m, (const char *)alt);
	}
	xmlFree(alt);
	xmlFree(src);
}

static void
render_item(struct md *m, const xmlNode *li, const char *marker)
{
	size_t saved = m->prefix.len, width = strlen(marker);
	struct crier_buf first = {0};

	crier_md_flush_para(m);
	crier_md_begin_block(m);
	crier_md_add_buf(&first, m->has_first ? &m->first : &m->prefix);
	crier_buf_puts(&first, marker);
	crier_buf_free(&m->first);
	m->first = first;
	m->has_first = 1;
	while (width-- > 0)
		crier_buf_add(&m->prefix, " ", 1);
	m->pending_blank = 0;
	m->last_block = BLOCK_NONE;
	render_children(m, li);
	crier_md_flush_para(m);
	if (m->has_first) {
		crier_md_add_prefix_trimmed(m->out, &m->first);
		crier_buf_add(m->out, "\n", 1);
		m->has_first = 0;
	}
	crier_md_truncate_buf(&m->prefix, saved);
	m->pending_blank = 0;
	m->last_block = BLOCK_OTHER;
}

static void
render_list(struct md *m, const xmlNode *list, int is_ordered)
{
	xmlChar *attr = xmlGetProp(list, (const xmlChar *)"start");
	long number = attr != NULL ? strtol((const char *)attr, NULL, 10) : 1;
	char bullet = '-', delim = '.', marker[32];
	const xmlNode *c;

	xmlFree(attr);
	if (number < 0 || number > 999999999)
		number = 1;
	crier_md_flush_para(m);
	/* Two lists in a row with the same marker would merge into one. */
	if (m->last_block == BLOCK_LIST && m->last_was_ordered == is_ordered) {
		bullet = m->last_bullet == '-' ? '*' : '-';
		delim = m->last_delim == '.' ? ')' : '.';
	}
	/* A nested list follows its item's text without a blank line. */
	if (m->list_depth > 0 && m->last_block == BLOCK_PARA &&
	    (!is_ordered || number == 1))
		m->pending_blank = 0;
	m->list_depth++;
	for (c = list->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || element_kind(c) != K_LI) {
			render_node(m, c);
			continue;
		}
		if ((attr = xmlGetProp(c, (const xmlChar *)"value")) != NULL) {
			long v = strtol((const char *)attr, NULL, 10);

			if (v >= 0 && v <= 999999999)
				number = v;
			xmlFree(attr);
		}
		if (is_ordered)
			snprintf(marker, sizeof(marker), "%ld%c ", number++,
			         delim);
		else
			snprintf(marker, sizeof(marker), "%c ", bullet);
		render_item(m, c, marker);
	}
	m->list_depth--;
	crier_md_flush_para(m);
	m->pending_blank = 1;
	m->last_block = BLOCK_LIST;
	m->last_bullet = bullet;
	m->last_delim = delim;
	m->last_was_ordered = is_ordered;
}

static void
render_quote(struct md *m, const xmlNode *node)
{
	size_t saved = m->prefix.len;

	crier_md_flush_para(m);
	crier_md_begin_block(m);
	if (m->has_first)
		crier_buf_puts(&m->first, "> ");
	crier_buf_puts(&m->prefix, "> ");
	m->last_block = BLOCK_NONE;
	render_children(m, node);
	crier_md_flush_para(m);
	crier_md_truncate_buf(&m->prefix, saved);
	m->pending_blank = 1;
	m->last_block = BLOCK_OTHER;
}

static void
render_heading(struct md *m, const xmlNode *node)
{
	crier_md_flush_para(m);
	m->heading_level = node->name[1] - '0';
	render_children(m, node);
	crier_md_flush_para(m);
	m->heading_level = 0;
}

/* Inside a link, emphasis or heading, blocks are only text. */
static void
render_element(struct md *m, const xmlNode *node, enum kind kind)
{
	switch (kind) {
	case K_SKIP:
		break;
	case K_HEADING:
		render_heading(m, node);
		break;
	case K_UL:
	case K_OL:
		render_list(m, node, kind == K_OL);
		break;
	case K_LI:
		render_item(m, node, "- ");
		break;
	case K_QUOTE:
		render_quote(m, node);
		break;
	case K_PRE:
		render_pre(m, node);
		break;
	case K_HR:
		render_hr(m);
		break;
	default:
		crier_md_flush_para(m);
		render_children(m, node);
		crier_md_flush_para(m);
		break;
	}
}

/* Past MAX_DEPTH, an element is only its text. */
static void
render_flat(struct md *m, const xmlNode *node)
{
	struct crier_buf text = {0};

	subtree_text(node, &text);
	crier_md_add_text(m, text.data != NULL ? text.data : "");
	crier_buf_free(&text);
}

static void
render_node(struct md *m, const xmlNode *node)
{
	enum kind kind;

	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		if (node->content != NULL)
			crier_md_add_text(m, (const char *)node->content);
		return;
	}
	if (node->type != XML_ELEMENT_NODE)
		return;
	kind = element_kind(node);
	if (m->depth >= MAX_DEPTH && kind != K_SKIP) {
		render_flat(m, node);
		return;
	}
	m->depth++;
	switch (kind) {
	case K_INLINE:
		render_children(m, node);
		break;
	case K_BR:
		crier_md_add_break(m);
		break;
	case K_EM:
		render_wrapped(m, node, "*", "*", NULL);
		break;
	case K_STRONG:
		render_wrapped(m, node, "**", "**", NULL);
		break;
	case K_CODE:
		render_code(m, node);
		break;
	case K_LINK:
		render_link(m, node, "href");
		break;
	case K_IMG:
		render_img(m, node);
		break;
	case K_CELL:
		crier_md_note_space(m);
		render_children(m, node);
		crier_md_note_space(m);
		break;
	default:
		if (m->inline_only || (m->heading_level > 0 && kind != K_SKIP)) {
			crier_md_note_space(m);
			if (kind != K_SKIP)
				render_children(m, node);
			crier_md_note_space(m);
		} else {
			render_element(m, node, kind);
		}
		break;
	}
	m->depth--;
}

void
crier_html_to_markdown(const char *html, size_t len, struct crier_buf *out)
{
	struct md m;
	htmlDocPtr doc;
	xmlNode *root;

	if (len == 0 || len > INT32_MAX)
		return;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (doc == NULL)
		return;
	memset(&m, 0, sizeof(m));
	m.out = out;
	m.out_start = out->len;
	m.line_start = 1;
	m.last_bullet = '*';
	m.last_delim = ')';
	for (root = doc->children; root != NULL; root = root->next)
		render_node(&m, root);
	crier_md_flush_para(&m);
	crier_buf_free(&m.para);
	crier_buf_free(&m.prefix);
	crier_buf_free(&m.first);
	xmlFreeDoc(doc);
}
