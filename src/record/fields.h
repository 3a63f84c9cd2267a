/*
 * fields.h - the table of the fields a record may hold (fields.c): where
 * each may appear, more than once or not, and where it must.  The model
 * converts the values (feedconf.c, entryfields.c) through the index a
 * record gets against the table.
 */
#ifndef CRIER_FIELDS_H
#define CRIER_FIELDS_H

#include "diag.h"
#include "record.h"

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

/* A record's fields by table index: first occurrence of each. */
struct crier_field_map {
	const struct crier_record *rec;
	const struct crier_field *first[F_COUNT];
	int *spec;   /* per field of rec: its table index, or -1 */
};


/*
 * Which kind REC is, from its Type field (default: announcement): IN_ANN
 * or IN_TALK.  Adds one to *ERRORS if the Type is unknown (reported in
 * DIAGS).
 */
unsigned crier_record_where(const struct crier_record *rec,
                            struct crier_diags *diags, int *errors);

/*
 * Checks every field name of REC against the table for a record of kind
 * WHERE and fills MAP, whose spec the caller frees with free().  Returns
 * the number of errors added to DIAGS.
 */
int crier_fields_index(const struct crier_record *rec, unsigned where,
                       struct crier_diags *diags, struct crier_field_map *map);

#endif /* CRIER_FIELDS_H */
