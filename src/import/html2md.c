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

/* Deeper than this, an element's text is kept and its markup dropped. */
#define MAX_DEPTH 48

enum block_kind { BLOCK_NONE, BLOCK_PARA, BLOCK_LIST, BLOCK_OTHER };

struct md {
	struct crier_buf *out;
	size_t out_start;          /* where this conversion began in out */
	struct crier_buf para;     /* inline text of the block being built */
	struct crier_buf prefix;   /* before each line in the containers */
	struct crier_buf first;    /* before the next block's first line */
	int has_first;             /* a list item's marker is pending */
	int pending_blank;         /* a blank line before the next block */
	int space_pending;         /* folded whitespace not yet written */
	int lead_space;            /* whitespace before anything in para */
	int line_start;            /* para is empty or just broke a line */
	int digits_at_start;       /* digits opening the line, or 0 */
	int inline_only;           /* in a link, emphasis or heading */
	int in_link;
	int heading_level;
	enum block_kind last_block;
	char last_bullet, last_delim;   /* of the list just ended */
	int last_was_ordered;
	int list_depth;
	int depth;
};

/* ------------------------------------------------------------------ */
/* Inline text                                                         */
/* ------------------------------------------------------------------ */

static int
is_ascii_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static void
note_space(struct md *m)
{
	if (m->para.len == 0)
		m->lead_space = 1;
	else if (!m->line_start)
		m->space_pending = 1;
}

static void
flush_space(struct md *m)
{
	if (m->space_pending && m->para.len > 0 && !m->line_start)
		crier_buf_add(&m->para, " ", 1);
	m->space_pending = 0;
}

/* Markup, written as is. */
static void
add_raw(struct md *m, const char *s, size_t len)
{
	crier_buf_add(&m->para, s, len);
	if (len > 0) {
		m->line_start = 0;
		m->digits_at_start = 0;
	}
}

/* "&name;" or "&#123;": CommonMark would read it as a character. */
static int
is_entity_like(const char *s)
{
	size_t n = 1;

	if (s[n] == '#')
		n++;
	while (is_ascii_alnum((unsigned char)s[n]))
		n++;
	return n > 1 && s[n] == ';';
}

/*
 * One character of text, C read from the LEN bytes before NEXT, escaped
 * where CommonMark would otherwise see syntax: always for \ ` * [ ] <,
 * for _ outside words, for & before an entity, and at the start of a line
 * for the characters that open headings, quotes, lists and fences.
 */
static void
add_text_char(struct md *m, uint32_t c, const char *next, size_t len)
{
	const char *prev = m->para.len > 0 ? m->para.data + m->para.len - 1
	    : NULL;
	int escape = 0;

	if (m->line_start) {
		escape = c < 0x80 && strchr("#>-+=~", (int)c) != NULL;
		m->digits_at_start = c >= '0' && c <= '9';
	} else if (m->digits_at_start > 0) {
		if (c >= '0' && c <= '9' && m->digits_at_start < 9) {
			m->digits_at_start++;
		} else {
			escape = c == '.' || c == ')';
			m->digits_at_start = 0;
		}
	}
	if (c < 0x80 && strchr("\\`*[]<", (int)c) != NULL)
		escape = 1;
	else if (c == '_')
		escape = !(prev != NULL && is_ascii_alnum((unsigned char)*prev) &&
		    is_ascii_alnum((unsigned char)*next));
	else if (c == '&')
		escape = is_entity_like(next - 1);
	if (escape)
		crier_buf_add(&m->para, "\\", 1);
	/* The LEN bytes before NEXT, unless they were an invalid one. */
	if (len > 1 || c < 0x80)
		crier_buf_add(&m->para, next - len, len);
	else
		crier_utf8_put(&m->para, c);
	m->line_start = 0;
}

/*
 * An ASCII character that add_text_char() copies as it is when it is
 * neither at the start of a line nor after digits that start one.
 */
static int
is_plain(unsigned char c)
{
	return c > ' ' && c < 0x7F && c != '\\' && c != '`' && c != '*' &&
	    c != '[' && c != ']' && c != '<' && c != '_' && c != '&';
}

static void
add_text(struct md *m, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, len = strlen(s);
	uint32_t c;

	while (i < len) {
		/* Most text needs no look at each character: copy its runs. */
		if (!m->line_start && m->digits_at_start == 0 &&
		    is_plain(p[i])) {
			for (n = i + 1; n < len && is_plain(p[n]); n++)
				;
			flush_space(m);
			crier_buf_add(&m->para, s + i, n - i);
			i = n;
			continue;
		}
		n = crier_utf8_next(p + i, len - i, &c);
		if (crier_char_is_fold_space(c)) {
			note_space(m);
		} else if (!crier_char_is_refused(c)) {
			flush_space(m);
			add_text_char(m, c, s + i + n, n);
		}
		i += n;
	}
}

static void flush_para(struct md *m);

/*
 * A hard line break.  At the start of a paragraph, or right after another
 * break, it separates paragraphs; in a heading it is a space.
 */
static void
add_break(struct md *m)
{
	if (m->heading_level > 0) {
		note_space(m);
	} else if (m->para.len == 0 || m->line_start) {
		if (m->inline_only)
			note_space(m);
		else
			flush_para(m);
	} else {
		crier_buf_add(&m->para, "\\\n", 2);
		m->line_start = 1;
		m->space_pending = 0;
	}
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

/* Appends B, which may never have been used. */
static void
add_buf(struct crier_buf *out, const struct crier_buf *b)
{
	if (b->len > 0)
		crier_buf_add(out, b->data, b->len);
}

static void
add_prefix_trimmed(struct crier_buf *out, const struct crier_buf *prefix)
{
	size_t n = prefix->len;

	while (n > 0 && prefix->data[n - 1] == ' ')
		n--;
	if (n > 0)
		crier_buf_add(out, prefix->data, n);
}

static void
truncate_buf(struct crier_buf *b, size_t len)
{
	b->len = len;
	if (b->data != NULL)
		b->data[len] = '\0';
}

static void
begin_block(struct md *m)
{
	if (m->pending_blank && !m->has_first && m->out->len > m->out_start) {
		add_prefix_trimmed(m->out, &m->prefix);
		crier_buf_add(m->out, "\n", 1);
	}
	m->pending_blank = 0;
}

static void
add_line_prefix(struct md *m)
{
	add_buf(m->out, m->has_first ? &m->first : &m->prefix);
	m->has_first = 0;
}

static void
reset_para(struct md *m)
{
	truncate_buf(&m->para, 0);
	m->line_start = 1;
	m->digits_at_start = 0;
	m->space_pending = 0;
	m->lead_space = 0;
}

/* Writes the paragraph (or heading) gathered so far, if any. */
static void
flush_para(struct md *m)
{
	struct crier_buf *p = &m->para;
	const char *line, *nl;
	int level;

	if (m->inline_only)
		return;
	for (;;) {
		if (p->len > 0 && p->data[p->len - 1] == ' ')
			p->len--;
		else if (p->len >= 2 && memcmp(p->data + p->len - 2, "\\\n",
		    2) == 0)
			p->len -= 2;
		else
			break;
	}
	if (p->len == 0) {
		reset_para(m);
		return;
	}
	p->data[p->len] = '\0';
	begin_block(m);
	for (line = p->data; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		add_line_prefix(m);
		if (line == p->data && m->heading_level > 0) {
			for (level = 0; level < m->heading_level; level++)
				crier_buf_add(m->out, "#", 1);
			crier_buf_add(m->out, " ", 1);
		}
		crier_buf_add(m->out, line, nl != NULL ? (size_t)(nl - line)
		    : strlen(line));
		crier_buf_add(m->out, "\n", 1);
	}
	reset_para(m);
	m->pending_blank = 1;
	m->last_block = BLOCK_PARA;
}

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
	add_buf(out, prefix);
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

	flush_para(m);
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
		begin_block(m);
		add_fence(m->out, m->has_first ? &m->first : &m->prefix, fence);
		m->has_first = 0;
		for (line = s; line < s + end; line = nl + 1) {
			nl = memchr(line, '\n', (size_t)(s + end - line));
			if (nl == NULL)
				nl = s + end;
			if (nl == line)
				add_prefix_trimmed(m->out, &m->prefix);
			else
				add_buf(m->out, &m->prefix);
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
		note_space(m);
	if (text.len > 0) {
		fence = longest_run(text.data, '`') + 1;
		pad = text.data[0] == '`' || text.data[text.len - 1] == '`'
		    ? " " : "";
		flush_space(m);
		for (i = 0; i < fence; i++)
			add_raw(m, "`", 1);
		add_raw(m, pad, strlen(pad));
		add_raw(m, text.data, text.len);
		add_raw(m, pad, strlen(pad));
		for (i = 0; i < fence; i++)
			add_raw(m, "`", 1);
	}
	if (raw.len > 0 && crier_char_is_fold_space((unsigned char)raw.data[raw.len - 1]))
		note_space(m);
	crier_buf_free(&raw);
	crier_buf_free(&text);
}

static void
render_hr(struct md *m)
{
	flush_para(m);
	begin_block(m);
	add_line_prefix(m);
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
	reset_para(m);
	m->line_start = 0;
	m->inline_only++;
	render_children(m, node);
	m->inline_only--;
	inner = m->para;
	inner_lead = m->lead_space;
	inner_trail = m->space_pending;
	if (inner.len >= 2 && memcmp(inner.data + inner.len - 2, "\\\n",
	    2) == 0) {
		truncate_buf(&inner, inner.len - 2);
		inner_trail = 1;
	}
	m->para = saved;
	m->line_start = line_start;
	m->digits_at_start = digits;
	m->space_pending = space;
	m->lead_space = lead;
	if (inner_lead)
		note_space(m);
	if (inner.len == 0 && url != NULL)
		crier_markdown_escape(&inner, url);
	if (inner.len > 0) {
		flush_space(m);
		add_raw(m, open, strlen(open));
		add_raw(m, inner.data, inner.len);
		if (url != NULL)
			crier_markdown_link_end(&m->para, url);
		else
			add_raw(m, close, strlen(close));
	}
	if (inner_trail)
		note_space(m);
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
		flush_space(m);
		add_raw(m, "[", 1);
		crier_markdown_escape(&m->para, text);
		crier_markdown_link_end(&m->para, (const char *)src);
		m->line_start = 0;
	} else if (alt != NULL) {
		add_text(m, (const char *)alt);
	}
	xmlFree(alt);
	xmlFree(src);
}

static void
render_item(struct md *m, const xmlNode *li, const char *marker)
{
	size_t saved = m->prefix.len, width = strlen(marker);
	struct crier_buf first = {0};

	flush_para(m);
	begin_block(m);
	add_buf(&first, m->has_first ? &m->first : &m->prefix);
	crier_buf_puts(&first, marker);
	crier_buf_free(&m->first);
	m->first = first;
	m->has_first = 1;
	while (width-- > 0)
		crier_buf_add(&m->prefix, " ", 1);
	m->pending_blank = 0;
	m->last_block = BLOCK_NONE;
	render_children(m, li);
	flush_para(m);
	if (m->has_first) {
		add_prefix_trimmed(m->out, &m->first);
		crier_buf_add(m->out, "\n", 1);
		m->has_first = 0;
	}
	truncate_buf(&m->prefix, saved);
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
	flush_para(m);
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
	flush_para(m);
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

	flush_para(m);
	begin_block(m);
	if (m->has_first)
		crier_buf_puts(&m->first, "> ");
	crier_buf_puts(&m->prefix, "> ");
	m->last_block = BLOCK_NONE;
	render_children(m, node);
	flush_para(m);
	truncate_buf(&m->prefix, saved);
	m->pending_blank = 1;
	m->last_block = BLOCK_OTHER;
}

static void
render_heading(struct md *m, const xmlNode *node)
{
	flush_para(m);
	m->heading_level = node->name[1] - '0';
	render_children(m, node);
	flush_para(m);
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
		flush_para(m);
		render_children(m, node);
		flush_para(m);
		break;
	}
}

/* Past MAX_DEPTH, an element is only its text. */
static void
render_flat(struct md *m, const xmlNode *node)
{
	struct crier_buf text = {0};

	subtree_text(node, &text);
	add_text(m, text.data != NULL ? text.data : "");
	crier_buf_free(&text);
}

static void
render_node(struct md *m, const xmlNode *node)
{
	enum kind kind;

	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		if (node->content != NULL)
			add_text(m, (const char *)node->content);
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
		add_break(m);
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
		note_space(m);
		render_children(m, node);
		note_space(m);
		break;
	default:
		if (m->inline_only || (m->heading_level > 0 && kind != K_SKIP)) {
			note_space(m);
			if (kind != K_SKIP)
				render_children(m, node);
			note_space(m);
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
	flush_para(&m);
	crier_buf_free(&m.para);
	crier_buf_free(&m.prefix);
	crier_buf_free(&m.first);
	xmlFreeDoc(doc);
}

void
crier_markdown_escape(struct crier_buf *out, const char *s)
{
	struct md m;

	memset(&m, 0, sizeof(m));
	m.para = *out;
	m.line_start = out->len == 0;
	add_text(&m, s);
	*out = m.para;
}
