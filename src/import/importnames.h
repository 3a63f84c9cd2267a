/*
 * importnames.h - the file names of a feed source, for the import: the
 * records already there, and the names new records get.
 */
#ifndef CRIER_IMPORTNAMES_H
#define CRIER_IMPORTNAMES_H

#include <stddef.h>

#include "import.h"

/* A source's record files. */
struct crier_import_files {
	struct crier_arena *arena;   /* holds every name; the caller's */
	const char *dir;             /* the source, without a trailing '/' */
	char **paths;                /* every *.md in it, sorted; free() */
	size_t path_count, path_capacity;
};

/* A new event and the file its record gets. */
struct crier_import_new {
	const char *slug, *id;       /* the event's */
	unsigned line;               /* of the event, for a stable order */
	size_t index;                /* the caller's */
	const char *path;            /* NULL until named */
};

/*
 * Fills F->paths with every *.md below F->dir, as crier_feed_load()
 * finds records, sorted.  Returns the number of errors added to DIAGS
 * (a folder that could not be read).
 */
int crier_import_files_scan(struct crier_import_files *f,
                            struct crier_diags *diags);
/* Whether PATH is among F's records. */
int crier_import_is_on_disk(const struct crier_import_files *f,
                            const char *path);
/* DIR/schedule/SLUG.md, or with K > 1, SLUG-K.md, in F's arena. */
const char *crier_import_schedule_path(const struct crier_import_files *f,
                                       const char *slug, size_t k);
/*
 * Names the N new records of V: DIR/schedule/SLUG.md; when two new
 * events share a slug, or the file exists, SLUG-ID.md (then -2, -3...
 * should that exist too).  Sorts V by slug.
 */
void crier_import_name_new(const struct crier_import_files *f,
                           struct crier_import_new *v, size_t n);

#endif /* CRIER_IMPORTNAMES_H */
