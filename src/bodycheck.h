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

#include "crier.h"

/*
 * Checks the body BODY (LEN bytes, starting on line FIRST_LINE of PATH).
 * Returns the number of errors added to DIAGS.
 */
int crier_body_check_html(const char *path, unsigned first_line,
                          const char *body, size_t len,
                          struct crier_diags *diags);

#endif /* CRIER_BODYCHECK_H */
