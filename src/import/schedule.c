/*
 * schedule.c - reading schedule.xml (Pentabarf, frab, pretalx) or
 * schedule.json into the events to import, one at a time.
 *
 * schedxml.c reads the file, safely; this walks it.  A schedule.xml in a
 * regular file is read element by element straight from the file, and
 * each selected event goes to the caller's sink (import.h) as soon as it
 * is read, its strings in an arena reset after it: the memory is that
 * of one event, and of its key (schedkeys.c), however long the
 * schedule.  What cannot be read so is read whole, under
 * CRIER_SCHEDULE_MAX_BYTES: schedule.json (jansson has no streaming
 * parser), a pipe (it cannot be read twice), and a schedule.xml that
 * needs its whole tree after all, whose events then all come again.
 *
 * The exports differ from the schema and from each other, so the reader
 * takes what it finds: an event's <date>, with its offset, when there is
 * one, else the day's date and <start> in the conference's time zone.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "diag.h"
#include "html2md.h"
#include "import.h"
#include "media.h"
#include "model.h"
#include "schedfilter.h"
#include "schedread.h"
#include "suggest.h"

/* ------------------------------------------------------------------ */
/* Elements and text                                                   */
/* ------------------------------------------------------------------ */

/* "Debugging tools: Cachegrind!" -> "debugging-tools-cachegrind". */
static const char *
slugify(struct reader *r, const char *text, size_t max)
{
	char *s = crier_arena_alloc(r->arena, max + 1);
	size_t n = 0;

	for (; text != NULL && *text != '\0' && n < max; text++) {
		char c = (char)(*text >= 'A' && *text <= 'Z' ? *text | 0x20
		    : *text);

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_')
			s[n++] = c;
		else if (n > 0 && s[n - 1] != '-')
			s[n++] = '-';
	}
	while (n > 0 && (s[n - 1] == '-' || s[n - 1] == '_'))
		n--;
	s[n] = '\0';
	return n > 0 ? s : NULL;
}

/*
 * A person's name as a Speaker value, which cannot hold '<', '>' or '@'
 * (crier-records(5)): those become look-alikes.
 */
static const char *
speaker_name(struct reader *r, const char *name)
{
	struct crier_buf b = {0};
	const char *s;

	for (; *name != '\0'; name++) {
		if (*name == '<')
			crier_buf_puts(&b, "\xE2\x80\xB9");   /* U+2039 */
		else if (*name == '>')
			crier_buf_puts(&b, "\xE2\x80\xBA");   /* U+203A */
		else if (*name == '@')
			crier_buf_puts(&b, "\xEF\xBC\xA0");   /* U+FF20 */
		else
			crier_buf_add(&b, name, 1);
	}
	s = crier_arena_strdup(r->arena, b.data);
	crier_buf_free(&b);
	return s;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

/* Whether the import's filters take EV. */
static int
is_selected(struct reader *r, const struct raw_event *ev)
{
	struct crier_sched_facts facts = {
		ev->id, ev->guid, ev->title, ev->room, ev->track, ev->type,
		ev->persons, ev->person_count
	};

	return crier_sched_filters_select(r->filters, &facts);
}

static void
read_persons(struct reader *r, const xmlNode *persons, struct raw_event *ev)
{
	const xmlNode *p;
	const char *name;
	size_t n = 0;

	for (p = persons != NULL ? persons->children : NULL; p; p = p->next)
		n += p->type == XML_ELEMENT_NODE;
	ev->persons = crier_arena_alloc(r->arena, (n + 1) *
	                                sizeof(*ev->persons));
	for (p = persons != NULL ? persons->children : NULL; p; p = p->next)
		if (p->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)p->name, "person") == 0 &&
		    (name = crier_sched_fold(r, crier_sched_text(r, p))) != NULL)
			ev->persons[ev->person_count++] = name;
}

static void
read_raw_event(struct reader *r, const xmlNode *node, struct raw_event *ev)
{
	ev->node = node;
	ev->line = (unsigned)xmlGetLineNo(node);
	ev->id = crier_sched_attribute(r, node, "id");
	ev->guid = crier_sched_attribute(r, node, "guid");
	ev->label = ev->id != NULL ? ev->id : ev->guid != NULL ? ev->guid
	    : "without id";
	ev->title = crier_sched_folded_child(r, node, "title");
	ev->subtitle = crier_sched_folded_child(r, node, "subtitle");
	if (crier_sched_child(node, "room") != NULL)
		ev->room = crier_sched_folded_child(r, node, "room");
	ev->track = crier_sched_folded_child(r, node, "track");
	ev->type = crier_sched_folded_child(r, node, "type");
	ev->slug = crier_sched_folded_child(r, node, "slug");
	ev->url = crier_sched_folded_child(r, node, "url");
	ev->date = crier_sched_folded_child(r, node, "date");
	ev->start = crier_sched_folded_child(r, node, "start");
	ev->duration = crier_sched_folded_child(r, node, "duration");
	ev->end = crier_sched_folded_child(r, node, "end");
	ev->abstract = crier_sched_text(r, crier_sched_child(node, "abstract"));
	ev->description = crier_sched_text(r, crier_sched_child(node, "description"));
	ev->links = crier_sched_child(node, "links");
	read_persons(r, crier_sched_child(node, "persons"), ev);
}

/* E's key, id, slug and title, from EV. */
static void
event_names(struct reader *r, const struct raw_event *ev,
            struct crier_sched_event *e)
{
	e->key = crier_arena_printf(r->arena, "%s/%s", r->s->conference,
	                            ev->guid != NULL ? ev->guid : ev->id);
	e->id = ev->id != NULL ? ev->id : ev->guid;
	e->slug = slugify(r, ev->slug != NULL ? ev->slug : ev->title, 64);
	if (e->slug == NULL)
		e->slug = crier_arena_printf(r->arena, "event-%s",
		                             slugify(r, e->id, 64));
	e->title = ev->title != NULL ? ev->title : crier_arena_printf(
	    r->arena, "Untitled event %s", e->id);
}

/*
 * EV, if selected, to the sink: the first listing of its key only, the
 * others kept for crier_sched_keys_report().
 */
static void
add_event(struct reader *r, struct raw_event *ev)
{
	struct crier_sched_event e;
	size_t i;

	if (!is_selected(r, ev))
		return;
	if (ev->id == NULL && ev->guid == NULL) {
		crier_diag(r->diags, r->s->path, ev->line, 0, MSG_EVENT_SKIPPED,
		           ev->label, "no id and no guid to know it by");
		return;
	}
	memset(&e, 0, sizeof(e));
	if (crier_sched_event_times(r, ev, &e.starts, &e.ends) != 0)
		return;
	r->selected_count++;
	e.line = ev->line;
	event_names(r, ev, &e);
	if (!crier_sched_keys_add(r->keys, e.key, e.id, e.line))
		return;
	e.room = ev->room;
	e.track = ev->track;
	e.url = ev->url != NULL && crier_is_http_url(ev->url) ? ev->url
	    : NULL;
	e.speakers = crier_arena_alloc(r->arena, (ev->person_count + 1) *
	                               sizeof(*e.speakers));
	for (i = 0; i < ev->person_count; i++)
		e.speakers[e.speaker_count++] = speaker_name(r, ev->persons[i]);
	crier_sched_event_body(r, ev, e.url, &e.body_parts);
	crier_sched_event_media(r, ev, &e);
	r->s->event_count++;
	if (r->sink != NULL)
		r->sink->take(r->sink->arg, r->s, &e, r->diags);
}

/*
 * A <schedule> of another dialect (EuroPython's, say) would otherwise
 * give no events and no word: Pentabarf, frab and pretalx all have a
 * <conference>, and days that hold rooms or events.
 */
static void
not_pentabarf(struct reader *r, unsigned line, const char *what,
              const char *name)
{
	char text[160];

	snprintf(text, sizeof(text), what, name);
	crier_diag(r->diags, r->s->path, line, 0, MSG_NOT_PENTABARF, text);
	r->errors++;
}

/* Event E of DAY, held by ROOM, or by DAY itself when ROOM is NULL. */
static void
read_event(struct reader *r, const xmlNode *day, const xmlNode *room,
           const xmlNode *e)
{
	struct raw_event ev;

	/* What an event is made of dies with it. */
	r->arena = r->event_arena;
	memset(&ev, 0, sizeof(ev));
	ev.day_date = crier_sched_attribute(r, day, "date");
	ev.day_start = crier_sched_attribute(r, day, "start");
	if (room != NULL)
		ev.room = crier_sched_attribute(r, room, "name");
	read_raw_event(r, e, &ev);
	add_event(r, &ev);
	crier_arena_reset(r->event_arena);
	r->arena = r->s->arena;
}

/* Whether NODE, a child of a <day>, is an element it may hold; if not, says so. */
static int
is_day_part(struct reader *r, const xmlNode *c)
{
	if (strcmp((const char *)c->name, "event") == 0 ||
	    strcmp((const char *)c->name, "room") == 0)
		return 1;
	if (r->errors == 0)
		not_pentabarf(r, (unsigned)xmlGetLineNo(c), "<day> holds <%.60s>, "
		              "where <room> or <event> was expected",
		              (const char *)c->name);
	return 0;
}

static void
read_events(struct reader *r, const xmlNode *root)
{
	const xmlNode *day, *c, *e;

	if (crier_sched_child(root, "conference") == NULL)
		not_pentabarf(r, (unsigned)xmlGetLineNo(root),
		              "<%s> holds no <conference>", "schedule");
	for (day = root->children; day != NULL; day = day->next) {
		if (day->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)day->name, "day") != 0)
			continue;
		for (c = day->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || !is_day_part(r, c))
				continue;
			/* Events sit in rooms; a few exporters leave those out. */
			e = strcmp((const char *)c->name, "event") == 0 ? c
			    : c->children;
			for (; e != NULL; e = e == c ? NULL : e->next)
				if (e->type == XML_ELEMENT_NODE &&
				    strcmp((const char *)e->name, "event") == 0)
					read_event(r, day, e == c ? NULL : c, e);
		}
	}
}

/* ------------------------------------------------------------------ */
/* The schedule                                                        */
/* ------------------------------------------------------------------ */

static void
zone_error(struct crier_diags *diags, const char *file, unsigned line,
           const char *zone)
{
	char *hint = crier_zone_suggest(zone);

	if (hint != NULL)
		crier_diag(diags, file, line, 0, MSG_BAD_ZONE_HINT, zone, hint);
	else
		crier_diag(diags, file, line, 0, MSG_BAD_ZONE, zone);
	free(hint);
}

/* The conference's name, time zone and clock, from CONF (or NULL). */
static void
read_conference(struct reader *r, const xmlNode *conf)
{
	const xmlNode *zone = crier_sched_child(conf, "time_zone_name");
	const char *name = crier_sched_folded_child(r, conf, "acronym");

	if (name == NULL)
		name = crier_sched_folded_child(r, conf, "title");
	r->s->conference = slugify(r, name, 64);
	if (r->s->conference == NULL)
		r->s->conference = "schedule";
	r->day_change = crier_sched_folded_child(r, conf, "day_change");
	r->base_url = crier_sched_folded_child(r, conf, "base_url");
	r->timeslot_s = crier_sched_parse_clock(crier_sched_folded_child(r, conf, "timeslot_duration"));
	r->zone = r->opt->timezone;
	if (r->zone == NULL && zone != NULL) {
		r->zone = crier_sched_fold(r, crier_sched_text(r, zone));
		if (r->zone != NULL && !crier_zone_exists(r->zone)) {
			zone_error(r->diags, r->s->path,
			           (unsigned)xmlGetLineNo(zone), r->zone);
			r->errors++;
			r->zone = NULL;
		}
	}
}

/* The schedule's <version> (folded, or NULL), if it reads as a time. */
static void
read_version(struct reader *r, const char *version)
{
	if (version != NULL && strlen(version) < 30) {
		char buf[40];

		snprintf(buf, sizeof(buf), "%s", version);
		if (strlen(buf) > 10 && buf[10] == 'T')
			buf[10] = ' ';
		r->s->has_version_time = crier_time_parse(buf, strlen(buf),
		    r->zone, &r->s->version, NULL) == CRIER_TIME_OK;
	}
}

/*
 * The whole tree DOC (or NULL after its errors): schedule.json's, or a
 * schedule.xml that names its conference after its first day.  Returns
 * 0, or -1 when it is no schedule.
 */
static int
read_tree(struct reader *r, xmlDoc *doc)
{
	const xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

	if (doc == NULL)
		return -1;
	if (root == NULL || strcmp((const char *)root->name, "schedule") != 0) {
		crier_diag(r->diags, r->s->path, root != NULL ? (unsigned)
		           xmlGetLineNo(root) : 0, 0, MSG_NOT_A_SCHEDULE,
		           root != NULL ? (const char *)root->name : "");
		return -1;
	}
	read_conference(r, crier_sched_child(root, "conference"));
	read_version(r, crier_sched_folded_child(r, root, "version"));
	read_events(r, root);
	return 0;
}

/* What the stream has seen of the schedule's top level. */
struct top {
	unsigned root_line;
	const char *root_name;
	xmlNode *conf;            /* a copy of the first <conference> */
	const char *version;      /* the first <version>, folded */
	int has_version;
	int has_days;             /* the conference is read, events follow */
};

/*
 * One element of the stream at DEPTH: the top level is kept, a <day> or
 * <room> is gone into, an event is read whole and handed on.  Returns 1
 * when the first <day> comes before any <conference>, or the <version>
 * after a <day>, which the stream cannot handle: the events before
 * would have been read without them.
 */
static int
stream_element(struct reader *r, struct crier_sched_xml *x, struct top *t,
               const xmlNode *node, int depth)
{
	const char *name = (const char *)node->name;
	const xmlNode *e;

	if (depth == 0) {
		t->root_line = (unsigned)xmlGetLineNo(node);
		t->root_name = crier_arena_strdup(r->arena, name);
		if (strcmp(name, "schedule") != 0)
			crier_sched_xml_skip(x);
	} else if (depth == 1 && strcmp(name, "day") == 0) {
		if (t->conf == NULL)
			return 1;
		if (!t->has_days++) {
			read_conference(r, t->conf);
			read_version(r, t->version);
		}
	} else if (depth == 1 && strcmp(name, "conference") == 0 &&
	           t->conf == NULL) {
		if ((e = crier_sched_xml_expand(x)) != NULL)
			t->conf = xmlCopyNode((xmlNode *)e, 1);
	} else if (depth == 1 && strcmp(name, "version") == 0 &&
	           !t->has_version++) {
		/* Every record's Published or Updated is the version's time. */
		if (t->has_days)
			return 1;
		if ((e = crier_sched_xml_expand(x)) != NULL)
			t->version = crier_sched_fold(r, crier_sched_text(r, e));
	} else if (depth == 2 && is_day_part(r, node) &&
	           strcmp(name, "room") == 0) {
		return 0;   /* into the room */
	} else if (depth == 2 && strcmp(name, "event") == 0) {
		if ((e = crier_sched_xml_expand(x)) != NULL)
			read_event(r, e->parent, NULL, e);
	} else if (depth == 3 && strcmp(name, "event") == 0) {
		if ((e = crier_sched_xml_expand(x)) != NULL)
			read_event(r, e->parent->parent, e->parent, e);
	} else {
		crier_sched_xml_skip(x);
	}
	return 0;
}

/* What a reader is back to before it reads the whole tree after all. */
struct restart_point {
	int errors, has_zone_error;
};

static void
restart(struct reader *r, const struct restart_point *p)
{
	r->errors = p->errors;
	r->has_zone_error = p->has_zone_error;
	r->selected_count = 0;
	r->s->event_count = 0;
	crier_sched_keys_clear(r->keys);
	if (r->sink != NULL && r->sink->restart != NULL)
		r->sink->restart(r->sink->arg);
}

/*
 * Reads schedule.xml element by element from X, which it closes, as
 * read_tree() would read its tree.  Returns 0, -1 when it is no schedule (errors said), or 1
 * when it needs the whole tree after all: for a <day> before the
 * <conference>, and for malformed XML, whose errors the whole-tree parse
 * words as it always has; those errors are in XML_DIAGS, for a file too
 * big to read whole.  X reports to XML_DIAGS.  What the events add to the diagnostics waits
 * until the XML is known to be well-formed: with the whole tree, they
 * would not have been made.
 */
static int
read_stream(struct reader *r, struct crier_sched_xml *x,
            struct crier_diags *xml_diags)
{
	struct crier_diags *diags = r->diags;
	struct crier_diags *event_diags = crier_diags_new();
	const xmlNode *node;
	struct top t = {0};
	int depth, rc = 0;

	r->diags = event_diags;
	while (rc == 0 && (node = crier_sched_xml_next(x, &depth)) != NULL)
		rc = stream_element(r, x, &t, node, depth);
	/* libxml2 words some errors at the end otherwise in a stream. */
	if (crier_sched_xml_close(x) != 0 && rc == 0)
		rc = 1;
	if (rc == 0 && strcmp(t.root_name, "schedule") != 0) {
		crier_diag(xml_diags, r->s->path, t.root_line, 0,
		           MSG_NOT_A_SCHEDULE, t.root_name);
		rc = -1;
	} else if (rc == 0 && !t.has_days) {
		read_conference(r, t.conf);
		if (t.conf == NULL)
			not_pentabarf(r, t.root_line, "<%s> holds no <conference>",
			              "schedule");
		read_version(r, t.version);
	}
	r->diags = diags;
	if (rc != 1)
		crier_diags_append(diags, xml_diags);
	if (rc == 0)
		crier_diags_append(diags, event_diags);
	crier_diags_free(event_diags);
	xmlFreeNode(t.conf);
	return rc;
}

/* schedule.xml in BUF (LEN bytes), as a whole tree. */
static int
read_xml_tree(struct reader *r, const char *buf, size_t len)
{
	xmlDoc *doc = crier_schedule_xml_memory(r->s->path, buf, len,
	                                        r->diags);
	int rc = read_tree(r, doc);

	xmlFreeDoc(doc);
	return rc;
}

/*
 * schedule.xml in BUF (LEN bytes) or, with BUF NULL, in the file open at
 * FD, of LEN bytes: element by element, else as a whole tree, read
 * again from the file if need be.  A file too big to be read whole
 * keeps the stream's errors.
 */
static int
read_xml(struct reader *r, int fd, const char *buf, size_t len)
{
	struct restart_point p = {r->errors, r->has_zone_error};
	struct crier_diags *xml_diags = crier_diags_new();
	char *file = NULL;
	int rc = read_stream(r, buf != NULL ? crier_sched_xml_open(r->s->path,
	    buf, len, xml_diags) : crier_sched_xml_open_fd(r->s->path, fd,
	    xml_diags), xml_diags);

	if (rc == 1 && buf == NULL && len > CRIER_SCHEDULE_MAX_BYTES) {
		if (crier_diags_error_count(xml_diags) == 0)
			crier_diag(xml_diags, r->s->path, 0, 0, MSG_FILE_TOO_BIG,
			           CRIER_SCHEDULE_MAX_BYTES >> 20);
		crier_diags_append(r->diags, xml_diags);
		rc = -1;
	} else if (rc == 1) {
		restart(r, &p);
		if (buf == NULL && crier_schedule_file_read(r->s->path, r->diags,
		    &file, &len) != 0)
			rc = -1;
		else
			rc = read_xml_tree(r, buf != NULL ? buf : file, len);
	}
	free(file);
	crier_diags_free(xml_diags);
	return rc;
}

/* Whether the file at FD, a schedule.json, starts with '{'. */
static int
is_json_file(int fd)
{
	char chunk[4096];
	off_t at = 0;
	ssize_t n;
	size_t i;

	while ((n = pread(fd, chunk, sizeof(chunk), at)) > 0) {
		i = at == 0 && n >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0
		    ? 3 : 0;
		for (; i < (size_t)n; i++)
			if (strchr(" \t\r\n", chunk[i]) == NULL)
				return chunk[i] == '{';
		at += n;
	}
	return 0;
}

/* The schedule read whole: schedule.json, or schedule.xml in memory. */
static int
read_whole_file(struct reader *r)
{
	size_t len, bom;
	xmlDoc *doc;
	char *buf;
	int rc;

	if (crier_schedule_file_read(r->s->path, r->diags, &buf, &len) != 0)
		return -1;
	/* Known by content: a schedule.json starts with '{'. */
	bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (buf[bom + strspn(buf + bom, " \t\r\n")] == '{') {
		doc = crier_schedule_json(r->s->path, buf + bom, len - bom,
		                          r->diags);
		rc = read_tree(r, doc);
		xmlFreeDoc(doc);
	} else {
		rc = read_xml(r, -1, buf, len);
	}
	free(buf);
	return rc;
}

/*
 * The schedule in its file.  A schedule.xml that is a regular file is
 * read from it element by element; jansson reads schedule.json whole,
 * and a pipe cannot be read twice should the stream need the tree.
 */
static int
read_file(struct reader *r)
{
	int fd = open(r->s->path, O_RDONLY | O_CLOEXEC), rc;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    is_json_file(fd)) {
		if (fd >= 0)
			close(fd);
		return read_whole_file(r);
	}
	rc = read_xml(r, fd, NULL, (size_t)st.st_size);
	close(fd);
	return rc;
}

static struct crier_schedule *
schedule_new(const char *path)
{
	struct crier_schedule *s = crier_xcalloc(1, sizeof(*s));

	s->arena = crier_arena_new();
	s->path = crier_arena_strdup(s->arena, path);
	return s;
}

/* What needs every event, said once all were read. */
static void
report_schedule(struct reader *r)
{
	if (r->errors == 0)
		r->errors += crier_sched_filters_report(r->filters, r->s->path,
		                                        r->selected_count,
		                                        r->diags);
	crier_sched_keys_report(r->keys, r->s->path, r->diags);
}

/* The schedule in BUF (LEN bytes), or when BUF is NULL in its file. */
static int
read_schedule(const struct crier_import_options *opt, const char *buf,
              size_t len, const struct crier_sched_sink *sink,
              struct crier_diags *diags, struct crier_schedule **out)
{
	struct reader r = {0};
	int rc = -1;

	*out = NULL;
	r.opt = opt;
	r.sink = sink;
	r.diags = diags;
	r.s = schedule_new(opt->schedule_file);
	r.arena = r.s->arena;
	r.event_arena = crier_arena_new();
	r.keys = crier_sched_keys_new();
	if (opt->timezone != NULL && !crier_zone_exists(opt->timezone)) {
		zone_error(diags, "--timezone", 0, opt->timezone);
		r.errors++;
	}
	r.filters = crier_sched_filters_new(opt, diags);
	if (r.filters != NULL && r.errors == 0)
		rc = buf != NULL ? read_xml(&r, -1, buf, len) : read_file(&r);
	if (rc == 0)
		report_schedule(&r);
	crier_sched_filters_free(r.filters);
	crier_sched_keys_free(r.keys);
	crier_arena_free(r.event_arena);
	free(r.answers);
	if (rc != 0 || r.errors > 0) {
		crier_schedule_free(r.s);
		return CRIER_EINPUT;
	}
	*out = r.s;
	return CRIER_OK;
}

int
crier_schedule_read(const struct crier_import_options *opt,
                    const struct crier_sched_sink *sink,
                    struct crier_diags *diags, struct crier_schedule **out)
{
	return read_schedule(opt, NULL, 0, sink, diags, out);
}

int
crier_schedule_read_memory(const struct crier_import_options *opt,
                           const char *buf, size_t len,
                           const struct crier_sched_sink *sink,
                           struct crier_diags *diags,
                           struct crier_schedule **out)
{
	return read_schedule(opt, buf, len, sink, diags, out);
}

void
crier_schedule_free(struct crier_schedule *schedule)
{
	if (schedule == NULL)
		return;
	crier_arena_free(schedule->arena);
	free(schedule);
}
