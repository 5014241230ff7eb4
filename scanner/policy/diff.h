/*
 * diff.h - what changed between two scans (`irscan diff OLD NEW`):
 * per subscription and check, the findings that appeared, went away or
 * changed status, and the settings behind them.
 *
 * Both scans are baselines (policy/baseline.h: a JSON report, or a bundle
 * evaluated again), matched by baseline_compare(): check + subscription +
 * resource, and a finding that left its resource for another (an export
 * that passed on its automation fails on the subscription once disabled)
 * paired with the one it became when its subscription and check have
 * exactly one finding gone and one new (baseline.h): more than one on a
 * side would be a guess, and those are listed as gone and new.
 *
 * A setting change is an observed value (what the check saw: a finding's
 * `observed`) that differs between the two findings of a change.  Lists
 * of automations ("exports", "logic_app_automations": "NAME: STATE; ...")
 * are compared item by item, so that one line says what happened to one
 * automation.  Wording the changes is reports/'s (reports/diff_report.h);
 * this computes them, and whether anything got worse.
 */
#ifndef IRSCAN_DIFF_H
#define IRSCAN_DIFF_H

#include <stddef.h>

#include "policy/baseline.h"
#include "util/pool.h"

/* One observed value that changed.  old/new NULL: not observed on that side. */
struct diff_setting {
	const char *key;
	const char *item;	/* an automation of a list key, else NULL */
	const char *old_value, *new_value;
};

enum diff_kind {
	DIFF_NEW,	/* in NEW only */
	DIFF_GONE,	/* in OLD only, and NEW ran its check on its subscription */
	DIFF_CHANGED,	/* in both: status, message or observed values differ */
	DIFF__COUNT
};

enum diff_trend { DIFF_SAME = 0, DIFF_WORSE, DIFF_BETTER };

struct diff_change {
	enum diff_kind kind;
	enum diff_trend trend;	/* by policy_rank(); a new finding is ranked
				 * against pass, a gone one against pass */
	const struct baseline_finding *old, *cur;	/* NULL on the side it lacks */
	int moved;		/* paired across resources (see above) */
	int updated;		/* baseline_compare() called it updated: status,
				 * message or resource differ */
	struct diff_setting *settings;
	size_t settings_n;
};

struct diff {
	const struct baseline *old, *cur;
	/* Sorted by subscription, check, resource (case-insensitive). */
	struct diff_change *items;
	size_t n;
	size_t counts[DIFF__COUNT];
	size_t worse, better;	/* changes by trend */
	size_t unchanged;	/* matched findings with nothing changed */
	size_t not_rescanned;	/* OLD findings NEW did not evaluate */
	/* Subscriptions and checks only one of the scans evaluated. */
	const char **subs_old_only, **subs_new_only;
	size_t subs_old_only_n, subs_new_only_n;
	const char **checks_old_only, **checks_new_only;
	size_t checks_old_only_n, checks_new_only_n;
	struct pool pool;	/* every array above; strings stay old's and cur's */
};

/*
 * Compare two scans of one framework (the caller checks that).  out
 * borrows old and cur: release it first.
 */
void diff_compute(const struct baseline *old, const struct baseline *cur, struct diff *out);
/* The subscription's name as either scan knows it, or NULL. */
const char *diff_sub_name(const struct diff *d, const char *sub_id);
void diff_release(struct diff *d);

#endif
