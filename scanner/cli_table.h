/*
 * cli_table.h - the command line's vocabulary, for the parser (cli.c)
 * and the table itself (cli_table.c): every option as a row of data
 * (its name, what its value must be, its choices, its help) and the
 * commands.  Others see the table through cli.h: cli_option(),
 * cli_command_name(), cli_print_help().
 */
#ifndef IRSCAN_CLI_TABLE_H
#define IRSCAN_CLI_TABLE_H

#include "cli.h"
#include "util/buf.h"

/* What an option's value must be; cli.c's check_value() holds it to that. */
enum arg_type {
	ARG_NONE,	/* takes no value */
	ARG_STRING,	/* any text; store() may check more */
	ARG_NONEMPTY,	/* any text but "" */
	ARG_NUMBER,	/* a whole number from .min to .max */
	ARG_DURATION,	/* 90, 90s, 15m, 1h: at most 7 days */
	ARG_CHOICE,	/* one of .choices, in any case */
	ARG_READABLE,	/* a file readable now, not after a whole scan */
};

enum opt_id {
	O_ALERT_AGE, O_ALL, O_ARM, O_ATTACK_RISK, O_ATTEST_AGE, O_ATTESTATIONS,
	O_AUTH, O_AUTHORITY, O_CA, O_CHECKS, O_CLOUD, O_CONCURRENCY, O_CONTROLS,
	O_CRITICALITY, O_DEADLINE, O_EVIDENCE_DIR, O_FAIL_ON, O_FRAMEWORK, O_HELP, O_MGMT_GROUP,
	O_MAX_PAGES, O_MAX_RATE, O_MAX_REQUESTS, O_MAX_RESPONSE, O_MAX_RETRIES,
	O_MIN_RETENTION,
	O_NO_COLOR, O_OFFLINE, O_OUTPUT, O_QUIET, O_REMEDIATION,
	O_REQUIRED_PLANS, O_RESOURCE_GRAPH, O_SENTINEL_WS, O_SIGN_KEY, O_SKIP_SIG, O_SUB,
	O_TIMEOUT, O_VERBOSE, O_VERIFY_KEY, O_VERSION, O_WAIVERS,
	O_BASELINE, O_FAIL_ON_NEW,
	O_SHARD, O_SHARDS,
	O_EVIDENCE, O_ALLOW_PARTIAL,
};

/* Fields by size (clang-tidy's padding check); rows name them anyway. */
struct option_def {
	const char *name;
	const char *arg;	/* the value's placeholder in --help; NULL: none */
	const char *help;	/* "{}": the choices, "a, b or c" */
	cli_choice_fn choices;	/* the values accepted (ARG_CHOICE) or completed */
	const char *noun;	/* what a value (or item) is, for messages */
	long min, max;		/* ARG_NUMBER: the range accepted */
	long unit;		/* ARG_NUMBER: the config's units per one given (0: 1) */
	enum opt_id id;
	enum arg_type type;
	unsigned given;		/* GIVEN_BIT(): it changes verdicts (--offline) */
	char short_name;
};

#define GIVEN_BIT(g) (1u << (g))

/* The row of --name / -c; NULL when there is none. */
const struct option_def *cli_find_long(const char *name);
const struct option_def *cli_find_short(char c);
/* The command called word into *out; 0, or -1 when there is none. */
int cli_find_command(const char *word, enum command *out);
/* The names of a choice list into b: "a, b, c", or with `or` "a, b or c". */
void cli_join_choices(struct buf *b, cli_choice_fn at, int or);

#endif
