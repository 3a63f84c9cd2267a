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

/*
 * Links keep http(s), mailto and ftp(s) URLs; other schemes, javascript:
 * among them, and relative URLs are dropped.
 */
int crier_url_is_safe(const char *url);

/* Appends "[TEXT](URL)", TEXT escaped (the URL when TEXT is empty). */
void crier_markdown_link(struct crier_buf *out, const char *text,
                         const char *url);

/* Appends "](URL)", with what would end or break the URL encoded. */
void crier_markdown_link_end(struct crier_buf *out, const char *url);

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

/*
 * Appends S with every run of whitespace (line ends included) folded to
 * one space, both ends trimmed, and the characters records refuse
 * dropped: a value that fits on one header line.
 */
void crier_text_fold(struct crier_buf *out, const char *s);

/* Appends S with line ends made LF and refused characters dropped. */
void crier_text_clean_lines(struct crier_buf *out, const char *s);

/*
 * Characters: one UTF-8 sequence at P (AVAIL bytes left) decoded into
 * *CP, an invalid byte as U+FFFD, returning its length; CP appended as
 * UTF-8; whether the record reader refuses CP (C0 controls but tab and
 * line ends, DEL, C1 controls, U+FFFE, U+FFFF); whether HTML folds CP as
 * whitespace (a no-break space included).
 */
size_t crier_utf8_next(const unsigned char *p, size_t avail, uint32_t *cp);
void crier_utf8_put(struct crier_buf *b, uint32_t cp);
int crier_char_is_refused(uint32_t cp);
int crier_char_is_fold_space(uint32_t cp);

#endif /* CRIER_HTML2MD_H */
