/*
 * importrec.c - an event as a talk record: the text of a new record, or
 * the update of one already in the source.
 *
 * The importer owns some of a record's fields (OWNED below); everything
 * else in the file, comments included, belongs to the person editing it
 * and is copied through untouched.  A record whose owned fields already
 * read as the event's is left alone, byte for byte; otherwise its owned
 * fields are rewritten in place and it gets an Updated stamp.  The body
 * is rewritten only when the text the schedule gives changes:
 * Schedule-Abstract holds a digest of the body as last imported, so a
 * body the person edited survives until the schedule's text moves on.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "import.h"
#include "record.h"

/* Fields the importer writes, in the order a new record has them. */
enum owned {
	O_TYPE, O_TITLE, O_STARTS, O_ENDS, O_ROOM, O_TRACK, O_SPEAKER, O_LINK,
	O_SLIDES, O_VIDEO, O_ATTACHMENT, O_RECORDING,
	O_ANNOUNCEMENT, O_UPDATED, O_STATUS, O_PREVIOUS_STARTS,
	O_PREVIOUS_ROOM, O_SCHEDULE_ID, O_SCHEDULE_ABSTRACT, O_SCHEDULE_GONE,
	O_COUNT
};

static const char *const owned_names[O_COUNT] = {
	"Type", "Title", "Starts", "Ends", "Room", "Track", "Speaker", "Link",
	"Slides", "Video", "Attachment", "Recording",
	"Announcement", "Updated", "Status", "Previous-Starts",
	"Previous-Room", "Schedule-Id", "Schedule-Abstract", "Schedule-Gone"
};

/*
 * Fields the import decides only when the event moves, leaves or comes
 * back; otherwise they keep what the record says, hand edits included.
 */
#define IS_STATUS_FIELD(o) ((o) == O_STATUS || (o) == O_PREVIOUS_STARTS || \
	(o) == O_PREVIOUS_ROOM || (o) == O_SCHEDULE_GONE)

static const char new_record_comment[] =
	"# Imported by crier import-schedule; the next import rewrites Type, Title,\n"
	"# Starts, Ends, Room, Track, Speaker, Link, Attachment, its Slides and Video,\n"
	"# Recording: no, Announcement (if given), the Schedule- fields and Updated,\n"
	"# Status when it moves or leaves, the body when its text changes.  Rest: yours.\n";

struct field_value {
	enum owned name;
	const char *value;
};

/* What composing one record needs; strings live in ARENA. */
struct composer {
	const struct crier_sched_event *event;   /* NULL when cancelling */
	const char *announcement;
	struct crier_time stamp;
	struct crier_arena *arena;
};

const struct crier_field *
crier_record_find(const struct crier_record *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->field_count; i++)
		if (strcasecmp(rec->fields[i].name, name) == 0)
			return &rec->fields[i];
	return NULL;
}

/* 64-bit FNV-1a: a change detector, not a defence against forgery. */
static const char *
body_digest(struct composer *c, const char *body)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *body != '\0'; body++)
		h = (h ^ (unsigned char)*body) * 0x100000001b3u;
	return crier_arena_printf(c->arena, "%016llx",
	                          (unsigned long long)h);
}

static const char *
time_text(struct composer *c, struct crier_time t)
{
	char buf[CRIER_RFC3339_SIZE];

	crier_time_rfc3339(t, buf);
	return crier_arena_strdup(c->arena, buf);
}

static enum owned
media_field(enum crier_sched_media kind)
{
	return kind == CRIER_SCHED_SLIDES ? O_SLIDES : kind == CRIER_SCHED_VIDEO
	    ? O_VIDEO : O_ATTACHMENT;
}

/*
 * Whether the Slides or Video VALUE (field O) is one the schedule gives
 * the event being imported: the same URL as one of its media of that
 * kind.  Others were added by hand, and are the editor's.
 */
static int
is_scheduled_media(struct composer *c, enum owned o, const char *value)
{
	const struct crier_sched_event *e = c->event;
	size_t i, n = strcspn(value, " \t\r\n");

	for (i = 0; e != NULL && i < e->attachment_count; i++)
		if (media_field(e->attachment_kinds[i]) == o &&
		    strncmp(e->attachments[i], value, n) == 0 &&
		    e->attachments[i][n] == ' ')
			return 1;
	return 0;
}

/* The owned fields EVENT gives, in order; returns how many. */
static size_t
wanted_fields(struct composer *c, const struct crier_sched_event *e,
              struct field_value *v)
{
	size_t n = 0, i;
	enum owned o;

	v[n++] = (struct field_value){O_TYPE, "talk"};
	v[n++] = (struct field_value){O_TITLE, e->title};
	v[n++] = (struct field_value){O_STARTS, time_text(c, e->starts)};
	v[n++] = (struct field_value){O_ENDS, time_text(c, e->ends)};
	if (e->room != NULL)
		v[n++] = (struct field_value){O_ROOM, e->room};
	if (e->track != NULL)
		v[n++] = (struct field_value){O_TRACK, e->track};
	for (i = 0; i < e->speaker_count; i++)
		v[n++] = (struct field_value){O_SPEAKER, e->speakers[i]};
	if (e->url != NULL)
		v[n++] = (struct field_value){O_LINK, e->url};
	/* Slides, then Video, then Attachment, each in schedule order. */
	for (o = O_SLIDES; o <= O_ATTACHMENT; o++)
		for (i = 0; i < e->attachment_count; i++)
			if (media_field(e->attachment_kinds[i]) == o)
				v[n++] = (struct field_value){o, e->attachments[i]};
	if (e->is_recording_optout)
		v[n++] = (struct field_value){O_RECORDING, "no"};
	if (c->announcement != NULL)
		v[n++] = (struct field_value){O_ANNOUNCEMENT,
		                              c->announcement};
	v[n++] = (struct field_value){O_SCHEDULE_ID, e->key};
	v[n++] = (struct field_value){O_SCHEDULE_ABSTRACT,
	                              body_digest(c, e->body)};
	return n;
}

/*
 * Which owned field NAME is, or -1; Announcement only when given, and
 * Recording only as the opt-out (VALUE "no"), Slides and Video only as
 * the schedule gives them: recordings, slides and videos added by hand
 * are the editor's.
 */
static int
owned_index(struct composer *c, const char *name, size_t len,
            const char *value)
{
	int i;

	for (i = 0; i < O_COUNT; i++)
		if (strlen(owned_names[i]) == len &&
		    strncasecmp(owned_names[i], name, len) == 0)
			break;
	if (i == O_COUNT || (i == O_ANNOUNCEMENT && c->announcement == NULL))
		return -1;
	value += strspn(value, " \t");
	if (i == O_RECORDING && !(strncasecmp(value, "no", 2) == 0 &&
	    strspn(value + 2, " \t\r\n") == strlen(value + 2)))
		return -1;
	if ((i == O_SLIDES || i == O_VIDEO) && !is_scheduled_media(c, i, value))
		return -1;
	return i;
}

/*
 * Whether REC's owned fields (Updated aside) read as WANT: for each owned
 * name, the same values in the same order.  Each field is classified
 * once; a record has a dozen fields and this runs for every event of a
 * re-import.
 */
static int
is_unchanged(struct composer *c, const struct crier_record *rec,
             const struct field_value *want, size_t n)
{
	int *owned = crier_xmalloc((rec->field_count + 1) * sizeof(*owned));
	size_t i, a, b;
	int o, same = 1;

	for (i = 0; i < rec->field_count; i++)
		owned[i] = owned_index(c, rec->fields[i].name,
		                       strlen(rec->fields[i].name),
		                       rec->fields[i].value);
	for (o = 0; o < O_COUNT && same; o++) {
		if (o == O_UPDATED)
			continue;
		for (a = 0, b = 0;; a++, b++) {
			while (a < rec->field_count && owned[a] != o)
				a++;
			while (b < n && want[b].name != (enum owned)o)
				b++;
			if (a == rec->field_count || b == n)
				break;
			if (o == O_TYPE ? strcasecmp(rec->fields[a].value,
			    want[b].value) != 0 : strcmp(rec->fields[a].value,
			    want[b].value) != 0)
				break;
		}
		same = a == rec->field_count && b == n;
	}
	free(owned);
	return same;
}

static void
add_fields(struct crier_buf *out, const struct field_value *v, size_t n,
           enum owned only, const char *eol)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (only == O_COUNT || v[i].name == only)
			crier_buf_printf(out, "%s: %s%s", owned_names[v[i].name],
			                 v[i].value, eol);
}

static void
compose_new(struct composer *c, const struct crier_sched_event *e,
            const struct field_value *v, size_t n, struct crier_buf *out)
{
	size_t i;

	crier_buf_puts(out, new_record_comment);
	for (i = 0; i < n; i++) {
		if (v[i].name == O_SCHEDULE_ID && c->announcement == NULL)
			crier_buf_printf(out, "Published: %s\n",
			                 time_text(c, c->stamp));
		add_fields(out, &v[i], 1, O_COUNT, "\n");
	}
	if (*e->body != '\0')
		crier_buf_printf(out, "\n%s", e->body);
}

/* Owned fields a record lacks go before the next owned field it has. */
struct insertion {
	size_t at;
	enum owned name;
};

static int
compare_insertions(const void *a, const void *b)
{
	const struct insertion *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	return (int)y->name - (int)x->name;
}

static void
insert_missing(struct crier_buf *out, const size_t *start, size_t end,
               const char *done, const struct field_value *v, size_t n,
               const char *eol)
{
	struct insertion ins[O_COUNT];
	struct crier_buf text = {0};
	size_t count = 0, i, old_len;
	int o, next;

	for (o = 0; o < O_COUNT; o++) {
		if (done[o])
			continue;
		for (next = o + 1; next < O_COUNT && !done[next]; next++)
			;
		ins[count++] = (struct insertion){next < O_COUNT ? start[next]
		    : end, (enum owned)o};
	}
	/* From the end backwards, so each position is still right. */
	qsort(ins, count, sizeof(*ins), compare_insertions);
	for (i = 0; i < count; i++) {
		text.len = 0;
		add_fields(&text, v, n, ins[i].name, eol);
		if (text.len == 0)
			continue;
		old_len = out->len;
		crier_buf_add(out, text.data, text.len);
		memmove(out->data + ins[i].at + text.len, out->data + ins[i].at,
		        old_len - ins[i].at);
		memcpy(out->data + ins[i].at, text.data, text.len);
	}
	crier_buf_free(&text);
}

/*
 * TEXT (LEN bytes) with the owned fields replaced by V: each where the field
 * first was, one the record lacks before the next owned field it has.
 * Everything else is copied as it was; the body too, if KEEP_BODY.
 */
static void
compose_update(struct composer *c, const char *text, size_t len,
               const struct field_value *v, size_t n, int keep_body,
               const char *body, struct crier_buf *out)
{
	const char *p = text, *end = text + len, *nl, *colon;
	const char *eol = memchr(p, '\n', len) != NULL &&
	    ((const char *)memchr(p, '\n', len))[-1] == '\r' ? "\r\n" : "\n";
	size_t start[O_COUNT], last_end = (size_t)-1, line_len;
	char done[O_COUNT] = {0};
	int o, skipping = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		crier_buf_add(out, p, 3);
		p += 3;
	}
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line_len = (size_t)(nl - p) + (nl < end);
		if (*p == '\n' || (*p == '\r' && p[1] == '\n'))
			break;                       /* the header's end */
		if (*p == '#' || ((*p == ' ' || *p == '\t') && !skipping)) {
			crier_buf_add(out, p, line_len);
			continue;
		}
		if (*p == ' ' || *p == '\t')
			continue;
		colon = memchr(p, ':', (size_t)(nl - p));
		o = colon != NULL ? owned_index(c, p, (size_t)(colon - p),
		    crier_arena_strndup(c->arena, colon + 1,
		                        (size_t)(nl - colon - 1))) : -1;
		skipping = o >= 0;
		if (!skipping) {
			crier_buf_add(out, p, line_len);
		} else if (!done[o]) {
			done[o] = 1;
			start[o] = out->len;
			add_fields(out, v, n, (enum owned)o, eol);
			last_end = out->len;
		}
	}
	insert_missing(out, start, last_end != (size_t)-1 ? last_end
	               : out->len, done, v, n, eol);
	if (keep_body)
		crier_buf_add(out, p, (size_t)(end - p));
	else if (*body != '\0')
		crier_buf_printf(out, "%s%s", eol, body);
}

/* Updated for a changed record: the stamp, never before its Published. */
static const char *
updated_value(struct composer *c, const struct crier_record *rec)
{
	const struct crier_field *pub = crier_record_find(rec, "Published");
	const struct crier_field *zone = crier_record_find(rec, "Timezone");
	struct crier_time t = c->stamp, published;

	if (pub != NULL && crier_time_parse(pub->value, strlen(pub->value),
	    zone != NULL ? zone->value : NULL, &published, NULL) == 0 &&
	    published.epoch_s > t.epoch_s)
		t = published;
	return time_text(c, t);
}

/* Puts V's N values in owned order, keeping each name's own order. */
static void
sort_fields(struct field_value *v, size_t n)
{
	struct field_value t;
	size_t i, k;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (k = i; k > 0 && v[k - 1].name > t.name; k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
}

/* Appends REC's fields of the status kind to V; returns the new count. */
static size_t
keep_status_fields(struct composer *c, const struct crier_record *rec,
                   struct field_value *v, size_t n, int with_gone)
{
	size_t i;
	int o;

	for (i = 0; i < rec->field_count; i++) {
		o = owned_index(c, rec->fields[i].name,
		                strlen(rec->fields[i].name),
		                rec->fields[i].value);
		if (o >= 0 && IS_STATUS_FIELD(o) &&
		    (with_gone || o != O_SCHEDULE_GONE))
			v[n++] = (struct field_value){(enum owned)o,
			                              rec->fields[i].value};
	}
	return n;
}

/* Removes the fields named NAME from V; returns the new count. */
static size_t
drop_fields(struct field_value *v, size_t n, enum owned name)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (v[i].name != name)
			v[k++] = v[i];
	return k;
}

static const char *
value_in(const struct crier_record *rec, const char *name)
{
	const struct crier_field *f = crier_record_find(rec, name);

	return f != NULL ? f->value : NULL;
}

/*
 * Whether the record's VALUE is the instant T.  Hand-written local times
 * are read in the record's Timezone; a time that cannot be read differs.
 */
static int
is_same_time(const struct crier_record *rec, const char *value,
             struct crier_time t)
{
	struct crier_time old;

	return value != NULL && crier_time_parse(value, strlen(value),
	    value_in(rec, "Timezone"), &old, NULL) == CRIER_TIME_OK &&
	    old.epoch_s == t.epoch_s;
}

static int
is_same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The status fields of OLD updated for event E, appended to V: a talk
 * whose times or room changed is moved, and keeps where and when it was
 * before; one that was gone and is back is confirmed again (or still
 * moved from its first place).  A talk a person cancelled stays so.
 * Sets *HOW to what happened; returns the new count.
 */
static size_t
status_fields(struct composer *c, const struct crier_sched_event *e,
              const struct crier_record *old, struct field_value *v,
              size_t n, enum crier_import_change *how)
{
	const char *starts = value_in(old, "Starts"), *room = value_in(old,
	    "Room"), *status = value_in(old, "Status");
	int is_back = crier_record_find(old, "Schedule-Gone") != NULL;
	int is_timed = !is_same_time(old, starts, e->starts) ||
	    !is_same_time(old, value_in(old, "Ends"), e->ends);
	int is_moved = is_timed || !is_same_text(room, e->room);
	int is_hand_cancelled = !is_back && status != NULL &&
	    strncasecmp(status, "cancel", 6) == 0;
	size_t first = n;

	n = keep_status_fields(c, old, v, n, 0);
	*how = is_back ? CRIER_IMPORT_RESTORED : CRIER_IMPORT_CHANGED;
	if (is_moved && !is_hand_cancelled) {
		n = drop_fields(v + first, n - first, O_STATUS) + first;
		n = drop_fields(v + first, n - first, O_PREVIOUS_STARTS) + first;
		n = drop_fields(v + first, n - first, O_PREVIOUS_ROOM) + first;
		v[n++] = (struct field_value){O_STATUS, "moved"};
		if (is_timed && starts != NULL)
			v[n++] = (struct field_value){O_PREVIOUS_STARTS, starts};
		if (!is_same_text(room, e->room) && room != NULL)
			v[n++] = (struct field_value){O_PREVIOUS_ROOM, room};
		*how = CRIER_IMPORT_MOVED;
	} else if (is_back) {
		n = drop_fields(v + first, n - first, O_STATUS) + first;
		v[n++] = (struct field_value){O_STATUS,
		    value_in(old, "Previous-Starts") != NULL ||
		    value_in(old, "Previous-Room") != NULL ? "moved" :
		    "confirmed"};
	}
	return n;
}

/* OLD rewritten with V's N owned fields and Updated: the stamp. */
static char *
compose_changed(struct composer *c, const char *old_text, size_t old_len,
                const struct crier_record *old, struct field_value *v,
                size_t n, const char *body, size_t *len_out)
{
	const struct crier_field *digest = crier_record_find(old,
	                                                     "Schedule-Abstract");
	const char *body_digest_now = NULL;
	struct crier_buf text = {0};
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].name == O_SCHEDULE_ABSTRACT)
			body_digest_now = v[i].value;
	v[n++] = (struct field_value){O_UPDATED, updated_value(c, old)};
	sort_fields(v, n);
	compose_update(c, old_text, old_len, v, n, body == NULL ||
	               (digest != NULL && body_digest_now != NULL &&
	               strcmp(digest->value, body_digest_now) == 0),
	               body != NULL ? body : "", &text);
	*len_out = text.len;
	return crier_buf_take(&text);
}

char *
crier_import_compose(const struct crier_sched_event *e,
                     const char *announcement, struct crier_time stamp,
                     const char *old_text, size_t old_len,
                     const struct crier_record *old, size_t *len_out,
                     enum crier_import_change *how)
{
	struct composer c = {e, announcement, stamp, crier_arena_new()};
	struct field_value *v = crier_xmalloc((e->speaker_count + e->attachment_count +
	    O_COUNT +
	    (old != NULL ? old->field_count : 0) + 4) * sizeof(*v));
	size_t n = wanted_fields(&c, e, v);
	struct crier_buf text = {0};
	char *result = NULL;

	*how = CRIER_IMPORT_NEW;
	if (old == NULL) {
		compose_new(&c, e, v, n, &text);
		*len_out = text.len;
		result = crier_buf_take(&text);
	} else {
		n = status_fields(&c, e, old, v, n, how);
		sort_fields(v, n);
		if (is_unchanged(&c, old, v, n))
			*how = CRIER_IMPORT_UNCHANGED;
		else
			result = compose_changed(&c, old_text, old_len, old, v,
			                         n, e->body, len_out);
	}
	free(v);
	crier_arena_free(c.arena);
	return result;
}

/* The owned fields REC has, in the order it has them; returns how many. */
static size_t
record_fields(struct composer *c, const struct crier_record *rec,
              struct field_value *v)
{
	size_t i, n = 0;
	int o;

	for (i = 0; i < rec->field_count; i++) {
		o = owned_index(c, rec->fields[i].name,
		                strlen(rec->fields[i].name),
		                rec->fields[i].value);
		if (o >= 0 && o != O_UPDATED)
			v[n++] = (struct field_value){(enum owned)o,
			                              rec->fields[i].value};
	}
	return n;
}

char *
crier_import_cancel(const char *announcement, struct crier_time stamp,
                    const char *old_text, size_t old_len,
                    const struct crier_record *old, size_t *len_out)
{
	struct composer c = {NULL, announcement, stamp, crier_arena_new()};
	struct field_value *v = crier_xmalloc((old->field_count + 4) *
	                                      sizeof(*v));
	const char *status = value_in(old, "Status");
	char *result = NULL;
	size_t n;

	/* Gone already, or cancelled by hand: nothing new to say. */
	if (crier_record_find(old, "Schedule-Gone") == NULL && (status ==
	    NULL || strncasecmp(status, "cancel", 6) != 0)) {
		n = record_fields(&c, old, v);
		n = drop_fields(v, n, O_STATUS);
		v[n++] = (struct field_value){O_STATUS, "cancelled"};
		v[n++] = (struct field_value){O_SCHEDULE_GONE, "yes"};
		result = compose_changed(&c, old_text, old_len, old, v, n,
		                         NULL, len_out);
	}
	free(v);
	crier_arena_free(c.arena);
	return result;
}
