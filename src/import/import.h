/*
 * import.h - importing a conference schedule: the events read from
 * schedule.xml (schedule.c), as import.c turns them into talk records.
 *
 * The reader does all the interpreting (dialects, times, text), so that
 * what import.c sees is already record material: one-line values, RFC
 * 3339 instants and a Markdown body.
 *
 * The two meet one event at a time: the reader hands each selected event
 * to a struct crier_sched_sink as soon as it is read, and forgets it, so
 * that importing a schedule of 100,000 events holds one event's text,
 * not the schedule's.  What needs every event (duplicate keys, the
 * filters' report) the reader keeps as keys and counts; what the import
 * needs at the end (file names, the revision's announcement) it keeps
 * as a few short strings per event.
 */
#ifndef CRIER_IMPORT_H
#define CRIER_IMPORT_H

#include <stddef.h>

#include "alloc.h"
#include "crier.h"
#include "times.h"

/*
 * What is read whole is refused past CRIER_SCHEDULE_MAX_BYTES: a
 * schedule.json (jansson has no streaming parser), a schedule.xml that is
 * not a regular file, and one that needs the whole tree after all (a
 * <day> before its <conference>, malformed XML for its error messages).
 * A schedule.xml read element by element costs the memory of one event
 * whatever its size; the bound on it is against a hostile or endless
 * file, whose events would all be written to disk.  libxml2 bounds each
 * text node on its own (10 MB without XML_PARSE_HUGE).
 */
#define CRIER_SCHEDULE_MAX_BYTES (64u * 1024 * 1024)
#define CRIER_SCHEDULE_STREAM_MAX_BYTES (1024u * 1024 * 1024)

/* What an event's attachment or link becomes in its record. */
enum crier_sched_media {
	CRIER_SCHED_ATTACHMENT,   /* an Attachment */
	CRIER_SCHED_SLIDES,       /* Slides */
	CRIER_SCHED_VIDEO,        /* Video */
	CRIER_SCHED_LINK          /* a link in the body */
};

/*
 * The field a reference to URL becomes (schedmedia.c): TYPE is its type
 * attribute or NULL, TITLE its text or NULL, IS_LINK whether it is one
 * of <links> rather than <attachments>.  Slides for type "slides", Video
 * for "video" and for "media" that names a video file; without a type,
 * by a title that is the word "Slides" or "Video", and an attached
 * video file is a Video.  A link only names a file by its extension:
 * otherwise it stays CRIER_SCHED_LINK.
 */
enum crier_sched_media crier_sched_media_kind(const char *type,
                                              const char *title,
                                              const char *url, int is_link);

/*
 * What an event's body is made of: the subtitle, the abstract and the
 * description, the links.  HEAD and LINKS are Markdown ("" for none);
 * ABSTRACT and DESCRIPTION are as the schedule gives them, HTML or
 * text, or NULL.
 */
struct crier_sched_body {
	const char *head, *abstract, *description, *links;
};

/* B as one Markdown text, to free(). */
char *crier_sched_body_markdown(const struct crier_sched_body *b);

/* One selected event, as its record will hold it. */
struct crier_sched_event {
	const char *key;          /* Schedule-Id: CONFERENCE/GUID or /ID */
	const char *id;           /* the event's id attribute, or its guid */
	const char *slug;         /* file name stem before collisions */
	const char *title;        /* never empty */
	const char *room, *track; /* NULL when the schedule gives none */
	const char *url;          /* an http(s) URL, or NULL */
	const char **speakers;
	size_t speaker_count;
	struct crier_time starts, ends;
	/*
	 * The body, as crier_sched_body_markdown() makes it from BODY_PARTS:
	 * NULL as the reader hands the event over.  Converting the HTML
	 * that schedules give is the costliest part of an event, so the
	 * sink does it, where it can run beside the reader.
	 */
	const char *body;
	struct crier_sched_body body_parts;
	unsigned line;            /* of <event> in the schedule */
	/*
	 * Media values ("URL TYPE 0 \"title\"", media.h) from
	 * <attachments>, and from the <links> to slides and videos, each
	 * of the kind in ATTACHMENT_KINDS (never CRIER_SCHED_LINK); and
	 * whether <recording><optout> is true.
	 */
	const char **attachments;
	const enum crier_sched_media *attachment_kinds;
	size_t attachment_count;
	int is_recording_optout;
};

/*
 * E copied into one block, to outlive the reader's arena: for a sink
 * that takes events on another thread.  free() it.
 */
struct crier_sched_event *crier_sched_event_copy(
    const struct crier_sched_event *e);

/* The schedule as a whole: what is known before its first event. */
struct crier_schedule {
	struct crier_arena *arena;  /* owns everything below */
	const char *path;
	const char *conference;     /* the key prefix, without the '/' */
	int has_version_time;       /* <version> reads as a time */
	struct crier_time version;
	size_t event_count;         /* selected and imported */
};

/*
 * Where the reader sends events.  TAKE gets each selected event once, in
 * schedule order, the first listing of a key only; E and everything it
 * points to live until TAKE returns, S until the schedule is freed.
 * What TAKE reports goes to DIAGS.  RESTART says that the events taken
 * so far are void: they will all come again (the reader fell back from
 * reading element by element to the whole tree).
 */
struct crier_sched_sink {
	void (*take)(void *arg, const struct crier_schedule *s,
	             const struct crier_sched_event *e,
	             struct crier_diags *diags);
	void (*restart)(void *arg);
	void *arg;
};

/*
 * Reads OPT->schedule_file, selects its events by OPT's filters and
 * hands them to SINK (which may be NULL).  Returns CRIER_OK and sets
 * *OUT to a schedule freed with crier_schedule_free(); warnings may have
 * been added.  Returns CRIER_EINPUT with *OUT NULL after adding errors
 * to DIAGS: the file cannot be read, is not well-formed XML, declares
 * entities, is not a schedule, or needs a time zone it does not name.
 * Events may have been taken before such an error was found.
 */
int crier_schedule_read(const struct crier_import_options *opt,
                        const struct crier_sched_sink *sink,
                        struct crier_diags *diags,
                        struct crier_schedule **out);

/* The same, reading the schedule from BUF (LEN bytes), named opt's file. */
int crier_schedule_read_memory(const struct crier_import_options *opt,
                               const char *buf, size_t len,
                               const struct crier_sched_sink *sink,
                               struct crier_diags *diags,
                               struct crier_schedule **out);

void crier_schedule_free(struct crier_schedule *schedule);

/*
 * Reads PATH into *BUF_OUT (to free(), NUL-terminated, its length in
 * *LEN_OUT), refusing files over CRIER_SCHEDULE_MAX_BYTES.  Returns 0, or
 * -1 after adding an error to DIAGS.
 */
int crier_schedule_file_read(const char *path, struct crier_diags *diags,
                             char **buf_out, size_t *len_out);

/*
 * Parses BUF (LEN bytes, read from PATH) as XML without loading or
 * expanding anything: no DTD, no entities, no network.  Returns the tree,
 * freed with xmlFreeDoc(); or NULL after adding errors (at libxml2's line
 * and column) to DIAGS, also when the document declares entities.
 */
struct _xmlDoc;
struct _xmlNode;
struct _xmlDoc *crier_schedule_xml_memory(const char *path, const char *buf,
                                          size_t len,
                                          struct crier_diags *diags);

/*
 * The same parse, element by element, so that only the element being
 * read is in memory: of BUF, or with crier_sched_xml_open_fd() of the
 * file open at FD, read up to CRIER_SCHEDULE_STREAM_MAX_BYTES.  crier_sched_xml_next() returns the next element
 * (its attributes and ancestors readable, its content not yet) and its
 * depth (the root's is 0), or NULL at the end, after an error, or when
 * the document declares entities.  The following call goes into that
 * element, unless crier_sched_xml_expand() returned it whole (valid
 * until the next call) or crier_sched_xml_skip() was called: then it
 * passes over it.  crier_sched_xml_close() reads what is left, adds the
 * errors that crier_schedule_xml_memory() would have added to DIAGS
 * (for a file, the first declared entity is placed at line 1), frees X
 * and returns 0, or -1 if there were any.  BUF must outlive X; FD stays
 * open.
 */
struct crier_sched_xml;
struct crier_sched_xml *crier_sched_xml_open(const char *path,
                                             const char *buf, size_t len,
                                             struct crier_diags *diags);
const struct _xmlNode *crier_sched_xml_next(struct crier_sched_xml *x,
                                            int *depth);
const struct _xmlNode *crier_sched_xml_expand(struct crier_sched_xml *x);
void crier_sched_xml_skip(struct crier_sched_xml *x);
struct crier_sched_xml *crier_sched_xml_open_fd(const char *path, int fd,
                                                struct crier_diags *diags);
int crier_sched_xml_close(struct crier_sched_xml *x);

/*
 * schedjson.c: BUF (LEN bytes, a c3voc/frab/pretalx schedule.json read
 * from PATH) as the schedule.xml tree it stands for, freed with
 * xmlFreeDoc(); or NULL after adding an error to DIAGS: malformed JSON
 * (at its line and column), or JSON that is not a schedule.
 */
struct _xmlDoc *crier_schedule_json(const char *path, const char *buf,
                                    size_t len, struct crier_diags *diags);

/*
 * The record for event E, as text in a buffer the caller frees with
 * free(), its length in *LEN_OUT.  With OLD NULL, a new record, with
 * Published: STAMP unless ANNOUNCEMENT (an id, or NULL) is given.  Else
 * the update of OLD_TEXT (OLD_LEN bytes, parsed as OLD): the importer's
 * fields replaced, Updated: STAMP (never before its Published), the body
 * replaced only if the schedule's text for it changed, and, when its
 * times or room changed, Status: moved with the Previous- fields.
 * Returns NULL if OLD already reads as E; it is then to be left alone.
 * *HOW says what happened: NEW, UNCHANGED, CHANGED, MOVED or RESTORED.
 */
struct crier_record;
char *crier_import_compose(const struct crier_sched_event *e,
                           const char *announcement, struct crier_time stamp,
                           const char *old_text, size_t old_len,
                           const struct crier_record *old, size_t *len_out,
                           enum crier_import_change *how);

/*
 * OLD_TEXT (OLD_LEN bytes, parsed as OLD), whose event left the
 * schedule, with Status: cancelled, Schedule-Gone: yes and Updated:
 * STAMP, in a buffer to free(); or NULL when it is cancelled already.
 */
char *crier_import_cancel(const char *announcement, struct crier_time stamp,
                          const char *old_text, size_t old_len,
                          const struct crier_record *old, size_t *len_out);

/*
 * What an import did to one talk, for the revision's announcement: the
 * few fields it shows, kept while the event and the old record are gone.
 */
struct crier_sched_change {
	enum crier_import_change how;
	const char *title;       /* the event's; NULL when cancelled */
	const char *url, *room;  /* the event's, or NULL */
	struct crier_time starts;
	const char *old_title, *old_link, *old_room;  /* NULL when new */
	int has_old_starts;
	struct crier_time old_starts;
	const char *page_link;   /* the talk on the feed's page, or NULL */
};

/*
 * The announcement of the revision at STAMP of CONFERENCE's schedule,
 * listing the N changes of V (in that order within each kind), as
 * record text to free(), its length in *LEN_OUT; or NULL when no talk
 * already in the source moved, was cancelled or came back
 * (importnews.c).
 */
char *crier_import_news(const char *conference,
                        const struct crier_sched_change *v, size_t n,
                        struct crier_time stamp, size_t *len_out);

/*
 * Whether SOURCE's feed.conf leaves the revision's announcement on
 * (anything but Schedule-Changes: no), its Base, in *BASE (in ARENA),
 * for links to the page, and whether it has a Limit, in *HAS_MONTHS:
 * then talks are on the pages of their months.  The build checks
 * feed.conf; here a file that cannot be read only means the default.
 */
int crier_import_news_wanted(const char *source, struct crier_arena *arena,
                             const char **base, int *has_months);

/*
 * The time REC's field NAME gives, read in REC's Timezone as the import
 * wrote it or a person did: 1, or 0 when REC (which may be NULL) has
 * none that reads (importnews.c).
 */
int crier_import_record_time(const struct crier_record *rec,
                             const char *name, struct crier_time *t);

/* REC's first field named NAME (ignoring case), or NULL. */
struct crier_field;
const struct crier_field *crier_record_find(const struct crier_record *rec,
                                            const char *name);

#endif /* CRIER_IMPORT_H */
