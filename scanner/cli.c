/*
 * cli.c - the option parser: argv and the environment into a struct
 * config.  Each option's row (cli_table.c) says what its value must be;
 * check_value() holds the value to that, store() puts it in place, and
 * finish() checks what the options mean together.  No network and no
 * file writes happen here (curl's tool_getparam.c).
 */
#include "cli_table.h"
#include "checks/check.h"
#include "arm/arm.h"
#include "net/cafile.h"
#include "util/msg.h"
#include "model/resid.h"
#include "model/shard.h"
#include "net/url.h"
#include "reports/diff_report.h"
#include "reports/report.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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
	cli_join_choices(&names, o->choices, !o->noun);
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
	int want_inputs;	/* merge: every operand is an input */
	int want_scans;		/* diff: how many of OLD NEW are still to come */
	const char *not_for_diff;	/* an option irscan diff has no use for */
	const char *not_for_merge;	/* an option merge --evidence has no use for */
	const char *not_for_report_merge;	/* one merge of reports has no use for */
	const char *collection_opt;	/* one that changes what is read */
	unsigned shard_k, shard_n;	/* --shard K/N as given */
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
		cli_join_choices(&names, o->choices, 1);
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

/* A whole number of digits only ("+1", " 1", "1 " are not), from lo to hi. */
static int parse_count(const char *s, size_t len, unsigned lo, unsigned hi,
		       unsigned *out)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 4)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* --shard K/N: shard K (from 1) of N. */
static int set_shard(struct parse_state *ps, const char *v)
{
	const char *slash = strchr(v, '/');
	unsigned k, n;

	if (!slash || parse_count(slash + 1, strlen(slash + 1), 1, SHARD_MAX, &n) ||
	    parse_count(v, (size_t)(slash - v), 0, SHARD_MAX, &k))
		return msg_usage("--shard: '%s' is not K/N (shard K of N, whole numbers, "
				 "1 <= K <= N <= %d, e.g. 2/4)", v, SHARD_MAX);
	if (k < 1 || k > n)
		return msg_usage("--shard: '%s': there is no shard %u of %u (shards are "
				 "numbered from 1 to %u)", v, k, n, n);
	ps->shard_k = k;
	ps->shard_n = n;
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
	/* The index comes from the environment (finish_shard()). */
	case O_SHARDS: cfg->shard_count = (unsigned)n; cfg->shard_index = 0; break;
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
	case O_FAIL_ON_NEW: cfg->fail_on_new = 1; return 0;
	case O_EVIDENCE: cfg->merge_evidence = 1; return 0;
	case O_ALLOW_PARTIAL: cfg->allow_partial = 1; return 0;
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
	case O_BASELINE: return set_string(&cfg->baseline, v);
	case O_SIGN_KEY: return set_string(&cfg->sign_key, v);
	case O_VERIFY_KEY: strvec_push(&cfg->verify_keys, v); return 0;
	case O_MGMT_GROUP: return set_management_group(cfg, v);
	case O_SUB: return add_subscriptions(cfg, v);
	case O_SHARD: return set_shard(ps, v);
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

/*
 * What `irscan diff` reads: its reports, where they go, how much is said
 * and in colour, and the bundles' signatures.  A scan's options would
 * change nothing, or re-judge a bundle in a way the report it is compared
 * with was not: refused rather than ignored.
 */
static int for_diff(enum opt_id id)
{
	switch (id) {
	case O_OUTPUT: case O_QUIET: case O_VERBOSE: case O_NO_COLOR: case O_HELP:
	case O_VERSION: case O_VERIFY_KEY: case O_SKIP_SIG:
		return 1;
	default:
		return 0;
	}
}

/* What `irscan merge --evidence` reads: the bundles' keys, where it writes, how much it says. */
static int for_merge(enum opt_id id)
{
	switch (id) {
	case O_EVIDENCE: case O_EVIDENCE_DIR: case O_SIGN_KEY: case O_VERIFY_KEY:
	case O_ALLOW_PARTIAL: case O_QUIET: case O_VERBOSE: case O_NO_COLOR: case O_HELP:
	case O_VERSION:
		return 1;
	default:
		return 0;
	}
}

/*
 * What `irscan merge` of reports reads: diff's options, and --fail-on (the gate of
 * the merged exit code) and --allow-partial.  The scan's other options
 * are the parts' own: a merge does not re-judge them.
 */
static int for_report_merge(enum opt_id id)
{
	if (id == O_VERIFY_KEY || id == O_SKIP_SIG)
		return 0;
	return for_diff(id) || id == O_FAIL_ON || id == O_ALLOW_PARTIAL;
}

/* Apply one option; `arg` is its value (NULL for ARG_NONE). */
static int apply(struct config *cfg, struct parse_state *ps,
		 const struct option_def *o, const char *arg)
{
	struct value val;

	if (check_value(o, arg ? arg : "", &val))
		return -1;
	if (!ps->not_for_diff && !for_diff(o->id))
		ps->not_for_diff = o->name;
	if (!ps->not_for_merge && !for_merge(o->id))
		ps->not_for_merge = o->name;
	if (!ps->not_for_report_merge && !for_report_merge(o->id))
		ps->not_for_report_merge = o->name;
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
	o = cli_find_long(name);
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
		const struct option_def *o = cli_find_short(*p);

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

static int parse_command(struct config *cfg, struct parse_state *ps,
			 const char *word, int after_dashes)
{
	struct buf names = BUF_INIT;
	enum command cmd;

	if (ps->want_dir) {
		ps->want_dir = 0;
		return set_string(&cfg->verify_dir, word);
	}
	if (ps->want_shell) {
		ps->want_shell = 0;
		return set_string(&cfg->completion_shell, word);
	}
	if (ps->want_scans) {
		ps->want_scans--;
		return set_string(ps->want_scans ? &cfg->diff_old : &cfg->diff_new, word);
	}
	if (ps->want_inputs) {
		strvec_push(&cfg->merge_inputs, word);
		return 0;
	}
	if (ps->command_seen)
		return msg_usage("unexpected argument '%s'", word);
	ps->command_seen = 1;
	if (!cli_find_command(word, &cmd)) {
		/* --help and --version win over the command, wherever given. */
		if (cfg->command == CMD_SCAN)
			cfg->command = cmd;
		ps->want_dir = cmd == CMD_VERIFY;
		ps->want_shell = cmd == CMD_COMPLETION;
		ps->want_scans = cmd == CMD_DIFF ? 2 : 0;
		ps->want_inputs = cmd == CMD_MERGE;
		return 0;
	}
	cli_join_choices(&names, cli_command_name, 0);
	/* After `--` a word is an operand, which the scan takes none of. */
	if (after_dashes)
		msg_usage("unexpected argument '%s' (irscan [scan] takes no "
			  "operands; commands: %s)", word, names.buf);
	else
		msg_usage("unknown command '%s' (%s)", word, names.buf);
	buf_release(&names);
	return -1;
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

/* Offline, what was read and from where comes from the bundle. */
static int finish_offline(const struct config *cfg, const struct parse_state *ps)
{
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
	/* A sharded bundle holds its shard, and evaluates as that shard. */
	if (ps->shard_n || cfg->shard_count)
		return msg_usage("--offline: the bundle's shard, if any, comes from the "
				 "bundle; drop %s", ps->shard_n ? "--shard" : "--shards");
	return 0;
}

/* At most max bytes, none a control character or beyond ASCII. */
static int printable(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= max || s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * --shard K/N, or --shards N with the index of a Kubernetes Indexed Job's
 * pod: "the Job controller ... sets the JOB_COMPLETION_INDEX environment
 * variable" to 0 .. completions-1 (kubernetes.io/docs/concepts/workloads/
 * controllers/job/#completion-mode).  Refused before any request.
 */
static int finish_shard(struct config *cfg, const struct parse_state *ps)
{
	const char *env = getenv("JOB_COMPLETION_INDEX");
	unsigned index;

	if (ps->shard_n && cfg->shard_count)
		return msg_usage("--shard and --shards exclude each other (--shard K/N "
				 "names the shard, --shards N takes it from "
				 "JOB_COMPLETION_INDEX)");
	if (ps->shard_n) {
		cfg->shard_index = ps->shard_k;
		cfg->shard_count = ps->shard_n;
		return 0;
	}
	if (!cfg->shard_count)
		return 0;
	if (!env || !*env)
		return msg_usage("--shards %u: JOB_COMPLETION_INDEX is not set (a Kubernetes "
				 "Indexed Job sets it; elsewhere give --shard K/N)",
				 cfg->shard_count);
	/* Quoted only when it is short printable text: a terminal shows it. */
	if (parse_count(env, strlen(env), 0, cfg->shard_count - 1, &index))
		return msg_usage("--shards %u: JOB_COMPLETION_INDEX%s%.20s%s is not a whole "
				 "number from 0 to %u", cfg->shard_count,
				 printable(env, 20) ? " '" : "", printable(env, 20) ? env : "",
				 printable(env, 20) ? "'" : "", cfg->shard_count - 1);
	cfg->shard_index = index + 1;
	return 0;
}

/* Exactly one of -s, -A and -m; none given: AZURE_SUBSCRIPTION_ID. */
static int finish_scope(struct config *cfg)
{
	const char *env_sub = getenv("AZURE_SUBSCRIPTION_ID");

	if (!!cfg->all_subscriptions + !!cfg->subscriptions.n + !!cfg->management_group > 1)
		return msg_usage("--all-subscriptions, --management-group and "
				 "--subscription exclude each other");
	if (cfg->all_subscriptions || cfg->subscriptions.n || cfg->management_group)
		return 0;
	if (!env_sub || !*env_sub)
		return msg_usage("nothing to scan: give --subscription ID, "
				 "--all-subscriptions, --management-group ID "
				 "or set AZURE_SUBSCRIPTION_ID");
	return add_subscriptions(cfg, env_sub);
}

/* Colour only for a person at a terminal that can show it (on fd). */
static int want_color(const struct parse_state *ps, int fd)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	return !ps->no_color && !(no_color && *no_color) &&
	       !(term && !strcmp(term, "dumb")) && isatty(fd);
}

/* irscan diff OLD NEW [-o json:FILE] [-o html:FILE] */
static int finish_diff(const struct config *cfg, const struct parse_state *ps)
{
	size_t i;

	if (!cfg->diff_new)
		return msg_usage("diff: give the two scans to compare (irscan diff OLD "
				 "NEW: two JSON reports or two evidence bundle directories)");
	if (ps->not_for_diff)
		return msg_usage("diff: --%s does not apply to irscan diff (it takes -o, "
				 "-q, --no-color, --verify-key and --skip-signature)",
				 ps->not_for_diff);
	for (i = 0; i < cfg->outputs_n; i++)
		if (!diff_writer_for(cfg->outputs[i].format->name))
			return msg_usage("diff: -o %s: irscan diff writes %s (its text "
					 "goes to standard output)",
					 cfg->outputs[i].format->name, diff_format_names());
	return 0;
}

/* irscan merge IN.json... [-o FORMAT[:PATH]]... (options: for_merge()) */
static int finish_report_merge(const struct config *cfg, const struct parse_state *ps)
{
	if (!cfg->merge_inputs.n)
		return msg_usage("merge: give the JSON reports to merge (irscan merge "
				 "IN.json... -o FORMAT[:PATH])");
	if (ps->not_for_report_merge)
		return msg_usage("merge: --%s does not apply to irscan merge (it takes -o, "
				 "-q, -v, --no-color, --fail-on and --allow-partial)",
				 ps->not_for_report_merge);
	return 0;
}

/* irscan merge --evidence --evidence-dir OUT DIR... */
static int finish_merge(const struct config *cfg, const struct parse_state *ps)
{
	if (!cfg->merge_evidence)
		return finish_report_merge(cfg, ps);
	if (ps->not_for_merge)
		return msg_usage("merge --evidence: --%s does not apply (it takes "
				 "--evidence-dir, --sign-key, --verify-key, --allow-partial, "
				 "-q and -v)", ps->not_for_merge);
	if (!cfg->evidence_dir)
		return msg_usage("merge --evidence: give --evidence-dir OUT, where the "
				 "merged bundle goes");
	if (!cfg->merge_inputs.n)
		return msg_usage("merge --evidence: give the evidence bundles to merge "
				 "(irscan merge --evidence --evidence-dir OUT DIR...)");
	return 0;
}

/* What the options mean together, once all are read. */
static int finish(struct config *cfg, struct parse_state *ps)
{
	/* The scan's summary goes to stderr, the diff's text to stdout. */
	cfg->color = want_color(ps, cfg->command == CMD_DIFF ? STDOUT_FILENO : STDERR_FILENO);
	if (cfg->command == CMD_HELP || cfg->command == CMD_VERSION)
		return 0;
	if (cfg->verify_keys.n && cfg->skip_signature)
		return msg_usage("--verify-key and --skip-signature exclude each other");
	/* Which one wins would be a guess: quiet would drop what -v asked for. */
	if (cfg->quiet && cfg->verbose)
		return msg_usage("-q and -v exclude each other (-q: errors only, "
				 "-v: one line per request)");
	if (cfg->command == CMD_VERIFY && !cfg->verify_dir)
		return msg_usage("verify: give the evidence directory "
				 "(irscan verify DIR)");
	/* Which shells there are is completion.c's to say (main.c asks it). */
	if (cfg->command == CMD_VERIFY || cfg->command == CMD_COMPLETION)
		return 0;
	if (cfg->command == CMD_DIFF)
		return finish_diff(cfg, ps);
	if (cfg->command == CMD_MERGE)
		return finish_merge(cfg, ps);
	if (cfg->merge_evidence || cfg->allow_partial)
		return msg_usage("--%s belongs to 'irscan merge'",
				 cfg->merge_evidence ? "evidence" : "allow-partial");
	if (cfg->verify_dir)
		return msg_usage("unexpected argument '%s'", cfg->verify_dir);
	if ((cfg->verify_keys.n || cfg->skip_signature) && !cfg->offline_dir && !cfg->baseline)
		return msg_usage("--%s checks an evidence bundle: give it to 'irscan "
				 "verify DIR' or with --offline DIR (or --baseline DIR)",
				 cfg->verify_keys.n ? "verify-key" : "skip-signature");
	if (cfg->fail_on_new && !cfg->baseline)
		return msg_usage("--fail-on-new needs --baseline FILE|DIR: new since what?");
	/* Offline, the framework may come from the bundle: checked then. */
	if ((!cfg->offline_dir || GIVEN(cfg, GIVEN_FRAMEWORK)) && check_selection_valid(cfg) < 0)
		return -1;
	if (cfg->command == CMD_LIST_CHECKS)
		return 0;
	if (cfg->sign_key && !cfg->evidence_dir)
		return msg_usage("--sign-key signs an evidence bundle: give --evidence-dir too");
	if (resolve_endpoints(cfg, ps))
		return -1;
	if (cfg->offline_dir)
		return finish_offline(cfg, ps);
	return finish_shard(cfg, ps) ? -1 : finish_scope(cfg);
}

int cli_parse(int argc, char **argv, struct config *cfg)
{
	struct parse_state ps = { 0 };
	int i, rc = 0, options_done = 0;

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
