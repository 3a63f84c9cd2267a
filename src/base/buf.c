#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"

void
crier_buf_add(struct crier_buf *b, const char *s, size_t len)
{
	b->data = crier_xgrow(b->data, &b->capacity, b->len + len + 1, 1);
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
crier_buf_printf(struct crier_buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	/* vsnprintf fails only when the length overflows an int. */
	if (len < 0)
		crier_out_of_memory("vsnprintf");
	b->data = crier_xgrow(b->data, &b->capacity, b->len + (size_t)len + 1,
	                      1);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)len;
}

void
crier_buf_html(struct crier_buf *b, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *esc;

		switch (*s) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		default: continue;
		}
		crier_buf_add(b, run, (size_t)(s - run));
		crier_buf_puts(b, esc);
		run = s + 1;
	}
	crier_buf_add(b, run, (size_t)(s - run));
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
