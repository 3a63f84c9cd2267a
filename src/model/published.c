/*
 * published.c - the published set: which valid records readers see at
 * "now", in what order, with what ids, links and dates, and what waits.
 *
 * Everything here is derived from the records and now_s alone, so the
 * same records at the same instant give the same feed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model.h"

/*
 * When an entry is in the published set: from FROM until (not at) UNTIL,
 * whose epoch_s is INT64_MAX when it does not expire.  A talk is only
 * published while its announcement is.  False for a draft, or the talk
 * of one, which never is.
 */
static bool
live_span(const struct crier_entry *e, struct crier_time *from,
          struct crier_time *until)
{
	struct crier_time parent_from, parent_until;

	if (e->is_draft)
		return false;
	*from = e->published;
	*until = e->has_expires ? e->expires : (struct crier_time){INT64_MAX, 0};
	if (e->announcement == NULL)
		return true;
	if (!live_span(e->announcement, &parent_from, &parent_until))
		return false;
	if (parent_from.epoch_s > from->epoch_s)
		*from = parent_from;
	if (parent_until.epoch_s < until->epoch_s)
		*until = parent_until;
	return true;
}

static bool
is_held(const struct crier_entry *e, int64_t now_s)
{
	if (e->is_draft || e->published.epoch_s > now_s ||
	    (e->has_expires && e->expires.epoch_s <= now_s))
		return true;
	/* A talk must not appear before the announcement it belongs to. */
	return e->announcement != NULL && is_held(e->announcement, now_s);
}

/* Newest first: updated, then published, then as below; ids are unique. */
int
crier_entry_compare_newest_first(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;

	if (x->updated.epoch_s != y->updated.epoch_s)
		return x->updated.epoch_s > y->updated.epoch_s ? -1 : 1;
	if (x->published.epoch_s != y->published.epoch_s)
		return x->published.epoch_s > y->published.epoch_s ? -1 : 1;
	/*
	 * Talks published with their announcement follow it in schedule
	 * order, so readers that sort by date show the day as it runs.
	 */
	if (x->kind != y->kind)
		return x->kind == CRIER_ANNOUNCEMENT ? -1 : 1;
	if (x->has_event_time && y->has_event_time &&
	    x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
compare_talk_start(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;

	if (x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void
attach_talks(struct crier_feed *feed)
{
	struct crier_entry *a;
	size_t i;

	for (i = 0; i < feed->published_count; i++) {
		const struct crier_entry *t = feed->published[i];

		if (t->announcement == NULL)
			continue;
		a = &feed->entries[t->announcement - feed->entries];
		a->talk_count++;
	}
	for (i = 0; i < feed->entry_count; i++) {
		a = &feed->entries[i];
		a->talks = crier_arena_alloc(feed->arena,
		                             a->talk_count * sizeof(*a->talks));
		a->talk_count = 0;
	}
	for (i = 0; i < feed->published_count; i++) {
		const struct crier_entry *t = feed->published[i];

		if (t->announcement == NULL)
			continue;
		a = &feed->entries[t->announcement - feed->entries];
		a->talks[a->talk_count++] = t;
	}
	for (i = 0; i < feed->entry_count; i++)
		qsort(feed->entries[i].talks, feed->entries[i].talk_count,
		      sizeof(*feed->entries[i].talks), compare_talk_start);
}

/*
 * An entry without a Link of its own links to its place on the feed's
 * page, when there is one, so readers never show a tag: id as a link.
 * With Limit that is its month's page, which keeps it (views.c).
 */
static void
assign_default_links(struct crier_feed *feed)
{
	char month[CRIER_MONTH_STEM_SIZE];
	struct crier_entry *e;
	size_t i;

	if (!(feed->outputs & 1u << CRIER_OUT_HTML))
		return;
	for (i = 0; i < feed->entry_count; i++) {
		e = &feed->entries[i];
		if (e->link != NULL)
			continue;
		if (!crier_feed_has_month_pages(feed)) {
			e->link = crier_arena_printf(feed->arena, "%s%s#%s",
			    feed->base, CRIER_HTML_FILE, e->id);
			continue;
		}
		crier_month_stem(e->published, month);
		e->link = crier_arena_printf(feed->arena, "%s%s.html#%s",
		    feed->base, month, e->id);
	}
}

/* Before make_updated_unique() moves any updated time. */
static void
set_revisions(struct crier_feed *feed)
{
	struct crier_entry *e;
	int64_t seconds;
	size_t i;

	for (i = 0; i < feed->entry_count; i++) {
		e = &feed->entries[i];
		seconds = e->updated.epoch_s - e->published.epoch_s;
		e->revision = seconds <= 0 ? 0 : seconds < UINT32_MAX ?
		    (uint32_t)seconds : UINT32_MAX;
	}
}

/*
 * Validators warn when two Atom entries share an updated time, and talks
 * imported together, or taking their announcement's time, always would.
 * In each run of entries that share a second, newest first, the first
 * keeps its time and each next one is written a millisecond earlier
 * than the one before (a microsecond when a thousand or more share the
 * second), RFC 3339 allowing fractions: so no time moves by a second or
 * more, none lies after the record's own (nor after now, when the record
 * is published), the order stays, and the result depends only on the
 * records.  Moving ties forward by whole seconds instead put the newest
 * entry minutes into the future.
 */
static void
make_updated_unique(struct crier_feed *feed)
{
	struct crier_entry *e;
	size_t i, j, k;
	uint32_t step_us;

	for (i = 0; i < feed->published_count; i = j) {
		for (j = i + 1; j < feed->published_count &&
		     feed->published[j]->updated.epoch_s ==
		     feed->published[i]->updated.epoch_s; j++)
			;
		step_us = j - i < 1000 ? 1000 : 1;
		for (k = i + 1; k < j && k - i < 1000000; k++) {
			e = &feed->entries[feed->published[k] - feed->entries];
			e->updated_shift_us = (uint32_t)(k - i) * step_us;
		}
	}
}

/*
 * The feed's updated time is its newest entry's, unless a record left
 * the set later: an expiry changes the feed, and a reader should see the
 * feed move forward, not back to the entry before.  The instant comes
 * from the records, so the outputs change only at instants the records
 * name, and runs between two of them write the same bytes.  (A record
 * live only between two runs, never seen, still counts: the set did
 * change; no state is kept to know it was not published.)
 */
static void
set_feed_updated(struct crier_feed *feed)
{
	struct crier_time from, until;
	size_t i;

	if (feed->published_count > 0)
		feed->updated = feed->published[0]->updated;
	/*
	 * Atom needs an updated time even with no entry.  The epoch would
	 * be a lie and the clock would change the file on every run: the
	 * start of the current UTC day changes it at most daily.
	 */
	else
		feed->updated = (struct crier_time){
		    feed->now_s - (feed->now_s % 86400 + 86400) % 86400, 0};
	for (i = 0; i < feed->entry_count; i++)
		if (live_span(&feed->entries[i], &from, &until) &&
		    from.epoch_s < until.epoch_s &&
		    until.epoch_s <= feed->now_s &&
		    until.epoch_s > feed->updated.epoch_s)
			feed->updated = until;
}

/* Whether E is held back, or published until it expires. */
static bool
is_scheduled(const struct crier_entry *e, int64_t now_s)
{
	struct crier_time from, until;

	return is_held(e, now_s) || (live_span(e, &from, &until) &&
	    until.epoch_s != INT64_MAX);
}

/* Held records, and published ones that will expire, in path order. */
static void
select_schedule(struct crier_feed *feed)
{
	size_t i, n = 0;

	for (i = 0; i < feed->entry_count; i++)
		n += is_scheduled(&feed->entries[i], feed->now_s);
	feed->schedule = crier_arena_alloc(feed->arena,
	                                   n * sizeof(*feed->schedule));
	for (i = 0; i < feed->entry_count; i++)
		if (is_scheduled(&feed->entries[i], feed->now_s))
			feed->schedule[feed->schedule_count++] =
			    &feed->entries[i];
}

static void
credit_people(const struct crier_feed *feed, struct crier_entry *e)
{
	e->people = e->authors;
	e->people_count = e->author_count;
	if (e->people_count == 0 && e->kind == CRIER_TALK) {
		e->people = e->speakers;
		e->people_count = e->speaker_count;
	}
	if (e->people_count == 0 && e->announcement != NULL) {
		e->people = e->announcement->authors;
		e->people_count = e->announcement->author_count;
	}
	if (e->people_count == 0) {
		e->people = &feed->author;
		e->people_count = 1;
	}
}

static void
join_place(struct crier_buf *where, const char *part)
{
	if (part == NULL)
		return;
	if (where->len > 0)
		crier_buf_puts(where, ", ");
	crier_buf_puts(where, part);
}

/* Who and where, as every writer shows them. */
static void
assign_people_and_places(struct crier_feed *feed)
{
	struct crier_buf where = {0};
	struct crier_entry *e;
	size_t i;

	for (i = 0; i < feed->entry_count; i++) {
		e = &feed->entries[i];
		credit_people(feed, e);
		where.len = 0;
		join_place(&where, e->room);
		join_place(&where, e->location);
		if (e->announcement != NULL)
			join_place(&where, e->announcement->location);
		e->place = where.len > 0 ? crier_arena_strndup(feed->arena,
		    where.data, where.len) : NULL;
	}
	crier_buf_free(&where);
}

/*
 * A moved or cancelled talk says so in its title, in every output, so
 * that a reader who only scans titles does not go to a talk that moved
 * or will not happen.
 */
static void
mark_changed_talks(struct crier_feed *feed)
{
	struct crier_entry *e;
	size_t i;

	for (i = 0; i < feed->entry_count; i++) {
		e = &feed->entries[i];
		if (e->status == CRIER_CANCELLED)
			e->title = crier_arena_printf(feed->arena,
			    CRIER_CANCELLED_MARK " %s", e->title);
		else if (e->status == CRIER_MOVED)
			e->title = crier_arena_printf(feed->arena,
			    CRIER_MOVED_MARK " %s", e->title);
	}
}

void
crier_feed_select_published(struct crier_feed *feed)
{
	size_t i, n, held = 0;

	crier_feed_add_revisions(feed);
	n = feed->entry_count;
	for (i = 0; i < n; i++)
		held += is_held(&feed->entries[i], feed->now_s);
	feed->published = crier_arena_alloc(feed->arena,
	    (n - held) * sizeof(*feed->published));
	feed->held = crier_arena_alloc(feed->arena, held * sizeof(*feed->held));
	for (i = 0; i < n; i++) {
		const struct crier_entry *e = &feed->entries[i];

		if (is_held(e, feed->now_s))
			feed->held[feed->held_count++] = e;
		else
			feed->published[feed->published_count++] = e;
	}
	set_revisions(feed);
	qsort(feed->published, feed->published_count,
	      sizeof(*feed->published), crier_entry_compare_newest_first);
	make_updated_unique(feed);
	set_feed_updated(feed);
	select_schedule(feed);
	assign_default_links(feed);
	assign_people_and_places(feed);
	crier_feed_write_revisions(feed);
	mark_changed_talks(feed);
	attach_talks(feed);
}

size_t
crier_feed_output_count(const struct crier_feed *feed)
{
	if (feed->limit > 0 && feed->limit < feed->published_count)
		return feed->limit;
	return feed->published_count;
}

bool
crier_feed_has_month_pages(const struct crier_feed *feed)
{
	return feed->limit > 0 && (feed->outputs & 1u << CRIER_OUT_HTML);
}

const char *
crier_feed_title(const struct crier_feed *feed)
{
	return feed->title;
}

const char *
crier_feed_upload_url(const struct crier_feed *feed)
{
	return feed->upload;
}

const char *
crier_feed_hub_url(const struct crier_feed *feed)
{
	return feed->hub;
}

const char *
crier_feed_base_url(const struct crier_feed *feed)
{
	return feed->base;
}

size_t
crier_feed_entry_count(const struct crier_feed *feed)
{
	return feed->published_count;
}

size_t
crier_feed_output_file_count(const struct crier_feed *feed)
{
	size_t n = 0, i;
	int kind;

	for (kind = 0; kind < CRIER_OUT_COUNT; kind++)
		if ((feed->outputs & 1u << kind) &&
		    crier_output_file((enum crier_output_kind)kind) != NULL)
			n++;
	/* Archive pages and facet feeds: each view writes its own. */
	for (i = 0; i < feed->view_count; i++)
		n += crier_feed_output_file_count(&feed->views[i]);
	return n;
}

/*
 * When a held entry appears: when it and everything it belongs to are
 * published, or never (INT64_MAX) for a draft, an expired record, or one
 * that expires no later than it would appear.
 */
static int64_t
goes_live(const struct crier_entry *e, int64_t now_s)
{
	struct crier_time from, until;

	if (!live_span(e, &from, &until) || until.epoch_s <= now_s ||
	    until.epoch_s <= from.epoch_s)
		return INT64_MAX;
	return from.epoch_s;
}

size_t
crier_feed_held_count(const struct crier_feed *feed)
{
	return feed->held_count;
}

const char *
crier_feed_held_file(const struct crier_feed *feed, size_t i,
                     int64_t *goes_live_s)
{
	const struct crier_entry *e;

	if (i >= feed->held_count)
		return NULL;
	e = feed->held[i];
	if (goes_live_s != NULL)
		*goes_live_s = goes_live(e, feed->now_s);
	return e->file;
}

size_t
crier_feed_schedule_count(const struct crier_feed *feed)
{
	return feed->schedule_count;
}

const char *
crier_feed_schedule_get(const struct crier_feed *feed, size_t i,
                        enum crier_schedule_kind *kind, int64_t *from_s,
                        int64_t *until_s)
{
	struct crier_time from = {INT64_MAX, 0}, until = {INT64_MAX, 0};
	enum crier_schedule_kind k;
	const struct crier_entry *e;

	if (i >= feed->schedule_count)
		return NULL;
	e = feed->schedule[i];
	if (!live_span(e, &from, &until)) {
		from.epoch_s = until.epoch_s = INT64_MAX;
		k = CRIER_DRAFT;
	} else if (until.epoch_s <= from.epoch_s) {
		k = CRIER_NEVER;
	} else if (until.epoch_s <= feed->now_s) {
		k = CRIER_EXPIRED;
	} else if (from.epoch_s > feed->now_s) {
		k = CRIER_SCHEDULED;
	} else {
		k = CRIER_EXPIRING;
	}
	if (kind != NULL)
		*kind = k;
	if (from_s != NULL)
		*from_s = from.epoch_s;
	if (until_s != NULL)
		*until_s = until.epoch_s;
	return e->file;
}
