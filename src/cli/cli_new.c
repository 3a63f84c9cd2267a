/*
 * cli_new.c - crier new DIR: a feed source that builds at once.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "crier.h"
#include "log.h"
#include "usage.h"

struct new_options {
	struct crier_skeleton_options o;
	const char *now_arg;
};

/* What to do next, for a person who just ran crier new. */
static void
print_made(const char *dir)
{
	size_t i;

	fputs("created ", stdout);
	crier_log_print(stdout, dir);
	putchar(':');
	for (i = 0; crier_skeleton_file(i) != NULL; i++)
		printf(" %s", crier_skeleton_file(i));
	fputs("\nnext: crier serve ", stdout);
	crier_log_print(stdout, dir);
	fputs(", then edit its files: the preview follows\n", stdout);
}

/* Takes one option of crier new. */
static int
apply(void *ctx, int id, const char *arg)
{
	struct new_options *n = ctx;

	if (id == OPT_TITLE)
		n->o.title = arg;
	else if (id == OPT_LINK)
		n->o.link = arg;
	else if (id == OPT_AUTHOR)
		n->o.author = arg;
	else if (id == OPT_NOW)
		n->now_arg = arg;
	else
		n->o.timezone = arg;
	return EXIT_OK;
}

/* Parses the options into N; returns EXIT_OK, or prints and says. */
static int
parse_options(int argc, char **argv, struct new_options *n)
{
	int operands, rc;

	rc = crier_cli_parse(crier_cli_command_find("new"), argc, argv, apply,
	                     n, &operands);
	if (rc != EXIT_OK)
		return rc;
	if (n->o.timezone != NULL && !crier_zone_check(n->o.timezone, NULL))
		return crier_cli_usage_error("new", "--timezone: '%s' is not a "
		                             "time zone such as Europe/Brussels",
		                             n->o.timezone);
	if (operands != 1)
		return crier_cli_usage_error("new", "%s", operands == 0 ?
		                             "no DIR given" : "give one DIR");
	n->o.dir = argv[1];
	return EXIT_OK;
}

int
crier_cli_new(int argc, char **argv)
{
	struct new_options n = {{0}, NULL};
	struct crier_skeleton_options o;
	struct crier_diags *diags;
	int rc;

	rc = parse_options(argc, argv, &n);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	o = n.o;
	rc = crier_cli_resolve_now(n.now_arg, "new", &o.now_s);
	if (rc != EXIT_OK)
		return rc;
	diags = crier_diags_new();
	rc = crier_skeleton_write(&o, diags);
	crier_log_diags_free(diags);
	if (rc == CRIER_OK)
		print_made(o.dir);
	return rc == CRIER_OK ? EXIT_OK : rc == CRIER_EIO ? EXIT_IO :
	       EXIT_INPUT;
}
