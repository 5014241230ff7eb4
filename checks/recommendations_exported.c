/*
 * recommendations-exported (ASB 10.4, v1 10.5): Defender for Cloud's
 * recommendations reach the incident response system too.  The control
 * text asks for both halves: "Export your Azure Security Center alerts
 * and recommendations using the Continuous Export feature" (Azure
 * Security Benchmark, Incident Response 10.4).
 *
 * An enabled automation exports them when a source of eventSource
 * Assessments (every change of a recommendation's state) goes to a Log
 * Analytics workspace or an Event Hub, for the whole subscription, and
 * its rule sets provably let every unhealthy High severity recommendation
 * through (rulesets.h; the portal and Azure Policy filter by
 * properties.metadata.severity).  AssessmentsSnapshot alone, the weekly
 * snapshot, passes with a note: recommendations arrive up to a week late.
 * Microsoft Sentinel's Defender for Cloud connector carries alerts, not
 * recommendations, so no Sentinel route counts here.
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"
#include "util/buf.h"

static void pass(const struct check *self, const struct sub_snapshot *sub,
		 const struct automation *a, enum stream s, struct findings *out)
{
	struct finding *f = findings_add(out, self, sub, STATUS_PASS, a->id);

	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	finding_observe(f, "automation", "%s", a->name ? a->name : "");
	automation_observe_severities(f, a, s);
	automations_observe(f, sub->sets[NEED_AUTOMATIONS].data, RESPONSE_EXPORT, sub->id);
	if (s == STREAM_RECOMMENDATION_SNAPSHOTS)
		finding_observe(f, "source", "AssessmentsSnapshot");
	finding_message(f, "recommendations are exported %s by '%s' to %s (unhealthy "
			"severities: %s)%s", s == STREAM_RECOMMENDATIONS ? "continuously" :
			"weekly", a->name ? a->name : "?",
			automation_has_action(a, ACTION_WORKSPACE) ? "a Log Analytics workspace" :
			"an Event Hub", finding_observed(f, "exported_severities"),
			s == STREAM_RECOMMENDATIONS ? "" : "; only the weekly snapshot "
			"(AssessmentsSnapshot) is exported, so a change reaches the incident "
			"system up to a week late");
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l = automations_for_check(self, sub, out);
	const struct automation *a;
	struct buf why = BUF_INIT;
	struct finding *f;
	size_t unknown;

	(void)p;
	if (!l)
		return;
	if ((a = automations_whole_export(l, STREAM_RECOMMENDATIONS, sub->id))) {
		pass(self, sub, a, STREAM_RECOMMENDATIONS, out);
		return;
	}
	if ((a = automations_whole_export(l, STREAM_RECOMMENDATION_SNAPSHOTS, sub->id))) {
		pass(self, sub, a, STREAM_RECOMMENDATION_SNAPSHOTS, out);
		return;
	}
	unknown = automations_why_none(l, STREAM_RECOMMENDATIONS, RESPONSE_EXPORT, sub->id,
				       &why);
	f = findings_add(out, self, sub, unknown ? STATUS_ERROR : STATUS_FAIL, NULL);
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	automations_observe(f, l, RESPONSE_EXPORT, sub->id);
	if (unknown)
		finding_message(f, "could not tell whether recommendations are exported: %s",
				why.buf);
	else
		finding_message(f, "recommendations are not exported: %s (Microsoft "
				"Sentinel's Defender for Cloud connector carries alerts only)",
				why.len ? why.buf : "no enabled automation exports Assessments");
	buf_release(&why);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	buf_addf(b, "# Continuous export (recommendations-exported): every recommendation "
		 "to $EXPORT_WORKSPACE_ID.\nexport_events '%s' Assessments "
		 "irscan-export-recommendations\n\n", x->sub);
}

static const struct check_fix fix = { .order = 40, .write = fix_block };

const struct check check_recommendations_exported = {
	.id = "recommendations-exported",
	.title = "Security recommendations are exported to the incident response system",
	.severity = SEV_MEDIUM,
	.control = {
		/* Not MCSB or CIS: their text asks for alerts only. */
		[FW_ASB_IR_2019] = "10.4", [FW_ASB_V1] = "10.5",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Continuous export: tick 'Security recommendations' "
		"with every severity (and 'Unhealthy' state) besides 'Security alerts', "
		"export to the Log Analytics workspace (or Event Hub) of the incident "
		"system, for the whole subscription.\n"
		"CLI: az security automation create --name ExportToWorkspace "
		"--resource-group <rg> --location <loc> --scopes "
		"'[{\"scopePath\":\"/subscriptions/<subscription-id>\"}]' --sources "
		"'[{\"eventSource\":\"Alerts\"},{\"eventSource\":\"Assessments\"}]' "
		"--actions '[{\"actionType\":\"Workspace\",\"workspaceResourceId\":"
		"\"<workspace id>\"}]'\n"
		"ARM/Bicep: Microsoft.Security/automations with properties.isEnabled "
		"= true, scopes[].scopePath = the subscription id, sources[].eventSource "
		"= 'Assessments' (rule sets admitting High severity), actions[] of "
		"actionType 'Workspace' or 'EventHub'.",
	.fix = &fix,
	.eval = eval,
};
