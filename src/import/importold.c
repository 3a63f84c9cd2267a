/*
 * importold.c - the records an earlier import wrote into a source
 * (importold.h).
 *
 * Only their places are kept: a source of 100,000 talks would otherwise
 * be held whole while the schedule is read.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "importold.h"

int
crier_import_old_read(const char *path, struct crier_arena *arena,
                      struct crier_diags *scratch, char **buf, size_t *len,
                      struct crier_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	*len = 0;
	if (crier_file_read(path, scratch, buf, len) != 0) {
		*buf = NULL;
		return -1;
	}
	return crier_record_parse(path, *buf, *len, CRIER_SYNTAX_RECORD, arena,
	                          scratch, rec);
}

/*
 * Reads PATH and keeps its place if it carries a Schedule-Id, parsing
 * it in SCRATCH_ARENA.  Returns the number of errors added to DIAGS.
 */
static int
read_record(struct crier_import_olds *o, const struct crier_import_files *f,
            const char *path, struct crier_arena *scratch_arena,
            struct crier_diags *diags)
{
	struct crier_diags *scratch = crier_diags_new();
	const struct crier_field *key;
	struct crier_record rec;
	size_t len;
	char *buf;
	int rc = crier_import_old_read(path, scratch_arena, scratch, &buf, &len,
	                               &rec), errors = 0;

	/*
	 * A record that cannot be read may be one of the import's own: left
	 * unsaid, the import would write the event again under a new name,
	 * a copy more on every run.  check refuses it too.
	 */
	key = buf != NULL ? crier_record_find(&rec, "Schedule-Id") : NULL;
	if (buf == NULL || (key != NULL && rc != 0)) {
		crier_diags_append(diags, scratch);
		errors++;
	}
	if (key != NULL) {
		o->v = crier_xgrow(o->v, &o->capacity, o->count + 1,
		                   sizeof(*o->v));
		o->v[o->count++] = (struct crier_import_old){path,
		    crier_arena_strdup(f->arena, key->value), key->value_line, 0};
	}
	free(buf);
	crier_diags_free(scratch);
	crier_arena_reset(scratch_arena);
	return errors;
}

static int
compare_olds(const void *a, const void *b)
{
	const struct crier_import_old *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->path, y->path);
}

int
crier_import_olds_scan(struct crier_import_olds *o,
                       const struct crier_import_files *f,
                       struct crier_diags *diags)
{
	struct crier_arena *scratch = crier_arena_new();
	int errors = 0;
	size_t i;

	for (i = 0; i < f->path_count; i++)
		errors += read_record(o, f, f->paths[i], scratch, diags);
	crier_arena_free(scratch);
	if (o->count > 0)
		qsort(o->v, o->count, sizeof(*o->v), compare_olds);
	for (i = 1; i < o->count; i++) {
		if (strcmp(o->v[i].key, o->v[i - 1].key) != 0)
			continue;
		crier_diag(diags, o->v[i].path, o->v[i].key_line, 0,
		           MSG_SCHEDULE_ID_TWICE, o->v[i].key, o->v[i - 1].path,
		           o->v[i - 1].key_line);
		errors++;
	}
	return errors;
}

struct crier_import_old *
crier_import_olds_find(const struct crier_import_olds *o, const char *key)
{
	size_t lo = 0, hi = o->count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(o->v[mid].key, key);
		if (c == 0)
			return &o->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
