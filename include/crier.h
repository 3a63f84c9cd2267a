/*
 * crier.h - announcement and talk feeds, built from plain records.
 *
 * The library follows the pipeline of the crier(1) tool:
 *
 *     feed source directory --crier_feed_load--> feed model
 *     feed model            --crier_build------> output files (atomic)
 *     output files          --crier_run_publish--> a server
 *     conference schedule   --crier_schedule_import--> records
 *
 * and a run (crier_run_load() ...) does for several sources what crier
 * build and crier publish do: load, lock, build, publish.
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
	CRIER_EBUSY,    /* another run holds the lock; it does the work */
	CRIER_EUSAGE    /* the call asks for something that cannot be done,
	                   such as two sources writing one directory */
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
 *
 * code names the kind of finding, in lower case words joined by '-'
 * ("bad-utf8", "unknown-field-hint", "upload-failed"): a program that
 * reacts to some kinds tests code, which stays the same from one version
 * to the next, and never the message, whose wording may change.  Every
 * kind and its text is listed in crier(1), DIAGNOSTICS.
 */
struct crier_diag {
	const char *file;
	unsigned line;
	unsigned column;
	enum crier_severity severity;
	const char *code;
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

/*
 * DIAG as crier(1) prints it, "FILE:LINE:COLUMN: SEVERITY: MESSAGE"
 * (without ":COLUMN" when column is 0, and without ":LINE:COLUMN" when
 * line is 0), into BUF of SIZE bytes, cut short and always terminated
 * when SIZE is not 0.  Returns the length of the whole line, without its
 * terminating NUL, as snprintf() does: a result of SIZE or more means
 * the line was cut.  There is no newline.
 *
 * FILE and MESSAGE hold what the records hold, so a program that shows
 * the line on a terminal escapes control characters first, with
 * crier_text_escape().
 */
CRIER_EXPORT
size_t crier_diag_format(const struct crier_diag *diag, char *buf,
                         size_t size);

/*
 * S made safe to show on a terminal, in a new string the caller frees
 * with free(): control characters become \n, \r, \t or \xNN, C1
 * controls and the Unicode line separators and bidirectional controls
 * \uNNNN, and bytes that are not UTF-8 \xNN, so that no file name or
 * value can break a line, forge another, or drive the terminal.  crier(1)
 * passes every line it prints through it.
 */
CRIER_EXPORT
char *crier_text_escape(const char *s);

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
/* Runs: building and publishing sources, one run at a time            */
/* ------------------------------------------------------------------ */

/*
 * A run is what crier build and crier publish do with their sources, for
 * a program that wants the same.  It is driven in this order:
 *
 *     crier_run_load()            every source, before anything is written
 *     crier_run_check_targets()   publish only: each source has a target
 *     crier_run_lock()            each output directory, against other runs
 *     crier_run_build(i)          each source i, atomically (crier_build())
 *     crier_run_publish(i)        publish only: each source i, once all
 *                                 of them are built
 *     crier_run_free()
 *
 * Loading them all first means that an error in one source leaves every
 * output as it was.  A step that fails is not followed by the next; a
 * source that another run holds (CRIER_EBUSY) is skipped by the later
 * steps while the others go on, and one source that cannot be sent does
 * not hold back the others.
 *
 * Source i's outputs go to OUT_DIR/NAME, where NAME is the last component
 * of its path ("feeds/xen/" -> OUT_DIR/xen).  That directory also holds
 * the lock (.crier.lock: "PID HOST STARTED", for the message another run
 * shows), the ledger of what was published, from which tombstones come,
 * and the publish state (.publish-state): per target URL and file, the
 * SHA-256 of the bytes last sent and the server's validator (ETag), so
 * that a publish sends only what changed, and a run cut short leaves a
 * true state from which the next one sends the rest.
 */

/* What publishing reports of each file as it goes. */
enum crier_publish_event {
	CRIER_PUBLISH_WOULD_SEND,  /* is_dry_run: would be sent */
	CRIER_PUBLISH_SENT,
	CRIER_PUBLISH_UNCHANGED,   /* not sent: the target has these bytes */
	CRIER_PUBLISH_HUB_NOTIFIED /* the WebSub hub was told of a feed */
};

/*
 * Called for every file (and hub) as it is decided or done, with the
 * local path and the URL, without credentials.  From the thread that
 * called crier_run_publish(); it must not call the library.
 */
typedef void crier_publish_report_fn(void *ctx,
                                     enum crier_publish_event event,
                                     const char *local_path,
                                     const char *url);

/*
 * Called with each line of a protocol trace, without its newline, with
 * secrets (passwords, Authorization, Cookie, tokens) already redacted.
 */
typedef void crier_trace_fn(void *ctx, const char *line);

struct crier_run_options {
	const char *out_dir;         /* "public" */
	int64_t now_s;               /* as for crier_feed_load(); 0 */
	/* The lock: how long to wait for another run (0: not at all), and
	   since when this one runs (the wall clock, not now_s). */
	long lock_wait_ms;
	int64_t started_s;
	/*
	 * Publishing.  The target is each feed.conf's Upload URL, where
	 * OUT_DIR/NAME/FILE goes to URL/FILE; or, when to_url is not NULL,
	 * to_url for every source, with OUT_DIR/NAME/FILE at to_url/NAME/FILE.
	 * Schemes: file, http, https (WebDAV), ftp, ftps, sftp, s3.
	 * Credentials come from netrc_file (NULL: ~/.netrc), never the URL.
	 */
	const char *to_url;
	const char *netrc_file;
	int is_dry_run;              /* decide and report; send nothing */
	int is_forced;               /* send every file, changed or not */
	/* A transient failure (a timeout, HTTP 5xx) is tried max_attempts
	   times in all, waiting backoff_initial_ms, then twice as long each
	   time up to backoff_max_ms, or what the server asks (Retry-After). */
	int max_attempts;            /* 4 */
	long backoff_initial_ms;     /* 500 */
	long backoff_max_ms;         /* 8000 */
	long connect_timeout_ms;     /* 10000 */
	long timeout_ms;             /* 300000: one whole transfer */
	crier_publish_report_fn *report;   /* NULL: not called */
	void *report_ctx;
	crier_trace_fn *trace;       /* NULL: no traces */
	void *trace_ctx;
	/*
	 * Building only: a source whose output directory shows that nothing
	 * changed since the last build is neither loaded nor built (see
	 * crier_run_load()).  Publishing needs every feed: leave it 0.
	 */
	int skips_unchanged;         /* 0 */
};

/* Sets every field of *OPTIONS to its default, given in its comment. */
CRIER_EXPORT
void crier_run_options_init(struct crier_run_options *options);

/* What became of one source; see crier_run_result(). */
struct crier_run_result {
	size_t written;       /* output files crier_run_build() wrote */
	size_t unchanged;     /* output files that held those bytes already */
	size_t sent;          /* files crier_run_publish() sent */
	size_t not_sent;      /* files the target has already */
	int64_t elapsed_ms;   /* spent loading, building and publishing it */
	/*
	 * skips_unchanged found nothing changed since the last build: the
	 * source was not loaded (crier_run_feed() is NULL), nothing was
	 * written, and these say what that build published: its entries and
	 * the next instant a record goes live or expires (INT64_MAX: none).
	 */
	int is_unchanged_since_last;
	size_t last_entries;
	int64_t last_next_change_s;
};

struct crier_run;

/*
 * Loads SOURCES[0..COUNT) with crier_feed_load(), after refusing two
 * sources whose outputs would share a directory (a/news and b/news would
 * overwrite each other's files).  OPTIONS is copied; the strings in it
 * and in SOURCES are borrowed, and must outlive the run.
 *
 * With skips_unchanged, a source whose output directory's stamp
 * (.crier-stamp, left by the last build) shows the same crier, the same
 * feed.conf and records by their stat(2) data, outputs still as that
 * build left them, and no instant passed since at which the outputs
 * change by themselves (a record going live or expiring) is not loaded:
 * that build's warnings are given again, and crier_run_build() writes
 * nothing for it (crier_run_result()).  Any doubt means loading it.
 *
 * Always sets *run_out to a run the caller frees with crier_run_free().
 * Returns CRIER_OK when every source loaded; CRIER_EUSAGE for a shared
 * directory, before anything is read; CRIER_EINPUT when some source has
 * errors (every source is still read, so all its errors are in DIAGS).
 */
CRIER_EXPORT
int crier_run_load(size_t count, const char *const *sources,
                   const struct crier_run_options *options,
                   struct crier_diags *diags, struct crier_run **run_out);

/*
 * For publishing: refuses, with an error naming its feed.conf, every
 * source that has nowhere to go (no to_url, and no Upload in feed.conf).
 * Returns CRIER_OK or CRIER_EREFUSED.
 */
CRIER_EXPORT
int crier_run_check_targets(const struct crier_run *run,
                            struct crier_diags *diags);

/*
 * Takes the lock of every source's output directory (creating it),
 * waiting up to lock_wait_ms in all for those another run holds.  Locks
 * are taken in byte order of their paths, so two runs never wait on each
 * other in a circle; the kernel drops them when the process ends,
 * however it ends.  Returns CRIER_OK; CRIER_EBUSY when another run still
 * holds some (each an error naming the source and the holder; the others
 * are held and can be built); CRIER_EIO when a lock file could not be
 * opened.  The locks are released by crier_run_free().
 */
CRIER_EXPORT
int crier_run_lock(struct crier_run *run, struct crier_diags *diags);

/*
 * Builds source I with crier_build() into its output directory, when the
 * run holds its lock (otherwise returns CRIER_OK and does nothing).
 * Returns crier_build()'s status.
 */
CRIER_EXPORT
int crier_run_build(struct crier_run *run, size_t i,
                    struct crier_diags *diags);

/*
 * Sends source I's built outputs to its target, when the run holds its
 * lock (otherwise returns CRIER_OK and does nothing): every file below
 * its output directory, hidden ones excepted, whose bytes differ from
 * what the publish state says the target has, in path order, each
 * atomically (a temporary name, then a rename on the server).  Then,
 * when feed.conf names a WebSub Hub, it is told of each document sent
 * that names it (the feed in every format, its facet feeds and archive
 * pages), at its URL below feed.conf's Base URL.  A hub that cannot be
 * reached is a warning, and the publish state keeps the pings it missed
 * for the next publish, which sends them whether or not anything else
 * changed.  The first file that cannot be sent ends the source: those
 * sent before stay sent and recorded.
 *
 * Returns CRIER_OK; CRIER_EAGAIN if a transient failure outlasted the
 * retries; CRIER_EREFUSED if the target refused (credentials, trust, a
 * bad or unknown target); CRIER_EIO if a local file or the publish state
 * could not be read or written.  The reason is one error in DIAGS.
 */
CRIER_EXPORT
int crier_run_publish(struct crier_run *run, size_t i,
                      struct crier_diags *diags);

/*
 * The run's sources, in the order given: the i-th (0 <= i < count)
 * source path and output directory, borrowed from RUN; its feed, NULL if
 * it did not load; whether the run holds its lock; what became of it
 * (borrowed, updated by each step).
 */
CRIER_EXPORT
size_t crier_run_count(const struct crier_run *run);
CRIER_EXPORT
const char *crier_run_source(const struct crier_run *run, size_t i);
CRIER_EXPORT
const char *crier_run_out_dir(const struct crier_run *run, size_t i);
CRIER_EXPORT
const struct crier_feed *crier_run_feed(const struct crier_run *run,
                                        size_t i);
CRIER_EXPORT
int crier_run_is_locked(const struct crier_run *run, size_t i);
CRIER_EXPORT
const struct crier_run_result *crier_run_result(const struct crier_run *run,
                                                size_t i);

/* Releases the run's locks and frees it with its feeds.  Accepts NULL. */
CRIER_EXPORT
void crier_run_free(struct crier_run *run);

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
/* New sources                                                         */
/* ------------------------------------------------------------------ */

/* What crier new is told; NULL takes the default in crier(1). */
struct crier_skeleton_options {
	const char *dir;       /* the source directory to create */
	const char *title;     /* the feed's Title; default: DIR's name */
	const char *link;      /* its Link; default: https://example.org/ */
	const char *author;    /* its Author; default: a placeholder */
	const char *timezone;  /* its Timezone; default: UTC */
	int64_t now_s;         /* Published of the announcement; the talk is a
	                          week later */
};

/*
 * Writes into OPTIONS->dir, which must not exist or be empty, a commented
 * feed.conf, one announcement and one talk that belongs to it, then loads
 * them as crier check would: a new feed source that builds at once.
 * Nothing is ever overwritten: a DIR that holds anything is refused, and
 * each file is created only if it does not exist.  Returns CRIER_OK;
 * CRIER_EINPUT if DIR is not empty or an option makes the source
 * invalid, CRIER_EIO if a file could not be written: then whatever this
 * call created is removed again.
 */
CRIER_EXPORT
int crier_skeleton_write(const struct crier_skeleton_options *options,
                         struct crier_diags *diags);

/*
 * The I-th file crier_skeleton_write() creates, as a path below DIR
 * ("feed.conf" first), or NULL past the last.
 */
CRIER_EXPORT
const char *crier_skeleton_file(size_t i);

/* ------------------------------------------------------------------ */
/* Times, zones and targets, for a program's own command line          */
/* ------------------------------------------------------------------ */

#define CRIER_TIME_TEXT_SIZE 26   /* 2017-02-04T11:30:00+01:00 and NUL */

/*
 * Reads an RFC 3339 time with its offset ("2017-02-04T11:30:00+01:00")
 * into *epoch_s.  Returns 0, or -1 when TEXT is not one.
 */
CRIER_EXPORT
int crier_time_read(const char *text, int64_t *epoch_s);

/* Writes EPOCH_S into TEXT as RFC 3339, in UTC. */
CRIER_EXPORT
void crier_time_write(int64_t epoch_s, char text[CRIER_TIME_TEXT_SIZE]);

/*
 * Whether ZONE names a time zone of the system's database, such as
 * "Europe/Brussels".  When it does not and SUGGESTION is not NULL,
 * *suggestion is set to the closest name that does, if one is close
 * enough to be meant, or to NULL; the caller frees it.
 */
CRIER_EXPORT
int crier_zone_check(const char *zone, char **suggestion);

/* What crier_target_check() finds in a URL. */
enum crier_target_problem {
	CRIER_TARGET_OK,
	CRIER_TARGET_BAD,        /* not a file, http(s), ftp(s), sftp or s3
	                            URL with a host (file: a local path) */
	CRIER_TARGET_PASSWORD    /* user:password@ in the URL: never echo it */
};

/*
 * Whether URL can be a publishing target (crier_run_options.to_url).
 * The password is looked for first, so that a URL holding one is never
 * shown in a message.
 */
CRIER_EXPORT
enum crier_target_problem crier_target_check(const char *url);

/* ------------------------------------------------------------------ */
/* Progress                                                            */
/* ------------------------------------------------------------------ */

/* The long stages a program may want to show progress of. */
enum crier_progress_stage {
	CRIER_PROGRESS_READING,    /* crier_feed_load(): records read */
	CRIER_PROGRESS_WRITING,    /* crier_build(): entries rendered */
	CRIER_PROGRESS_IMPORTING,  /* crier_schedule_import(): events */
	CRIER_PROGRESS_UPLOADING   /* crier_run_publish(): files sent, skipped */
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
