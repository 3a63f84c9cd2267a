/*
 * main.c - the crier command: parses arguments, calls the library,
 * prints diagnostics and picks the exit status.  Nothing more.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crier.h"
#include "cli.h"
#include "usage.h"
#include "diag.h"
#include "lock.h"
#include "log.h"
#include "publish.h"
#include "suggest.h"
#include "times.h"

static int
usage_error(const char *command, const char *fmt, const char *arg)
{
	return crier_cli_usage_error(command, fmt, arg);
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

/* --wait SECONDS: a whole number, up to a day.  Returns 0 or -1. */
static int
parse_wait(const char *text, long *wait_ms)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < 0 || v > 86400)
		return -1;
	*wait_ms = v * 1000;
	return 0;
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
	crier_log_diags(diags);
}

static void
print_time(const char *what, int64_t epoch_s)
{
	char when[CRIER_RFC3339_SIZE];

	crier_time_rfc3339((struct crier_time){epoch_s, 0}, when);
	printf("%s%s", what, when);
}

/* What will change by itself, and what is held back; see crier(1). */
static void
print_held(const struct crier_feed *feed)
{
	enum crier_schedule_kind kind;
	int64_t from_s, until_s;
	const char *file;
	size_t i;

	for (i = 0; i < crier_feed_schedule_count(feed); i++) {
		file = crier_feed_schedule_get(feed, i, &kind, &from_s,
		                               &until_s);
		crier_log_print(stdout, file);
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

struct options {
	const char *now_arg;
	const char *out_dir;
	int64_t now_s;
	/* publish */
	const char *to_url, *netrc_file;
	int is_dry_run, is_forced;
	/* build and publish */
	int verbosity;          /* -v: a summary; -vv: a trace */
	int is_syslog;
	long wait_ms;
	/* import-schedule */
	const char *source_dir, *timezone, *announcement;
	struct crier_import_filter filters[32];
	size_t filter_count;
	int is_pruning;
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
		crier_feed_lint(feed, diags);
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
	case CRIER_EAGAIN:
		return EXIT_AGAIN;
	case CRIER_EREFUSED:
		return EXIT_REFUSED;
	case CRIER_EBUSY:
		return EXIT_BUSY;
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
 * Exit statuses of several sources: the worst, where 7 (another run has
 * a source) is the mildest failure, so it never hides one that matters.
 */
static int
worse_status(int a, int b)
{
	int rank_a = a == EXIT_BUSY ? 1 : a == EXIT_OK ? 0 : a + 1;
	int rank_b = b == EXIT_BUSY ? 1 : b == EXIT_OK ? 0 : b + 1;

	return rank_b > rank_a ? b : a;
}

/*
 * What build and publish share: every source loaded, each load timed for
 * -v, and each output directory's lock taken (see lock.h).
 */
struct run {
	struct crier_feed **feeds;
	char **dirs;
	int64_t *elapsed_ms;
	size_t (*files)[2];    /* per source: outputs written, unchanged */
	struct crier_locks *locks;
};

/*
 * Two sources of one run whose outputs would share a directory (a/news
 * and b/news) would overwrite each other, and the second would find
 * the first's entries missing and tombstone them: refused, before
 * anything is read or written.  Returns EXIT_OK or EXIT_USAGE.
 */
static int
run_check_dirs(const struct run *run, int argc, char **argv,
               struct crier_diags *diags)
{
	int i, k, status = EXIT_OK;

	for (i = 1; i < argc; i++) {
		for (k = 0; k < i && strcmp(run->dirs[k], run->dirs[i]) != 0;
		     k++)
			;
		if (k == i)
			continue;
		crier_diag(diags, argv[i], 0, 0, MSG_SAME_OUTPUT_DIR,
		           run->dirs[i], argv[k]);
		status = EXIT_USAGE;
	}
	return status;
}

/*
 * Loads every source; returns EXIT_OK, EXIT_USAGE (two sources would
 * share an output directory) or EXIT_INPUT.
 */
static int
run_load(struct run *run, int argc, char **argv, const struct options *opt,
         struct crier_diags *diags)
{
	int64_t start_ms;
	int i, status = EXIT_OK;

	run->feeds = calloc((size_t)argc + 1, sizeof(*run->feeds));
	run->dirs = calloc((size_t)argc + 1, sizeof(*run->dirs));
	run->elapsed_ms = calloc((size_t)argc + 1, sizeof(*run->elapsed_ms));
	run->files = calloc((size_t)argc + 1, sizeof(*run->files));
	if (run->feeds == NULL || run->dirs == NULL ||
	    run->elapsed_ms == NULL || run->files == NULL)
		abort();
	for (i = 0; i < argc; i++)
		run->dirs[i] = output_dir(opt->out_dir, argv[i]);
	if (run_check_dirs(run, argc, argv, diags) != EXIT_OK)
		return EXIT_USAGE;
	for (i = 0; i < argc; i++) {
		start_ms = crier_log_clock_ms();
		if (crier_feed_load(argv[i], opt->now_s, diags, &run->feeds[i]) !=
		    CRIER_OK)
			status = EXIT_INPUT;
		run->elapsed_ms[i] = crier_log_clock_ms() - start_ms;
	}
	return status;
}

/*
 * Takes every source's lock; the wall clock, not --now, tells other runs
 * since when.  Returns EXIT_OK, EXIT_BUSY (those sources are skipped) or
 * EXIT_IO.
 */
static int
run_lock(struct run *run, int argc, char **argv, const struct options *opt,
         struct crier_diags *diags)
{
	return exit_status(crier_locks_take((size_t)argc,
	    (const char *const *)run->dirs, (const char *const *)argv,
	    opt->wait_ms, (int64_t)time(NULL), diags, &run->locks));
}

static void
run_free(struct run *run, int argc)
{
	int i;

	crier_locks_release(run->locks);
	for (i = 0; i < argc; i++) {
		crier_feed_free(run->feeds[i]);
		free(run->dirs[i]);
	}
	free(run->feeds);
	free(run->dirs);
	free(run->elapsed_ms);
	free(run->files);
}

/* Builds source I, if this run holds its lock; returns its exit status. */
static int
run_build(struct run *run, int i, struct crier_diags *diags)
{
	int64_t start_ms = crier_log_clock_ms();
	int rc;

	if (!crier_locks_holds(run->locks, (size_t)i))
		return EXIT_OK;
	rc = crier_build_counted(run->feeds[i], run->dirs[i], diags,
	                         &run->files[i][0], &run->files[i][1]);
	run->elapsed_ms[i] += crier_log_clock_ms() - start_ms;
	return exit_status(rc);
}

/*
 * Every source is loaded before anything is written, so an error in one
 * of them leaves every output as it was.  A source another run holds is
 * skipped; the others are built.
 */
static int
cmd_build(int argc, char **argv, const struct options *opt)
{
	struct crier_diags *diags = crier_diags_new();
	struct run run = {0};
	int i, rc, status;

	status = run_load(&run, argc, argv, opt, diags);
	if (status == EXIT_OK)
		status = run_lock(&run, argc, argv, opt, diags);
	for (i = 0; i < argc && (status == EXIT_OK || status == EXIT_BUSY);
	     i++) {
		rc = run_build(&run, i, diags);
		status = worse_status(status, rc);
		if (rc == EXIT_OK && opt->verbosity > 0 &&
		    crier_locks_holds(run.locks, (size_t)i))
			crier_log_summary(&(struct crier_run_summary){
			    argv[i], run.feeds[i], run.files[i][0],
			    run.files[i][1], 0, 0, false, run.elapsed_ms[i],
			    opt->now_s});
	}
	run_free(&run, argc);
	crier_diags_sort(diags);
	print_diags(diags);
	crier_diags_free(diags);
	return status;
}

static void
print_trace(void *ctx, const char *line)
{
	(void)ctx;
	crier_log(LOG_DEBUG, "crier: %s", line);
}

/* One source's publish, as it goes: counted for -v, traced for -vv. */
struct publish_report {
	const struct options *opt;
	size_t sent, unchanged;
};

static void
print_publish_event(void *ctx, enum crier_publish_event event,
                    const char *local_path, const char *url)
{
	struct publish_report *r = ctx;
	int is_tracing = r->opt->verbosity > 1;

	r->sent += event == CRIER_PUBLISH_SENT;
	r->unchanged += event == CRIER_PUBLISH_UNCHANGED;
	if (event == CRIER_PUBLISH_WOULD_SEND) {
		fputs("would send ", stdout);
		crier_log_print(stdout, local_path);
		fputs(" to ", stdout);
		crier_log_print(stdout, url);
		putchar('\n');
	} else if (is_tracing && event == CRIER_PUBLISH_SENT)
		crier_log(LOG_DEBUG, "crier: sent %s to %s", local_path, url);
	else if (is_tracing && event == CRIER_PUBLISH_UNCHANGED)
		crier_log(LOG_DEBUG, "crier: unchanged: %s", url);
	else if (is_tracing && event == CRIER_PUBLISH_HUB_NOTIFIED)
		crier_log(LOG_DEBUG, "crier: told %s about %s", url,
		          local_path);
}

/* Uploads one built source; returns its exit status. */
static int
publish_one(const struct crier_feed *feed, const char *dir,
            struct publish_report *report, struct crier_diags *diags)
{
	const struct options *opt = report->opt;
	struct crier_publish_options popts;
	struct crier_publish_job job = {0};
	const char *netrc = getenv("CRIER_NETRC");

	crier_publish_options_init(&popts);
	popts.upload.netrc_file = opt->netrc_file != NULL ? opt->netrc_file :
	                          netrc != NULL && netrc[0] != '\0' ? netrc :
	                          NULL;
	popts.upload.is_verbose = opt->verbosity > 1;
	popts.upload.trace = print_trace;
	popts.is_dry_run = opt->is_dry_run;
	popts.is_forced = opt->is_forced;
	popts.report = print_publish_event;
	popts.report_ctx = report;
	job.out_dir = dir;
	job.target_url = opt->to_url != NULL ? opt->to_url :
	                 crier_feed_upload_url(feed);
	job.subdir = opt->to_url != NULL ? strrchr(dir, '/') + 1 : NULL;
	job.hub_url = crier_feed_hub_url(feed);
	job.self_base_url = crier_feed_base_url(feed);
	return exit_status(crier_publish(&job, &popts, diags));
}

/* Refuses, before anything is built, a source with nowhere to go. */
static int
check_targets(int argc, char **argv, const struct run *run,
              const struct options *opt, struct crier_diags *diags)
{
	int i, status = EXIT_OK;
	char *conf;

	for (i = 0; i < argc; i++) {
		if (opt->to_url != NULL || crier_feed_upload_url(run->feeds[i]))
			continue;
		conf = malloc(strlen(argv[i]) + sizeof("/feed.conf"));
		if (conf == NULL)
			abort();
		sprintf(conf, "%s/feed.conf", argv[i]);
		crier_diag(diags, conf, 0, 0, MSG_NO_UPLOAD_TARGET);
		free(conf);
		status = EXIT_REFUSED;
	}
	return status;
}

/*
 * All sources are checked and built first, as 'build' does; then each is
 * uploaded on its own, so one unreachable host does not hold back the
 * others.  The exit status is the worst of theirs (worse_status()).
 */
static int
cmd_publish(int argc, char **argv, const struct options *opt)
{
	struct crier_diags *diags = crier_diags_new();
	struct publish_report report;
	struct run run = {0};
	int64_t start_ms;
	int i, rc, built, status;

	status = run_load(&run, argc, argv, opt, diags);
	if (status == EXIT_OK)
		status = check_targets(argc, argv, &run, opt, diags);
	if (status == EXIT_OK)
		status = run_lock(&run, argc, argv, opt, diags);
	for (i = 0; i < argc && (status == EXIT_OK || status == EXIT_BUSY);
	     i++)
		status = worse_status(status, run_build(&run, i, diags));
	built = status == EXIT_OK || status == EXIT_BUSY;
	for (i = 0; built && i < argc; i++) {
		if (!crier_locks_holds(run.locks, (size_t)i))
			continue;
		report = (struct publish_report){opt, 0, 0};
		start_ms = crier_log_clock_ms();
		rc = publish_one(run.feeds[i], run.dirs[i], &report, diags);
		run.elapsed_ms[i] += crier_log_clock_ms() - start_ms;
		status = worse_status(status, rc);
		if (opt->verbosity > 0)
			crier_log_summary(&(struct crier_run_summary){
			    argv[i], run.feeds[i],
			    run.files[i][0], run.files[i][1],
			    report.sent, report.unchanged, true,
			    run.elapsed_ms[i], opt->now_s});
	}
	run_free(&run, argc);
	crier_diags_sort(diags);
	print_diags(diags);
	crier_diags_free(diags);
	return status;
}

/* The options only import-schedule has; long-only ones from 256 up. */
enum {
	OPT_FILTER = 256,   /* + enum crier_import_filter_kind */
	OPT_TIMEZONE = 300,
	OPT_ANNOUNCEMENT,
	OPT_PRUNE
};

static int
import_option(struct options *opt, int ch, const char *arg)
{
	regex_t re;

	switch (ch) {
	case 's':
		opt->source_dir = arg;
		return EXIT_OK;
	case OPT_TIMEZONE:
		opt->timezone = arg;
		if (!crier_zone_exists(arg)) {
			char *hint = crier_zone_suggest(arg), text[512];

			snprintf(text, sizeof(text), "'%.200s' is not a time "
			         "zone%s%.200s%s", arg, hint != NULL ?
			         "; did you mean '" : " such as Europe/Brussels",
			         hint != NULL ? hint : "", hint != NULL ? "'?" : "");
			free(hint);
			return usage_error("import-schedule", "--timezone: %s",
			                   text);
		}
		return EXIT_OK;
	case OPT_ANNOUNCEMENT:
		opt->announcement = arg;
		return EXIT_OK;
	case OPT_PRUNE:
		opt->is_pruning = 1;
		return EXIT_OK;
	}
	if (ch < OPT_FILTER || ch > OPT_FILTER + CRIER_FILTER_MATCH)
		return -1;
	if (opt->filter_count == sizeof(opt->filters) / sizeof(opt->filters[0]))
		return usage_error("import-schedule", "%s", "too many filters");
	if (ch == OPT_FILTER + CRIER_FILTER_MATCH) {
		if (regcomp(&re, arg, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
			return usage_error("import-schedule", "--match: '%s' "
			                   "is not a regular expression", arg);
		regfree(&re);
	}
	opt->filters[opt->filter_count++] = (struct crier_import_filter){
	    (enum crier_import_filter_kind)(ch - OPT_FILTER), arg};
	return EXIT_OK;
}

static int
cmd_import_schedule(int argc, char **argv, const struct options *opt)
{
	static const char *const words[] = {
		[CRIER_IMPORT_NEW] = "new", [CRIER_IMPORT_CHANGED] = "changed",
		[CRIER_IMPORT_UNCHANGED] = "unchanged",
		[CRIER_IMPORT_GONE] = "gone", [CRIER_IMPORT_REMOVED] = "removed",
		[CRIER_IMPORT_MOVED] = "moved",
		[CRIER_IMPORT_CANCELLED] = "cancelled",
		[CRIER_IMPORT_RESTORED] = "restored",
	};
	struct crier_import_options io = {
		argv[0], opt->source_dir, opt->filters, opt->filter_count,
		opt->timezone, opt->announcement, opt->is_pruning,
		opt->is_dry_run, opt->now_s
	};
	struct crier_diags *diags;
	struct crier_import *import;
	enum crier_import_change change;
	const char *path;
	size_t i;
	int rc;

	if (argc != 1)
		return usage_error("import-schedule", "%s", "give one "
		                   "SCHEDULE.xml");
	if (opt->source_dir == NULL)
		return usage_error("import-schedule", "%s", "no feed source: "
		                   "give -s SOURCE");
	diags = crier_diags_new();
	rc = crier_schedule_import(&io, diags, &import);
	for (i = 0; rc == CRIER_OK && i < crier_import_count(import); i++) {
		path = crier_import_record(import, i, &change);
		if (change != CRIER_IMPORT_UNCHANGED || opt->is_dry_run) {
			printf("%-9s ", words[change]);
			crier_log_print(stdout, path);
			putchar('\n');
		}
	}
	crier_import_free(import);
	crier_diags_sort(diags);
	print_diags(diags);
	crier_diags_free(diags);
	return exit_status(rc);
}

const struct crier_cli_command crier_cli_commands[] = {
	{"check", crier_check_usage_text, "--help --now", cmd_check, NULL},
	{"build", crier_build_usage_text, "--help --now --output --wait "
	 "--verbose --syslog", cmd_build, NULL},
	{"publish", crier_publish_usage_text, "--help --now --output --to "
	 "--dry-run --force --netrc --wait --verbose --syslog", cmd_publish,
	 NULL},
	{"import-schedule", crier_import_usage_text, "--help --now --source "
	 "--track --room --speaker --type --event --match --announcement "
	 "--timezone --prune --dry-run", cmd_import_schedule, NULL},
	{"new", crier_new_usage_text, "--help --title --link --author "
	 "--timezone --now", NULL, crier_cli_new},
	{"serve", crier_serve_usage_text, "--help --port --bind --now", NULL,
	 crier_cli_serve},
	{"help", crier_help_usage_text, "--help", NULL, crier_cli_help},
	{NULL, NULL, NULL, NULL, NULL}
};

static int
run_command(const struct crier_cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"now", required_argument, NULL, 'n'},
		{"output", required_argument, NULL, 'o'},
		{"to", required_argument, NULL, 't'},
		{"netrc", required_argument, NULL, 'N'},
		{"dry-run", no_argument, NULL, 'd'},
		{"force", no_argument, NULL, 'f'},
		{"verbose", no_argument, NULL, 'v'},
		{"wait", required_argument, NULL, 'w'},
		{"syslog", no_argument, NULL, 'y'},
		{"source", required_argument, NULL, 's'},
		{"track", required_argument, NULL,
		 OPT_FILTER + CRIER_FILTER_TRACK},
		{"room", required_argument, NULL, OPT_FILTER + CRIER_FILTER_ROOM},
		{"speaker", required_argument, NULL,
		 OPT_FILTER + CRIER_FILTER_SPEAKER},
		{"type", required_argument, NULL, OPT_FILTER + CRIER_FILTER_TYPE},
		{"event", required_argument, NULL,
		 OPT_FILTER + CRIER_FILTER_EVENT},
		{"match", required_argument, NULL,
		 OPT_FILTER + CRIER_FILTER_MATCH},
		{"timezone", required_argument, NULL, OPT_TIMEZONE},
		{"announcement", required_argument, NULL, OPT_ANNOUNCEMENT},
		{"prune", no_argument, NULL, OPT_PRUNE},
		{NULL, 0, NULL, 0}
	};
	struct options opt = {.out_dir = "public"};
	int ch, status, operands = 0;

	optind = 1;
	opterr = 0;
	/*
	 * Options may come before, between or after the operands, whatever
	 * POSIXLY_CORRECT says: the leading '-' hands each operand back in
	 * order (as 1), and they are gathered at the front of ARGV.
	 */
	while ((ch = getopt_long(argc, argv, "-:ho:s:v", longopts,
	    NULL)) != -1) {
		if (ch == 1) {
			argv[++operands] = optarg;
			continue;
		}
		if ((ch < OPT_FILTER && strchr("tNdf", ch) != NULL &&
		    cmd->run != cmd_publish &&
		    !(ch == 'd' && cmd->run == cmd_import_schedule)) ||
		    (ch < OPT_FILTER && strchr("vwy", ch) != NULL &&
		    cmd->run != cmd_publish && cmd->run != cmd_build) ||
		    ((ch == 's' || ch >= OPT_FILTER) &&
		    cmd->run != cmd_import_schedule))
			/* The option, not its value, which may follow it. */
			return crier_cli_unknown_option(cmd, optarg != NULL &&
			    optind >= 2 && optarg == argv[optind - 1] ?
			    argv[optind - 2] : argv[optind - 1]);
		switch (ch) {
		case 'h':
			fputs(cmd->usage, stdout);
			return EXIT_OK;
		case 'n':
			opt.now_arg = optarg;
			break;
		case 'o':
			if (cmd->run != cmd_build && cmd->run != cmd_publish)
				return crier_cli_unknown_option(cmd,
				                                argv[optind - 1]);
			opt.out_dir = optarg;
			break;
		case 't':
			opt.to_url = optarg;
			break;
		case 'N':
			opt.netrc_file = optarg;
			break;
		case 'd':
			opt.is_dry_run = 1;
			break;
		case 'f':
			opt.is_forced = 1;
			break;
		case 'v':
			opt.verbosity++;
			break;
		case 'w':
			if (parse_wait(optarg, &opt.wait_ms) != 0)
				return usage_error(cmd->name, "--wait: '%s' is "
				                   "not a number of seconds",
				                   optarg);
			break;
		case 'y':
			opt.is_syslog = 1;
			break;
		case ':':
			return usage_error(cmd->name, "option '%s' needs a "
			                   "value", argv[optind - 1]);
		default:
			status = import_option(&opt, ch, optarg);
			if (status > EXIT_OK)
				return status;
			if (status == EXIT_OK)
				break;
			return crier_cli_unknown_option(cmd, argv[optind - 1]);
		}
	}
	while (optind < argc)
		argv[++operands] = argv[optind++];
	if (operands == 0)
		return usage_error(cmd->name, "%s",
		                   cmd->run == cmd_import_schedule ?
		                   "no SCHEDULE.xml given" :
		                   "no SOURCE directory given");
	/* Never echo a URL that holds a password: argv is no place for one. */
	if (opt.to_url != NULL && crier_upload_url_check(opt.to_url) ==
	    CRIER_URL_PASSWORD)
		return usage_error(cmd->name, "%s", "--to: a password does not "
		                   "belong in the URL; put it in ~/.netrc or the "
		                   "file named by --netrc or CRIER_NETRC");
	if (opt.to_url != NULL && crier_upload_url_check(opt.to_url) !=
	    CRIER_URL_OK)
		return crier_cli_bad_target(cmd->name, opt.to_url);
	status = crier_cli_resolve_now(opt.now_arg, cmd->name, &opt.now_s);
	if (status != EXIT_OK)
		return status;
	if (opt.is_syslog)
		crier_log_open_syslog();
	crier_cli_progress_start();
	status = cmd->run(operands, argv + 1, &opt);
	crier_cli_progress_stop();
	crier_log_close();
	return status;
}

int
main(int argc, char **argv)
{
	const struct crier_cli_command *cmd;
	int status;

	/*
	 * A file past the size limit (ulimit -f) would kill crier with
	 * SIGXFSZ, leaving its staging directory; ignored, the write fails
	 * with EFBIG and is reported as "cannot write", like a full disk.
	 */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return usage_error(NULL, "%s", "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(crier_usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("crier %s\n", CRIER_VERSION);
		return EXIT_OK;
	}
	cmd = crier_cli_command_find(argv[1]);
	if (cmd == NULL)
		return crier_cli_unknown_command(argv[1]);
	status = cmd->main != NULL ? cmd->main(argc - 1, argv + 1) :
	         run_command(cmd, argc - 1, argv + 1);
	crier_cleanup();
	return status;
}
