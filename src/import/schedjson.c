/*
 * schedjson.c - reading a schedule.json (c3voc, frab, pretalx) as the
 * schedule.xml tree it stands for.
 *
 * The JSON export carries the same conference, days, rooms and events as
 * the XML one, under the same names (see the c3voc schema,
 * schedule.json.schema), so it is translated into that tree once and
 * schedule.c reads both alike: one place knows what a day change, a
 * missing <date> or a time slot means.  jansson parses (it refuses
 * invalid UTF-8 and NUL in strings); what records refuse besides is
 * dropped here, and relative media URLs are resolved against base_url.
 *
 * A JSON event has no line of its own in the tree, so diagnostics about
 * one name it by its id.
 */
#define _GNU_SOURCE   /* memmem */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "buf.h"
#include "diag.h"
#include "html2md.h"
#include "import.h"

struct convert {
	xmlDoc *doc;
	const char *base_url;   /* for relative attachment URLs, or NULL */
	const char *buf, *end;  /* the JSON text */
	const char *at;         /* where the last event was found in it */
	unsigned line;          /* the line AT is on */
};

/* V as text: strings cleaned, numbers and booleans spelt; else NULL. */
static char *
scalar_text(const json_t *v)
{
	struct crier_buf b = {0};

	if (json_is_string(v))
		crier_text_clean_lines(&b, json_string_value(v));
	else if (json_is_integer(v))
		crier_buf_printf(&b, "%" JSON_INTEGER_FORMAT,
		                 json_integer_value(v));
	else if (json_is_real(v))
		crier_buf_printf(&b, "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		crier_buf_puts(&b, json_is_true(v) ? "true" : "false");
	else
		return NULL;
	return crier_buf_take(&b);
}

/* <NAME>text of V</NAME> under PARENT, when V is a scalar. */
static xmlNode *
add_text(xmlNode *parent, const char *name, const json_t *v)
{
	char *text = scalar_text(v);
	xmlNode *n;

	if (text == NULL)
		return NULL;
	n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
	xmlNodeAddContent(n, (const xmlChar *)text);
	free(text);
	return n;
}

static void
set_attr(xmlNode *node, const char *name, const json_t *v)
{
	char *text = scalar_text(v);

	if (text != NULL)
		xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)text);
	free(text);
}

/* Member NAME of each of OBJ's KEYS that is there, as a child. */
static void
add_members(xmlNode *parent, const json_t *obj, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		add_text(parent, *keys, json_object_get(obj, *keys));
}

/* frab names people public_name, pretalx name, older exports full_*. */
static void
add_persons(xmlNode *event, const json_t *persons)
{
	static const char *const names[] = {"public_name", "name",
	    "full_public_name", "full_name", NULL};
	const char *const *k;
	xmlNode *list, *p;
	const json_t *person, *name;
	size_t i;

	if (!json_is_array(persons))
		return;
	list = xmlNewChild(event, NULL, (const xmlChar *)"persons", NULL);
	json_array_foreach(persons, i, person) {
		name = json_is_string(person) ? person : NULL;
		for (k = names; name == NULL && *k != NULL; k++)
			if (json_is_string(json_object_get(person, *k)))
				name = json_object_get(person, *k);
		if (name == NULL)
			continue;
		p = add_text(list, "person", name);
		set_attr(p, "id", json_object_get(person, "id"));
	}
}

/*
 * LIST's {url, title, type} as <LIST_NAME><ITEM_NAME href type>title
 * </...>.
 */
static void
add_references(struct convert *c, xmlNode *event, const json_t *list,
               const char *list_name, const char *item_name)
{
	const json_t *ref, *url;
	xmlChar *href;
	xmlNode *parent, *n;
	size_t i;
	char *text;

	if (!json_is_array(list) || json_array_size(list) == 0)
		return;
	parent = xmlNewChild(event, NULL, (const xmlChar *)list_name, NULL);
	json_array_foreach(list, i, ref) {
		url = json_object_get(ref, "url");
		if ((text = scalar_text(url)) == NULL)
			continue;
		href = c->base_url != NULL ? xmlBuildURI((const xmlChar *)text,
		    (const xmlChar *)c->base_url) : NULL;
		n = add_text(parent, item_name, json_object_get(ref, "title"));
		if (n == NULL)
			n = xmlNewChild(parent, NULL, (const xmlChar *)item_name,
			                NULL);
		xmlNewProp(n, (const xmlChar *)"href", href != NULL ? href
		           : (const xmlChar *)text);
		/* The c3voc schema's type: "slides", "media", "paper"... */
		set_attr(n, "type", json_object_get(ref, "type"));
		xmlFree(href);
		free(text);
	}
}

/*
 * The line an event is on, for diagnostics: where its guid first
 * appears after the previous event's (events come in text order, so the
 * search goes through the text once); 0 when it has none.
 */
static unsigned
event_line(struct convert *c, const json_t *ev)
{
	const json_t *guid = json_object_get(ev, "guid");
	char needle[160];
	const char *p;
	size_t n;

	if (!json_is_string(guid) || json_string_length(guid) > 120)
		return 0;
	n = (size_t)snprintf(needle, sizeof(needle), "\"%s\"",
	                     json_string_value(guid));
	p = memmem(c->at, (size_t)(c->end - c->at), needle, n);
	if (p == NULL)
		return 0;
	for (; c->at < p; c->at++)
		c->line += *c->at == '\n';
	return c->line;
}

static void
add_event(struct convert *c, xmlNode *room, const json_t *ev)
{
	static const char *const keys[] = {"date", "start", "duration", "end",
	    "room", "slug", "url", "title", "subtitle", "track", "type",
	    "language", "abstract", "description", NULL};
	xmlNode *e = xmlNewChild(room, NULL, (const xmlChar *)"event", NULL);
	const json_t *optout = json_object_get(ev, "do_not_record");

	unsigned line = event_line(c, ev);

	/* libxml2 keeps an element's line in 16 bits. */
	e->line = (unsigned short)(line < 65535 ? line : 65535);
	set_attr(e, "id", json_object_get(ev, "id"));
	set_attr(e, "guid", json_object_get(ev, "guid"));
	add_members(e, ev, keys);
	add_persons(e, json_object_get(ev, "persons"));
	add_references(c, e, json_object_get(ev, "links"), "links", "link");
	add_references(c, e, json_object_get(ev, "attachments"),
	               "attachments", "attachment");
	if (json_is_boolean(optout)) {
		xmlNode *rec = xmlNewChild(e, NULL, (const xmlChar *)"recording",
		                           NULL);

		add_text(rec, "license", json_object_get(ev,
		         "recording_license"));
		add_text(rec, "optout", optout);
	}
}

static void
add_day(struct convert *c, xmlNode *root, const json_t *day)
{
	xmlNode *d = xmlNewChild(root, NULL, (const xmlChar *)"day", NULL);
	const json_t *rooms = json_object_get(day, "rooms"), *events, *ev;
	const char *name;
	xmlNode *room;
	size_t i;

	set_attr(d, "index", json_object_get(day, "index"));
	set_attr(d, "date", json_object_get(day, "date"));
	set_attr(d, "start", json_object_get(day, "day_start"));
	set_attr(d, "end", json_object_get(day, "day_end"));
	json_object_foreach((json_t *)rooms, name, events) {
		json_t *key = json_string(name);

		room = xmlNewChild(d, NULL, (const xmlChar *)"room", NULL);
		set_attr(room, "name", key);
		json_decref(key);
		json_array_foreach(events, i, ev)
			if (json_is_object(ev))
				add_event(c, room, ev);
	}
}

/* The JSON's conference as <conference>, days and all. */
static xmlDoc *
convert(const json_t *schedule, const char *buf, size_t len)
{
	static const char *const keys[] = {"acronym", "title", "start", "end",
	    "timeslot_duration", "time_zone_name", "day_change", NULL};
	const json_t *conf = json_object_get(schedule, "conference"), *day;
	struct convert c = {xmlNewDoc((const xmlChar *)"1.0"), NULL, buf,
	                    buf + len, buf, 1};
	xmlNode *root, *cn;
	size_t i;

	if (c.doc == NULL)
		return NULL;
	if (json_is_string(json_object_get(schedule, "base_url")))
		c.base_url = json_string_value(json_object_get(schedule,
		                                               "base_url"));
	root = xmlNewNode(NULL, (const xmlChar *)"schedule");
	xmlDocSetRootElement(c.doc, root);
	add_text(root, "version", json_object_get(schedule, "version"));
	cn = xmlNewChild(root, NULL, (const xmlChar *)"conference", NULL);
	add_members(cn, conf, keys);
	add_text(cn, "days", json_object_get(conf, "daysCount"));
	json_array_foreach(json_object_get(conf, "days"), i, day)
		if (json_is_object(day))
			add_day(&c, root, day);
	return c.doc;
}

/*
 * Whether ROOT is a schedule.json: {"schedule": {"conference": {"days":
 * [...]}}}, each day an object whose rooms map names to event lists.
 */
static int
is_schedule(const json_t *root)
{
	const json_t *conf = json_object_get(json_object_get(root, "schedule"),
	                                     "conference");
	const json_t *days = json_object_get(conf, "days"), *day, *rooms, *v;
	const char *name;
	size_t i;

	if (!json_is_array(days))
		return 0;
	json_array_foreach(days, i, day) {
		rooms = json_object_get(day, "rooms");
		if (!json_is_object(day) || (rooms != NULL &&
		    !json_is_object(rooms)))
			return 0;
		json_object_foreach((json_t *)rooms, name, v)
			if (!json_is_array(v))
				return 0;
	}
	return 1;
}

xmlDoc *
crier_schedule_json(const char *path, const char *buf, size_t len,
                    struct crier_diags *diags)
{
	json_error_t error;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &error);
	xmlDoc *doc = NULL;

	if (root == NULL) {
		crier_diag(diags, path, error.line > 0 ? (unsigned)error.line : 0,
		           error.column > 0 ? (unsigned)error.column : 0,
		           MSG_JSON_ERROR, error.text);
		return NULL;
	}
	if (!is_schedule(root))
		crier_diag(diags, path, 1, 1, MSG_NOT_A_JSON_SCHEDULE);
	else
		doc = convert(json_object_get(root, "schedule"), buf, len);
	json_decref(root);
	return doc;
}
