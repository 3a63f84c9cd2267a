/*
 * textchar.h - the characters, lines and link URLs of a schedule's text
 * (textchar.c), below both html2md.c and schedtext.c.
 */
#ifndef CRIER_TEXTCHAR_H
#define CRIER_TEXTCHAR_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Links keep http(s), mailto and ftp(s) URLs; other schemes, javascript:
 * among them, and relative URLs are dropped.
 */
int crier_url_is_safe(const char *url);

/* Appends "](URL)", with what would end or break the URL encoded. */
void crier_markdown_link_end(struct crier_buf *out, const char *url);

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
 * UTF-8; whether HTML folds CP as whitespace (a no-break space
 * included).  What a record refuses is crier_char_is_forbidden().
 */
size_t crier_utf8_next(const unsigned char *p, size_t avail, uint32_t *cp);
void crier_utf8_put(struct crier_buf *b, uint32_t cp);
int crier_char_is_fold_space(uint32_t cp);

#endif /* CRIER_TEXTCHAR_H */
