/*
 * cli_table.c - the option table and the commands: what --help prints,
 * what the parser (cli.c) looks options up in and the shell completion
 * (completion.c) lists.  Data, and the lookups over it; nothing here
 * parses a value or calls the parser or the completion, both of which
 * sit above it.
 *
 * Options are declared as data (curl's aliases[], tmux's options-table):
 * one row per option with what its value must be (a number in a range,
 * one of a list, a readable file...), so every value is checked in one
 * place.  The table MUST stay sorted by long name: lookup uses bsearch().
 */
#include "cli_table.h"
#include "checks/check.h"
#include "model/shard.h"
#include "reports/report.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

/* The choice lists: the parser's tables, in the order --help names them. */

/* Critical down to Low: enum level runs from broad to narrow. */
static const char *level_at(size_t i)
{
	return i <= (size_t)(LEVEL_CRITICAL - LEVEL_LOW) ?
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
	{ .name = "allow-partial", .id = O_ALLOW_PARTIAL,
	  .help = "merge: merge the shards of a scan with some missing (reports: "
		  "every report names them, exit 3 at least; --evidence: the bundle says "
		  "so, --offline then exits 3)" },
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
	{ .name = "baseline", .id = O_BASELINE, .type = ARG_NONEMPTY, .arg = "FILE|DIR",
	  .noun = "file or directory name",
	  .help = "mark each finding new, unchanged or updated since an earlier JSON "
		  "report or evidence bundle (re-evaluated offline), and list what is absent" },
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
	  .help = "requests in flight at most (default 64; starts at 16, adapts)" },
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
	{ .name = "evidence", .id = O_EVIDENCE,
	  .help = "merge: merge evidence bundles (DIR...) into --evidence-dir OUT" },
	{ .name = "evidence-dir", .id = O_EVIDENCE_DIR, .type = ARG_NONEMPTY, .arg = "DIR",
	  .noun = "directory name",
	  .help = "save every response and a manifest there (an evidence bundle)" },
	{ .name = "fail-on", .id = O_FAIL_ON, .type = ARG_STRING, .arg = "SEVERITY",
	  .choices = fail_on_at, .given = GIVEN_BIT(GIVEN_FAIL_ON),
	  .help = "exit 1 on a failing finding of this severity or above: low "
		  "(default), medium, high, never" },
	{ .name = "fail-on-new", .id = O_FAIL_ON_NEW,
	  .help = "with --baseline: exit 1 only for failing findings (at or above "
		  "--fail-on) that are new or worse since the baseline" },
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
	{ .name = "shard", .id = O_SHARD, .type = ARG_STRING, .arg = "K/N",
	  .help = "scan only shard K of N of the scope (1 <= K <= N <= 1000): the "
		  "subscriptions whose id hashes to K; N processes cover the scope once" },
	{ .name = "shards", .id = O_SHARDS, .type = ARG_NUMBER, .arg = "N",
	  .min = 1, .max = SHARD_MAX,
	  .help = "--shard K/N with K = JOB_COMPLETION_INDEX + 1 (a Kubernetes Indexed "
		  "Job's pod index, from 0)" },
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
	  .help = "verify, --offline, merge: check the manifest's signature with this PEM "
		  "public key; repeatable: each signature must be valid by one of them" },
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

const struct option_def *cli_find_long(const char *name)
{
	return bsearch(name, options, ARRAY_SIZE(options), sizeof(options[0]),
		       opt_cmp);
}

const struct option_def *cli_find_short(char c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

void cli_join_choices(struct buf *b, cli_choice_fn at, int or)
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
	cli_join_choices(b, o->choices, 1);
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
		"       irscan diff OLD NEW [-o json:FILE] [-o html:FILE]   (what changed\n"
		"              between two JSON reports or two evidence bundles)\n"
		"       irscan merge IN.json... [-o FORMAT[:PATH]]... [--fail-on SEVERITY]\n"
		"              [--allow-partial]   (one report from the shards of a scan\n"
		"              or the scans of several tenants)\n"
		"       irscan merge --evidence --evidence-dir OUT DIR... [--sign-key FILE]\n"
		"              (evidence bundles of shards or tenants into one bundle)\n"
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
		"scan could not run.\nirscan diff: 0 nothing got worse; 1 a finding "
		"got worse (newly failing, or a\nstatus that ranks worse); 2 usage or "
		"input error (an unreadable scan, two\nframeworks).\nirscan merge: as a scan, for the findings of all its inputs together; 2 when\nthe inputs cannot be merged.\n");
}

/* The commands; the first is the default.  Completion lists them too. */
static const struct {
	const char *name;
	enum command command;
} commands[] = {
	{ "scan", CMD_SCAN },
	{ "verify", CMD_VERIFY },
	{ "list-checks", CMD_LIST_CHECKS },
	{ "diff", CMD_DIFF },
	{ "merge", CMD_MERGE },	/* reports: merge_cmd.c; --evidence: bundles */
	{ "completion", CMD_COMPLETION },
};

const char *cli_command_name(size_t i)
{
	return i < ARRAY_SIZE(commands) ? commands[i].name : NULL;
}

int cli_find_command(const char *word, enum command *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(word, commands[i].name)) {
			*out = commands[i].command;
			return 0;
		}
	return -1;
}
