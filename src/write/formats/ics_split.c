/*
 * ics_split.c - a calendar file per talk, so that a person can add the
 * one talk they want to their calendar from its row on the page, and
 * calendar apps update it when the talk moves or is cancelled.
 *
 * Each is a view of the feed (views.c) holding one talk and written only
 * as iCalendar: talk-SLUG.ics, the slug made from the record id as facet
 * slugs are, with a hash of the id added when two ids give one slug.
 * The event is the same as in talks.ics (same UID, SEQUENCE, STATUS), so
 * an app that has both sees one event.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct talk_slug {
	const struct crier_entry *talk;
	char *slug;
};

static int
compare_slugs(const void *a, const void *b)
{
	const struct talk_slug *x = a, *y = b;
	int c = strcmp(x->slug, y->slug);

	return c != 0 ? c : strcmp(x->talk->id, y->talk->id);
}

/* FNV-1a, as views.c tags colliding facet slugs. */
static uint32_t
hash_of(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
fill_view(struct crier_feed *feed, struct crier_feed *v,
          const struct talk_slug *t, int is_colliding)
{

	*v = crier_feed_view_of(feed);
	v->outputs = feed->outputs & 1u << CRIER_OUT_ICS;
	v->published_count = 1;
	v->published = crier_arena_alloc(feed->arena, sizeof(*v->published));
	v->published[0] = t->talk;
	v->updated = t->talk->updated;
	v->stem = is_colliding ? crier_arena_printf(feed->arena,
	    "talk-%s-%08x", t->slug, (unsigned)hash_of(t->talk->id))
	    : crier_arena_printf(feed->arena, "talk-%s", t->slug);
	/* ':' is never in a record id, so no entry has this id. */
	v->id = crier_tag_uri_join(feed->arena, feed->id,
	    crier_arena_printf(feed->arena, "talk:%s", t->talk->id));
	v->title = crier_arena_printf(feed->arena, "%s \xe2\x80\x94 %s",
	                              feed->title, t->talk->title);
	v->is_talk_calendar = true;
	/* Rows on every page that shows the talk link to it. */
	if (t->talk >= feed->entries &&
	    t->talk < feed->entries + feed->entry_count)
		feed->calendar_stems[t->talk - feed->entries] = v->stem;
}

size_t
crier_feed_plan_talk_calendars(struct crier_feed *feed,
                               struct crier_feed **views_out)
{
	struct talk_slug *v;
	size_t i, n = 0;
	int is_colliding;

	*views_out = NULL;
	if (!(feed->outputs & 1u << CRIER_OUT_ICS))
		return 0;
	v = crier_xcalloc(feed->published_count + 1, sizeof(*v));
	for (i = 0; i < feed->published_count; i++) {
		if (feed->published[i]->kind != CRIER_TALK)
			continue;
		v[n].talk = feed->published[i];
		v[n++].slug = crier_facet_slug(feed->published[i]->id);
	}
	if (n > 0) {
		qsort(v, n, sizeof(*v), compare_slugs);
		*views_out = crier_arena_alloc(feed->arena,
		                               n * sizeof(**views_out));
		feed->calendar_stems = crier_arena_alloc(feed->arena,
		    feed->entry_count * sizeof(*feed->calendar_stems));
		memset(feed->calendar_stems, 0,
		       feed->entry_count * sizeof(*feed->calendar_stems));
	}
	for (i = 0; i < n; i++) {
		is_colliding = (i > 0 && strcmp(v[i - 1].slug, v[i].slug) == 0) ||
		    (i + 1 < n && strcmp(v[i + 1].slug, v[i].slug) == 0);
		fill_view(feed, &(*views_out)[i], &v[i], is_colliding);
	}
	for (i = 0; i < n; i++)
		free(v[i].slug);
	free(v);
	return n;
}

char *
crier_talk_calendar_url(const struct crier_feed *feed,
                        const struct crier_entry *talk)
{
	const char *stem = crier_talk_calendar_stem(feed, talk);

	return stem != NULL ? crier_feed_link_url(feed, stem, CRIER_OUT_ICS)
	    : NULL;
}
