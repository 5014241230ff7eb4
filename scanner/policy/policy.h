/*
 * policy.h - from findings to verdicts: control verdicts per
 * subscription, summary counts and the exit code (SPEC §3).
 */
#ifndef IRSCAN_POLICY_H
#define IRSCAN_POLICY_H

#include "policy/outcome.h"

/* Worst-of ordering: fail > error > manual > pass (waived = pass). */
int policy_rank(enum status s);
/*
 * Fill r->controls, r->summary, r->exit_code and r->exit_reason from
 * r->findings, r->snap, r->checks and cfg->fail_on.
 */
void policy_decide(struct report *r, enum severity fail_on);
void policy_release(struct report *r);

#endif
