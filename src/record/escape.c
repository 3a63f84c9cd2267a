/*
 * escape.c - text from records as a terminal may show it
 * (crier_text_escape(), crier.h): the command passes every line it
 * prints through it, and so can any program that shows diagnostics.
 * Also plain text as Markdown, for the bodies crier writes itself.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "record.h"

/*
 * Code points that would let a file name or value rewrite what a person
 * reads: the line separators, and the bidirectional controls that
 * reorder a line on screen.
 */
static int
is_invisible_control(uint32_t cp)
{
	return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

char *
crier_text_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n;
	struct crier_buf b = {0};
	char esc[12];
	uint32_t cp;

	crier_buf_add(&b, "", 0);
	while (i < len) {
		/* Printable ASCII, most of any text, a run at a time. */
		for (n = 0; i + n < len && p[i + n] >= 0x20 && p[i + n] < 0x7F;
		     n++)
			;
		if (n > 0) {
			crier_buf_add(&b, s + i, n);
			i += n;
			continue;
		}
		n = crier_utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			esc[0] = '\\', esc[1] = 'x', esc[2] = hex[p[i] >> 4];
			esc[3] = hex[p[i] & 15];
			crier_buf_add(&b, esc, 4);
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\r' || cp == '\t')
			crier_buf_add(&b, cp == '\n' ? "\\n" : cp == '\r' ?
			              "\\r" : "\\t", 2);
		else if (cp < 0x20 || cp == 0x7F)
			crier_buf_printf(&b, "\\x%02X", (unsigned)cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || is_invisible_control(cp))
			crier_buf_printf(&b, "\\u%04X", (unsigned)cp);
		else
			crier_buf_add(&b, s + i, n);
		i += n;
	}
	return crier_buf_take(&b);
}

void
crier_markdown_add_text(struct crier_buf *out, const char *text)
{
	for (; *text != '\0'; text++) {
		if (strchr("\\`*_[]<>!&~|", *text) != NULL)
			crier_buf_add(out, "\\", 1);
		crier_buf_add(out, text, 1);
	}
}
