/*
 * scan.h - one scan: collect -> snapshot -> evaluate -> report.
 */
#ifndef IRSCAN_SCAN_H
#define IRSCAN_SCAN_H

#include "config.h"

/* Run the scan the config describes; returns the exit code (SPEC §3). */
int scan_run(struct config *cfg);
/*
 * The checks selected by framework, --checks and --controls, in
 * catalogue order, NULL-terminated (caller frees the array).  Returns
 * NULL after a usage error when nothing is selected.
 */
const struct check **scan_select_checks(const struct config *cfg);
/*
 * Run every selected check on every scanned subscription.  Findings that
 * fall outside framework fw (or outside a --controls list) are dropped;
 * an error finding is never dropped by --controls, so that no failure to
 * read is hidden.
 */
void scan_evaluate(const struct snapshot *snap, const struct check *const *checks,
		   const struct check_params *p, enum framework fw,
		   const struct strvec *controls, struct findings *out);

#endif
