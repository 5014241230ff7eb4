/*
 * workflow-automation-alerts (ASB 10.5): an enabled workflow automation
 * runs a Logic App when a security alert is raised, so the response to
 * alerts is automated.
 */
#include "automation_util.h"
#include "buf.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l;
	const struct automation *hit = NULL;
	struct buf names = BUF_INIT, why = BUF_INIT;
	struct finding *f;
	size_t i, j, n = 0, unknown = 0;

	(void)p;
	l = automations_for_check(self, sub, out);
	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_has_action(a, ACTION_LOGIC_APP))
			continue;
		if (automation_takes_alerts(a)) {
			if (!hit)
				hit = a;
			buf_addf(&names, "%s'%s'", n++ ? ", " : "", a->name ? a->name : "?");
		} else if (!a->alerts) {
			buf_addf(&why, "%s'%s' runs a Logic App for ", why.len ? "; " : "",
				 a->name ? a->name : "?");
			for (j = 0; j < a->sources.n; j++)
				buf_addf(&why, "%s%s", j ? ", " : "", a->sources.v[j]);
			buf_add(&why, ", not Alerts");
		} else if (a->enabled_malformed) {
			buf_addf(&why, "%s'%s' would run a Logic App on alerts but its "
				 "isEnabled flag is neither true nor false",
				 why.len ? "; " : "", a->name ? a->name : "?");
			unknown++;
		} else {
			buf_addf(&why, "%s'%s' would run a Logic App on alerts but is disabled",
				 why.len ? "; " : "", a->name ? a->name : "?");
		}
	}
	if (hit) {
		f = findings_add(out, self, sub, STATUS_PASS, hit->id);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_observe(f, "automations", "%s", names.buf);
		finding_message(f, "alerts trigger a Logic App through %zu enabled "
				"automation%s: %s", n, n == 1 ? "" : "s", names.buf);
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
				"alerts%s%s", why.len ? ": " : "", why.buf);
	}
	buf_release(&names);
	buf_release(&why);
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
