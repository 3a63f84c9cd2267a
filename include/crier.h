/*
 * crier.h - announcement and talk feeds, built from plain records.
 *
 * The library follows the pipeline of the crier(1) tool:
 *
 *     feed source directory --crier_feed_load--> feed model
 *     feed model            --crier_build------> output files (atomic)
 *
 * Every stage appends what it finds wrong to a diagnostics list that the
 * caller owns; no function prints or exits.  A stage finishes its input and
 * then returns CRIER_EINPUT if it added any error, so one run reports every
 * mistake.  Functions return 0 (CRIER_OK) or a CRIER_E... status and hand
 * results back through out-parameters.
 *
 * Memory: every constructor has one destructor that accepts NULL.  Strings
 * returned by accessors are borrowed: they stay valid until the object they
 * came from is freed.  Allocation failure aborts the process with a message
 * (one policy, decided in one place), so no call returns "out of memory".
 *
 * Nothing here depends on the process's locale, time zone (TZ) or clock:
 * "now" is a parameter.
 */
#ifndef CRIER_H
#define CRIER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CRIER_VERSION "0.1.0"

/*
 * Marks what the shared library exports.  It is built with
 * -fvisibility=hidden, so everything else in it stays internal and only
 * the functions declared here can be linked against (as cmark does with
 * CMARK_EXPORT).
 */
#ifndef CRIER_EXPORT
#if defined(__GNUC__) || defined(__clang__)
#define CRIER_EXPORT __attribute__((visibility("default")))
#else
#define CRIER_EXPORT
#endif
#endif

/* Return status of every fallible call. */
enum crier_status {
	CRIER_OK = 0,
	CRIER_EINPUT,  /* the input has errors; they are in the diagnostics */
	CRIER_EIO,     /* reading or writing a file failed; see diagnostics */
	CRIER_EBUG,    /* a self-check caught crier writing a bad output */
	CRIER_EAGAIN,  /* an upload failed; a later run may succeed */
	CRIER_EREFUSED, /* an upload was refused; a person must act */
	CRIER_EBUSY     /* another run holds the lock; it does the work */
};

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */
/* ------------------------------------------------------------------ */

enum crier_severity {
	CRIER_WARNING,  /* legal but probably wrong; never stops a build */
	CRIER_ERROR     /* nothing is written while any error stands */
};

/*
 * One finding.  line and column are 1-based; column counts characters
 * (Unicode code points), not bytes.  line 0 means "the file as a whole",
 * column 0 "the line as a whole".
 */
struct crier_diag {
	const char *file;
	unsigned line;
	unsigned column;
	enum crier_severity severity;
	const char *message;
};

struct crier_diags;

/* A new, empty list.  Free it with crier_diags_free(). */
CRIER_EXPORT
struct crier_diags *crier_diags_new(void);

/* Frees the list and every diagnostic in it.  Accepts NULL. */
CRIER_EXPORT
void crier_diags_free(struct crier_diags *diags);

/* Number of diagnostics, and of those that are errors. */
CRIER_EXPORT
size_t crier_diags_count(const struct crier_diags *diags);
CRIER_EXPORT
size_t crier_diags_error_count(const struct crier_diags *diags);

/*
 * The i-th diagnostic (0 <= i < count), borrowed from the list.  After
 * crier_diags_sort() the order is by file, line and column; before it,
 * the order in which the stages found them.
 */
CRIER_EXPORT
const struct crier_diag *crier_diags_get(const struct crier_diags *diags,
                                         size_t i);
CRIER_EXPORT
void crier_diags_sort(struct crier_diags *diags);

/* ------------------------------------------------------------------ */
/* Feed model                                                          */
/* ------------------------------------------------------------------ */

struct crier_feed;

/*
 * Reads SOURCE_DIR/feed.conf and every *.md record below SOURCE_DIR
 * (hidden files and directories are skipped; files are read in byte order
 * of their paths), validates them, and builds the feed model.
 *
 * now_s is the current time in seconds since the epoch: records whose
 * Published time is after it are held back, records whose Expires time is
 * at or before it are dropped, and drafts are never published.
 *
 * On success returns CRIER_OK and sets *feed_out to a feed the caller
 * frees with crier_feed_free(); warnings may have been added.  On failure
 * sets *feed_out to NULL and returns CRIER_EINPUT, with the reasons in
 * diags: errors in the records, and files that could not be read, which
 * the person editing the records has to fix alike.
 */
CRIER_EXPORT
int crier_feed_load(const char *source_dir, int64_t now_s,
                    struct crier_diags *diags, struct crier_feed **feed_out);

/*
 * What `crier check` adds to loading: warnings about valid records that
 * some reader or validator would still take amiss.  Today: plain text
 * (a title, a category, a name) holding an HTML end tag such as "</b>",
 * which RSS has no way to mark as text.  Returns the number of warnings
 * added to DIAGS.
 */
CRIER_EXPORT
int crier_feed_lint(const struct crier_feed *feed, struct crier_diags *diags);

/* Frees the feed and everything it owns.  Accepts NULL. */
CRIER_EXPORT
void crier_feed_free(struct crier_feed *feed);

/* The feed's title, and the number of entries in its published set. */
CRIER_EXPORT
const char *crier_feed_title(const struct crier_feed *feed);
CRIER_EXPORT
size_t crier_feed_entry_count(const struct crier_feed *feed);

/*
 * The number of files crier_build() writes for FEED: its Outputs, and
 * those of its archive pages and facet feeds.
 */
CRIER_EXPORT
size_t crier_feed_output_file_count(const struct crier_feed *feed);

/*
 * What publishing needs of a feed, as plain strings, so that the uploader
 * never sees the model: feed.conf's Upload URL, its WebSub Hub and its
 * Base URL (with a '/' at the end).  Borrowed from FEED; NULL when not
 * given.
 */
CRIER_EXPORT
const char *crier_feed_upload_url(const struct crier_feed *feed);
CRIER_EXPORT
const char *crier_feed_hub_url(const struct crier_feed *feed);
CRIER_EXPORT
const char *crier_feed_base_url(const struct crier_feed *feed);

/*
 * Records that are valid but not published at now_s, for telling the
 * editor what is waiting: the i-th (0 <= i < count) held-back record's
 * file and the time it goes live (INT64_MAX for a draft).
 */
CRIER_EXPORT
size_t crier_feed_held_count(const struct crier_feed *feed);
CRIER_EXPORT
const char *crier_feed_held_file(const struct crier_feed *feed, size_t i,
                                 int64_t *goes_live_s);

/*
 * The feed's schedule, for telling the editor what happens without anyone
 * touching the records: every record held back at now_s, and every
 * published one that will expire, in path order.  The i-th (0 <= i <
 * count) record's file, borrowed from FEED, or NULL past the end; *kind
 * says where it stands at now_s, and it is published from *from_s until
 * (not at) *until_s.  Either is INT64_MAX for never.  A talk is published
 * only while its announcement is, and these times say so.
 */
enum crier_schedule_kind {
	CRIER_SCHEDULED,  /* held back until *from_s */
	CRIER_EXPIRING,   /* published; leaves the feed at *until_s */
	CRIER_EXPIRED,    /* held back: it left the feed at *until_s */
	CRIER_NEVER,      /* held back: it expires before it goes live */
	CRIER_DRAFT       /* held back: a draft, or the talk of one */
};

CRIER_EXPORT
size_t crier_feed_schedule_count(const struct crier_feed *feed);
CRIER_EXPORT
const char *crier_feed_schedule_get(const struct crier_feed *feed, size_t i,
                                    enum crier_schedule_kind *kind,
                                    int64_t *from_s, int64_t *until_s);

/* ------------------------------------------------------------------ */
/* Outputs                                                             */
/* ------------------------------------------------------------------ */

/*
 * Writes every output of FEED into OUT_DIR, creating it if needed: the
 * files Outputs names (feed.atom, feed.rss, feed.json, talks.ics,
 * index.html), archive pages past Limit and facet feeds, and the ledger
 * of what was published, from which records deleted since the last build
 * get tombstones.  Each output is written under a temporary name in
 * OUT_DIR, flushed to disk, read back and checked, and only when all of
 * them pass are they renamed into place; otherwise none is, and the
 * previous outputs stay as they were.  Identical models and ledgers give
 * identical bytes.
 *
 * Returns CRIER_OK; CRIER_EIO if a file could not be written; CRIER_EINPUT
 * if a record changed or vanished since it was loaded; CRIER_EBUG if the
 * read-back check failed (a bug in crier, reported with the entry).
 */
CRIER_EXPORT
int crier_build(const struct crier_feed *feed, const char *out_dir,
                struct crier_diags *diags);

/*
 * crier_build(), counting the files it leaves in OUT_DIR besides its
 * hidden ledger: *WRITTEN those it replaced or created, *UNCHANGED those
 * that already held the same bytes and were left alone (either pointer
 * may be NULL).  Both are 0 when it fails.
 */
CRIER_EXPORT
int crier_build_counted(const struct crier_feed *feed, const char *out_dir,
                        struct crier_diags *diags, size_t *written,
                        size_t *unchanged);

/* ------------------------------------------------------------------ */
/* Importing a conference schedule                                     */
/* ------------------------------------------------------------------ */

/*
 * Which events of a schedule to import.  Filters of the same kind are
 * alternatives; an event must match every kind given.  Names compare
 * ignoring ASCII case; CRIER_FILTER_MATCH is a POSIX extended regular
 * expression, also ignoring case, searched for in the title.
 */
enum crier_import_filter_kind {
	CRIER_FILTER_TRACK,
	CRIER_FILTER_ROOM,
	CRIER_FILTER_SPEAKER,   /* any of the event's persons */
	CRIER_FILTER_TYPE,
	CRIER_FILTER_EVENT,     /* the event's id or guid, exactly */
	CRIER_FILTER_MATCH
};

struct crier_import_filter {
	enum crier_import_filter_kind kind;
	const char *value;
};

struct crier_import_options {
	const char *schedule_file;   /* a Pentabarf, frab or pretalx export */
	const char *source_dir;      /* the feed source to write talks into */
	const struct crier_import_filter *filters;
	size_t filter_count;
	const char *timezone;        /* zone of times without an offset;
	                                NULL: the schedule's <time_zone_name> */
	const char *announcement;    /* id the talks belong to, or NULL */
	int is_pruning;              /* remove the records of events gone */
	int is_dry_run;              /* decide everything, write nothing */
	int64_t now_s;               /* Published/Updated without <version> */
};

/* What an import does (or, dry, would do) to one record. */
enum crier_import_change {
	CRIER_IMPORT_NEW,
	CRIER_IMPORT_CHANGED,
	CRIER_IMPORT_UNCHANGED,
	CRIER_IMPORT_GONE,      /* its event left the schedule; kept */
	CRIER_IMPORT_REMOVED,   /* its event left the schedule; pruned */
	CRIER_IMPORT_MOVED,     /* new times or room: Status: moved */
	CRIER_IMPORT_CANCELLED, /* its event left: Status: cancelled */
	CRIER_IMPORT_RESTORED   /* a cancelled event is back */
};

struct crier_import;

/*
 * Imports the events of OPTIONS->schedule_file that pass the filters as
 * talk records below OPTIONS->source_dir, one file per event, found
 * again on the next import by its Schedule-Id field (crier-records(5)).
 * A record the import created and a person then edited keeps the
 * person's fields, comments and, unless the schedule's text changed,
 * body.  Writes are atomic and all or nothing: every record is composed
 * and checked first, and nothing is written while any error stands.
 *
 * Returns CRIER_OK and sets *import_out to the list of records touched
 * (free it with crier_import_free()); CRIER_EINPUT if the schedule, the
 * options or an imported record already in the source has errors;
 * CRIER_EIO if a file could not be written; CRIER_EBUG if a composed
 * record failed its self-check.  On failure *import_out is NULL and
 * nothing was written.
 */
CRIER_EXPORT
int crier_schedule_import(const struct crier_import_options *options,
                          struct crier_diags *diags,
                          struct crier_import **import_out);

/*
 * The records of an import in path order: the i-th (0 <= i < count)
 * record's path, borrowed from IMPORT, and in *change what happened.
 */
CRIER_EXPORT
size_t crier_import_count(const struct crier_import *import);
CRIER_EXPORT
const char *crier_import_record(const struct crier_import *import, size_t i,
                                enum crier_import_change *change);

/* Frees the list.  Accepts NULL. */
CRIER_EXPORT
void crier_import_free(struct crier_import *import);

/* ------------------------------------------------------------------ */
/* Progress                                                            */
/* ------------------------------------------------------------------ */

/* The long stages a program may want to show progress of. */
enum crier_progress_stage {
	CRIER_PROGRESS_READING,    /* crier_feed_load(): records read */
	CRIER_PROGRESS_WRITING,    /* crier_build(): entries rendered */
	CRIER_PROGRESS_IMPORTING,  /* crier_schedule_import(): events */
	CRIER_PROGRESS_UPLOADING   /* crier_publish(): files sent or skipped */
};

/*
 * Called with how far a stage is: DONE of TOTAL items, from the thread
 * doing the work, which may be any thread of the library's; it must be
 * quick and must not call the library.
 */
typedef void crier_progress_fn(void *ctx, enum crier_progress_stage stage,
                               size_t done, size_t total);

/*
 * Has the library report progress to FN (NULL: to nobody, the default)
 * with CTX.  The setting is the process's: set it before the calls whose
 * progress is wanted, in a program that makes one such call at a time.
 */
CRIER_EXPORT
void crier_progress_set(crier_progress_fn *fn, void *ctx);

/*
 * Frees what the XML library keeps for the life of the process.  Call it
 * once, at exit, after the last crier call.
 */
CRIER_EXPORT
void crier_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif /* CRIER_H */
