/*
 * cli_options.c - the command line's options, one table for every
 * command, and the "now" every command reads once.
 */
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "crier.h"
#include "usage.h"

/*
 * Every option of every command.  A command takes those its OPTIONS
 * string lists (cli.h); one letter is the short form where ID is one.
 */
static const struct {
	const char *name;
	int has_arg;
	int id;
} options[] = {
	{"help", no_argument, 'h'},
	{"now", required_argument, OPT_NOW},
	{"output", required_argument, 'o'},
	{"to", required_argument, OPT_TO},
	{"netrc", required_argument, OPT_NETRC},
	{"dry-run", no_argument, OPT_DRY_RUN},
	{"force", no_argument, OPT_FORCE},
	{"verbose", no_argument, 'v'},
	{"wait", required_argument, OPT_WAIT},
	{"syslog", no_argument, OPT_SYSLOG},
	{"source", required_argument, 's'},
	{"track", required_argument, OPT_FILTER + CRIER_FILTER_TRACK},
	{"room", required_argument, OPT_FILTER + CRIER_FILTER_ROOM},
	{"speaker", required_argument, OPT_FILTER + CRIER_FILTER_SPEAKER},
	{"type", required_argument, OPT_FILTER + CRIER_FILTER_TYPE},
	{"event", required_argument, OPT_FILTER + CRIER_FILTER_EVENT},
	{"match", required_argument, OPT_FILTER + CRIER_FILTER_MATCH},
	{"timezone", required_argument, OPT_TIMEZONE},
	{"announcement", required_argument, OPT_ANNOUNCEMENT},
	{"prune", no_argument, OPT_PRUNE},
	{"title", required_argument, OPT_TITLE},
	{"link", required_argument, OPT_LINK},
	{"author", required_argument, OPT_AUTHOR},
	{"port", required_argument, 'p'},
	{"bind", required_argument, OPT_BIND},
};

#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

/* Whether the space-separated LIST has the word "--NAME". */
static int
lists(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = strstr(list, name); p != NULL; p = strstr(p + 1, name))
		if (p - list >= 2 && p[-1] == '-' && p[-2] == '-' &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

/*
 * CMD's options for getopt_long, and their short forms after "-:" (each
 * operand handed back in order, a missing value told apart).  Options
 * of other commands are left out, so getopt refuses them as unknown.
 */
static void
command_options(const struct crier_cli_command *cmd,
                struct option longopts[OPTION_COUNT + 1],
                char shortopts[2 * OPTION_COUNT + 3])
{
	size_t i, n = 0, k = 2;

	memcpy(shortopts, "-:", 2);
	for (i = 0; i < OPTION_COUNT; i++) {
		if (!lists(cmd->options, options[i].name))
			continue;
		longopts[n++] = (struct option){options[i].name,
		    options[i].has_arg, NULL, options[i].id};
		if (options[i].id >= 128)
			continue;
		shortopts[k++] = (char)options[i].id;
		if (options[i].has_arg == required_argument)
			shortopts[k++] = ':';
	}
	longopts[n] = (struct option){NULL, 0, NULL, 0};
	shortopts[k] = '\0';
}

/*
 * Options may come before, between or after the operands, whatever
 * POSIXLY_CORRECT says: the leading '-' of the short options hands each
 * operand back in order (as 1), and they are gathered at the front of
 * ARGV.
 */
int
crier_cli_parse(const struct crier_cli_command *cmd, int argc, char **argv,
                crier_cli_apply_fn *apply, void *ctx, int *operands)
{
	struct option longopts[OPTION_COUNT + 1];
	char shortopts[2 * OPTION_COUNT + 3];
	int ch, status;

	command_options(cmd, longopts, shortopts);
	*operands = 0;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		if (ch == 1) {
			argv[++*operands] = optarg;
		} else if (ch == 'h') {
			fputs(cmd->usage, stdout);
			return -1;
		} else if (ch == ':') {
			return crier_cli_usage_error(cmd->name, "option '%s' "
			                             "needs a value",
			                             argv[optind - 1]);
		} else if (ch == '?') {
			return crier_cli_unknown_option(cmd, argv[optind - 1]);
		} else if ((status = apply(ctx, ch, optarg)) != EXIT_OK) {
			return status;
		}
	}
	while (optind < argc)
		argv[++*operands] = argv[optind++];
	return EXIT_OK;
}

/* Parses "@SECONDS" or an RFC 3339 time.  Returns 0 or -1. */
static int
parse_now(const char *text, int64_t *now_s)
{
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
	return crier_time_read(text, now_s);
}

/*
 * "Now" is read once, here: --now, then SOURCE_DATE_EPOCH (the
 * reproducible-builds convention), then the clock.
 */
int
crier_cli_resolve_now(const char *now_arg, const char *command,
                      int64_t *now_s)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");

	if (now_arg != NULL) {
		if (parse_now(now_arg, now_s) != 0)
			return crier_cli_usage_error(command, "--now: '%s' is not "
			                             "a time (RFC 3339 or "
			                             "@SECONDS)", now_arg);
	} else if (env != NULL && env[0] != '\0') {
		char buf[64];

		snprintf(buf, sizeof(buf), "@%s", env);
		if (parse_now(buf, now_s) != 0)
			return crier_cli_usage_error(command, "SOURCE_DATE_EPOCH: "
			                             "'%s' is not a number of "
			                             "seconds", env);
	} else {
		*now_s = (int64_t)time(NULL);
	}
	return EXIT_OK;
}

/* --wait SECONDS: a whole number, up to a day. */
int
crier_cli_read_wait(const char *command, const char *arg, long *wait_ms)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 0 || v > 86400)
		return crier_cli_usage_error(command, "--wait: '%s' is not a "
		                             "number of seconds", arg);
	*wait_ms = v * 1000;
	return EXIT_OK;
}

/* A zone that is not one is named with the closest that is, if any. */
static int
read_zone(struct crier_import_options *io, const char *arg)
{
	char *hint, text[512];

	if (crier_zone_check(arg, &hint)) {
		io->timezone = arg;
		return EXIT_OK;
	}
	snprintf(text, sizeof(text), "'%.200s' is not a time zone%s%.200s%s",
	         arg, hint != NULL ? "; did you mean '" :
	         " such as Europe/Brussels", hint != NULL ? hint : "",
	         hint != NULL ? "'?" : "");
	free(hint);
	return crier_cli_usage_error("import-schedule", "--timezone: %s",
	                             text);
}

int
crier_cli_read_import_option(struct crier_import_options *io,
                             struct crier_import_filter *filters,
                             size_t capacity, int id, const char *arg)
{
	regex_t re;

	if (id == OPT_TIMEZONE)
		return read_zone(io, arg);
	if (io->filter_count == capacity)
		return crier_cli_usage_error("import-schedule", "%s",
		                             "too many filters");
	if (id == OPT_FILTER + CRIER_FILTER_MATCH) {
		if (regcomp(&re, arg, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
			return crier_cli_usage_error("import-schedule", "--match: "
			                             "'%s' is not a regular "
			                             "expression", arg);
		regfree(&re);
	}
	filters[io->filter_count++] = (struct crier_import_filter){
	    (enum crier_import_filter_kind)(id - OPT_FILTER), arg};
	io->filters = filters;
	return EXIT_OK;
}
