/*
 * viewkey.c - the key of a view a build writes (stamp.h): a hash of
 * everything its files are made of, so that a view whose key has not
 * changed since the last build is left as that build wrote it.
 *
 * The key covers the crier that writes, TZ and TZDIR, feed.conf's stat
 * data and hash, every setting of the view and, for each of its entries,
 * every field of the model (its announcement's and its talks' too).  The
 * body is not in the model: the hash of its bytes stands for it, and
 * the writers read those bytes, kept from loading, or read again from
 * the record after checking that hash (crier_entry_body()).  Where they
 * are kept is not what they are, so it is not in the key.  The writers
 * see nothing else of a view: they take a const model (model.h).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "record.h"
#include "model.h"
#include "stamp.h"

/*
 * A field added to the model must be added to the key, or a page would
 * keep showing its old value: these sizes fail the build until it is.
 */
#if UINTPTR_MAX == 0xffffffffffffffffu && defined(__x86_64__)
_Static_assert(sizeof(struct crier_entry) == 392,
               "struct crier_entry changed: update put_entry()");
_Static_assert(sizeof(struct crier_feed) == 512,
               "struct crier_feed changed: update put_settings()");
_Static_assert(sizeof(struct crier_media) == 48,
               "struct crier_media changed: update put_entry()");
#endif

static void
put_bytes(struct crier_buf *b, const void *p, size_t len)
{
	crier_buf_add(b, p, len);
}

static void
put_u64(struct crier_buf *b, uint64_t v)
{
	put_bytes(b, &v, sizeof(v));
}

/* A string, told apart from NULL and from its neighbours. */
static void
put_str(struct crier_buf *b, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (s == NULL) {
		put_u64(b, UINT64_MAX);
		return;
	}
	put_u64(b, len);
	put_bytes(b, s, len);
}

static void
put_time(struct crier_buf *b, struct crier_time t)
{
	put_u64(b, (uint64_t)t.epoch_s);
	put_u64(b, (uint64_t)(int64_t)t.offset_s);
}

/* Field by field: padding bytes are not the same from run to run. */
static void
put_file_key(struct crier_buf *b, const struct crier_file_key *k)
{
	put_u64(b, k->ino);
	put_u64(b, k->size);
	put_u64(b, (uint64_t)k->mtime_ns);
	put_u64(b, (uint64_t)k->ctime_ns);
	put_u64(b, k->has_hash ? k->hash : 0);
	put_u64(b, k->has_hash);
}

static void
put_people(struct crier_buf *b, const struct crier_person *p, size_t n)
{
	size_t i;

	put_u64(b, n);
	for (i = 0; i < n; i++) {
		put_str(b, p[i].name);
		put_str(b, p[i].email);
	}
}

static void
put_media(struct crier_buf *b, const struct crier_media *m, size_t n)
{
	size_t i;

	put_u64(b, n);
	for (i = 0; i < n; i++) {
		put_str(b, m[i].url);
		put_str(b, m[i].type);
		put_str(b, m[i].title);
		put_str(b, m[i].language);
		put_u64(b, m[i].length_bytes);
		put_u64(b, (uint64_t)m[i].kind);
	}
}

/* Every field of E but the links to other entries, as DOC shows it. */
static void
put_fields(struct crier_buf *b, const struct crier_feed *doc,
           const struct crier_entry *e)
{
	size_t i;

	put_str(b, e->file);
	put_str(b, e->uri);
	put_str(b, e->id);
	put_str(b, e->title);
	put_str(b, e->summary);
	put_str(b, e->link);
	put_time(b, e->published);
	put_time(b, e->updated);
	put_people(b, e->authors, e->author_count);
	put_u64(b, e->category_count);
	for (i = 0; i < e->category_count; i++)
		put_str(b, e->categories[i]);
	put_time(b, e->starts);
	put_time(b, e->ends);
	put_str(b, e->event);
	put_str(b, e->location);
	put_str(b, e->timezone);
	put_str(b, e->room);
	put_str(b, e->track);
	put_str(b, e->previous_room);
	put_time(b, e->previous_starts);
	put_people(b, e->speakers, e->speaker_count);
	put_str(b, e->announcement_id);
	put_people(b, e->people, e->people_count);
	put_str(b, e->place);
	put_media(b, e->media, e->media_count);
	put_time(b, e->expires);
	/* A revision's body is made, not read: it is its own key. */
	put_str(b, e->generated_body);
	put_u64(b, e->body_offset);
	put_u64(b, e->body_size);
	put_u64(b, e->body_hash);
	put_u64(b, e->revision);
	put_u64(b, e->updated_shift_us);
	put_u64(b, e->body_line);
	put_str(b, crier_talk_calendar_stem(doc, e));
	put_u64(b, (uint64_t)e->kind << 8 | (uint64_t)e->status);
	put_u64(b, (uint64_t)e->has_event_time << 3 |
	        (uint64_t)e->has_previous_starts << 2 |
	        (uint64_t)e->is_draft << 1 | (uint64_t)e->has_expires);
}

/*
 * The fingerprints of the fields of a feed's entries, each made once:
 * an entry is in several views (its archive page, its month's page, its
 * facets), and views hold every entry's announcement and talks too.
 */
struct crier_entry_keys {
	const struct crier_entry *first;
	size_t count;
	uint64_t *keys;
	unsigned char *is_made;
	struct crier_buf scratch;
};

void
crier_entry_keys_free(struct crier_entry_keys *k)
{
	if (k == NULL)
		return;
	free(k->keys);
	free(k->is_made);
	crier_buf_free(&k->scratch);
	free(k);
}

/*
 * The fingerprint of E's fields as DOC shows them, made in SCRATCH.
 * DOC is a view of the feed: its entries and talk calendars are the
 * feed's, so one fingerprint serves every view.
 */
static uint64_t
fields_key(struct crier_entry_keys *k, struct crier_buf *scratch,
           const struct crier_feed *doc, const struct crier_entry *e)
{
	size_t i = (size_t)(e - k->first);
	bool is_indexed = e >= k->first && i < k->count;

	if (is_indexed && k->is_made[i])
		return k->keys[i];
	scratch->len = 0;
	put_fields(scratch, doc, e);
	if (!is_indexed)
		return crier_hash_bytes(scratch->data, scratch->len);
	k->keys[i] = crier_hash_bytes(scratch->data, scratch->len);
	k->is_made[i] = 1;
	return k->keys[i];
}

/* One thread's share of the fingerprints: the entries FROM to TO. */
struct key_share {
	struct crier_entry_keys *k;
	const struct crier_feed *feed;
	size_t from, to;
	pthread_t thread;
};

static void *
make_share(void *arg)
{
	struct key_share *sh = arg;
	struct crier_buf scratch = {0};
	size_t i;

	for (i = sh->from; i < sh->to; i++)
		fields_key(sh->k, &scratch, sh->feed, &sh->feed->entries[i]);
	crier_buf_free(&scratch);
	return NULL;
}

/*
 * Every fingerprint, half on a second thread: a build needs nearly all
 * of them, for the stamp if not to keep a view, and one by one they were
 * a tenth of a build that changed one record of 100,000.  Each thread
 * writes its own entries' slots.
 */
static void
make_all(struct crier_entry_keys *k, const struct crier_feed *feed)
{
	struct key_share shares[2] = {
		{k, feed, 0, k->count / 2, pthread_self()},
		{k, feed, k->count / 2, k->count, pthread_self()},
	};
	int is_threaded = pthread_create(&shares[1].thread, NULL, make_share,
	                                 &shares[1]) == 0;

	make_share(&shares[0]);
	if (is_threaded)
		pthread_join(shares[1].thread, NULL);
	else
		make_share(&shares[1]);
}

struct crier_entry_keys *
crier_entry_keys_new(const struct crier_feed *feed)
{
	struct crier_entry_keys *k = crier_xcalloc(1, sizeof(*k));

	k->first = feed->entries;
	k->count = feed->entry_count;
	k->keys = crier_xcalloc(k->count + 1, sizeof(*k->keys));
	k->is_made = crier_xcalloc(k->count + 1, 1);
	if (k->count >= 4096)
		make_all(k, feed);
	return k;
}

/* E, with its announcement and its talks as an entry shows them. */
static void
put_entry(struct crier_buf *b, struct crier_entry_keys *k,
          const struct crier_feed *doc, const struct crier_entry *e)
{
	size_t i;

	put_u64(b, fields_key(k, &k->scratch, doc, e));
	put_u64(b, e->announcement != NULL);
	if (e->announcement != NULL)
		put_u64(b, fields_key(k, &k->scratch, doc, e->announcement));
	put_u64(b, e->talk_count);
	for (i = 0; i < e->talk_count; i++)
		put_u64(b, fields_key(k, &k->scratch, doc, e->talks[i]));
}

/* The view's settings: feed.conf's, and its own. */
static void
put_settings(struct crier_buf *b, const struct crier_feed *doc)
{
	size_t i;

	put_str(b, doc->source);
	put_str(b, doc->real_source);
	put_file_key(b, &doc->inputs.conf);
	put_str(b, doc->title);
	put_str(b, doc->subtitle);
	put_str(b, doc->id);
	put_str(b, doc->link);
	put_str(b, doc->base);
	put_people(b, &doc->author, 1);
	put_str(b, doc->language);
	put_str(b, doc->timezone);
	put_str(b, doc->icon);
	put_str(b, doc->logo);
	put_str(b, doc->rights);
	put_str(b, doc->hub);
	put_str(b, doc->upload);
	put_u64(b, doc->limit);
	put_u64(b, (uint64_t)doc->wants_schedule_changes << 2 |
	        (uint64_t)doc->allows_html << 1 | doc->has_stylesheet);
	put_u64(b, doc->outputs);
	put_u64(b, doc->facets);
	put_u64(b, doc->tombstone_days);
	put_str(b, doc->calendar_cancelled_prefix);
	/*
	 * Not record_count: how many records the source has changes no
	 * view but through the entries it holds, which are here.
	 */
	put_time(b, doc->updated);
	put_str(b, doc->stem);
	put_str(b, doc->prev_archive);
	put_str(b, doc->next_archive);
	put_str(b, doc->facet_label);
	put_u64(b, (uint64_t)doc->is_archive << 1 | doc->is_talk_calendar);
	put_u64(b, doc->month_count);
	put_u64(b, doc->tombstone_count);
	for (i = 0; i < doc->tombstone_count; i++) {
		put_str(b, doc->tombstones[i].uri);
		put_time(b, doc->tombstones[i].when);
	}
}

uint64_t
crier_stamp_view_key(const struct crier_feed *doc, const char *build_id,
                     struct crier_entry_keys *entries)
{
	struct crier_buf b = {0};
	const char *tz = getenv("TZ"), *tzdir = getenv("TZDIR");
	uint64_t key;
	size_t i;

	put_str(&b, build_id);
	put_str(&b, tz);
	put_str(&b, tzdir);
	put_settings(&b, doc);
	put_u64(&b, doc->published_count);
	for (i = 0; i < doc->published_count; i++)
		put_entry(&b, entries, doc, doc->published[i]);
	key = crier_hash_bytes(b.data, b.len);
	crier_buf_free(&b);
	return key;
}
