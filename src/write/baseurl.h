/*
 * baseurl.h - relative links in entry HTML made absolute.
 *
 * A body's relative links ("[slides](slides.pdf)") mean the site, but
 * no output uses xml:base, which readers handle badly, and RSS 2.0 and
 * JSON Feed have no such thing: readers would resolve them against the
 * feed's own URL, or not at all, and the W3C validator warns about them.
 * They are resolved here, once, for every writer.
 */
#ifndef CRIER_BASEURL_H
#define CRIER_BASEURL_H

struct crier_buf;

/*
 * Resolves, in HTML, the value of every href and src attribute that is
 * a relative reference against BASE (an absolute URL), as RFC 3986, 5.2
 * says.  Text, comments and other attributes stay as they are; a value
 * that cannot be resolved, or that holds a character reference other
 * than &amp; &lt; &gt; &quot; &#39; &#x27;, is left alone.
 */
void crier_html_resolve(struct crier_buf *html, const char *base);

#endif /* CRIER_BASEURL_H */
