/*
 * json.h - the JSON Feed 1.1 writer and its self-check.
 */
#ifndef CRIER_JSON_H
#define CRIER_JSON_H

#include <stdio.h>

#include "buf.h"
#include "model.h"
#include "render.h"
#include "selfcheck.h"

#define CRIER_JSON_VERSION "https://jsonfeed.org/version/1.1"

/*
 * Writes FEED as a JSON Feed 1.1 document to OUT.  Returns CRIER_OK,
 * CRIER_EINPUT if a record's body could no longer be read (reported in
 * DIAGS), or CRIER_EIO if writing failed.
 */
int crier_write_json(const struct crier_feed *feed,
                     struct crier_entries *entries, FILE *out,
                     struct crier_diags *diags);

/*
 * Appends TEXT (clean UTF-8) to B as a JSON string, quotes included:
 * '"' and '\' escaped, control characters as \b \f \n \r \t or \u00XX,
 * U+2028 and U+2029 as \u2028 and \u2029 (JavaScript string literals
 * may not hold them raw), everything else as it is.
 */
void crier_json_add_string(struct crier_buf *b, const char *text);

/*
 * JSON Feed: one strict JSON text (RFC 8259: UTF-8 without a BOM, no
 * trailing commas, no lone surrogates, nesting at most 64 deep) whose
 * root object has title, items and the version above, and whose items
 * are exactly those of FEED in order, each an object with the entry's
 * id and content_html.
 */
crier_check_new_fn crier_check_json_new;

#endif /* CRIER_JSON_H */
