/*
 * names.c - the names the model gives things: output files, facets and
 * their slugs, tag URIs, and which URLs a field may hold.
 *
 * Below every other part of the model, which all name things: the
 * field conversion (fieldvalue.c, entryfields.c) checks URLs and joins
 * tag URIs, views.c and the writers name facets and files, and none of
 * them needs another to do it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "buf.h"
#include "model.h"
#include "record.h"

/* Every output kind has a writer (build.c) and one of these names. */
static const char *const output_files[CRIER_OUT_COUNT] = {
	[CRIER_OUT_ATOM] = CRIER_ATOM_FILE,
	[CRIER_OUT_RSS] = CRIER_RSS_FILE,
	[CRIER_OUT_JSON] = CRIER_JSON_FILE,
	[CRIER_OUT_ICS] = CRIER_ICS_FILE,
	[CRIER_OUT_HTML] = CRIER_HTML_FILE,
	[CRIER_OUT_SCHEDULE] = CRIER_SCHEDULE_FILE,
};

const char *
crier_output_file(enum crier_output_kind kind)
{
	return output_files[kind];
}

const char *const crier_facet_names[CRIER_FACET_COUNT] = {
	[CRIER_FACET_TRACK] = "track",
	[CRIER_FACET_ROOM] = "room",
	[CRIER_FACET_SPEAKER] = "speaker",
	[CRIER_FACET_CATEGORY] = "category",
};

char *
crier_tag_uri_join(struct crier_arena *arena, const char *feed_id,
                   const char *tail)
{
	const char *prefix = feed_id != NULL ? feed_id : "";
	size_t len = strlen(prefix), tail_len = strlen(tail);
	size_t sep = len > 0 && (prefix[len - 1] == ':' ||
	    prefix[len - 1] == '/') ? 0 : 1;
	/* Once per record in every build: no format string to read. */
	char *uri = crier_arena_string(arena, len + sep + tail_len);

	memcpy(uri, prefix, len);
	memcpy(uri + len, "/", sep);
	memcpy(uri + len + sep, tail, tail_len);
	return uri;
}

int
crier_url_has_password(const char *s)
{
	const char *auth = strstr(s, "://"), *end, *p, *at = NULL;

	if (auth == NULL)
		return 0;
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	/* The userinfo ends at the last '@' of the authority. */
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	return at != NULL && memchr(auth, ':', (size_t)(at - auth)) != NULL;
}

/*
 * Whether the host at HOST, up to the end of the authority, is well
 * formed as far as brackets go: an IPv6 literal ("[2001:db8::1]", hex
 * digits and colons, as the feed validators accept it) then a port or
 * the end, or a name without brackets.
 */
static int
has_bracketed_host_right(const char *host)
{
	size_t end = strcspn(host, "/?#"), close;

	if (*host != '[')
		return memchr(host, '[', end) == NULL &&
		    memchr(host, ']', end) == NULL;
	close = strspn(host + 1, "0123456789abcdefABCDEF:") + 1;
	return close > 1 && host[close] == ']' &&
	    (close + 1 == end || host[close + 1] == ':') &&
	    memchr(host + close + 1, '[', end - close - 1) == NULL &&
	    memchr(host + close + 1, ']', end - close - 1) == NULL;
}

/* The rule of every URL field (model.h). */
int
crier_is_http_url(const char *s)
{
	const char *host;

	if (crier_url_has_password(s))
		return 0;

	if (strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return 0;
	if (*host == '\0' || strchr("/:?#", *host) != NULL ||
	    !has_bracketed_host_right(host))
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || strchr("\"<>\\^`{|}", *s))
			return 0;
	return 1;
}

/*
 * Slugs.  Latin letters lose their accents (U+00C0 to U+017F; upper-case
 * codes stand for two letters); other characters that are not ASCII
 * letters or digits become "u" and their code point, so every name has a
 * readable, URL-safe and stable slug.  ' ' marks a separator.
 */
static const char latin1[64 + 1] =
	"aaaaaaAceeeeiiii" "dnooooo ouuuuyTS" "aaaaaaAceeeeiiii" "dnooooo ouuuuyTy";
static const char latin_ext_a[128 + 1] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
	"II" "jj" "kkk" "llllllllll" "nnnnnn" "n" "nn" "oooooo" "OO" "rrrrrr"
	"ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

#define SLUG_MAX 64

static const char *
letters_of(uint32_t cp, char *one)
{
	char code;

	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
		one[0] = (char)cp;
		return one;
	}
	if (cp >= 'A' && cp <= 'Z') {
		one[0] = (char)(cp - 'A' + 'a');
		return one;
	}
	if (cp < 0xC0 || cp > 0x17F)
		return NULL;
	code = cp < 0x100 ? latin1[cp - 0xC0] : latin_ext_a[cp - 0x100];
	switch (code) {
	case ' ':
		return "";
	case 'A':
		return "ae";
	case 'I':
		return "ij";
	case 'O':
		return "oe";
	case 'S':
		return "ss";
	case 'T':
		return "th";
	default:
		one[0] = code;
		return one;
	}
}

/* Appends WORD; returns 0 when it would grow past SLUG_MAX instead. */
static int
slug_word(struct crier_buf *out, const char *word)
{
	if (out->len + strlen(word) >= SLUG_MAX)
		return 0;
	crier_buf_puts(out, word);
	return 1;
}

/*
 * Spaces and punctuation: ASCII's, Latin-1's (U+00A0 to U+00BF), the
 * General Punctuation block (dashes, quotes) and CJK's (U+3000 to
 * U+303F).  (Latin-1's signs U+00D7 and U+00F7 are in the table.)
 */
static int
is_separator(uint32_t cp)
{
	return cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) ||
	       (cp >= 0x3000 && cp <= 0x303F);
}

static void
slugify(struct crier_buf *out, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), n;
	char one[2] = {0, 0}, code[16];
	const char *letters;
	int is_gap = 0;
	uint32_t cp;

	out->len = 0;
	crier_buf_puts(out, "");
	while (len > 0) {
		n = crier_utf8_decode(p, len, &cp);
		if (n == 0)
			n = 1, cp = 0xFFFD;  /* the model holds valid UTF-8 */
		p += n;
		len -= n;
		letters = letters_of(cp, one);
		if (letters == NULL ? is_separator(cp) : letters[0] == '\0') {
			is_gap = 1;
			continue;
		}
		if (letters == NULL) {
			snprintf(code, sizeof(code), "u%04x", (unsigned)cp);
			letters = code;
		}
		if (is_gap && out->len > 0 && !slug_word(out, "-"))
			break;
		/* Code points stand apart: u65e5-u672c, not u65e5u672c. */
		is_gap = letters == code;
		if (!slug_word(out, letters))
			break;
	}
	while (out->len > 0 && out->data[out->len - 1] == '-')
		out->data[--out->len] = '\0';
}

char *
crier_facet_slug(const char *value)
{
	struct crier_buf slug = {0};

	slugify(&slug, value);
	return crier_buf_take(&slug);
}

char *
crier_feed_output_url(const struct crier_feed *feed, const char *name)
{
	char *url = crier_xmalloc(strlen(feed->base) + strlen(name) + 1);

	strcpy(url, feed->base);
	strcat(url, name);
	return url;
}

/* STEM's file for KIND; NULL is the subscription feed's fixed name. */
static char *
file_of(const char *stem, enum crier_output_kind kind)
{
	const char *fixed = crier_output_file(kind);
	const char *ext = strrchr(fixed, '.');
	char *name;

	if (stem == NULL)
		return crier_xstrdup(fixed);
	name = crier_xmalloc(strlen(stem) + strlen(ext) + 1);
	strcpy(name, stem);
	strcat(name, ext);
	return name;
}

char *
crier_feed_file(const struct crier_feed *feed, enum crier_output_kind kind)
{
	return file_of(feed->stem, kind);
}

void
crier_month_stem(struct crier_time t, char out[CRIER_MONTH_STEM_SIZE])
{
	struct crier_civil c;

	t.offset_s = 0;
	crier_time_civil(t, &c);
	snprintf(out, CRIER_MONTH_STEM_SIZE, "%04d-%02d", c.year, c.month);
}

char *
crier_feed_link_url(const struct crier_feed *feed, const char *stem,
                    enum crier_output_kind kind)
{
	char *name = file_of(stem, kind);
	char *url = crier_feed_output_url(feed, name);

	free(name);
	return url;
}

char *
crier_feed_url(const struct crier_feed *feed, enum crier_output_kind kind)
{
	return crier_feed_link_url(feed, feed->stem, kind);
}

const char *
crier_entry_bare_title(const struct crier_entry *entry)
{
	const char *mark = entry->status == CRIER_CANCELLED ?
	    CRIER_CANCELLED_MARK " " : entry->status == CRIER_MOVED ?
	    CRIER_MOVED_MARK " " : "";
	size_t n = strlen(mark);

	return strncmp(entry->title, mark, n) == 0 ? entry->title + n
	    : entry->title;
}

int
crier_boolean_parse(const char *value, bool *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
			*out = strcasecmp(value, yes[i]) == 0;
			return 0;
		}
	}
	return -1;
}
