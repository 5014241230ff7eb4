/*
 * workflow-automation-recommendations (ASB 10.5, v1 10.6): an enabled
 * workflow automation runs a Logic App when a recommendation changes, as
 * the control text asks: "automatically trigger responses via Logic Apps
 * on security alerts and recommendations" (Azure Security Benchmark,
 * Incident Response 10.5).  As for alerts, it counts when its scopes
 * cover the whole subscription and its rule sets provably let every
 * unhealthy High severity recommendation through.
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"
#include "util/buf.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l = automations_for_check(self, sub, out);
	const struct automation *hit;
	struct buf why = BUF_INIT, sev = BUF_INIT;
	struct finding *f;
	size_t unknown;

	(void)p;
	if (!l)
		return;
	hit = automations_whole_response(l, STREAM_RECOMMENDATIONS, sub->id);
	if (hit) {
		f = findings_add(out, self, sub, STATUS_PASS, hit->id);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_observe(f, "automation", "%s", hit->name ? hit->name : "");
		automation_severities(hit, STREAM_RECOMMENDATIONS, &sev);
		finding_observe(f, "severities", "%s", sev.buf);
		automations_observe(f, l, RESPONSE_LOGIC_APP, sub->id);
		finding_message(f, "recommendations of the whole subscription trigger a Logic "
				"App through '%s' (unhealthy severities %s)",
				hit->name ? hit->name : "?", sev.buf);
		buf_release(&sev);
		return;
	}
	unknown = automations_why_none(l, STREAM_RECOMMENDATIONS, RESPONSE_LOGIC_APP,
				       sub->id, &why);
	f = findings_add(out, self, sub, unknown ? STATUS_ERROR : STATUS_FAIL, NULL);
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	automations_observe(f, l, RESPONSE_LOGIC_APP, sub->id);
	if (unknown)
		finding_message(f, "could not tell whether recommendations trigger a Logic "
				"App: %s", why.buf);
	else
		finding_message(f, "no enabled workflow automation runs a Logic App on "
				"recommendations (every unhealthy High severity one of the "
				"whole subscription)%s%s", why.len ? ": " : "", why.buf);
	buf_release(&why);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	buf_addf(b, "# Automated response (workflow-automation-recommendations): run "
		 "$RESPONSE_LOGIC_APP_ID on every recommendation.\nrespond_to_events '%s' "
		 "Assessments irscan-respond-to-recommendations\n\n", x->sub);
}

static const struct check_fix fix = { .order = 70, .write = fix_block };

const struct check check_workflow_automation_recommendations = {
	.id = "workflow-automation-recommendations",
	.title = "Security recommendations trigger an automated response",
	.severity = SEV_LOW,
	.control = {
		/* Not MCSB or CIS: their text asks for alerts only. */
		[FW_ASB_IR_2019] = "10.5", [FW_ASB_V1] = "10.6",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Workflow automation > Add "
		"workflow automation: trigger 'Recommendation' (severity High, state "
		"Unhealthy at least), pick the Logic App that opens the remediation "
		"ticket, enable it.\n"
		"CLI: az security automation create --name RespondToRecommendations "
		"--resource-group <rg> --location <loc> --scopes "
		"'[{\"scopePath\":\"/subscriptions/<subscription-id>\"}]' --sources "
		"'[{\"eventSource\":\"Assessments\"}]' --actions '[{\"actionType\":"
		"\"LogicApp\",\"logicAppResourceId\":\"<logic app id>\",\"uri\":"
		"\"<trigger URL>\"}]'\n"
		"ARM/Bicep: Microsoft.Security/automations with properties.isEnabled "
		"= true, sources[].eventSource = 'Assessments', actions[] of actionType "
		"'LogicApp'.",
	.fix = &fix,
	.eval = eval,
};
