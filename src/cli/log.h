/*
 * log.h - where the crier command's lines go.
 *
 * Part of the command, not of the library (which never prints).  cron
 * mails whatever a job prints, so a run that went well prints nothing;
 * every problem is one line on standard error, and with --syslog the
 * same line also goes to syslog(3), facility LOG_USER, ident "crier".
 */
#ifndef CRIER_LOG_H
#define CRIER_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <syslog.h>

#include "crier.h"

/* Starts sending lines to syslog too; call once, before the first line. */
void crier_log_open_syslog(void);

/* Stops that; harmless when it was never started. */
void crier_log_close(void);

/* Prints S to F, escaped as crier_text_escape() (crier.h) says. */
void crier_log_print(FILE *f, const char *s);

/*
 * Prints one line on standard error and, with syslog on, sends it at
 * PRIORITY (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG), without a
 * leading "crier: ", which syslog's ident already says.
 */
void crier_log(int priority, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Whether standard error gets colour: it is a terminal, NO_COLOR is unset
 * or empty, and TERM is not "dumb".
 */
bool crier_log_is_colour(void);

/*
 * Every diagnostic, one line each: FILE[:LINE[:COLUMN]]: SEVERITY: text,
 * the location and severity in colour when crier_log_is_colour().
 */
void crier_log_diags(const struct crier_diags *diags);

/* Prints every diagnostic of DIAGS, sorted, then frees the list. */
void crier_log_diags_free(struct crier_diags *diags);

/*
 * Shows LINE (no newline) as the progress line on standard error, in
 * place of the previous one; NULL erases it.  Other lines erase it
 * before they are printed.  Only for a terminal: see cli_progress.c.
 */
void crier_log_progress(const char *line);

/* A clock for durations only (monotonic, milliseconds): never "now". */
int64_t crier_log_clock_ms(void);

/* What -v says of one source once it is done. */
struct crier_run_summary {
	const char *source;
	const struct crier_feed *feed;
	size_t written;        /* output files replaced or created */
	size_t same;           /* output files that held the same bytes */
	size_t sent, unchanged;
	bool is_publish;       /* publish says what it sent */
	int64_t elapsed_ms;
	int64_t now_s;
	/* A build that found nothing changed: FEED is NULL, these say. */
	bool is_unchanged_since_last;
	size_t last_entries;
	int64_t last_next_change_s;
};

/*
 * "SOURCE: N entries, W written, K unchanged, S uploaded, U not sent,
 * T s",
 * and the next instant the published set changes by itself, if any.
 */
void crier_log_summary(const struct crier_run_summary *summary);

#endif /* CRIER_LOG_H */
