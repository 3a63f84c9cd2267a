/*
 * fields.c - the fields a record may hold, in one table.
 *
 * The table below is the complete list of fields (crier-records(5)
 * documents it).  A record is indexed against the table, which catches
 * unknown, misplaced, repeated and missing fields; the model then
 * converts and checks each field's value (feedconf.c, entryfields.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "fields.h"
#include "record.h"
#include "suggest.h"

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
unsigned
crier_record_where(const struct crier_record *rec, struct crier_diags *diags,
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
int
crier_fields_index(const struct crier_record *rec, unsigned where,
                   struct crier_diags *diags, struct crier_field_map *map)
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
