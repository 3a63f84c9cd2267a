/*
 * html.h - index.html, the page a person sees at the feed's address.
 */
#ifndef CRIER_HTML_H
#define CRIER_HTML_H

#include <stdio.h>

#include "model.h"
#include "render.h"
#include "selfcheck.h"

/*
 * Writes FEED's page to OUT: the feed's title and subscribe links (with
 * autodiscovery links in the head) for every output this build writes,
 * then the announcements newest first, each with its talks as a table.
 * Every entry the outputs hold has an element whose id is the entry's
 * id, which is where entries without a Link of their own point.
 * Returns CRIER_OK, CRIER_EINPUT if a record's body could no longer be
 * read (reported in DIAGS), or CRIER_EIO if writing failed.
 */
int crier_write_html(const struct crier_feed *feed,
                     struct crier_entries *entries, FILE *out,
                     struct crier_diags *diags);

/*
 * The page's checker: libxml2's HTML parser reads it without an error
 * (elements its HTML 4 table does not know, which raw HTML in a body may
 * use, aside), the root element has a lang, and every entry the outputs
 * hold has exactly one element with its id.
 */
crier_check_new_fn crier_check_html_new;

#endif /* CRIER_HTML_H */
