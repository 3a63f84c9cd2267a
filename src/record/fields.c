/*
 * fields.c - what each field means: from parsed records to the model.
 *
 * The table below is the complete list of fields (crier-records(5)
 * documents it).  A record is first indexed against the table, which
 * catches unknown, misplaced, repeated and missing fields; then each
 * field's value is converted and checked.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "iri.h"
#include "media.h"
#include "model.h"
#include "record.h"
#include "suggest.h"
#include "targeturl.h"

enum {
	IN_CONF = 1,
	IN_ANN = 2,
	IN_TALK = 4,
	IN_RECORD = IN_ANN | IN_TALK,
	IN_ALL = IN_CONF | IN_ANN | IN_TALK
};

enum field_index {
	F_TYPE, F_TITLE, F_ID, F_PUBLISHED, F_UPDATED, F_AUTHOR, F_CATEGORY,
	F_LINK, F_SUMMARY, F_EVENT, F_STARTS, F_ENDS, F_DURATION, F_LOCATION,
	F_TIMEZONE, F_DRAFT, F_EXPIRES, F_ROOM, F_TRACK, F_SPEAKER,
	F_SCHEDULE_ID, F_SCHEDULE_ABSTRACT,
	F_ANNOUNCEMENT, F_SUBTITLE, F_BASE, F_LANGUAGE, F_ICON, F_LOGO,
	F_RIGHTS, F_LIMIT, F_HUB, F_ALLOW_HTML, F_OUTPUTS, F_UPLOAD,
	F_STATUS, F_FACETS, F_TOMBSTONE_DAYS, F_STYLESHEET,
	F_PREVIOUS_STARTS, F_PREVIOUS_ROOM, F_SCHEDULE_GONE,
	F_SCHEDULE_CHANGES, F_CALENDAR_CANCELLED_PREFIX,
	F_SLIDES, F_VIDEO, F_RECORDING, F_ATTACHMENT,
	F_COUNT
};

static const struct field_spec {
	const char *name;
	unsigned where;        /* where it may appear */
	unsigned repeatable;   /* where it may appear more than once */
	unsigned required;     /* where it must appear */
} specs[F_COUNT] = {
	[F_TYPE] = {"Type", IN_RECORD, 0, 0},
	[F_TITLE] = {"Title", IN_ALL, 0, IN_ALL},
	[F_ID] = {"Id", IN_ALL, 0, IN_CONF},
	[F_PUBLISHED] = {"Published", IN_RECORD, 0, IN_ANN},
	[F_UPDATED] = {"Updated", IN_RECORD, 0, 0},
	[F_AUTHOR] = {"Author", IN_CONF | IN_ANN, IN_ANN, IN_CONF},
	[F_CATEGORY] = {"Category", IN_RECORD, IN_RECORD, 0},
	[F_LINK] = {"Link", IN_ALL, 0, IN_CONF},
	[F_SUMMARY] = {"Summary", IN_RECORD, 0, 0},
	[F_EVENT] = {"Event", IN_ANN, 0, 0},
	[F_STARTS] = {"Starts", IN_RECORD, 0, IN_TALK},
	[F_ENDS] = {"Ends", IN_RECORD, 0, 0},
	[F_DURATION] = {"Duration", IN_RECORD, 0, 0},
	[F_LOCATION] = {"Location", IN_ANN, 0, 0},
	[F_TIMEZONE] = {"Timezone", IN_ALL, 0, 0},
	[F_DRAFT] = {"Draft", IN_RECORD, 0, 0},
	[F_EXPIRES] = {"Expires", IN_RECORD, 0, 0},
	[F_ROOM] = {"Room", IN_TALK, 0, 0},
	[F_TRACK] = {"Track", IN_TALK, 0, 0},
	[F_SPEAKER] = {"Speaker", IN_TALK, IN_TALK, 0},
	[F_ANNOUNCEMENT] = {"Announcement", IN_TALK, 0, 0},
	/* Written by import-schedule, to find and update its records. */
	[F_SCHEDULE_ID] = {"Schedule-Id", IN_TALK, 0, 0},
	[F_SCHEDULE_ABSTRACT] = {"Schedule-Abstract", IN_TALK, 0, 0},
	[F_SUBTITLE] = {"Subtitle", IN_CONF, 0, 0},
	[F_BASE] = {"Base", IN_CONF, 0, IN_CONF},
	[F_LANGUAGE] = {"Language", IN_CONF, 0, 0},
	[F_ICON] = {"Icon", IN_CONF, 0, 0},
	[F_LOGO] = {"Logo", IN_CONF, 0, 0},
	[F_RIGHTS] = {"Rights", IN_CONF, 0, 0},
	[F_LIMIT] = {"Limit", IN_CONF, 0, 0},
	[F_HUB] = {"Hub", IN_CONF, 0, 0},
	[F_ALLOW_HTML] = {"Allow-HTML", IN_CONF, 0, 0},
	[F_OUTPUTS] = {"Outputs", IN_CONF, 0, 0},
	[F_UPLOAD] = {"Upload", IN_CONF, 0, 0},
	[F_STATUS] = {"Status", IN_TALK, 0, 0},
	[F_FACETS] = {"Facets", IN_CONF, 0, 0},
	[F_TOMBSTONE_DAYS] = {"Tombstone-Days", IN_CONF, 0, 0},
	[F_STYLESHEET] = {"Stylesheet", IN_CONF, 0, 0},
	/* Written by import-schedule when a talk moves or leaves. */
	[F_PREVIOUS_STARTS] = {"Previous-Starts", IN_TALK, 0, 0},
	[F_PREVIOUS_ROOM] = {"Previous-Room", IN_TALK, 0, 0},
	[F_SCHEDULE_GONE] = {"Schedule-Gone", IN_TALK, 0, 0},
	[F_SCHEDULE_CHANGES] = {"Schedule-Changes", IN_CONF, 0, 0},
	[F_CALENDAR_CANCELLED_PREFIX] = {"Calendar-Cancelled-Prefix", IN_CONF,
	                                 0, 0},
	/* Media (media.h): URL TYPE LENGTH ["title"] [lang=TAG]. */
	[F_SLIDES] = {"Slides", IN_RECORD, IN_RECORD, 0},
	[F_VIDEO] = {"Video", IN_RECORD, IN_RECORD, 0},
	[F_RECORDING] = {"Recording", IN_RECORD, IN_RECORD, 0},
	[F_ATTACHMENT] = {"Attachment", IN_RECORD, IN_RECORD, 0},
};

const char *const crier_output_names[CRIER_OUT_COUNT] = {
	[CRIER_OUT_ATOM] = "atom",
	[CRIER_OUT_RSS] = "rss",
	[CRIER_OUT_JSON] = "json",
	[CRIER_OUT_ICS] = "ics",
	[CRIER_OUT_HTML] = "html",
	[CRIER_OUT_SCHEDULE] = "schedule",
};

/* A record's fields by table index: first occurrence of each. */
struct field_index_map {
	const struct crier_record *rec;
	const struct crier_field *first[F_COUNT];
	int *spec;   /* per field of rec: its table index, or -1 */
};

static const char *
where_name(unsigned where)
{
	switch (where) {
	case IN_CONF:
		return "feed.conf";
	case IN_ANN:
		return "an announcement";
	default:
		return "a talk";
	}
}

static int
field_lookup(const char *name)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (strcasecmp(specs[i].name, name) == 0)
			return i;
	return -1;
}

/* The field name of WHERE closest to NAME, if close enough to be a typo. */
static const char *
suggest_field(const char *name, unsigned where)
{
	size_t best = SIZE_MAX, d, limit = strlen(name) / 3 + 1;
	const char *hint = NULL;
	int i;

	if (limit > 3)
		limit = 3;
	for (i = 0; i < F_COUNT; i++) {
		if (!(specs[i].where & where))
			continue;
		d = crier_edit_distance(name, specs[i].name);
		if (d < best) {
			best = d;
			hint = specs[i].name;
		}
	}
	return best <= limit ? hint : NULL;
}

/*
 * Which kind a record is, from its Type field (default: announcement).
 * Adds one to *errors if the Type is unknown.
 */
static unsigned
record_kind(const struct crier_record *rec, struct crier_diags *diags,
            int *errors)
{
	size_t i;

	for (i = 0; i < rec->field_count; i++) {
		const struct crier_field *f = &rec->fields[i];

		if (strcasecmp(f->name, "Type") != 0)
			continue;
		if (strcasecmp(f->value, "talk") == 0)
			return IN_TALK;
		if (strcasecmp(f->value, "announcement") != 0) {
			crier_diag(diags, rec->path, f->value_line,
			           f->value_column, MSG_BAD_TYPE, f->value);
			(*errors)++;
		}
		return IN_ANN;
	}
	return IN_ANN;
}

/*
 * Checks every field name of REC against the table for a record of kind
 * WHERE and fills MAP.  Returns the number of errors added.
 */
static int
index_fields(const struct crier_record *rec, unsigned where,
             struct crier_diags *diags, struct field_index_map *map)
{
	int errors = 0, i;
	size_t k;
	/* Fields a typo was taken for: "Titel" is the missing Title. */
	char is_hinted[F_COUNT] = {0};

	memset(map, 0, sizeof(*map));
	map->rec = rec;
	map->spec = crier_xmalloc((rec->field_count + 1) * sizeof(*map->spec));
	for (k = 0; k < rec->field_count; k++) {
		const struct crier_field *f = &rec->fields[k];
		const char *hint;

		i = map->spec[k] = field_lookup(f->name);
		if (i < 0 || !(specs[i].where & where)) {
			hint = suggest_field(f->name, where);
			if (i >= 0)
				crier_diag(diags, rec->path, f->line, f->column,
				           MSG_FIELD_NOT_FOR_KIND, specs[i].name,
				           where_name(where));
			else if (hint != NULL) {
				crier_diag(diags, rec->path, f->line, f->column,
				           MSG_UNKNOWN_FIELD_HINT, f->name, hint);
				is_hinted[field_lookup(hint)] = 1;
			}
			else
				crier_diag(diags, rec->path, f->line, f->column,
				           MSG_UNKNOWN_FIELD, f->name);
			errors++;
			map->spec[k] = -1;
			continue;
		}
		if (map->first[i] == NULL) {
			map->first[i] = f;
		} else if (!(specs[i].repeatable & where)) {
			crier_diag(diags, rec->path, f->line, f->column,
			           MSG_FIELD_REPEATED, specs[i].name,
			           map->first[i]->line);
			errors++;
		}
	}
	for (i = 0; i < F_COUNT; i++) {
		if ((specs[i].required & where) && map->first[i] == NULL &&
		    !is_hinted[i]) {
			crier_diag(diags, rec->path, 1, 1, MSG_FIELD_MISSING,
			           specs[i].name);
			errors++;
		}
	}
	return errors;
}


/* Converting values: each helper reports at the value's position. */
struct conv {
	const struct crier_record *rec;
	const struct field_index_map *map;
	struct crier_diags *diags;
	struct crier_arena *arena;   /* the feed's: what the model keeps */
	int errors;
};

/* Records are parsed into scratch memory; the model keeps copies. */
static const char *
keep(struct conv *c, const char *s)
{
	return s != NULL ? crier_arena_strdup(c->arena, s) : NULL;
}

static void
conv_error(struct conv *c, const struct crier_field *f, enum crier_msg msg,
           const char *a, const char *b)
{
	crier_diag(c->diags, c->rec->path, f->value_line, f->value_column, msg,
	           a, b);
	c->errors++;
}

/* Kept as a URI (iri.h), which every output can carry as it is. */
static const char *
conv_url(struct conv *c, const struct crier_field *f)
{
	const char *kept;
	char *uri;

	if (f == NULL)
		return NULL;
	/* Said without the URL, which the message would otherwise show. */
	if (crier_url_has_password(f->value)) {
		conv_error(c, f, MSG_URL_PASSWORD, f->name, NULL);
		return NULL;
	}
	if (!crier_is_http_url(f->value)) {
		conv_error(c, f, MSG_BAD_URL, f->value, NULL);
		return NULL;
	}
	if ((uri = crier_iri_to_uri(f->value)) == NULL) {
		conv_error(c, f, MSG_BAD_IDN, f->value, NULL);
		return NULL;
	}
	kept = keep(c, uri);
	free(uri);
	return kept;
}

static int
is_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (at == NULL || at == s || at == s + len - 1 ||
	    memchr(at + 1, '@', len - (size_t)(at + 1 - s)) != NULL)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || strchr("<>()[],;:\"\\", s[i]))
			return 0;
	return 1;
}

/* "Name" or "Name <email>". */
static int
conv_person(struct conv *c, const struct crier_field *f,
            struct crier_person *out)
{
	const char *v = f->value, *lt = strchr(v, '<'), *end;
	size_t name_len;

	out->name = NULL;
	out->email = NULL;
	if (lt == NULL) {
		if (strchr(v, '>') != NULL || strchr(v, '@') != NULL)
			goto bad;
		out->name = crier_arena_intern(c->arena, v, strlen(v));
		return 0;
	}
	end = v + strlen(v);
	if (end[-1] != '>')
		goto bad;
	name_len = (size_t)(lt - v);
	while (name_len > 0 && v[name_len - 1] == ' ')
		name_len--;
	if (name_len == 0)
		goto bad;
	if (!is_email(lt + 1, (size_t)(end - 1 - (lt + 1)))) {
		char *email = crier_arena_strndup(c->arena, lt + 1,
		                                  (size_t)(end - 1 - (lt + 1)));
		conv_error(c, f, MSG_BAD_EMAIL, email, NULL);
		return -1;
	}
	out->name = crier_arena_intern(c->arena, v, name_len);
	out->email = crier_arena_intern(c->arena, lt + 1,
	                                (size_t)(end - 1 - (lt + 1)));
	return 0;
bad:
	conv_error(c, f, MSG_BAD_PERSON, v, NULL);
	return -1;
}

static struct crier_person *
conv_people(struct conv *c, enum field_index which, size_t *count)
{
	struct crier_person *people;
	size_t i, n = 0;

	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which)
			n++;
	people = crier_arena_alloc(c->arena, n * sizeof(*people));
	*count = 0;
	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which &&
		    conv_person(c, &c->rec->fields[i], &people[*count]) == 0)
			(*count)++;
	return people;
}

static const char **
conv_list(struct conv *c, enum field_index which, size_t *count)
{
	const char **list;
	size_t i, n = 0;

	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which)
			n++;
	list = crier_arena_alloc(c->arena, n * sizeof(*list));
	*count = 0;
	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which)
			list[(*count)++] = crier_arena_intern(c->arena,
			    c->rec->fields[i].value,
			    strlen(c->rec->fields[i].value));
	return list;
}

static const char *
conv_zone(struct conv *c, const struct crier_field *f, const char *fallback)
{
	if (f == NULL)
		return fallback;
	if (fallback != NULL && strcmp(f->value, fallback) == 0)
		return fallback;
	if (!crier_zone_exists(f->value)) {
		char *hint = crier_zone_suggest(f->value);

		conv_error(c, f, hint != NULL ? MSG_BAD_ZONE_HINT : MSG_BAD_ZONE,
		           f->value, hint);
		free(hint);
	}
	/*
	 * Even an unknown zone is kept: the times read in it then fail
	 * quietly (CRIER_TIME_BAD_ZONE), instead of each saying that it
	 * needs a zone, when the one mistake is the zone's name.
	 */
	return keep(c, f->value);
}

static int
conv_time(struct conv *c, const struct crier_field *f, const char *zone,
          struct crier_time *out)
{
	size_t col = 0;
	enum crier_time_result r;
	struct crier_field at;

	r = crier_time_parse(f->value, strlen(f->value), zone, out, &col);
	if (r == CRIER_TIME_OK && !crier_time_is_writable(*out)) {
		conv_error(c, f, MSG_TIME_BEYOND_YEARS, f->value, NULL);
		return -1;
	}
	if (r == CRIER_TIME_OK)
		return 0;
	/* Point at the offending character inside the value. */
	at = *f;
	at.value_column += crier_utf8_count(f->value, col);
	switch (r) {
	case CRIER_TIME_SYNTAX:
		conv_error(c, &at, MSG_BAD_TIME_SYNTAX, f->value, NULL);
		break;
	case CRIER_TIME_RANGE:
		conv_error(c, &at, MSG_BAD_TIME_RANGE, f->value, NULL);
		break;
	case CRIER_TIME_NEEDS_ZONE:
		conv_error(c, f, MSG_TIME_NEEDS_ZONE, f->value, NULL);
		break;
	case CRIER_TIME_BAD_ZONE:
		/* The Timezone field has been reported already. */
		c->errors++;
		break;
	case CRIER_TIME_GAP:
		conv_error(c, f, MSG_TIME_IN_GAP, f->value, zone);
		break;
	case CRIER_TIME_AMBIGUOUS:
		conv_error(c, f, MSG_TIME_AMBIGUOUS, f->value, zone);
		break;
	case CRIER_TIME_OK:
		break;
	}
	return -1;
}

static int
conv_bool(struct conv *c, const struct crier_field *f, bool *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	size_t i;

	*out = false;
	if (f == NULL)
		return 0;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(f->value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(f->value, no[i]) == 0)
			return 0;
	}
	conv_error(c, f, MSG_BAD_BOOLEAN, f->value, NULL);
	return -1;
}

static int
is_lower_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/*
 * RFC 4151: tag:AUTHORITY,DATE:SPECIFIC.  The W3C validator also wants
 * the authority in lower case and the whole URI in ASCII, and so do we:
 * entry ids are built from it and must never need to change.
 */
static int
is_tag_uri(const char *s)
{
	const char *p = s + 4, *comma;
	int digits;

	if (strncmp(s, "tag:", 4) != 0 || (comma = strchr(p, ',')) == NULL ||
	    comma == p)
		return 0;
	for (; p < comma; p++)
		if (!is_lower_alnum(*p) && !strchr("-.@_", *p))
			return 0;
	for (p = comma + 1, digits = 0; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits != 4)
		return 0;
	while (*p == '-' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
	    p[2] <= '9')
		p += 3;
	if (*p++ != ':')
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F ||
		    strchr("\"<>\\^`{|}#", *p))
			return 0;
	return 1;
}

/* Record ids become part of entry ids: keep them plain ASCII. */
static int
is_record_id(const char *s)
{
	if (*s == '\0' || *s == '/' || *s == '.')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || is_lower_alnum(*s) ||
		    strchr("-_./", *s)))
			return 0;
	return 1;
}

/* A BCP 47 language tag, loosely: en, en-GB, zh-Hant-TW. */
static int
is_language_tag(const char *s)
{
	size_t n = 0, part = 0;

	for (; ; s++) {
		if (*s == '-' || *s == '\0') {
			if (n == 0 || n > 8 || (part == 0 && n > 3) ||
			    (part == 0 && n < 2))
				return 0;
			if (*s == '\0')
				return 1;
			part++;
			n = 0;
		} else if ((*s >= 'A' && *s <= 'Z') || is_lower_alnum(*s)) {
			n++;
		} else {
			return 0;
		}
	}
}

static const char *
value_of(struct conv *c, const struct field_index_map *m, enum field_index i)
{
	return m->first[i] != NULL ? keep(c, m->first[i]->value) : NULL;
}

/*
 * A whole number from MIN to MAX, digits only; FALLBACK when F is absent
 * or wrong (the error MSG).
 */
static long
conv_count(struct conv *c, const struct crier_field *f, long min, long max,
           long fallback, enum crier_msg msg)
{
	char *end;
	long n;

	if (f == NULL)
		return fallback;
	n = strtol(f->value, &end, 10);
	if (*end != '\0' || n < min || n > max ||
	    !(f->value[0] >= '0' && f->value[0] <= '9')) {
		conv_error(c, f, msg, f->value, NULL);
		return fallback;
	}
	return n;
}

/* The error MSG for WORD, or HINT_MSG with the closest of NAMES. */
static void
unknown_name(struct conv *c, const struct crier_field *f, const char *word,
             const char *const *names, size_t count, enum crier_msg msg,
             enum crier_msg hint_msg)
{
	struct crier_suggest s;
	size_t k;

	crier_suggest_start(&s, word);
	for (k = 0; k < count; k++)
		crier_suggest_consider(&s, names[k]);
	if (crier_suggest_result(&s) != NULL)
		conv_error(c, f, hint_msg, word, crier_suggest_result(&s));
	else
		conv_error(c, f, msg, word, NULL);
	crier_suggest_end(&s);
}

/*
 * "atom rss" (spaces or commas between): a set of the COUNT NAMES, as
 * bits; an unknown word is the error MSG, or HINT_MSG when it looks like
 * a typo of one of them.
 */
static unsigned
conv_name_set(struct conv *c, const struct crier_field *f,
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
conv_outputs(struct conv *c, const struct crier_field *f)
{
	unsigned set;

	if (f == NULL)
		return ((1u << CRIER_OUT_COUNT) - 1) &
		    ~(1u << CRIER_OUT_SCHEDULE);
	set = conv_name_set(c, f, crier_output_names, CRIER_OUT_COUNT,
	                    MSG_BAD_OUTPUT, MSG_BAD_OUTPUT_HINT);
	if (set == 0 && c->errors == 0)
		conv_error(c, f, MSG_BAD_OUTPUT, f->value, NULL);
	return set;
}

/* Facets: some of track, room, speaker and category; none by default. */
static unsigned
conv_facets(struct conv *c, const struct crier_field *f)
{
	return f == NULL ? 0 : conv_name_set(c, f, crier_facet_names,
	                                     CRIER_FACET_COUNT, MSG_BAD_FACET,
	                                     MSG_BAD_FACET_HINT);
}

/* Where publish sends the outputs; a password there would be shown. */
static const char *
conv_upload(struct conv *c, const struct crier_field *f)
{
	if (f == NULL)
		return NULL;
	switch (crier_upload_url_check(f->value)) {
	case CRIER_URL_OK:
		return keep(c, f->value);
	case CRIER_URL_PASSWORD:
		conv_error(c, f, MSG_UPLOAD_PASSWORD, NULL, NULL);
		return NULL;
	default:
		conv_error(c, f, MSG_BAD_UPLOAD_URL, f->value, NULL);
		return NULL;
	}
}

/*
 * What calendars put before a cancelled event's SUMMARY: the text given,
 * "no" for nothing (STATUS:CANCELLED alone), else the "Cancelled:" of
 * every other output's titles.
 */
static void
conv_cancelled_prefix(struct conv *c, const struct crier_field *f,
                      struct crier_feed *feed)
{
	feed->calendar_cancelled_prefix = f == NULL ? CRIER_CANCELLED_MARK :
	    strcasecmp(f->value, "no") == 0 ? "" : keep(c, f->value);
}

static void
conf_convert(struct conv *c, const struct field_index_map *m,
             struct crier_feed *feed)
{
	const struct crier_field *f;

	feed->title = value_of(c, m, F_TITLE);
	if ((f = m->first[F_ID]) != NULL) {
		if (!is_tag_uri(f->value))
			conv_error(c, f, MSG_BAD_TAG_URI, f->value, NULL);
		feed->id = keep(c, f->value);
	}
	feed->link = conv_url(c, m->first[F_LINK]);
	feed->base = conv_url(c, m->first[F_BASE]);
	/* Base names a directory: outputs are appended to it. */
	if (feed->base != NULL && feed->base[strlen(feed->base) - 1] != '/')
		feed->base = crier_arena_printf(c->arena, "%s/", feed->base);
	feed->icon = conv_url(c, m->first[F_ICON]);
	feed->logo = conv_url(c, m->first[F_LOGO]);
	feed->hub = conv_url(c, m->first[F_HUB]);
	feed->subtitle = value_of(c, m, F_SUBTITLE);
	feed->rights = value_of(c, m, F_RIGHTS);
	if (m->first[F_AUTHOR] != NULL)
		conv_person(c, m->first[F_AUTHOR], &feed->author);
	if ((f = m->first[F_LANGUAGE]) != NULL) {
		if (!is_language_tag(f->value))
			conv_error(c, f, MSG_BAD_LANGUAGE, f->value, NULL);
		feed->language = keep(c, f->value);
	}
	feed->timezone = conv_zone(c, m->first[F_TIMEZONE], NULL);
	feed->limit = (size_t)conv_count(c, m->first[F_LIMIT], 1, 1000000, 0,
	                                 MSG_BAD_LIMIT);
	/* A month: readers that poll weekly, or less, still see them. */
	feed->tombstone_days = (unsigned)conv_count(c,
	    m->first[F_TOMBSTONE_DAYS], 0, 36500, 30, MSG_BAD_DAYS);
	conv_bool(c, m->first[F_ALLOW_HTML], &feed->allows_html);
	conv_bool(c, m->first[F_STYLESHEET], &feed->has_stylesheet);
	/* Read by import-schedule; checked here like every field. */
	conv_bool(c, m->first[F_SCHEDULE_CHANGES], &(bool){0});
	conv_cancelled_prefix(c, m->first[F_CALENDAR_CANCELLED_PREFIX], feed);
	feed->outputs = conv_outputs(c, m->first[F_OUTPUTS]);
	feed->facets = conv_facets(c, m->first[F_FACETS]);
	feed->upload = conv_upload(c, m->first[F_UPLOAD]);
}

int
crier_conf_apply(struct crier_feed *feed, const struct crier_record *rec,
                 struct crier_diags *diags)
{
	struct field_index_map map;
	struct conv c = {rec, &map, diags, feed->arena, 0};

	c.errors = index_fields(rec, IN_CONF, diags, &map);
	conf_convert(&c, &map, feed);
	free(map.spec);
	return c.errors > 0 ? -1 : 0;
}

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
entry_media(struct conv *c, struct crier_entry *e)
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
				conv_error(c, &at, err.msg, err.text, NULL);
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

static void
entry_event_times(struct conv *c, const struct field_index_map *m,
                  const char *zone, struct crier_entry *e)
{
	const struct crier_field *starts = m->first[F_STARTS];
	const struct crier_field *ends = m->first[F_ENDS];
	const struct crier_field *duration = m->first[F_DURATION];
	char a[CRIER_RFC3339_SIZE], b[CRIER_RFC3339_SIZE];
	int64_t seconds = 0;
	int ok = 1;

	/* Check every value on its own first, so each gets its message. */
	if (starts != NULL) {
		e->starts_line = starts->value_line;
		e->starts_column = starts->value_column;
		ok &= conv_time(c, starts, zone, &e->starts) == 0;
	}
	if (ends != NULL)
		ok &= conv_time(c, ends, zone, &e->ends) == 0;
	if (duration != NULL && crier_duration_parse(duration->value,
	    strlen(duration->value), &seconds) != 0) {
		conv_error(c, duration, MSG_BAD_DURATION, duration->value, NULL);
		ok = 0;
	}
	if (ends != NULL && duration != NULL) {
		conv_error(c, duration, MSG_ENDS_AND_DURATION, NULL, NULL);
		return;
	}
	if (starts == NULL) {
		if (ends != NULL || duration != NULL)
			conv_error(c, ends ? ends : duration,
			           MSG_ENDS_WITHOUT_STARTS,
			           ends ? "Ends" : "Duration", NULL);
		return;
	}
	if (ends == NULL && duration == NULL && e->kind == CRIER_TALK) {
		conv_error(c, starts, MSG_NO_END, NULL, NULL);
		return;
	}
	if (!ok)
		return;
	if (duration != NULL) {
		e->ends.epoch_s = e->starts.epoch_s + seconds;
		e->ends.offset_s = e->starts.offset_s;
		if (zone != NULL)
			crier_zone_offset(zone, e->ends.epoch_s,
			                  &e->ends.offset_s);
		if (!crier_time_is_writable(e->ends)) {
			conv_error(c, duration, MSG_END_BEYOND_YEARS,
			           duration->value, NULL);
			return;
		}
	} else if (ends == NULL) {
		e->ends = e->starts;
	} else if (e->ends.epoch_s <= e->starts.epoch_s) {
		crier_time_rfc3339(e->ends, a);
		crier_time_rfc3339(e->starts, b);
		conv_error(c, ends, MSG_ENDS_BEFORE_STARTS, a, b);
		return;
	}
	e->has_event_time = true;
}

static void
entry_dates(struct conv *c, const struct field_index_map *m,
            const char *zone, struct crier_entry *e)
{
	const struct crier_field *f;
	char a[CRIER_RFC3339_SIZE], b[CRIER_RFC3339_SIZE];
	int have_published = 0;

	e->published.epoch_s = INT64_MIN;
	if ((f = m->first[F_PUBLISHED]) != NULL)
		have_published = conv_time(c, f, zone, &e->published) == 0;
	else if (e->kind == CRIER_TALK && m->first[F_ANNOUNCEMENT] == NULL)
		conv_error(c, &(struct crier_field){.value_line = 1,
		           .value_column = 1}, MSG_FIELD_MISSING, "Published",
		           NULL);
	e->updated = e->published;
	if ((f = m->first[F_UPDATED]) != NULL &&
	    conv_time(c, f, zone, &e->updated) == 0 && have_published &&
	    e->updated.epoch_s < e->published.epoch_s) {
		crier_time_rfc3339(e->updated, a);
		crier_time_rfc3339(e->published, b);
		conv_error(c, f, MSG_UPDATED_BEFORE_PUBLISHED, a, b);
	}
	if ((f = m->first[F_EXPIRES]) != NULL &&
	    conv_time(c, f, zone, &e->expires) == 0) {
		e->has_expires = true;
		if (have_published &&
		    e->expires.epoch_s <= e->published.epoch_s) {
			crier_time_rfc3339(e->expires, a);
			crier_time_rfc3339(e->published, b);
			conv_error(c, f, MSG_EXPIRES_BEFORE_PUBLISHED, a, b);
		}
	}
}

/*
 * A talk's Status.  A change readers and calendars must notice needs the
 * time it was made: without Updated the entry would look unchanged.
 */
static void
entry_status(struct conv *c, const struct field_index_map *m,
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
		conv_error(c, f, MSG_BAD_STATUS, f->value, NULL);
		return;
	}
	e->status = names[i].status;
	if (e->status != CRIER_CONFIRMED && m->first[F_UPDATED] == NULL)
		conv_error(c, f, MSG_STATUS_WITHOUT_UPDATED, f->value, NULL);
}

/*
 * The record id, and the entry's tag: URI (RFC 4151): the feed's id, then
 * the record's.  The URI ends with the record id, so one string holds
 * both: at 100,000 records that is megabytes.
 */
static void
entry_id(struct conv *c, const struct crier_feed *feed,
         const struct field_index_map *m, const char *default_id,
         struct crier_entry *e)
{
	const struct crier_field *f = m->first[F_ID];
	struct crier_field whole_file = {.value_line = 1, .value_column = 1};
	const char *id = f != NULL ? f->value : default_id;

	e->uri = crier_tag_uri_join(c->arena, feed->id, id);
	e->id = e->uri + strlen(e->uri) - strlen(id);
	e->id_line = f != NULL ? f->value_line : 1;
	e->id_column = f != NULL ? f->value_column : 1;
	if (!is_record_id(e->id))
		conv_error(c, f != NULL ? f : &whole_file, MSG_BAD_ID, e->id,
		           NULL);
}

int
crier_entry_from_record(const struct crier_feed *feed,
                        const struct crier_record *rec,
                        const char *default_id, struct crier_arena *strings,
                        struct crier_diags *diags, struct crier_entry *e)
{
	struct field_index_map m;
	struct conv c = {rec, &m, diags, strings, 0};
	int kind_errors = 0;
	unsigned kind = record_kind(rec, diags, &kind_errors);
	const char *zone;

	memset(e, 0, sizeof(*e));
	c.errors = kind_errors + index_fields(rec, kind, diags, &m);
	e->kind = kind == IN_TALK ? CRIER_TALK : CRIER_ANNOUNCEMENT;
	e->file = keep(&c, rec->path);
	zone = conv_zone(&c, m.first[F_TIMEZONE], feed->timezone);
	e->timezone = zone;

	entry_id(&c, feed, &m, default_id, e);
	e->title = value_of(&c, &m, F_TITLE);
	e->summary = value_of(&c, &m, F_SUMMARY);
	e->link = conv_url(&c, m.first[F_LINK]);
	entry_dates(&c, &m, zone, e);
	entry_event_times(&c, &m, zone, e);
	entry_status(&c, &m, e);
	conv_bool(&c, m.first[F_DRAFT], &e->is_draft);
	e->authors = conv_people(&c, F_AUTHOR, &e->author_count);
	e->categories = conv_list(&c, F_CATEGORY, &e->category_count);
	e->event = value_of(&c, &m, F_EVENT);
	e->location = value_of(&c, &m, F_LOCATION);
	e->room = value_of(&c, &m, F_ROOM);
	e->track = value_of(&c, &m, F_TRACK);
	e->speakers = conv_people(&c, F_SPEAKER, &e->speaker_count);
	e->previous_room = value_of(&c, &m, F_PREVIOUS_ROOM);
	if (m.first[F_PREVIOUS_STARTS] != NULL && conv_time(&c,
	    m.first[F_PREVIOUS_STARTS], zone, &e->previous_starts) == 0)
		e->has_previous_starts = true;
	conv_bool(&c, m.first[F_SCHEDULE_GONE], &(bool){0});
	entry_media(&c, e);
	if (m.first[F_ANNOUNCEMENT] != NULL) {
		e->announcement_id = keep(&c, m.first[F_ANNOUNCEMENT]->value);
		e->announcement_line = m.first[F_ANNOUNCEMENT]->value_line;
		e->announcement_column = m.first[F_ANNOUNCEMENT]->value_column;
	}
	e->body_offset = (uint32_t)rec->body_offset;
	e->body_size = (uint32_t)rec->body_size;
	e->body_line = rec->body_line;
	free(m.spec);
	return c.errors > 0 ? -1 : 0;
}
