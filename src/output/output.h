/*
 * output.h - atomic output files, and atomic sets of them.
 *
 * A set of files for one directory (a source's outputs) is written into
 * a private staging directory, made with a random name and mode 0700,
 * each file created there with O_EXCL|O_NOFOLLOW relative to the
 * staging directory's descriptor: nothing anyone planted, a symlink or a
 * swapped parent, can redirect a write.  Each file is flushed to disk.
 * Then, when any file changed:
 *
 * - whole-set mode: the staging directory sits beside the output
 *   directory, gets hard links to every file of the output directory it
 *   does not replace, its mode, and is swapped with it by one
 *   renameat2(RENAME_EXCHANGE): a reader (a web server) sees the old set
 *   or the new set, never a mix, and the served path stays a directory.
 *   Where that cannot be done (the parent is not writable, the file
 *   system cannot exchange or link, the directory is a mount point or
 *   holds a subdirectory, whose files could not be carried over safely),
 *   the files mode below is used instead;
 * - files mode: the staging directory sits inside the output directory
 *   and each file is renamed over its target: each file is its old or
 *   its new version, never a part.
 *
 * A staging directory holds an flock(2) while its run lives, so what a
 * killed run left is told from a live run's work and removed by the
 * next run (see crier_outdir_open()).
 */
#ifndef CRIER_OUTPUT_H
#define CRIER_OUTPUT_H

#include <stddef.h>

#include "crier.h"

struct crier_outdir;
struct crier_output;

/* mkdir -p DIR, each level mode 0777 before the umask.  Returns 0, or -1
 * with errno set. */
int crier_make_dirs(const char *dir);

/*
 * Creates DIR (and its parents) if needed, removes what killed runs left
 * there, and makes a staging directory for a set of its files; with
 * IS_WHOLE_SET the set is swapped in at once where the file system
 * allows.  Returns 0 and sets *out, or -1 with an error in DIAGS.  The
 * caller commits or aborts *out.
 */
int crier_outdir_open(const char *dir, int is_whole_set,
                      struct crier_diags *diags, struct crier_outdir **out);

/*
 * Puts the finished COUNT OUTS (NULLs are skipped), all opened in D, in
 * place, and syncs the directories; outputs whose target already held
 * the same bytes are left as they were, modification time included.  In
 * files mode, after a rename fails the rest are not renamed.  Frees the
 * outputs and D.  Returns 0, or -1 with an error in DIAGS.
 */
int crier_outdir_commit(struct crier_outdir *d, struct crier_output **outs,
                        size_t count, struct crier_diags *diags);

/*
 * Removes what killed runs left in DIR and beside it, as
 * crier_outdir_open() does, without staging anything: for a build that
 * has nothing to write.  Call it holding DIR's lock.
 */
void crier_outdir_sweep(const char *dir);

/* Removes the staging directory and frees D.  Accepts NULL. */
void crier_outdir_abort(struct crier_outdir *d);

/*
 * Opens a new file NAME (no '/') in D's staging directory, for DIR/NAME.
 * May be called from several threads at once.  Returns 0 and sets *out,
 * or -1 with an error in DIAGS.
 */
int crier_output_open(struct crier_outdir *d, const char *name,
                      struct crier_diags *diags, struct crier_output **out);

/*
 * Appends LEN bytes to the file.  Returns 0, or -1 after a write error,
 * which crier_output_finish() reports.
 */
int crier_output_write(struct crier_output *out, const char *data,
                       size_t len);

/* The target's path. */
const char *crier_output_path(const struct crier_output *out);

/*
 * Whether the finished output's target already holds its bytes, so that
 * committing it leaves the target alone.
 */
int crier_output_is_unchanged(const struct crier_output *out);

/*
 * Flushes the file to disk and closes it, unless the target already
 * holds exactly these bytes.  Returns 0, or -1 with an error in DIAGS.
 * The file is not yet in place.
 */
int crier_output_finish(struct crier_output *out, struct crier_diags *diags);

/* Removes the staged file and frees OUT.  Accepts NULL. */
void crier_output_abort(struct crier_output *out);

/*
 * One file, DIR/NAME, replaced atomically by LEN bytes of DATA.  Returns
 * 0, or -1 with an error in DIAGS.
 */
int crier_output_save(const char *dir, const char *name, const char *data,
                      size_t len, struct crier_diags *diags);

/*
 * Many small files written at once, for an import's records: each file
 * is staged, beside its target, as it is added, and all are flushed to
 * disk before the first is renamed into place.
 */
struct crier_output_batch;

/* A new, empty batch, committed or aborted by the caller. */
struct crier_output_batch *crier_output_batch_new(void);

/*
 * Stages LEN bytes of DATA for PATH, which the caller may then free.
 * Returns 0, or -1 with an error in DIAGS; after an error the batch
 * takes no more files and cannot be committed.
 */
int crier_output_batch_add(struct crier_output_batch *b, const char *path,
                           const char *data, size_t len,
                           struct crier_diags *diags);

/* How many files B has staged: the next one's index. */
size_t crier_output_batch_count(const struct crier_output_batch *b);

/*
 * Gives the file staged as number I of B the name PATH instead, in the
 * same directory, for a name decided once every file is staged.
 * Returns 0, or -1 with an error in DIAGS (the batch then cannot be
 * committed).
 */
int crier_output_batch_rename(struct crier_output_batch *b, size_t i,
                              const char *path, struct crier_diags *diags);

/*
 * Flushes every staged file to disk, then renames them into place, and
 * frees B.  Returns 0, or -1 with errors in DIAGS: if writing failed, no
 * file was replaced; if a rename failed (which takes a change to the
 * directory since), those before it were.
 */
int crier_output_batch_commit(struct crier_output_batch *b,
                              struct crier_diags *diags);

/* Removes every staged file and frees B.  Accepts NULL. */
void crier_output_batch_abort(struct crier_output_batch *b);

/*
 * For writers into directories crier does not own (a file:// target):
 * creates a new file ".NAME.crier-XXXXXX" in the directory DIR_FD with
 * O_EXCL|O_NOFOLLOW, locked with flock(2) while it is open.  Returns the
 * descriptor and sets *temp_name (freed by the caller), or -1 with errno
 * set.
 */
int crier_temp_file_open(int dir_fd, const char *name, char **temp_name);

/*
 * Removes from DIR_FD the temporary files of crier_temp_file_open() that
 * no live run holds, and those of versions before 2026-12
 * (".NAME.crier-tmp"): what killed runs left.
 */
void crier_temp_files_sweep(int dir_fd);

#endif /* CRIER_OUTPUT_H */
