/*
 * outcome.h - a scan's outcome as the policy decides it and every report
 * writer is given it: the header (who scanned what, when, how), the
 * findings in report order, the control verdicts, the summary counts and
 * the exit code.  policy.c fills the verdicts; reports/ only format it.
 */
#ifndef IRSCAN_OUTCOME_H
#define IRSCAN_OUTCOME_H

#include <time.h>

#include "checks/check.h"
#include "model/config.h"
#include "model/snapshot.h"
#include "policy/baseline.h"
#include "policy/finding_store.h"

struct waiver_list;
struct attestation_list;

struct report_control {
	const char *id;			/* in the report's framework */
	const struct control_info *info;	/* NULL if no metadata */
	enum status *verdicts;		/* one per snapshot subscription;
					   STATUS_UNSET where not scanned */
};

/*
 * An error as a report lists it (report_each_error): `irscan merge` reads
 * them back from its parts' JSON, where no snapshot holds them.
 */
struct report_error {
	const char *sub;		/* NULL: the tenant's own read */
	const char *what;
	struct fetch_error e;
};

/* scan.shard (`--shard K/N`); index 0 when the scan was not sharded. */
struct report_shard {
	long index, count, scope_subscriptions, subscriptions;
};

/* `irscan merge`: the reports merged, and the shards none of them was. */
struct report_merge_part {
	const char *file, *sha256, *tenant;
	enum framework framework;
	struct report_shard shard;
	time_t started, finished;
	size_t subscriptions;
};
/* --allow-partial: a shard K/N of a tenant's scan that no input was. */
struct report_missing_shard {
	long index, count;
	const char *tenant;
};
struct report_merge {
	const struct report_merge_part *parts;
	size_t parts_n;
	const struct report_missing_shard *missing;
	size_t missing_n;
	const char *const *tenants;	/* distinct, in order of the parts */
	size_t tenants_n;
};

struct report {
	const char *tool_version;
	time_t started, finished;
	time_t evaluated;		/* when the findings were computed */
	const char *cloud;
	const char *tenant;		/* NULL when unknown */
	const char *client_id;		/* never a secret */
	const char *credential;		/* credential kind used */
	const char *arm_endpoint;
	const char *authority_host;
	enum framework framework;
	int offline;
	/* --offline: the irscan that wrote the bundle, and its signature:
	 * "valid", "not-checked" or "none"; NULL otherwise. */
	const char *bundle_tool_version, *bundle_signature;
	const struct config *cfg;	/* parameters that change verdicts */
	const struct snapshot *snap;
	const struct finding_store *findings;	/* in report order: read with a
						   finding_cursor */
	const struct check *const *checks;	/* selected, NULL-ended */
	const struct waiver_list *waivers;	/* NULL: none given */
	const struct attestation_list *attestations;	/* NULL: none given */
	/*
	 * --baseline: the comparison, its cur->items index-aligned with
	 * findings->items (report_baseline_state() reads it); NULL otherwise.
	 */
	const struct baseline_cmp *baseline;
	/* Errors read back from reports (irscan merge) instead of from snap. */
	const struct report_error *errors;
	size_t errors_n;
	const struct report_merge *merge;	/* irscan merge, else NULL */
	struct report_control *controls;
	size_t controls_n;
	size_t summary[STATUS__COUNT];
	/*
	 * Resource Manager requests (ARM and Resource Graph reads, one per
	 * URL, as the evidence lists them and the bundle's manifest has
	 * entries): the one count every output gives, live, offline (the
	 * bundle's) and in `irscan verify`.  Token requests are not among
	 * them.  Retries: every retry this run made (a token request's too);
	 * offline, the bundle's.
	 */
	unsigned long requests, retries;
	unsigned long http_requests;	/* every HTTP request this run sent, token
					 * requests and retries included; 0 offline */
	long long waited_ms;		/* waiting to retry */
	long long throttled_ms;		/* waiting for a throttled scope / --max-rate */
	unsigned long in_flight_max;
	/* Adaptive concurrency (net/adapt.h): 429 answers, the scopes that
	 * got them, the bound at the end and the highest it reached. */
	unsigned long throttled, throttled_scopes;
	long concurrency_limit, concurrency_peak;
	int deadline_hit;		/* --deadline ended the scan early */
	/* --offline of a merged bundle made with --allow-partial: what it
	 * lacks ("shard 3/4 of the scan of tenant ... missing"); else NULL.
	 * The findings are not the whole scope's: the exit code is 3 at least. */
	const char *partial;
	int exit_code;
	char *exit_reason;		/* one line */
	char *fatal;			/* the scan could not run: why */
};

#endif
