/*
 * enclosure.h - an entry's media (model.h) as the XML feeds carry them:
 * Atom links with rel="enclosure", one per file (RFC 4287 4.2.7.2), and
 * the one <enclosure> RSS 2.0 allows.  The HTML list every writer's
 * content ends with is crier_media_html() (media.h).
 */
#ifndef CRIER_ENCLOSURE_H
#define CRIER_ENCLOSURE_H

#include <libxml/xmlwriter.h>

#include "model.h"

/*
 * Writes E's media as Atom enclosure links with type, length (when
 * known), title and hreflang.  Returns 0, or -1 if the writer failed.
 */
int crier_enclosure_atom(xmlTextWriterPtr w, const struct crier_entry *e);

/*
 * Writes E's primary medium (the first: a recording, else a video, else
 * slides, else an attachment) as RSS's one <enclosure>; its length is 0
 * when unknown, as the RSS Best Practices Profile says.  The others are
 * in the content.  Returns 0, or -1 if the writer failed.
 */
int crier_enclosure_rss(xmlTextWriterPtr w, const struct crier_entry *e);

#endif /* CRIER_ENCLOSURE_H */
