/*
 * schedcopy.c - an event copied out of the reader's arena (import.h), in
 * one block of memory: a copy for each of 100,000 events must cost
 * little more than the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "import.h"

/* The bytes a copy of E takes, laid out as crier_sched_event_copy() does. */
static size_t
event_size(const struct crier_sched_event *e, const char *const *strings,
           size_t n)
{
	size_t size = sizeof(*e) + (e->speaker_count + e->attachment_count) *
	              sizeof(char *) + e->attachment_count *
	              sizeof(*e->attachment_kinds), i;

	for (i = 0; i < n; i++)
		size += strings[i] != NULL ? strlen(strings[i]) + 1 : 0;
	for (i = 0; i < e->speaker_count; i++)
		size += strlen(e->speakers[i]) + 1;
	for (i = 0; i < e->attachment_count; i++)
		size += strlen(e->attachments[i]) + 1;
	return size;
}

/* S copied to *AT, which moves past it. */
static const char *
put_string(char **at, const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = memcpy(*at, s, len);

	*at += len;
	return copy;
}

struct crier_sched_event *
crier_sched_event_copy(const struct crier_sched_event *e)
{
	const char *strings[] = {e->key, e->id, e->slug, e->title, e->room,
	                         e->track, e->url, e->body_parts.head,
	                         e->body_parts.abstract,
	                         e->body_parts.description,
	                         e->body_parts.links};
	size_t n = sizeof(strings) / sizeof(*strings), i;
	struct crier_sched_event *c = crier_xmalloc(event_size(e, strings, n));
	const char **lists = (const char **)(c + 1), **fields[11];
	char *at;

	*c = *e;
	c->speakers = lists;
	c->attachments = lists + e->speaker_count;
	c->attachment_kinds = memcpy(lists + e->speaker_count +
	    e->attachment_count, e->attachment_kinds,
	    e->attachment_count * sizeof(*e->attachment_kinds));
	at = (char *)(c->attachment_kinds + e->attachment_count);
	for (i = 0; i < e->speaker_count; i++)
		lists[i] = put_string(&at, e->speakers[i]);
	for (i = 0; i < e->attachment_count; i++)
		lists[e->speaker_count + i] = put_string(&at, e->attachments[i]);
	fields[0] = &c->key, fields[1] = &c->id, fields[2] = &c->slug;
	fields[3] = &c->title, fields[4] = &c->room, fields[5] = &c->track;
	fields[6] = &c->url, fields[7] = &c->body_parts.head;
	fields[8] = &c->body_parts.abstract;
	fields[9] = &c->body_parts.description;
	fields[10] = &c->body_parts.links;
	for (i = 0; i < n; i++)
		if (strings[i] != NULL)
			*fields[i] = put_string(&at, strings[i]);
	return c;
}
