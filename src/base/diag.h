/*
 * diag.h - adding findings to a struct crier_diags.
 *
 * Every kind of message is one value of enum crier_msg, with its severity
 * and printf format in the single table in diag.c, so the complete list
 * (documented in crier(1), DIAGNOSTICS) lives in one place.
 */
#ifndef CRIER_DIAG_H
#define CRIER_DIAG_H

#include "crier.h"

enum crier_msg {
	/* record syntax */
	MSG_FILE_UNREADABLE,
	MSG_FILE_TOO_BIG,
	MSG_NOT_A_FILE,
	MSG_LINK_BROKEN,
	MSG_LINK_OUTSIDE,
	MSG_LINK_TO_DIRECTORY,
	MSG_BAD_UTF8,
	MSG_NUL_BYTE,
	MSG_CONTROL_CHAR,
	MSG_NONCHARACTER,
	MSG_REPLACEMENT_CHAR,
	MSG_TOO_MANY_ENCODING_ERRORS,
	MSG_STRAY_CR,
	MSG_NO_COLON,
	MSG_BAD_FIELD_NAME,
	MSG_CONTINUATION_FIRST,
	MSG_EMPTY_VALUE,
	MSG_NO_HEADER,
	/* fields */
	MSG_UNKNOWN_FIELD,
	MSG_UNKNOWN_FIELD_HINT,
	MSG_FIELD_NOT_FOR_KIND,
	MSG_FIELD_REPEATED,
	MSG_FIELD_MISSING,
	MSG_BAD_TYPE,
	MSG_BAD_TIME_SYNTAX,
	MSG_BAD_TIME_RANGE,
	MSG_TIME_NEEDS_ZONE,
	MSG_BAD_ZONE,
	MSG_BAD_ZONE_HINT,
	MSG_TIME_IN_GAP,
	MSG_TIME_AMBIGUOUS,
	MSG_BAD_DURATION,
	MSG_ENDS_AND_DURATION,
	MSG_NO_END,
	MSG_ENDS_WITHOUT_STARTS,
	MSG_ENDS_BEFORE_STARTS,
	MSG_TIME_BEYOND_YEARS,
	MSG_END_BEYOND_YEARS,
	MSG_UPDATED_BEFORE_PUBLISHED,
	MSG_EXPIRES_BEFORE_PUBLISHED,
	MSG_BAD_PERSON,
	MSG_BAD_EMAIL,
	MSG_BAD_URL,
	MSG_URL_PASSWORD,
	MSG_BAD_IDN,
	MSG_BAD_TAG_URI,
	MSG_BAD_ID,
	MSG_BAD_BOOLEAN,
	MSG_BAD_LIMIT,
	MSG_BAD_LANGUAGE,
	MSG_UNSAFE_HTML,
	MSG_BODY_TOO_DEEP,
	MSG_BODY_BAD_REFERENCE,
	MSG_BODY_TOO_MUCH_MARKUP,
	MSG_BODY_TOO_MUCH_HTML,
	MSG_TEXT_LOOKS_LIKE_HTML,
	MSG_BAD_OUTPUT,
	MSG_BAD_OUTPUT_HINT,
	MSG_BAD_FACET,
	MSG_BAD_FACET_HINT,
	MSG_BAD_DAYS,
	MSG_BAD_STATUS,
	MSG_STATUS_WITHOUT_UPDATED,
	MSG_MEDIA_BAD_URL,
	MSG_MEDIA_NO_TYPE,
	MSG_MEDIA_BAD_TYPE,
	MSG_MEDIA_NO_LENGTH,
	MSG_MEDIA_BAD_LENGTH,
	MSG_MEDIA_BAD_LANGUAGE,
	MSG_MEDIA_EXTRA,
	/* import-schedule */
	MSG_XML_ERROR,
	MSG_XML_WARNING,
	MSG_XML_ENTITIES,
	MSG_NOT_A_SCHEDULE,
	MSG_NOT_PENTABARF,
	MSG_SCHEDULE_NO_ZONE,
	MSG_BAD_REGEX,
	MSG_FILTER_NO_MATCH,
	MSG_FILTER_NO_MATCH_HINT,
	MSG_FILTERS_NO_MATCH,
	MSG_EVENT_SKIPPED,
	MSG_IMPORT_REFUSED,
	MSG_EVENT_DUPLICATE,
	MSG_EVENT_LOCAL_TIME,
	MSG_EVENT_DEFAULT_DURATION,
	MSG_SCHEDULE_ID_TWICE,
	MSG_JSON_ERROR,
	MSG_NOT_A_JSON_SCHEDULE,
	/* across records */
	MSG_DUPLICATE_ID,
	MSG_NO_SUCH_ANNOUNCEMENT,
	MSG_NO_SUCH_ANNOUNCEMENT_HINT,
	MSG_NOT_AN_ANNOUNCEMENT,
	MSG_NO_FEED_CONF,
	MSG_NOT_A_DIRECTORY,
	MSG_TALK_OUTSIDE_EVENT,
	MSG_ROOM_CLASH,
	MSG_NO_RECORDS,
	MSG_NOTHING_PUBLISHED,
	MSG_NOT_MD_NAME,
	MSG_TEXT_NOT_RECORD,
	/* output */
	MSG_WRITE_FAILED,
	MSG_SELF_CHECK,
	/* publishing */
	MSG_BAD_UPLOAD_URL,
	MSG_UPLOAD_PASSWORD,
	MSG_NO_UPLOAD_TARGET,
	MSG_UPLOAD_BAD_TARGET,
	MSG_UPLOAD_FAILED,
	MSG_PUBLISH_STATE,
	MSG_HUB_FAILED,
	MSG_LIBRARY_MISSING,
	/* one run at a time */
	MSG_LOCK_BUSY,
	MSG_LOCK_FAILED,
	MSG_SAME_OUTPUT_DIR,
	/* new sources */
	MSG_NEW_NOT_EMPTY,
	MSG_NEW_BAD_VALUE,
	MSG__COUNT
};

/*
 * Appends one finding.  FILE is copied.  The arguments fill the message's
 * format in the table.
 */
void crier_diag(struct crier_diags *diags, const char *file, unsigned line,
                unsigned column, enum crier_msg msg, ...);

/* Appends a copy of every finding in SRC to DIAGS. */
/*
 * Adds a finding that an earlier run gave, as it was: a build that finds
 * nothing changed repeats the warnings of the build before it.
 */
void crier_diag_again(struct crier_diags *diags, const struct crier_diag *d);

void crier_diags_append(struct crier_diags *diags,
                        const struct crier_diags *src);

/* The severity a message kind has. */
enum crier_severity crier_msg_severity(enum crier_msg msg);

#endif /* CRIER_DIAG_H */
