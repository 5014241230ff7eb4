/*
 * cli.c - option table and parser.
 *
 * Options are declared as data (curl's aliases[], tmux's options-table):
 * one row per option with what its value must be (a number in a range,
 * one of a list, a readable file...), so every value is checked in one
 * place, check_value(), before apply() stores it.  The table MUST stay
 * sorted by long name: lookup uses bsearch().
 */
#include "cli.h"
#include "checks/check.h"
#include "arm/arm.h"
#include "net/cafile.h"
#include "util/msg.h"
#include "model/resid.h"
#include "net/url.h"
#include "reports/report.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* What an option's value must be; check_value() holds it to that. */
enum arg_type {
	ARG_NONE,	/* takes no value */
	ARG_STRING,	/* any text; apply() may check more */
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
};

struct option_def {
	const char *name;
	char short_name;
	enum opt_id id;
	enum arg_type type;
	const char *arg;	/* the value's placeholder in --help; NULL: none */
	long min, max;		/* ARG_NUMBER: the range accepted */
	long unit;		/* ARG_NUMBER: the config's units per one given (0: 1) */
	cli_choice_fn choices;	/* the values accepted (ARG_CHOICE) or completed */
	const char *noun;	/* what a value (or item) is, for messages */
	unsigned given;		/* GIVEN_BIT(): it changes verdicts (--offline) */
	const char *help;	/* "{}": the choices, "a, b or c" */
};

#define GIVEN_BIT(g) (1u << (g))

/* The choice lists: the parser's tables, in the order --help names them. */
static const char *level_at(size_t i)
{
	return i <= LEVEL_CRITICAL - LEVEL_LOW ?
	       level_name((enum level)(LEVEL_CRITICAL - (int)i)) : NULL;
}

static const char *auth_at(size_t i)
{
	return auth_method_name((enum auth_method)i);
}

static const char *cloud_at_name(size_t i)
{
	const struct cloud *c = cloud_at(i);

	return c ? c->name : NULL;
}

/* --fail-on: up to the highest check's severity, then never. */
static const char *fail_on_at(size_t i)
{
	size_t n = (size_t)(check_max_severity() - SEV_LOW) + 1;

	if (i < n)
		return severity_name((enum severity)(SEV_LOW + (int)i));
	return i == n ? severity_name(SEV_NEVER) : NULL;
}

static const char *framework_at(size_t i)
{
	return i < FW__COUNT ? framework_name((enum framework)i) : NULL;
}

static const char *format_at(size_t i)
{
	const struct report_format *f = report_format_at(i);

	return f ? f->name : NULL;
}

/* Sorted by name (bsearch). */
static const struct option_def options[] = {
	{ .name = "alert-max-age", .id = O_ALERT_AGE, .type = ARG_NUMBER, .arg = "DAYS",
	  .min = 1, .max = 3650, .given = GIVEN_BIT(GIVEN_ALERT_AGE),
	  .help = "an Active High alert older than this is untriaged (default 7)" },
	{ .name = "all-subscriptions", .short_name = 'A', .id = O_ALL,
	  .help = "scan every subscription the identity can see (Disabled and Deleted "
		  "ones are listed, not scanned)" },
	{ .name = "arm-endpoint", .id = O_ARM, .type = ARG_STRING, .arg = "URL",
	  .help = "Resource Manager endpoint (overrides IRSCAN_ARM_ENDPOINT and the cloud's)" },
	{ .name = "attack-path-risk", .id = O_ATTACK_RISK, .type = ARG_CHOICE, .arg = "LEVEL",
	  .choices = level_at, .given = GIVEN_BIT(GIVEN_ATTACK_RISK),
	  .help = "lowest attack path risk that must be e-mailed: Critical, High "
		  "(default), Medium, Low" },
	{ .name = "attestation-max-age", .id = O_ATTEST_AGE, .type = ARG_NUMBER, .arg = "DAYS",
	  .min = 1, .max = 3650, .given = GIVEN_BIT(GIVEN_ATTEST_AGE),
	  .help = "an attestation reviewed longer ago fails (default 365)" },
	{ .name = "attestations", .id = O_ATTESTATIONS, .type = ARG_STRING, .arg = "FILE",
	  .given = GIVEN_BIT(GIVEN_ATTESTATIONS),
	  .help = "attestations of the manual controls (JSON, see SPEC §7)" },
	{ .name = "auth", .id = O_AUTH, .type = ARG_CHOICE, .arg = "METHOD",
	  .choices = auth_at, .noun = "method",
	  .help = "credential: auto (default: environment, managed identity, Azure CLI), "
		  "secret, certificate, federated, managed-identity, cli" },
	{ .name = "authority-host", .id = O_AUTHORITY, .type = ARG_STRING, .arg = "URL",
	  .help = "Entra ID authority (overrides AZURE_AUTHORITY_HOST and the cloud's)" },
	{ .name = "ca-bundle", .id = O_CA, .type = ARG_STRING, .arg = "FILE",
	  .help = "extra CA certificates (PEM) to trust, added to the system store "
		  "(overrides IRSCAN_CA_BUNDLE)" },
	{ .name = "checks", .id = O_CHECKS, .type = ARG_STRING, .arg = "LIST",
	  .noun = "check", .given = GIVEN_BIT(GIVEN_CHECKS),
	  .help = "run only these checks (comma-separated ids)" },
	{ .name = "cloud", .id = O_CLOUD, .type = ARG_CHOICE, .arg = "NAME",
	  .choices = cloud_at_name, .noun = "cloud",
	  .help = "AzureCloud (default), AzureUSGovernment or AzureChinaCloud" },
	{ .name = "concurrency", .id = O_CONCURRENCY, .type = ARG_NUMBER, .arg = "N",
	  .min = 1, .max = 256,
	  .help = "requests in flight at most (default 16)" },
	{ .name = "controls", .id = O_CONTROLS, .type = ARG_STRING, .arg = "LIST",
	  .noun = "control", .given = GIVEN_BIT(GIVEN_CONTROLS),
	  .help = "run only the checks of these controls (ids of the framework)" },
	{ .name = "criticality-tags", .id = O_CRITICALITY, .type = ARG_STRING, .arg = "LIST",
	  .noun = "tag name", .given = GIVEN_BIT(GIVEN_CRITICALITY),
	  .help = "subscription tags that prioritise alerts (default "
		  "criticality,environment,env)" },
	{ .name = "deadline", .id = O_DEADLINE, .type = ARG_DURATION, .arg = "DURATION",
	  .help = "end the whole scan after this long (e.g. 90s, 15m, 1h; a number is "
		  "seconds; 0: none; default 15m): what is unread then is an error" },
	{ .name = "evidence-dir", .id = O_EVIDENCE_DIR, .type = ARG_NONEMPTY, .arg = "DIR",
	  .noun = "directory name",
	  .help = "save every response and a manifest there (an evidence bundle)" },
	{ .name = "fail-on", .id = O_FAIL_ON, .type = ARG_STRING, .arg = "SEVERITY",
	  .choices = fail_on_at, .given = GIVEN_BIT(GIVEN_FAIL_ON),
	  .help = "exit 1 on a failing finding of this severity or above: low "
		  "(default), medium, high, never" },
	{ .name = "framework", .id = O_FRAMEWORK, .type = ARG_CHOICE, .arg = "NAME",
	  .choices = framework_at, .noun = "framework", .given = GIVEN_BIT(GIVEN_FRAMEWORK),
	  .help = "control numbering: asb-ir-2019 (default), asb-v1, mcsb-v1, "
		  "cis-azure-2.1.0, cis-azure-3.0.0, cis-azure-4.0.0" },
	{ .name = "help", .short_name = 'h', .id = O_HELP,
	  .help = "show this help" },
	{ .name = "management-group", .short_name = 'm', .id = O_MGMT_GROUP,
	  .type = ARG_STRING, .arg = "ID",
	  .help = "scan every subscription below this management group, nested groups "
		  "included (Disabled and Deleted ones are listed, not scanned)" },
	{ .name = "max-pages", .id = O_MAX_PAGES, .type = ARG_NUMBER, .arg = "N",
	  .min = 1, .max = 100000,
	  .help = "pages of one list followed at most (default 1000)" },
	{ .name = "max-rate", .id = O_MAX_RATE, .type = ARG_NUMBER, .arg = "N",
	  .min = 1, .max = 100000,
	  .help = "start at most N requests per second (shared service principals)" },
	{ .name = "max-requests", .id = O_MAX_REQUESTS, .type = ARG_NUMBER, .arg = "N",
	  .min = 1, .max = 100000000,
	  .help = "requests per scan at most, retries included (default 250000)" },
	{ .name = "max-response-mb", .id = O_MAX_RESPONSE, .type = ARG_NUMBER, .arg = "MB",
	  .min = 1, .max = 1024, .unit = 1024 * 1024,
	  .help = "largest response body accepted (default 32)" },
	{ .name = "max-retries", .id = O_MAX_RETRIES, .type = ARG_NUMBER, .arg = "N",
	  .min = 0, .max = 20,
	  .help = "retries of a throttled or failed request (default 5)" },
	/* Log Analytics keeps data up to 4383 days (totalRetentionInDays). */
	{ .name = "min-retention-days", .id = O_MIN_RETENTION, .type = ARG_NUMBER, .arg = "DAYS",
	  .min = 1, .max = 4383, .given = GIVEN_BIT(GIVEN_MIN_RETENTION),
	  .help = "a workspace receiving alerts must keep them this long (alert-retention; "
		  "default 90)" },
	{ .name = "no-color", .id = O_NO_COLOR,
	  .help = "no colour on the console (also NO_COLOR)" },
	{ .name = "offline", .id = O_OFFLINE, .type = ARG_NONEMPTY, .arg = "DIR",
	  .noun = "directory name",
	  .help = "evaluate an evidence bundle, without network access" },
	{ .name = "output", .short_name = 'o', .id = O_OUTPUT, .type = ARG_STRING,
	  .arg = "FORMAT[:PATH]", .choices = format_at, .noun = "format",
	  .help = "write a report; FORMAT {}; PATH '-' or absent = stdout; repeatable" },
	{ .name = "quiet", .short_name = 'q', .id = O_QUIET,
	  .help = "no console summary; errors only" },
	{ .name = "remediation-script", .id = O_REMEDIATION, .type = ARG_STRING, .arg = "FILE",
	  .help = "write az commands that would fix the failing findings (a bash script "
		  "to review; irscan never runs it)" },
	{ .name = "required-plans", .id = O_REQUIRED_PLANS, .type = ARG_STRING, .arg = "LIST",
	  .noun = "plan name", .given = GIVEN_BIT(GIVEN_PLANS),
	  .help = "Defender plans that must be on (default: every current plan)" },
	{ .name = "resource-graph", .id = O_RESOURCE_GRAPH,
	  .help = "read automations, plans and alerts of many subscriptions per Azure "
		  "Resource Graph query (falls back to direct reads)" },
	{ .name = "sentinel-workspace", .id = O_SENTINEL_WS, .type = ARG_STRING, .arg = "ID",
	  .help = "also search this Log Analytics workspace for Sentinel's Defender "
		  "connector; repeatable" },
	{ .name = "sign-key", .id = O_SIGN_KEY, .type = ARG_READABLE, .arg = "FILE",
	  .help = "sign the evidence manifest with this PEM private key (Ed25519 or RSA)" },
	{ .name = "skip-signature", .id = O_SKIP_SIG,
	  .help = "verify, --offline: rely on the SHA-256 hashes alone; a signed bundle "
		  "otherwise needs --verify-key" },
	{ .name = "subscription", .short_name = 's', .id = O_SUB, .type = ARG_STRING, .arg = "ID",
	  .help = "subscription to scan; repeatable, comma lists allowed "
		  "(default: AZURE_SUBSCRIPTION_ID)" },
	{ .name = "timeout", .id = O_TIMEOUT, .type = ARG_NUMBER, .arg = "SECONDS",
	  .min = 1, .max = 3600, .unit = 1000,
	  .help = "per request (default 30)" },
	{ .name = "verbose", .short_name = 'v', .id = O_VERBOSE,
	  .help = "one line per request: method, URL, status, time" },
	{ .name = "verify-key", .id = O_VERIFY_KEY, .type = ARG_READABLE, .arg = "FILE",
	  .help = "verify, --offline: check the manifest's signature with this PEM public "
		  "key" },
	{ .name = "version", .id = O_VERSION,
	  .help = "print the version" },
	{ .name = "waivers", .id = O_WAIVERS, .type = ARG_STRING, .arg = "FILE",
	  .given = GIVEN_BIT(GIVEN_WAIVERS),
	  .help = "accepted exceptions (JSON, see SPEC §7)" },
};

int cli_table_sorted(void)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(options); i++)
		if (strcmp(options[i - 1].name, options[i].name) >= 0)
			return 0;
	return 1;
}

int cli_option(size_t i, struct cli_option *out)
{
	if (i >= ARRAY_SIZE(options))
		return 0;
	*out = (struct cli_option){
		.name = options[i].name, .short_name = options[i].short_name,
		.arg = options[i].arg, .choices = options[i].choices,
	};
	return 1;
}

static int opt_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct option_def *)elem)->name);
}

static const struct option_def *find_long(const char *name)
{
	return bsearch(name, options, ARRAY_SIZE(options), sizeof(options[0]),
		       opt_cmp);
}

static const struct option_def *find_short(char c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

/* The names of a choice list into b: "a, b, c", or with `or` "a, b or c". */
static void join_choices(struct buf *b, cli_choice_fn at, int or)
{
	size_t i;

	for (i = 0; at(i); i++)
		buf_addf(b, "%s%s", !i ? "" : or && !at(i + 1) ? " or " : ", ", at(i));
}

/* An option's help text, its choices in place of "{}". */
static void option_help(struct buf *b, const struct option_def *o)
{
	const char *mark = o->choices ? strstr(o->help, "{}") : NULL;

	if (!mark) {
		buf_add(b, o->help);
		return;
	}
	buf_addn(b, o->help, (size_t)(mark - o->help));
	join_choices(b, o->choices, 1);
	buf_add(b, mark + 2);
}

void cli_print_help(FILE *out)
{
	struct buf help = BUF_INIT;
	size_t i;

	fprintf(out,
		"irscan %s - audit Azure Incident Response controls (ASB 10.1-10.5)\n\n"
		"usage: irscan [scan] [OPTIONS]\n"
		"       irscan verify DIR [--verify-key FILE]\n"
		"       irscan list-checks [--framework NAME]\n"
		"       irscan completion bash    (print the bash completion script)\n\n"
		"Credentials (--auth auto tries them in this order): AZURE_TENANT_ID and\n"
		"AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, or AZURE_CLIENT_CERTIFICATE_PATH\n"
		"[+ _PASSWORD], or AZURE_FEDERATED_TOKEN_FILE; a managed identity when\n"
		"IDENTITY_ENDPOINT is set (--auth managed-identity also tries IMDS); then\n"
		"'az account get-access-token'.  AZURE_AUTHORITY_HOST is honoured.\n\n"
		"options:\n", IRSCAN_VERSION);
	for (i = 0; i < ARRAY_SIZE(options); i++) {
		const struct option_def *o = &options[i];
		char left[64];

		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
				 o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		buf_reset(&help);
		option_help(&help, o);
		fprintf(out, "  %-34s %s\n", left, help.buf);
	}
	buf_release(&help);
	fprintf(out,
		"\nexit codes: 0 no failure; 1 a failing finding at or above "
		"--fail-on;\n2 usage or input error; 3 an error finding, or the "
		"scan could not run.\n");
}

static int parse_number(const char *opt, const char *s, long lo, long hi,
			long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return msg_usage("--%s: '%s' is not a whole number from %ld to %ld",
				 opt, s, lo, hi);
	*out = v;
	return 0;
}

/* "90", "90s", "15m", "1h": whole seconds with an optional unit. */
static int parse_duration(const char *opt, const char *s, long *out_ms)
{
	static const long max_s = 7L * 24 * 3600;
	char *end;
	long v, unit = 1;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!errno && end != s && v >= 0 && end[0] && !end[1])
		unit = *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 : 0;
	else if (!errno && end != s && v >= 0 && !*end)
		unit = 1;
	else
		unit = 0;
	if (!unit || v > max_s / unit)
		return msg_usage("--%s: '%s' is not a duration (a whole number of "
				 "seconds, or with a unit: 90s, 15m, 1h; at most 7 days; "
				 "0: none)", opt, s);
	*out_ms = v * unit * 1000;
	return 0;
}

/*
 * The index of v among o's choices, in any case; else -1 after a usage
 * message naming them: "unknown <noun> 'v' (a, b, c)", or without a
 * noun "'v' is not a, b or c".
 */
static int find_choice(const struct option_def *o, const char *v, size_t *out)
{
	struct buf names = BUF_INIT;
	size_t i;

	for (i = 0; o->choices(i); i++)
		if (!strcasecmp(v, o->choices(i))) {
			*out = i;
			return 0;
		}
	join_choices(&names, o->choices, !o->noun);
	if (o->noun)
		msg_usage("--%s: unknown %s '%s' (%s)", o->name, o->noun, v, names.buf);
	else
		msg_usage("--%s: '%s' is not %s", o->name, v, names.buf);
	buf_release(&names);
	return -1;
}

/* A value checked against its option's row, ready to be stored. */
struct value {
	const char *s;		/* as given ("" for ARG_NONE) */
	long n;			/* ARG_NUMBER (times .unit), ARG_DURATION (ms) */
	size_t choice;		/* ARG_CHOICE: the index in .choices */
};

/* Hold v to what o's row says it must be; 0, or -1 after a usage message. */
static int check_value(const struct option_def *o, const char *v, struct value *val)
{
	*val = (struct value){ .s = v };
	switch (o->type) {
	case ARG_NONE:
	case ARG_STRING:
		return 0;
	case ARG_NONEMPTY:
		return *v ? 0 : msg_usage("--%s: empty %s", o->name, o->noun);
	case ARG_NUMBER:
		if (parse_number(o->name, v, o->min, o->max, &val->n))
			return -1;
		val->n *= o->unit ? o->unit : 1;
		return 0;
	case ARG_DURATION:
		return parse_duration(o->name, v, &val->n);
	case ARG_CHOICE:
		return find_choice(o, v, &val->choice);
	case ARG_READABLE:
		if (access(v, R_OK))
			return msg_usage("--%s: cannot read '%s': %s", o->name, v,
					 strerror(errno));
		return 0;
	}
	return msg_usage("internal: --%s has no value type", o->name);
}

static int add_subscriptions(struct config *cfg, const char *list)
{
	struct strvec items = STRVEC_INIT;
	size_t i;
	int rc = 0;

	strvec_split(&items, list, ',');
	if (!items.n)
		rc = msg_usage("--subscription: empty subscription id");
	for (i = 0; i < items.n && !rc; i++) {
		char *p;

		if (!resid_is_guid(items.v[i], strlen(items.v[i]))) {
			rc = msg_usage("'%s' is not a subscription id (expected a GUID "
				       "like 00000000-0000-0000-0000-000000000000)",
				       items.v[i]);
			break;
		}
		for (p = items.v[i]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strvec_find_ci(&cfg->subscriptions, items.v[i]) < 0)
			strvec_push(&cfg->subscriptions, items.v[i]);
	}
	strvec_clear(&items);
	return rc;
}

/* --checks, --controls: an empty list would select every one of them. */
static int add_selection(struct strvec *v, const struct option_def *o, const char *list)
{
	size_t n = v->n;

	strvec_split(v, list, ',');
	if (v->n == n)
		return msg_usage("--%s: no %s id given ('irscan list-checks' shows them)",
				 o->name, o->noun);
	return 0;
}

/* --criticality-tags replaces the default list; --required-plans adds to none. */
static int set_list(struct strvec *v, int replace, const struct option_def *o,
		    const char *list)
{
	if (replace)
		strvec_clear(v);
	strvec_split(v, list, ',');
	if (!v->n)
		return msg_usage("--%s: no %s given", o->name, o->noun);
	return 0;
}

/* A report of format fmt to path (NULL, "" or "-": standard output). */
static int add_output_to(struct config *cfg, const struct report_format *fmt,
			 const char *path)
{
	size_t i;

	if (path && (!*path || !strcmp(path, "-")))
		path = NULL;
	for (i = 0; i < cfg->outputs_n; i++) {
		const char *other = cfg->outputs[i].path;

		if ((!path && !other) || (path && other && !strcmp(path, other)))
			return msg_usage("--output: two reports cannot both go to %s",
					 path ? path : "standard output");
	}
	cfg->outputs = xrealloc(cfg->outputs,
				xsize_mul(cfg->outputs_n + 1, sizeof(*cfg->outputs)));
	cfg->outputs[cfg->outputs_n++] = (struct output){
		.format = fmt, .path = xstrdup_or_null(path),
	};
	return 0;
}

/* -o FORMAT[:PATH]: FORMAT one of the table (the remediation script has its own option). */
static int add_output(struct config *cfg, const struct option_def *o, const char *spec)
{
	const char *colon = strchr(spec, ':');
	char *name = xstrndup(spec, colon ? (size_t)(colon - spec) : strlen(spec));
	size_t i;
	int rc = find_choice(o, name, &i);

	free(name);
	if (rc)
		return -1;
	return add_output_to(cfg, report_format_at(i), colon ? colon + 1 : NULL);
}

static int set_string(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
	return 0;
}

/* What parsing collects before it can be resolved into the config. */
struct parse_state {
	char *arm;		/* --arm-endpoint as given */
	char *authority;	/* --authority-host as given */
	int no_color;
	int command_seen;
	int want_dir;		/* verify: its DIR comes next */
	int want_shell;		/* completion: its SHELL comes next */
	const char *collection_opt;	/* one that changes what is read */
};

/*
 * A CA bundle libcurl cannot load would first fail at sign-in, looking
 * like an unreachable token endpoint: check it now (usage error).
 */
static int ca_bundle_unusable(const char *what, const char *path)
{
	struct buf err = BUF_INIT;
	int rc = 0;

	if (access(path, R_OK))
		return msg_usage("%s: cannot read '%s': %s", what, path, strerror(errno));
	if (cafile_check(path, &err))
		rc = msg_usage("%s: %s", what, err.buf);
	buf_release(&err);
	return rc;
}

/*
 * Severities above every check's are refused, not accepted: no check is
 * critical today (SPEC §2), and `--fail-on critical` would be a CI gate
 * that can never close.  The JSON and SARIF severity scales keep
 * "critical" for checks that may one day have it; then it is accepted.
 */
static int parse_fail_on(struct config *cfg, const struct option_def *o, const char *v)
{
	enum severity top = check_max_severity();
	struct buf names = BUF_INIT;

	if (severity_parse(v, &cfg->fail_on)) {
		join_choices(&names, o->choices, 1);
		msg_usage("--fail-on: '%s' is not %s", v, names.buf);
		buf_release(&names);
		return -1;
	}
	if (cfg->fail_on != SEV_NEVER && cfg->fail_on > top)
		return msg_usage("--fail-on: no check has severity %s (the highest is %s), "
				 "so no finding could ever fail the scan; use %s, or never "
				 "to leave failures out of the exit code",
				 severity_name(cfg->fail_on), severity_name(top),
				 severity_name(top));
	return 0;
}

/* Azure's rule for a management group id: up to 90 of these characters. */
static int set_management_group(struct config *cfg, const char *v)
{
	if (!*v || strlen(v) > 90 ||
	    v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		     "0123456789-_().")])
		return msg_usage("--management-group: '%s' is not a management "
				 "group id", v);
	return set_string(&cfg->management_group, v);
}

/* An id as the portal copies it may lack the leading slash (resid.h). */
static int add_sentinel_workspace(struct config *cfg, struct parse_state *ps, const char *v)
{
	char *id = resid_dup(v);

	if (!arm_id_is(id, "Microsoft.OperationalInsights/workspaces")) {
		free(id);
		return msg_usage("--sentinel-workspace: '%s' is not a Log Analytics "
				 "workspace resource id (/subscriptions/<id>/resourceGroups/"
				 "<rg>/providers/Microsoft.OperationalInsights/workspaces/"
				 "<name>)", v);
	}
	if (strvec_find_ci(&cfg->sentinel_workspaces, id) < 0)
		strvec_push_owned(&cfg->sentinel_workspaces, id);
	else
		free(id);
	ps->collection_opt = "--sentinel-workspace";
	return 0;
}

/* Numbers, already in range and in the config's units (check_value()). */
static void store_number(struct config *cfg, enum opt_id id, long n)
{
	switch (id) {
	case O_ALERT_AGE: cfg->alert_max_age_days = n; break;
	case O_ATTEST_AGE: cfg->attestation_max_age_days = n; break;
	case O_MIN_RETENTION: cfg->min_retention_days = n; break;
	case O_CONCURRENCY: cfg->concurrency = n; break;
	case O_TIMEOUT: cfg->timeout_ms = n; break;
	case O_DEADLINE: cfg->deadline_ms = n; break;
	case O_MAX_RETRIES: cfg->max_retries = (unsigned)n; break;
	case O_MAX_PAGES: cfg->max_pages = (unsigned)n; break;
	case O_MAX_REQUESTS: cfg->max_requests = (unsigned long)n; break;
	case O_MAX_RESPONSE: cfg->max_body_bytes = (size_t)n; break;
	case O_MAX_RATE: cfg->max_rate = (double)n; break;
	default: break;
	}
}

/* Where each option puts its checked value (numbers: store_number()). */
static int store(struct config *cfg, struct parse_state *ps,
		 const struct option_def *o, const struct value *val)
{
	const char *v = val->s;

	switch (o->id) {
	case O_ALL: cfg->all_subscriptions = 1; return 0;
	case O_QUIET: cfg->quiet = 1; return 0;
	case O_VERBOSE: cfg->verbose = 1; return 0;
	case O_SKIP_SIG: cfg->skip_signature = 1; return 0;
	case O_NO_COLOR: ps->no_color = 1; return 0;
	case O_HELP: cfg->command = CMD_HELP; return 0;
	case O_VERSION:
		if (cfg->command != CMD_HELP)
			cfg->command = CMD_VERSION;
		return 0;
	case O_RESOURCE_GRAPH:
		cfg->resource_graph = 1;
		ps->collection_opt = "--resource-graph";
		return 0;
	case O_ATTACK_RISK: cfg->attack_path_risk = level_parse(v); return 0;
	case O_AUTH: cfg->auth = (enum auth_method)val->choice; return 0;
	case O_CLOUD: cfg->cloud = cloud_at(val->choice); return 0;
	case O_FRAMEWORK: cfg->framework = (enum framework)val->choice; return 0;
	case O_FAIL_ON: return parse_fail_on(cfg, o, v);
	case O_ARM: return set_string(&ps->arm, v);
	case O_AUTHORITY: return set_string(&ps->authority, v);
	case O_CA:
		return ca_bundle_unusable("--ca-bundle", v) ? -1 : set_string(&cfg->ca_bundle, v);
	case O_ATTESTATIONS: return set_string(&cfg->attestations_file, v);
	case O_WAIVERS: return set_string(&cfg->waivers_file, v);
	case O_EVIDENCE_DIR: return set_string(&cfg->evidence_dir, v);
	case O_OFFLINE: return set_string(&cfg->offline_dir, v);
	case O_SIGN_KEY: return set_string(&cfg->sign_key, v);
	case O_VERIFY_KEY: return set_string(&cfg->verify_key, v);
	case O_MGMT_GROUP: return set_management_group(cfg, v);
	case O_SUB: return add_subscriptions(cfg, v);
	case O_SENTINEL_WS: return add_sentinel_workspace(cfg, ps, v);
	case O_OUTPUT: return add_output(cfg, o, v);
	case O_REMEDIATION: return add_output_to(cfg, &report_format_remediation, v);
	case O_CHECKS: return add_selection(&cfg->checks, o, v);
	case O_CONTROLS: return add_selection(&cfg->controls, o, v);
	case O_CRITICALITY:
		return set_list(&cfg->criticality_tags, 1, o, v);
	case O_REQUIRED_PLANS:
		return set_list(&cfg->required_plans, 0, o, v);
	default:
		break;
	}
	return msg_usage("internal: unhandled option --%s", o->name);
}

/* Apply one option; `arg` is its value (NULL for ARG_NONE). */
static int apply(struct config *cfg, struct parse_state *ps,
		 const struct option_def *o, const char *arg)
{
	struct value val;

	if (check_value(o, arg ? arg : "", &val))
		return -1;
	cfg->given |= o->given;
	if (o->type == ARG_NUMBER || o->type == ARG_DURATION) {
		store_number(cfg, o->id, val.n);
		return 0;
	}
	return store(cfg, ps, o, &val);
}

/* A long option at argv[*i]: "--name", "--name=value" or "--name value". */
static int parse_long(struct config *cfg, struct parse_state *ps, int argc,
		      char **argv, int *i)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	char name[64];
	const struct option_def *o;

	if (len >= sizeof(name))
		return msg_usage("unknown option '--%.*s'", 40, arg);
	memcpy(name, arg, len);
	name[len] = '\0';
	o = find_long(name);
	if (!o)
		return msg_usage("unknown option '--%s'", name);
	if (o->type == ARG_NONE) {
		if (eq)
			return msg_usage("option '--%s' takes no value", name);
		return apply(cfg, ps, o, NULL);
	}
	if (eq)
		return apply(cfg, ps, o, eq + 1);
	if (*i + 1 >= argc)
		return msg_usage("option '--%s' needs a value (%s)", name, o->arg);
	return apply(cfg, ps, o, argv[++*i]);
}

/* Short options: "-v", "-vq", "-s ID", "-sID". */
static int parse_short(struct config *cfg, struct parse_state *ps, int argc,
		       char **argv, int *i)
{
	const char *p = argv[*i] + 1;

	for (; *p; p++) {
		const struct option_def *o = find_short(*p);

		if (!o)
			return msg_usage("unknown option '-%c'", *p);
		if (o->type == ARG_NONE) {
			if (apply(cfg, ps, o, NULL))
				return -1;
			continue;
		}
		if (p[1])
			return apply(cfg, ps, o, p + 1);
		if (*i + 1 >= argc)
			return msg_usage("option '-%c' needs a value (%s)", *p, o->arg);
		return apply(cfg, ps, o, argv[++*i]);
	}
	return 0;
}

/* The commands; the first is the default.  Completion lists them too. */
static const struct {
	const char *name;
	enum command command;
} commands[] = {
	{ "scan", CMD_SCAN },
	{ "verify", CMD_VERIFY },
	{ "list-checks", CMD_LIST_CHECKS },
	{ "completion", CMD_COMPLETION },
};

static int parse_command(struct config *cfg, struct parse_state *ps,
			 const char *word, int after_dashes)
{
	size_t i;

	if (ps->want_dir) {
		ps->want_dir = 0;
		return set_string(&cfg->verify_dir, word);
	}
	if (ps->want_shell) {
		ps->want_shell = 0;
		return set_string(&cfg->completion_shell, word);
	}
	if (ps->command_seen)
		return msg_usage("unexpected argument '%s'", word);
	ps->command_seen = 1;
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(word, commands[i].name))
			continue;
		/* --help and --version win over the command, wherever given. */
		if (cfg->command == CMD_SCAN)
			cfg->command = commands[i].command;
		ps->want_dir = commands[i].command == CMD_VERIFY;
		ps->want_shell = commands[i].command == CMD_COMPLETION;
		return 0;
	}
	/* After `--` a word is an operand, which the scan takes none of. */
	if (after_dashes)
		return msg_usage("unexpected argument '%s' (irscan [scan] takes no "
				 "operands; commands: scan, verify, list-checks, "
				 "completion)", word);
	return msg_usage("unknown command '%s' (scan, verify, list-checks, "
			 "completion)", word);
}

const char *cli_command_name(size_t i)
{
	return i < ARRAY_SIZE(commands) ? commands[i].name : NULL;
}

static int resolve_endpoints(struct config *cfg, struct parse_state *ps)
{
	const char *env_arm = getenv("IRSCAN_ARM_ENDPOINT");
	const char *env_auth = getenv("AZURE_AUTHORITY_HOST");
	const char *env_ca = getenv("IRSCAN_CA_BUNDLE");
	struct buf err = BUF_INIT;

	/* Options win over the environment, which wins over the cloud's. */
	cfg->arm_endpoint = url_endpoint(ps->arm ? ps->arm :
					 env_arm && *env_arm ? env_arm :
					 cfg->cloud->arm_endpoint, 0, &err);
	if (!cfg->arm_endpoint) {
		msg_usage("%s: %s", ps->arm ? "--arm-endpoint" :
			  "IRSCAN_ARM_ENDPOINT", err.buf);
		buf_release(&err);
		return -1;
	}
	/* Extra CA certificates: --ca-bundle, else IRSCAN_CA_BUNDLE. */
	if (!cfg->ca_bundle && env_ca && *env_ca) {
		if (ca_bundle_unusable("IRSCAN_CA_BUNDLE", env_ca)) {
			buf_release(&err);
			return -1;
		}
		cfg->ca_bundle = xstrdup(env_ca);
	}
	cfg->authority_host = url_endpoint(ps->authority ? ps->authority :
					   env_auth && *env_auth ? env_auth :
					   cfg->cloud->authority_host, 1, &err);
	if (!cfg->authority_host) {
		msg_usage("%s: %s", ps->authority ? "--authority-host" :
			  "AZURE_AUTHORITY_HOST", err.buf);
		buf_release(&err);
		return -1;
	}
	return 0;
}

static int finish(struct config *cfg, struct parse_state *ps)
{
	const char *env_sub = getenv("AZURE_SUBSCRIPTION_ID");
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	/* Colour only for a person at a terminal that can show it. */
	cfg->color = !ps->no_color && !(no_color && *no_color) &&
		     !(term && !strcmp(term, "dumb")) && isatty(STDERR_FILENO);
	if (cfg->command == CMD_HELP || cfg->command == CMD_VERSION)
		return 0;
	if (cfg->verify_key && cfg->skip_signature)
		return msg_usage("--verify-key and --skip-signature exclude each other");
	/* Which one wins would be a guess: quiet would drop what -v asked for. */
	if (cfg->quiet && cfg->verbose)
		return msg_usage("-q and -v exclude each other (-q: errors only, "
				 "-v: one line per request)");
	if (cfg->command == CMD_VERIFY) {
		if (!cfg->verify_dir)
			return msg_usage("verify: give the evidence directory "
					 "(irscan verify DIR)");
		return 0;
	}
	/* Which shells there are is completion.c's to say (main.c asks it). */
	if (cfg->command == CMD_COMPLETION)
		return 0;
	if (cfg->verify_dir)
		return msg_usage("unexpected argument '%s'", cfg->verify_dir);
	if ((cfg->verify_key || cfg->skip_signature) && !cfg->offline_dir)
		return msg_usage("--%s checks an evidence bundle: give it to 'irscan "
				 "verify DIR' or with --offline DIR",
				 cfg->verify_key ? "verify-key" : "skip-signature");
	/* Offline, the framework may come from the bundle: checked then. */
	if ((!cfg->offline_dir || GIVEN(cfg, GIVEN_FRAMEWORK)) && check_selection_valid(cfg) < 0)
		return -1;
	if (cfg->command == CMD_LIST_CHECKS)
		return 0;
	if (cfg->sign_key && !cfg->evidence_dir)
		return msg_usage("--sign-key signs an evidence bundle: give --evidence-dir too");
	if (resolve_endpoints(cfg, ps))
		return -1;
	if (cfg->offline_dir) {
		if (cfg->evidence_dir)
			return msg_usage("--offline and --evidence-dir exclude each other "
					 "(the bundle already is the evidence)");
		if (cfg->all_subscriptions || cfg->subscriptions.n || cfg->management_group)
			return msg_usage("--offline: the subscriptions come from the bundle; "
					 "drop --subscription, --all-subscriptions and "
					 "--management-group");
		if (ps->collection_opt)
			return msg_usage("--offline: what was read comes from the bundle; "
					 "drop %s", ps->collection_opt);
		return 0;
	}
	if (!!cfg->all_subscriptions + !!cfg->subscriptions.n + !!cfg->management_group > 1)
		return msg_usage("--all-subscriptions, --management-group and "
				 "--subscription exclude each other");
	if (!cfg->all_subscriptions && !cfg->subscriptions.n && !cfg->management_group) {
		if (!env_sub || !*env_sub)
			return msg_usage("nothing to scan: give --subscription ID, "
					 "--all-subscriptions, --management-group ID "
					 "or set AZURE_SUBSCRIPTION_ID");
		if (add_subscriptions(cfg, env_sub))
			return -1;
	}
	return 0;
}

int cli_parse(int argc, char **argv, struct config *cfg)
{
	struct parse_state ps;
	int i, rc = 0, options_done = 0;

	memset(&ps, 0, sizeof(ps));
	for (i = 1; i < argc && !rc; i++) {
		const char *a = argv[i];

		if (!options_done && !strcmp(a, "--"))
			options_done = 1;
		else if (!options_done && a[0] == '-' && a[1] == '-')
			rc = parse_long(cfg, &ps, argc, argv, &i);
		else if (!options_done && a[0] == '-' && a[1])
			rc = parse_short(cfg, &ps, argc, argv, &i);
		else
			rc = parse_command(cfg, &ps, a, options_done);
	}
	if (!rc)
		rc = finish(cfg, &ps);
	free(ps.arm);
	free(ps.authority);
	return rc;
}
