/*
 * importnames.c - the file names of a feed source, as the import sees
 * them: the records already there, and the name each new record gets.
 *
 * A new record's name is kept for good once written (its id comes from
 * it), so it is chosen once, here, against every name already taken.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "record.h"
#include "diag.h"
#include "importnames.h"

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.md below DIR, as crier_feed_load() finds records. */
static int
collect_paths(struct crier_import_files *f, const char *dir,
              struct crier_diags *diags)
{
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	size_t len;
	char *path;
	int errors = 0;

	if (d == NULL) {
		crier_diag(diags, dir, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = crier_arena_printf(f->arena, "%s/%s", dir,
		                          de->d_name);
		len = strlen(de->d_name);
		if (de->d_type == DT_DIR || (de->d_type == DT_UNKNOWN &&
		    lstat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
			errors += collect_paths(f, path, diags);
		} else if (len > 3 && strcmp(de->d_name + len - 3, ".md") == 0) {
			f->paths = crier_xgrow(f->paths, &f->path_capacity,
			                       f->path_count + 1,
			                       sizeof(*f->paths));
			f->paths[f->path_count++] = path;
		}
	}
	closedir(d);
	return errors;
}

int
crier_import_files_scan(struct crier_import_files *f,
                        struct crier_diags *diags)
{
	int errors = collect_paths(f, f->dir, diags);

	if (f->path_count > 0)
		qsort(f->paths, f->path_count, sizeof(*f->paths),
		      compare_strings);
	return errors;
}

static int
compare_new_slugs(const void *a, const void *b)
{
	const struct crier_import_new *x = a, *y = b;
	int c = strcmp(x->slug, y->slug);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

int
crier_import_is_on_disk(const struct crier_import_files *f, const char *path)
{
	return f->path_count > 0 && bsearch(&path, f->paths, f->path_count,
	    sizeof(*f->paths), compare_strings) != NULL;
}

/*
 * File names taken by new records, and for each SLUG-ID the next suffix
 * to try, so that naming events that collide takes time linear in their
 * number.  (A linear search per name, and per suffix, took 106 s for
 * 5000 events sharing a slug and an id, which merged schedules have.)
 */
struct name_slot {
	const char *name;       /* NULL in a free slot */
	size_t next;            /* for a SLUG-ID: the next suffix to try */
};

struct name_table {
	struct name_slot *slots;
	size_t count, capacity; /* capacity: 0 or a power of 2 */
};

static struct name_slot *
name_find(struct name_slot *v, size_t capacity, const char *name)
{
	size_t i;

	for (i = (size_t)crier_hash_bytes(name, strlen(name)) & (capacity - 1); v[i].name != NULL &&
	    strcmp(v[i].name, name) != 0; i = (i + 1) & (capacity - 1))
		;
	return &v[i];
}

/* NAME's slot in T, added with next 0 if it was not there. */
static struct name_slot *
name_add(struct name_table *t, const char *name)
{
	struct name_slot *old = t->slots, *slot;
	size_t i, old_capacity = t->capacity;

	if (2 * (t->count + 1) > t->capacity) {
		t->capacity = old_capacity > 0 ? 2 * old_capacity : 64;
		t->slots = crier_xcalloc(t->capacity, sizeof(*t->slots));
		for (i = 0; i < old_capacity; i++)
			if (old[i].name != NULL)
				*name_find(t->slots, t->capacity, old[i].name) =
				    old[i];
		free(old);
	}
	slot = name_find(t->slots, t->capacity, name);
	if (slot->name == NULL) {
		slot->name = name;
		slot->next = 0;
		t->count++;
	}
	return slot;
}

/* Whether PATH is a record in the source, or taken by a new one. */
static int
is_taken(const struct crier_import_files *f, const struct name_table *taken,
         const char *path)
{
	return crier_import_is_on_disk(f, path) || (taken->capacity > 0 &&
	    name_find(taken->slots, taken->capacity, path)->name != NULL);
}

/* A slug with the event's id: "opening-101". */
static const char *
slug_with_id(const struct crier_import_files *f, const char *event_slug,
             const char *id)
{
	char *slug = crier_arena_printf(f->arena, "%s-%s", event_slug, id);
	char *p;

	for (p = slug; *p != '\0'; p++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", *p) == NULL)
			*p = '-';
	return slug;
}

/* SOURCE/schedule/SLUG.md, or with K > 1, SLUG-K.md. */
const char *
crier_import_schedule_path(const struct crier_import_files *f,
                           const char *slug, size_t k)
{
	if (k > 1)
		return crier_arena_printf(f->arena, "%s/schedule/%s-%zu.md",
		                          f->dir, slug, k);
	return crier_arena_printf(f->arena, "%s/schedule/%s.md", f->dir, slug);
}

/*
 * SOURCE/schedule/SLUG.md; when two new events share a slug, or the
 * file exists, SLUG-ID.md (then -2, -3... should that exist too).  The
 * name is kept for good once written: the record's id comes from it.
 */
void
crier_import_name_new(const struct crier_import_files *f,
                      struct crier_import_new *v, size_t n)
{
	struct name_table taken = {0}, slugs = {0};
	struct name_slot *slug_slot;
	const char *path, *slug;
	size_t i, k;

	if (n > 1)
		qsort(v, n, sizeof(*v), compare_new_slugs);
	/* First the slugs no other new event has: most of them. */
	for (i = 0; i < n; i++) {
		slug = v[i].slug;
		path = crier_import_schedule_path(f, slug, 1);
		if ((i == 0 || strcmp(v[i - 1].slug, slug) != 0) &&
		    (i + 1 == n || strcmp(v[i + 1].slug, slug) != 0) &&
		    !crier_import_is_on_disk(f, path))
			name_add(&taken, v[i].path = path);
	}
	/*
	 * Then the few that collide.  The names an earlier event with the
	 * same SLUG-ID tried were all taken, and still are.
	 */
	for (i = 0; i < n; i++) {
		if (v[i].path != NULL)
			continue;
		slug = slug_with_id(f, v[i].slug, v[i].id);
		slug_slot = name_add(&slugs, slug);
		k = slug_slot->next > 1 ? slug_slot->next : 1;
		while (is_taken(f, &taken,
		    path = crier_import_schedule_path(f, slug, k)))
			k = k > 1 ? k + 1 : 2;
		slug_slot->next = k + 1;
		name_add(&taken, v[i].path = path);
	}
	free(taken.slots);
	free(slugs.slots);
}
