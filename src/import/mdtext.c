/*
 * mdtext.c - the Markdown writer behind html2md.c (mdtext.h): inline
 * text is gathered in a paragraph buffer and escaped as it goes in, so
 * text never turns into Markdown syntax by accident; a block is written
 * out, line by line and behind the prefixes of the lists and quotes it
 * sits in, when the next block starts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "html2md.h"
#include "mdtext.h"
#include "record.h"

/* ------------------------------------------------------------------ */
/* Inline text                                                         */
/* ------------------------------------------------------------------ */

static int
is_ascii_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

void
crier_md_note_space(struct md *m)
{
	if (m->para.len == 0)
		m->lead_space = 1;
	else if (!m->line_start)
		m->space_pending = 1;
}

void
crier_md_flush_space(struct md *m)
{
	if (m->space_pending && m->para.len > 0 && !m->line_start)
		crier_buf_add(&m->para, " ", 1);
	m->space_pending = 0;
}

/* Markup, written as is. */
void
crier_md_add_raw(struct md *m, const char *s, size_t len)
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

void
crier_md_add_text(struct md *m, const char *s)
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
			crier_md_flush_space(m);
			crier_buf_add(&m->para, s + i, n - i);
			i = n;
			continue;
		}
		n = crier_utf8_next(p + i, len - i, &c);
		if (crier_char_is_fold_space(c)) {
			crier_md_note_space(m);
		} else if (!crier_char_is_forbidden(c)) {
			crier_md_flush_space(m);
			add_text_char(m, c, s + i + n, n);
		}
		i += n;
	}
}

/*
 * A hard line break.  At the start of a paragraph, or right after another
 * break, it separates paragraphs; in a heading it is a space.
 */
void
crier_md_add_break(struct md *m)
{
	if (m->heading_level > 0) {
		crier_md_note_space(m);
	} else if (m->para.len == 0 || m->line_start) {
		if (m->inline_only)
			crier_md_note_space(m);
		else
			crier_md_flush_para(m);
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
void
crier_md_add_buf(struct crier_buf *out, const struct crier_buf *b)
{
	if (b->len > 0)
		crier_buf_add(out, b->data, b->len);
}

void
crier_md_add_prefix_trimmed(struct crier_buf *out, const struct crier_buf *prefix)
{
	size_t n = prefix->len;

	while (n > 0 && prefix->data[n - 1] == ' ')
		n--;
	if (n > 0)
		crier_buf_add(out, prefix->data, n);
}

void
crier_md_truncate_buf(struct crier_buf *b, size_t len)
{
	b->len = len;
	if (b->data != NULL)
		b->data[len] = '\0';
}

void
crier_md_begin_block(struct md *m)
{
	if (m->pending_blank && !m->has_first && m->out->len > m->out_start) {
		crier_md_add_prefix_trimmed(m->out, &m->prefix);
		crier_buf_add(m->out, "\n", 1);
	}
	m->pending_blank = 0;
}

void
crier_md_add_line_prefix(struct md *m)
{
	crier_md_add_buf(m->out, m->has_first ? &m->first : &m->prefix);
	m->has_first = 0;
}

void
crier_md_reset_para(struct md *m)
{
	crier_md_truncate_buf(&m->para, 0);
	m->line_start = 1;
	m->digits_at_start = 0;
	m->space_pending = 0;
	m->lead_space = 0;
}

/* Writes the paragraph (or heading) gathered so far, if any. */
void
crier_md_flush_para(struct md *m)
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
		crier_md_reset_para(m);
		return;
	}
	p->data[p->len] = '\0';
	crier_md_begin_block(m);
	for (line = p->data; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		crier_md_add_line_prefix(m);
		if (line == p->data && m->heading_level > 0) {
			for (level = 0; level < m->heading_level; level++)
				crier_buf_add(m->out, "#", 1);
			crier_buf_add(m->out, " ", 1);
		}
		crier_buf_add(m->out, line, nl != NULL ? (size_t)(nl - line)
		    : strlen(line));
		crier_buf_add(m->out, "\n", 1);
	}
	crier_md_reset_para(m);
	m->pending_blank = 1;
	m->last_block = BLOCK_PARA;
}

void
crier_markdown_escape(struct crier_buf *out, const char *s)
{
	struct md m;

	memset(&m, 0, sizeof(m));
	m.para = *out;
	m.line_start = out->len == 0;
	crier_md_add_text(&m, s);
	*out = m.para;
}
