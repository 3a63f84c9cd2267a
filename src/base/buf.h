/*
 * buf.h - a growable byte string, for building HTML and file names.
 */
#ifndef CRIER_BUF_H
#define CRIER_BUF_H

#include <stddef.h>
#include <stdint.h>

struct crier_buf {
	char *data;      /* NUL-terminated; owned; NULL until first use */
	size_t len, capacity;
};

void crier_buf_add(struct crier_buf *b, const char *s, size_t len);
void crier_buf_puts(struct crier_buf *b, const char *s);
/* V in decimal: what "%" PRIu64 and PRId64 give, without printf's cost. */
void crier_buf_u64(struct crier_buf *b, uint64_t v);
void crier_buf_i64(struct crier_buf *b, int64_t v);
void crier_buf_printf(struct crier_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends S with &, <, > and " escaped, for HTML text and attributes. */
void crier_buf_html(struct crier_buf *b, const char *s);
/*
 * The one HTML escaping: passes S to PUT (with CTX) in pieces, with &, <,
 * > and " replaced by their entities.  crier_buf_html() and the page
 * writer (html.c), which writes to a stream, both use it.
 */
void crier_html_escape(const char *s,
                       void (*put)(void *ctx, const char *s, size_t len),
                       void *ctx);
/* Hands the string to the caller (free() it) and empties B. */
char *crier_buf_take(struct crier_buf *b);
void crier_buf_free(struct crier_buf *b);

#endif /* CRIER_BUF_H */
