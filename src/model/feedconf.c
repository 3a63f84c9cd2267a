/*
 * feedconf.c - feed.conf's fields as the feed's settings: every value
 * converted and checked, every error reported (crier_conf_apply(),
 * model.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldvalue.h"
#include "suggest.h"
#include "targeturl.h"

const char *const crier_output_names[CRIER_OUT_COUNT] = {
	[CRIER_OUT_ATOM] = "atom",
	[CRIER_OUT_RSS] = "rss",
	[CRIER_OUT_JSON] = "json",
	[CRIER_OUT_ICS] = "ics",
	[CRIER_OUT_HTML] = "html",
	[CRIER_OUT_SCHEDULE] = "schedule",
};

/*
 * A whole number from MIN to MAX, digits only; FALLBACK when F is absent
 * or wrong (the error MSG).
 */
static long
conv_count(struct crier_conv *c, const struct crier_field *f, long min,
           long max, long fallback, enum crier_msg msg)
{
	char *end;
	long n;

	if (f == NULL)
		return fallback;
	n = strtol(f->value, &end, 10);
	if (*end != '\0' || n < min || n > max ||
	    !(f->value[0] >= '0' && f->value[0] <= '9')) {
		crier_conv_error(c, f, msg, f->value, NULL);
		return fallback;
	}
	return n;
}

/* The error MSG for WORD, or HINT_MSG with the closest of NAMES. */
static void
unknown_name(struct crier_conv *c, const struct crier_field *f,
             const char *word, const char *const *names, size_t count,
             enum crier_msg msg, enum crier_msg hint_msg)
{
	struct crier_suggest s;
	size_t k;

	crier_suggest_start(&s, word);
	for (k = 0; k < count; k++)
		crier_suggest_consider(&s, names[k]);
	if (crier_suggest_result(&s) != NULL)
		crier_conv_error(c, f, hint_msg, word,
		                 crier_suggest_result(&s));
	else
		crier_conv_error(c, f, msg, word, NULL);
	crier_suggest_end(&s);
}

/*
 * "atom rss" (spaces or commas between): a set of the COUNT NAMES, as
 * bits; an unknown word is the error MSG, or HINT_MSG when it looks like
 * a typo of one of them.
 */
static unsigned
conv_name_set(struct crier_conv *c, const struct crier_field *f,
              const char *const *names, size_t count, enum crier_msg msg,
              enum crier_msg hint_msg)
{
	const char *p, *end;
	unsigned set = 0;
	size_t len, k;

	for (p = f->value; *p != '\0'; p = end) {
		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		end = p + len;
		if (len == 0)
			break;
		for (k = 0; k < count; k++)
			if (strlen(names[k]) == len &&
			    strncasecmp(p, names[k], len) == 0)
				break;
		if (k < count)
			set |= 1u << k;
		else
			unknown_name(c, f, crier_arena_strndup(c->arena, p, len),
			             names, count, msg, hint_msg);
	}
	return set;
}

/* Outputs: by default, all of them; none is an error. */
static unsigned
conv_outputs(struct crier_conv *c, const struct crier_field *f)
{
	unsigned set;

	if (f == NULL)
		return ((1u << CRIER_OUT_COUNT) - 1) &
		    ~(1u << CRIER_OUT_SCHEDULE);
	set = conv_name_set(c, f, crier_output_names, CRIER_OUT_COUNT,
	                    MSG_BAD_OUTPUT, MSG_BAD_OUTPUT_HINT);
	if (set == 0 && c->errors == 0)
		crier_conv_error(c, f, MSG_BAD_OUTPUT, f->value, NULL);
	return set;
}

/* Facets: some of track, room, speaker and category; none by default. */
static unsigned
conv_facets(struct crier_conv *c, const struct crier_field *f)
{
	return f == NULL ? 0 : conv_name_set(c, f, crier_facet_names,
	                                     CRIER_FACET_COUNT, MSG_BAD_FACET,
	                                     MSG_BAD_FACET_HINT);
}

/* Where publish sends the outputs; a password there would be shown. */
static const char *
conv_upload(struct crier_conv *c, const struct crier_field *f)
{
	if (f == NULL)
		return NULL;
	switch (crier_upload_url_check(f->value)) {
	case CRIER_URL_OK:
		return crier_conv_keep(c, f->value);
	case CRIER_URL_PASSWORD:
		crier_conv_error(c, f, MSG_UPLOAD_PASSWORD, NULL, NULL);
		return NULL;
	default:
		crier_conv_error(c, f, MSG_BAD_UPLOAD_URL, f->value, NULL);
		return NULL;
	}
}

/*
 * What calendars put before a cancelled event's SUMMARY: the text given,
 * "no" for nothing (STATUS:CANCELLED alone), else the "Cancelled:" of
 * every other output's titles.
 */
static void
conv_cancelled_prefix(struct crier_conv *c, const struct crier_field *f,
                      struct crier_feed *feed)
{
	feed->calendar_cancelled_prefix = f == NULL ? CRIER_CANCELLED_MARK :
	    strcasecmp(f->value, "no") == 0 ? "" : crier_conv_keep(c, f->value);
}

static void
conf_convert(struct crier_conv *c, const struct crier_field_map *m,
             struct crier_feed *feed)
{
	const struct crier_field *f;

	feed->title = crier_conv_value(c, m, F_TITLE);
	if ((f = m->first[F_ID]) != NULL) {
		if (!crier_is_tag_uri(f->value))
			crier_conv_error(c, f, MSG_BAD_TAG_URI, f->value, NULL);
		feed->id = crier_conv_keep(c, f->value);
	}
	feed->link = crier_conv_url(c, m->first[F_LINK]);
	feed->base = crier_conv_url(c, m->first[F_BASE]);
	/* Base names a directory: outputs are appended to it. */
	if (feed->base != NULL && feed->base[strlen(feed->base) - 1] != '/')
		feed->base = crier_arena_printf(c->arena, "%s/", feed->base);
	feed->icon = crier_conv_url(c, m->first[F_ICON]);
	feed->logo = crier_conv_url(c, m->first[F_LOGO]);
	feed->hub = crier_conv_url(c, m->first[F_HUB]);
	feed->subtitle = crier_conv_value(c, m, F_SUBTITLE);
	feed->rights = crier_conv_value(c, m, F_RIGHTS);
	if (m->first[F_AUTHOR] != NULL)
		crier_conv_person(c, m->first[F_AUTHOR], &feed->author);
	if ((f = m->first[F_LANGUAGE]) != NULL) {
		if (!crier_is_language_tag(f->value))
			crier_conv_error(c, f, MSG_BAD_LANGUAGE, f->value,
			                 NULL);
		feed->language = crier_conv_keep(c, f->value);
	}
	feed->timezone = crier_conv_zone(c, m->first[F_TIMEZONE], NULL);
	feed->limit = (size_t)conv_count(c, m->first[F_LIMIT], 1, 1000000, 0,
	                                 MSG_BAD_LIMIT);
	/* A month: readers that poll weekly, or less, still see them. */
	feed->tombstone_days = (unsigned)conv_count(c,
	    m->first[F_TOMBSTONE_DAYS], 0, 36500, 30, MSG_BAD_DAYS);
	crier_conv_bool(c, m->first[F_ALLOW_HTML], &feed->allows_html);
	crier_conv_bool(c, m->first[F_STYLESHEET], &feed->has_stylesheet);
	crier_conv_bool(c, m->first[F_SCHEDULE_CHANGES],
	                &feed->wants_schedule_changes);
	/* Yes unless given: import-schedule and build announce revisions. */
	if (m->first[F_SCHEDULE_CHANGES] == NULL)
		feed->wants_schedule_changes = true;
	conv_cancelled_prefix(c, m->first[F_CALENDAR_CANCELLED_PREFIX], feed);
	feed->outputs = conv_outputs(c, m->first[F_OUTPUTS]);
	feed->facets = conv_facets(c, m->first[F_FACETS]);
	feed->upload = conv_upload(c, m->first[F_UPLOAD]);
}

int
crier_conf_apply(struct crier_feed *feed, const struct crier_record *rec,
                 struct crier_diags *diags)
{
	struct crier_field_map map;
	struct crier_conv c = {rec, &map, diags, feed->arena, 0};

	c.errors = crier_fields_index(rec, IN_CONF, diags, &map);
	conf_convert(&c, &map, feed);
	free(map.spec);
	return c.errors > 0 ? -1 : 0;
}
