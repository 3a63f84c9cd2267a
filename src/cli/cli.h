/*
 * cli.h - what the files of the crier command share: main.c parses the
 * command line of check, build, publish and import-schedule; the cli_*.c
 * files hold the other commands and the command line's hints.  Only
 * these files, log.c and usage.c print.
 */
#ifndef CRIER_CLI_H
#define CRIER_CLI_H

#include <stdint.h>

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

struct options;  /* main.c's parsed command line */

/*
 * One command.  main.c parses the options of those with RUN; those with
 * MAIN get their own arguments (after the command's name) and parse them.
 * OPTIONS lists its long options, separated by spaces, for "did you mean".
 */
struct crier_cli_command {
	const char *name;
	const char *usage;
	const char *options;
	int (*run)(int argc, char **argv, const struct options *opt);
	int (*main)(int argc, char **argv);
};

/* Every command, ended by one whose name is NULL (main.c). */
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
