/*
 * content.h - the HTML of an entry, shared by every writer.
 *
 * An announcement's HTML is its body followed by its talks (day, time,
 * room, speakers, linked title, abstract) marked up as h-event
 * microformats; a talk's HTML says when and where, then its abstract.
 * Bodies are Markdown rendered by cmark with raw HTML dropped, unless the
 * feed allows it.
 */
#ifndef CRIER_CONTENT_H
#define CRIER_CONTENT_H

#include "model.h"

/*
 * Builds ENTRY's HTML into a string the caller frees with free(); with
 * BODY_OUT, also the HTML of ENTRY's own body alone, as
 * crier_markdown_add_html() makes it (for the page, which shows it its own
 * way), in *BODY_OUT, also freed with free().  Returns 0, or -1 with an
 * error in DIAGS if a body can no longer be read.
 */
int crier_entry_html(const struct crier_feed *feed,
                     const struct crier_entry *entry,
                     struct crier_diags *diags, char **html_out,
                     char **body_out);

/*
 * Whether HTML is empty or only white space: feeds then leave content
 * out, as validators reject a blank one.
 */
int crier_html_is_blank(const char *html);

/*
 * Whether the W3C feed validator's rule for plain text (nonhtml, which
 * gives ContainsHTML and ContainsUndeclaredHTML) reads TEXT as HTML: an
 * end tag "</NAME>", or what its expression &(#?\w+) finds after '&' is
 * a numeric reference, holds a digit or '_', or names an HTML 4 entity
 * ("&amp", "&eacute", but not the "&T" of "AT&T").
 */
int crier_text_reads_as_html(const char *text);

/* Whether TEXT holds an end tag "</NAME>", which nothing can escape. */
int crier_text_has_end_tag(const char *text);

struct crier_buf;

/*
 * Appends TEXT to B with '&', '<' and '>' as hexadecimal character
 * references, to be written raw.  The RSS Best Practices Profile asks for
 * them, and the validator takes a line holding "&#x" for text that merely
 * contains those characters, where "&amp;" earns ContainsHTML.
 */
void crier_buf_plain_text(struct crier_buf *b, const char *text);

/* Renders LEN bytes of Markdown to HTML, appended to OUT. */
void crier_markdown_add_html(const struct crier_feed *feed, const char *md,
                             size_t len, struct crier_buf *out);

/*
 * For a moved talk that says where it was (Previous-Starts, -Room):
 * "moved from <time>Saturday 4 February 2017, 11:30</time>, room K.3.201"
 * appended to OUT as HTML; nothing otherwise.
 */
struct crier_buf;
void crier_add_moved_from(struct crier_buf *out, const struct crier_entry *t);

/* "February" for 2. */
const char *crier_month_name(int month);

/* "Saturday 4 February 2017" into BUF. */
void crier_format_day(struct crier_time t, char *buf, size_t size);

#endif /* CRIER_CONTENT_H */
