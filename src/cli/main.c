/*
 * main.c - the crier command: parses arguments, calls the library,
 * prints diagnostics and picks the exit status.  Nothing more.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crier.h"
#include "cli.h"
#include "log.h"
#include "usage.h"

struct options {
	const char *command;
	const char *now_arg;
	int64_t now_s;
	int verbosity;          /* -v: a summary; -vv: a trace */
	int is_syslog;
	struct crier_run_options run;
	struct crier_import_options import;
	struct crier_import_filter filters[32];
};

static int
exit_status(int crier_status)
{
	static const int statuses[] = {
		[CRIER_OK] = EXIT_OK, [CRIER_EINPUT] = EXIT_INPUT,
		[CRIER_EIO] = EXIT_IO, [CRIER_EBUG] = EXIT_INTERNAL,
		[CRIER_EAGAIN] = EXIT_AGAIN, [CRIER_EREFUSED] = EXIT_REFUSED,
		[CRIER_EBUSY] = EXIT_BUSY, [CRIER_EUSAGE] = EXIT_USAGE,
	};

	return crier_status >= 0 && crier_status <= CRIER_EUSAGE ?
	       statuses[crier_status] : EXIT_INTERNAL;
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
		crier_cli_print_schedule(feed);
		crier_feed_free(feed);
	}
	crier_log_diags_free(diags);
	return status;
}

/*
 * build and publish (crier.h, "Runs"): every source loaded, then locked,
 * then built; publish then sends each on its own, so one unreachable
 * host does not hold back the others.  A source another run holds is
 * skipped.  The exit status is the worst of theirs (worse_status()).
 */
static int
run_sources(int argc, char **argv, const struct options *opt,
            bool is_publish)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_run_options options = opt->run;
	struct crier_run *run;
	size_t i, n = (size_t)argc;
	int rc, status, is_built;

	/* A cron build with nothing to do looks, and stops (crier(1)). */
	options.skips_unchanged = !is_publish;
	status = exit_status(crier_run_load(n, (const char *const *)argv,
	                                    &options, diags, &run));
	if (status == EXIT_OK && is_publish)
		status = exit_status(crier_run_check_targets(run, diags));
	if (status == EXIT_OK)
		status = exit_status(crier_run_lock(run, diags));
	for (i = 0; i < n && (status == EXIT_OK || status == EXIT_BUSY); i++) {
		rc = exit_status(crier_run_build(run, i, diags));
		status = worse_status(status, rc);
		if (!is_publish && rc == EXIT_OK && opt->verbosity > 0 &&
		    crier_run_is_locked(run, i))
			crier_cli_print_summary(run, i, opt->now_s, false);
	}
	is_built = status == EXIT_OK || status == EXIT_BUSY;
	for (i = 0; is_publish && is_built && i < n; i++) {
		if (!crier_run_is_locked(run, i))
			continue;
		rc = exit_status(crier_run_publish(run, i, diags));
		status = worse_status(status, rc);
		if (opt->verbosity > 0)
			crier_cli_print_summary(run, i, opt->now_s, true);
	}
	crier_run_free(run);
	crier_log_diags_free(diags);
	return status;
}

static int
cmd_build(int argc, char **argv, const struct options *opt)
{
	return run_sources(argc, argv, opt, false);
}

static int
cmd_publish(int argc, char **argv, const struct options *opt)
{
	return run_sources(argc, argv, opt, true);
}

static int
cmd_import_schedule(int argc, char **argv, const struct options *opt)
{
	struct crier_import_options io = opt->import;
	struct crier_diags *diags;
	struct crier_import *import;
	int rc;

	if (argc != 1)
		return crier_cli_usage_error("import-schedule", "%s", "give one "
		                             "SCHEDULE.xml");
	if (io.source_dir == NULL)
		return crier_cli_usage_error("import-schedule", "%s", "no feed "
		                             "source: give -s SOURCE");
	io.schedule_file = argv[0];
	io.now_s = opt->now_s;
	diags = crier_diags_new();
	rc = crier_schedule_import(&io, diags, &import);
	if (rc == CRIER_OK)
		crier_cli_print_import(import, io.is_dry_run);
	crier_import_free(import);
	crier_log_diags_free(diags);
	return exit_status(rc);
}

/* Takes one option of check, build, publish or import-schedule. */
static int
apply(void *ctx, int id, const char *arg)
{
	struct options *opt = ctx;

	switch (id) {
	case OPT_NOW: opt->now_arg = arg; break;
	case 'o': opt->run.out_dir = arg; break;
	case OPT_TO: opt->run.to_url = arg; break;
	case OPT_NETRC: opt->run.netrc_file = arg; break;
	case OPT_DRY_RUN: opt->run.is_dry_run = opt->import.is_dry_run = 1;
		break;
	case OPT_FORCE: opt->run.is_forced = 1; break;
	case 'v': opt->verbosity++; break;
	case OPT_SYSLOG: opt->is_syslog = 1; break;
	case 's': opt->import.source_dir = arg; break;
	case OPT_ANNOUNCEMENT: opt->import.announcement = arg; break;
	case OPT_PRUNE: opt->import.is_pruning = 1; break;
	case OPT_WAIT:
		return crier_cli_read_wait(opt->command, arg,
		                           &opt->run.lock_wait_ms);
	default:
		return crier_cli_read_import_option(&opt->import, opt->filters,
		    sizeof(opt->filters) / sizeof(opt->filters[0]), id, arg);
	}
	return EXIT_OK;
}

/*
 * What runs each command of cli_commands.c: check, build, publish and
 * import-schedule take the options this file parses (RUN); the others
 * parse their own arguments, from the command's name on (MAIN).
 */
static const struct runner {
	const char *name;
	int (*run)(int argc, char **argv, const struct options *opt);
	int (*main)(int argc, char **argv);
} runners[] = {
	{"check", cmd_check, NULL},
	{"build", cmd_build, NULL},
	{"publish", cmd_publish, NULL},
	{"import-schedule", cmd_import_schedule, NULL},
	{"new", NULL, crier_cli_new},
	{"serve", NULL, crier_cli_serve},
	{"help", NULL, crier_cli_help},
};

/* What every command of this file checks once its options are read. */
static int
check_arguments(const struct crier_cli_command *cmd, int operands,
                struct options *opt)
{
	const char *to = opt->run.to_url;

	if (operands == 0)
		return crier_cli_usage_error(cmd->name, "%s",
		                             strcmp(cmd->name,
		                                    "import-schedule") == 0 ?
		                             "no SCHEDULE.xml given" :
		                             "no SOURCE directory given");
	/* Never echo a URL that holds a password: argv is no place for one. */
	if (to != NULL && crier_target_check(to) == CRIER_TARGET_PASSWORD)
		return crier_cli_usage_error(cmd->name, "%s", "--to: a password "
		                             "does not belong in the URL; put it "
		                             "in ~/.netrc or the file named by "
		                             "--netrc or CRIER_NETRC");
	if (to != NULL && crier_target_check(to) != CRIER_TARGET_OK)
		return crier_cli_bad_target(cmd->name, to);
	return crier_cli_resolve_now(opt->now_arg, cmd->name, &opt->now_s);
}

static int
run_command(const struct crier_cli_command *cmd, const struct runner *r,
            int argc, char **argv)
{
	const char *netrc = getenv("CRIER_NETRC");
	struct options opt = {.command = cmd->name};
	int operands, status;

	crier_run_options_init(&opt.run);
	status = crier_cli_parse(cmd, argc, argv, apply, &opt, &operands);
	if (status == EXIT_OK)
		status = check_arguments(cmd, operands, &opt);
	if (status != EXIT_OK)
		return status < 0 ? EXIT_OK : status;
	if (opt.run.netrc_file == NULL && netrc != NULL && netrc[0] != '\0')
		opt.run.netrc_file = netrc;
	opt.run.now_s = opt.now_s;
	opt.run.started_s = (int64_t)time(NULL);
	opt.run.report = crier_cli_publish_event;
	opt.run.report_ctx = &opt.verbosity;
	opt.run.trace = opt.verbosity > 1 ? crier_cli_trace : NULL;
	if (opt.is_syslog)
		crier_log_open_syslog();
	crier_cli_progress_start();
	status = r->run(operands, argv + 1, &opt);
	crier_cli_progress_stop();
	crier_log_close();
	return status;
}

int
main(int argc, char **argv)
{
	const struct crier_cli_command *cmd;
	const struct runner *r = NULL;
	size_t i;
	int status;

	/*
	 * A file past the size limit (ulimit -f) would kill crier with
	 * SIGXFSZ, leaving its staging directory; ignored, the write fails
	 * with EFBIG and is reported as "cannot write", like a full disk.
	 */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return crier_cli_usage_error(NULL, "%s", "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(crier_usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("crier %s\n", CRIER_VERSION);
		return EXIT_OK;
	}
	cmd = crier_cli_command_find(argv[1]);
	for (i = 0; cmd != NULL && i < sizeof(runners) / sizeof(*runners); i++)
		if (strcmp(runners[i].name, cmd->name) == 0)
			r = &runners[i];
	if (r == NULL)
		return crier_cli_unknown_command(argv[1]);
	status = r->main != NULL ? r->main(argc - 1, argv + 1) :
	         run_command(cmd, r, argc - 1, argv + 1);
	crier_cleanup();
	return status;
}
