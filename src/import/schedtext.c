/*
 * schedtext.c - a schedule's text fields as record text.
 *
 * Header values become one clean line; abstracts become a Markdown body.
 * Whether an abstract is HTML is judged from the text, not from the
 * exporter's name: Pentabarf writes HTML, sometimes escaped once more
 * ("&lt;p&gt;"), frab and pretalx write Markdown-ish text, and exports
 * mix.  Every body is checked with cmark's own parser: if it still holds
 * raw HTML after the conversion, the '<' that open it are escaped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "alloc.h"
#include "html2md.h"
#include "textchar.h"
#include "record.h"

void
crier_markdown_link(struct crier_buf *out, const char *text, const char *url)
{
	crier_buf_add(out, "[", 1);
	crier_markdown_escape(out, text != NULL && *text != '\0' ? text : url);
	crier_markdown_link_end(out, url);
}

/* ------------------------------------------------------------------ */
/* HTML or not                                                         */
/* ------------------------------------------------------------------ */

/*
 * Block-level tags mark text as HTML.  Inline ones alone do not: in
 * Markdown-ish text, "<b>" is more likely a slip than a format, and
 * reading the text as HTML would fold its paragraphs into one.
 */
static const char html_tags[] = " blockquote dd div dl dt h1 h2 h3 h4 h5 "
	"h6 hr li ol p pre table td th tr ul ";

/* Whether S, just after a '<' (or "&lt;"), opens or closes such a tag. */
static int
is_tag_at(const char *s)
{
	char key[16];
	size_t n = 0;

	if (*s == '/')
		s++;
	while (n < 10 && ((s[n] >= 'a' && s[n] <= 'z') ||
	    (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '1' && s[n] <= '6')))
		n++;
	if (n == 0 || n == 10 || strchr(" \t\r\n/>&", s[n]) == NULL ||
	    s[n] == '\0')
		return 0;
	key[0] = ' ';
	memcpy(key + 1, s, n);
	key[n + 1] = ' ';
	key[n + 2] = '\0';
	for (n = 1; key[n] != ' '; n++)
		key[n] = (char)(key[n] | 0x20);
	return strstr(html_tags, key) != NULL;
}

/* HTML escaped once more: "&lt;p&gt;" after the XML is read. */
static int
is_escaped_html(const char *text)
{
	const char *p;

	for (p = strstr(text, "&lt;"); p != NULL; p = strstr(p + 1, "&lt;"))
		if (is_tag_at(p + 4))
			return 1;
	return 0;
}

/*
 * Undoes one level of escaping: the five XML entities and numeric
 * references.  HTML's other named entities are left for the HTML parser,
 * which reads them next.
 */
static void
unescape_once(struct crier_buf *out, const char *s)
{
	static const struct { const char *name; char ch; } named[] = {
		{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'},
		{"&apos;", '\''},
	};
	unsigned long cp;
	size_t i;
	char *end;

	while (*s != '\0') {
		if (*s != '&')
			goto copy;
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
			if (strncmp(s, named[i].name, strlen(named[i].name)) == 0)
				break;
		if (i < sizeof(named) / sizeof(named[0])) {
			crier_buf_add(out, &named[i].ch, 1);
			s += strlen(named[i].name);
			continue;
		}
		if (s[1] == '#') {
			cp = s[2] == 'x' || s[2] == 'X' ? strtoul(s + 3, &end, 16)
			    : strtoul(s + 2, &end, 10);
			if (*end == ';' && end > s + 2 && cp > 0 &&
			    cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
				crier_utf8_put(out, (uint32_t)cp);
				s = end + 1;
				continue;
			}
		}
copy:
		crier_buf_add(out, s++, 1);
	}
}

/*
 * Whether cmark, reading MD, finds raw HTML (a block or inline).  Both
 * open with a '<', and most text has none: such text needs no parse.
 */
static int
has_raw_html(const char *md, size_t len)
{
	cmark_node *doc;
	cmark_event_type ev;
	cmark_node_type type;
	cmark_iter *it;
	int found = 0;

	if (memchr(md, '<', len) == NULL)
		return 0;
	doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (doc == NULL)
		crier_xmalloc(SIZE_MAX);   /* the one out-of-memory policy */
	it = cmark_iter_new(doc);
	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		type = cmark_node_get_type(cmark_iter_get_node(it));
		found = ev == CMARK_EVENT_ENTER && (type ==
		    CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return found;
}

/* ------------------------------------------------------------------ */
/* Markdown kept as written                                            */
/* ------------------------------------------------------------------ */

/* "<scheme:...>" or "<user@host>": a CommonMark autolink, not HTML. */
static size_t
autolink_length(const char *s)
{
	size_t n = 1, scheme = 0;
	int has_at = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	    (s[n] >= '0' && s[n] <= '9') || strchr("+.-", s[n]) != NULL) {
		if (s[n] == '\0')
			break;
		n++, scheme++;
	}
	if (!(scheme >= 2 && scheme <= 32 && s[n] == ':'))
		scheme = 0;
	for (; s[n] != '>'; n++) {
		if ((unsigned char)s[n] <= ' ' || s[n] == '<')
			return 0;
		has_at |= s[n] == '@';
	}
	return scheme > 0 || has_at ? n + 1 : 0;
}

/* Appends LEN bytes of S to OUT, if there is an OUT. */
static void
put(struct crier_buf *out, const char *s, size_t len)
{
	if (out != NULL)
		crier_buf_add(out, s, len);
}

/* Copies the run of ` at *S and, if it opens a code span, the span. */
static const char *
copy_code_span(struct crier_buf *out, const char *s, const char *end)
{
	size_t open = 0, run;
	const char *p;

	while (s + open < end && s[open] == '`')
		open++;
	for (p = s + open; p < end; p += run) {
		for (run = 0; p + run < end && p[run] == '`'; run++)
			;
		if (run == open) {
			put(out, s, (size_t)(p + run - s));
			return p + run;
		}
		if (run == 0)
			run = 1;
	}
	put(out, s, open);
	return s + open;
}

/*
 * Walks Markdown-ish text S outside code spans and fenced code blocks.
 * Returns whether a block-level HTML tag appears there; if OUT is not
 * NULL, appends S to it with each '<' that could open raw HTML escaped
 * (autolinks and what is escaped already are left alone).  Without OUT,
 * it stops at the first such tag.
 */
static int
walk_markdown(const char *s, struct crier_buf *out)
{
	const char *line, *end, *p;
	char fence = 0;
	size_t fence_len = 0, n;
	int has_tag = 0;

	for (line = s; *line != '\0'; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		for (p = line; p < line + 3 && *p == ' '; p++)
			;
		for (n = 0; (*p == '`' || *p == '~') && p[n] == *p; n++)
			;
		if (n >= 3 && (fence == 0 || (*p == fence && n >= fence_len))) {
			fence_len = fence == 0 ? n : 0;
			fence = fence == 0 ? *p : 0;
		} else if (fence == 0) {
			for (p = line; p < end; ) {
				if (*p == '\\' && p + 1 < end) {
					put(out, p, 2);
					p += 2;
				} else if (*p == '`') {
					p = copy_code_span(out, p, end);
				} else if (*p == '<' && (n = autolink_length(p)) > 0 &&
				    p + n <= end) {
					put(out, p, n);
					p += n;
				} else if (*p == '<') {
					if (p + 1 < end && (((p[1] | 0x20) >=
					    'a' && (p[1] | 0x20) <= 'z') ||
					    strchr("/!?", p[1]) != NULL)) {
						has_tag |= is_tag_at(p + 1);
						if (has_tag && out == NULL)
							return 1;
						put(out, "\\", 1);
					}
					put(out, p++, 1);
				} else {
					/* Up to what counts next. */
					for (n = 1; p + n < end && p[n] != '\\'
					    && p[n] != '`' && p[n] != '<'; n++)
						;
					put(out, p, n);
					p += n;
				}
			}
			put(out, "\n", *end == '\n');
			continue;
		}
		put(out, line, (size_t)(end - line) + (*end == '\n'));
	}
	return has_tag;
}

int
crier_text_is_html(const char *text)
{
	return walk_markdown(text, NULL);
}

/* The last resort: every '<' not already escaped gets a backslash. */
static void
escape_every_lt(struct crier_buf *out, const char *s)
{
	size_t backslashes = 0;

	for (; *s != '\0'; s++) {
		if (*s == '<' && backslashes % 2 == 0)
			crier_buf_add(out, "\\", 1);
		backslashes = *s == '\\' ? backslashes + 1 : 0;
		crier_buf_add(out, s, 1);
	}
}

/* OUT's text from START on, made free of raw HTML. */
static void
remove_raw_html(struct crier_buf *out, size_t start, int try_gently)
{
	struct crier_buf text = {0}, escaped = {0};

	if (out->len == start || !has_raw_html(out->data + start,
	    out->len - start))
		return;
	crier_buf_add(&text, out->data + start, out->len - start);
	if (try_gently)
		walk_markdown(text.data, &escaped);
	if (!try_gently || has_raw_html(escaped.data, escaped.len)) {
		crier_buf_free(&escaped);
		escape_every_lt(&escaped, text.data);
	}
	out->len = start;
	crier_buf_add(out, escaped.data, escaped.len);
	crier_buf_free(&text);
	crier_buf_free(&escaped);
}

/* Markdown-ish text: kept, without blank lines around it. */
static void
keep_markdown(struct crier_buf *out, const char *text)
{
	struct crier_buf clean = {0};
	const char *s;
	size_t start = out->len, end;

	crier_text_clean_lines(&clean, text);
	s = clean.data != NULL ? clean.data : "";
	while (s[strspn(s, " \t")] == '\n')
		s += strspn(s, " \t") + 1;
	end = strlen(s);
	while (end > 0 && strchr(" \t\n", s[end - 1]) != NULL)
		end--;
	if (end > 0) {
		crier_buf_add(out, s, end);
		crier_buf_add(out, "\n", 1);
		remove_raw_html(out, start, 1);
	}
	crier_buf_free(&clean);
}

char *
crier_schedule_text_markdown(const char *text)
{
	struct crier_buf out = {0}, decoded = {0};

	if (text == NULL)
		text = "";
	if (crier_text_is_html(text)) {
		crier_html_to_markdown(text, strlen(text), &out);
	} else if (is_escaped_html(text)) {
		unescape_once(&decoded, text);
		if (crier_text_is_html(decoded.data))
			crier_html_to_markdown(decoded.data, decoded.len, &out);
		else
			keep_markdown(&out, text);
		crier_buf_free(&decoded);
	} else {
		keep_markdown(&out, text);
	}
	/* The converter escapes every '<' it writes; this proves it. */
	remove_raw_html(&out, 0, 0);
	return crier_buf_take(&out);
}
