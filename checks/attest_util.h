/*
 * attest_util.h - the two attested checks (plan and exercise) share one
 * evaluation: manual without an attestation, pass when it was reviewed
 * within --attestation-max-age days, fail when older.
 */
#ifndef IRSCAN_ATTEST_UTIL_H
#define IRSCAN_ATTEST_UTIL_H

#include "checks/check.h"
#include "model/attestations.h"

/* `what` names the thing attested: "incident response plan". */
void eval_attested(const struct check *self, const struct sub_snapshot *sub,
		   const struct check_params *p, struct findings *out,
		   const char *what);

/*
 * The most recently reviewed attestation that covers check c for
 * subscription sub_id, or NULL.
 */
const struct attestation *attestation_for(const struct attestation_list *l,
					  const struct check *c, const char *sub_id);
/*
 * The same, but only an attestation that names check c in its "check"
 * field: for checks that read Azure and only fall back to a person's
 * word where no API can tell (alerts-exported's Defender XDR route), a
 * control-wide attestation must not settle them by accident.
 */
const struct attestation *attestation_for_check(const struct attestation_list *l,
						const struct check *c, const char *sub_id);

/*
 * The remediation script's block of the plan and exercise checks (one:
 * a person reviews both documents; checks/fix_util.h).
 */
extern const struct check_fix attest_plan_fix;

#endif
