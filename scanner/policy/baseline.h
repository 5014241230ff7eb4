/*
 * baseline.h - what changed since an accepted state (SPEC §9 "Change").
 *
 * A baseline is the findings of an earlier scan: a JSON report of any
 * irscan version (policy/baseline.c reads it), or an evidence bundle
 * re-evaluated offline (the app layer does that and hands the findings
 * over with baseline_add()).  Findings are matched by check id +
 * subscription + resource, compared case-insensitively (Azure changes the
 * case of ids between reads; scripts edit them): the key a finding keeps
 * across runs whatever the order of the report.  Two findings of one key
 * (two errors of one subscription) match in order.  Then a finding that
 * left its resource for another is paired with what it became (updated)
 * when its check and subscription have exactly one finding left unmatched
 * on each side and one of the two is about the subscription itself:
 * alerts-exported passes on the export's automation and fails on the
 * subscription once the export is disabled, which is one finding that
 * changed, not one fixed and one new.  Two other resources (Logic App X
 * deleted, Logic App Y failing) are two findings: new and absent.
 *
 * Each current finding gets a state; each baseline finding not matched
 * is `absent` when this run evaluated its check on its subscription (it
 * is gone: fixed, or the resource removed), and only counted as
 * `not_rescanned` otherwise: a subscription, check or control left out of
 * this run, a check whose data could not be read this time (its only
 * findings there are errors), or a run that could not run at all is not
 * evidence that anything was fixed.
 *
 * `irscan diff` uses the same matching on two baselines.
 */
#ifndef IRSCAN_BASELINE_H
#define IRSCAN_BASELINE_H

#include <stddef.h>
#include <time.h>

#include "model/vocab.h"
#include "util/buf.h"
#include "util/pool.h"

/* In SARIF's words (§3.27.24 baselineState); NONE: no baseline given. */
enum baseline_state {
	BASELINE_NONE = 0,
	BASELINE_NEW,
	BASELINE_UNCHANGED,
	BASELINE_UPDATED,
	BASELINE_ABSENT,
	BASELINE__COUNT
};
/* "new", "unchanged", "updated", "absent"; NULL for NONE. */
const char *baseline_state_name(enum baseline_state s);

struct baseline_observed {
	const char *key, *value;
};

/* One finding of the earlier scan; strings live in the baseline's pool. */
struct baseline_finding {
	const char *check, *subscription, *subscription_name, *resource;
	const char *control;		/* in the baseline's framework, or NULL */
	const char *title, *message;
	enum status status;
	enum severity severity;
	/* What the check saw, and the x-ms-request-ids it read it from. */
	struct baseline_observed *observed;
	size_t observed_n;
	const char **request_ids;
	size_t request_ids_n;
};

struct baseline {
	const char *file;		/* as given on the command line */
	const char *kind;		/* "report" or "bundle" */
	const char *tool_version;	/* of the irscan that wrote it, or NULL */
	time_t scanned;			/* its scan's start, 0 if unknown */
	enum framework framework;
	const char *tenant;		/* NULL when unknown */
	/* What it evaluated: the subscriptions it scanned and the checks it
	 * ran (a report that does not say: the checks its findings name). */
	const char **subscriptions;
	size_t subscriptions_n;
	const char **checks;
	size_t checks_n;
	/* This run's --controls (none: every control): a finding of another
	 * control was not looked at, even by a check that ran. */
	const char **controls;
	size_t controls_n;
	struct baseline_finding *items;
	size_t n, alloc;
	struct pool pool;		/* every string and array above */
};

/*
 * Read a JSON report written by any irscan version into b (b->file =
 * path).  0, or -1 with why in err ("<path>: not an irscan JSON report:
 * ...") for a file that cannot be read or is not a report; b is to be
 * released either way.  Fields older versions did not write may be
 * absent (no framework: asb-ir-2019; no subscriptions list or
 * scan.parameters.checks: those its findings name); a field present with
 * another type, or a status or severity this irscan does not know, is an
 * error naming the field ("'<path>': findings[3].status is not a status
 * this irscan knows").
 */
int baseline_load_report(const char *path, struct baseline *b, struct buf *err);
/*
 * Append one finding, zeroed; returns it.  The caller fills it, copying
 * strings into b->pool (pool_strdup) unless they outlive b.
 */
struct baseline_finding *baseline_add(struct baseline *b);
void baseline_release(struct baseline *b);

struct report;
/*
 * This run's findings as the `cur` of baseline_compare() (policy/
 * baseline_run.c): items index-aligned with r->findings->items (what
 * report_baseline_state() relies on), subscriptions = the scanned ones,
 * checks = r->checks, kind "scan", file NULL.  The strings are r's, not
 * copied: release out before r's findings and snapshot.
 */
void baseline_from_report(const struct report *r, struct baseline *out);

/*
 * The comparison of a current run (cur) with an earlier one (old): what
 * --baseline puts on every finding and `irscan diff` lists.
 */
struct baseline_cmp {
	const struct baseline *old, *cur;
	enum baseline_state *states;	/* one per cur->items[i] */
	const struct baseline_finding **prior;	/* cur item's match in old, or NULL */
	const struct baseline_finding **absent;	/* old items gone, in old's order */
	size_t absent_n;
	size_t counts[BASELINE__COUNT];	/* [BASELINE_ABSENT] == absent_n */
	size_t not_rescanned;		/* old items this run did not evaluate */
};
void baseline_compare(const struct baseline *old, const struct baseline *cur,
		      struct baseline_cmp *out);
/*
 * cur->items[i] fails and got worse: new, or updated from a status that
 * ranks below fail (policy_rank) -- what --fail-on-new gates on.
 */
int baseline_worse(const struct baseline_cmp *c, size_t i);
/* A matched pair names two resources: the finding moved (see above). */
int baseline_moved(const struct baseline_finding *old, const struct baseline_finding *cur);
void baseline_cmp_release(struct baseline_cmp *c);

#endif
