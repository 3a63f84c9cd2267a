/*
 * schedout.c - schedule.xml: the source's talks for conference apps
 * (Giggity, ConfClerk), in the frab dialect that the c3voc schema
 * (schedule.xml.xsd) describes, written with libxml2's xmlTextWriter.
 *
 * Choices:
 * - talks only, the published ones, days by the local date of their
 *   start (in the offset the talk is shown in), rooms by name, events by
 *   start then id;
 * - every event has a <date> with its offset, so no time zone is needed
 *   (the schema has no room for <time_zone_name>) and import-schedule
 *   reads the talks back at the same instants;
 * - the guid is a UUID (version 8, RFC 9562's custom layout) made from
 *   the entry's id by two FNV-1a hashes, and the numeric id the schema
 *   requires from the same: both stay the same across builds;
 * - the schema's <event> has no <url>: the talk's Link and its media go
 *   in <links>.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "diag.h"
#include "media.h"
#include "schedout.h"
#include "xmlcheck.h"

#define X(s) ((const xmlChar *)(s))

struct sched {
	const struct crier_feed *feed;
	xmlTextWriterPtr w;
	struct crier_diags *diags;
	const struct crier_entry **talks;   /* sorted: day, room, start, id */
	size_t count;
	uint32_t *ids;                      /* the events' ids, same order */
	int failed;
};

static void
ok(struct sched *s, int rc)
{
	if (rc < 0)
		s->failed = 1;
}

static void
element(struct sched *s, const char *name, const char *text)
{
	ok(s, xmlTextWriterWriteElement(s->w, X(name), X(text != NULL ? text
	                                                 : "")));
}

static uint64_t
fnv1a(const char *text, uint64_t h)
{
	for (; *text != '\0'; text++)
		h = (h ^ (unsigned char)*text) * 0x100000001b3u;
	return h;
}

/* A talk's local date, "2024-02-03", in the offset it is shown in. */
static void
local_date(struct crier_time t, char buf[11])
{
	char full[CRIER_RFC3339_SIZE];

	crier_time_rfc3339(t, full);
	snprintf(buf, 11, "%.10s", full);
}

static int
compare_talks(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;
	char dx[11], dy[11];
	int c;

	local_date(x->starts, dx);
	local_date(y->starts, dy);
	if ((c = strcmp(dx, dy)) != 0)
		return c;
	if ((c = strcmp(x->room != NULL ? x->room : "",
	    y->room != NULL ? y->room : "")) != 0)
		return c;
	if (x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The published talks, sorted, with an id each that no other has. */
static void
collect_talks(struct sched *s)
{
	size_t i, k;

	s->talks = crier_xcalloc(s->feed->published_count + 1,
	                         sizeof(*s->talks));
	for (i = 0; i < s->feed->published_count; i++)
		if (s->feed->published[i]->kind == CRIER_TALK &&
		    s->feed->published[i]->has_event_time)
			s->talks[s->count++] = s->feed->published[i];
	qsort(s->talks, s->count, sizeof(*s->talks), compare_talks);
	s->ids = crier_xcalloc(s->count + 1, sizeof(*s->ids));
	for (i = 0; i < s->count; i++) {
		s->ids[i] = (uint32_t)(fnv1a(s->talks[i]->uri,
		    0xcbf29ce484222325u) % 2000000000u) + 1;
		for (k = 0; k < i; k++)
			if (s->ids[k] == s->ids[i]) {
				s->ids[i] = s->ids[i] % 2000000000u + 1;
				k = (size_t)-1;   /* again, from the first */
			}
	}
}

static void
write_guid(struct sched *s, const struct crier_entry *e)
{
	uint64_t hi = fnv1a(e->uri, 0xcbf29ce484222325u);
	uint64_t lo = fnv1a(e->uri, 0x84222325cbf29ce4u);
	char guid[40];

	hi = (hi & ~(uint64_t)0xF000) | 0x8000;                  /* version 8 */
	lo = (lo & ~(3ull << 62)) | (2ull << 62);         /* RFC variant */
	snprintf(guid, sizeof(guid), "%08" PRIx32 "-%04" PRIx32 "-%04" PRIx32
	         "-%04" PRIx32 "-%012" PRIx64, (uint32_t)(hi >> 32),
	         (uint32_t)(hi >> 16) & 0xFFFF, (uint32_t)hi & 0xFFFF,
	         (uint32_t)(lo >> 48), (uint64_t)(lo & 0xFFFFFFFFFFFFu));
	ok(s, xmlTextWriterWriteAttribute(s->w, X("guid"), X(guid)));
}

static void
write_times(struct sched *s, const struct crier_entry *e)
{
	char date[CRIER_RFC3339_SIZE], text[16];
	int64_t minutes = (e->ends.epoch_s - e->starts.epoch_s + 59) / 60;

	crier_time_rfc3339(e->starts, date);
	element(s, "date", date);
	snprintf(text, sizeof(text), "%.5s", date + 11);
	element(s, "start", text);
	/* The schema allows two digits of hours. */
	if (minutes > 99 * 60 + 59)
		minutes = 99 * 60 + 59;
	snprintf(text, sizeof(text), "%02d:%02d", (int)(minutes / 60),
	         (int)(minutes % 60));
	element(s, "duration", text);
}

/* The talk's Link and its media, as <links>. */
static void
write_links(struct sched *s, const struct crier_entry *e)
{
	size_t i;

	ok(s, xmlTextWriterStartElement(s->w, X("links")));
	if (e->link != NULL) {
		ok(s, xmlTextWriterStartElement(s->w, X("link")));
		ok(s, xmlTextWriterWriteAttribute(s->w, X("href"), X(e->link)));
		ok(s, xmlTextWriterWriteString(s->w, X(e->title)));
		ok(s, xmlTextWriterEndElement(s->w));
	}
	for (i = 0; i < e->media_count; i++) {
		ok(s, xmlTextWriterStartElement(s->w, X("link")));
		ok(s, xmlTextWriterWriteAttribute(s->w, X("href"),
		                                  X(e->media[i].url)));
		ok(s, xmlTextWriterWriteString(s->w, X(e->media[i].title != NULL
		    ? e->media[i].title : crier_media_field(e->media[i].kind))));
		ok(s, xmlTextWriterEndElement(s->w));
	}
	ok(s, xmlTextWriterEndElement(s->w));
}

static int
write_event(struct sched *s, size_t i, const char *acronym)
{
	const struct crier_entry *e = s->talks[i];
	char id[16], *body = NULL, *slug;
	size_t k, len;

	if (e->summary == NULL && crier_entry_body(s->feed, e, s->diags, &body,
	    &len) != 0)
		return -1;
	snprintf(id, sizeof(id), "%" PRIu32, s->ids[i]);
	ok(s, xmlTextWriterStartElement(s->w, X("event")));
	ok(s, xmlTextWriterWriteAttribute(s->w, X("id"), X(id)));
	write_guid(s, e);
	write_times(s, e);
	element(s, "room", e->room != NULL ? e->room : "(no room)");
	slug = crier_facet_slug(e->id);
	ok(s, xmlTextWriterWriteFormatElement(s->w, X("slug"), "%s-%s-%s",
	                                      acronym, id, slug));
	free(slug);
	element(s, "title", e->title);
	element(s, "subtitle", "");
	element(s, "track", e->track);
	element(s, "type", "talk");
	if (s->feed->language != NULL)
		element(s, "language", s->feed->language);
	element(s, "abstract", e->summary != NULL ? e->summary : body);
	ok(s, xmlTextWriterStartElement(s->w, X("persons")));
	/* Its speakers, else whom the entry credits (model.h). */
	for (k = 0; k < e->people_count; k++)
		element(s, "person", e->people[k].name);
	ok(s, xmlTextWriterEndElement(s->w));
	write_links(s, e);
	ok(s, xmlTextWriterEndElement(s->w));
	free(body);
	return 0;
}

/* One <day>: the talks from FIRST on that share its local date. */
static size_t
write_day(struct sched *s, size_t first, int index, const char *acronym)
{
	char date[11], d[11], when[CRIER_RFC3339_SIZE];
	const char *room = NULL;
	size_t i, last;
	struct crier_time end = s->talks[first]->ends;

	local_date(s->talks[first]->starts, date);
	for (last = first; last < s->count; last++) {
		local_date(s->talks[last]->starts, d);
		if (strcmp(d, date) != 0)
			break;
		if (s->talks[last]->ends.epoch_s > end.epoch_s)
			end = s->talks[last]->ends;
	}
	ok(s, xmlTextWriterStartElement(s->w, X("day")));
	ok(s, xmlTextWriterWriteFormatAttribute(s->w, X("index"), "%d",
	                                        index));
	ok(s, xmlTextWriterWriteAttribute(s->w, X("date"), X(date)));
	crier_time_rfc3339(s->talks[first]->starts, when);
	ok(s, xmlTextWriterWriteAttribute(s->w, X("start"), X(when)));
	crier_time_rfc3339(end, when);
	ok(s, xmlTextWriterWriteAttribute(s->w, X("end"), X(when)));
	for (i = first; i < last && !s->failed; i++) {
		const char *r = s->talks[i]->room != NULL ? s->talks[i]->room
		    : "(no room)";

		if (room == NULL || strcmp(room, r) != 0) {
			if (room != NULL)
				ok(s, xmlTextWriterEndElement(s->w));
			room = r;
			ok(s, xmlTextWriterStartElement(s->w, X("room")));
			ok(s, xmlTextWriterWriteAttribute(s->w, X("name"), X(r)));
		}
		if (write_event(s, i, acronym) != 0)
			s->failed = 2;
	}
	if (room != NULL)
		ok(s, xmlTextWriterEndElement(s->w));
	ok(s, xmlTextWriterEndElement(s->w));
	return last;
}

static void
write_conference(struct sched *s, const char *acronym, int days)
{
	char date[11];

	ok(s, xmlTextWriterStartElement(s->w, X("conference")));
	element(s, "title", s->feed->title);
	element(s, "acronym", acronym);
	if (s->count > 0) {
		local_date(s->talks[0]->starts, date);
		element(s, "start", date);
		local_date(s->talks[s->count - 1]->starts, date);
		element(s, "end", date);
	}
	ok(s, xmlTextWriterWriteFormatElement(s->w, X("days"), "%d", days));
	ok(s, xmlTextWriterEndElement(s->w));
}

/*
 * A source with no talk yet still gets a schedule an app can load: the
 * schema wants a <day>, and an app that subscribed early keeps polling
 * this address, so an empty day beats a missing or invalid file.
 */
static void
write_empty_day(struct sched *s)
{
	ok(s, xmlTextWriterStartElement(s->w, X("day")));
	ok(s, xmlTextWriterWriteAttribute(s->w, X("index"), X("1")));
	ok(s, xmlTextWriterEndElement(s->w));
}

static int
count_days(const struct sched *s)
{
	char a[11], b[11];
	size_t i;
	int n = 1;   /* the empty day of a source with no talk, or the first */

	for (i = 1; i < s->count; i++) {
		local_date(s->talks[i - 1]->starts, a);
		local_date(s->talks[i]->starts, b);
		n += strcmp(a, b) != 0;
	}
	return n;
}

int
crier_write_schedule(const struct crier_feed *feed,
                     struct crier_entries *entries, FILE *out,
                     struct crier_diags *diags)
{
	struct sched s = {feed, NULL, diags, NULL, 0, NULL, 0};
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	char version[CRIER_RFC3339_SIZE];
	char *acronym = crier_facet_slug(feed->title);
	size_t i = 0;
	int day = 0;

	(void)entries;
	s.w = buf != NULL ? xmlNewTextWriter(buf) : NULL;
	if (s.w == NULL)
		crier_xmalloc(SIZE_MAX);   /* the one out-of-memory policy */
	collect_talks(&s);
	xmlTextWriterSetIndent(s.w, 1);
	xmlTextWriterSetIndentString(s.w, X("  "));
	ok(&s, xmlTextWriterStartDocument(s.w, "1.0", "UTF-8", NULL));
	ok(&s, xmlTextWriterStartElement(s.w, X("schedule")));
	crier_time_rfc3339(feed->updated, version);
	element(&s, "version", version);
	write_conference(&s, acronym[0] != '\0' ? acronym : "talks",
	                 count_days(&s));
	while (i < s.count && !s.failed)
		i = write_day(&s, i, ++day, acronym[0] != '\0' ? acronym
		              : "talks");
	if (s.count == 0)
		write_empty_day(&s);
	ok(&s, xmlTextWriterEndElement(s.w));
	ok(&s, xmlTextWriterEndDocument(s.w));
	xmlFreeTextWriter(s.w);
	free(acronym);
	free(s.talks);
	free(s.ids);
	if (s.failed == 1)
		crier_diag(diags, CRIER_SCHEDULE_FILE, 0, 0, MSG_WRITE_FAILED,
		           "the XML writer failed");
	return s.failed ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Reading it back                                                     */
/* ------------------------------------------------------------------ */

struct schedule_check {
	struct crier_xml_check x;
	int depth;
	size_t events;
	size_t days;
	size_t talks;
};

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
         const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
         int ndefaulted, const xmlChar **attrs)
{
	struct schedule_check *c = ctx;

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)nattr;
	(void)ndefaulted, (void)attrs;
	if (c->depth++ == 0 && strcmp((const char *)name, "schedule") != 0)
		crier_xml_check_problem(&c->x, "the root is <%s>, not "
		                        "<schedule>", (const char *)name);
	if (strcmp((const char *)name, "event") == 0)
		c->events++;
	else if (strcmp((const char *)name, "day") == 0)
		c->days++;
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	(void)name, (void)prefix, (void)uri;
	((struct schedule_check *)ctx)->depth--;
}

static int
schedule_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct schedule_check *c = (struct schedule_check *)check;
	int rc;

	crier_xml_check_end(&c->x);
	if (c->events != c->talks)
		crier_xml_check_problem(&c->x, "schedule.xml does not hold "
		                        "every published talk%s", "");
	if (c->days == 0)
		crier_xml_check_problem(&c->x, "schedule.xml has no <day>, "
		                        "which the schedule schema requires%s",
		                        "");
	rc = crier_xml_check_report(&c->x, diags);
	free(c);
	return rc;
}

struct crier_check *
crier_check_schedule_new(const struct crier_feed *feed, const char *path)
{
	struct schedule_check *c = crier_xcalloc(1, sizeof(*c));
	xmlSAXHandler sax = {0};
	size_t i;

	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	for (i = 0; i < feed->published_count; i++)
		c->talks += feed->published[i]->kind == CRIER_TALK &&
		    feed->published[i]->has_event_time;
	crier_xml_check_init(&c->x, feed, path, &sax, schedule_finish);
	return &c->x.base;
}
