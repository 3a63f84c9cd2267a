/*
 * cli_report.c - what check, build, publish and import-schedule print of
 * their results besides diagnostics: the schedule of held-back records,
 * -v's summary, -vv's trace, --dry-run's list, the records imported.
 */
#include <stdio.h>

#include "cli.h"
#include "crier.h"
#include "log.h"

static void
print_time(const char *what, int64_t epoch_s)
{
	char when[CRIER_TIME_TEXT_SIZE];

	crier_time_write(epoch_s, when);
	printf("%s%s", what, when);
}

/* What will change by itself, and what is held back; see crier(1). */
void
crier_cli_print_schedule(const struct crier_feed *feed)
{
	enum crier_schedule_kind kind;
	int64_t from_s, until_s;
	size_t i;

	for (i = 0; i < crier_feed_schedule_count(feed); i++) {
		crier_log_print(stdout, crier_feed_schedule_get(feed, i, &kind,
		                &from_s, &until_s));
		fputs(": ", stdout);
		if (kind == CRIER_DRAFT)
			printf("draft, not published");
		else if (kind == CRIER_EXPIRED)
			print_time("expired at ", until_s);
		else if (kind == CRIER_NEVER)
			print_time("never published: it expires at ", until_s);
		else if (kind == CRIER_EXPIRING)
			print_time("published, expires at ", until_s);
		else
			print_time("scheduled, goes live at ", from_s);
		if (kind == CRIER_SCHEDULED && until_s != INT64_MAX)
			print_time(", expires at ", until_s);
		putchar('\n');
	}
}

void
crier_cli_print_summary(const struct crier_run *run, size_t i, int64_t now_s,
                        bool is_publish)
{
	const struct crier_run_result *r = crier_run_result(run, i);

	crier_log_summary(&(struct crier_run_summary){
	    crier_run_source(run, i), crier_run_feed(run, i), r->written,
	    r->unchanged, r->sent, r->not_sent, is_publish, r->elapsed_ms,
	    now_s, r->is_unchanged_since_last, r->last_entries,
	    r->last_next_change_s});
}

void
crier_cli_trace(void *ctx, const char *line)
{
	(void)ctx;
	crier_log(LOG_DEBUG, "crier: %s", line);
}

void
crier_cli_publish_event(void *ctx, enum crier_publish_event event,
                        const char *local_path, const char *url)
{
	const int *verbosity = ctx;

	if (event == CRIER_PUBLISH_WOULD_SEND) {
		fputs("would send ", stdout);
		crier_log_print(stdout, local_path);
		fputs(" to ", stdout);
		crier_log_print(stdout, url);
		putchar('\n');
	} else if (*verbosity < 2) {
		return;
	} else if (event == CRIER_PUBLISH_SENT) {
		crier_log(LOG_DEBUG, "crier: sent %s to %s", local_path, url);
	} else if (event == CRIER_PUBLISH_UNCHANGED) {
		crier_log(LOG_DEBUG, "crier: unchanged: %s", url);
	} else if (event == CRIER_PUBLISH_HUB_NOTIFIED) {
		crier_log(LOG_DEBUG, "crier: told %s about %s", url,
		          local_path);
	}
}

void
crier_cli_print_import(const struct crier_import *import, bool is_dry_run)
{
	static const char *const words[] = {
		[CRIER_IMPORT_NEW] = "new", [CRIER_IMPORT_CHANGED] = "changed",
		[CRIER_IMPORT_UNCHANGED] = "unchanged",
		[CRIER_IMPORT_GONE] = "gone", [CRIER_IMPORT_REMOVED] = "removed",
		[CRIER_IMPORT_MOVED] = "moved",
		[CRIER_IMPORT_CANCELLED] = "cancelled",
		[CRIER_IMPORT_RESTORED] = "restored",
	};
	enum crier_import_change change;
	const char *path;
	size_t i;

	for (i = 0; i < crier_import_count(import); i++) {
		path = crier_import_record(import, i, &change);
		if (change != CRIER_IMPORT_UNCHANGED || is_dry_run) {
			printf("%-9s ", words[change]);
			crier_log_print(stdout, path);
			putchar('\n');
		}
	}
}
