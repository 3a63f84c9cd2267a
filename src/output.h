/*
 * output.h - atomic output files.
 *
 * A file is written under a temporary name in its target directory, then
 * flushed to disk and renamed over the target, so a reader (or a web
 * server) sees the old complete file or the new complete file, never a
 * part.  The temporary name carries the writer's process id: a file left
 * by a killed run is recognised and removed by the next one.
 */
#ifndef CRIER_OUTPUT_H
#define CRIER_OUTPUT_H

#include <stddef.h>

#include "crier.h"

struct crier_output;

/*
 * Creates DIR (and its parents) if needed, removes temporary files of
 * earlier runs that are no longer alive, and opens a temporary file for
 * DIR/NAME.  Returns 0 and sets *out, or -1 with an error in DIAGS.
 */
int crier_output_open(const char *dir, const char *name,
                      struct crier_diags *diags, struct crier_output **out);

/*
 * Appends LEN bytes to the temporary file.  Returns 0, or -1 after a
 * write error, which crier_output_finish() reports.
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
 * Flushes the temporary file to disk and closes it, unless the target
 * already holds exactly these bytes.  Returns 0, or -1 with an error in
 * DIAGS.  The file is not yet in place.
 */
int crier_output_finish(struct crier_output *out, struct crier_diags *diags);

/*
 * Renames the finished temporary file over its target and syncs the
 * directory; a target that already held the same bytes is left as it is,
 * modification time included, and the temporary file removed.  Frees
 * OUT.  Returns 0, or -1 with an error in DIAGS.
 */
int crier_output_commit(struct crier_output *out, struct crier_diags *diags);

/*
 * crier_output_commit() for COUNT outputs at once (NULLs are skipped),
 * syncing each directory once after all the renames.  After a rename
 * fails, the rest are not renamed.  Frees them all.
 */
int crier_output_commit_all(struct crier_output **outs, size_t count,
                            struct crier_diags *diags);

/* Removes the temporary file and frees OUT.  Accepts NULL. */
void crier_output_abort(struct crier_output *out);

/*
 * Writes COUNT files at once, for callers with many small ones (an
 * import writes one record per talk): PATHS[i] gets LENS[i] bytes of
 * DATA[i].  All are written under temporary names and flushed to disk
 * before the first is renamed into place.  Returns 0, or -1 with errors
 * in DIAGS: if writing failed, no file was replaced; if a rename failed
 * (which takes a change to the directory since), those before it were.
 */
int crier_output_write_files(size_t count, const char *const *paths,
                             const char *const *data, const size_t *lens,
                             struct crier_diags *diags);

#endif /* CRIER_OUTPUT_H */
