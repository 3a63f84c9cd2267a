/*
 * ledger.c - what a build published before (ledger.h).
 *
 * One line per entry, in the feed's order and then the tombstones': its
 * tag: URI, and for a deleted one a tab and the Unix time its deletion
 * was first seen.  The order is the model's, not sorted again: a reader
 * looks each line up in a hash set.  At 100,000 entries the
 * file is megabytes, so it is read a line at a time, keeping only the
 * entries no record has any more, and written straight to its output;
 * the output is left alone when its bytes do not change (output.h).
 *
 * Then one line per document the build wrote, or wrote empty because an
 * earlier build had made it (stale.h):
 *
 *     #doc <TAB> NAME <TAB> SECONDS or "-" <TAB> ID <TAB> TITLE
 *
 * SECONDS being when a build first found it no longer made.  The lines
 * start with '#' so that crier before 2026-12, reading this ledger, takes
 * them for comments and not for entries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "ledger.h"
#include "record.h"

#define HEADER "# crier: the entries built here, and deleted ones\n"
#define SECONDS_A_DAY 86400
#define DOC_MARK "#doc\t"

/*
 * Every record's URI, whatever its state: a hash set, since the ledger
 * asks it once for each of its lines.  A slot holds an entry's index
 * plus one, 0 when empty: this runs with the whole model in memory.
 */
struct uri_set {
	const struct crier_feed *doc;
	uint32_t *slots;
	size_t mask;
};

static size_t
uri_slot(const struct uri_set *set, const char *uri)
{
	size_t at = crier_hash_bytes(uri, strlen(uri)) & set->mask;

	while (set->slots[at] != 0 &&
	       strcmp(set->doc->entries[set->slots[at] - 1].uri, uri) != 0)
		at = (at + 1) & set->mask;
	return at;
}

static void
present_uris(struct uri_set *set, const struct crier_feed *doc)
{
	size_t size = 16, i;

	while (size < 2 * doc->entry_count)
		size *= 2;
	set->doc = doc;
	set->slots = crier_xcalloc(size, sizeof(*set->slots));
	set->mask = size - 1;
	for (i = 0; i < doc->entry_count; i++)
		set->slots[uri_slot(set, doc->entries[i].uri)] =
		    (uint32_t)i + 1;
}

static bool
is_present(const struct uri_set *set, const char *uri)
{
	return set->slots[uri_slot(set, uri)] != 0;
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

struct tombstones {
	struct crier_tombstone *items;
	size_t count, capacity;
};

/*
 * One line of the ledger: "URI" or "URI<TAB>SECONDS".  An entry no
 * record has any more is a tombstone, dated now if the line does not
 * say when, until Tombstone-Days have passed.  Other lines are left out.
 */
void
crier_ledger_docs_add(struct crier_ledger_docs *docs,
                      const struct crier_ledger_doc *d)
{
	docs->items = crier_xgrow(docs->items, &docs->capacity,
	                          docs->count + 1, sizeof(*docs->items));
	docs->items[docs->count++] = *d;
}

void
crier_ledger_docs_free(struct crier_ledger_docs *docs)
{
	free(docs->items);
	docs->items = NULL;
	docs->count = docs->capacity = 0;
}

/*
 * Whether NAME can be a document crier wrote: a plain, visible name in
 * the output directory.  Anything else in the ledger was not written by
 * crier, and is never written to nor removed.
 */
static bool
is_doc_name(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL &&
	       strlen(name) <= 255;
}

/* "#doc\tNAME\tSECONDS\tID\tTITLE", added to DOCS; other lines are not. */
static void
read_doc_line(char *line, struct crier_feed *doc,
              struct crier_ledger_docs *docs)
{
	struct crier_ledger_doc d = {0};
	char *field[4], *p = line + strlen(DOC_MARK), *end;
	size_t i;

	for (i = 0; i < 4; i++) {
		field[i] = p;
		if (i < 3 && (p = strchr(p, '\t')) == NULL)
			return;
		if (i < 3)
			*p++ = '\0';
	}
	if (!is_doc_name(field[0]) || field[2][0] == '\0')
		return;
	if (strcmp(field[1], "-") != 0) {
		errno = 0;
		d.gone.epoch_s = strtoll(field[1], &end, 10);
		if (errno != 0 || *end != '\0' || end == field[1])
			return;
		/* As with tombstones: a time crier did not write counts as now. */
		if (d.gone.epoch_s < 0 || d.gone.epoch_s > doc->now_s)
			d.gone.epoch_s = doc->now_s;
		d.is_gone = true;
	}
	d.name = crier_arena_strndup(doc->arena, field[0], strlen(field[0]));
	d.id = crier_arena_strndup(doc->arena, field[2], strlen(field[2]));
	d.title = crier_arena_strndup(doc->arena, field[3], strlen(field[3]));
	crier_ledger_docs_add(docs, &d);
}

static void
read_line(char *line, struct crier_feed *doc, const struct uri_set *present,
          struct tombstones *t, struct crier_ledger_docs *docs)
{
	int64_t keep_s = (int64_t)doc->tombstone_days * SECONDS_A_DAY;
	int64_t at = doc->now_s;
	char *tab, *end;
	const char *uri = line;

	line[strcspn(line, "\n")] = '\0';
	if (docs != NULL && strncmp(line, DOC_MARK, strlen(DOC_MARK)) == 0)
		read_doc_line(line, doc, docs);
	if (line[0] == '#' || line[0] == '\0')
		return;
	if ((tab = strchr(line, '\t')) != NULL) {
		*tab = '\0';
		errno = 0;
		at = strtoll(tab + 1, &end, 10);
		if (errno != 0 || *end != '\0' || end == tab + 1)
			return;
		/*
		 * A deletion is seen at a time between the epoch and now; any
		 * other was not written by crier, and counts as now.
		 */
		if (at < 0 || at > doc->now_s)
			at = doc->now_s;
	}
	if (is_present(present, uri) || doc->now_s - at >= keep_s)
		return;
	t->items = crier_xgrow(t->items, &t->capacity, t->count + 1,
	                       sizeof(*t->items));
	t->items[t->count].uri = crier_arena_strndup(doc->arena, uri,
	                                             strlen(uri));
	t->items[t->count++].when = (struct crier_time){at, 0};
}

/*
 * The ledger's lines end up in the feed as tombstones: a symlink planted
 * in its place (to a private file) is refused, not read, and so is
 * anything but a regular file (a FIFO would block).  NULL with errno set
 * on failure.
 */
static FILE *
open_ledger(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "r")) == NULL) {
		errno = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		return NULL;
	}
	return f;
}

int
crier_ledger_read_stream(FILE *f, const char *path, struct crier_feed *doc,
                         struct crier_ledger_docs *docs,
                         struct crier_diags *diags)
{
	struct tombstones t = {NULL, 0, 0};
	struct crier_tombstone *kept;
	struct uri_set present;
	char *line = NULL;
	size_t cap = 0;
	int rc = 1;

	present_uris(&present, doc);
	while (getline(&line, &cap, f) >= 0)
		read_line(line, doc, &present, &t, docs);
	if (ferror(f)) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		rc = -1;
	}
	free(line);
	free(present.slots);
	if (t.count > 0) {
		qsort(t.items, t.count, sizeof(*t.items), compare_tombstones);
		kept = crier_arena_alloc(doc->arena, t.count * sizeof(*kept));
		memcpy(kept, t.items, t.count * sizeof(*kept));
		doc->tombstones = kept;
		doc->tombstone_count = t.count;
		if (t.items[0].when.epoch_s > doc->updated.epoch_s)
			doc->updated = t.items[0].when;
	}
	free(t.items);
	return rc;
}

int
crier_ledger_read(const char *dir, struct crier_feed *doc,
                  struct crier_ledger_docs *docs, struct crier_diags *diags)
{
	char *path = crier_xmalloc(strlen(dir) + sizeof(CRIER_LEDGER_FILE) + 1);
	FILE *f;
	int rc;

	sprintf(path, "%s/%s", dir, CRIER_LEDGER_FILE);
	if ((f = open_ledger(path)) == NULL) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc < 0)
			crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
			           strerror(errno));
		free(path);
		return rc;
	}
	rc = crier_ledger_read_stream(f, path, doc, docs, diags);
	fclose(f);
	free(path);
	return rc;
}

static int
compare_docs(const void *a, const void *b)
{
	return strcmp(((const struct crier_ledger_doc *)a)->name,
	              ((const struct crier_ledger_doc *)b)->name);
}

/* S with tabs and other control characters as spaces: one field. */
static void
put_field(struct crier_buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		crier_buf_add(b, (unsigned char)*s < ' ' || *s == 0x7F ? " " : s,
		              1);
}

/* The document lines, sorted by name, appended to CHUNK. */
static void
put_docs(const struct crier_ledger_docs *docs, struct crier_buf *chunk)
{
	struct crier_ledger_doc *sorted;
	size_t i;

	if (docs == NULL || docs->count == 0)
		return;
	sorted = crier_xmalloc(docs->count * sizeof(*sorted));
	memcpy(sorted, docs->items, docs->count * sizeof(*sorted));
	qsort(sorted, docs->count, sizeof(*sorted), compare_docs);
	for (i = 0; i < docs->count; i++) {
		crier_buf_puts(chunk, DOC_MARK);
		put_field(chunk, sorted[i].name);
		if (sorted[i].is_gone)
			crier_buf_printf(chunk, "\t%lld\t",
			    (long long)sorted[i].gone.epoch_s);
		else
			crier_buf_puts(chunk, "\t-\t");
		put_field(chunk, sorted[i].id);
		crier_buf_puts(chunk, "\t");
		put_field(chunk, sorted[i].title != NULL ? sorted[i].title : "");
		crier_buf_puts(chunk, "\n");
	}
	free(sorted);
}

int
crier_ledger_write(const struct crier_feed *doc,
                   const struct crier_ledger_docs *docs,
                   struct crier_output *out)
{
	size_t n = doc->published_count + doc->tombstone_count, i;
	struct crier_buf chunk = {0};
	int rc = 0;

	crier_buf_puts(&chunk, HEADER);
	for (i = 0; i < n && rc == 0; i++) {
		if (i < doc->published_count) {
			crier_buf_puts(&chunk, doc->published[i]->uri);
		} else {
			crier_buf_puts(&chunk,
			    doc->tombstones[i - doc->published_count].uri);
			crier_buf_printf(&chunk, "\t%lld", (long long)doc->
			    tombstones[i - doc->published_count].when.epoch_s);
		}
		crier_buf_puts(&chunk, "\n");
		if (chunk.len >= 64 * 1024) {
			rc = crier_output_write(out, chunk.data, chunk.len);
			chunk.len = 0;
		}
	}
	put_docs(docs, &chunk);
	if (rc == 0 && chunk.len > 0)
		rc = crier_output_write(out, chunk.data, chunk.len);
	crier_buf_free(&chunk);
	return rc;
}
