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

#include <stdio.h>

#include "crier.h"

struct crier_output;

/*
 * Creates DIR (and its parents) if needed, removes temporary files of
 * earlier runs that are no longer alive, and opens a temporary file for
 * DIR/NAME.  Returns 0 and sets *out, or -1 with an error in DIAGS.
 */
int crier_output_open(const char *dir, const char *name,
                      struct crier_diags *diags, struct crier_output **out);

/* The stream to write to, and the temporary file's path. */
FILE *crier_output_stream(struct crier_output *out);
const char *crier_output_temp_path(const struct crier_output *out);
const char *crier_output_path(const struct crier_output *out);

/*
 * Flushes and fsyncs the temporary file and closes the stream.  Returns
 * 0, or -1 with an error in DIAGS.  The file is not yet in place.
 */
int crier_output_finish(struct crier_output *out, struct crier_diags *diags);

/*
 * Renames the finished temporary file over its target and syncs the
 * directory.  Frees OUT.  Returns 0, or -1 with an error in DIAGS.
 */
int crier_output_commit(struct crier_output *out, struct crier_diags *diags);

/* Removes the temporary file and frees OUT.  Accepts NULL. */
void crier_output_abort(struct crier_output *out);

#endif /* CRIER_OUTPUT_H */
