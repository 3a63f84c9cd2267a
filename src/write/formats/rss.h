/*
 * rss.h - the RSS 2.0 writer and its self-check.
 */
#ifndef CRIER_RSS_H
#define CRIER_RSS_H

#include <stdio.h>

#include "model.h"
#include "render.h"
#include "selfcheck.h"

/*
 * Writes FEED as an RSS 2.0 document to OUT.  Returns CRIER_OK,
 * CRIER_EINPUT if a record's body could no longer be read (reported in
 * DIAGS), or CRIER_EIO if writing failed.
 */
int crier_write_rss(const struct crier_feed *feed,
                    struct crier_entries *entries, FILE *out,
                    struct crier_diags *diags);

/*
 * RSS: well-formed UTF-8 XML, the root an <rss version="2.0"> holding one
 * channel with title, link and description, and in it exactly the items
 * of FEED in order, each with a title and the entry's id as its guid.
 */
crier_check_new_fn crier_check_rss_new;

#endif /* CRIER_RSS_H */
