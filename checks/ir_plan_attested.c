/*
 * ir-plan-attested (ASB 10.1): an incident response plan exists, has an
 * owner and was reviewed recently.  No API can show this; a person
 * attests it (SPEC §7), and without an attestation the finding is manual.
 */
#include "checks/attest_util.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	eval_attested(self, sub, p, out, "incident response plan");
}

const struct check check_ir_plan_attested = {
	.id = "ir-plan-attested",
	.title = "An incident response plan is documented, owned and reviewed",
	.severity = SEV_MEDIUM,
	.control = {
		[FW_ASB_IR_2019] = "10.1", [FW_ASB_V1] = "10.1", [FW_MCSB_V1] = "IR-1",
	},
	.needs = 0,
	.remediation =
		"Portal: none; this is a process control.  Write (or update) the "
		"incident response plan: roles, contacts, the phases of handling an "
		"incident, how Defender for Cloud alerts are triaged.  Name an "
		"owner and review it at least yearly.\n"
		"CLI: record it for irscan in an attestations file and pass it with "
		"--attestations FILE: {\"attestations\": [{\"control\": \"10.1\", "
		"\"framework\": \"asb-ir-2019\", \"subscription\": \"*\", "
		"\"document\": \"IR plan v3\", \"owner\": \"SecOps lead\", "
		"\"reviewed\": \"YYYY-MM-DD\"}]}\n"
		"ARM/Bicep: no resource property; keep the plan under document "
		"control.",
	.fix = &attest_plan_fix,
	.eval = eval,
};
