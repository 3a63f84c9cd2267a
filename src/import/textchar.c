/*
 * textchar.c - the characters, lines and link URLs of a schedule's text,
 * shared by the HTML walk (html2md.c) and the text fields (schedtext.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "record.h"
#include "textchar.h"

/* ------------------------------------------------------------------ */
/* Characters                                                          */
/* ------------------------------------------------------------------ */

/* One UTF-8 sequence at P; an invalid byte reads as U+FFFD. */
size_t
crier_utf8_next(const unsigned char *p, size_t avail, uint32_t *cp)
{
	size_t len = crier_utf8_decode(p, avail, cp);

	if (len > 0)
		return len;
	*cp = 0xFFFD;
	return 1;
}

void
crier_utf8_put(struct crier_buf *b, uint32_t c)
{
	char u[4];

	if (c < 0x80) {
		u[0] = (char)c;
		crier_buf_add(b, u, 1);
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		crier_buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		crier_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		crier_buf_add(b, u, 4);
	}
}

/* C, read from the LEN bytes at P: those bytes, unless they were invalid. */
static void
put_decoded(struct crier_buf *b, const unsigned char *p, size_t len,
            uint32_t c)
{
	if (len > 1 || c < 0x80)
		crier_buf_add(b, (const char *)p, len);
	else
		crier_utf8_put(b, c);
}

/* The length of the run of printable ASCII at P, which nothing changes. */
static size_t
printable_run(const unsigned char *p, size_t avail)
{
	size_t n = 0;

	while (n < avail && p[n] > ' ' && p[n] < 0x7F)
		n++;
	return n;
}

/* Whitespace that HTML folds; a no-break space folds too. */
int
crier_char_is_fold_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v' || c == 0xA0;
}

void
crier_text_fold(struct crier_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, len = strlen(s), start = out->len;
	int has_text = 0, space = 0;
	uint32_t c;

	while (i < len) {
		/* A run of printable ASCII is taken at once, as its first. */
		if ((n = printable_run(p + i, len - i)) > 0)
			c = p[i];
		else
			n = crier_utf8_next(p + i, len - i, &c);
		if (crier_char_is_fold_space(c) || c == '\r' ||
		    (!has_text && crier_blank_len(s + i, s + len) > 0)) {
			space = has_text;
		} else if (!crier_char_is_forbidden(c)) {
			if (space)
				crier_buf_add(out, " ", 1);
			put_decoded(out, p + i, n, c);
			has_text = 1;
			space = 0;
		}
		i += n;
	}
	/*
	 * Other Unicode spaces (U+3000...) stay inside the text, but not at
	 * its ends, where the record reader would trim them off a value.
	 */
	while (out->len > start && (n = crier_blank_len_before(out->data +
	    start, out->data + out->len)) > 0)
		out->data[out->len -= n] = '\0';
}

/* Text with line ends as LF and refused characters dropped. */
void
crier_text_clean_lines(struct crier_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, len = strlen(s);
	uint32_t c;

	while (i < len) {
		/* ASCII text and its LF and tab, as they are, in runs. */
		for (n = i; n < len && ((p[n] >= ' ' && p[n] < 0x7F) ||
		    p[n] == '\n' || p[n] == '\t'); n++)
			;
		if (n > i) {
			crier_buf_add(out, s + i, n - i);
			i = n;
			continue;
		}
		n = crier_utf8_next(p + i, len - i, &c);
		i += n;
		if (c == '\r') {
			if (i < len && p[i] == '\n')
				continue;
			crier_buf_add(out, "\n", 1);
		} else if (!crier_char_is_forbidden(c)) {
			put_decoded(out, p + i - n, n, c);
		}
	}
}


/* ------------------------------------------------------------------ */
/* Links                                                               */
/* ------------------------------------------------------------------ */

int
crier_url_is_safe(const char *url)
{
	static const char *const schemes[] = {
		"http://", "https://", "mailto:", "ftp://", "ftps://"
	};
	size_t i, n;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = strlen(schemes[i]);
		if (strncasecmp(url, schemes[i], n) == 0 && url[n] != '\0')
			return 1;
	}
	return 0;
}

/* Byte B of a link destination, percent-encoded unless it is plain. */
static void
put_url_byte(struct crier_buf *out, unsigned char b)
{
	if (b <= ' ' || b >= 0x7F || strchr("<>()\\\"", b) != NULL)
		crier_buf_printf(out, "%%%02X", b);
	else
		crier_buf_add(out, (const char *)&b, 1);
}

/*
 * The URL as a Markdown link destination: UTF-8 characters a record may
 * hold are kept as they are; any other byte that would end or break the
 * destination or that a record refuses is percent-encoded.
 */
void
crier_markdown_link_end(struct crier_buf *out, const char *url)
{
	const unsigned char *p = (const unsigned char *)url;
	size_t i = 0, n, len = strlen(url);
	uint32_t c;

	crier_buf_add(out, "](", 2);
	while (i < len) {
		n = crier_utf8_decode(p + i, len - i, &c);
		if (n > 1 && !crier_char_is_forbidden(c)) {
			crier_buf_add(out, url + i, n);
			i += n;
		} else {
			put_url_byte(out, p[i++]);
		}
	}
	crier_buf_add(out, ")", 1);
}
