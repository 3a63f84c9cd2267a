/*
 * fuzz_ledger.c - libFuzzer target for the files a build and a publish
 * read back from the output directory: the ledger of published entries
 * (.crier-published) and the publish state (.publish-state).  The first
 * byte picks which; anyone who can write the output directory writes
 * these.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ledger.h"
#include "publish_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_ledger(const uint8_t *data, size_t size)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_arena *arena = crier_arena_new();
	struct crier_entry entries[2];
	struct crier_ledger_docs docs = {NULL, 0, 0};
	struct crier_feed doc;
	FILE *f;

	memset(&doc, 0, sizeof(doc));
	memset(entries, 0, sizeof(entries));
	entries[0].uri = "tag:example.org,2017:fuzz/a";
	entries[1].uri = "tag:example.org,2017:fuzz/b";
	doc.arena = arena;
	doc.entries = entries;
	doc.entry_count = 2;
	doc.now_s = 1485507600;
	doc.tombstone_days = 30;
	f = fmemopen((void *)data, size, "r");
	if (f != NULL) {
		crier_ledger_read_stream(f, ".crier-published", &doc, &docs,
		                         diags);
		fclose(f);
	}
	crier_ledger_docs_free(&docs);
	crier_arena_free(arena);
	crier_diags_free(diags);
}

static void
read_state(const uint8_t *data, size_t size)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_state *st = calloc(1, sizeof(*st));
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	st->file = strdup(".publish-state");
	crier_state_parse(st, text, size, diags);
	if (st->count > 0)
		crier_state_get(st, st->entries[0].target, st->entries[0].path);
	crier_state_free(st);
	free(text);
	crier_diags_free(diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		read_state(data + 1, size - 1);
	else
		read_ledger(data + 1, size - 1);
	return 0;
}
