/*
 * xmlattr.c - text in the XML feeds' attributes and elements (xmlattr.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "content.h"
#include "xmlattr.h"

#define X(s) ((const xmlChar *)(s))

/*
 * Plain text in an attribute (a category's label, a link's title) has no
 * type.  '&', '<', '>' and '"' are written as hexadecimal references, so
 * the validator takes "&amp;" in it for text, as in RSS (content.h); an
 * end tag has no such way out, and the attribute is left out.
 */
void
crier_atom_plain_attribute(xmlTextWriterPtr w, const char *name,
                           const char *text, int *failed)
{
	struct crier_buf raw = {0};
	char ref[16];
	const char *p;

	if (text == NULL || crier_text_has_end_tag(text))
		return;
	for (p = text; *p != '\0'; p++) {
		if (strchr("&<>\"\t\n\r", *p) == NULL) {
			crier_buf_add(&raw, p, 1);
			continue;
		}
		snprintf(ref, sizeof(ref), "&#x%X;", (unsigned char)*p);
		crier_buf_puts(&raw, ref);
	}
	crier_buf_add(&raw, "", 0);
	if (xmlTextWriterStartAttribute(w, X(name)) < 0 ||
	    xmlTextWriterWriteRaw(w, X(raw.data)) < 0 ||
	    xmlTextWriterEndAttribute(w) < 0)
		*failed = 1;
	crier_buf_free(&raw);
}

void
crier_xml_write_text(xmlTextWriterPtr w, const char *text, int *failed)
{
	struct crier_buf out = {0};
	const char *cr;
	char *piece;

	if (text == NULL)
		text = "";
	/* xmlTextWriterWriteString()'s references: HTML's four, and CR's. */
	while ((cr = strchr(text, '\r')) != NULL) {
		piece = crier_xmalloc((size_t)(cr - text) + 1);
		memcpy(piece, text, (size_t)(cr - text));
		piece[cr - text] = '\0';
		crier_buf_html(&out, piece);
		crier_buf_puts(&out, "&#13;");
		free(piece);
		text = cr + 1;
	}
	crier_buf_html(&out, text);
	if (xmlTextWriterWriteRawLen(w, X(out.data != NULL ? out.data : ""),
	    (int)out.len) < 0)
		*failed = 1;
	crier_buf_free(&out);
}
