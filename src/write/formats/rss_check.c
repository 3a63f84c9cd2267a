/*
 * rss_check.c - reading back the RSS feed as it is written (see
 * selfcheck.h): libxml2's SAX push parser, fed from the checker's thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "xmlcheck.h"
#include "rss.h"

/* Required children of the channel and of each item, as bits. */
enum {
	HAS_TITLE = 1, HAS_LINK = 2, HAS_DESCRIPTION = 4, HAS_GUID = 8,
	CHANNEL_NEEDS = HAS_TITLE | HAS_LINK | HAS_DESCRIPTION,
	ITEM_NEEDS = HAS_TITLE | HAS_GUID
};

struct rss_check {
	struct crier_xml_check x;
	int depth;
	size_t channels;       /* channel elements seen */
	unsigned channel_seen; /* HAS_* of the channel */
	unsigned item_seen;    /* HAS_* of the current item */
	int in_guid;
	struct crier_buf guid; /* text of the current item's guid */
	int in_date;
	struct crier_buf date; /* text of the current pubDate or lastBuildDate */
};

static int
is(const xmlChar *name, const char *want)
{
	return xmlStrEqual(name, (const xmlChar *)want);
}

static unsigned
child_bit(const xmlChar *name)
{
	if (is(name, "title"))
		return HAS_TITLE;
	if (is(name, "link"))
		return HAS_LINK;
	if (is(name, "description"))
		return HAS_DESCRIPTION;
	if (is(name, "guid"))
		return HAS_GUID;
	return 0;
}

static void
check_root(struct rss_check *c, const xmlChar *name, const xmlChar *uri,
           const xmlChar **attributes, int count)
{
	const xmlChar **a = attributes;
	int i, has_version = 0;

	if (uri != NULL || !is(name, "rss")) {
		crier_xml_check_problem(&c->x, "the root element is not <rss>%s", "");
		return;
	}
	/* SAX2 gives attribute values as [start, end) ranges. */
	for (i = 0; i < count; i++, a += 5)
		if (a[2] == NULL && is(a[0], "version"))
			has_version = a[4] - a[3] == 3 &&
			    memcmp(a[3], "2.0", 3) == 0;
	if (!has_version)
		crier_xml_check_problem(&c->x, "the rss element is not version 2.0%s", "");
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct rss_check *c = ctx;
	int depth = c->depth++;

	(void)prefix, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
	if (depth == 0)
		check_root(c, name, uri, attributes, nb_attributes);
	/* RSS 2.0's own elements are in no namespace. */
	if (uri != NULL)
		return;
	if (is(name, "pubDate") || is(name, "lastBuildDate")) {
		c->in_date = 1;
		c->date.len = 0;
	}
	if (depth == 1) {
		if (!is(name, "channel") || ++c->channels > 1)
			crier_xml_check_problem(&c->x, "the rss element must hold one channel%s",
			        "");
	} else if (depth == 2 && is(name, "item")) {
		if ((c->channel_seen & CHANNEL_NEEDS) != CHANNEL_NEEDS)
			crier_xml_check_problem(&c->x, "the channel lacks title, link or "
			        "description before its items%s", "");
		c->x.entry++;
		c->item_seen = 0;
	} else if (depth == 2) {
		c->channel_seen |= child_bit(name);
	} else if (depth == 3 && c->x.entry > 0) {
		c->item_seen |= child_bit(name);
		if (is(name, "guid")) {
			c->in_guid = 1;
			c->guid.len = 0;
		}
	}
}

/*
 * RFC 822 as the validator takes it without a question
 * (ProblematicalRFC822Date): "Wed, 01 Jan 2020 10:00:00 GMT".
 */
static void
check_date(struct rss_check *c)
{
	static const char shape[] = "Aaa, 00 Aaa 0000 00:00:00 GMT";
	const char *s;
	size_t i;

	crier_buf_add(&c->date, "", 0);
	s = c->date.data;
	for (i = 0; s[i] != '\0' && i < sizeof(shape) - 1; i++) {
		if (shape[i] == '0' ? !(s[i] >= '0' && s[i] <= '9') :
		    shape[i] == 'A' ? !(s[i] >= 'A' && s[i] <= 'Z') :
		    shape[i] == 'a' ? !(s[i] >= 'a' && s[i] <= 'z') :
		    s[i] != shape[i])
			break;
	}
	if (i != sizeof(shape) - 1 || s[i] != '\0')
		crier_xml_check_problem(&c->x, "a date is not RFC 822 in GMT: "
		                        "%.40s", s);
}

static void
check_guid(struct rss_check *c)
{
	const struct crier_entry *want;

	if (c->x.entry > crier_feed_output_count(c->x.feed)) {
		crier_xml_check_problem(&c->x, "more items than the feed has%s", "");
		return;
	}
	want = c->x.feed->published[c->x.entry - 1];
	crier_buf_add(&c->guid, "", 0);
	if (strcmp(c->guid.data, want->uri) != 0)
		crier_xml_check_problem(&c->x, "the item's guid is not %s", want->uri);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	struct rss_check *c = ctx;
	int depth = --c->depth;

	(void)name, (void)prefix, (void)uri;
	if (c->in_date) {
		c->in_date = 0;
		check_date(c);
	}
	if (depth == 3 && c->in_guid) {
		c->in_guid = 0;
		check_guid(c);
	} else if (depth == 2 && c->x.entry > 0 && uri == NULL &&
	    is(name, "item") && (c->item_seen & ITEM_NEEDS) != ITEM_NEEDS) {
		crier_xml_check_problem(&c->x, "an item lacks its title or guid%s", "");
	} else if (depth == 1 && (c->channel_seen & CHANNEL_NEEDS) != CHANNEL_NEEDS) {
		crier_xml_check_problem(&c->x, "the channel lacks title, link or description%s",
		        "");
	}
}

static void
on_characters(void *ctx, const xmlChar *text, int len)
{
	struct rss_check *c = ctx;

	if (c->in_guid)
		crier_buf_add(&c->guid, (const char *)text, (size_t)len);
	if (c->in_date)
		crier_buf_add(&c->date, (const char *)text, (size_t)len);
}

static int
rss_finish(struct crier_check *check, struct crier_diags *diags)
{
	struct rss_check *c = (struct rss_check *)check;
	size_t n = crier_feed_output_count(c->x.feed);
	int rc;

	crier_xml_check_end(&c->x);
	if (c->channels != 1)
		crier_xml_check_problem(&c->x, "the rss element must hold one "
		                        "channel%s", "");
	if (c->x.entry != n)
		crier_xml_check_problem(&c->x, "the channel lacks some items%s",
		                        "");
	rc = crier_xml_check_report(&c->x, diags);
	crier_buf_free(&c->guid);
	crier_buf_free(&c->date);
	free(c);
	return rc;
}

struct crier_check *
crier_check_rss_new(const struct crier_feed *feed, const char *path)
{
	struct rss_check *c = crier_xcalloc(1, sizeof(*c));
	xmlSAXHandler sax;

	memset(&sax, 0, sizeof(sax));
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_characters;
	crier_xml_check_init(&c->x, feed, path, &sax, rss_finish);
	c->x.is_feed = 1;
	return &c->x.base;
}
