/*
 * export-target-exists (ASB 10.4): every Log Analytics workspace or Event
 * Hub that an enabled alert export sends to exists.  An export to a
 * deleted workspace looks configured in the portal but delivers nothing.
 * One finding per target; no enabled alert export: not applicable.
 */
#include "automation_util.h"

#include <strings.h>

static void eval_target(const struct check *self, const struct sub_snapshot *sub,
			const struct automation *a, const struct automation_action *x,
			struct findings *out)
{
	int ws = x->type == ACTION_WORKSPACE;
	const char *what = ws ? "Log Analytics workspace" : "Event Hub";
	const struct target *t = snapshot_target(sub->snap, x->target);
	struct finding *f;
	enum status st;
	size_t i;

	/* One finding per target, even when several exports share it. */
	for (i = 0; x->target && i < out->n; i++)
		if (out->items[i].check == self && out->items[i].sub == sub &&
		    !strcasecmp(out->items[i].resource, x->target))
			return;
	f = findings_add(out, self, sub, STATUS_UNSET, x->target ? x->target : a->id);
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	finding_observe(f, "automation", "%s", a->name ? a->name : "");
	if (!x->target) {
		f->status = STATUS_FAIL;
		finding_message(f, "export '%s' has a %s action without a target id",
				a->name ? a->name : "?", x->type_raw ? x->type_raw : "");
		return;
	}
	if (!t) {
		f->status = STATUS_ERROR;
		finding_message(f, "%s '%s' was not read", what, resource_name(x->target));
		return;
	}
	st = target_verdict(t, f, what, ws ? "Microsoft.OperationalInsights/workspaces/read"
				     : "Microsoft.EventHub/namespaces/eventhubs/read");
	if (st == STATUS_FAIL && t->id_valid) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "%s: export '%s' sends alerts nowhere", f->message,
			 a->name ? a->name : "?");
		free(f->message);
		f->message = buf_detach(&m, NULL);
	}
	if (st != STATUS_UNSET) {
		f->status = st;
		return;
	}
	f->status = STATUS_PASS;
	if (t->provisioning_state)
		finding_observe(f, "provisioning_state", "%s", t->provisioning_state);
	finding_message(f, "%s '%s' exists (target of export '%s')", what,
			resource_name(t->id), a->name ? a->name : "?");
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l;
	size_t i, j, before = out->n;
	struct finding *f;

	(void)p;
	l = automations_for_check(self, sub, out);
	if (!l)
		return;
	for (i = 0; l && i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_exports_alerts(a))
			continue;
		for (j = 0; j < a->n_actions; j++)
			if (a->actions[j].type == ACTION_WORKSPACE ||
			    a->actions[j].type == ACTION_EVENT_HUB)
				eval_target(self, sub, a, &a->actions[j], out);
	}
	if (out->n == before) {
		f = findings_add(out, self, sub, STATUS_NOT_APPLICABLE, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_message(f, "not applicable: no enabled automation exports alerts "
				"to a workspace or Event Hub");
	}
}

const struct check check_export_target_exists = {
	.id = "export-target-exists",
	.title = "Alert export targets exist",
	.severity = SEV_MEDIUM,
	.control = {
		[FW_ASB_IR_2019] = "10.4", [FW_ASB_V1] = "10.5", [FW_MCSB_V1] = "IR-3",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS) | NEED_EXPORT_TARGETS,
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Continuous export: choose an existing Log "
		"Analytics workspace (or Event Hub) as the target, or recreate the "
		"deleted one.\n"
		"CLI: az monitor log-analytics workspace show --ids <workspace id> "
		"(to confirm); az security automation create ... --actions "
		"'[{\"actionType\":\"Workspace\",\"workspaceResourceId\":\"<existing "
		"workspace id>\"}]'\n"
		"ARM/Bicep: Microsoft.Security/automations properties.actions[]."
		"workspaceResourceId / eventHubResourceId = the id of an existing "
		"resource.",
	.eval = eval,
};
