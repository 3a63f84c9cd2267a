/*
 * main.c - the crier command: parses arguments, calls the library,
 * prints diagnostics and picks the exit status.  Nothing more.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crier.h"
#include "times.h"

/* Exit statuses, documented in crier(1). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,     /* the records have errors */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_IO = 3,        /* a file could not be read or written */
	EXIT_INTERNAL = 4   /* a self-check failed: a bug in crier */
};

static const char usage_text[] =
	"usage: crier [--version] [--help] COMMAND [OPTIONS] SOURCE...\n"
	"\n"
	"Build Atom feeds from plain-text announcement and talk records.\n"
	"\n"
	"commands:\n"
	"  check SOURCE...   report every problem in the records; write nothing\n"
	"  build SOURCE...   check, then write each source's feeds into a directory\n"
	"\n"
	"Run 'crier COMMAND --help' for a command's options, and see crier(1)\n"
	"and crier-records(5).\n";

static const char check_usage_text[] =
	"usage: crier check [--now TIME] SOURCE...\n"
	"\n"
	"Read each feed source directory (feed.conf and *.md records) and print\n"
	"every problem as FILE:LINE:COLUMN: error|warning: message.  Records\n"
	"held back (drafts, scheduled, expired) are listed on standard output.\n"
	"Nothing is written.\n"
	"\n"
	"  --now TIME   the current time (RFC 3339, or @SECONDS since the\n"
	"               epoch); default: $SOURCE_DATE_EPOCH, else the clock\n"
	"  -h, --help   show this help\n"
	"\n"
	"exit status: 0 no errors (warnings allowed), 1 errors in the records,\n"
	"2 bad command line.\n";

static const char build_usage_text[] =
	"usage: crier build [--now TIME] [-o DIR] SOURCE...\n"
	"\n"
	"Check every SOURCE as 'crier check' does; if none has an error, write\n"
	"each source's outputs (feed.atom) into DIR/NAME, where NAME is the\n"
	"source directory's name.  Files are replaced atomically; when any\n"
	"record has an error nothing at all is written.\n"
	"\n"
	"  -o, --output DIR   where to write (default: public)\n"
	"  --now TIME         the current time (RFC 3339, or @SECONDS since the\n"
	"                     epoch); default: $SOURCE_DATE_EPOCH, else the clock\n"
	"  -h, --help         show this help\n"
	"\n"
	"exit status: 0 built, 1 errors in the records (nothing written),\n"
	"2 bad command line, 3 a file could not be written, 4 internal error.\n";

static int
usage_error(const char *command, const char *fmt, const char *arg)
{
	fprintf(stderr, "crier%s%s: ", command ? " " : "", command ? command : "");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'crier%s%s --help'.\n", command ? " " : "",
	        command ? command : "");
	return EXIT_USAGE;
}

/* Parses "@SECONDS" or an RFC 3339 time.  Returns 0 or -1. */
static int
parse_now(const char *text, int64_t *now_s)
{
	struct crier_time t;
	size_t col;
	char *end;
	long long v;

	if (text[0] == '@' || (text[0] >= '0' && text[0] <= '9' &&
	    strchr(text, '-') == NULL)) {
		errno = 0;
		v = strtoll(text + (text[0] == '@'), &end, 10);
		if (errno != 0 || *end != '\0' || end == text + (text[0] == '@'))
			return -1;
		*now_s = v;
		return 0;
	}
	if (crier_time_parse(text, strlen(text), NULL, &t, &col) !=
	    CRIER_TIME_OK)
		return -1;
	*now_s = t.epoch_s;
	return 0;
}

/*
 * "Now" is read once, here: --now, then SOURCE_DATE_EPOCH (the
 * reproducible-builds convention), then the clock.
 */
static int
resolve_now(const char *now_arg, const char *command, int64_t *now_s)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");

	if (now_arg != NULL) {
		if (parse_now(now_arg, now_s) != 0)
			return usage_error(command, "--now: '%s' is not a time "
			                   "(RFC 3339 or @SECONDS)", now_arg);
	} else if (env != NULL && env[0] != '\0') {
		char buf[64];

		snprintf(buf, sizeof(buf), "@%s", env);
		if (parse_now(buf, now_s) != 0)
			return usage_error(command, "SOURCE_DATE_EPOCH: '%s' is "
			                   "not a number of seconds", env);
	} else {
		*now_s = (int64_t)time(NULL);
	}
	return EXIT_OK;
}

static void
print_diags(const struct crier_diags *diags)
{
	const struct crier_diag *d;
	size_t i;

	for (i = 0; i < crier_diags_count(diags); i++) {
		d = crier_diags_get(diags, i);
		if (d->line == 0)
			fprintf(stderr, "%s: ", d->file);
		else if (d->column == 0)
			fprintf(stderr, "%s:%u: ", d->file, d->line);
		else
			fprintf(stderr, "%s:%u:%u: ", d->file, d->line,
			        d->column);
		fprintf(stderr, "%s: %s\n",
		        d->severity == CRIER_ERROR ? "error" : "warning",
		        d->message);
	}
}

static void
print_held(const struct crier_feed *feed)
{
	char when[CRIER_RFC3339_SIZE];
	int64_t live_s;
	const char *file;
	size_t i;

	for (i = 0; i < crier_feed_held_count(feed); i++) {
		file = crier_feed_held_file(feed, i, &live_s);
		if (live_s == INT64_MAX) {
			printf("%s: held back (draft or expired)\n", file);
		} else {
			crier_time_rfc3339((struct crier_time){live_s, 0}, when);
			printf("%s: scheduled, goes live at %s\n", file, when);
		}
	}
}

struct options {
	const char *now_arg;
	const char *out_dir;
	int64_t now_s;
};

static int
cmd_check(int argc, char **argv, const struct options *opt)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_feed *feed;
	int i, status = EXIT_OK;

	for (i = 0; i < argc; i++) {
		if (crier_feed_load(argv[i], opt->now_s, diags, &feed) !=
		    CRIER_OK) {
			status = EXIT_INPUT;
			continue;
		}
		print_held(feed);
		crier_feed_free(feed);
	}
	crier_diags_sort(diags);
	print_diags(diags);
	crier_diags_free(diags);
	return status;
}

static int
exit_status(int crier_status)
{
	switch (crier_status) {
	case CRIER_OK:
		return EXIT_OK;
	case CRIER_EINPUT:
		return EXIT_INPUT;
	case CRIER_EIO:
		return EXIT_IO;
	default:
		return EXIT_INTERNAL;
	}
}

/* "feeds/xen/" -> "xen": where a source's outputs go under -o DIR. */
static char *
output_dir(const char *out_dir, const char *source)
{
	size_t len = strlen(source), start;
	char *dir;

	while (len > 1 && source[len - 1] == '/')
		len--;
	for (start = len; start > 0 && source[start - 1] != '/'; start--)
		;
	dir = malloc(strlen(out_dir) + (len - start) + 2);
	if (dir == NULL) {
		fputs("crier: out of memory\n", stderr);
		abort();
	}
	sprintf(dir, "%s/%.*s", out_dir, (int)(len - start), source + start);
	return dir;
}

/*
 * Every source is loaded before anything is written, so an error in one
 * of them leaves every output as it was.
 */
static int
cmd_build(int argc, char **argv, const struct options *opt)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_feed **feeds = calloc((size_t)argc, sizeof(*feeds));
	int i, rc = CRIER_OK, status = EXIT_OK;
	char *dir;

	if (feeds == NULL)
		abort();
	for (i = 0; i < argc; i++)
		if (crier_feed_load(argv[i], opt->now_s, diags, &feeds[i]) !=
		    CRIER_OK)
			status = EXIT_INPUT;
	for (i = 0; i < argc && status == EXIT_OK; i++) {
		dir = output_dir(opt->out_dir, argv[i]);
		rc = crier_build(feeds[i], dir, diags);
		if (rc != CRIER_OK)
			status = exit_status(rc);
		free(dir);
	}
	for (i = 0; i < argc; i++)
		crier_feed_free(feeds[i]);
	free(feeds);
	crier_diags_sort(diags);
	print_diags(diags);
	crier_diags_free(diags);
	return status;
}

static const struct command {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv, const struct options *opt);
} commands[] = {
	{"check", check_usage_text, cmd_check},
	{"build", build_usage_text, cmd_build},
};

static int
run_command(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"now", required_argument, NULL, 'n'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}
	};
	struct options opt = {NULL, "public", 0};
	int ch, status;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(cmd->usage, stdout);
			return EXIT_OK;
		case 'n':
			opt.now_arg = optarg;
			break;
		case 'o':
			if (cmd->run != cmd_build)
				return usage_error(cmd->name, "unknown option "
				                   "'%s'", argv[optind - 1]);
			opt.out_dir = optarg;
			break;
		case ':':
			return usage_error(cmd->name, "option '%s' needs a "
			                   "value", argv[optind - 1]);
		default:
			return usage_error(cmd->name, "unknown option '%s'",
			                   argv[optind - 1]);
		}
	}
	if (optind == argc)
		return usage_error(cmd->name, "%s", "no SOURCE directory given");
	status = resolve_now(opt.now_arg, cmd->name, &opt.now_s);
	if (status != EXIT_OK)
		return status;
	return cmd->run(argc - optind, argv + optind, &opt);
}

int
main(int argc, char **argv)
{
	size_t i;
	int status;

	if (argc < 2)
		return usage_error(NULL, "%s", "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("crier %s\n", CRIER_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			status = run_command(&commands[i], argc - 1, argv + 1);
			crier_cleanup();
			return status;
		}
	}
	return usage_error(NULL, "unknown command '%s'", argv[1]);
}
