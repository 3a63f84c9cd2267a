/*
 * cli_help.c - crier help, and the hints of a mistyped command line:
 * "did you mean" for commands and options, file:// for a plain path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "suggest.h"
#include "usage.h"

int
crier_cli_usage_error(const char *command, const char *fmt, const char *arg)
{
	/* An argument is shown escaped, as every line crier prints (log.h). */
	char *shown = crier_text_escape(arg != NULL ? arg : "");

	fprintf(stderr, "crier%s%s: ", command ? " " : "", command ? command : "");
	fprintf(stderr, fmt, shown);
	free(shown);
	fprintf(stderr, "\nTry 'crier%s%s --help'.\n", command ? " " : "",
	        command ? command : "");
	return EXIT_USAGE;
}

/*
 * Prints the refusal of SHOWN, with the name of NAMES closest to WORD
 * (SHOWN less any "=value") when one is close enough to be meant.
 */
static int
refuse(const char *command, const char *what, const char *shown,
       const char *word, const char *const *names)
{
	struct crier_suggest hint;
	char line[256];
	size_t i;

	crier_suggest_start(&hint, word);
	for (i = 0; names[i] != NULL; i++)
		crier_suggest_consider(&hint, names[i]);
	if (crier_suggest_result(&hint) == NULL)
		snprintf(line, sizeof(line), "unknown %s '%%s'", what);
	else
		snprintf(line, sizeof(line), "unknown %s '%%s'; did you mean "
		         "'%s'?", what, crier_suggest_result(&hint));
	crier_suggest_end(&hint);
	return crier_cli_usage_error(command, line, shown);
}

/* Every command's name, ended by NULL, in NAMES (room for 16). */
static const char *const *
command_names(const char *names[16])
{
	const struct crier_cli_command *cmd;
	size_t n = 0;

	for (cmd = crier_cli_commands; cmd->name != NULL && n < 15; cmd++)
		names[n++] = cmd->name;
	names[n] = NULL;
	return names;
}

int
crier_cli_unknown_command(const char *word)
{
	const char *names[16];

	return refuse(NULL, "command", word, word, command_names(names));
}

/*
 * "--ouput=x" is compared as "--ouput" with CMD's options; a short
 * option gets no hint, as one letter is close to every other.
 */
int
crier_cli_unknown_option(const struct crier_cli_command *cmd, const char *arg)
{
	char list[512], word[64], *save = NULL, *p;
	const char *names[32];
	size_t n = 0, len = strcspn(arg, "=");

	snprintf(list, sizeof(list), "%s", cmd->options);
	for (p = strtok_r(list, " ", &save); p != NULL && n < 31;
	     p = strtok_r(NULL, " ", &save))
		names[n++] = p;
	names[n] = NULL;
	if (strncmp(arg, "--", 2) != 0 || len >= sizeof(word)) {
		names[0] = NULL;
		return refuse(cmd->name, "option", arg, arg, names);
	}
	memcpy(word, arg, len);
	word[len] = '\0';
	return refuse(cmd->name, "option", arg, word, names);
}

int
crier_cli_bad_target(const char *command, const char *url)
{
	/* A path where a URL belongs: the file URL is what was meant. */
	if (url[0] == '/') {
		fprintf(stderr, "crier %s: --to: '%s' is a path, not a URL; did "
		        "you mean 'file://%s'?\nTry 'crier %s --help'.\n",
		        command, url, url, command);
		return EXIT_USAGE;
	}
	if (strstr(url, "://") == NULL)
		return crier_cli_usage_error(command, "--to: '%s' is not a URL; "
		                             "for a directory, write an absolute "
		                             "file URL such as file:///srv/www",
		                             url);
	return crier_cli_usage_error(command, "--to: '%s' is not a file, "
	                             "http, https, ftp, ftps, sftp or s3 URL",
	                             url);
}

/* crier help [COMMAND]: the same text as crier [COMMAND] --help. */
int
crier_cli_help(int argc, char **argv)
{
	const struct crier_cli_command *cmd;
	const char *names[16];

	if (argc > 1 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0) {
		if (argc > 2)
			return crier_cli_usage_error("help", "%s", "give one "
			                             "COMMAND at most");
		cmd = crier_cli_command_find(argv[1]);
		if (cmd == NULL)
			return refuse("help", "command", argv[1], argv[1],
			              command_names(names));
		fputs(cmd->usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		fputs(crier_help_usage_text, stdout);
	else
		fputs(crier_usage_text, stdout);
	return EXIT_OK;
}
