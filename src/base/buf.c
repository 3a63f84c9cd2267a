#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"

void
crier_buf_add(struct crier_buf *b, const char *s, size_t len)
{
	/* Called for every run of escaped text: grow only when needed. */
	if (b->len + len + 1 > b->capacity)
		b->data = crier_xgrow(b->data, &b->capacity, b->len + len + 1,
		                      1);
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
crier_buf_puts(struct crier_buf *b, const char *s)
{
	crier_buf_add(b, s, strlen(s));
}

void
crier_buf_u64(struct crier_buf *b, uint64_t v)
{
	char digits[20];
	size_t n = sizeof(digits);

	do
		digits[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	crier_buf_add(b, digits + n, sizeof(digits) - n);
}

void
crier_buf_i64(struct crier_buf *b, int64_t v)
{
	if (v < 0) {
		crier_buf_add(b, "-", 1);
		crier_buf_u64(b, -(uint64_t)v);
		return;
	}
	crier_buf_u64(b, (uint64_t)v);
}

void
crier_buf_printf(struct crier_buf *b, const char *fmt, ...)
{
	size_t room = b->capacity - b->len;
	va_list ap;
	int len;

	/*
	 * Straight into the room there is, measuring only when it is too
	 * small: glibc measures by formatting into a scratch buffer of 64
	 * bytes at a time, which costs more than formatting.
	 */
	va_start(ap, fmt);
	len = vsnprintf(room > 0 ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	/* vsnprintf fails only when the length overflows an int. */
	if (len < 0)
		crier_out_of_memory("vsnprintf");
	if ((size_t)len >= room) {
		b->data = crier_xgrow(b->data, &b->capacity,
		                      b->len + (size_t)len + 1, 1);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)len;
}

void
crier_html_escape(const char *s,
                  void (*put)(void *ctx, const char *s, size_t len),
                  void *ctx)
{
	const char *esc;
	size_t n;

	/* strcspn() looks at many bytes a step: runs of text are long. */
	while (*s != '\0') {
		n = strcspn(s, "&<>\"");
		if (n > 0)
			put(ctx, s, n);
		s += n;
		switch (*s) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		default: return;
		}
		put(ctx, esc, strlen(esc));
		s++;
	}
}

static void
put_buf(void *ctx, const char *s, size_t len)
{
	crier_buf_add(ctx, s, len);
}

void
crier_buf_html(struct crier_buf *b, const char *s)
{
	/* Even for "": callers count on the buffer being a string. */
	crier_buf_add(b, "", 0);
	crier_html_escape(s, put_buf, b);
}

char *
crier_buf_take(struct crier_buf *b)
{
	char *s = b->data != NULL ? b->data : crier_xstrdup("");

	b->data = NULL;
	b->len = b->capacity = 0;
	return s;
}

void
crier_buf_free(struct crier_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->capacity = 0;
}
