/*
 * workflow-automation-alerts (ASB 10.5): an enabled workflow automation
 * runs a Logic App when a security alert is raised, so the response to
 * alerts is automated.  As for alerts-exported, it counts only when its
 * scopes cover the whole subscription and its rule sets provably let
 * every High severity alert through (rulesets.h): an automation for one
 * resource group, or for Low alerts only, leaves the rest unanswered.
 *
 * Response in Microsoft Sentinel counts too (MCSB IR-6 "automate the
 * incident handling"): when the subscription's alerts reach a Sentinel
 * workspace whose enabled automation rule runs a playbook on every
 * incident created from Defender for Cloud alerts
 * (Microsoft.SecurityInsights/automationRules: triggersOn Incidents,
 * triggersWhen Created, a RunPlaybook action, no condition other than the
 * Defender for Cloud product; sentinel_util.c).  Through the subscription
 * connector that is a pass; through a tenant-wide connector a person
 * confirms it, as for alerts-exported.
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"
#include "util/buf.h"
#include "checks/sentinel_util.h"

/* The finding for a playbook that answers the alerts of route r. */
static void playbook_finding(const struct check *self, const struct sub_snapshot *sub,
			     const struct check_params *p, const struct sentinel_route *r,
			     const struct sentinel_auto_rule *rule, struct findings *out)
{
	struct buf done = BUF_INIT;
	struct finding *f;

	buf_addf(&done, "alerts reach Microsoft Sentinel workspace '%s' through %s, where "
		 "automation rule '%s' runs playbook '%s' on every incident created from them",
		 resource_name(r->ws->id), sentinel_connector_label(r->conn),
		 rule->name ? rule->name : "?", resource_name(rule->playbook));
	if (r->kind == ROUTE_TENANT) {
		f = sentinel_settle_tenant_route(self, sub, p, r, done.buf, "no workflow "
						 "automation answers every High alert", out);
	} else {
		f = findings_add(out, self, sub, STATUS_PASS, rule->id ? rule->id : r->ws->id);
		sentinel_cite(f, sub);
		finding_message(f, "%s", done.buf);
	}
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	finding_cite(f, &r->ws->rules);
	finding_observe(f, "automation_rule", "%s", rule->name ? rule->name : "");
	finding_observe(f, "playbook", "%s", rule->playbook);
	buf_release(&done);
}

/*
 * A playbook run in Sentinel on every Defender for Cloud incident of the
 * subscription's route: adds the finding and returns 1; else 0 with the
 * reason appended to why.
 */
static int sentinel_response(const struct check *self, const struct sub_snapshot *sub,
			     const struct check_params *p, struct buf *why,
			     struct findings *out)
{
	struct sentinel_route routes[8];
	size_t i, n = sentinel_routes(sub, routes, 8);
	struct buf w = BUF_INIT;

	for (i = 0; i < n && i < 8; i++) {
		const struct sentinel_auto_rule *r;

		buf_reset(&w);
		r = sentinel_response_rule(routes[i].ws, p->now, &w);
		if (r) {
			playbook_finding(self, sub, p, &routes[i], r, out);
			buf_release(&w);
			return 1;
		}
		buf_addf(why, "%s%s", why->len ? "; " : "", w.buf);
	}
	buf_release(&w);
	return 0;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l;
	const struct automation *hit = NULL;
	struct buf names = BUF_INIT, why = BUF_INIT, sev = BUF_INIT, gaps = BUF_INIT;
	struct finding *f = NULL;
	size_t i, n = 0, unknown = 0;

	l = automations_for_check(self, sub, out);
	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_has_action(a, ACTION_LOGIC_APP) ||
		    !automation_whole(a, STREAM_ALERTS, sub->id))
			continue;
		if (!hit)
			hit = a;
		buf_addf(&names, "%s'%s'", n++ ? ", " : "", a->name ? a->name : "?");
	}
	if (!hit)
		unknown = automations_why_none(l, STREAM_ALERTS, RESPONSE_LOGIC_APP, sub->id,
					       &why);
	if (hit) {
		f = findings_add(out, self, sub, STATUS_PASS, hit->id);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_observe(f, "automations", "%s", names.buf);
		automation_severities(hit, STREAM_ALERTS, &sev);
		finding_observe(f, "severities", "%s", sev.buf);
		finding_message(f, "alerts of the whole subscription trigger a Logic App "
				"through %zu enabled automation%s: %s (first: severities %s)",
				n, n == 1 ? "" : "s", names.buf, sev.buf);
	} else if (sentinel_response(self, sub, p, &why, out)) {
		/* The finding is added. */
	} else if (unknown) {
		/* One may be on: not a verdict irscan can give. */
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_message(f, "could not tell whether alerts trigger a Logic App: %s",
				why.buf);
	} else if (sub->snap->sentinel_searched && sentinel_gaps(sub, &gaps)) {
		/* A playbook may run where irscan could not look. */
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		sentinel_cite(f, sub);
		finding_message(f, "no enabled workflow automation runs a Logic App on "
				"alerts%s%s, and Microsoft Sentinel could not be fully searched "
				"for a playbook: %s", why.len ? ": " : "", why.buf, gaps.buf);
	} else {
		f = findings_add(out, self, sub, STATUS_FAIL, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		if (sub->snap->sentinel_searched)
			sentinel_cite(f, sub);
		finding_message(f, "no enabled workflow automation runs a Logic App on "
				"alerts (on every High severity alert of the whole "
				"subscription)%s%s",
				why.len ? ": " : "", why.buf);
	}
	if (f)	/* not a Sentinel playbook's */
		automations_observe(f, l, RESPONSE_LOGIC_APP, sub->id);
	buf_release(&names);
	buf_release(&why);
	buf_release(&sev);
	buf_release(&gaps);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	buf_addf(b, "# Automated response (workflow-automation-alerts): run "
		 "$RESPONSE_LOGIC_APP_ID on every alert.\nrespond_to_events '%s' Alerts "
		 "irscan-respond-to-alerts\n\n", x->sub);
}

static const struct check_fix fix = { .order = 60, .write = fix_block };

const struct check check_workflow_automation_alerts = {
	.id = "workflow-automation-alerts",
	.title = "Security alerts trigger an automated response",
	.severity = SEV_HIGH,
	.control = {
		[FW_ASB_IR_2019] = "10.5", [FW_ASB_V1] = "10.6", [FW_MCSB_V1] = "IR-6",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS) | NEED_SENTINEL_RESPONSE,
	.remediation =
		"Portal: Microsoft Defender for Cloud > Workflow automation > Add "
		"workflow automation: trigger 'Security alert', pick the Logic App "
		"that starts the response (ticket, page, isolate), enable it.  "
		"Alternatively, where the alerts reach Microsoft Sentinel: Sentinel > "
		"Automation > Create automation rule: trigger 'When incident is "
		"created', action 'Run playbook'.\n"
		"CLI: az security automation create --name RespondToAlerts "
		"--resource-group <rg> --location <loc> --scopes "
		"'[{\"scopePath\":\"/subscriptions/<subscription-id>\"}]' --sources "
		"'[{\"eventSource\":\"Alerts\"}]' --actions '[{\"actionType\":"
		"\"LogicApp\",\"logicAppResourceId\":\"<logic app id>\",\"uri\":"
		"\"<trigger URL>\"}]'\n"
		"ARM/Bicep: Microsoft.Security/automations with properties.isEnabled "
		"= true, sources[].eventSource = 'Alerts', actions[] of actionType "
		"'LogicApp'.",
	.fix = &fix,
	.eval = eval,
};
