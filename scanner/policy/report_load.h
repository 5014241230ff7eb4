/*
 * report_load.h - a JSON report (SPEC §5) read back into what the
 * writers format (`irscan merge`): the header, the subscriptions as a
 * snapshot, the findings with everything the writers print (status,
 * message, resource, controls, observed values, evidence, waiver; title,
 * severity and remediation come from the check, looked up by id), the
 * errors and the shard.  The control verdicts, the summary and the exit
 * code are not read: the policy decides them again from the findings.
 *
 * The file is an untrusted input: bounded, strict JSON, every field
 * type-checked (report_read.h), an unknown check id refused.
 */
#ifndef IRSCAN_REPORT_LOAD_H
#define IRSCAN_REPORT_LOAD_H

#include <time.h>

#include "checks/check.h"
#include "model/snapshot.h"
#include "policy/outcome.h"
#include "util/buf.h"
#include "util/pool.h"

/* scan.parameters, typed. */
struct report_params {
	enum severity fail_on;
	int fail_on_given;		/* the report recorded one */
	enum level attack_path_risk;
	long alert_max_age_days, min_retention_days, attestation_max_age_days;
	long concurrency;
	double max_rate;
	int resource_graph, fail_on_new;
	const char *management_group, *waivers_file, *attestations_file, *baseline;
	struct strvec criticality_tags, required_plans, sentinel_workspaces;
	/*
	 * What changes verdicts (the checks run and their parameters), as one
	 * canonical string: two reports whose keys differ cannot be merged.
	 */
	char *verdict_key;
};

struct loaded_report {
	const char *file;		/* as given */
	char sha256[65];		/* of the file's bytes */
	const char *tool_version, *cloud, *tenant, *client_id, *credential;
	const char *arm_endpoint, *authority_host;
	const char *bundle_tool_version, *bundle_signature;
	time_t started, finished, evaluated;
	enum framework framework;
	int offline;
	struct report_params params;
	const struct check **checks;	/* scan.parameters.checks, NULL-ended */
	struct report_shard shard;
	unsigned long requests, retries, http_requests, max_in_flight;
	unsigned long throttled, throttled_scopes;	/* 429 answers, and where */
	long concurrency_limit, concurrency_peak;
	long long retry_wait_ms, throttle_wait_ms;
	const char *fatal;		/* scan.fatal_error */
	struct snapshot snap;		/* its subscriptions, tenant_id = its tenant */
	struct findings findings;	/* .sub points into snap */
	struct report_error *errors;
	size_t errors_n;
	struct pool pool;		/* strings, evidence, waivers */
};

/*
 * Read path into r (allocated by the caller, not moved while loaded:
 * findings point into it).  0, or -1 with one line in err naming the
 * file ("'<path>': findings[3].check 'x' is not a check this irscan
 * knows").  r is to be released either way.
 */
int report_load(const char *path, struct loaded_report *r, struct buf *err);
void report_load_release(struct loaded_report *r);

#endif
