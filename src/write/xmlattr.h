/*
 * xmlattr.h - plain text in an attribute of the XML feeds (a category's
 * label, a link's or an enclosure's title), as the W3C validator reads
 * it, and HTML in their elements: atom.c, rss.c and enclosure.c write
 * them.
 */
#ifndef CRIER_XMLATTR_H
#define CRIER_XMLATTR_H

#include <libxml/xmlwriter.h>

/*
 * Writes the attribute NAME holding plain TEXT in an Atom element, with
 * '&', '<', '>', '"' as hexadecimal references, which the W3C validator
 * takes for text; nothing when TEXT is NULL or holds an end tag, which
 * it would call HTML whatever the escaping.  Sets *FAILED if the writer
 * failed.
 */
void crier_atom_plain_attribute(xmlTextWriterPtr w, const char *name,
                                const char *text, int *failed);

/*
 * Writes HTML into the element open in W as CDATA sections, so that it
 * reads back as the same characters; NULL and "" are written as nothing.
 * Sets *FAILED if the writer failed.
 */
void crier_xml_write_html(xmlTextWriterPtr w, const char *html, int *failed);

#endif /* CRIER_XMLATTR_H */
