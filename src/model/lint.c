/*
 * lint.c - warnings about a loaded feed that are not errors: text in the
 * plain-text fields that looks like HTML (readers of RSS and Atom would
 * take it for markup), pointed at in the record it came from.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "diag.h"
#include "model.h"
#include "record.h"

/* The fields written as plain text where RSS and Atom call markup HTML. */
static const char *const plain_fields[] = {
	"title", "subtitle", "rights", "category", "track", "room",
	"author", "speaker"
};

/* The first end tag ("</b>") in TEXT, its length in *LEN; else NULL. */
static const char *
end_tag(const char *text, int *len)
{
	const char *p, *q;

	for (p = strstr(text, "</"); p != NULL; p = strstr(p + 1, "</")) {
		q = p + 2;
		if (!((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))
			continue;
		while (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
		    (*q >= '0' && *q <= '9'))
			q++;
		if (*q == '>') {
			*len = (int)(q + 1 - p);
			return p;
		}
	}
	return NULL;
}

static int
fields_check_markup(const struct crier_record *rec, struct crier_diags *diags)
{
	const struct crier_field *f;
	const char *tag;
	size_t i, k;
	int warnings = 0, len;
	char *copy;

	for (i = 0; i < rec->field_count; i++) {
		f = &rec->fields[i];
		for (k = 0; k < sizeof(plain_fields) / sizeof(*plain_fields); k++)
			if (strcasecmp(f->name, plain_fields[k]) == 0)
				break;
		if (k == sizeof(plain_fields) / sizeof(*plain_fields) ||
		    (tag = end_tag(f->value, &len)) == NULL)
			continue;
		copy = crier_xstrdup(tag);
		copy[len] = '\0';
		crier_diag(diags, rec->path, f->value_line, f->value_column,
		           MSG_TEXT_LOOKS_LIKE_HTML, f->name, copy);
		free(copy);
		warnings++;
	}
	return warnings;
}

static int
has_end_tag(const char *text)
{
	int len;

	return text != NULL && end_tag(text, &len) != NULL;
}

static int
people_have_markup(const struct crier_person *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (has_end_tag(p[i].name))
			return 1;
	return 0;
}

static int
entry_has_markup(const struct crier_entry *e)
{
	size_t i;

	for (i = 0; i < e->category_count; i++)
		if (has_end_tag(e->categories[i]))
			return 1;
	return has_end_tag(e->title) || has_end_tag(e->track) ||
	       has_end_tag(e->room) ||
	       people_have_markup(e->authors, e->author_count) ||
	       people_have_markup(e->speakers, e->speaker_count);
}

/* Reads PATH's fields again, for their positions, and warns. */
static int
recheck(const char *path, enum crier_record_syntax syntax,
        struct crier_diags *diags)
{
	struct crier_arena *arena = crier_arena_new();
	struct crier_diags *ignored = crier_diags_new();
	struct crier_record rec;
	char *buf;
	size_t len;
	int warnings = 0;

	/* Loaded a moment ago: a file changed since is build's to report. */
	if (crier_file_read(path, ignored, &buf, &len) == 0) {
		if (crier_record_parse(path, buf, len, syntax, arena, ignored,
		    &rec) == 0)
			warnings = fields_check_markup(&rec, diags);
		free(buf);
	}
	crier_diags_free(ignored);
	crier_arena_free(arena);
	return warnings;
}

int
crier_feed_lint(const struct crier_feed *feed, struct crier_diags *diags)
{
	int warnings = 0;
	size_t i;

	if (has_end_tag(feed->title) || has_end_tag(feed->subtitle) ||
	    has_end_tag(feed->rights) || has_end_tag(feed->author.name))
		warnings += recheck(feed->conf_file, CRIER_SYNTAX_CONF, diags);
	/* Rare: only a record with such text is read again. */
	for (i = 0; i < feed->entry_count; i++)
		if (entry_has_markup(&feed->entries[i]))
			warnings += recheck(feed->entries[i].file,
			                    CRIER_SYNTAX_RECORD, diags);
	return warnings;
}
