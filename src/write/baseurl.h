/*
 * baseurl.h - relative links in entry HTML made absolute, for the
 * formats that have no xml:base.
 *
 * The Atom feed says xml:base="Link" and readers resolve a body's
 * relative links ("[slides](slides.pdf)") against the site.  RSS 2.0 and
 * JSON Feed have no such thing: readers resolve them against the feed's
 * own URL, or not at all, and the W3C validator warns about them.  Those
 * writers resolve them here instead.
 */
#ifndef CRIER_BASEURL_H
#define CRIER_BASEURL_H

/*
 * A copy of HTML with the value of every href and src attribute that is
 * a relative reference resolved against BASE (an absolute URL), as RFC
 * 3986, 5.2 says.  Text, comments and other attributes are copied as they
 * are; a value that cannot be resolved, or that holds a character
 * reference other than &amp; &lt; &gt; &quot; &#39; &#x27;, is left alone.
 * free() the result.
 */
char *crier_html_resolve(const char *html, const char *base);

#endif /* CRIER_BASEURL_H */
