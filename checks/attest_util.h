/*
 * attest_util.h - the two attested checks (plan and exercise) share one
 * evaluation: manual without an attestation, pass when it was reviewed
 * within --attestation-max-age days, fail when older.
 */
#ifndef IRSCAN_ATTEST_UTIL_H
#define IRSCAN_ATTEST_UTIL_H

#include "check.h"

/* `what` names the thing attested: "incident response plan". */
void eval_attested(const struct check *self, const struct sub_snapshot *sub,
		   const struct check_params *p, struct findings *out,
		   const char *what);

#endif
