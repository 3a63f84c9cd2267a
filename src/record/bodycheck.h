/*
 * bodycheck.h - what a Markdown body may contain when the feed allows
 * raw HTML (Allow-HTML: yes).
 *
 * cmark's safe mode, the default, drops raw HTML and dangerous link
 * schemes, so only feeds that allow HTML need this.  Feed validators and
 * readers reject or strip scripts, frames, embedded objects, forms, event
 * handler attributes and javascript: links; crier refuses them up front,
 * at their line in the record.
 */
#ifndef CRIER_BODYCHECK_H
#define CRIER_BODYCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "crier.h"

/*
 * Checks the body BODY (LEN bytes, starting on line FIRST_LINE of PATH),
 * and the numeric character references its raw HTML keeps as written.
 * Returns the number of errors added to DIAGS.
 */
int crier_body_check_html(const char *path, unsigned first_line,
                          const char *body, size_t len,
                          struct crier_diags *diags);

/*
 * A body's Markdown can make far more than itself: "> " nests one block
 * quote in another, and every level costs cmark a node and the outputs
 * the tags of a quote, so 16 MiB of them took gigabytes of memory and
 * wrote half a gigabyte.  Every body is held to these limits when the
 * record is read (check, build, publish, and an import's new records),
 * so each record's memory and output stay in proportion to its size.
 */
#define CRIER_BODY_MAX_DEPTH 64                        /* nested elements */
#define CRIER_BODY_MAX_MARKUP 200000u  /* lines and markup characters */
#define CRIER_BODY_MAX_HTML_BYTES (16u * 1024 * 1024)  /* HTML of a body */

/*
 * Checks that the body BODY (LEN bytes, starting on line FIRST_LINE of
 * PATH) has no more than CRIER_BODY_MAX_MARKUP lines and characters that
 * may make a node ([]*_`<>!\\&."'), nests no deeper than
 * CRIER_BODY_MAX_DEPTH elements, and renders to no more than
 * CRIER_BODY_MAX_HTML_BYTES of HTML (estimated from above), and that no
 * numeric character reference outside code and raw HTML stands for a
 * character crier_char_is_unwritable refuses.  Returns the number of
 * errors added to DIAGS, each naming its limit or reference.
 */
int crier_body_check_limits(const char *path, unsigned first_line,
                            const char *body, size_t len,
                            struct crier_diags *diags);

/*
 * Whether code point CP may not reach any output: a control other than
 * tab, line feed and carriage return, a surrogate, a noncharacter, U+FFFD
 * (which the W3C validator reports) or no code point at all.
 */
int crier_char_is_unwritable(uint32_t cp);

#endif /* CRIER_BODYCHECK_H */
