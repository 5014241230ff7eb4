/*
 * scan.h - one scan: collect -> snapshot -> evaluate -> report.
 */
#ifndef IRSCAN_SCAN_H
#define IRSCAN_SCAN_H

#include "checks/check.h"
#include "model/config.h"

/* Run the scan the config describes; returns the exit code (SPEC §3). */
int scan_run(struct config *cfg);
/*
 * The checks selected by framework, --checks and --controls, in
 * catalogue order, NULL-terminated (caller frees the array).  Returns
 * NULL after a usage error when nothing is selected.
 */
const struct check **scan_select_checks(const struct config *cfg);
/* What evaluation runs, and where its findings go. */
struct evaluation {
	const struct check *const *checks;	/* NULL-terminated */
	const struct check_params *params;
	enum framework fw;
	const struct strvec *controls;	/* --controls, or NULL */
	struct findings *out;
};
/*
 * Run every selected check on one scanned subscription.  Findings that
 * fall outside framework fw (or outside a --controls list) are dropped;
 * an error finding is never dropped by --controls, so that no failure to
 * read is hidden.  The subscription's parsed data is then released
 * (snapshot_sub_drop_data): findings keep what they report, and the
 * evidence, states and errors stay for the reports.
 */
void scan_evaluate_sub(const struct evaluation *ev, struct sub_snapshot *sub);
/* Findings in snapshot order (by subscription id), each subscription's
 * in the order its checks produced them. */
void scan_order_findings(struct findings *out);


#endif
