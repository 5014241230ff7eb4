/*
 * config.h - everything the command line and environment decided, with
 * units already converted (ms, bytes) and endpoints already validated.
 * Only cli.c fills it; only config_release() frees it.  It never holds a
 * secret: credentials read their secrets from the environment themselves.
 */
#ifndef IRSCAN_CONFIG_H
#define IRSCAN_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "util/strvec.h"
#include "model/vocab.h"

enum command {
	CMD_SCAN = 0, CMD_LIST_CHECKS, CMD_VERIFY, CMD_COMPLETION, CMD_HELP, CMD_VERSION,
	CMD_DIFF, CMD_MERGE
};

/*
 * Options that change verdicts, remembered when given on the command
 * line: --offline takes the others from the bundle's manifest.
 */
enum given {
	GIVEN_FRAMEWORK, GIVEN_CHECKS, GIVEN_CONTROLS, GIVEN_ALERT_AGE,
	GIVEN_ATTEST_AGE, GIVEN_ATTACK_RISK, GIVEN_CRITICALITY, GIVEN_PLANS,
	GIVEN_FAIL_ON, GIVEN_WAIVERS, GIVEN_ATTESTATIONS, GIVEN_MIN_RETENTION,
};
#define GIVEN(cfg, g) (((cfg)->given >> (g)) & 1u)

/*
 * A row of the report formats' table (reports/report.h).  The model
 * layer only points at one: what a format is and how it is written
 * belongs to the reports layer above.
 */
struct report_format;

/* Filled by cli.c; target/tmp/direct by outfile.c (see outfile.h). */
struct output {
	const struct report_format *format;	/* -o's, or --remediation-script's */
	char *path;		/* NULL: standard output */
	char *target;		/* the regular file renamed onto; NULL: written in place */
	char *tmp;		/* its temporary file while being written */
	FILE *fp;		/* open while being written */
	int direct;		/* a device or FIFO: written in place, once */
};

enum auth_method {
	AUTH_AUTO = 0, AUTH_SECRET, AUTH_CERTIFICATE, AUTH_FEDERATED,
	AUTH_MANAGED_IDENTITY, AUTH_CLI,
};

struct cloud {
	const char *name;
	const char *arm_endpoint;
	const char *authority_host;
};

struct config {
	/* owned strings and lists */
	struct strvec subscriptions;	/* lower-case GUIDs, deduplicated */
	struct strvec checks;		/* --checks ids; empty = all */
	struct strvec controls;		/* --controls ids; empty = all */
	struct strvec required_plans;	/* --required-plans; empty = all */
	struct strvec criticality_tags;	/* --criticality-tags */
	struct strvec sentinel_workspaces;	/* --sentinel-workspace ids */
	struct strvec verify_keys;	/* verify, --offline, merge: --verify-key, repeatable */
	struct strvec merge_inputs;	/* merge: its operands */
	char *waivers_file;
	char *attestations_file;
	char *management_group;		/* -m: scan its descendants */
	char *evidence_dir;		/* --evidence-dir: write a bundle there */
	char *offline_dir;		/* --offline: evaluate this bundle */
	char *baseline;			/* --baseline: a JSON report or a bundle */
	char *sign_key;			/* --sign-key: sign the manifest */
	char *verify_dir;		/* verify DIR */
	char *diff_old, *diff_new;	/* diff OLD NEW: reports or bundles */
	char *completion_shell;		/* completion SHELL */
	char *arm_endpoint;		/* scheme://host[:port], no slash */
	char *authority_host;		/* scheme://host[:port], no slash */
	char *ca_bundle;
	struct output *outputs;
	size_t outputs_n;
	/* numbers */
	long concurrency;
	long timeout_ms;
	long deadline_ms;		/* --deadline, the whole scan; 0: none */
	unsigned max_retries;
	size_t max_body_bytes;		/* --max-response-mb */
	unsigned long max_requests;	/* --max-requests, per scan */
	unsigned max_pages;		/* --max-pages, per list */
	double max_rate;		/* --max-rate, requests/s; 0: none */
	long alert_max_age_days;
	long attestation_max_age_days;
	long min_retention_days;	/* --min-retention-days */
	enum framework framework;
	enum severity fail_on;
	enum level attack_path_risk;
	enum auth_method auth;
	enum command command;
	const struct cloud *cloud;
	unsigned given;			/* 1u << enum given */
	/* --shard K/N (--shards N): scan the scope's shard K of N
	 * (model/shard.h); 0 and 0 unsharded. */
	unsigned shard_index, shard_count;
	/* flags */
	unsigned all_subscriptions : 1;
	unsigned resource_graph : 1;	/* --resource-graph */
	unsigned quiet : 1;
	unsigned verbose : 1;
	unsigned color : 1;
	unsigned skip_signature : 1;	/* verify, --offline: hashes alone, by intent */
	unsigned fail_on_new : 1;	/* exit 1 only for failures new since --baseline */
	unsigned merge_evidence : 1;	/* merge --evidence: bundles, not reports */
	unsigned allow_partial : 1;	/* merge: shards may be missing (exit 3 at least) */
};

void config_init(struct config *c);
void config_release(struct config *c);
/*
 * dst: a copy of src that owns every string and list it holds, so that
 * config_release() frees it and nothing of src, without the outputs (a
 * copy evaluates, it writes no report): --baseline DIR and irscan diff
 * evaluate a bundle with one, which offline_open() then changes.
 */
void config_copy(struct config *dst, const struct config *src);
/* The cloud table (AzureCloud, AzureUSGovernment, AzureChinaCloud). */
const struct cloud *cloud_find(const char *name);
/* The i-th cloud of the table; NULL past the end. */
const struct cloud *cloud_at(size_t i);
/* The --auth name of a method ("managed-identity"); NULL when unknown. */
const char *auth_method_name(enum auth_method m);

#endif
