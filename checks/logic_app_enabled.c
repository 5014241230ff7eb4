/*
 * logic-app-enabled (ASB 10.5): every Logic App an enabled alert
 * automation triggers exists and is Enabled; a disabled, suspended or
 * deleted Logic App means the automated response silently never runs.
 * One finding per Logic App, wherever it lives (other subscriptions too).
 */
#include "automation_util.h"

#include <strings.h>

static void eval_app(const struct check *self, const struct sub_snapshot *sub,
		     const struct automation *a, const char *id, struct findings *out)
{
	const struct target *t = snapshot_target(sub->snap, id);
	struct finding *f;
	enum status st;
	size_t i;

	for (i = 0; id && i < out->n; i++)
		if (out->items[i].check == self && out->items[i].sub == sub &&
		    !strcasecmp(out->items[i].resource, id))
			return;
	f = findings_add(out, self, sub, STATUS_UNSET, id ? id : a->id);
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	finding_observe(f, "automation", "%s", a->name ? a->name : "");
	if (!id) {
		f->status = STATUS_FAIL;
		finding_message(f, "automation '%s' has a LogicApp action without a "
				"Logic App id", a->name ? a->name : "?");
		return;
	}
	if (!t) {
		f->status = STATUS_ERROR;
		finding_message(f, "Logic App '%s' was not read", resource_name(id));
		return;
	}
	st = target_verdict(t, f, "Logic App", "Microsoft.Logic/workflows/read");
	if (st != STATUS_UNSET) {
		f->status = st;
		return;
	}
	finding_observe(f, "state", "%s", t->state ? t->state : "");
	if (t->state && !strcasecmp(t->state, "Enabled")) {
		f->status = STATUS_PASS;
		finding_message(f, "Logic App '%s' is Enabled (run by '%s')",
				resource_name(id), a->name ? a->name : "?");
	} else {
		f->status = STATUS_FAIL;
		finding_message(f, "Logic App '%s' is %s, so automation '%s' triggers "
				"nothing", resource_name(id),
				t->state ? t->state : "in no reported state",
				a->name ? a->name : "?");
	}
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

		if (!automation_takes_alerts(a))
			continue;
		for (j = 0; j < a->n_actions; j++)
			if (a->actions[j].type == ACTION_LOGIC_APP)
				eval_app(self, sub, a, a->actions[j].target, out);
	}
	if (out->n == before) {
		f = findings_add(out, self, sub, STATUS_NOT_APPLICABLE, NULL);
		finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
		finding_message(f, "not applicable: no enabled automation runs a Logic "
				"App on alerts");
	}
}

const struct check check_logic_app_enabled = {
	.id = "logic-app-enabled",
	.title = "Logic Apps run by alert automations are enabled",
	.severity = SEV_HIGH,
	.control = {
		[FW_ASB_IR_2019] = "10.5", [FW_ASB_V1] = "10.6", [FW_MCSB_V1] = "IR-6",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS) | NEED_LOGIC_APPS,
	.remediation =
		"Portal: Logic apps > <logic app> > Overview > Enable (or point "
		"the workflow automation at a Logic App that exists).\n"
		"CLI: az logic workflow update --resource-group <rg> --name <logic "
		"app> --state Enabled\n"
		"ARM/Bicep: Microsoft.Logic/workflows properties.state = 'Enabled'.",
	.eval = eval,
};
