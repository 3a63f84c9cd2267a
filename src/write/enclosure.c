/*
 * enclosure.c - media as Atom and RSS enclosures (enclosure.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include "enclosure.h"
#include "xmlattr.h"

#define X(s) ((const xmlChar *)(s))

static int
attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	if (value == NULL)
		return 0;
	return xmlTextWriterWriteAttribute(w, X(name), X(value)) < 0 ? -1 : 0;
}

int
crier_enclosure_atom(xmlTextWriterPtr w, const struct crier_entry *e)
{
	const struct crier_media *m;
	char length[24];
	size_t i;
	int rc = 0, failed = 0;

	for (i = 0; i < e->media_count; i++) {
		m = &e->media[i];
		snprintf(length, sizeof(length), "%" PRIu64, m->length_bytes);
		rc |= xmlTextWriterStartElement(w, X("link")) < 0 ? -1 : 0;
		rc |= attribute(w, "rel", "enclosure");
		rc |= attribute(w, "type", m->type);
		rc |= attribute(w, "href", m->url);
		rc |= attribute(w, "length", m->length_bytes > 0 ? length
		                : NULL);
		crier_atom_plain_attribute(w, "title", m->title, &failed);
		rc |= attribute(w, "hreflang", m->language);
		rc |= xmlTextWriterEndElement(w) < 0 ? -1 : 0;
	}
	return failed ? -1 : rc;
}

int
crier_enclosure_rss(xmlTextWriterPtr w, const struct crier_entry *e)
{
	char length[24];
	int rc = 0;

	if (e->media_count == 0)
		return 0;
	snprintf(length, sizeof(length), "%" PRIu64, e->media[0].length_bytes);
	rc |= xmlTextWriterStartElement(w, X("enclosure")) < 0 ? -1 : 0;
	rc |= attribute(w, "url", e->media[0].url);
	rc |= attribute(w, "length", length);
	rc |= attribute(w, "type", e->media[0].type);
	rc |= xmlTextWriterEndElement(w) < 0 ? -1 : 0;
	return rc;
}
