/*
 * evaluate.h - from a snapshot to findings (evaluate.c): the checks
 * selected, their parameters, each subscription's evaluation and the
 * findings' order.
 */
#ifndef IRSCAN_EVALUATE_H
#define IRSCAN_EVALUATE_H

#include <time.h>

#include "checks/check.h"
#include "model/config.h"

/*
 * The checks selected by framework, --checks and --controls, in
 * catalogue order, NULL-terminated (caller frees the array).  Returns
 * NULL after a usage error when nothing is selected.
 */
const struct check **scan_select_checks(const struct config *cfg);
struct finding_store;
struct waiver_list;

/* What evaluation runs, and where its findings go. */
struct evaluation {
	const struct check *const *checks;	/* NULL-terminated */
	const struct check_params *params;
	enum framework fw;
	const struct strvec *controls;	/* --controls, or NULL */
	const struct waiver_list *waivers;	/* applied as of `now`; NULL: none */
	time_t now;
	struct finding_store *store;	/* each subscription's findings, as evaluated */
};
/*
 * Run every selected check on one scanned subscription.  Findings that
 * fall outside framework fw (or outside a --controls list) are dropped;
 * an error finding is never dropped by --controls, so that no failure to
 * read is hidden.  Waivers are applied and the findings handed to the
 * store, which keeps them out of memory until the reports.  The
 * subscription's parsed data is then released (snapshot_sub_drop_data):
 * findings keep what they report, and the evidence, states and errors
 * stay for the reports (the evidence in the store's temporary file when
 * it retires it, finding_store_retire_from).
 */
void scan_evaluate_sub(const struct evaluation *ev, struct sub_snapshot *sub);
/* The parameters every check evaluates with (attestations: NULL if none). */
struct attestation_list;
struct check_params scan_check_params(const struct config *cfg, time_t now,
				      const struct attestation_list *attestations);
/* What the selected checks read: collection fetches only that. */
unsigned scan_needs(const struct check *const *checks);
/* Findings in snapshot order (by subscription id), each subscription's
 * in the order its checks produced them. */
void scan_order_findings(struct findings *out);

#endif
