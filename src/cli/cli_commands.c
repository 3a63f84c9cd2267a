/*
 * cli_commands.c - the commands crier knows, as data: each one's name,
 * help text and long options.  What runs a command is main.c's choice
 * (it dispatches by name); the hints and help read this table, and so
 * depend on nothing that runs.
 */
#include <string.h>

#include "cli.h"
#include "usage.h"

const struct crier_cli_command crier_cli_commands[] = {
	{"check", crier_check_usage_text, "--help --now"},
	{"build", crier_build_usage_text, "--help --now --output --wait "
	 "--verbose --syslog"},
	{"publish", crier_publish_usage_text, "--help --now --output --to "
	 "--dry-run --force --netrc --wait --verbose --syslog"},
	{"import-schedule", crier_import_usage_text, "--help --now --source "
	 "--track --room --speaker --type --event --match --announcement "
	 "--timezone --prune --dry-run"},
	{"new", crier_new_usage_text, "--help --title --link --author "
	 "--timezone --now"},
	{"serve", crier_serve_usage_text, "--help --port --bind --now"},
	{"help", crier_help_usage_text, "--help"},
	{NULL, NULL, NULL}
};

const struct crier_cli_command *
crier_cli_command_find(const char *name)
{
	const struct crier_cli_command *cmd;

	for (cmd = crier_cli_commands; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}
