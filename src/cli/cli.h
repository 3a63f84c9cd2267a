/*
 * cli.h - what the files of the crier command share: main.c parses the
 * command line of check, build, publish and import-schedule and runs
 * every command; the cli_*.c files hold the other commands, the table of
 * commands and the command line's hints.  Only
 * these files, log.c and usage.c print.
 */
#ifndef CRIER_CLI_H
#define CRIER_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crier.h"

/* Exit statuses, documented in crier(1). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,     /* the records have errors */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_IO = 3,        /* a file could not be read or written */
	EXIT_INTERNAL = 4,  /* a self-check failed: a bug in crier */
	EXIT_AGAIN = 5,     /* an upload failed; a later run may succeed */
	EXIT_REFUSED = 6,   /* an upload was refused; a person must act */
	EXIT_BUSY = 7       /* another run holds a source's lock */
};

/*
 * One command, as data (cli_commands.c): its name, its help text, and
 * its long options, separated by spaces, for "did you mean".  main.c
 * runs it.
 */
struct crier_cli_command {
	const char *name;
	const char *usage;
	const char *options;
};

/*
 * What an option is to the command that takes it: its short letter, or a
 * number from 256 up (cli_options.c has the table).
 */
enum crier_cli_option {
	OPT_NOW = 256,
	OPT_TO,
	OPT_NETRC,
	OPT_DRY_RUN,
	OPT_FORCE,
	OPT_WAIT,
	OPT_SYSLOG,
	OPT_TIMEZONE,
	OPT_ANNOUNCEMENT,
	OPT_PRUNE,
	OPT_TITLE,
	OPT_LINK,
	OPT_AUTHOR,
	OPT_BIND,
	OPT_FILTER = 512    /* + enum crier_import_filter_kind */
};

/* Takes option OPT with its value ARG (or NULL): EXIT_OK, or says why not. */
typedef int crier_cli_apply_fn(void *ctx, int opt, const char *arg);

/*
 * Parses the options of CMD in ARGV[1..ARGC) (ARGV[0] is the command's
 * name), those CMD->options lists and no other, handing each to APPLY;
 * the operands are gathered in order at ARGV[1..*operands].  Returns
 * EXIT_OK; -1 when --help printed CMD's usage; or, after printing why,
 * EXIT_USAGE or what APPLY returned.
 */
int crier_cli_parse(const struct crier_cli_command *cmd, int argc,
                    char **argv, crier_cli_apply_fn *apply, void *ctx,
                    int *operands);

/* Every command, ended by one whose name is NULL (cli_commands.c). */
extern const struct crier_cli_command crier_cli_commands[];

/* The command called NAME, or NULL. */
const struct crier_cli_command *crier_cli_command_find(const char *name);

/*
 * Prints "crier[ COMMAND]: " FMT (with ARG) and where to find help, on
 * standard error; returns EXIT_USAGE.
 */
int crier_cli_usage_error(const char *command, const char *fmt,
                          const char *arg);

/* Refuses WORD as a command, naming the closest one; EXIT_USAGE. */
int crier_cli_unknown_command(const char *word);

/* Refuses ARG as an option of CMD, naming its closest; EXIT_USAGE. */
int crier_cli_unknown_option(const struct crier_cli_command *cmd,
                             const char *arg);

/*
 * Refuses --to URL that crier_upload_url_check() found bad, with a hint
 * when it is a plain path; EXIT_USAGE.
 */
int crier_cli_bad_target(const char *command, const char *url);

/*
 * "Now", read once: --now NOW_ARG (when not NULL), then
 * SOURCE_DATE_EPOCH, then the clock.  Returns EXIT_OK or, with a message,
 * EXIT_USAGE.
 */
int crier_cli_resolve_now(const char *now_arg, const char *command,
                          int64_t *now_s);

/*
 * What the commands print of their results (cli_report.c): a feed's
 * schedule (crier check), -v's line about source I of RUN, a trace line
 * (crier_trace_fn), a publish event (crier_publish_report_fn; CTX points
 * to the int verbosity: 1 for -v), and the records of an import (those
 * unchanged only when IS_DRY_RUN).
 */
void crier_cli_print_schedule(const struct crier_feed *feed);
void crier_cli_print_summary(const struct crier_run *run, size_t i,
                             int64_t now_s, bool is_publish);
void crier_cli_trace(void *ctx, const char *line);
void crier_cli_publish_event(void *ctx, enum crier_publish_event event,
                             const char *local_path, const char *url);
void crier_cli_print_import(const struct crier_import *import,
                            bool is_dry_run);

/*
 * Values of options, checked as they are read (cli_options.c): --wait
 * SECONDS for COMMAND into *wait_ms; import-schedule's --timezone into
 * IO, and its filters into FILTERS (room for CAPACITY), which IO points
 * to.  EXIT_OK, or EXIT_USAGE once said why.
 */
int crier_cli_read_wait(const char *command, const char *arg, long *wait_ms);
int crier_cli_read_import_option(struct crier_import_options *io,
                                 struct crier_import_filter *filters,
                                 size_t capacity, int id, const char *arg);

/*
 * The progress line of the run to come, on standard error, when it is a
 * terminal (not TERM=dumb) and the run takes longer than a second
 * (CRIER_PROGRESS_MS milliseconds); stop erases it.
 */
void crier_cli_progress_start(void);
void crier_cli_progress_stop(void);

/* The commands of cli_*.c: help [COMMAND], new DIR, serve SOURCE... */
int crier_cli_help(int argc, char **argv);
int crier_cli_new(int argc, char **argv);
int crier_cli_serve(int argc, char **argv);

#endif /* CRIER_CLI_H */
