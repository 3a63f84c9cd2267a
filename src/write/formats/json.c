/*
 * json.c - the JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/),
 * written from the feed model.
 *
 * Written by hand: crier's libraries (libxml2, libcurl, cmark, cmocka)
 * hold no JSON writer, and a feed needs only objects, arrays and strings,
 * whose one subtle part, string escaping, is crier_json_add_string()
 * below.  The layout is fixed, as Python's json.dumps(indent=2) would
 * give it: members in a stable order, two spaces a level, so identical
 * models give identical bytes.
 *
 * Choices:
 * - the item id is the entry's tag: URI, as in the other feeds;
 * - date_published and date_modified are RFC 3339 in the offset the
 *   record was written in;
 * - summary is plain text and is only written when the record has one;
 * - relative links in bodies are made absolute against the feed's Link,
 *   as in every other output;
 * - a talk's or event's own time goes in an "_ev" extension object named
 *   after the RSS 1.0 event module the other feeds use, never in
 *   date_published;
 * - the feed's one square image, Icon, serves as both icon and favicon;
 *   Logo is wide, which JSON Feed has no place for.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "content.h"
#include "json.h"
#include "render.h"

#define EVENT_NS "http://purl.org/rss/1.0/modules/event/"
#define MAX_DEPTH 8

/* A JSON text being built, with what it needs to lay members out. */
struct json {
	struct crier_buf out;
	int depth;
	size_t count[MAX_DEPTH];   /* members so far at each open level */
};

/*
 * Whether none of the eight bytes at P needs a look: no control, no
 * quote or backslash, and no 0xE2 that may start U+2028 or U+2029.
 * Most of a feed's strings are its items' HTML, passed over so.
 */
static int
is_plain_word(const unsigned char *p)
{
	uint64_t w = crier_word_at(p);

	return !crier_word_has_below(w, 0x20) && !crier_word_has(w, '"') &&
	       !crier_word_has(w, '\\') && !crier_word_has(w, 0xE2);
}

void
crier_json_add_string(struct crier_buf *b, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *run = p, *end = p + strlen(text);
	char esc[8];

	crier_buf_add(b, "\"", 1);
	for (; p < end; p++) {
		while (end - p >= CRIER_WORD_BYTES && is_plain_word(p))
			p += CRIER_WORD_BYTES;
		if (p == end)
			break;
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0xE2)
			continue;
		if (*p == 0xE2 && !(p[1] == 0x80 &&
		    (p[2] == 0xA8 || p[2] == 0xA9)))
			continue;
		crier_buf_add(b, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '"': crier_buf_add(b, "\\\"", 2); break;
		case '\\': crier_buf_add(b, "\\\\", 2); break;
		case '\b': crier_buf_add(b, "\\b", 2); break;
		case '\f': crier_buf_add(b, "\\f", 2); break;
		case '\n': crier_buf_add(b, "\\n", 2); break;
		case '\r': crier_buf_add(b, "\\r", 2); break;
		case '\t': crier_buf_add(b, "\\t", 2); break;
		case 0xE2:
			/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
			crier_buf_add(b, p[2] == 0xA8 ? "\\u2028" : "\\u2029",
			              6);
			p += 2;
			break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			crier_buf_add(b, esc, 6);
		}
		run = p + 1;
	}
	crier_buf_add(b, (const char *)run, (size_t)(p - run));
	crier_buf_add(b, "\"", 1);
}

/* Starts the next member (KEY may be NULL in an array) on its own line. */
static void
next_member(struct json *j, const char *key)
{
	int i;

	crier_buf_puts(&j->out, j->count[j->depth]++ > 0 ? ",\n" : "\n");
	for (i = 0; i < j->depth; i++)
		crier_buf_add(&j->out, "  ", 2);
	if (key != NULL) {
		crier_json_add_string(&j->out, key);
		crier_buf_add(&j->out, ": ", 2);
	}
}

/* Opens an object or array ('{' or '['), as a member KEY or an element. */
static void
open_container(struct json *j, const char *key, char bracket)
{
	if (j->depth > 0 || j->count[0] > 0)
		next_member(j, key);
	crier_buf_add(&j->out, &bracket, 1);
	j->count[++j->depth] = 0;
}

static void
close_container(struct json *j, char bracket)
{
	int i;

	if (j->count[j->depth--] > 0) {
		crier_buf_add(&j->out, "\n", 1);
		for (i = 0; i < j->depth; i++)
			crier_buf_add(&j->out, "  ", 2);
	}
	crier_buf_add(&j->out, &bracket, 1);
}

/* A string member; nothing when VALUE is NULL. */
static void
string_member(struct json *j, const char *key, const char *value)
{
	if (value == NULL)
		return;
	next_member(j, key);
	crier_json_add_string(&j->out, value);
}

static void
time_member(struct json *j, const char *key, struct crier_time t)
{
	char buf[CRIER_RFC3339_SIZE];

	crier_time_rfc3339(t, buf);
	string_member(j, key, buf);
}

/* Hands what is built so far to OUT. */
static void
flush(struct json *j, FILE *out)
{
	if (j->out.len > 0)
		fwrite(j->out.data, 1, j->out.len, out);
	j->out.len = 0;
}

static void
people_member(struct json *j, const struct crier_person *p, size_t n)
{
	char *mailto;
	size_t i;

	open_container(j, "authors", '[');
	for (i = 0; i < n; i++) {
		open_container(j, NULL, '{');
		string_member(j, "name", p[i].name);
		if (p[i].email != NULL) {
			mailto = crier_xmalloc(strlen(p[i].email) + 8);
			strcpy(mailto, "mailto:");
			strcat(mailto, p[i].email);
			string_member(j, "url", mailto);
			free(mailto);
		}
		close_container(j, '}');
	}
	close_container(j, ']');
}

static void
item_authors(struct json *j, const struct crier_entry *e)
{
	people_member(j, e->people, e->people_count);
}

static void
item_tags(struct json *j, const struct crier_entry *e)
{
	size_t i;

	if (e->kind != CRIER_TALK && e->track == NULL &&
	    e->category_count == 0)
		return;
	open_container(j, "tags", '[');
	if (e->kind == CRIER_TALK)
		string_member(j, NULL, "talk");
	string_member(j, NULL, e->track);
	for (i = 0; i < e->category_count; i++)
		string_member(j, NULL, e->categories[i]);
	close_container(j, ']');
}

/* When and where, as the RSS 1.0 event module says it. */
static void
item_event(struct json *j, const struct crier_entry *e)
{
	if (!e->has_event_time)
		return;
	open_container(j, "_ev", '{');
	string_member(j, "about", EVENT_NS);
	time_member(j, "startdate", e->starts);
	if (e->ends.epoch_s != e->starts.epoch_s)
		time_member(j, "enddate", e->ends);
	string_member(j, "location", e->place);
	close_container(j, '}');
}

/* JSON Feed 1.1 attachments: every medium, size when known. */
static void
item_attachments(struct json *j, const struct crier_entry *e)
{
	const struct crier_media *m;
	size_t i;

	if (e->media_count == 0)
		return;
	open_container(j, "attachments", '[');
	for (i = 0; i < e->media_count; i++) {
		m = &e->media[i];
		open_container(j, NULL, '{');
		string_member(j, "url", m->url);
		string_member(j, "mime_type", m->type);
		string_member(j, "title", m->title);
		if (m->length_bytes > 0) {
			next_member(j, "size_in_bytes");
			crier_buf_printf(&j->out, "%llu",
			                 (unsigned long long)m->length_bytes);
		}
		close_container(j, '}');
	}
	close_container(j, ']');
}

static void
write_item(struct json *j, const struct crier_entry *e, const char *html)
{
	open_container(j, NULL, '{');
	string_member(j, "id", e->uri);
	string_member(j, "url", e->link);
	string_member(j, "title", e->title);
	/* JSON Feed wants content; an empty body's is the text. */
	if (!crier_html_is_blank(html))
		string_member(j, "content_html", html);
	else
		string_member(j, "content_text", e->summary != NULL ?
		              e->summary : e->title);
	string_member(j, "summary", e->summary);
	time_member(j, "date_published", e->published);
	time_member(j, "date_modified", e->updated);
	item_authors(j, e);
	item_tags(j, e);
	item_attachments(j, e);
	item_event(j, e);
	close_container(j, '}');
}

static void
write_head(struct json *j, const struct crier_feed *f)
{
	char *self = crier_feed_output_url(f, CRIER_JSON_FILE);

	open_container(j, NULL, '{');
	string_member(j, "version", CRIER_JSON_VERSION);
	string_member(j, "title", f->title);
	string_member(j, "home_page_url", f->link);
	string_member(j, "feed_url", self);
	string_member(j, "description", f->subtitle);
	string_member(j, "icon", f->icon);
	string_member(j, "favicon", f->icon);
	people_member(j, &f->author, 1);
	string_member(j, "language", f->language ? f->language : "en");
	if (f->hub != NULL) {
		open_container(j, "hubs", '[');
		open_container(j, NULL, '{');
		string_member(j, "type", "WebSub");
		string_member(j, "url", f->hub);
		close_container(j, '}');
		close_container(j, ']');
	}
	free(self);
}

int
crier_write_json(const struct crier_feed *feed, struct crier_entries *entries,
                 FILE *out, struct crier_diags *diags)
{
	struct json j = {{0}, 0, {0}};
	size_t i, n = crier_feed_output_count(feed);
	int rc = CRIER_OK;
	const char *html;

	write_head(&j, feed);
	open_container(&j, "items", '[');
	for (i = 0; i < n && rc == CRIER_OK; i++) {
		if (crier_entries_next(entries, diags, &html) != 0)
			rc = CRIER_EINPUT;
		else
			write_item(&j, feed->published[i], html);
		flush(&j, out);
	}
	close_container(&j, ']');
	close_container(&j, '}');
	crier_buf_add(&j.out, "\n", 1);
	flush(&j, out);
	crier_buf_free(&j.out);
	if (rc == CRIER_OK && ferror(out))
		rc = CRIER_EIO;
	return rc;
}
