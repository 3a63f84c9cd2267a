/*
 * fuzz_schedule.c - libFuzzer target for import-schedule: a schedule's
 * XML to events, each event to the text of its record, and that record
 * back through the record reader.  Import must never write a record that
 * check refuses, so an imported record with an error is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "model.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, showing the record and why it was refused. */
static void
refused(const char *text, size_t len, struct crier_diags *diags)
{
	size_t i;

	crier_diags_sort(diags);
	for (i = 0; i < crier_diags_count(diags); i++)
		fprintf(stderr, "%s:%u:%u: %s\n", crier_diags_get(diags, i)->file,
		        crier_diags_get(diags, i)->line,
		        crier_diags_get(diags, i)->column,
		        crier_diags_get(diags, i)->message);
	fprintf(stderr, "imported record (%zu bytes):\n%.*s\n", len,
	        (int)(len < 4096 ? len : 4096), text);
	abort();
}

/*
 * Reads the record TEXT of event E as check would, and aborts on an
 * error.  Then imports E again over it, which must find nothing to
 * change: an import must recognise its own record.
 */
static void
check_record(const struct crier_sched_event *e, struct crier_time stamp,
             const char *text, size_t len)
{
	enum crier_import_change how;
	char *again;
	size_t again_len;
	struct crier_diags *diags = crier_diags_new();
	struct crier_arena *arena = crier_arena_new();
	struct crier_feed feed;
	struct crier_record rec;
	struct crier_entry entry;

	memset(&feed, 0, sizeof(feed));
	feed.arena = arena;
	feed.timezone = "Europe/Brussels";
	feed.source = "fuzz";
	if (len > CRIER_RECORD_MAX_BYTES ||
	    crier_record_parse("talk.md", text, len, CRIER_SYNTAX_RECORD, arena,
	    diags, &rec) != 0 ||
	    crier_entry_from_record(&feed, &rec, "talk", arena, diags,
	    &entry) != 0 || crier_diags_error_count(diags) > 0)
		refused(text, len, diags);
	again = crier_import_compose(e, NULL, stamp, text, len, &rec,
	                             &again_len, &how);
	if (again != NULL) {
		fprintf(stderr, "re-import changed its own record:\n%.*s\n"
		        "---\n%.*s\n", (int)(len < 4096 ? len : 4096), text,
		        (int)(again_len < 4096 ? again_len : 4096), again);
		abort();
	}
	crier_arena_free(arena);
	crier_diags_free(diags);
}

/* Each event as the reader hands it on: composed, and checked. */
static void
take_event(void *arg, const struct crier_schedule *s,
           const struct crier_sched_event *e, struct crier_diags *diags)
{
	const struct crier_time *stamp = arg;
	struct crier_sched_event with_body = *e;
	enum crier_import_change how;
	char *text, *body;
	size_t len;

	(void)s;
	(void)diags;
	body = crier_sched_body_markdown(&e->body_parts);
	with_body.body = body;
	text = crier_import_compose(&with_body, NULL, *stamp, NULL, 0, NULL,
	                            &len, &how);
	check_record(&with_body, *stamp, text, len);
	free(text);
	free(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crier_import_options opt;
	struct crier_diags *diags = crier_diags_new();
	struct crier_schedule *s = NULL;
	struct crier_time stamp = {1485507600, 0};
	struct crier_sched_sink sink = {take_event, NULL, &stamp};

	memset(&opt, 0, sizeof(opt));
	opt.schedule_file = "fuzz.xml";
	opt.now_s = stamp.epoch_s;
	/* With and without a zone of our own, decided by the last byte. */
	if (size > 0 && (data[size - 1] & 1))
		opt.timezone = "Europe/Brussels";
	crier_schedule_read_memory(&opt, (const char *)data, size, &sink,
	                           diags, &s);
	crier_schedule_free(s);
	crier_diags_free(diags);
	return 0;
}
