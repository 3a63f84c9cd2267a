/*
 * ledger.c - what a build published before (ledger.h).
 *
 * One line per entry, sorted: its tag: URI, and for a deleted one a tab
 * and the Unix time its deletion was first seen.  The file is rewritten
 * only when a line changes, with the outputs, all or nothing.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "ledger.h"

#define HEADER "# crier: the entries built here, and deleted ones\n"
#define SECONDS_A_DAY 86400

struct mark {
	const char *uri;
	int64_t deleted_s;     /* when the deletion was seen */
	bool is_deleted;
};

struct crier_ledger {
	struct crier_buf text;        /* as read; empty when there was none */
	char *lines;                  /* a copy, cut into the marks */
	struct mark *marks;
	size_t count;
	struct crier_buf next;
	bool is_changed;
};

static int
compare_marks(const void *a, const void *b)
{
	return strcmp(((const struct mark *)a)->uri,
	              ((const struct mark *)b)->uri);
}

static int
compare_uris(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lines that are not "URI" or "URI<TAB>SECONDS" are left out. */
static void
parse(struct crier_ledger *l)
{
	char *line, *next, *tab, *end;
	size_t capacity = 0;
	struct mark m;

	l->lines = crier_xmalloc(l->text.len + 1);
	memcpy(l->lines, l->text.data != NULL ? l->text.data : "",
	       l->text.len);
	l->lines[l->text.len] = '\0';
	for (line = l->lines; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		m.uri = line;
		m.is_deleted = false;
		m.deleted_s = 0;
		if ((tab = strchr(line, '\t')) != NULL) {
			*tab = '\0';
			errno = 0;
			m.deleted_s = strtoll(tab + 1, &end, 10);
			if (errno != 0 || *end != '\0' || end == tab + 1)
				continue;
			m.is_deleted = true;
		}
		l->marks = crier_xgrow(l->marks, &capacity, l->count + 1,
		                       sizeof(*l->marks));
		l->marks[l->count++] = m;
	}
	if (l->count > 0)
		qsort(l->marks, l->count, sizeof(*l->marks), compare_marks);
}

struct crier_ledger *
crier_ledger_read(const char *dir, struct crier_diags *diags)
{
	struct crier_ledger *l = crier_xcalloc(1, sizeof(*l));
	char *path = crier_xmalloc(strlen(dir) + sizeof(CRIER_LEDGER_FILE) + 1);
	char chunk[65536];
	size_t n;
	FILE *f;

	sprintf(path, "%s/%s", dir, CRIER_LEDGER_FILE);
	f = fopen(path, "r");
	if (f == NULL && errno != ENOENT) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		free(path);
		free(l);
		return NULL;
	}
	while (f != NULL && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		crier_buf_add(&l->text, chunk, n);
	if (f != NULL && ferror(f)) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		fclose(f);
		free(path);
		crier_ledger_free(l);
		return NULL;
	}
	if (f != NULL)
		fclose(f);
	free(path);
	parse(l);
	return l;
}

/* Every record's URI, whatever its state, sorted for bsearch(). */
static const char **
present_uris(const struct crier_feed *doc)
{
	const char **uris = crier_xmalloc((doc->entry_count + 1) *
	                                  sizeof(*uris));
	size_t i;

	for (i = 0; i < doc->entry_count; i++)
		uris[i] = doc->entries[i].uri;
	qsort(uris, doc->entry_count, sizeof(*uris), compare_uris);
	return uris;
}

/* Newest first, then by URI: the order the feed lists them in. */
static int
compare_tombstones(const void *a, const void *b)
{
	const struct crier_tombstone *x = a, *y = b;

	if (x->when.epoch_s != y->when.epoch_s)
		return x->when.epoch_s > y->when.epoch_s ? -1 : 1;
	return strcmp(x->uri, y->uri);
}

static void
add_tombstones(struct crier_ledger *l, struct crier_feed *doc)
{
	const char **present = present_uris(doc);
	int64_t keep_s = (int64_t)doc->tombstone_days * SECONDS_A_DAY, at;
	struct crier_tombstone *t;
	size_t i, n = 0;

	t = crier_arena_alloc(doc->arena, (l->count + 1) * sizeof(*t));
	for (i = 0; i < l->count; i++) {
		if (bsearch(&l->marks[i].uri, present, doc->entry_count,
		    sizeof(*present), compare_uris) != NULL)
			continue;
		at = l->marks[i].is_deleted ? l->marks[i].deleted_s
		                            : doc->now_s;
		if (doc->now_s - at >= keep_s)
			continue;
		t[n].uri = crier_arena_strndup(doc->arena, l->marks[i].uri,
		                               strlen(l->marks[i].uri));
		t[n].when = (struct crier_time){at, 0};
		n++;
	}
	qsort(t, n, sizeof(*t), compare_tombstones);
	doc->tombstones = t;
	doc->tombstone_count = n;
	if (n > 0 && t[0].when.epoch_s > doc->updated.epoch_s)
		doc->updated = t[0].when;
	free(present);
}

static void
make_next(struct crier_ledger *l, const struct crier_feed *doc)
{
	size_t n = doc->published_count + doc->tombstone_count, i;
	struct mark *lines = crier_xmalloc((n + 1) * sizeof(*lines));

	for (i = 0; i < doc->published_count; i++)
		lines[i] = (struct mark){doc->published[i]->uri, 0, false};
	for (i = 0; i < doc->tombstone_count; i++)
		lines[doc->published_count + i] = (struct mark){
		    doc->tombstones[i].uri, doc->tombstones[i].when.epoch_s,
		    true};
	qsort(lines, n, sizeof(*lines), compare_marks);
	if (n > 0)
		crier_buf_puts(&l->next, HEADER);
	for (i = 0; i < n; i++) {
		crier_buf_puts(&l->next, lines[i].uri);
		if (lines[i].is_deleted)
			crier_buf_printf(&l->next, "\t%lld",
			                 (long long)lines[i].deleted_s);
		crier_buf_puts(&l->next, "\n");
	}
	free(lines);
	l->is_changed = l->next.len != l->text.len || (l->next.len > 0 &&
	    memcmp(l->next.data, l->text.data, l->next.len) != 0);
}

void
crier_ledger_apply(struct crier_ledger *l, struct crier_feed *doc)
{
	add_tombstones(l, doc);
	make_next(l, doc);
}

const char *
crier_ledger_next(const struct crier_ledger *l, size_t *len)
{
	if (!l->is_changed)
		return NULL;
	*len = l->next.len;
	return l->next.data != NULL ? l->next.data : "";
}

void
crier_ledger_free(struct crier_ledger *l)
{
	if (l == NULL)
		return;
	crier_buf_free(&l->text);
	crier_buf_free(&l->next);
	free(l->lines);
	free(l->marks);
	free(l);
}
