/*
 * xmlcheck.h - what the checkers of the XML outputs (Atom, RSS) share:
 * libxml2's SAX push parser fed from the pipe, the first problem found,
 * and the entry it concerns.  A format's checker embeds struct
 * crier_xml_check as its first member and brings its own element and
 * text callbacks.
 */
#ifndef CRIER_XMLCHECK_H
#define CRIER_XMLCHECK_H

#include <libxml/parser.h>

#include "buf.h"
#include "selfcheck.h"

/*
 * Bits a checker keeps for an element name.  The parser hands its
 * callbacks names interned in its dictionary, so a name is classified
 * once and then found by its address (crier_xml_name_bits()).
 */
#define CRIER_NAME_MEMO_SLOTS 64
struct crier_name_memo {
	const xmlChar *name[CRIER_NAME_MEMO_SLOTS];
	unsigned bits[CRIER_NAME_MEMO_SLOTS];
};

struct crier_xml_check {
	struct crier_check base;
	xmlParserCtxtPtr ctxt;
	const struct crier_feed *feed;
	char *path;
	size_t entry;          /* entries (items) seen so far */
	char problem[512];     /* the first problem found, or "" */
	/*
	 * The rules every feed follows (xmlcheck.c), when a feed's checker
	 * sets is_feed after crier_xml_check_init(), and the format's own.
	 */
	int is_feed;
	xmlSAXHandler format;
	struct crier_buf text; /* the innermost open element's text */
	int has_child;         /* it has child elements */
	int is_html;           /* its text is HTML (escaped, or CDATA) */
	struct crier_name_memo rules; /* the rules' bits of each name */
};

/*
 * Sets up C for the output of FEED at PATH: SAX's element and text
 * callbacks (called with C) see what is pushed; FINISH is the format's
 * verdict, which ends with crier_xml_check_report().
 *
 * With is_feed set (Atom, RSS), before the format's callbacks every
 * element is held to the W3C feed validator's rules that are cheap to
 * check:
 * - no character it reports (BadCharacters) nor one XML or iCalendar
 *   forbids: C0 and C1 controls, U+FFFD, noncharacters;
 * - no xml:base (SameDocumentReference; readers handle it badly);
 * - every href, src and RSS link an absolute URI in ASCII (ContainsRelRef,
 *   UriNotIri), and every href and src inside HTML text absolute;
 * - no blank text element (NotBlank).
 */
void crier_xml_check_init(struct crier_xml_check *c,
                          const struct crier_feed *feed, const char *path,
                          xmlSAXHandler *sax,
                          int (*finish)(struct crier_check *,
                                        struct crier_diags *));

/*
 * CLASSIFY(NAME), from MEMO when NAME was classified before: NAME is an
 * element name the parser of C handed a callback.
 */
unsigned crier_xml_name_bits(struct crier_xml_check *c,
                             struct crier_name_memo *memo,
                             const xmlChar *name,
                             unsigned (*classify)(const xmlChar *name));

/* Keeps the first problem: FMT with one string argument. */
void crier_xml_check_problem(struct crier_xml_check *c, const char *fmt,
                             const char *arg);

/* Ends the document; a document that is not well-formed is a problem. */
void crier_xml_check_end(struct crier_xml_check *c);

/*
 * Reports the problem, if any, at the file of the entry it concerns (else
 * the output), and frees the parser.  Returns 0, or -1 with an
 * MSG_SELF_CHECK error in DIAGS.  C itself is the caller's to free.
 */
int crier_xml_check_report(struct crier_xml_check *c,
                           struct crier_diags *diags);

#endif /* CRIER_XMLCHECK_H */
