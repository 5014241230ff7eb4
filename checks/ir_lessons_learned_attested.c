/*
 * ir-lessons-learned-attested (MCSB IR-7): significant incidents get a
 * lessons-learned review whose findings feed back into the response, as
 * "IR-7: Post-incident activity - conduct lesson learned and retain
 * evidence" asks.  No API can show it: a person attests it (SPEC §7),
 * with a review date no older than --attestation-max-age.
 */
#include "checks/attest_util.h"
#include "checks/fix_util.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	eval_attested(self, sub, p, out, "post-incident lessons-learned review");
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	(void)x;
	buf_add(b, "# Lessons learned (ir-lessons-learned-attested): review the "
		"post-incident process and record the review in the attestations "
		"file (--attestations); not an az change.\n\n");
}

static const struct check_fix fix = { .order = 140, .write = fix_block };

const struct check check_ir_lessons_learned_attested = {
	.id = "ir-lessons-learned-attested",
	.title = "Incidents get a lessons-learned review",
	.severity = SEV_LOW,
	.control = {
		[FW_MCSB_V1] = "IR-7",
	},
	.needs = 0,
	.remediation =
		"Portal: none; this is a process control.  After each significant "
		"incident, hold a lessons-learned review, record what to change in "
		"the plan, detections and automation, and keep the incident's "
		"evidence.\n"
		"CLI: record it for irscan in an attestations file and pass it with "
		"--attestations FILE: {\"attestations\": [{\"control\": \"IR-7\", "
		"\"framework\": \"mcsb-v1\", \"subscription\": \"*\", "
		"\"document\": \"Post-incident review process v2\", \"owner\": "
		"\"SecOps lead\", \"reviewed\": \"YYYY-MM-DD\"}]}\n"
		"ARM/Bicep: no resource property; keep the review records under "
		"document control.",
	.fix = &fix,
	.eval = eval,
};
