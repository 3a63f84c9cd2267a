/*
 * views.c - the documents a source becomes besides its subscription
 * feed: archive pages (RFC 5005) and facet feeds.
 *
 * Archives.  With Limit N the subscription feed holds the N entries
 * published last.  The others, oldest first by published time and id,
 * fill pages of N entries, archive-1 the oldest.  An entry only ever
 * joins the newest page, so a page that is full never changes again, as
 * RFC 5005 asks of archives, and publishing uploads only the newest page
 * and the feed.  When a page fills up the next one starts at once, empty,
 * so that the full page's next-archive link is there from the start and
 * never has to be added later.
 *
 * Month pages.  With Limit the page, index.html, is cut like the feeds,
 * and every published entry is also on the page of the month it was
 * published in (UTC), 2017-02.html, newest first.  Entries without a Link
 * point there: what is published later never moves an entry off its
 * month's page, so the link stays good, and a change rewrites one month.
 *
 * Facets.  Facets: track room speaker category in feed.conf adds a feed
 * per value, newest first and cut to Limit like the subscription feed,
 * named by a slug of the value that stays the same from run to run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model.h"
#include "record.h"

/* Outputs a view has, of those the source has. */
#define VIEW_OUTPUTS (1u << CRIER_OUT_ATOM | 1u << CRIER_OUT_RSS)

/* Oldest first: the order entries fill archive pages in. */
static int
compare_oldest_published(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;

	if (x->published.epoch_s != y->published.epoch_s)
		return x->published.epoch_s < y->published.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

struct crier_feed
crier_feed_view_of(const struct crier_feed *feed)
{
	struct crier_feed v = *feed;

	v.published = NULL;
	v.published_count = 0;
	v.held = v.schedule = NULL;
	v.held_count = v.schedule_count = 0;
	v.views = NULL;
	v.view_count = v.archive_count = v.month_count = 0;
	v.prev_archive = v.next_archive = NULL;
	v.outputs = feed->outputs & VIEW_OUTPUTS;
	v.facets = 0;
	v.limit = 0;
	v.talk_calendar_count = 0;
	return v;
}

struct view_list {
	struct crier_feed *items;
	size_t count, capacity;
};

static struct crier_feed *
add_view(struct view_list *list)
{
	list->items = crier_xgrow(list->items, &list->capacity,
	                          list->count + 1, sizeof(*list->items));
	return &list->items[list->count++];
}

/*
 * The published set oldest first, in the arena: archive pages and month
 * pages are both cut from it.
 */
static const struct crier_entry **
published_by_age(const struct crier_feed *feed)
{
	size_t n = feed->published_count;
	const struct crier_entry **by_age;

	by_age = crier_arena_alloc(feed->arena, (n + 1) * sizeof(*by_age));
	memcpy(by_age, feed->published, n * sizeof(*by_age));
	qsort(by_age, n, sizeof(*by_age), compare_oldest_published);
	return by_age;
}

/*
 * Moves the Limit most recently published entries to the front of the
 * published set, each part keeping the feed's order; BY_AGE is the set
 * oldest first.
 */
static void
split_current(struct crier_feed *feed, const struct crier_entry **by_age)
{
	size_t n = feed->published_count, archived = n - feed->limit, i, k;
	const struct crier_entry **rest;
	char *is_archived = crier_xcalloc(feed->entry_count, 1);

	for (i = 0; i < archived; i++)
		is_archived[by_age[i] - feed->entries] = 1;
	rest = crier_xmalloc(archived * sizeof(*rest));
	for (i = 0, k = 0; i < n; i++) {
		if (is_archived[feed->published[i] - feed->entries])
			rest[k++] = feed->published[i];
		else
			feed->published[i - k] = feed->published[i];
	}
	memcpy(feed->published + n - archived, rest, archived * sizeof(*rest));
	free(rest);
	free(is_archived);
}

static void
plan_archives(struct crier_feed *feed, const struct crier_entry **by_age,
              struct view_list *list)
{
	size_t per_page = feed->limit, archived, pages, k, first;
	struct crier_feed *v;
	struct crier_time updated = {0, 0};

	if (per_page == 0 || feed->published_count <= per_page)
		return;
	archived = feed->published_count - per_page;
	split_current(feed, by_age);
	/* The last page is the one filling up, perhaps still empty. */
	pages = archived / per_page + 1;
	for (k = 1; k <= pages; k++) {
		v = add_view(list);
		*v = crier_feed_view_of(feed);
		first = (k - 1) * per_page;
		v->published_count = k < pages ? per_page : archived - first;
		v->published = crier_arena_alloc(feed->arena,
		    (v->published_count + 1) * sizeof(*v->published));
		/* An empty page changed when the one before it filled. */
		if (v->published_count > 0) {
			memcpy(v->published, by_age + first,
			       v->published_count * sizeof(*v->published));
			qsort(v->published, v->published_count,
			      sizeof(*v->published),
			      crier_entry_compare_newest_first);
			updated = v->published[0]->updated;
		}
		v->updated = updated;
		v->stem = crier_arena_printf(feed->arena, "archive-%zu", k);
		if (k > 1)
			v->prev_archive = crier_arena_printf(feed->arena,
			    "archive-%zu", k - 1);
		if (k < pages)
			v->next_archive = crier_arena_printf(feed->arena,
			    "archive-%zu", k + 1);
		v->is_archive = true;
	}
	feed->prev_archive = list->items[list->count - 1].stem;
}

/* A month page of the N entries at ENTRIES (oldest first), named STEM. */
static void
add_month_view(struct crier_feed *feed, struct view_list *list,
               const struct crier_entry **entries, size_t n,
               const char *stem)
{
	struct crier_feed *v = add_view(list);

	*v = crier_feed_view_of(feed);
	v->outputs = 1u << CRIER_OUT_HTML;
	v->stem = crier_arena_strdup(feed->arena, stem);
	v->published_count = n;
	v->published = crier_arena_alloc(feed->arena,
	                                 (n + 1) * sizeof(*v->published));
	memcpy(v->published, entries, n * sizeof(*v->published));
	qsort(v->published, n, sizeof(*v->published),
	      crier_entry_compare_newest_first);
	v->updated = v->published[0]->updated;
}

static void
plan_months(struct crier_feed *feed, const struct crier_entry **by_age,
            struct view_list *list)
{
	size_t n = feed->published_count, i, first;
	char stem[CRIER_MONTH_STEM_SIZE], next[CRIER_MONTH_STEM_SIZE];

	if (!crier_feed_has_month_pages(feed) || n == 0)
		return;
	crier_month_stem(by_age[0]->published, stem);
	for (first = 0, i = 1; i <= n; i++) {
		if (i < n) {
			crier_month_stem(by_age[i]->published, next);
			if (strcmp(next, stem) == 0)
				continue;
		}
		add_month_view(feed, list, by_age + first, i - first, stem);
		first = i;
		if (i < n)
			memcpy(stem, next, sizeof(stem));
	}
	for (i = 0; i < list->count; i++) {
		if (i > 0)
			list->items[i].prev_archive = list->items[i - 1].stem;
		if (i + 1 < list->count)
			list->items[i].next_archive = list->items[i + 1].stem;
	}
}

/* FNV-1a: a short, stable tag for values whose slugs collide. */
static uint32_t
hash_of(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* One (facet, value, entry) triple; an entry has several. */
struct facet_item {
	enum crier_facet_kind kind;
	const char *value;
	size_t order;          /* the entry's place in the published set */
	const struct crier_entry *entry;
	const char *slug;      /* the group's, once known */
};

static int
compare_items(const void *a, const void *b)
{
	const struct facet_item *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->value, y->value)) != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct facet_items {
	struct facet_item *items;
	size_t count, capacity;
};

static void
add_item(struct facet_items *list, enum crier_facet_kind kind,
         const char *value, size_t order, const struct crier_entry *e)
{
	struct facet_item *it;

	list->items = crier_xgrow(list->items, &list->capacity,
	                          list->count + 1, sizeof(*list->items));
	it = &list->items[list->count++];
	it->kind = kind;
	it->value = value;
	it->order = order;
	it->entry = e;
	it->slug = NULL;
}

static void
collect_items(const struct crier_feed *feed, struct facet_items *list)
{
	const struct crier_entry *e;
	size_t i, k;

	for (i = 0; i < feed->published_count; i++) {
		e = feed->published[i];
		if ((feed->facets & 1u << CRIER_FACET_TRACK) && e->track)
			add_item(list, CRIER_FACET_TRACK, e->track, i, e);
		if ((feed->facets & 1u << CRIER_FACET_ROOM) && e->room)
			add_item(list, CRIER_FACET_ROOM, e->room, i, e);
		if (feed->facets & 1u << CRIER_FACET_SPEAKER)
			for (k = 0; k < e->speaker_count; k++)
				add_item(list, CRIER_FACET_SPEAKER,
				         e->speakers[k].name, i, e);
		if (feed->facets & 1u << CRIER_FACET_CATEGORY)
			for (k = 0; k < e->category_count; k++)
				add_item(list, CRIER_FACET_CATEGORY,
				         e->categories[k], i, e);
	}
	if (list->count > 0)
		qsort(list->items, list->count, sizeof(*list->items),
		      compare_items);
}

/* The first item of each group: one facet value. */
struct facet_group {
	struct facet_item *first;
	size_t count;
	const char *slug;
};

static int
compare_groups(const void *a, const void *b)
{
	const struct facet_group *x = a, *y = b;
	int c;

	if (x->first->kind != y->first->kind)
		return x->first->kind < y->first->kind ? -1 : 1;
	if ((c = strcmp(x->slug, y->slug)) != 0)
		return c;
	return strcmp(x->first->value, y->first->value);
}

/*
 * Values whose slugs collide ("C++" and "C") all get their hash added,
 * so no value's file depends on which others happen to exist.
 */
static void
separate_collisions(struct crier_feed *feed, struct facet_group *groups,
                    size_t n)
{
	size_t i, j;

	qsort(groups, n, sizeof(*groups), compare_groups);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && groups[j].first->kind ==
		     groups[i].first->kind &&
		     strcmp(groups[j].slug, groups[i].slug) == 0; j++)
			;
		if (j - i == 1 && groups[i].slug[0] != '\0')
			continue;
		for (; i < j; i++)
			groups[i].slug = crier_arena_printf(feed->arena,
			    "%s%s%08x", groups[i].slug,
			    groups[i].slug[0] != '\0' ? "-" : "x",
			    (unsigned)hash_of(groups[i].first->value));
	}
	qsort(groups, n, sizeof(*groups), compare_groups);
}

static void
add_facet_view(struct crier_feed *feed, struct view_list *list,
               const struct facet_group *g)
{
	const char *kind = crier_facet_names[g->first->kind];
	struct crier_feed *v = add_view(list);
	size_t i;

	*v = crier_feed_view_of(feed);
	/* A calendar of the part too, where the source has one. */
	v->outputs |= feed->outputs & 1u << CRIER_OUT_ICS;
	v->limit = feed->limit;
	v->published_count = g->count;
	v->published = crier_arena_alloc(feed->arena,
	                                 g->count * sizeof(*v->published));
	for (i = 0; i < g->count; i++)
		v->published[i] = g->first[i].entry;
	v->updated = v->published[0]->updated;
	v->stem = crier_arena_printf(feed->arena, "%s-%s", kind, g->slug);
	/* ':' is never in a record id, so no entry has this id. */
	v->id = crier_tag_uri_join(feed->arena, feed->id,
	    crier_arena_printf(feed->arena, "%s:%s", kind, g->slug));
	v->facet_label = crier_arena_printf(feed->arena, "%s %s", kind,
	                                    g->first->value);
	v->title = crier_arena_printf(feed->arena, "%s \xe2\x80\x94 %s",
	                              feed->title, v->facet_label);
}

static void
plan_facets(struct crier_feed *feed, struct view_list *list)
{
	struct facet_items items = {NULL, 0, 0};
	struct facet_group *groups;
	char *slug;
	size_t i, j, n = 0;

	if (feed->facets == 0)
		return;
	collect_items(feed, &items);
	groups = crier_xmalloc((items.count + 1) * sizeof(*groups));
	for (i = 0; i < items.count; i = j) {
		for (j = i + 1; j < items.count &&
		     items.items[j].kind == items.items[i].kind &&
		     strcmp(items.items[j].value, items.items[i].value) == 0;
		     j++)
			;
		slug = crier_facet_slug(items.items[i].value);
		groups[n].first = &items.items[i];
		groups[n].count = j - i;
		groups[n++].slug = crier_arena_strdup(feed->arena, slug);
		free(slug);
	}
	separate_collisions(feed, groups, n);
	for (i = 0; i < n; i++)
		add_facet_view(feed, list, &groups[i]);
	free(groups);
	free(items.items);
}

void
crier_feed_plan_views(struct crier_feed *feed, struct crier_feed *talks,
                      size_t talk_count)
{
	struct view_list archives = {NULL, 0, 0}, months = {NULL, 0, 0};
	struct view_list facets = {NULL, 0, 0};
	const struct crier_entry **by_age = NULL;
	struct crier_feed *next;

	/* Facets first: they take the published set in the feed's order. */
	plan_facets(feed, &facets);
	if (feed->limit > 0)
		by_age = published_by_age(feed);
	plan_months(feed, by_age, &months);
	plan_archives(feed, by_age, &archives);
	feed->view_count = archives.count + months.count + facets.count +
	                   talk_count;
	feed->archive_count = archives.count;
	feed->month_count = months.count;
	feed->talk_calendar_count = talk_count;
	feed->views = crier_arena_alloc(feed->arena,
	                                feed->view_count * sizeof(*feed->views));
	next = feed->views;
	if (archives.count > 0)
		memcpy(next, archives.items, archives.count * sizeof(*next));
	next += archives.count;
	if (months.count > 0)
		memcpy(next, months.items, months.count * sizeof(*next));
	next += months.count;
	if (facets.count > 0)
		memcpy(next, facets.items, facets.count * sizeof(*next));
	next += facets.count;
	if (talk_count > 0)
		memcpy(next, talks, talk_count * sizeof(*next));
	free(archives.items);
	free(months.items);
	free(facets.items);
}
