#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "idn2_dl.h"
#include "iri.h"

/*
 * Appends LEN bytes of S with every non-ASCII byte percent-encoded, and
 * '[' and ']', which a URI allows only around an IPv6 host.
 */
static void
add_encoded(struct crier_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	char esc[3] = {'%', 0, 0};
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x80 && p[i] != '[' && p[i] != ']') {
			crier_buf_add(out, s + i, 1);
			continue;
		}
		esc[1] = hex[p[i] >> 4];
		esc[2] = hex[p[i] & 15];
		crier_buf_add(out, esc, 3);
	}
}

static int
is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* LEN bytes of HOST with %XX decoded (cmark writes non-ASCII so). */
static char *
decoded_host(const char *host, size_t len)
{
	char *s = crier_xmalloc(len + 1), *q = s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (host[i] == '%' && i + 2 < len &&
		    hex_value(host[i + 1]) >= 0 && hex_value(host[i + 2]) >= 0) {
			*q++ = (char)(hex_value(host[i + 1]) << 4 |
			              hex_value(host[i + 2]));
			i += 2;
		} else {
			*q++ = host[i];
		}
	}
	*q = '\0';
	return s;
}

/* Appends the host HOST (LEN bytes) in IDNA form; -1 if it has none. */
static int
add_host(struct crier_buf *out, const char *host, size_t len)
{
	char *utf8, *ascii = NULL;
	int rc;

	utf8 = decoded_host(host, len);
	if (is_ascii(utf8, strlen(utf8))) {
		/* Nothing to map: the host stays as it was written. */
		free(utf8);
		crier_buf_add(out, host, len);
		return 0;
	}
	if (crier_lazy_load(&crier_idn2_lib) != 0) {
		free(utf8);
		return -1;
	}
	rc = idn2_to_ascii_8z(utf8, &ascii, IDN2_NFC_INPUT |
	                      IDN2_NONTRANSITIONAL);
	/* UTS 46 maps what IDNA2008 alone refuses (upper case, symbols). */
	if (rc != IDN2_OK)
		rc = idn2_to_ascii_8z(utf8, &ascii, IDN2_NFC_INPUT |
		                      IDN2_TRANSITIONAL);
	free(utf8);
	if (rc != IDN2_OK)
		return -1;
	crier_buf_puts(out, ascii);
	idn2_free(ascii);
	return 0;
}

char *
crier_iri_to_uri(const char *url)
{
	struct crier_buf out = {0};
	const char *scheme_end = strstr(url, "://"), *host, *host_end, *at;

	if (scheme_end == NULL)
		return is_ascii(url, strlen(url)) ? crier_xstrdup(url) : NULL;
	host = scheme_end + 3;
	host_end = host + strcspn(host, "/?#");
	if (is_ascii(url, strlen(url)) &&
	    memchr(host, '%', (size_t)(host_end - host)) == NULL &&
	    strpbrk(host_end, "[]") == NULL)
		return crier_xstrdup(url);
	/* Userinfo, if any, is not part of the host. */
	at = memchr(host, '@', (size_t)(host_end - host));
	crier_buf_add(&out, url, (size_t)(host - url));
	if (at != NULL) {
		add_encoded(&out, host, (size_t)(at + 1 - host));
		host = at + 1;
	}
	/* A port stays as it is: the host ends at its ':' (after an IPv6 ']'). */
	at = *host == '[' ? memchr(host, ']', (size_t)(host_end - host)) : host;
	at = at != NULL ? memchr(at, ':', (size_t)(host_end - at)) : NULL;
	if (add_host(&out, host, (size_t)((at ? at : host_end) - host)) != 0) {
		crier_buf_free(&out);
		return NULL;
	}
	if (at != NULL)
		crier_buf_add(&out, at, (size_t)(host_end - at));
	add_encoded(&out, host_end, strlen(host_end));
	return crier_buf_take(&out);
}
