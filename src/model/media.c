/*
 * media.c - the values of Slides, Video, Recording and Attachment, and
 * their list in an entry's HTML (media.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iri.h"
#include "media.h"

static const char *const field_names[] = {
	[CRIER_MEDIA_RECORDING] = "Recording",
	[CRIER_MEDIA_VIDEO] = "Video",
	[CRIER_MEDIA_SLIDES] = "Slides",
	[CRIER_MEDIA_ATTACHMENT] = "Attachment",
};

const char *
crier_media_field(enum crier_media_kind kind)
{
	return field_names[kind];
}

/* RFC 6838's restricted-name characters. */
static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$&-^_.+", c) != NULL;
}

/*
 * TYPE/SUBTYPE with a top-level type IANA registers: what a feed reader
 * or podcast client can act on.  Parameters (";codecs=...") are not
 * taken: validators differ on them.
 */
static int
is_media_type(const char *s)
{
	static const char *const tops[] = {"application", "audio", "font",
	    "image", "model", "text", "video"};
	const char *slash = strchr(s, '/'), *p;
	size_t i, len;

	if (slash == NULL || slash[1] == '\0')
		return 0;
	len = (size_t)(slash - s);
	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++)
		if (strlen(tops[i]) == len && strncasecmp(s, tops[i], len) == 0)
			break;
	if (i == sizeof(tops) / sizeof(tops[0]))
		return 0;
	for (p = slash + 1; *p != '\0'; p++)
		if (!is_name_char(*p))
			return 0;
	return p - slash - 1 <= 127;
}

/* A BCP 47 language tag, loosely, as Language in feed.conf. */
static int
is_language_tag(const char *s)
{
	size_t n = 0, part = 0;

	for (;; s++) {
		if (*s == '-' || *s == '\0') {
			if (n == 0 || n > 8 || (part == 0 && (n < 2 || n > 3)))
				return 0;
			if (*s == '\0')
				return 1;
			part++;
			n = 0;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' &&
		    *s <= 'Z') || (*s >= '0' && *s <= '9')) {
			n++;
		} else {
			return 0;
		}
	}
}

/* The next space-separated word of *P, in ARENA; NULL at the end. */
static const char *
next_word(const char **p, const char *start, size_t *offset,
          struct crier_arena *arena)
{
	const char *w = *p + strspn(*p, " \t");
	size_t len = strcspn(w, " \t");

	*offset = (size_t)(w - start);
	*p = w + len;
	return len > 0 ? crier_arena_strndup(arena, w, len) : NULL;
}

static int
fail(struct crier_media_error *err, enum crier_msg msg, size_t offset,
     const char *text)
{
	err->msg = msg;
	err->offset = offset;
	err->text = text;
	return -1;
}

/* After the length: a "title" and lang=TAG, each at most once. */
static int
parse_extras(const char *value, const char *p, struct crier_arena *arena,
             struct crier_media *out, struct crier_media_error *err)
{
	const char *end, *w;
	size_t offset;

	for (;;) {
		p += strspn(p, " \t");
		offset = (size_t)(p - value);
		if (*p == '\0')
			return 0;
		if (*p == '"' && out->title == NULL &&
		    (end = strchr(p + 1, '"')) != NULL && end > p + 1) {
			out->title = crier_arena_strndup(arena, p + 1,
			                                 (size_t)(end - p - 1));
			p = end + 1;
			continue;
		}
		w = next_word(&p, value, &offset, arena);
		if (strncasecmp(w, "lang=", 5) == 0 && out->language == NULL &&
		    is_language_tag(w + 5)) {
			out->language = w + 5;
			continue;
		}
		return fail(err, strncasecmp(w, "lang=", 5) == 0
		            ? MSG_MEDIA_BAD_LANGUAGE : MSG_MEDIA_EXTRA, offset,
		            w);
	}
}

int
crier_media_parse(const char *value, enum crier_media_kind kind,
                  struct crier_arena *arena, struct crier_media *out,
                  struct crier_media_error *err)
{
	const char *p = value, *w;
	size_t offset;
	char *end, *uri;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if (kind == CRIER_MEDIA_RECORDING && strcasecmp(value, "no") == 0)
		return 1;
	w = next_word(&p, value, &offset, arena);
	if (w == NULL || !crier_is_http_url(w) || (uri = crier_iri_to_uri(w)) ==
	    NULL)
		return fail(err, MSG_MEDIA_BAD_URL, offset, w != NULL ? w : "");
	/* Kept as a URI, as every other URL field is (fieldvalue.c). */
	out->url = crier_arena_strdup(arena, uri);
	free(uri);
	w = next_word(&p, value, &offset, arena);
	if (w == NULL || !is_media_type(w))
		return fail(err, w == NULL ? MSG_MEDIA_NO_TYPE
		            : MSG_MEDIA_BAD_TYPE, offset, w);
	out->type = w;
	w = next_word(&p, value, &offset, arena);
	if (w == NULL)
		return fail(err, MSG_MEDIA_NO_LENGTH, offset, NULL);
	out->length_bytes = strtoull(w, &end, 10);
	if (*end != '\0' || !(w[0] >= '0' && w[0] <= '9') ||
	    strlen(w) > 15)
		return fail(err, MSG_MEDIA_BAD_LENGTH, offset, w);
	return parse_extras(value, p, arena, out, err);
}

/* "12.3 MB": for people, so 1000s as storage vendors and players do. */
static void
add_size(struct crier_buf *out, uint64_t bytes)
{
	static const char *const units[] = {"kB", "MB", "GB", "TB"};
	uint64_t tenths;
	size_t u = 0;

	if (bytes < 1000) {
		crier_buf_printf(out, "%" PRIu64 " bytes", bytes);
		return;
	}
	tenths = bytes / 100;
	while (tenths >= 10000 && u + 1 < sizeof(units) / sizeof(units[0])) {
		tenths /= 1000;
		u++;
	}
	crier_buf_printf(out, "%" PRIu64 ".%" PRIu64 " %s", tenths / 10,
	                 tenths % 10, units[u]);
}

void
crier_media_html(struct crier_buf *out, const struct crier_entry *e)
{
	const struct crier_media *m;
	size_t i;

	if (e->media_count == 0)
		return;
	crier_buf_puts(out, "<ul class=\"media\">\n");
	for (i = 0; i < e->media_count; i++) {
		m = &e->media[i];
		crier_buf_printf(out, "<li>%s: <a href=\"",
		                 crier_media_field(m->kind));
		crier_buf_html(out, m->url);
		crier_buf_puts(out, "\" type=\"");
		crier_buf_html(out, m->type);
		if (m->language != NULL) {
			crier_buf_puts(out, "\" hreflang=\"");
			crier_buf_html(out, m->language);
		}
		crier_buf_puts(out, "\">");
		crier_buf_html(out, m->title != NULL ? m->title : m->url);
		crier_buf_puts(out, "</a> (");
		crier_buf_html(out, m->type);
		if (m->length_bytes > 0) {
			crier_buf_puts(out, ", ");
			add_size(out, m->length_bytes);
		}
		if (m->language != NULL) {
			crier_buf_puts(out, ", ");
			crier_buf_html(out, m->language);
		}
		crier_buf_puts(out, ")</li>\n");
	}
	crier_buf_puts(out, "</ul>\n");
}

const char *
crier_media_type_guess(const char *url)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{"pdf", "application/pdf"},
		{"odp", "application/vnd.oasis.opendocument.presentation"},
		{"pptx", "application/vnd.openxmlformats-officedocument."
		         "presentationml.presentation"},
		{"ppt", "application/vnd.ms-powerpoint"},
		{"zip", "application/zip"},
		{"mp4", "video/mp4"}, {"m4v", "video/mp4"},
		{"webm", "video/webm"}, {"mkv", "video/x-matroska"},
		{"ogv", "video/ogg"}, {"mp3", "audio/mpeg"},
		{"opus", "audio/ogg"}, {"ogg", "audio/ogg"},
		{"oga", "audio/ogg"}, {"m4a", "audio/mp4"},
		{"flac", "audio/flac"}, {"png", "image/png"},
		{"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
		{"gif", "image/gif"}, {"svg", "image/svg+xml"},
		{"txt", "text/plain"},
	};
	size_t path_len = strcspn(url, "?#"), i, n;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		n = strlen(types[i].ext);
		if (path_len > n + 1 && url[path_len - n - 1] == '.' &&
		    strncasecmp(url + path_len - n, types[i].ext, n) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}
