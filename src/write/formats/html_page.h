/*
 * html_page.h - the page index.html is being written to, and the pieces
 * of an entry that the page's parts (html.c, html_talks.c) all write:
 * people, days, times and bodies.  Private to those files.
 */
#ifndef CRIER_HTML_PAGE_H
#define CRIER_HTML_PAGE_H

#include <stdio.h>

#include "buf.h"
#include "model.h"

struct page {
	FILE *out;
	const struct crier_feed *feed;
	const char *file;    /* its name: index.html, 2017-02.html */
	struct crier_diags *diags;
	int failed;          /* a body could not be read */
};

static inline void
put(struct page *p, const char *s)
{
	fputs(s, p->out);
}

static inline void
put_stream(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, ctx);
}

/* Text and attribute values: &, <, > and " escaped. */
static inline void
text(struct page *p, const char *s)
{
	crier_html_escape(s, put_stream, p->out);
}

/* Whether E's Link is its place on this page: not worth a link. */
int crier_page_links_here(const struct page *p, const struct crier_entry *e);
/* LIST's names: "A", "A and B", "A, B and C". */
void crier_page_people(struct page *p, const struct crier_person *list,
                       size_t n);
/* "Saturday 4 February 2017". */
void crier_page_day(struct page *p, struct crier_time t);
/* "11:30", T's wall clock. */
void crier_page_clock(struct page *p, struct crier_time t);
int crier_page_same_day(struct crier_time a, struct crier_time b);
/* Whether T reads as ZONE's wall clock, not as an offset given by hand. */
int crier_page_is_in_zone(const char *zone, struct crier_time t);
/*
 * "11:30–11:55" and, unless IS_ZONE_NAMED (the caller has named the zone
 * already), which zone.
 */
void crier_page_clock_span(struct page *p, const struct crier_entry *e,
                           int is_zone_named);
/* When E runs: whole days, or a day and its clock span. */
void crier_page_event_span(struct page *p, const struct crier_entry *e,
                           int is_zone_named);
/*
 * E's body as HTML (MADE when the renderer made it already, else NULL),
 * its Summary when the body is empty, then its media.  Sets P->failed if
 * the body could not be read (reported in P->diags).
 */
void crier_page_body(struct page *p, const struct crier_entry *e,
                     const char *made);

/*
 * A table of the N TALKS under CAPTION, then each talk's abstract
 * (html_talks.c).
 */
void crier_page_talk_table(struct page *p, const char *caption,
                           const struct crier_entry *const *talks, size_t n);

#endif /* CRIER_HTML_PAGE_H */
