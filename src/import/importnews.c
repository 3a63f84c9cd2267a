/*
 * importnews.c - the announcement of a schedule revision: "Schedule
 * update: 2 talks moved, 1 cancelled, 3 new".
 *
 * Feed readers do not show an edited entry again, so a moved or
 * cancelled talk's own entry is not enough: readers need a new entry
 * that lists what changed.  The import writes it as an ordinary
 * announcement record, beside the talks, so that it is reviewed,
 * committed and built like any other, and the same revision always
 * gives the same entry: its file name, and so its id, comes from the
 * revision's time, and a second import of the same schedule changes no
 * talk and writes no second entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "model.h"
#include "record.h"

/*
 * Whether feed.conf leaves the revision's announcement on (anything but
 * Schedule-Changes: no), its Base, in *BASE, for links to the page, and
 * whether it has a Limit, in *HAS_MONTHS: then talks are on the pages of
 * their months.  The build checks feed.conf; here a file that cannot be
 * read only means the default.
 */
int
crier_import_news_wanted(const char *source, struct crier_arena *arena,
                         const char **base, int *has_months)
{
	char *path = crier_arena_printf(arena, "%s/feed.conf", source);
	struct crier_diags *scratch = crier_diags_new();
	const struct crier_field *f;
	struct crier_record rec;
	size_t len;
	char *buf;
	int is_on = 1;
	bool yes;

	*base = NULL;
	*has_months = 0;
	if (crier_file_read(path, scratch, &buf, &len) == 0) {
		crier_record_parse(path, buf, len, CRIER_SYNTAX_CONF,
		                   arena, scratch, &rec);
		/* As the build reads it: a wrong value is its error. */
		f = crier_record_find(&rec, "Schedule-Changes");
		is_on = f == NULL || crier_boolean_parse(f->value, &yes) != 0 ||
		    yes;
		if ((f = crier_record_find(&rec, "Base")) != NULL)
			*base = f->value;
		*has_months = crier_record_find(&rec, "Limit") != NULL;
		free(buf);
	}
	crier_diags_free(scratch);
	return is_on;
}

static const char *const weekdays[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

/* "Saturday 2018-02-03 10:30", in the time's own offset. */
static void
add_time(struct crier_buf *out, struct crier_time t)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	crier_buf_printf(out, "%s %04d-%02d-%02d %02d:%02d", weekdays[c.weekday],
	                 c.year, c.month, c.day, c.hour, c.minute);
}

static const char *
field(const struct crier_record *rec, const char *name)
{
	const struct crier_field *f = rec != NULL ? crier_record_find(rec, name)
	    : NULL;

	return f != NULL ? f->value : NULL;
}

/* A talk, linked when it has a Link: "[Title](<URL>)". */
static void
add_talk(struct crier_buf *out, const char *title, const char *url)
{
	/* "- 1. Title" would be a list in a list: the line starts with text. */
	crier_buf_puts(out, url != NULL ? "- " : "- Talk: ");
	if (url != NULL)
		crier_buf_puts(out, "[");
	crier_markdown_add_text(out, title);
	if (url != NULL)
		crier_buf_printf(out, "](<%s>)", url);
}

/* Where and when: "LEAD Saturday 2018-02-03 10:30, room K.3.201". */
static void
add_place(struct crier_buf *out, const char *lead, struct crier_time t,
          int has_time, const char *room)
{
	crier_buf_puts(out, lead);
	if (has_time)
		add_time(out, t);
	if (room != NULL) {
		crier_buf_puts(out, has_time ? ", room " : "room ");
		crier_markdown_add_text(out, room);
	}
}

int
crier_import_record_time(const struct crier_record *rec, const char *name,
                         struct crier_time *t)
{
	const char *v = field(rec, name);

	return v != NULL && crier_time_parse(v, strlen(v), field(rec,
	    "Timezone"), t, NULL) == CRIER_TIME_OK;
}

static void
add_change(struct crier_buf *out, const struct crier_sched_change *c)
{
	if (c->title == NULL) {
		add_talk(out, c->old_title, c->old_link != NULL ? c->old_link
		         : c->page_link);
		add_place(out, ", ", c->old_starts, c->has_old_starts,
		          c->old_room);
	} else {
		add_talk(out, c->title, c->url != NULL ? c->url : c->old_link !=
		         NULL ? c->old_link : c->page_link);
		if (c->how == CRIER_IMPORT_MOVED) {
			add_place(out, ": now ", c->starts, 1, c->room);
			add_place(out, " (was ", c->old_starts, c->has_old_starts,
			          c->old_room);
			crier_buf_puts(out, ")");
		} else {
			add_place(out, ", ", c->starts, 1, c->room);
		}
	}
	crier_buf_puts(out, "\n");
}

static const struct {
	enum crier_import_change how;
	const char *heading, *one, *many;
} kinds[] = {
	{CRIER_IMPORT_MOVED, "Moved", "%zu talk moved", "%zu talks moved"},
	{CRIER_IMPORT_CANCELLED, "Cancelled", "%zu cancelled", "%zu cancelled"},
	{CRIER_IMPORT_RESTORED, "Back in the schedule", "%zu back",
	 "%zu back"},
	{CRIER_IMPORT_NEW, "New", "%zu new", "%zu new"},
};

#define KIND_COUNT (sizeof(kinds) / sizeof(kinds[0]))

/* "Schedule update: 2 talks moved, 1 cancelled, 3 new" */
static void
add_title(struct crier_buf *out, const size_t *counts)
{
	const char *sep = "Title: Schedule update: ";
	size_t k;

	for (k = 0; k < KIND_COUNT; k++) {
		if (counts[k] == 0)
			continue;
		crier_buf_puts(out, sep);
		crier_buf_printf(out, counts[k] == 1 ? kinds[k].one
		                 : kinds[k].many, counts[k]);
		sep = ", ";
	}
	crier_buf_puts(out, "\n");
}

char *
crier_import_news(const char *conference,
                  const struct crier_sched_change *v, size_t n,
                  struct crier_time stamp, size_t *len_out)
{
	struct crier_buf out = {0};
	size_t counts[KIND_COUNT] = {0}, i, k, changed = 0;
	char iso[CRIER_RFC3339_SIZE];

	for (i = 0; i < n; i++)
		for (k = 0; k < KIND_COUNT; k++)
			if (v[i].how == kinds[k].how)
				counts[k]++;
	/* New talks alone are news only once talks were published. */
	for (k = 0; k < KIND_COUNT; k++)
		if (kinds[k].how != CRIER_IMPORT_NEW)
			changed += counts[k];
	if (changed == 0)
		return NULL;
	crier_time_rfc3339(stamp, iso);
	crier_buf_printf(&out, "# Written by crier import-schedule: what this "
	                 "revision of the schedule\n# changed.  "
	                 "Schedule-Changes: no in feed.conf turns it off.\n");
	add_title(&out, counts);
	crier_buf_printf(&out, "Published: %s\n\nThe schedule of ", iso);
	crier_markdown_add_text(&out, conference);
	crier_buf_puts(&out, " changed.\n");
	for (k = 0; k < KIND_COUNT; k++) {
		if (counts[k] == 0)
			continue;
		crier_buf_printf(&out, "\n## %s\n\n", kinds[k].heading);
		for (i = 0; i < n; i++)
			if (v[i].how == kinds[k].how)
				add_change(&out, &v[i]);
	}
	*len_out = out.len;
	return crier_buf_take(&out);
}
