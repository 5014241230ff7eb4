/*
 * cli.h - the command line: argv and the environment into a config.
 * No network and no file writes happen here (curl's tool_getparam.c).
 */
#ifndef IRSCAN_CLI_H
#define IRSCAN_CLI_H

#include "model/config.h"

/* cli.c: 0 on success; -1 after a usage error was printed (exit code 2). */
int cli_parse(int argc, char **argv, struct config *cfg);

/* cli_table.c, the options and commands as data: */
void cli_print_help(FILE *out);
/* 1 when the option table is sorted (bsearch relies on it); for tests. */
int cli_table_sorted(void);

/* A list of values an option takes: the i-th name, NULL past the last. */
typedef const char *(*cli_choice_fn)(size_t i);

/* One row of the option table, as the completion sees it. */
struct cli_option {
	const char *name;	/* long name, without "--" */
	char short_name;	/* 0: none */
	const char *arg;	/* placeholder (FILE, DIR, N...); NULL: no value */
	cli_choice_fn choices;	/* the values it takes from a list; NULL: any */
};
/*
 * The i-th option of the table (sorted by name) into *out; 0 past the
 * end.  The table in cli_table.c is the only list of options: --help
 * and the parser read it there, the shell completion (and through it
 * the docs test) through this.
 */
int cli_option(size_t i, struct cli_option *out);
/* The name of command i (scan, verify, ...), NULL past the last. */
const char *cli_command_name(size_t i);

#endif
