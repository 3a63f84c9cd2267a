/*
 * xmlattr.h - plain text in an attribute of the XML feeds (a category's
 * label, a link's or an enclosure's title), as the W3C validator reads
 * it: atom.c and enclosure.c both write such attributes.
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
 * Writes TEXT into the element open in W, escaped as
 * xmlTextWriterWriteString() escapes it ('<', '>', '&', '"' and CR as
 * references), but a run of text at a time rather than a byte at a time
 * into a growing copy: entry HTML is most of a feed's bytes.  NULL is
 * written as "".  Sets *FAILED if the writer failed.
 */
void crier_xml_write_text(xmlTextWriterPtr w, const char *text,
                          int *failed);

#endif /* CRIER_XMLATTR_H */
