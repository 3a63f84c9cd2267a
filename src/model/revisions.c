/*
 * revisions.c - an entry for each revision of the schedule made by hand:
 * "Schedule update: 2 talks moved, 1 cancelled".
 *
 * Feed readers do not show an edited entry again, so a talk marked moved
 * or cancelled after it was published needs a new entry that says so.
 * crier import-schedule writes one as a record (importnews.c); talks
 * marked by hand get theirs here, from the records alone, so that every
 * build gives the same one:
 * - a revision is an instant: the Updated shared by the talks marked
 *   Status: moved or cancelled then, each published before it;
 * - its entry's id is changes-20170202T100000Z, its published and
 *   updated time that instant, so the same revision always gives the
 *   same entry; it is held back until then, as a record would be;
 * - a revision the import already announced (a record whose id ends in
 *   changes-STAMP, such as schedule/changes-20170202T100000Z) gets no
 *   second entry; nor does any when feed.conf says Schedule-Changes: no.
 * A talk edited again later moves to the later revision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model.h"
#include "record.h"

/* "changes-20170202T100000Z": the revision's record id, in UTC. */
static char *
revision_id(struct crier_arena *arena, int64_t epoch_s)
{
	struct crier_civil c;

	crier_time_civil((struct crier_time){epoch_s, 0}, &c);
	return crier_arena_printf(arena, "changes-%04d%02d%02dT%02d%02d%02dZ",
	                          c.year, c.month, c.day, c.hour, c.minute,
	                          c.second);
}

/*
 * Whether E is part of a revision at NOW_S: a talk marked moved or
 * cancelled after it was published, at or before NOW_S, and published
 * now.  Talks take their announcement's published time and drafts
 * (resolved already), so this only compares times.
 */
static int
is_revised(const struct crier_entry *e, int64_t now_s)
{
	const struct crier_entry *a;

	if (e->kind != CRIER_TALK || e->status == CRIER_CONFIRMED ||
	    e->is_draft || e->updated.epoch_s > now_s ||
	    e->updated.epoch_s <= e->published.epoch_s ||
	    (e->has_expires && e->expires.epoch_s <= now_s))
		return 0;
	for (a = e->announcement; a != NULL; a = a->announcement)
		if (a->is_draft || a->published.epoch_s >= e->updated.epoch_s ||
		    (a->has_expires && a->expires.epoch_s <= now_s))
			return 0;
	return 1;
}

static int
by_update(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;

	if (x->updated.epoch_s != y->updated.epoch_s)
		return x->updated.epoch_s < y->updated.epoch_s ? -1 : 1;
	if (x->status != y->status)
		return x->status == CRIER_MOVED ? -1 : 1;
	if (x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * The talks of FEED that make revisions, by Updated (then moved before
 * cancelled, then by start), in a list to free(); *COUNT_OUT says how
 * many.
 */
static const struct crier_entry **
revised_talks(const struct crier_feed *feed, size_t *count_out)
{
	const struct crier_entry **v = crier_xmalloc((feed->entry_count + 1) *
	                                             sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < feed->entry_count; i++)
		if (is_revised(&feed->entries[i], feed->now_s))
			v[n++] = &feed->entries[i];
	if (n > 0)
		qsort(v, n, sizeof(*v), by_update);
	*count_out = n;
	return v;
}

/* Whether a record of FEED already announces revision ID. */
static int
is_announced(const struct crier_feed *feed, const char *id)
{
	const char *base;
	size_t i;

	for (i = 0; i < feed->entry_count; i++) {
		if (feed->entries[i].kind != CRIER_ANNOUNCEMENT)
			continue;
		base = strrchr(feed->entries[i].id, '/');
		base = base != NULL ? base + 1 : feed->entries[i].id;
		if (strncmp(base, id, strlen(id)) == 0)
			return 1;
	}
	return 0;
}

/*
 * "Schedule update: 2 talks moved, 1 cancelled", in the words of the
 * import's announcement (importnews.c).
 */
static const char *
revision_title(struct crier_arena *arena, size_t moved, size_t cancelled)
{
	char m[48] = "", c[32] = "";

	if (moved > 0)
		snprintf(m, sizeof(m), "%zu talk%s moved%s", moved,
		         moved == 1 ? "" : "s", cancelled > 0 ? ", " : "");
	if (cancelled > 0)
		snprintf(c, sizeof(c), "%zu cancelled", cancelled);
	return crier_arena_printf(arena, "Schedule update: %s%s", m, c);
}

/* The entry of the revision of the N talks V, which share an Updated. */
static void
make_revision(const struct crier_feed *feed, const struct crier_entry **v,
              size_t n, const char *id, struct crier_entry *out)
{
	size_t i, moved = 0;

	for (i = 0; i < n; i++)
		moved += v[i]->status == CRIER_MOVED;
	memset(out, 0, sizeof(*out));
	out->kind = CRIER_ANNOUNCEMENT;
	out->file = feed->conf_file;
	out->id = id;
	out->uri = crier_tag_uri_join(feed->arena, feed->id, id);
	out->title = revision_title(feed->arena, moved, n - moved);
	out->published = out->updated = v[0]->updated;
	/* Filled once the talks' links are known (crier_feed_...bodies). */
	out->generated_body = "";
}

size_t
crier_feed_add_revisions(struct crier_feed *feed)
{
	size_t n, i, k, end, made = 0;
	const struct crier_entry **v;
	struct crier_entry *made_ones, *grown, *old = feed->entries;
	const char *id;

	feed->record_count = feed->entry_count;
	if (!feed->wants_schedule_changes)
		return 0;
	v = revised_talks(feed, &n);
	/* At most one new entry per talk: room for all, then only those. */
	made_ones = crier_xcalloc(n + 1, sizeof(*made_ones));
	for (i = 0; i < n; i = end) {
		for (end = i + 1; end < n && v[end]->updated.epoch_s ==
		    v[i]->updated.epoch_s; end++)
			;
		id = revision_id(feed->arena, v[i]->updated.epoch_s);
		if (!is_announced(feed, id))
			make_revision(feed, v + i, end - i, id,
			              &made_ones[made++]);
	}
	free(v);
	if (made == 0) {
		free(made_ones);
		return 0;
	}
	grown = crier_arena_alloc(feed->arena, (feed->entry_count + made) *
	                          sizeof(*grown));
	memcpy(grown, old, feed->entry_count * sizeof(*grown));
	memcpy(grown + feed->entry_count, made_ones, made * sizeof(*grown));
	free(made_ones);
	/* Talks point at their announcements: into the new array now. */
	for (k = 0; k < feed->entry_count; k++)
		if (grown[k].announcement != NULL)
			grown[k].announcement = grown + (grown[k].announcement -
			                                 old);
	feed->entries = grown;
	feed->entry_count += made;
	return made;
}

/* ------------------------------------------------------------------ */
/* The body                                                            */
/* ------------------------------------------------------------------ */

static const char *const weekdays[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

/* "Saturday 2017-02-04 11:30, room K.3.201", in the time's own offset. */
static void
add_place(struct crier_buf *out, struct crier_time t, const char *room)
{
	struct crier_civil c;

	crier_time_civil(t, &c);
	crier_buf_printf(out, "%s %04d-%02d-%02d %02d:%02d", weekdays[c.weekday],
	                 c.year, c.month, c.day, c.hour, c.minute);
	if (room != NULL) {
		crier_buf_puts(out, ", room ");
		crier_markdown_add_text(out, room);
	}
}

/* One talk of the revision: a link to it, its new and old place. */
static void
add_talk(struct crier_buf *out, const struct crier_entry *t)
{
	/* "- 1. Title" would be a list in a list: the line starts with text. */
	crier_buf_puts(out, t->link != NULL ? "- [" : "- Talk: ");
	crier_markdown_add_text(out, crier_entry_bare_title(t));
	if (t->link != NULL)
		crier_buf_printf(out, "](<%s>)", t->link);
	if (t->status == CRIER_CANCELLED) {
		crier_buf_puts(out, ", ");
		add_place(out, t->starts, t->room);
	} else {
		crier_buf_puts(out, ": now ");
		add_place(out, t->starts, t->room);
		/* Where it was, as far as the record says. */
		if (t->has_previous_starts) {
			crier_buf_puts(out, " (was ");
			add_place(out, t->previous_starts, t->previous_room);
			crier_buf_puts(out, ")");
		} else if (t->previous_room != NULL) {
			crier_buf_puts(out, " (was in room ");
			crier_markdown_add_text(out, t->previous_room);
			crier_buf_puts(out, ")");
		}
	}
	crier_buf_puts(out, "\n");
}

/* The Markdown of the revision of the N talks V, moved ones first. */
static const char *
revision_body(struct crier_arena *arena, const struct crier_entry **v,
              size_t n)
{
	struct crier_buf out = {0};
	enum crier_talk_status status = CRIER_CONFIRMED;
	const char *s;
	size_t i;

	crier_buf_puts(&out, "These talks changed after they were "
	               "announced.\n");
	for (i = 0; i < n; i++) {
		if (v[i]->status != status) {
			status = v[i]->status;
			crier_buf_puts(&out, status == CRIER_MOVED ?
			               "\n## Moved\n\n" : "\n## Cancelled\n\n");
		}
		add_talk(&out, v[i]);
	}
	s = crier_arena_strdup(arena, out.data);
	crier_buf_free(&out);
	return s;
}

void
crier_feed_write_revisions(struct crier_feed *feed)
{
	const struct crier_entry **v;
	struct crier_entry *e;
	size_t n, i = 0, end, k;

	if (!feed->wants_schedule_changes)
		return;
	v = revised_talks(feed, &n);
	/* Revisions were made in the order of their times: walk both. */
	for (k = 0; k < feed->entry_count; k++) {
		e = &feed->entries[k];
		if (e->generated_body == NULL)
			continue;
		while (i < n && v[i]->updated.epoch_s < e->published.epoch_s)
			i++;
		for (end = i; end < n && v[end]->updated.epoch_s ==
		    e->published.epoch_s; end++)
			;
		e->generated_body = revision_body(feed->arena, v + i, end - i);
		i = end;
	}
	free(v);
}
