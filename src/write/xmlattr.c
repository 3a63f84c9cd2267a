/*
 * xmlattr.c - text in the XML feeds' attributes and elements (xmlattr.h).
 */
#include <stdio.h>
#include <string.h>

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

/* One CDATA section holding the LEN bytes at TEXT. */
static void
cdata_section(xmlTextWriterPtr w, const char *text, size_t len, int *failed)
{
	if (len == 0)
		return;
	if (xmlTextWriterStartCDATA(w) < 0 ||
	    xmlTextWriterWriteRawLen(w, X(text), (int)len) < 0 ||
	    xmlTextWriterEndCDATA(w) < 0)
		*failed = 1;
}

/*
 * A section may hold neither its own end "]]>", which is split between
 * two sections, nor a CR, which the parser would turn into a line feed:
 * that is a reference between sections.  Both are rare in HTML, and a
 * section costs a reader a scan where escaped text costs a reference
 * for every '<' and '>'.  Text without markup is written as it is.
 */
void
crier_xml_write_html(xmlTextWriterPtr w, const char *html, int *failed)
{
	const char *p = html != NULL ? html : "", *start = p;

	/* Text without markup needs no section, nor any escaping. */
	if (strpbrk(p, "<>&\r") == NULL) {
		if (xmlTextWriterWriteRaw(w, X(p)) < 0)
			*failed = 1;
		return;
	}
	while (*(p += strcspn(p, "]\r")) != '\0') {
		if (*p == '\r') {
			cdata_section(w, start, (size_t)(p - start), failed);
			if (xmlTextWriterWriteRaw(w, X("&#13;")) < 0)
				*failed = 1;
			start = ++p;
		} else if (strncmp(p, "]]>", 3) == 0) {
			cdata_section(w, start, (size_t)(p + 2 - start), failed);
			start = p += 2;
		} else {
			p++;
		}
	}
	cdata_section(w, start, (size_t)(p - start), failed);
}
