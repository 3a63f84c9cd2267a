/*
 * cli_new.c - crier new DIR: a feed source that builds at once.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "crier.h"
#include "log.h"
#include "skeleton.h"
#include "times.h"
#include "usage.h"

/* What to do next, for a person who just ran crier new. */
static void
print_made(const char *dir)
{
	size_t i;

	fputs("created ", stdout);
	crier_log_print(stdout, dir);
	putchar(':');
	for (i = 0; crier_skeleton_files[i] != NULL; i++)
		printf(" %s", crier_skeleton_files[i]);
	fputs("\nnext: crier serve ", stdout);
	crier_log_print(stdout, dir);
	fputs(", then edit its files: the preview follows\n", stdout);
}

/* Parses the options into O; returns EXIT_OK, or prints and says. */
static int
parse_options(int argc, char **argv, struct crier_skeleton_options *o,
              const char **now_arg)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"title", required_argument, NULL, 'T'},
		{"link", required_argument, NULL, 'L'},
		{"author", required_argument, NULL, 'A'},
		{"timezone", required_argument, NULL, 'Z'},
		{"now", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0}
	};
	int ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(crier_new_usage_text, stdout);
			return -1;
		} else if (ch == 'T') {
			o->title = optarg;
		} else if (ch == 'L') {
			o->link = optarg;
		} else if (ch == 'A') {
			o->author = optarg;
		} else if (ch == 'Z') {
			o->timezone = optarg;
		} else if (ch == 'n') {
			*now_arg = optarg;
		} else if (ch == ':') {
			return crier_cli_usage_error("new", "option '%s' needs a "
			                             "value", argv[optind - 1]);
		} else {
			return crier_cli_unknown_option(
			    crier_cli_command_find("new"), argv[optind - 1]);
		}
	}
	if (o->timezone != NULL && !crier_zone_exists(o->timezone))
		return crier_cli_usage_error("new", "--timezone: '%s' is not a "
		                             "time zone such as Europe/Brussels",
		                             o->timezone);
	if (argc - optind != 1)
		return crier_cli_usage_error("new", "%s", argc == optind ?
		                             "no DIR given" : "give one DIR");
	o->dir = argv[optind];
	return EXIT_OK;
}

int
crier_cli_new(int argc, char **argv)
{
	struct crier_skeleton_options o = {0};
	struct crier_diags *diags;
	const char *now_arg = NULL;
	int rc;

	rc = parse_options(argc, argv, &o, &now_arg);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = crier_cli_resolve_now(now_arg, "new", &o.now_s);
	if (rc != EXIT_OK)
		return rc;
	diags = crier_diags_new();
	rc = crier_skeleton_write(&o, diags);
	crier_diags_sort(diags);
	crier_log_diags(diags);
	crier_diags_free(diags);
	if (rc == CRIER_OK)
		print_made(o.dir);
	return rc == CRIER_OK ? EXIT_OK : rc == CRIER_EIO ? EXIT_IO :
	       EXIT_INPUT;
}
