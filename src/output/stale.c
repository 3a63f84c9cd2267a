/*
 * stale.c - documents an earlier build wrote and this one does not
 * (stale.h).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "stale.h"

#define SECONDS_A_DAY 86400

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
compare_docs(const void *a, const void *b)
{
	return strcmp(((const struct crier_ledger_doc *)a)->name,
	              ((const struct crier_ledger_doc *)b)->name);
}

/* Adds DOC's files, as the build names them, to the plan's next docs. */
static void
add_written(const struct crier_feed *current, const struct crier_feed *doc,
            struct crier_stale_plan *plan)
{
	struct crier_ledger_doc d = {0};
	char *name;
	int kind;

	for (kind = 0; kind < CRIER_OUT_COUNT; kind++) {
		if (!(doc->outputs & 1u << kind) ||
		    crier_output_file((enum crier_output_kind)kind) == NULL)
			continue;
		name = crier_feed_file(doc, (enum crier_output_kind)kind);
		d.name = crier_arena_strndup(current->arena, name,
		                             strlen(name));
		d.id = doc->id;
		d.title = doc->title;
		crier_ledger_docs_add(&plan->next, &d);
		free(name);
	}
}

/*
 * The output kind of the file NAME and, in *STEM, its view's stem (NULL
 * for a fixed name such as feed.rss).  -1 when no writer makes such a
 * file: it is not crier's, and is left alone.
 */
static int
kind_of(struct crier_arena *arena, const char *name, const char **stem)
{
	size_t len = strlen(name), ext_len;
	const char *file, *ext;
	int kind;

	for (kind = 0; kind < CRIER_OUT_COUNT; kind++) {
		file = crier_output_file((enum crier_output_kind)kind);
		if (file == NULL || (ext = strrchr(file, '.')) == NULL)
			continue;
		ext_len = strlen(ext);
		if (strcmp(name, file) == 0) {
			*stem = NULL;
			return kind;
		}
		if (len > ext_len && strcmp(name + len - ext_len, ext) == 0) {
			*stem = crier_arena_strndup(arena, name, len - ext_len);
			return kind;
		}
	}
	return -1;
}

/*
 * The document P was, without entries: the source's tombstones tell
 * Atom readers what went, dated no earlier than P was found gone.
 */
static void
make_empty(const struct crier_feed *current, const struct crier_ledger_doc *p,
           int kind, const char *stem, struct crier_feed *v)
{
	*v = crier_feed_view_of(current);
	v->outputs = 1u << kind;
	v->stem = stem;
	v->id = p->id;
	v->title = p->title[0] != '\0' ? p->title : current->title;
	v->updated = p->gone;
	if (current->tombstone_count > 0 &&
	    current->tombstones[0].when.epoch_s > v->updated.epoch_s)
		v->updated = current->tombstones[0].when;
}

/* Decides what becomes of P, a document this build does not write. */
static void
plan_gone(const struct crier_feed *current, const struct crier_ledger_doc *p,
          struct crier_stale_plan *plan, size_t *capacity)
{
	struct crier_ledger_doc d = *p;
	unsigned days = current->tombstone_days > 0 ? current->tombstone_days : 1;
	const char *stem;
	int kind = kind_of(current->arena, p->name, &stem);

	if (kind < 0)
		return;
	if (!d.is_gone) {
		d.is_gone = true;
		d.gone = (struct crier_time){current->now_s, 0};
	}
	if (current->now_s - d.gone.epoch_s >= (int64_t)days * SECONDS_A_DAY) {
		plan->expired = crier_xgrow(plan->expired, capacity,
		                            plan->expired_count + 1,
		                            sizeof(*plan->expired));
		plan->expired[plan->expired_count++] = p->name;
		return;
	}
	make_empty(current, &d, kind, stem, &plan->empty[plan->empty_count++]);
	crier_ledger_docs_add(&plan->next, &d);
}

void
crier_stale_plan(const struct crier_feed *current,
                 const struct crier_ledger_docs *previous,
                 struct crier_stale_plan *plan)
{
	struct crier_ledger_doc *prev;
	const char **written;
	size_t i, n, capacity = 0;

	memset(plan, 0, sizeof(*plan));
	add_written(current, current, plan);
	for (i = 0; i < current->view_count; i++)
		add_written(current, &current->views[i], plan);
	n = plan->next.count;
	written = crier_xmalloc((n + 1) * sizeof(*written));
	for (i = 0; i < n; i++)
		written[i] = plan->next.items[i].name;
	qsort(written, n, sizeof(*written), compare_names);
	prev = crier_xmalloc((previous->count + 1) * sizeof(*prev));
	if (previous->count > 0)
		memcpy(prev, previous->items, previous->count * sizeof(*prev));
	qsort(prev, previous->count, sizeof(*prev), compare_docs);
	plan->empty = crier_arena_alloc(current->arena,
	    (previous->count + 1) * sizeof(*plan->empty));
	for (i = 0; i < previous->count; i++) {
		/* A ledger not written by crier may name a file twice. */
		if ((i > 0 && strcmp(prev[i].name, prev[i - 1].name) == 0) ||
		    bsearch(&prev[i].name, written, n, sizeof(*written),
		            compare_names) != NULL)
			continue;
		plan_gone(current, &prev[i], plan, &capacity);
	}
	free(prev);
	free(written);
}

void
crier_stale_plan_free(struct crier_stale_plan *plan)
{
	crier_ledger_docs_free(&plan->next);
	free(plan->expired);
	plan->expired = NULL;
	plan->expired_count = 0;
}

void
crier_stale_remove(const char *dir, const struct crier_stale_plan *plan)
{
	int fd;
	size_t i;

	if (plan->expired_count == 0 ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	/* unlinkat() removes a symlink itself, never what it points to. */
	for (i = 0; i < plan->expired_count; i++)
		unlinkat(fd, plan->expired[i], 0);
	close(fd);
}
