/*
 * report.h - what every report writer is given, and the writers.
 *
 * A `struct report` is decided before any writer runs: findings with
 * their statuses, control verdicts, summary counts and the exit code all
 * come from policy.c.  Writers only format it, each escaping for its own
 * format; none decides a status, re-sorts, or touches the network.
 */
#ifndef IRSCAN_REPORT_H
#define IRSCAN_REPORT_H

#include <stdio.h>
#include <time.h>

#include "check.h"
#include "config.h"
#include "snapshot.h"
#include "buf.h"

struct waiver_list;
struct attestation_list;

struct report_control {
	const char *id;			/* in the report's framework */
	const struct control_info *info;	/* NULL if no metadata */
	enum status *verdicts;		/* one per snapshot subscription;
					   STATUS_UNSET where not scanned */
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
	const struct findings *findings;	/* in report order */
	const struct check *const *checks;	/* selected, NULL-ended */
	const struct waiver_list *waivers;	/* NULL: none given */
	const struct attestation_list *attestations;	/* NULL: none given */
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
	int deadline_hit;		/* --deadline ended the scan early */
	int exit_code;
	char *exit_reason;		/* one line */
	char *fatal;			/* the scan could not run: why */
};

typedef int (*report_writer)(const struct report *r, FILE *out);

/*
 * reports/report.c, shared by the writers (plain text, not escaped):
 * the one-line message of a finding as a skip/failure message (waived
 * and manual say so, with the waiver), and the full account of a
 * finding: message, observed values, evidence, remediation.
 */
void report_status_line(struct buf *b, const struct finding *f);
void report_finding_text(struct buf *b, const struct finding *f);
/* The subscription as people know it: "name (id)" or the id. */
void report_sub_label(struct buf *b, const struct sub_snapshot *sub);

/*
 * Every read that failed, once each: the scope, each subscription's own
 * read and datasets, each automation target, each Sentinel workspace's
 * reads.  `sub` is the subscription the read belongs to (a target's or
 * workspace's own, from its id), NULL for the tenant; `what` names the
 * read ("security contacts", "Logic App <id>").  Writers list them as the
 * report's errors.
 */
typedef void (*report_error_fn)(void *ctx, const char *sub, const char *what,
				const struct fetch_error *e);
void report_each_error(const struct report *r, report_error_fn fn, void *ctx);

/* reports/report.c: look up the writer of a format. */
report_writer report_writer_for(enum output_format f);

int report_json(const struct report *r, FILE *out);
int report_junit(const struct report *r, FILE *out);
int report_sarif(const struct report *r, FILE *out);
int report_html(const struct report *r, FILE *out);
/* --remediation-script: az commands for the failing findings (bash). */
int report_remediation(const struct report *r, FILE *out);
/* The console summary for people, on stderr. */
void report_console(const struct report *r, FILE *out, int color);

#endif
