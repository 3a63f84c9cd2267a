#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"

/*
 * The code of each message kind: its name in diag.h, lower case, '-' for
 * '_' (MSG_BAD_UTF8: "bad-utf8").  Generated from diag.h by the Makefile,
 * so that a new kind cannot be added without one.
 */
extern const char *const crier_msg_codes[MSG__COUNT];

#define W CRIER_WARNING
#define E CRIER_ERROR

static const struct {
	enum crier_severity severity;
	const char *format;
} messages[MSG__COUNT] = {
	[MSG_FILE_UNREADABLE] = {E, "cannot read: %s"},
	[MSG_FILE_TOO_BIG] = {E, "file is larger than the limit of %u MiB"},
	[MSG_NOT_A_FILE] = {E, "not a regular file but %s"},
	[MSG_LINK_BROKEN] = {E, "symbolic link leads nowhere: %s"},
	[MSG_LINK_OUTSIDE] = {E, "symbolic link leads out of the source, "
	                         "to %s"},
	[MSG_LINK_TO_DIRECTORY] = {W, "symbolic link to a directory is not "
	                              "followed"},
	[MSG_BAD_UTF8] = {E, "invalid UTF-8 (byte 0x%02X)"},
	[MSG_NUL_BYTE] = {E, "NUL character is not allowed"},
	[MSG_CONTROL_CHAR] = {E, "control character U+%04X is not allowed"},
	[MSG_NONCHARACTER] = {E, "noncharacter U+%04X is not allowed"},
	[MSG_REPLACEMENT_CHAR] = {E, "replacement character U+%04X is not "
	                          "allowed: the text was damaged by a wrong "
	                          "encoding"},
	[MSG_TOO_MANY_ENCODING_ERRORS] = {E, "too many encoding errors; "
	                                      "the rest of the file is not checked"},
	[MSG_STRAY_CR] = {E, "carriage return not followed by a line feed"},
	[MSG_NO_COLON] = {E, "expected 'Field: value', or a blank line "
	                     "before the body"},
	[MSG_BAD_FIELD_NAME] = {E, "field name '%s' may only contain letters, "
	                           "digits and '-'"},
	[MSG_CONTINUATION_FIRST] = {E, "indented continuation line with no "
	                               "field before it"},
	[MSG_EMPTY_VALUE] = {E, "field '%s' is empty"},
	[MSG_NO_HEADER] = {E, "no header: a record starts with "
	                      "'Field: value' lines"},
	[MSG_UNKNOWN_FIELD] = {E, "unknown field '%s'"},
	[MSG_UNKNOWN_FIELD_HINT] = {E, "unknown field '%s'; did you mean '%s'?"},
	[MSG_FIELD_NOT_FOR_KIND] = {E, "field '%s' does not belong in %s"},
	[MSG_FIELD_REPEATED] = {E, "field '%s' given twice (first on line %u)"},
	[MSG_FIELD_MISSING] = {E, "required field '%s' is missing"},
	[MSG_BAD_TYPE] = {E, "unknown record type '%s'; expected "
	                     "'announcement' or 'talk'"},
	[MSG_BAD_TIME_SYNTAX] = {E, "'%s' is not a time: expected RFC 3339 "
	                            "(2017-02-04T11:30:00+01:00) or local "
	                            "'YYYY-MM-DD HH:MM'"},
	[MSG_BAD_TIME_RANGE] = {E, "'%s' is not a valid date and time"},
	[MSG_TIME_NEEDS_ZONE] = {E, "local time '%s' needs a Timezone, in "
	                            "the record or in feed.conf"},
	[MSG_BAD_ZONE] = {E, "unknown time zone '%s'"},
	[MSG_BAD_ZONE_HINT] = {E, "unknown time zone '%s'; did you mean "
	                          "'%s'?"},
	[MSG_TIME_IN_GAP] = {E, "local time '%s' does not exist in %s "
	                        "(skipped when daylight saving time starts)"},
	[MSG_TIME_AMBIGUOUS] = {E, "local time '%s' happens twice in %s "
	                           "(daylight saving time ends); write it "
	                           "with its offset"},
	[MSG_BAD_DURATION] = {E, "'%s' is not a duration: expected e.g. "
	                         "25m, 1h30m or PT1H30M"},
	[MSG_ENDS_AND_DURATION] = {E, "give Ends or Duration, not both"},
	[MSG_NO_END] = {E, "a talk needs Ends or Duration"},
	[MSG_ENDS_WITHOUT_STARTS] = {E, "%s without Starts"},
	[MSG_ENDS_BEFORE_STARTS] = {E, "ends (%s) no later than it starts (%s)"},
	[MSG_TIME_BEYOND_YEARS] = {E, "'%s' falls outside the years 0001 to "
	                              "9999, in UTC or in its own offset"},
	[MSG_END_BEYOND_YEARS] = {E, "Duration '%s' ends the event after the "
	                             "year 9999"},
	[MSG_UPDATED_BEFORE_PUBLISHED] = {E, "Updated (%s) is before "
	                                     "Published (%s)"},
	[MSG_EXPIRES_BEFORE_PUBLISHED] = {E, "Expires (%s) is not after "
	                                     "Published (%s)"},
	[MSG_BAD_PERSON] = {E, "'%s' is not a person: expected 'Name' or "
	                       "'Name <email>'"},
	[MSG_BAD_EMAIL] = {E, "'%s' is not an e-mail address"},
	[MSG_BAD_URL] = {E, "'%s' is not an absolute http or https URL"},
	[MSG_URL_PASSWORD] = {E, "a password does not belong in the %s URL: "
	                         "it would be published"},
	[MSG_BAD_IDN] = {E, "'%s' has a host name that is not a valid "
	                    "internationalised domain name"},
	[MSG_BAD_TAG_URI] = {E, "'%s' is not a tag URI like "
	                        "tag:example.org,2017:news (RFC 4151)"},
	[MSG_BAD_ID] = {E, "id '%s' may only contain ASCII letters, digits, "
	                   "'-', '_', '.' and '/'"},
	[MSG_BAD_BOOLEAN] = {E, "'%s' is neither yes nor no"},
	[MSG_BAD_LIMIT] = {E, "'%s' is not a whole number from 1 up"},
	[MSG_BAD_LANGUAGE] = {E, "'%s' is not a language tag like en or "
	                         "en-GB"},
	[MSG_UNSAFE_HTML] = {E, "%s is not allowed in a feed, even with "
	                        "Allow-HTML: readers strip it or reject the "
	                        "feed"},
	[MSG_BODY_TOO_DEEP] = {E, "the body nests more than %u levels deep "
	                          "(quotes, lists, emphasis, links)"},
	[MSG_BODY_BAD_REFERENCE] = {E, "a character reference in the body "
	                               "makes U+%04X, which no feed may "
	                               "carry"},
	[MSG_BODY_TOO_MUCH_MARKUP] = {E, "the body has more than %u lines and "
	                                 "Markdown markup characters"},
	[MSG_BODY_TOO_MUCH_HTML] = {E, "the body would make more than %u MiB "
	                               "of HTML"},
	[MSG_TEXT_LOOKS_LIKE_HTML] = {W, "%s holds the HTML end tag '%s', "
	                                 "which RSS readers and feed "
	                                 "validators take for markup"},
	[MSG_BAD_OUTPUT] = {E, "unknown output '%s'; expected some of atom, "
	                       "rss, json, ics and html"},
	[MSG_BAD_OUTPUT_HINT] = {E, "unknown output '%s'; did you mean "
	                            "'%s'?"},
	[MSG_BAD_DAYS] = {E, "'%s' is not a whole number of days from 0 to "
	                     "36500"},
	[MSG_BAD_FACET] = {E, "unknown facet '%s'; expected some of track, "
	                      "room, speaker and category"},
	[MSG_BAD_FACET_HINT] = {E, "unknown facet '%s'; did you mean '%s'?"},
	[MSG_BAD_STATUS] = {E, "unknown status '%s'; expected confirmed, "
	                       "moved or cancelled"},
	[MSG_STATUS_WITHOUT_UPDATED] = {E, "Status: %s needs Updated, the time "
	                                   "of the change, so that readers and "
	                                   "calendars see it"},
	[MSG_MEDIA_BAD_URL] = {E, "'%s' is not an absolute http or https "
	                         "URL; media are URL TYPE LENGTH"},
	[MSG_MEDIA_NO_TYPE] = {E, "the media type is missing: media are URL "
	                         "TYPE LENGTH, such as "
	                         "https://example.org/talk.webm video/webm "
	                         "104857600"},
	[MSG_MEDIA_BAD_TYPE] = {E, "'%s' is not a media type such as "
	                          "video/webm or application/pdf"},
	[MSG_MEDIA_NO_LENGTH] = {E, "the length in bytes is missing after the "
	                           "media type (0 when it is not known)"},
	[MSG_MEDIA_BAD_LENGTH] = {E, "'%s' is not a length in bytes"},
	[MSG_MEDIA_BAD_LANGUAGE] = {E, "'%s' is not lang= and a language tag "
	                              "like en or en-GB"},
	[MSG_MEDIA_EXTRA] = {E, "'%s' is neither a \"title\" nor lang=TAG, "
	                       "which are all that may follow the length"},
	[MSG_XML_ERROR] = {E, "malformed XML: %s"},
	[MSG_XML_WARNING] = {W, "XML: %s"},
	[MSG_XML_ENTITIES] = {E, "the schedule declares entities; crier "
	                         "never expands them and refuses the file"},
	[MSG_NOT_A_SCHEDULE] = {E, "not a schedule: the root element is "
	                           "<%s>, not the <schedule> of Pentabarf, "
	                           "frab or pretalx"},
	[MSG_NOT_PENTABARF] = {E, "not a Pentabarf, frab or pretalx "
	                          "schedule: %s"},
	[MSG_SCHEDULE_NO_ZONE] = {E, "times without a UTC offset, and the "
	                             "schedule names no time zone: give one "
	                             "with --timezone ZONE, such as "
	                             "--timezone Europe/Brussels"},
	[MSG_BAD_REGEX] = {E, "'%s' is not a regular expression: %s"},
	[MSG_FILTER_NO_MATCH] = {E, "'%s' matches no event of the schedule"},
	[MSG_FILTER_NO_MATCH_HINT] = {E, "'%s' matches no event of the "
	                                 "schedule; did you mean '%s'?"},
	[MSG_FILTERS_NO_MATCH] = {E, "no event matches all the filters "
	                             "given"},
	[MSG_IMPORT_REFUSED] = {E, "event %s is not imported: check would "
	                           "refuse its record: %s"},
	[MSG_EVENT_SKIPPED] = {W, "event %s skipped: %s"},
	[MSG_EVENT_DUPLICATE] = {W, "event %s is listed again (first on line "
	                            "%u); the first listing is imported"},
	[MSG_EVENT_LOCAL_TIME] = {W, "event %s: local time %s %s in %s; "
	                             "taken as %s"},
	[MSG_EVENT_DEFAULT_DURATION] = {W, "event %s has no duration; it "
	                                   "gets the schedule's time slot, "
	                                   "%s"},
	[MSG_SCHEDULE_ID_TWICE] = {E, "Schedule-Id '%s' is also used by "
	                              "%s:%u"},
	[MSG_JSON_ERROR] = {E, "malformed JSON: %s"},
	[MSG_NOT_A_JSON_SCHEDULE] = {E, "not a schedule: a schedule.json "
	                               "holds schedule.conference.days, each "
	                               "day's rooms with their events"},
	[MSG_DUPLICATE_ID] = {E, "id '%s' is also used by %s:%u"},
	[MSG_NO_SUCH_ANNOUNCEMENT] = {E, "no announcement has the id '%s'"},
	[MSG_NO_SUCH_ANNOUNCEMENT_HINT] = {E, "no announcement has the id "
	                                      "'%s'; did you mean '%s'?"},
	[MSG_NOT_AN_ANNOUNCEMENT] = {E, "'%s' is a talk, not an announcement"},
	[MSG_NO_FEED_CONF] = {E, "missing: every feed source needs a "
	                         "feed.conf"},
	[MSG_NOT_A_DIRECTORY] = {E, "not a feed source directory: %s"},
	[MSG_TALK_OUTSIDE_EVENT] = {W, "talk at %s is outside its "
	                               "announcement's event (%s to %s)"},
	[MSG_ROOM_CLASH] = {W, "talk overlaps '%s' (%s:%u) in room '%s'"},
	[MSG_NO_RECORDS] = {W, "no *.md records in this feed source"},
	[MSG_NOTHING_PUBLISHED] = {W, "nothing is published yet: every "
	                              "record is held back; the first goes "
	                              "live at %s"},
	[MSG_NOT_MD_NAME] = {E, "a record's name must end in .md (lower "
	                        "case): rename the file, or move it out of "
	                        "the source"},
	[MSG_TEXT_NOT_RECORD] = {W, "not read: records are *.md files; "
	                            "rename it if it is one"},
	[MSG_WRITE_FAILED] = {E, "cannot write: %s"},
	[MSG_SELF_CHECK] = {E, "internal error, please report: %s"},
	[MSG_BAD_UPLOAD_URL] = {E, "'%s' is not an upload URL: expected a "
	                         "file, http, https, ftp, ftps, sftp or s3 "
	                         "URL"},
	[MSG_UPLOAD_PASSWORD] = {E, "a password does not belong in the Upload "
	                          "URL: put it in ~/.netrc, or in the file "
	                          "named by --netrc or CRIER_NETRC"},
	[MSG_NO_UPLOAD_TARGET] = {E, "nowhere to publish: feed.conf has no "
	                           "Upload URL and no --to was given"},
	[MSG_UPLOAD_BAD_TARGET] = {E, "cannot publish here: %s"},
	[MSG_UPLOAD_FAILED] = {E, "upload to %s failed: %s"},
	[MSG_PUBLISH_STATE] = {W, "publish state ignored (%s): every output "
	                        "will be sent again"},
	[MSG_HUB_FAILED] = {W, "WebSub hub %s was not told about %s: %s; "
	                       "the next publish tells it"},
	[MSG_LIBRARY_MISSING] = {E, "cannot load %s: %s"},
	[MSG_LOCK_BUSY] = {E, "skipped: another crier run (%s) holds %s%s"},
	[MSG_LOCK_FAILED] = {E, "cannot lock %s: %s"},
	[MSG_SAME_OUTPUT_DIR] = {E, "its outputs would go to %s, where those "
	                            "of %s go; sources in one run need "
	                            "different directory names"},
	[MSG_NEW_NOT_EMPTY] = {E, "exists and is not an empty directory: "
	                          "crier new never overwrites anything"},
	[MSG_NEW_BAD_VALUE] = {E, "the %s given is empty or holds a line "
	                          "break"},
};

#undef W
#undef E

struct crier_diags {
	struct crier_diag *items;
	size_t count, capacity, errors;
	struct crier_arena *strings;
};

struct crier_diags *
crier_diags_new(void)
{
	struct crier_diags *d = crier_xcalloc(1, sizeof(*d));

	d->strings = crier_arena_new();
	return d;
}

void
crier_diags_free(struct crier_diags *diags)
{
	if (diags == NULL)
		return;
	crier_arena_free(diags->strings);
	free(diags->items);
	free(diags);
}

size_t
crier_diags_count(const struct crier_diags *diags)
{
	return diags->count;
}

size_t
crier_diags_error_count(const struct crier_diags *diags)
{
	return diags->errors;
}

const struct crier_diag *
crier_diags_get(const struct crier_diags *diags, size_t i)
{
	return i < diags->count ? &diags->items[i] : NULL;
}

enum crier_severity
crier_msg_severity(enum crier_msg msg)
{
	return messages[msg].severity;
}

void
crier_diag(struct crier_diags *diags, const char *file, unsigned line,
           unsigned column, enum crier_msg msg, ...)
{
	struct crier_diag *d;
	char text[1024];
	va_list ap;

	va_start(ap, msg);
	vsnprintf(text, sizeof(text), messages[msg].format, ap);
	va_end(ap);

	diags->items = crier_xgrow(diags->items, &diags->capacity,
	                           diags->count + 1, sizeof(*diags->items));
	d = &diags->items[diags->count++];
	d->file = crier_arena_strdup(diags->strings, file);
	d->line = line;
	d->column = column;
	d->severity = messages[msg].severity;
	d->code = crier_msg_codes[msg];
	d->message = crier_arena_strdup(diags->strings, text);
	if (d->severity == CRIER_ERROR)
		diags->errors++;
}

void
crier_diag_again(struct crier_diags *diags, const struct crier_diag *d)
{
	struct crier_diag *to;

	diags->items = crier_xgrow(diags->items, &diags->capacity,
	                           diags->count + 1, sizeof(*diags->items));
	to = &diags->items[diags->count++];
	*to = *d;
	to->file = d->file != NULL ? crier_arena_strdup(diags->strings,
	                                                d->file) : NULL;
	to->message = crier_arena_strdup(diags->strings, d->message);
	if (to->severity == CRIER_ERROR)
		diags->errors++;
}

void
crier_diags_append(struct crier_diags *diags, const struct crier_diags *src)
{
	const struct crier_diag *from;
	struct crier_diag *to;
	size_t i;

	for (i = 0; i < src->count; i++) {
		from = &src->items[i];
		diags->items = crier_xgrow(diags->items, &diags->capacity,
		                           diags->count + 1,
		                           sizeof(*diags->items));
		to = &diags->items[diags->count++];
		*to = *from;
		to->file = crier_arena_strdup(diags->strings, from->file);
		to->message = crier_arena_strdup(diags->strings, from->message);
		if (to->severity == CRIER_ERROR)
			diags->errors++;
	}
}

/*
 * A stable merge sort: findings at the same position keep the order in
 * which the stages reported them (qsort is not stable).
 */
static int
diag_before(const struct crier_diag *a, const struct crier_diag *b)
{
	int c = strcmp(a->file, b->file);

	if (c != 0)
		return c < 0;
	if (a->line != b->line)
		return a->line < b->line;
	return a->column < b->column;
}

static void
merge_sort(struct crier_diag *v, struct crier_diag *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid);
	merge_sort(v + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[k++] = diag_before(&v[j], &v[i]) ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void
crier_diags_sort(struct crier_diags *diags)
{
	struct crier_diag *tmp;

	tmp = crier_xmalloc(diags->count * sizeof(*tmp) + 1);
	merge_sort(diags->items, tmp, diags->count);
	free(tmp);
}

size_t
crier_diag_format(const struct crier_diag *diag, char *buf, size_t size)
{
	const char *severity = diag->severity == CRIER_ERROR ? "error" :
	                       "warning";
	char where[64] = "";
	int n;

	if (diag->line != 0 && diag->column != 0)
		snprintf(where, sizeof(where), ":%u:%u", diag->line,
		         diag->column);
	else if (diag->line != 0)
		snprintf(where, sizeof(where), ":%u", diag->line);
	n = snprintf(buf, size, "%s%s: %s: %s", diag->file, where, severity,
	             diag->message);
	return n < 0 ? 0 : (size_t)n;
}
