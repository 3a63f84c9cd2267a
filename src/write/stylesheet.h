/*
 * stylesheet.h - feed.xsl, which shows feed.atom and feed.rss as a page
 * with a note on how to subscribe to a person who opens them in a browser.
 *
 * The Makefile compiles data/feed.xsl in as stylesheet.c, so that a build
 * needs no data files at run time.
 */
#ifndef CRIER_STYLESHEET_H
#define CRIER_STYLESHEET_H

#define CRIER_STYLESHEET_FILE "feed.xsl"

/*
 * The bytes of data/feed.xsl (UTF-8 XML), followed by a NUL that
 * crier_feed_xsl_size does not count.
 */
extern const char crier_feed_xsl[];
extern const unsigned long crier_feed_xsl_size;

#endif /* CRIER_STYLESHEET_H */
