/*
 * mdtext.h - the Markdown writer behind html2md.c (mdtext.c): inline
 * text, escaped as it goes in, gathered into paragraphs and written out
 * block by block behind the prefixes of the lists and quotes it sits in.
 */
#ifndef CRIER_MDTEXT_H
#define CRIER_MDTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

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

void crier_md_note_space(struct md *m);
void crier_md_flush_space(struct md *m);
/* Markup, written as is. */
void crier_md_add_raw(struct md *m, const char *s, size_t len);
void crier_md_add_text(struct md *m, const char *s);
/*
 * A hard line break.  At the start of a paragraph, or right after another
 * break, it separates paragraphs; in a heading it is a space.
 */
void crier_md_add_break(struct md *m);
/* Appends B, which may never have been used. */
void crier_md_add_buf(struct crier_buf *out, const struct crier_buf *b);
void crier_md_add_prefix_trimmed(struct crier_buf *out,
                                 const struct crier_buf *prefix);
void crier_md_truncate_buf(struct crier_buf *b, size_t len);
void crier_md_begin_block(struct md *m);
void crier_md_add_line_prefix(struct md *m);
void crier_md_reset_para(struct md *m);
/* Writes the paragraph (or heading) gathered so far, if any. */
void crier_md_flush_para(struct md *m);

#endif /* CRIER_MDTEXT_H */
