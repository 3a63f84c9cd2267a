/*
 * schedule.c - reading schedule.xml (Pentabarf, frab, pretalx) into the
 * events to import.
 *
 * schedxml.c reads the file, safely; this walks the tree.  The exports
 * differ from the schema and from each other, so the reader
 * takes what it finds: an event's <date>, with its offset, when there is
 * one, else the day's date and <start> in the conference's time zone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static const xmlNode *
child(const xmlNode *node, const char *name)
{
	const xmlNode *c;

	for (c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* NODE's text; entity references, never expanded, add nothing. */
static const char *
raw_text(struct reader *r, const xmlNode *node)
{
	struct crier_buf b = {0};
	const xmlNode *c;
	const char *s;

	for (c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
			crier_buf_puts(&b, (const char *)c->content);
	s = b.len > 0 ? crier_arena_strdup(r->s->arena, b.data) : NULL;
	crier_buf_free(&b);
	return s;
}

/* Folded to one line; NULL when empty. */
static const char *
fold(struct reader *r, const char *text)
{
	struct crier_buf b = {0};
	const char *s;

	if (text == NULL)
		return NULL;
	crier_text_fold(&b, text);
	s = b.len > 0 ? crier_arena_strdup(r->s->arena, b.data) : NULL;
	crier_buf_free(&b);
	return s;
}

static const char *
folded_child(struct reader *r, const xmlNode *node, const char *name)
{
	return fold(r, raw_text(r, child(node, name)));
}

static const char *
attribute(struct reader *r, const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	const char *s = fold(r, (const char *)v);

	xmlFree(v);
	return s;
}

/* "Debugging tools: Cachegrind!" -> "debugging-tools-cachegrind". */
static const char *
slugify(struct reader *r, const char *text, size_t max)
{
	char *s = crier_arena_alloc(r->s->arena, max + 1);
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
	s = crier_arena_strdup(r->s->arena, b.data);
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
	ev->persons = crier_arena_alloc(r->s->arena, (n + 1) *
	                                sizeof(*ev->persons));
	for (p = persons != NULL ? persons->children : NULL; p; p = p->next)
		if (p->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)p->name, "person") == 0 &&
		    (name = fold(r, raw_text(r, p))) != NULL)
			ev->persons[ev->person_count++] = name;
}

static void
read_raw_event(struct reader *r, const xmlNode *node, struct raw_event *ev)
{
	ev->node = node;
	ev->line = (unsigned)xmlGetLineNo(node);
	ev->id = attribute(r, node, "id");
	ev->guid = attribute(r, node, "guid");
	ev->label = ev->id != NULL ? ev->id : ev->guid != NULL ? ev->guid
	    : "without id";
	ev->title = folded_child(r, node, "title");
	ev->subtitle = folded_child(r, node, "subtitle");
	if (child(node, "room") != NULL)
		ev->room = folded_child(r, node, "room");
	ev->track = folded_child(r, node, "track");
	ev->type = folded_child(r, node, "type");
	ev->slug = folded_child(r, node, "slug");
	ev->url = folded_child(r, node, "url");
	ev->date = folded_child(r, node, "date");
	ev->start = folded_child(r, node, "start");
	ev->duration = folded_child(r, node, "duration");
	ev->end = folded_child(r, node, "end");
	ev->abstract = raw_text(r, child(node, "abstract"));
	ev->description = raw_text(r, child(node, "description"));
	ev->links = child(node, "links");
	read_persons(r, child(node, "persons"), ev);
}

/* What the reference NODE to HREF becomes (schedmedia.c). */
static enum crier_sched_media
reference_kind(struct reader *r, const xmlNode *node, const char *href,
               int is_link)
{
	return crier_sched_media_kind(attribute(r, node, "type"),
	                              fold(r, raw_text(r, node)), href, is_link);
}

/* The body: subtitle, abstract, description, then the event's links. */
static const char *
event_body(struct reader *r, const struct raw_event *ev, const char *url)
{
	char *abstract = crier_schedule_text_markdown(ev->abstract);
	char *description = crier_schedule_text_markdown(ev->description);
	struct crier_buf b = {0};
	const xmlNode *l;
	const char *href, *s;
	int has_links = 0;

	if (ev->subtitle != NULL && (ev->title == NULL ||
	    strcmp(ev->subtitle, ev->title) != 0)) {
		crier_buf_add(&b, "*", 1);
		crier_markdown_escape(&b, ev->subtitle);
		crier_buf_add(&b, "*\n", 2);
	}
	if (*abstract != '\0')
		crier_buf_printf(&b, "%s%s", b.len > 0 ? "\n" : "", abstract);
	if (*description != '\0' && strcmp(description, abstract) != 0)
		crier_buf_printf(&b, "%s%s", b.len > 0 ? "\n" : "", description);
	for (l = ev->links != NULL ? ev->links->children : NULL; l; l = l->next) {
		if (l->type != XML_ELEMENT_NODE ||
		    (href = attribute(r, l, "href")) == NULL ||
		    !crier_is_http_url(href) ||
		    (url != NULL && strcmp(href, url) == 0) ||
		    reference_kind(r, l, href, 1) != CRIER_SCHED_LINK)
			continue;
		if (!has_links++)
			crier_buf_puts(&b, b.len > 0 ? "\nLinks:\n\n" : "Links:\n\n");
		crier_buf_add(&b, "- ", 2);
		crier_markdown_link(&b, fold(r, raw_text(r, l)), href);
		crier_buf_add(&b, "\n", 1);
	}
	s = crier_arena_strdup(r->s->arena, b.data != NULL ? b.data : "");
	free(abstract);
	free(description);
	crier_buf_free(&b);
	return s;
}

/*
 * Adds the media of LIST's references, <attachments> or <links>, to E:
 * the href resolved against the conference's <base_url>, else the
 * event's <url>; the type guessed from the file name; the length
 * unknown (0).  Links that stay links are the body's.
 */
static void
add_references(struct reader *r, const struct raw_event *ev,
               const xmlNode *list, int is_link, struct crier_sched_event *e,
               enum crier_sched_media *kinds)
{
	const char *href, *title, *base = r->base_url ? r->base_url : ev->url;
	enum crier_sched_media kind;
	const xmlNode *a;
	xmlChar *url;
	char *p;

	for (a = list != NULL ? list->children : NULL; a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE ||
		    (href = attribute(r, a, "href")) == NULL)
			continue;
		url = base != NULL && !is_link ? xmlBuildURI((const xmlChar *)
		    href, (const xmlChar *)base) : NULL;
		if (url != NULL)
			href = crier_arena_strdup(r->s->arena, (char *)url);
		xmlFree(url);
		if (!crier_is_http_url(href) || (kind = reference_kind(r, a, href,
		    is_link)) == CRIER_SCHED_LINK)
			continue;
		title = fold(r, raw_text(r, a));
		/* The value quotes the title: its own quotes become '. */
		for (p = (char *)title; p != NULL && *p != '\0'; p++)
			if (*p == '"')
				*p = '\'';
		kinds[e->attachment_count] = kind;
		e->attachments[e->attachment_count++] = title == NULL
		    ? crier_arena_printf(r->s->arena, "%s %s 0", href,
		                         crier_media_type_guess(href))
		    : crier_arena_printf(r->s->arena, "%s %s 0 \"%s\"", href,
		                         crier_media_type_guess(href), title);
	}
}

static size_t
child_count(const xmlNode *list)
{
	size_t n = 0;

	for (list = list != NULL ? list->children : NULL; list != NULL;
	    list = list->next)
		n++;
	return n;
}

/*
 * <attachments>, and <links> to slides and videos, as media values (see
 * crier_sched_media_kind()); and the recording opt-out.
 */
static void
event_media(struct reader *r, const struct raw_event *ev,
            struct crier_sched_event *e)
{
	const xmlNode *list = child(ev->node, "attachments");
	const char *optout = folded_child(r, child(ev->node, "recording"),
	                                  "optout");
	size_t n = child_count(list) + child_count(ev->links) + 1;
	enum crier_sched_media *kinds = crier_arena_alloc(r->s->arena,
	                                                  n * sizeof(*kinds));

	e->is_recording_optout = optout != NULL &&
	    (strcasecmp(optout, "true") == 0 || strcmp(optout, "1") == 0);
	e->attachments = crier_arena_alloc(r->s->arena, n *
	                                   sizeof(*e->attachments));
	e->attachment_kinds = kinds;
	add_references(r, ev, list, 0, e, kinds);
	add_references(r, ev, ev->links, 1, e, kinds);
}

static void
add_event(struct reader *r, struct raw_event *ev)
{
	struct crier_schedule *s = r->s;
	struct crier_sched_event *e;
	size_t i;

	if (!is_selected(r, ev))
		return;
	if (ev->id == NULL && ev->guid == NULL) {
		crier_diag(r->diags, s->path, ev->line, 0, MSG_EVENT_SKIPPED,
		           ev->label, "no id and no guid to know it by");
		return;
	}
	s->events = crier_xgrow(s->events, &r->capacity, s->event_count + 1,
	                        sizeof(*s->events));
	e = &s->events[s->event_count];
	memset(e, 0, sizeof(*e));
	if (crier_sched_event_times(r, ev, &e->starts, &e->ends) != 0)
		return;
	e->line = ev->line;
	e->key = crier_arena_printf(s->arena, "%s/%s", s->conference,
	                            ev->guid != NULL ? ev->guid : ev->id);
	e->id = ev->id != NULL ? ev->id : ev->guid;
	e->slug = slugify(r, ev->slug != NULL ? ev->slug : ev->title, 64);
	if (e->slug == NULL)
		e->slug = crier_arena_printf(s->arena, "event-%s",
		                             slugify(r, e->id, 64));
	e->title = ev->title != NULL ? ev->title : crier_arena_printf(
	    s->arena, "Untitled event %s", e->id);
	e->room = ev->room;
	e->track = ev->track;
	e->url = ev->url != NULL && crier_is_http_url(ev->url) ? ev->url
	    : NULL;
	e->speakers = crier_arena_alloc(s->arena, (ev->person_count + 1) *
	                                sizeof(*e->speakers));
	for (i = 0; i < ev->person_count; i++)
		e->speakers[e->speaker_count++] = speaker_name(r, ev->persons[i]);
	e->body = event_body(r, ev, e->url);
	event_media(r, ev, e);
	s->event_count++;
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

	memset(&ev, 0, sizeof(ev));
	ev.day_date = attribute(r, day, "date");
	ev.day_start = attribute(r, day, "start");
	if (room != NULL)
		ev.room = attribute(r, room, "name");
	read_raw_event(r, e, &ev);
	add_event(r, &ev);
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

	if (child(root, "conference") == NULL)
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

struct key_place {
	const char *key;
	size_t index;   /* in schedule order */
};

static int
compare_key_places(const void *a, const void *b)
{
	const struct key_place *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

/* An event listed twice is imported once, from its first listing. */
static void
drop_duplicates(struct reader *r)
{
	struct crier_schedule *s = r->s;
	struct key_place *v = crier_xmalloc((s->event_count + 1) * sizeof(*v));
	char *is_dup = crier_xcalloc(s->event_count + 1, 1);
	size_t i, n = 0;

	for (i = 0; i < s->event_count; i++)
		v[i] = (struct key_place){s->events[i].key, i};
	qsort(v, s->event_count, sizeof(*v), compare_key_places);
	for (i = 1; i < s->event_count; i++) {
		if (strcmp(v[i].key, v[i - 1].key) != 0)
			continue;
		crier_diag(r->diags, s->path, s->events[v[i].index].line, 0,
		           MSG_EVENT_DUPLICATE, s->events[v[i].index].id,
		           s->events[v[i - 1].index].line);
		is_dup[v[i].index] = 1;
		v[i].index = v[i - 1].index;
	}
	for (i = 0; i < s->event_count; i++)
		if (!is_dup[i])
			s->events[n++] = s->events[i];
	s->event_count = n;
	free(v);
	free(is_dup);
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
	const xmlNode *zone = child(conf, "time_zone_name");
	const char *name = folded_child(r, conf, "acronym");

	if (name == NULL)
		name = folded_child(r, conf, "title");
	r->s->conference = slugify(r, name, 64);
	if (r->s->conference == NULL)
		r->s->conference = "schedule";
	r->day_change = folded_child(r, conf, "day_change");
	r->base_url = folded_child(r, conf, "base_url");
	r->timeslot_s = crier_sched_parse_clock(folded_child(r, conf, "timeslot_duration"));
	r->zone = r->opt->timezone;
	if (r->zone == NULL && zone != NULL) {
		r->zone = fold(r, raw_text(r, zone));
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
	read_conference(r, child(root, "conference"));
	read_version(r, folded_child(r, root, "version"));
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
 * <room> is gone into, an event is read whole.  Returns 1 when the first
 * <day> comes before any <conference>, which the stream cannot handle.
 */
static int
stream_element(struct reader *r, struct crier_sched_xml *x, struct top *t,
               const xmlNode *node, int depth)
{
	const char *name = (const char *)node->name;
	const xmlNode *e;

	if (depth == 0) {
		t->root_line = (unsigned)xmlGetLineNo(node);
		t->root_name = crier_arena_strdup(r->s->arena, name);
		if (strcmp(name, "schedule") != 0)
			crier_sched_xml_skip(x);
	} else if (depth == 1 && strcmp(name, "day") == 0) {
		if (t->conf == NULL)
			return 1;
		if (!t->has_days++)
			read_conference(r, t->conf);
	} else if (depth == 1 && strcmp(name, "conference") == 0 &&
	           t->conf == NULL) {
		if ((e = crier_sched_xml_expand(x)) != NULL)
			t->conf = xmlCopyNode((xmlNode *)e, 1);
	} else if (depth == 1 && strcmp(name, "version") == 0 &&
	           !t->has_version++) {
		if ((e = crier_sched_xml_expand(x)) != NULL)
			t->version = fold(r, raw_text(r, e));
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

/*
 * Reads schedule.xml in BUF (LEN bytes) element by element, as
 * read_tree() would read its tree.  Returns 0, -1 when it is no schedule
 * (errors said), or 1 when it needs the whole tree after all: for a
 * <day> before the <conference>, and for malformed XML, whose errors the
 * whole-tree parse words as it always has.  What the events add to the
 * diagnostics waits until the XML is known to be well-formed: with the
 * whole tree, they would not have been made.
 */
static int
read_stream(struct reader *r, const char *buf, size_t len)
{
	struct crier_diags *diags = r->diags, *xml_diags = crier_diags_new();
	struct crier_diags *event_diags = crier_diags_new();
	struct crier_sched_xml *x = crier_sched_xml_open(r->s->path, buf, len,
	                                                 xml_diags);
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
	}
	if (rc == 0)
		read_version(r, t.version);
	r->diags = diags;
	if (rc != 1)
		crier_diags_append(diags, xml_diags);
	if (rc == 0)
		crier_diags_append(diags, event_diags);
	crier_diags_free(xml_diags);
	crier_diags_free(event_diags);
	xmlFreeNode(t.conf);
	return rc;
}

/* schedule.xml in BUF (LEN bytes). */
static int
read_xml(struct reader *r, const char *buf, size_t len)
{
	xmlDoc *doc;
	int rc = read_stream(r, buf, len);

	if (rc == 1) {
		doc = crier_schedule_xml_memory(r->s->path, buf, len, r->diags);
		rc = read_tree(r, doc);
		xmlFreeDoc(doc);
	}
	return rc;
}

/* The schedule in its file, schedule.json or schedule.xml. */
static int
read_file(struct reader *r)
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
		rc = read_xml(r, buf, len);
	}
	free(buf);
	return rc;
}

/* The schedule in BUF (LEN bytes), or when BUF is NULL in its file. */
static int
read_schedule(const struct crier_import_options *opt, const char *buf,
              size_t len, struct crier_diags *diags,
              struct crier_schedule **out)
{
	struct reader r = {0};
	int rc = -1;

	*out = NULL;
	r.opt = opt;
	r.diags = diags;
	r.s = crier_xcalloc(1, sizeof(*r.s));
	r.s->arena = crier_arena_new();
	r.s->path = crier_arena_strdup(r.s->arena, opt->schedule_file);
	if (opt->timezone != NULL && !crier_zone_exists(opt->timezone)) {
		zone_error(diags, "--timezone", 0, opt->timezone);
		r.errors++;
	}
	r.filters = crier_sched_filters_new(opt, diags);
	if (r.filters != NULL && r.errors == 0)
		rc = buf != NULL ? read_xml(&r, buf, len) : read_file(&r);
	if (rc == 0) {
		if (r.errors == 0)
			r.errors += crier_sched_filters_report(r.filters,
			    r.s->path, r.s->event_count, diags);
		drop_duplicates(&r);
	}
	crier_sched_filters_free(r.filters);
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
                    struct crier_diags *diags, struct crier_schedule **out)
{
	return read_schedule(opt, NULL, 0, diags, out);
}

int
crier_schedule_read_memory(const struct crier_import_options *opt,
                           const char *buf, size_t len,
                           struct crier_diags *diags,
                           struct crier_schedule **out)
{
	return read_schedule(opt, buf, len, diags, out);
}

void
crier_schedule_free(struct crier_schedule *schedule)
{
	if (schedule == NULL)
		return;
	crier_arena_free(schedule->arena);
	free(schedule->events);
	free(schedule);
}
