/*
 * logic-app-enabled (ASB 10.5): every Logic App an enabled automation on
 * alerts or recommendations triggers exists and is Enabled; a disabled, suspended or
 * deleted Logic App means the automated response silently never runs.
 * One finding per Logic App, wherever it lives (other subscriptions too).
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"

#include <string.h>
#include <strings.h>

static void judge(const struct automation *a, const struct target *t,
		  struct finding *f)
{
	const char *name = resource_name(t->id);

	if (!t->state) {
		/* Every Logic App has a state: without one it was not read. */
		f->status = STATUS_ERROR;
		finding_message(f, "could not read the state of Logic App '%s' (run by "
				"'%s'): 'properties.state' is missing or not a string", name,
				a->name ? a->name : "?");
		return;
	}
	finding_observe(f, "state", "%s", t->state);
	if (!strcasecmp(t->state, "Enabled")) {
		f->status = STATUS_PASS;
		finding_message(f, "Logic App '%s' is Enabled (run by '%s')", name,
				a->name ? a->name : "?");
	} else {
		f->status = STATUS_FAIL;
		finding_message(f, "Logic App '%s' is %s, so automation '%s' triggers "
				"nothing", name, t->state, a->name ? a->name : "?");
	}
}

static const struct target_rule rule = {
	.type = ACTION_LOGIC_APP, .type2 = ACTION_LOGIC_APP, .exports_only = 0,
	.what = "Logic App", .what2 = "Logic App",
	.permission = "Microsoft.Logic/workflows/read",
	.permission2 = "Microsoft.Logic/workflows/read",
	.judge = judge,
	.none = "no enabled automation runs a Logic App on alerts or recommendations",
};

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	(void)p;
	eval_action_targets(self, sub, out, &rule);
}

/* Enable it, when the finding names a Logic App that was read. */
static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	size_t i = x->from;
	const struct finding *f;

	while ((f = fix_next(x, &i))) {
		fix_comment(b, "# Logic App (logic-app-enabled): ", f->message);
		if (finding_lookup(f, "state") && fix_is_safe(f->resource, FIX_ID_CHARS, 1024) &&
		    !strncmp(f->resource, "/subscriptions/", 15))
			buf_addf(b, "az rest --method post --output none --url "
				 "'%s/enable?api-version=2016-06-01'\n\n", f->resource);
		else
			buf_add(b, "# not scripted: fix the automation's Logic App "
				"action in the portal.\n\n");
	}
}

static const struct check_fix fix = { .order = 80, .write = fix_block };

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
	.fix = &fix,
	.eval = eval,
};
