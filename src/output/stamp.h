/*
 * stamp.h - what the last build read and wrote, so that a build with
 * nothing to do finds so after looking, without reading any record.
 *
 * After a build has put its outputs in place, the hidden file
 * .crier-stamp in the output directory says:
 *
 * - which crier wrote them (its version and the stat(2) data of its
 *   program and library files), and the TZ the times were read in;
 * - the source, given and real, and feed.conf's stat data and hash;
 * - every record's path below the source and its stat data (inode,
 *   size, modification and change times in nanoseconds), as fstat(2)
 *   gave them just before loading read it, and its hash when it changed
 *   so shortly before that the times could not show a change within the
 *   same clock tick (git's "racily clean" files); the other files the
 *   walk met, whose names alone matter (warnings);
 * - the instant of the build (--now) and the next instant at which the
 *   outputs would change by themselves: a record going live or expiring,
 *   a tombstone's Tombstone-Days running out, an empty feed's day ending;
 * - every output file with its stat data as it was left, the ledger
 *   among them;
 * - the warnings the build gave, to be given again.
 *
 * A later build at an instant in [that build's, next) whose walk of the
 * source finds the same files with the same stat data (and hashes where
 * kept), and whose outputs still have theirs, has nothing to do.  Any
 * doubt (a stamp missing, torn, of another crier or source) means a
 * full build.  The stamp is written after the outputs are in place, and
 * an output replaced gets a new inode: a run killed in between leaves
 * a stamp that no longer matches.
 */
#ifndef CRIER_STAMP_H
#define CRIER_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "crier.h"
#include "ledger.h"
#include "model.h"

#define CRIER_STAMP_FILE ".crier-stamp"

/* What a build left in its output directory, for its stamp. */
struct crier_stamp_outputs {
	const char **names;         /* every file, the ledger last */
	size_t count;
	size_t files;               /* those a reader sees: not the ledger */
	const uint64_t *view_keys;  /* crier_stamp_view_key() of each view */
};

/*
 * Writes OUT_DIR's stamp for a build of FEED (CURRENT: the feed as
 * written, with its tombstones; DOCS: the documents the ledger names,
 * those no longer made dated) that left OUTS in OUT_DIR; the warnings
 * of DIAGS from item FIRST on are the build's own.  Nothing is
 * reported: without a stamp, the next build is a full one.
 */
void crier_stamp_write(const struct crier_feed *feed,
                       const struct crier_feed *current,
                       const struct crier_ledger_docs *docs,
                       const char *out_dir,
                       const struct crier_stamp_outputs *outs,
                       const struct crier_diags *diags, size_t first);

/*
 * The identity of the running crier: its version and the stat(2) data
 * of its program and of the file its library code is in, one line.
 * free() it.
 */
char *crier_stamp_build_id(void);

/*
 * The next instant after now at which CURRENT's outputs change by
 * themselves; DOCS as for crier_stamp_write().
 */
int64_t crier_stamp_next_instant(const struct crier_feed *current,
                                 const struct crier_ledger_docs *docs);

/* What a build that found nothing to do knows of the outputs it left. */
struct crier_stamp_current {
	size_t entries;          /* published entries */
	size_t files;            /* output files, besides the hidden ones */
	int64_t next_change_s;   /* a record goes live or expires; or INT64_MAX */
};

/*
 * Whether OUT_DIR already holds what crier_build() would write for
 * SOURCE_DIR at NOW_S, judged without reading a record: its stamp names
 * the same crier, feed.conf and records with the same stat(2) data (and
 * hashes, for files changed just before that build), no instant at
 * which the outputs change by themselves has come since, and the
 * outputs are still as that build left them.  Returns 1 and sets *INFO,
 * adding to DIAGS the warnings that build gave; 0 when a build is
 * needed, for any reason or doubt.  Writes nothing.
 */
int crier_stamp_is_current(const char *source_dir, const char *out_dir,
                           int64_t now_s, struct crier_diags *diags,
                           struct crier_stamp_current *info);

/*
 * The fingerprints of the fields of FEED's entries, made once for all
 * its views' keys (viewkey.c).  Free with crier_entry_keys_free().
 */
struct crier_entry_keys;
struct crier_entry_keys *crier_entry_keys_new(const struct crier_feed *feed);
void crier_entry_keys_free(struct crier_entry_keys *keys);

/*
 * The key of VIEW (an archive page, a facet feed, a talk's calendar)
 * as the crier BUILD_ID (crier_stamp_build_id()) writes it: a hash of
 * everything its files are made of (viewkey.c), the fields of its
 * entries through ENTRIES, from crier_entry_keys_new() of its feed.
 */
uint64_t crier_stamp_view_key(const struct crier_feed *view,
                              const char *build_id,
                              struct crier_entry_keys *entries);

/*
 * The last build's views and outputs, from OUT_DIR's stamp, for a build
 * that rewrites only the views whose key changed.
 */
struct crier_stamp_prev;

/* Reads them; NULL when there is no stamp to believe.  Free it with
 * crier_stamp_prev_free(). */
struct crier_stamp_prev *crier_stamp_prev_read(const char *out_dir);

/*
 * Whether the last build wrote the view STEM from the same KEY, and its
 * COUNT files NAMES are still as it left them (stat(2) data): then they
 * hold what this build would write.  P may be NULL.
 */
int crier_stamp_prev_has(struct crier_stamp_prev *p, const char *stem,
                         uint64_t key, const char *const *names,
                         size_t count);

/* Accepts NULL. */
void crier_stamp_prev_free(struct crier_stamp_prev *p);

#endif /* CRIER_STAMP_H */
