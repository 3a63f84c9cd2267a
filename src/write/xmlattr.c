/*
 * xmlattr.c - text in the XML feeds' attributes and elements (xmlattr.h).
 */
#include <stdio.h>
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

/* What xmlTextWriterWriteString() writes for C, or NULL for C itself. */
static const char *
text_reference(unsigned char c)
{
	switch (c) {
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '&':
		return "&amp;";
	case '"':
		return "&quot;";
	case '\r':
		return "&#13;";
	default:
		return NULL;
	}
}

void
crier_xml_write_text(xmlTextWriterPtr w, const char *text, int *failed)
{
	const unsigned char *p;
	const char *ref;
	size_t len = 0, n;
	char *out, *at;

	if (text == NULL)
		text = "";
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		len += (ref = text_reference(*p)) != NULL ? strlen(ref) : 1;
	out = at = crier_xmalloc(len + 1);
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if ((ref = text_reference(*p)) == NULL) {
			*at++ = (char)*p;
			continue;
		}
		n = strlen(ref);
		memcpy(at, ref, n);
		at += n;
	}
	*at = '\0';
	if (xmlTextWriterWriteRawLen(w, X(out), (int)len) < 0)
		*failed = 1;
	free(out);
}
