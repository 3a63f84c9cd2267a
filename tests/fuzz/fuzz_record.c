/*
 * fuzz_record.c - libFuzzer target for the record reader: the syntax
 * stage and the conversion of fields into an entry, which between them
 * see every byte a person types.  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_arena *arena = crier_arena_new();
	struct crier_feed feed;
	struct crier_record rec;
	struct crier_entry entry;
	int syntax;

	memset(&feed, 0, sizeof(feed));
	feed.arena = arena;
	feed.timezone = "Europe/Brussels";
	for (syntax = 0; syntax < 2; syntax++) {
		if (crier_record_parse("fuzz.md", (const char *)data, size,
		    syntax ? CRIER_SYNTAX_CONF : CRIER_SYNTAX_RECORD, arena,
		    diags, &rec) == 0 && syntax == 0)
			crier_entry_from_record(&feed, &rec, "fuzz", arena,
			                        diags, &entry);
		if (syntax == 1)
			crier_conf_apply(&feed, &rec, diags);
	}
	crier_diags_sort(diags);
	crier_arena_free(arena);
	crier_diags_free(diags);
	return 0;
}
