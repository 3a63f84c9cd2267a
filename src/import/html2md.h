/*
 * html2md.h - a schedule's text to a record body: Markdown, never HTML.
 *
 * Pentabarf exports give abstracts as HTML (often escaped a second time);
 * frab and pretalx give Markdown-ish text.  Both end up as CommonMark that
 * means what the schedule meant, holds no raw HTML (so no reader, and no
 * Allow-HTML feed, ever sees markup that came from a schedule) and holds
 * only characters the record reader accepts.
 */
#ifndef CRIER_HTML2MD_H
#define CRIER_HTML2MD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "textchar.h"

/* html2md.c: the HTML walk and the Markdown it writes. */

/*
 * Converts HTML (LEN bytes of UTF-8; a fragment or a document) to
 * Markdown: paragraphs, line breaks, lists (nested too), block quotes,
 * headings, preformatted text, links, emphasis and code.  Scripts, styles
 * and unknown elements' markup are dropped, their text kept.  Appends the
 * result, which ends in one newline unless empty, to OUT.
 */
void crier_html_to_markdown(const char *html, size_t len,
                            struct crier_buf *out);

/*
 * Appends S to OUT so that CommonMark shows it literally as inline text:
 * its Markdown punctuation is escaped and its whitespace folded.
 */
void crier_markdown_escape(struct crier_buf *out, const char *s);


/* schedtext.c: judging, cleaning and folding a schedule's text. */

/* Appends "[TEXT](URL)", TEXT escaped (the URL when TEXT is empty). */
void crier_markdown_link(struct crier_buf *out, const char *text,
                         const char *url);

/* Whether TEXT contains HTML tags, such as <p> or </li>. */
int crier_text_is_html(const char *text);

/*
 * A schedule's text field as a Markdown body, in a string the caller
 * frees with free(): HTML (also when escaped once more, as "&lt;p&gt;")
 * is converted; other text is kept as written, except that characters
 * records refuse are dropped, line ends become LF and anything CommonMark
 * would take for raw HTML is escaped.  Empty (not NULL) when there is no
 * text.
 */
char *crier_schedule_text_markdown(const char *text);

#endif /* CRIER_HTML2MD_H */
