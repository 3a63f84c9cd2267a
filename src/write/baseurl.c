#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "baseurl.h"
#include "buf.h"
#include "iri.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Whether REF (LEN bytes) begins with a scheme, which makes it absolute. */
static int
has_scheme(const char *ref, size_t len)
{
	size_t i;

	if (len == 0 || !is_alpha(ref[0]))
		return 0;
	for (i = 1; i < len; i++) {
		if (ref[i] == ':')
			return 1;
		if (!is_alnum(ref[i]) && ref[i] != '+' && ref[i] != '-' &&
		    ref[i] != '.')
			return 0;
	}
	return 0;
}

/*
 * Decodes the character references an attribute value holding a URL may
 * have (cmark writes '&' and '\'' so).  Returns 0, or -1 when V holds any
 * other reference, which is then best left alone.
 */
static int
unescape_value(const char *v, size_t len, struct crier_buf *out)
{
	static const struct {
		const char *ref;
		char c;
	} refs[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
		{"&#39;", '\''}, {"&#x27;", '\''},
	};
	size_t i, k, n;

	for (i = 0; i < len; i++) {
		if (v[i] != '&') {
			crier_buf_add(out, v + i, 1);
			continue;
		}
		for (k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
			n = strlen(refs[k].ref);
			if (n <= len - i && memcmp(v + i, refs[k].ref, n) == 0)
				break;
		}
		if (k == sizeof(refs) / sizeof(refs[0]))
			return -1;
		crier_buf_add(out, &refs[k].c, 1);
		i += n - 1;
	}
	return 0;
}

/*
 * REF resolved against BASE; xmlFree() it.  A reference that is not a
 * URI ("a b", "%zz") is escaped first; NULL if even that fails, and the
 * caller then links to BASE: feeds may not carry a relative link.
 */
static xmlChar *
resolve(const char *ref, const char *base)
{
	xmlChar *resolved = xmlBuildURI((const xmlChar *)ref,
	                                (const xmlChar *)base), *escaped;

	if (resolved != NULL)
		return resolved;
	escaped = xmlURIEscapeStr((const xmlChar *)ref,
	                          (const xmlChar *)":/?#[]@!$&'()*+,;=");
	if (escaped != NULL)
		resolved = xmlBuildURI(escaped, (const xmlChar *)base);
	xmlFree(escaped);
	return resolved;
}

/*
 * Whether VALUE (LEN bytes) is an absolute URI that absolute_uri() would
 * leave as it is: a scheme, then printable ASCII without a reference,
 * a percent-encoding or a bracket.  Most links in bodies are such.
 */
static int
is_plain_absolute(const char *value, size_t len)
{
	size_t i;

	if (!has_scheme(value, len))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)value[i] <= ' ' ||
		    (unsigned char)value[i] >= 0x7F ||
		    strchr("&%[]", value[i]) != NULL)
			return 0;
	return 1;
}

/*
 * The attribute value VALUE (LEN bytes) as an absolute URI to write in
 * its place, or NULL to leave it as it is.  A relative one is resolved
 * against BASE; an http(s) one whose host cmark percent-encoded gets
 * its IDNA form (iri.h).
 */
static char *
absolute_uri(const char *value, size_t len, const char *base)
{
	struct crier_buf ref = {0};
	xmlChar *resolved;
	char *uri = NULL;

	if (is_plain_absolute(value, len))
		return NULL;
	if (unescape_value(value, len, &ref) != 0) {
		crier_buf_free(&ref);
		return NULL;
	}
	/* An empty reference is the base itself, as browsers take it. */
	crier_buf_add(&ref, "", 0);
	if (!has_scheme(value, len)) {
		resolved = resolve(ref.data, base);
		uri = crier_iri_to_uri(resolved != NULL ?
		                       (const char *)resolved : base);
		xmlFree(resolved);
	} else if (strncasecmp(ref.data, "http", 4) == 0) {
		uri = crier_iri_to_uri(ref.data);
		if (uri != NULL && strcmp(uri, ref.data) == 0) {
			free(uri);
			uri = NULL;
		}
	}
	crier_buf_free(&ref);
	return uri;
}

/*
 * A copy of the HTML being resolved, made only once a link in it
 * changes: most bodies have none to change.
 */
struct resolving {
	const char *copied;      /* what precedes this is in out */
	struct crier_buf out;    /* empty until a link changes */
};

/* Copies what precedes AT, then puts URI there (quoted, escaped). */
static void
put_uri(struct resolving *r, const char *at, const char *uri)
{
	crier_buf_add(&r->out, r->copied, (size_t)(at - r->copied));
	crier_buf_add(&r->out, "\"", 1);
	crier_buf_html(&r->out, uri);
	crier_buf_add(&r->out, "\"", 1);
}

static int
is_link_attribute(const char *name, size_t len)
{
	return (len == 4 && strncasecmp(name, "href", 4) == 0) ||
	       (len == 3 && strncasecmp(name, "src", 3) == 0);
}

/*
 * Follows the start tag at TAG, resolving its link attributes; returns
 * what follows it.
 */
static const char *
resolve_tag(struct resolving *r, const char *tag, const char *base)
{
	const char *p = tag + 1, *name, *raw, *value, *end;
	size_t name_len, len;
	char *uri;

	while (is_alnum(*p))
		p++;
	for (;;) {
		while (is_space(*p) || *p == '/')
			p++;
		if (*p == '\0' || *p == '>')
			break;
		name = p;
		while (*p != '\0' && !is_space(*p) && *p != '=' && *p != '>' &&
		    *p != '/')
			p++;
		name_len = (size_t)(p - name);
		while (is_space(*p))
			p++;
		if (*p != '=') {
			if (name_len == 0)
				p++;
			continue;
		}
		p++;
		while (is_space(*p))
			p++;
		raw = p;
		if (*p == '"' || *p == '\'') {
			value = p + 1;
			if ((end = strchr(value, *p)) == NULL)
				end = value + strlen(value);
			len = (size_t)(end - value);
			p = *end != '\0' ? end + 1 : end;
		} else {
			value = p;
			while (*p != '\0' && !is_space(*p) && *p != '>')
				p++;
			len = (size_t)(p - value);
		}
		if (is_link_attribute(name, name_len) &&
		    (uri = absolute_uri(value, len, base)) != NULL) {
			put_uri(r, raw, uri);
			r->copied = p;
			free(uri);
		}
	}
	return *p == '>' ? p + 1 : p;
}

void
crier_html_resolve(struct crier_buf *html, const char *base)
{
	struct resolving r = {0};
	const char *p, *lt, *end;

	r.copied = p = html->data != NULL ? html->data : "";
	while ((lt = strchr(p, '<')) != NULL) {
		if (strncmp(lt, "<!--", 4) == 0) {
			end = strstr(lt + 4, "-->");
			p = end != NULL ? end + 3 : lt + strlen(lt);
		} else if (is_alpha(lt[1])) {
			p = resolve_tag(&r, lt, base);
		} else {
			p = lt + 1;
		}
	}
	if (r.out.len == 0)
		return;
	crier_buf_puts(&r.out, r.copied);
	crier_buf_free(html);
	*html = r.out;
}
