/*
 * ir-exercise-attested (ASB v1 10.3, MCSB IR-1): the incident response
 * capability was exercised recently.  Attested by a person, like the plan.
 */
#include "checks/attest_util.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	eval_attested(self, sub, p, out, "incident response exercise");
}

const struct check check_ir_exercise_attested = {
	.id = "ir-exercise-attested",
	.title = "The incident response capability is exercised",
	.severity = SEV_LOW,
	.control = { [FW_ASB_V1] = "10.3", [FW_MCSB_V1] = "IR-1" },
	.needs = 0,
	.remediation =
		"Portal: none; this is a process control.  Run a tabletop or "
		"simulated incident (Defender for Cloud can raise sample alerts: "
		"Security alerts > Sample alerts), record the lessons and fix the "
		"gaps.\n"
		"CLI: az security alert ... to list alerts raised in the exercise; "
		"record the exercise for irscan with --attestations FILE: "
		"{\"attestations\": [{\"control\": \"10.3\", \"framework\": "
		"\"asb-v1\", \"subscription\": \"*\", \"document\": \"IR exercise "
		"report\", \"owner\": \"SecOps lead\", \"reviewed\": \"YYYY-MM-DD\"}]}\n"
		"ARM/Bicep: no resource property.",
	.fix = &attest_plan_fix,
	.eval = eval,
};
