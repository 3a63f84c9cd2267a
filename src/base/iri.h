/*
 * iri.h - IRIs made URIs, for outputs that want ASCII addresses.
 *
 * RSS wants URIs, and readers disagree on an IRI: the W3C validator
 * reports one as an error in RSS, some readers percent-encode it, some
 * send it as UTF-8.  So an http(s) address with a non-ASCII host gets
 * its IDNA (punycode) form, from libidn2, and non-ASCII bytes anywhere
 * else are percent-encoded as RFC 3987 3.1 says.
 */
#ifndef CRIER_IRI_H
#define CRIER_IRI_H

/*
 * URL as a URI, in a string the caller frees with free(); URL itself,
 * copied, when it is ASCII already.  NULL when its host is not a valid
 * internationalised domain name, or libidn2 cannot be loaded (idn2_dl.h).
 */
char *crier_iri_to_uri(const char *url);

#endif /* CRIER_IRI_H */
