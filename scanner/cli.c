/*
 * cli.c - option table and parser.
 *
 * Options are declared as data (curl's aliases[]): one row per option
 * with its type, so numbers, lists and URLs are checked in one place.
 * The table MUST stay sorted by long name: lookup uses bsearch().
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

enum arg_type { ARG_NONE, ARG_STRING, ARG_NUMBER };

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

/* A value from a fixed list: the i-th accepted name, NULL past the last. */
typedef const char *(*choice_fn)(size_t i);

struct option_def {
	const char *name;
	char short_name;
	enum arg_type type;
	enum opt_id id;
	const char *arg;
	const char *help;	/* "{}": the choices, "a, b or c" */
	choice_fn choices;
};

static const char *format_at(size_t i)
{
	const struct report_format *f = report_format_at(i);

	return f ? f->name : NULL;
}

/* Sorted by name (bsearch). */
static const struct option_def options[] = {
	{ .name = "alert-max-age", .id = O_ALERT_AGE, .type = ARG_NUMBER, .arg = "DAYS",
	  .help = "an Active High alert older than this is untriaged (default 7)" },
	{ .name = "all-subscriptions", .short_name = 'A', .id = O_ALL,
	  .help = "scan every subscription the identity can see (Disabled and Deleted "
		  "ones are listed, not scanned)" },
	{ .name = "arm-endpoint", .id = O_ARM, .type = ARG_STRING, .arg = "URL",
	  .help = "Resource Manager endpoint (overrides IRSCAN_ARM_ENDPOINT and the cloud's)" },
	{ .name = "attack-path-risk", .id = O_ATTACK_RISK, .type = ARG_STRING, .arg = "LEVEL",
	  .help = "lowest attack path risk that must be e-mailed: Critical, High "
		  "(default), Medium, Low" },
	{ .name = "attestation-max-age", .id = O_ATTEST_AGE, .type = ARG_NUMBER, .arg = "DAYS",
	  .help = "an attestation reviewed longer ago fails (default 365)" },
	{ .name = "attestations", .id = O_ATTESTATIONS, .type = ARG_STRING, .arg = "FILE",
	  .help = "attestations of the manual controls (JSON, see SPEC §7)" },
	{ .name = "auth", .id = O_AUTH, .type = ARG_STRING, .arg = "METHOD",
	  .help = "credential: auto (default: environment, managed identity, Azure CLI), "
		  "secret, certificate, federated, managed-identity, cli" },
	{ .name = "authority-host", .id = O_AUTHORITY, .type = ARG_STRING, .arg = "URL",
	  .help = "Entra ID authority (overrides AZURE_AUTHORITY_HOST and the cloud's)" },
	{ .name = "ca-bundle", .id = O_CA, .type = ARG_STRING, .arg = "FILE",
	  .help = "extra CA certificates (PEM) to trust, added to the system store "
		  "(overrides IRSCAN_CA_BUNDLE)" },
	{ .name = "checks", .id = O_CHECKS, .type = ARG_STRING, .arg = "LIST",
	  .help = "run only these checks (comma-separated ids)" },
	{ .name = "cloud", .id = O_CLOUD, .type = ARG_STRING, .arg = "NAME",
	  .help = "AzureCloud (default), AzureUSGovernment or AzureChinaCloud" },
	{ .name = "concurrency", .id = O_CONCURRENCY, .type = ARG_NUMBER, .arg = "N",
	  .help = "requests in flight at most (default 16)" },
	{ .name = "controls", .id = O_CONTROLS, .type = ARG_STRING, .arg = "LIST",
	  .help = "run only the checks of these controls (ids of the framework)" },
	{ .name = "criticality-tags", .id = O_CRITICALITY, .type = ARG_STRING, .arg = "LIST",
	  .help = "subscription tags that prioritise alerts (default "
		  "criticality,environment,env)" },
	{ .name = "deadline", .id = O_DEADLINE, .type = ARG_STRING, .arg = "DURATION",
	  .help = "end the whole scan after this long (e.g. 90s, 15m, 1h; a number is "
		  "seconds; 0: none; default 15m): what is unread then is an error" },
	{ .name = "evidence-dir", .id = O_EVIDENCE_DIR, .type = ARG_STRING, .arg = "DIR",
	  .help = "save every response and a manifest there (an evidence bundle)" },
	{ .name = "fail-on", .id = O_FAIL_ON, .type = ARG_STRING, .arg = "SEVERITY",
	  .help = "exit 1 on a failing finding of this severity or above: low "
		  "(default), medium, high, never" },
	{ .name = "framework", .id = O_FRAMEWORK, .type = ARG_STRING, .arg = "NAME",
	  .help = "control numbering: asb-ir-2019 (default), asb-v1, mcsb-v1, "
		  "cis-azure-2.1.0, cis-azure-3.0.0, cis-azure-4.0.0" },
	{ .name = "help", .short_name = 'h', .id = O_HELP,
	  .help = "show this help" },
	{ .name = "management-group", .short_name = 'm', .id = O_MGMT_GROUP, .type = ARG_STRING, .arg = "ID",
	  .help = "scan every subscription below this management group, nested groups "
		  "included (Disabled and Deleted ones are listed, not scanned)" },
	{ .name = "max-pages", .id = O_MAX_PAGES, .type = ARG_NUMBER, .arg = "N",
	  .help = "pages of one list followed at most (default 1000)" },
	{ .name = "max-rate", .id = O_MAX_RATE, .type = ARG_NUMBER, .arg = "N",
	  .help = "start at most N requests per second (shared service principals)" },
	{ .name = "max-requests", .id = O_MAX_REQUESTS, .type = ARG_NUMBER, .arg = "N",
	  .help = "requests per scan at most, retries included (default 250000)" },
	{ .name = "max-response-mb", .id = O_MAX_RESPONSE, .type = ARG_NUMBER, .arg = "MB",
	  .help = "largest response body accepted (default 32)" },
	{ .name = "max-retries", .id = O_MAX_RETRIES, .type = ARG_NUMBER, .arg = "N",
	  .help = "retries of a throttled or failed request (default 5)" },
	{ .name = "min-retention-days", .id = O_MIN_RETENTION, .type = ARG_NUMBER, .arg = "DAYS",
	  .help = "a workspace receiving alerts must keep them this long (alert-retention; "
		  "default 90)" },
	{ .name = "no-color", .id = O_NO_COLOR,
	  .help = "no colour on the console (also NO_COLOR)" },
	{ .name = "offline", .id = O_OFFLINE, .type = ARG_STRING, .arg = "DIR",
	  .help = "evaluate an evidence bundle, without network access" },
	{ .name = "output", .short_name = 'o', .id = O_OUTPUT, .type = ARG_STRING, .arg = "FORMAT[:PATH]", .choices = format_at,
	  .help = "write a report; FORMAT {}; PATH '-' or absent = stdout; repeatable" },
	{ .name = "quiet", .short_name = 'q', .id = O_QUIET,
	  .help = "no console summary; errors only" },
	{ .name = "remediation-script", .id = O_REMEDIATION, .type = ARG_STRING, .arg = "FILE",
	  .help = "write az commands that would fix the failing findings (a bash script "
		  "to review; irscan never runs it)" },
	{ .name = "required-plans", .id = O_REQUIRED_PLANS, .type = ARG_STRING, .arg = "LIST",
	  .help = "Defender plans that must be on (default: every current plan)" },
	{ .name = "resource-graph", .id = O_RESOURCE_GRAPH,
	  .help = "read automations, plans and alerts of many subscriptions per Azure "
		  "Resource Graph query (falls back to direct reads)" },
	{ .name = "sentinel-workspace", .id = O_SENTINEL_WS, .type = ARG_STRING, .arg = "ID",
	  .help = "also search this Log Analytics workspace for Sentinel's Defender "
		  "connector; repeatable" },
	{ .name = "sign-key", .id = O_SIGN_KEY, .type = ARG_STRING, .arg = "FILE",
	  .help = "sign the evidence manifest with this PEM private key (Ed25519 or RSA)" },
	{ .name = "skip-signature", .id = O_SKIP_SIG,
	  .help = "verify, --offline: rely on the SHA-256 hashes alone; a signed bundle "
		  "otherwise needs --verify-key" },
	{ .name = "subscription", .short_name = 's', .id = O_SUB, .type = ARG_STRING, .arg = "ID",
	  .help = "subscription to scan; repeatable, comma lists allowed "
		  "(default: AZURE_SUBSCRIPTION_ID)" },
	{ .name = "timeout", .id = O_TIMEOUT, .type = ARG_NUMBER, .arg = "SECONDS",
	  .help = "per request (default 30)" },
	{ .name = "verbose", .short_name = 'v', .id = O_VERBOSE,
	  .help = "one line per request: method, URL, status, time" },
	{ .name = "verify-key", .id = O_VERIFY_KEY, .type = ARG_STRING, .arg = "FILE",
	  .help = "verify, --offline: check the manifest's signature with this PEM public "
		  "key" },
	{ .name = "version", .id = O_VERSION,
	  .help = "print the version" },
	{ .name = "waivers", .id = O_WAIVERS, .type = ARG_STRING, .arg = "FILE",
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
	out->name = options[i].name;
	out->short_name = options[i].short_name;
	out->arg = options[i].arg;
	out->help = options[i].help;
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
static void join_choices(struct buf *b, choice_fn at, int or)
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
static int add_selection(struct strvec *v, const char *opt, const char *what,
			 const char *list)
{
	size_t n = v->n;

	strvec_split(v, list, ',');
	if (v->n == n)
		return msg_usage("--%s: no %s id given ('irscan list-checks' shows them)",
				 opt, what);
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

/* -o FORMAT[:PATH]: a format of the table (the remediation script has its own option). */
static int add_output(struct config *cfg, const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t flen = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct report_format *fmt = report_format_find(spec, flen);
	struct buf names = BUF_INIT;

	if (fmt)
		return add_output_to(cfg, fmt, colon ? colon + 1 : NULL);
	join_choices(&names, format_at, 0);
	msg_usage("--output: unknown format '%.*s' (%s)", (int)flen, spec, names.buf);
	buf_release(&names);
	return -1;
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

/* Which options change verdicts (enum given), for --offline; -1: none. */
static int given_of(enum opt_id id)
{
	switch (id) {
	case O_FRAMEWORK: return GIVEN_FRAMEWORK;
	case O_CHECKS: return GIVEN_CHECKS;
	case O_CONTROLS: return GIVEN_CONTROLS;
	case O_ALERT_AGE: return GIVEN_ALERT_AGE;
	case O_MIN_RETENTION: return GIVEN_MIN_RETENTION;
	case O_ATTEST_AGE: return GIVEN_ATTEST_AGE;
	case O_ATTACK_RISK: return GIVEN_ATTACK_RISK;
	case O_CRITICALITY: return GIVEN_CRITICALITY;
	case O_REQUIRED_PLANS: return GIVEN_PLANS;
	case O_FAIL_ON: return GIVEN_FAIL_ON;
	case O_WAIVERS: return GIVEN_WAIVERS;
	case O_ATTESTATIONS: return GIVEN_ATTESTATIONS;
	default: return -1;
	}
}

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
static int parse_fail_on(struct config *cfg, const char *v)
{
	enum severity top = check_max_severity();

	if (severity_parse(v, &cfg->fail_on))
		return msg_usage("--fail-on: '%s' is not low, medium, high or never", v);
	if (cfg->fail_on != SEV_NEVER && cfg->fail_on > top)
		return msg_usage("--fail-on: no check has severity %s (the highest is %s), "
				 "so no finding could ever fail the scan; use %s, or never "
				 "to leave failures out of the exit code",
				 severity_name(cfg->fail_on), severity_name(top),
				 severity_name(top));
	return 0;
}

/* A key file must be readable now, not after a whole scan. */
static int set_readable(char **slot, const char *opt, const char *v)
{
	if (access(v, R_OK))
		return msg_usage("--%s: cannot read '%s': %s", opt, v, strerror(errno));
	return set_string(slot, v);
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

/* Apply one option; `v` is its argument (NULL for ARG_NONE). */
static int apply(struct config *cfg, struct parse_state *ps,
		 const struct option_def *o, const char *arg)
{
	/* ARG_NONE options get no argument and do not read it. */
	const char *v = arg ? arg : "";
	int g = given_of(o->id);
	long n = 0;

	if (g >= 0)
		cfg->given |= 1u << g;
	switch (o->id) {
	case O_ALL: cfg->all_subscriptions = 1; return 0;
	case O_ARM: return set_string(&ps->arm, v);
	case O_AUTHORITY: return set_string(&ps->authority, v);
	case O_CA:
		if (ca_bundle_unusable("--ca-bundle", v))
			return -1;
		return set_string(&cfg->ca_bundle, v);
	case O_ATTACK_RISK:
		cfg->attack_path_risk = level_parse(v);
		if (cfg->attack_path_risk == LEVEL_OTHER)
			return msg_usage("--attack-path-risk: '%s' is not Critical, "
					 "High, Medium or Low", v);
		return 0;
	case O_AUTH:
		if (!strcasecmp(v, "auto"))
			cfg->auth = AUTH_AUTO;
		else if (!strcasecmp(v, "secret"))
			cfg->auth = AUTH_SECRET;
		else if (!strcasecmp(v, "certificate"))
			cfg->auth = AUTH_CERTIFICATE;
		else if (!strcasecmp(v, "federated"))
			cfg->auth = AUTH_FEDERATED;
		else if (!strcasecmp(v, "managed-identity"))
			cfg->auth = AUTH_MANAGED_IDENTITY;
		else if (!strcasecmp(v, "cli"))
			cfg->auth = AUTH_CLI;
		else
			return msg_usage("--auth: unknown method '%s' (auto, secret, "
					 "certificate, federated, managed-identity, cli)", v);
		return 0;
	case O_CHECKS: return add_selection(&cfg->checks, o->name, "check", v);
	case O_CONTROLS: return add_selection(&cfg->controls, o->name, "control", v);
	case O_CLOUD:
		cfg->cloud = cloud_find(v);
		if (!cfg->cloud)
			return msg_usage("--cloud: unknown cloud '%s' (AzureCloud, "
					 "AzureUSGovernment, AzureChinaCloud)", v);
		return 0;
	case O_CONCURRENCY:
		if (parse_number(o->name, v, 1, 256, &n))
			return -1;
		cfg->concurrency = n;
		return 0;
	case O_DEADLINE:
		return parse_duration(o->name, v, &cfg->deadline_ms);
	case O_TIMEOUT:
		if (parse_number(o->name, v, 1, 3600, &n))
			return -1;
		cfg->timeout_ms = n * 1000;
		return 0;
	case O_MAX_RETRIES:
		if (parse_number(o->name, v, 0, 20, &n))
			return -1;
		cfg->max_retries = (unsigned)n;
		return 0;
	case O_FAIL_ON:
		return parse_fail_on(cfg, v);
	case O_FRAMEWORK:
		if (framework_parse(v, &cfg->framework))
			return msg_usage("--framework: unknown framework '%s' "
					 "(asb-ir-2019, asb-v1, mcsb-v1, "
					 "cis-azure-2.1.0, cis-azure-3.0.0, cis-azure-4.0.0)", v);
		return 0;
	case O_HELP: cfg->command = CMD_HELP; return 0;
	case O_VERSION:
		if (cfg->command != CMD_HELP)
			cfg->command = CMD_VERSION;
		return 0;
	case O_NO_COLOR: ps->no_color = 1; return 0;
	case O_OUTPUT: return add_output(cfg, v);
	case O_REMEDIATION: return add_output_to(cfg, &report_format_remediation, v);
	case O_QUIET: cfg->quiet = 1; return 0;
	case O_VERBOSE: cfg->verbose = 1; return 0;
	case O_SUB: return add_subscriptions(cfg, v);
	case O_ALERT_AGE:
		return parse_number(o->name, v, 1, 3650, &cfg->alert_max_age_days);
	case O_MIN_RETENTION:
		/* Log Analytics keeps data up to 4383 days (totalRetentionInDays). */
		return parse_number(o->name, v, 1, 4383, &cfg->min_retention_days);
	case O_ATTEST_AGE:
		return parse_number(o->name, v, 1, 3650, &cfg->attestation_max_age_days);
	case O_ATTESTATIONS: return set_string(&cfg->attestations_file, v);
	case O_WAIVERS: return set_string(&cfg->waivers_file, v);
	case O_CRITICALITY:
		strvec_clear(&cfg->criticality_tags);
		strvec_split(&cfg->criticality_tags, v, ',');
		if (!cfg->criticality_tags.n)
			return msg_usage("--criticality-tags: no tag name given");
		return 0;
	case O_REQUIRED_PLANS:
		strvec_split(&cfg->required_plans, v, ',');
		if (!cfg->required_plans.n)
			return msg_usage("--required-plans: no plan name given");
		return 0;
	case O_MGMT_GROUP:
		if (!*v || strlen(v) > 90 ||
		    v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "0123456789-_().")])
			return msg_usage("--management-group: '%s' is not a management "
					 "group id", v);
		return set_string(&cfg->management_group, v);
	case O_MAX_RATE:
		if (parse_number(o->name, v, 1, 100000, &n))
			return -1;
		cfg->max_rate = (double)n;
		return 0;
	case O_MAX_PAGES:
		if (parse_number(o->name, v, 1, 100000, &n))
			return -1;
		cfg->max_pages = (unsigned)n;
		return 0;
	case O_MAX_REQUESTS:
		if (parse_number(o->name, v, 1, 100000000, &n))
			return -1;
		cfg->max_requests = (unsigned long)n;
		return 0;
	case O_MAX_RESPONSE:
		if (parse_number(o->name, v, 1, 1024, &n))
			return -1;
		cfg->max_body_bytes = (size_t)n * 1024 * 1024;
		return 0;
	case O_RESOURCE_GRAPH:
		cfg->resource_graph = 1;
		ps->collection_opt = "--resource-graph";
		return 0;
	case O_EVIDENCE_DIR:
		if (!*v)
			return msg_usage("--evidence-dir: empty directory name");
		return set_string(&cfg->evidence_dir, v);
	case O_OFFLINE:
		if (!*v)
			return msg_usage("--offline: empty directory name");
		return set_string(&cfg->offline_dir, v);
	case O_SIGN_KEY: return set_readable(&cfg->sign_key, o->name, v);
	case O_VERIFY_KEY: return set_readable(&cfg->verify_key, o->name, v);
	case O_SKIP_SIG: cfg->skip_signature = 1; return 0;
	case O_SENTINEL_WS:
		return add_sentinel_workspace(cfg, ps, v);
	}
	return msg_usage("internal: unhandled option --%s", o->name);
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
