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

#include "policy/outcome.h"
#include "util/buf.h"
#include "util/version.h"

typedef int (*report_writer)(const struct report *r, FILE *out);

/*
 * reports/report_util.c, shared by the writers (plain text, not escaped):
 * the one-line message of a finding as a skip/failure message (waived
 * and manual say so, with the waiver), and the full account of a
 * finding: message, observed values, evidence, remediation.
 */
void report_status_line(struct buf *b, const struct finding *f);
void report_finding_text(struct buf *b, const struct finding *f);
/* The subscription as people know it: "name (id)" or the id. */
void report_sub_label(struct buf *b, const struct sub_snapshot *sub);
/*
 * The overall verdict: returns its class ("pass", "fail", "error", or
 * "manual" for a pass that leaves manual findings) and sets *word to
 * how the HTML and Markdown reports lead with it ("Non-compliant").
 */
const char *report_verdict(const struct report *r, const char **word);
/*
 * How bad subscription idx of r->snap is, to list the worst first: the
 * policy_rank() of its worst control verdict (fail highest), -1 with
 * none, -2 when it was skipped.
 */
int report_sub_rank(const struct report *r, size_t idx);
/* Where a check is explained (the SARIF rules' helpUri): no other URL is ours. */
#define REPORT_HELP_URI IRSCAN_INFO_URI "#what-is-checked"
/* f's state against --baseline (r->baseline); BASELINE_NONE without one. */
enum baseline_state report_baseline_state(const struct report *r, const struct finding *f);
/*
 * --baseline: the failing findings new or worse since the baseline
 * (baseline_worse(), whatever their severity), and the lead every
 * people's format opens with: "3 new failures since 2026-12-01T10:00:00Z"
 * ("since the baseline" when its time is unknown).  Not escaped.
 */
size_t report_new_failures(const struct report *r);
/* "new since the baseline: ", "updated since the baseline (was pass): "...; nothing without one. */
void report_baseline_prefix(struct buf *b, const struct report *r, const struct finding *f);
void report_baseline_lead(struct buf *b, const struct report *r);

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

/*
 * A report format: one row of the table in reports/report.c, which -o,
 * --help, the option parser's messages and the shell completion all
 * iterate.  Adding a format is its writer's own file, one row in that
 * table and the writer's prototype below.
 */
struct report_format {
	const char *name;	/* as -o takes it: "json" */
	const char *label;	/* as messages name the output: "json report" */
	report_writer write;
};
/* The i-th -o format, in the order --help lists them; NULL past the last. */
const struct report_format *report_format_at(size_t i);
/* --remediation-script: written like a report, but not a -o format. */
extern const struct report_format report_format_remediation;
/* The writer of a format; NULL for none. */
report_writer report_writer_for(const struct report_format *f);

int report_json(const struct report *r, FILE *out);
int report_junit(const struct report *r, FILE *out);
int report_sarif(const struct report *r, FILE *out);
int report_html(const struct report *r, FILE *out);
/* A short summary for CI pages: GitHub job summaries, GitLab notes, Azure DevOps. */
int report_markdown(const struct report *r, FILE *out);
/* One row per finding, RFC 4180; csv-bom starts with a UTF-8 byte order mark. */
int report_csv(const struct report *r, FILE *out);
int report_csv_bom(const struct report *r, FILE *out);
/* --remediation-script: az commands for the failing findings (bash). */
int report_remediation(const struct report *r, FILE *out);
/* The console summary for people, on stderr. */
void report_console(const struct report *r, FILE *out, int color);
/*
 * The start of an HTML page up to <body> (html.c): its Content-Security-
 * Policy allows only the report's own stylesheet, which it inlines; the
 * title is escaped.  The diff's page (diff_html.c) shares both.
 */
void report_html_head(struct buf *b, const char *title);
/* A status as the console shows it: padded to width, in its colour ("-": unset). */
void report_add_status(struct buf *b, enum status s, int color, int width);

#endif
