/*
 * entryfields.c - a record's fields as an entry: its id, dates, event
 * times, status and media, every value converted and checked, every
 * error reported (crier_entry_from_record(), model.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldvalue.h"
#include "media.h"

/* A field's media kind, or -1 for other fields. */
static int
media_kind(int spec)
{
	switch (spec) {
	case F_RECORDING:
		return CRIER_MEDIA_RECORDING;
	case F_VIDEO:
		return CRIER_MEDIA_VIDEO;
	case F_SLIDES:
		return CRIER_MEDIA_SLIDES;
	case F_ATTACHMENT:
		return CRIER_MEDIA_ATTACHMENT;
	default:
		return -1;
	}
}

/*
 * The media fields, kind by kind in the order enclosures are chosen
 * (media.h); recordings not at all after "Recording: no".
 */
static void
entry_media(struct crier_conv *c, struct crier_entry *e)
{
	struct crier_media *v = NULL, m;
	struct crier_media_error err;
	struct crier_field at;
	size_t i, n = 0;
	int kind, is_optout = 0, rc;

	for (i = 0; i < c->rec->field_count; i++)
		n += media_kind(c->map->spec[i]) >= 0;
	if (n == 0)
		return;
	v = crier_arena_alloc(c->arena, n * sizeof(*v));
	for (kind = CRIER_MEDIA_RECORDING; kind <= CRIER_MEDIA_ATTACHMENT;
	     kind++) {
		for (i = 0; i < c->rec->field_count; i++) {
			if (media_kind(c->map->spec[i]) != kind)
				continue;
			at = c->rec->fields[i];
			rc = crier_media_parse(at.value, kind, c->arena, &m, &err);
			if (rc < 0) {
				at.value_column += crier_utf8_count(at.value,
				                                    err.offset);
				crier_conv_error(c, &at, err.msg, err.text,
				                 NULL);
			} else if (rc > 0) {
				is_optout = 1;
			} else {
				v[e->media_count++] = m;
			}
		}
	}
	for (i = 0; is_optout && i < e->media_count; i++)
		if (v[i].kind != CRIER_MEDIA_RECORDING)
			break;
	if (is_optout) {
		e->media_count -= i;
		v += i;
	}
	e->media = v;
}

/*
 * E's end, once its Starts and Ends or Duration (SECONDS long) read
 * right: Starts plus the Duration, its Ends, or with neither its Starts.
 * Returns 0, or -1 once reported.
 */
static int
event_end(struct crier_conv *c, const struct crier_field *ends,
          const struct crier_field *duration, int64_t seconds,
          const char *zone, struct crier_entry *e)
{
	char a[CRIER_RFC3339_SIZE], b[CRIER_RFC3339_SIZE];

	if (duration != NULL) {
		e->ends.epoch_s = e->starts.epoch_s + seconds;
		e->ends.offset_s = e->starts.offset_s;
		if (zone != NULL)
			crier_zone_offset(zone, e->ends.epoch_s,
			                  &e->ends.offset_s);
		if (!crier_time_is_writable(e->ends)) {
			crier_conv_error(c, duration, MSG_END_BEYOND_YEARS,
			                 duration->value, NULL);
			return -1;
		}
	} else if (ends == NULL) {
		e->ends = e->starts;
	} else if (e->ends.epoch_s <= e->starts.epoch_s) {
		crier_time_rfc3339(e->ends, a);
		crier_time_rfc3339(e->starts, b);
		crier_conv_error(c, ends, MSG_ENDS_BEFORE_STARTS, a, b);
		return -1;
	}
	return 0;
}

static void
entry_event_times(struct crier_conv *c, const struct crier_field_map *m,
                  const char *zone, struct crier_entry *e)
{
	const struct crier_field *starts = m->first[F_STARTS];
	const struct crier_field *ends = m->first[F_ENDS];
	const struct crier_field *duration = m->first[F_DURATION];
	int64_t seconds = 0;
	int ok = 1;

	/* Check every value on its own first, so each gets its message. */
	if (starts != NULL) {
		e->starts_line = starts->value_line;
		e->starts_column = starts->value_column;
		ok &= crier_conv_time(c, starts, zone, &e->starts) == 0;
	}
	if (ends != NULL)
		ok &= crier_conv_time(c, ends, zone, &e->ends) == 0;
	if (duration != NULL && crier_duration_parse(duration->value,
	    strlen(duration->value), &seconds) != 0) {
		crier_conv_error(c, duration, MSG_BAD_DURATION,
		                 duration->value, NULL);
		ok = 0;
	}
	if (ends != NULL && duration != NULL) {
		crier_conv_error(c, duration, MSG_ENDS_AND_DURATION, NULL,
		                 NULL);
		return;
	}
	if (starts == NULL) {
		if (ends != NULL || duration != NULL)
			crier_conv_error(c, ends ? ends : duration,
			                 MSG_ENDS_WITHOUT_STARTS,
			                 ends ? "Ends" : "Duration", NULL);
		return;
	}
	if (ends == NULL && duration == NULL && e->kind == CRIER_TALK) {
		crier_conv_error(c, starts, MSG_NO_END, NULL, NULL);
		return;
	}
	if (ok && event_end(c, ends, duration, seconds, zone, e) == 0)
		e->has_event_time = true;
}

static void
entry_dates(struct crier_conv *c, const struct crier_field_map *m,
            const char *zone, struct crier_entry *e)
{
	const struct crier_field *f;
	char a[CRIER_RFC3339_SIZE], b[CRIER_RFC3339_SIZE];
	int have_published = 0;

	e->published.epoch_s = INT64_MIN;
	if ((f = m->first[F_PUBLISHED]) != NULL)
		have_published = crier_conv_time(c, f, zone,
		                                 &e->published) == 0;
	else if (e->kind == CRIER_TALK && m->first[F_ANNOUNCEMENT] == NULL)
		crier_conv_error(c, &(struct crier_field){.value_line = 1,
		                 .value_column = 1}, MSG_FIELD_MISSING,
		                 "Published", NULL);
	e->updated = e->published;
	if ((f = m->first[F_UPDATED]) != NULL &&
	    crier_conv_time(c, f, zone, &e->updated) == 0 && have_published &&
	    e->updated.epoch_s < e->published.epoch_s) {
		crier_time_rfc3339(e->updated, a);
		crier_time_rfc3339(e->published, b);
		crier_conv_error(c, f, MSG_UPDATED_BEFORE_PUBLISHED, a, b);
	}
	if ((f = m->first[F_EXPIRES]) != NULL &&
	    crier_conv_time(c, f, zone, &e->expires) == 0) {
		e->has_expires = true;
		if (have_published &&
		    e->expires.epoch_s <= e->published.epoch_s) {
			crier_time_rfc3339(e->expires, a);
			crier_time_rfc3339(e->published, b);
			crier_conv_error(c, f, MSG_EXPIRES_BEFORE_PUBLISHED,
			                 a, b);
		}
	}
}

/*
 * A talk's Status.  A change readers and calendars must notice needs the
 * time it was made: without Updated the entry would look unchanged.
 */
static void
entry_status(struct crier_conv *c, const struct crier_field_map *m,
             struct crier_entry *e)
{
	static const struct {
		const char *name;
		enum crier_talk_status status;
	} names[] = {
		{"confirmed", CRIER_CONFIRMED},
		{"moved", CRIER_MOVED},
		{"cancelled", CRIER_CANCELLED},
		{"canceled", CRIER_CANCELLED},
	};
	const struct crier_field *f = m->first[F_STATUS];
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(f->value, names[i].name) == 0)
			break;
	if (i == sizeof(names) / sizeof(names[0])) {
		crier_conv_error(c, f, MSG_BAD_STATUS, f->value, NULL);
		return;
	}
	e->status = names[i].status;
	if (e->status != CRIER_CONFIRMED && m->first[F_UPDATED] == NULL)
		crier_conv_error(c, f, MSG_STATUS_WITHOUT_UPDATED, f->value,
		                 NULL);
}

/*
 * The record id, and the entry's tag: URI (RFC 4151): the feed's id, then
 * the record's.  The URI ends with the record id, so one string holds
 * both: at 100,000 records that is megabytes.
 */
static void
entry_id(struct crier_conv *c, const struct crier_feed *feed,
         const struct crier_field_map *m, const char *default_id,
         struct crier_entry *e)
{
	const struct crier_field *f = m->first[F_ID];
	struct crier_field whole_file = {.value_line = 1, .value_column = 1};
	const char *id = f != NULL ? f->value : default_id;

	e->uri = crier_tag_uri_join(c->arena, feed->id, id);
	e->id = e->uri + strlen(e->uri) - strlen(id);
	e->id_line = f != NULL ? f->value_line : 1;
	e->id_column = f != NULL ? f->value_column : 1;
	if (!crier_is_record_id(e->id))
		crier_conv_error(c, f != NULL ? f : &whole_file, MSG_BAD_ID,
		                 e->id, NULL);
}

int
crier_entry_from_record(const struct crier_feed *feed,
                        const struct crier_record *rec,
                        const char *default_id, struct crier_arena *strings,
                        struct crier_diags *diags, struct crier_entry *e)
{
	struct crier_field_map m;
	struct crier_conv c = {rec, &m, diags, strings, 0};
	int kind_errors = 0;
	unsigned kind = crier_record_where(rec, diags, &kind_errors);
	const char *zone;

	memset(e, 0, sizeof(*e));
	c.errors = kind_errors + crier_fields_index(rec, kind, diags, &m);
	e->kind = kind == IN_TALK ? CRIER_TALK : CRIER_ANNOUNCEMENT;
	zone = crier_conv_zone(&c, m.first[F_TIMEZONE], feed->timezone);
	e->timezone = zone;

	entry_id(&c, feed, &m, default_id, e);
	e->title = crier_conv_value(&c, &m, F_TITLE);
	e->summary = crier_conv_value(&c, &m, F_SUMMARY);
	e->link = crier_conv_url(&c, m.first[F_LINK]);
	entry_dates(&c, &m, zone, e);
	entry_event_times(&c, &m, zone, e);
	entry_status(&c, &m, e);
	crier_conv_bool(&c, m.first[F_DRAFT], &e->is_draft);
	e->authors = crier_conv_people(&c, F_AUTHOR, &e->author_count);
	e->categories = crier_conv_list(&c, F_CATEGORY, &e->category_count);
	e->event = crier_conv_value(&c, &m, F_EVENT);
	e->location = crier_conv_value(&c, &m, F_LOCATION);
	e->room = crier_conv_value(&c, &m, F_ROOM);
	e->track = crier_conv_value(&c, &m, F_TRACK);
	e->speakers = crier_conv_people(&c, F_SPEAKER, &e->speaker_count);
	e->previous_room = crier_conv_value(&c, &m, F_PREVIOUS_ROOM);
	if (m.first[F_PREVIOUS_STARTS] != NULL && crier_conv_time(&c,
	    m.first[F_PREVIOUS_STARTS], zone, &e->previous_starts) == 0)
		e->has_previous_starts = true;
	crier_conv_bool(&c, m.first[F_SCHEDULE_GONE], &(bool){0});
	entry_media(&c, e);
	if (m.first[F_ANNOUNCEMENT] != NULL) {
		e->announcement_id = crier_conv_keep(&c,
		    m.first[F_ANNOUNCEMENT]->value);
		e->announcement_line = m.first[F_ANNOUNCEMENT]->value_line;
		e->announcement_column = m.first[F_ANNOUNCEMENT]->value_column;
	}
	e->body_offset = (uint32_t)rec->body_offset;
	e->body_size = (uint32_t)rec->body_size;
	e->body_line = rec->body_line;
	free(m.spec);
	return c.errors > 0 ? -1 : 0;
}
