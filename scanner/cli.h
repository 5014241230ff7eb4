/*
 * cli.h - the command line: argv and the environment into a config.
 * No network and no file writes happen here (curl's tool_getparam.c).
 */
#ifndef IRSCAN_CLI_H
#define IRSCAN_CLI_H

#include "config.h"

/* 0 on success; -1 after a usage error was printed (exit code 2). */
int cli_parse(int argc, char **argv, struct config *cfg);
void cli_print_help(FILE *out);
/*
 * Every --checks id must exist and every --controls id be a control of
 * the framework; else a usage error and -1.  (--offline runs it again
 * once the bundle's framework is known.)
 */
int cli_check_selection(const struct config *cfg);
/* 1 when the option table is sorted (bsearch relies on it); for tests. */
int cli_table_sorted(void);

#endif
