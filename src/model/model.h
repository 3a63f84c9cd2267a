/*
 * model.h - the feed model: validated, sorted entries with resolved times.
 *
 * This is what the writers see.  Everything in it is checked: strings are
 * clean UTF-8 without characters XML forbids, URLs are absolute http(s),
 * times are instants with the offset to show them in.  Writers take a
 * const struct crier_feed and never see record syntax.  Bodies are not
 * held in memory: loading puts them in a file of their own (bodies.c),
 * and crier_entry_body() reads one when a writer needs it.
 */
#ifndef CRIER_MODEL_H
#define CRIER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "alloc.h"
#include "crier.h"
#include "times.h"

struct crier_person {
	const char *name;
	const char *email;   /* NULL when not given */
};

enum crier_entry_kind {
	CRIER_ANNOUNCEMENT,
	CRIER_TALK
};

/*
 * A file attached to an entry (media.h), in the order enclosures are
 * chosen: the first of an entry's media is its RSS enclosure.
 */
enum crier_media_kind {
	CRIER_MEDIA_RECORDING,
	CRIER_MEDIA_VIDEO,
	CRIER_MEDIA_SLIDES,
	CRIER_MEDIA_ATTACHMENT
};

struct crier_media {
	const char *url;           /* absolute http(s) */
	const char *type;          /* a media type: "video/mp4" */
	const char *title;         /* NULL when not given */
	const char *language;      /* a language tag, or NULL */
	uint64_t length_bytes;     /* 0: unknown */
	enum crier_media_kind kind;
};

/* A talk's Status: what changed after it was announced. */
enum crier_talk_status {
	CRIER_CONFIRMED,
	CRIER_MOVED,       /* its times or room are new since announced */
	CRIER_CANCELLED
};

/*
 * How a moved or cancelled talk's title starts, in every output
 * (published.c), so that a reader who only scans titles sees it.
 */
#define CRIER_CANCELLED_MARK "Cancelled:"
#define CRIER_MOVED_MARK "Moved:"

/*
 * Held for every record of a feed, so its size matters at 100,000
 * records: the small members are kept together at the end.
 */
struct crier_entry {
	const char *file;          /* the record's path, for diagnostics */
	const char *uri;           /* the entry's tag: URI, from both ids */
	const char *id;            /* record id (Id, else the path stem):
	                              the end of uri */
	const char *title;
	const char *summary;       /* NULL when not given */
	const char *link;          /* Link, else the entry on the page, or NULL */
	struct crier_time published;
	struct crier_time updated; /* = published when not given */
	struct crier_person *authors;
	size_t author_count;
	const char **categories;
	size_t category_count;

	/* An event: an announcement's (optional) or a talk's (required). */
	struct crier_time starts, ends;   /* when has_event_time */
	const char *event;         /* announcement: the event's name */
	const char *location;      /* announcement: where */
	const char *timezone;      /* zone to show times in, or NULL */

	/* Talks only. */
	const char *room, *track;
	const char *previous_room;        /* Previous-Room, or NULL */
	struct crier_time previous_starts; /* when has_previous_starts */
	struct crier_person *speakers;
	size_t speaker_count;
	const char *announcement_id;
	const struct crier_entry *announcement;  /* resolved, or NULL */

	/*
	 * Derived for the writers, once: the people an entry credits (its
	 * authors, else a talk's speakers, else its announcement's authors,
	 * else the feed's author) and where its event is (room, location,
	 * the announcement's location, comma-separated; NULL when none).
	 */
	const struct crier_person *people;
	size_t people_count;
	const char *place;

	/*
	 * Slides, Video, Recording and Attachment, recordings first, then
	 * videos, slides and the rest, each kind in file order; none when
	 * the record says "Recording: no" are recordings.
	 */
	const struct crier_media *media;
	size_t media_count;

	/* Announcements: their published talks, in start order. */
	const struct crier_entry **talks;
	size_t talk_count;

	struct crier_time expires;        /* when has_expires */

	/*
	 * The Markdown body of an entry crier made rather than read (a
	 * revision of the schedule, revisions.c); NULL for records, whose
	 * body stays in their file.
	 */
	const char *generated_body;

	/*
	 * Where the body is in its file: records are at most
	 * CRIER_RECORD_MAX_BYTES, so 32 bits suffice.  Bodies are too large
	 * to hold for every entry (the memory of a 100,000-record build
	 * stays flat); the fingerprint of the bytes checked when loading
	 * tells crier_entry_body() that it reads those bytes again when it
	 * has to read them from the record.  BODY_SPILLED_AT is 1 + where
	 * the body is in the bodies' file, 0 when it is not there.
	 */
	uint64_t body_hash;
	uint64_t body_spilled_at;
	uint32_t body_offset, body_size;

	/*
	 * Seconds from the record's published to its own updated time,
	 * before updated times are made unique: it grows with each change
	 * the record's Updated records (iCalendar's SEQUENCE).
	 */
	uint32_t revision;
	/*
	 * Microseconds the Atom feed writes updated earlier than it is, so
	 * that entries sharing a second get distinct times (published.c);
	 * other formats write the record's own second.
	 */
	uint32_t updated_shift_us;
	unsigned body_line;

	/* Where values came from, for diagnostics across records. */
	unsigned id_line, id_column;
	unsigned starts_line, starts_column;
	unsigned announcement_line, announcement_column;

	enum crier_entry_kind kind;
	enum crier_talk_status status;
	bool has_event_time;
	bool has_previous_starts;
	bool is_draft;
	bool has_expires;
};

/* The outputs a feed can have; Outputs in feed.conf picks some. */
enum crier_output_kind {
	CRIER_OUT_ATOM,
	CRIER_OUT_RSS,
	CRIER_OUT_JSON,
	CRIER_OUT_ICS,
	CRIER_OUT_HTML,
	CRIER_OUT_SCHEDULE,    /* schedule.xml; only when Outputs names it */
	CRIER_OUT_COUNT
};

/*
 * An entry whose record was deleted after it was published (RFC 6721),
 * from the ledger of earlier builds (ledger.h).
 */
struct crier_tombstone {
	const char *uri;
	struct crier_time when;    /* when a build first found it gone */
};

/* The facets a feed can be split by; Facets in feed.conf picks some. */
enum crier_facet_kind {
	CRIER_FACET_TRACK,
	CRIER_FACET_ROOM,
	CRIER_FACET_SPEAKER,
	CRIER_FACET_CATEGORY,
	CRIER_FACET_COUNT
};

/* Their names in Facets: "track", "room", "speaker", "category". */
extern const char *const crier_facet_names[CRIER_FACET_COUNT];

/*
 * Each output's file (crier_output_file()).  The page's: entries without
 * a Link point at it.
 */
#define CRIER_ATOM_FILE "feed.atom"
#define CRIER_RSS_FILE "feed.rss"
#define CRIER_JSON_FILE "feed.json"
#define CRIER_ICS_FILE "talks.ics"
#define CRIER_HTML_FILE "index.html"
#define CRIER_SCHEDULE_FILE "schedule.xml"

/* Their names in Outputs: "atom", "rss", "json", "ics", "html". */
extern const char *const crier_output_names[CRIER_OUT_COUNT];

/*
 * The file an output kind is written to ("feed.atom"); every kind has a
 * writer (build.c).  Defined in names.c, below the writers.
 */
const char *crier_output_file(enum crier_output_kind kind);

#define CRIER_LOAD_THREADS 2

/*
 * What a file looked like when it was read, as stat(2) says: enough to
 * tell, without reading it again, that it changed since (git's index
 * does the same).  HASH is crier_hash_bytes() of the bytes read, kept when
 * the times alone cannot tell: the file changed so shortly before it
 * was read that a change within the same clock tick would leave them
 * as they are (HAS_HASH).
 */
struct crier_file_key {
	uint64_t ino, size;
	int64_t mtime_ns, ctime_ns;
	uint64_t hash;
	bool has_hash;
};

/*
 * What loading read (stamp.h): every record's key, index-aligned with
 * the entries; feed.conf's; the other files the walk met, whose names
 * alone matter; the warnings loading gave.  STARTED_NS is the wall
 * clock when loading began: files changed after started_ns minus a
 * margin carry a hash.
 */
struct crier_reccache;
struct crier_inputs {
	int64_t started_ns;
	struct crier_file_key conf;
	struct crier_file_key *records;
	struct crier_reccache *cache;   /* the records as last read, or NULL */
	char **others;                  /* full paths, in no order */
	size_t other_count;
	struct crier_diag *warnings;    /* strings in the feed's arena */
	size_t warning_count;
};

/*
 * Whether NAME, at the top of a source, documents it (README.md,
 * LICENSE...) and is not a record.
 */
int crier_source_is_documentation(const char *name);

/* Whether ST, seen while loading from STARTED_NS on, needs a hash. */
bool crier_file_key_is_racy(const struct crier_file_key *key,
                            int64_t started_ns);
void crier_file_key_set(struct crier_file_key *key, const struct stat *st);
/*
 * KEY for the LEN bytes at BUF, just read from a file fstat() gave ST:
 * with a hash if ALWAYS or if it is racy (loadrec.c).
 */
void crier_file_key_of_read(struct crier_file_key *key, const struct stat *st,
                            const char *buf, size_t len, int64_t started_ns,
                            bool always);

/*
 * Reads the COUNT records at PATHS, in byte order, into FEED's entries
 * and the stamp's keys (loadrec.c).  Returns 0, or -1 if any has an
 * error, reported in DIAGS.
 */
int crier_records_load(struct crier_feed *feed, char **paths, size_t count,
                       struct crier_diags *diags);

struct crier_feed {
	struct crier_arena *arena;
	struct crier_arena *load_arenas[CRIER_LOAD_THREADS];
	const char *source;        /* the source directory as given */
	const char *conf_file;
	const char *real_source;   /* realpath() of source: links stay inside */
	struct crier_inputs inputs; /* what loading read, for the stamp */
	struct crier_bodies *bodies; /* the records' bodies; views share it */

	const char *title, *subtitle, *id, *link, *base;
	struct crier_person author;
	const char *language, *timezone, *icon, *logo, *rights, *hub;
	const char *upload;        /* Upload: where publish sends outputs */
	size_t limit;              /* 0: no limit */
	bool allows_html;
	bool has_stylesheet;       /* Stylesheet: feed.xsl for browsers */
	unsigned outputs;          /* 1 << enum crier_output_kind, each */
	unsigned facets;           /* 1 << enum crier_facet_kind, each */
	unsigned tombstone_days;   /* Tombstone-Days; 0: none kept */
	bool wants_schedule_changes;   /* Schedule-Changes, yes unless no */
	/*
	 * Calendar-Cancelled-Prefix: the text before a cancelled event's
	 * SUMMARY, "" for none; CRIER_CANCELLED_MARK unless set.
	 */
	const char *calendar_cancelled_prefix;

	/*
	 * Every valid record, in path order: the first RECORD_COUNT
	 * entries; then the entries crier made, the revisions of the
	 * schedule (revisions.c), which have no file of their own.
	 */
	struct crier_entry *entries;
	size_t entry_count, record_count;

	/* The published set, newest first (updated, then published, then id). */
	const struct crier_entry **published;
	size_t published_count;

	/* Valid records held back (draft, future, expired), in path order. */
	const struct crier_entry **held;
	size_t held_count;
	int64_t now_s;

	/*
	 * The feed's updated time: its newest entry's, or the last instant
	 * at or before now_s that a record expired, if that is later, since
	 * the set changed then; with no entry, the start of now_s's UTC day.
	 */
	struct crier_time updated;

	/*
	 * Records whose publication changes after now_s or did before it:
	 * the held ones and the published ones that will expire, in path
	 * order (crier_feed_schedule_get()).
	 */
	const struct crier_entry **schedule;
	size_t schedule_count;

	/*
	 * The other documents built from the source (views.c): archive
	 * pages, oldest first, then facet feeds.  A view is a feed of its
	 * own, a copy of these settings with its own entries, id, title,
	 * updated time and file names; its published set is what it holds.
	 */
	struct crier_feed *views;
	size_t view_count;
	size_t archive_count;      /* the first views */
	size_t month_count;        /* the month pages, after the archives */

	/*
	 * By index in ENTRIES: a published talk's own calendar, "talk-SLUG"
	 * (ics_split.c), which a row on any page links to.  NULL without
	 * talk calendars; views share it.
	 */
	const char **calendar_stems;

	/*
	 * For views: the file names without extension ("archive-3",
	 * "track-virtualization"); NULL for the subscription feed, whose
	 * names are fixed (crier_output_file()).  Archive links (RFC 5005)
	 * name stems too.
	 */
	const char *stem;
	const char *prev_archive, *next_archive;
	const char *facet_label;   /* facets: "track Virtualization" */
	bool is_archive;
	bool is_talk_calendar;     /* one talk's .ics (ics_split.c) */

	/*
	 * The last views: a calendar per talk, talk-SLUG.ics, after the
	 * archive pages and facet feeds.
	 */
	size_t talk_calendar_count;

	/* Set by crier_build() on the subscription feed it writes. */
	const struct crier_tombstone *tombstones;
	size_t tombstone_count;
};

/*
 * Loading, used by model.c: feedconf.c and entryfields.c turn one parsed
 * record into the feed's settings or into an entry, whose strings are
 * copied into KEEP (an arena the feed owns; one per loading thread).
 * The entry's FILE is left to the caller, which keeps the path already.
 * Both return 0, or -1 after adding errors to DIAGS.  A talk's Published
 * may come from its announcement, which is only known later: the entry
 * then has published.epoch_s == INT64_MIN.
 */
struct crier_record;
int crier_conf_apply(struct crier_feed *feed, const struct crier_record *rec,
                     struct crier_diags *diags);
int crier_entry_from_record(const struct crier_feed *feed,
                            const struct crier_record *rec,
                            const char *default_id,
                            struct crier_arena *keep,
                            struct crier_diags *diags,
                            struct crier_entry *out);

/*
 * Chooses the published set of a loaded, valid FEED at feed->now_s, with
 * its order, entry ids, default links and dates (published.c).
 */
void crier_feed_select_published(struct crier_feed *feed);

/*
 * Adds to FEED's entries, after the records', an announcement of each
 * revision of the schedule made by hand (revisions.c): the talks marked
 * moved or cancelled at one Updated instant, after they were published
 * and at or before feed->now_s, unless a record announces it or
 * Schedule-Changes is no.  Returns how many.  The entries array moves;
 * crier_feed_select_published() calls it first.
 */
size_t crier_feed_add_revisions(struct crier_feed *feed);

/*
 * Writes the body of each of those announcements, once the talks' links
 * and titles are final (crier_feed_select_published() calls it).
 */
void crier_feed_write_revisions(struct crier_feed *feed);

/*
 * The order of the published set, for qsort(): newest first by updated,
 * then published, then an announcement before its talks in start order,
 * then id.
 */
int crier_entry_compare_newest_first(const void *a, const void *b);

/*
 * ENTRY's title as its record gives it: without the "Cancelled: " or
 * "Moved: " that crier_feed_select_published() put before it.
 */
const char *crier_entry_bare_title(const struct crier_entry *entry);

/* Entries the outputs hold: the published set, cut to Limit. */
size_t crier_feed_output_count(const struct crier_feed *feed);

/*
 * Whether FEED's page is cut to Limit like its feeds, with every entry
 * also on the page of the month it was published in (views.c).
 */
bool crier_feed_has_month_pages(const struct crier_feed *feed);

/* "2017-02": the stem of the month page of an entry published at T. */
#define CRIER_MONTH_STEM_SIZE 16
void crier_month_stem(struct crier_time t, char out[CRIER_MONTH_STEM_SIZE]);

/*
 * The file FEED's output KIND is written to: the fixed name for the
 * subscription feed, the view's stem and the kind's extension for a view.
 * free() it.
 */
char *crier_feed_file(const struct crier_feed *feed,
                      enum crier_output_kind kind);

/* The URL FEED's output KIND is served from; free() it. */
char *crier_feed_url(const struct crier_feed *feed,
                     enum crier_output_kind kind);

/*
 * The URL of the document named STEM (a view's, or NULL for the
 * subscription feed) in KIND, for links between documents; free() it.
 */
char *crier_feed_link_url(const struct crier_feed *feed, const char *stem,
                          enum crier_output_kind kind);

/*
 * crier_feed_load(), keeping what it reads of the records in CACHE_DIR
 * (the source's output directory) for the next load there, which reads
 * again only the records that changed (reccache.c), if that one is made
 * by the same BUILD_ID (crier_stamp_build_id()) with the same feed.conf.
 * Once the build succeeded, crier_feed_keep_records_read() puts what it
 * read in place of the last.
 */
int crier_feed_load_cached(const char *source_dir, const char *cache_dir,
                           const char *build_id, int64_t now_s,
                           struct crier_diags *diags,
                           struct crier_feed **feed_out);
void crier_feed_keep_records_read(const struct crier_feed *feed);

/*
 * Splits FEED's published set into the documents a build writes
 * (views.c): with Limit, the subscription feed keeps the Limit most
 * recently published entries and the rest go to archive pages, and the
 * page has a page for each month besides; Facets adds a feed per value.  TALKS (TALK_COUNT of them, from
 * crier_feed_plan_talk_calendars()) come last.  crier_feed_load() calls
 * it after crier_feed_select_published().
 */
void crier_feed_plan_views(struct crier_feed *feed, struct crier_feed *talks,
                           size_t talk_count);

/* A view of FEED: its settings, none of its entries or views. */
struct crier_feed crier_feed_view_of(const struct crier_feed *feed);

/*
 * A calendar view per published talk of FEED, in *VIEWS_OUT (in FEED's
 * arena); returns how many (ics_split.c).  None without Outputs ics.
 */
size_t crier_feed_plan_talk_calendars(struct crier_feed *feed,
                                      struct crier_feed **views_out);

/* The stem of TALK's own .ics (crier_feed::calendar_stems), or NULL. */
static inline const char *
crier_talk_calendar_stem(const struct crier_feed *feed,
                         const struct crier_entry *talk)
{
	if (feed->calendar_stems == NULL || talk < feed->entries ||
	    talk >= feed->entries + feed->entry_count)
		return NULL;
	return feed->calendar_stems[talk - feed->entries];
}

/* The URL of TALK's own .ics, or NULL; free() it. */
char *crier_talk_calendar_url(const struct crier_feed *feed,
                              const struct crier_entry *talk);

/*
 * An id under the feed's tag: URI FEED_ID: FEED_ID, a '/' unless it ends
 * in ':' or '/', and TAIL; in ARENA.  Entries' ids and facet feeds' ids.
 */
char *crier_tag_uri_join(struct crier_arena *arena, const char *feed_id,
                         const char *tail);

/*
 * Whether S is an absolute http(s) URL without characters that must be
 * escaped in a URL (space, quotes, angle brackets and the like), and
 * without a password, the rule every URL field follows (fieldvalue.c).
 * Non-ASCII is allowed: Atom links are IRIs.
 */
int crier_is_http_url(const char *s);

/*
 * A boolean value as every field reads it: yes, true, on or 1, and no,
 * false, off or 0, in any case.  Returns 0 and sets *OUT, or -1 when
 * VALUE is neither (names.c).
 */
int crier_boolean_parse(const char *value, bool *out);

/*
 * Whether URL S carries a password ("scheme://user:password@host"): every
 * URL field is published as written, so none may.
 */
int crier_url_has_password(const char *s);

/*
 * VALUE's slug for a facet feed's file name: lower-case ASCII letters and
 * digits in words joined by '-', accents of Latin letters dropped, other
 * characters as "u" and their code point in hex; at most 63 bytes, and
 * empty when VALUE has nothing to keep.  free() it.  (Values whose slugs
 * collide in one feed also get a hash; views.c.)
 */
char *crier_facet_slug(const char *value);

/* The URL an output file NAME is served from (Base + NAME); free() it. */
char *crier_feed_output_url(const struct crier_feed *feed, const char *name);

/*
 * Reads the body (Markdown) of ENTRY, one of FEED's, into a buffer the
 * caller frees with free(); *len_out gets its length.  Returns 0, or -1
 * with an error in DIAGS if it had to be read from its record, and the
 * file can no longer be read or its body is not exactly the bytes loaded
 * (by length and fingerprint).
 */
int crier_entry_body(const struct crier_feed *feed,
                     const struct crier_entry *entry,
                     struct crier_diags *diags, char **body_out,
                     size_t *len_out);

/*
 * The bodies of a source's records (bodies.c), kept from loading for the
 * writers in an unnamed temporary file in TMPDIR, or read again from the
 * records, which are opened relative to the source directory.
 */
struct crier_bodies;

/* Opens SOURCE's; close them with crier_bodies_close(). */
struct crier_bodies *crier_bodies_open(const char *source);
void crier_bodies_close(struct crier_bodies *bodies);

/* stat(2) of the record at PATH, as crier_bodies_read_record() opens it. */
int crier_bodies_stat_record(const struct crier_bodies *bodies,
                             const char *path, struct stat *st);
/* crier_file_read_stat() of PATH, a record of the source of BODIES. */
int crier_bodies_read_record(const struct crier_bodies *bodies,
                             const char *path, struct crier_diags *diags,
                             char **buf_out, size_t *len_out,
                             struct stat *st_out);

/*
 * One loading thread's bodies on their way to the bodies' file: each
 * entry's body is added once its BODY_SIZE is set, and written with
 * others; the entry learns where at crier_body_batch_flush() (and
 * crier_body_batch_end(), which frees the batch).
 */
struct crier_body_batch {
	struct crier_bodies *bodies;
	char *data;
	size_t len;
	struct crier_entry **entries;
	size_t count, cap;
};

void crier_body_batch_start(struct crier_body_batch *batch,
                            struct crier_bodies *bodies);
void crier_body_batch_add(struct crier_body_batch *batch,
                          struct crier_entry *entry, const char *body);
void crier_body_batch_flush(struct crier_body_batch *batch);
void crier_body_batch_end(struct crier_body_batch *batch);

#endif /* CRIER_MODEL_H */
