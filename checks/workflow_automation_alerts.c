/*
 * workflow-automation-alerts (ASB 10.5): an enabled workflow automation
 * runs a Logic App when a security alert is raised, so the response to
 * alerts is automated.  As for alerts-exported, it counts only when its
 * scopes cover the whole subscription and its rule sets provably let
 * every High severity alert through (rulesets.h): an automation for one
 * resource group, or for Low alerts only, leaves the rest unanswered.
 */
#include "automation_util.h"
#include "buf.h"

/*
 * Why automation a (with a Logic App action) does not count; returns 1
 * when it might if what could not be read (isEnabled, rule sets)
 * turned out well.
 */
static int explain(const struct automation *a, const char *sub_id, struct buf *why)
{
	const char *name = a->name ? a->name : "?";
	struct buf w = BUF_INIT;
	enum admit admits = a->alerts ? automation_admits_high_alerts(a, &w) : ADMIT_NOT_PROVEN;
	int covers = automation_covers_subscription(a, sub_id), unknown = 0;

	buf_addf(why, "%s'%s' ", why->len ? "; " : "", name);
	if (!a->alerts) {
		buf_add(why, "runs a Logic App for ");
		automation_list_sources(a, why);
		buf_add(why, ", not Alerts");
	} else if (a->enabled_malformed) {
		buf_add(why, "would run a Logic App on alerts but its isEnabled flag is "
			"neither true nor false");
		unknown = covers && admits != ADMIT_NOT_PROVEN;
	} else if (!a->enabled) {
		buf_add(why, "would run a Logic App on alerts but is disabled");
	} else if (!covers) {
		buf_add(why, "runs a Logic App on alerts of only ");
		automation_scope_text(a, why);
	} else if (admits == ADMIT_UNREADABLE) {
		buf_addf(why, "runs a Logic App on alerts, but %s", w.buf);
		unknown = 1;
	} else {
		buf_addf(why, "does not run on every High severity alert: %s (it takes "
			 "severities: ", w.buf);
		automation_alert_severities(a, why);
		buf_addch(why, ')');
	}
	buf_release(&w);
	return unknown;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l;
	const struct automation *hit = NULL;
	struct buf names = BUF_INIT, why = BUF_INIT, sev = BUF_INIT;
	struct finding *f;
	size_t i, n = 0, unknown = 0;

	(void)p;
	l = automations_for_check(self, sub, out);
	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_has_action(a, ACTION_LOGIC_APP))
			continue;
		if (automation_whole_alerts(a, sub->id)) {
			if (!hit)
				hit = a;
			buf_addf(&names, "%s'%s'", n++ ? ", " : "", a->name ? a->name : "?");
		} else {
			unknown += (size_t)explain(a, sub->id, &why);
		}
	}
	if (hit) {
		f = findings_add(out, self, sub, STATUS_PASS, hit->id);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_observe(f, "automations", "%s", names.buf);
		automation_alert_severities(hit, &sev);
		finding_observe(f, "severities", "%s", sev.buf);
		finding_message(f, "alerts of the whole subscription trigger a Logic App "
				"through %zu enabled automation%s: %s (first: severities %s)",
				n, n == 1 ? "" : "s", names.buf, sev.buf);
	} else if (unknown) {
		/* One may be on: not a verdict irscan can give. */
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_message(f, "could not tell whether alerts trigger a Logic App: %s",
				why.buf);
	} else {
		f = findings_add(out, self, sub, STATUS_FAIL, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_message(f, "no enabled workflow automation runs a Logic App on "
				"every High severity alert of the subscription%s%s",
				why.len ? ": " : "", why.buf);
	}
	buf_release(&names);
	buf_release(&why);
	buf_release(&sev);
}

const struct check check_workflow_automation_alerts = {
	.id = "workflow-automation-alerts",
	.title = "Security alerts trigger an automated response",
	.severity = SEV_HIGH,
	.control = {
		[FW_ASB_IR_2019] = "10.5", [FW_ASB_V1] = "10.6", [FW_MCSB_V1] = "IR-6",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Workflow automation > Add "
		"workflow automation: trigger 'Security alert', pick the Logic App "
		"that starts the response (ticket, page, isolate), enable it.\n"
		"CLI: az security automation create --name RespondToAlerts "
		"--resource-group <rg> --location <loc> --scopes "
		"'[{\"scopePath\":\"/subscriptions/<subscription-id>\"}]' --sources "
		"'[{\"eventSource\":\"Alerts\"}]' --actions '[{\"actionType\":"
		"\"LogicApp\",\"logicAppResourceId\":\"<logic app id>\",\"uri\":"
		"\"<trigger URL>\"}]'\n"
		"ARM/Bicep: Microsoft.Security/automations with properties.isEnabled "
		"= true, sources[].eventSource = 'Alerts', actions[] of actionType "
		"'LogicApp'.",
	.eval = eval,
};
