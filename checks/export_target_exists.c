/*
 * export-target-exists (ASB 10.4): every Log Analytics workspace or Event
 * Hub that an enabled export of alerts or recommendations sends to
 * exists.  An export to a
 * deleted workspace looks configured in the portal but delivers nothing.
 * One finding per target; no enabled alert export: not applicable.
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"


static void judge(const struct automation *a, const struct target *t,
		  struct finding *f)
{
	f->status = STATUS_PASS;
	if (t->provisioning_state)
		finding_observe(f, "provisioning_state", "%s", t->provisioning_state);
	finding_message(f, "%s '%s' exists (target of export '%s')",
			t->kind == TARGET_EVENT_HUB ? "Event Hub" : "Log Analytics workspace",
			resource_name(t->id), a->name ? a->name : "?");
}

static const struct target_rule rule = {
	.type = ACTION_WORKSPACE, .type2 = ACTION_EVENT_HUB, .exports_only = 1,
	.what = "Log Analytics workspace", .what2 = "Event Hub",
	.permission = "Microsoft.OperationalInsights/workspaces/read",
	.permission2 = "Microsoft.EventHub/namespaces/eventhubs/read",
	.judge = judge,
	.none = "no enabled automation exports alerts or recommendations to a workspace or "
		"Event Hub",
	/* A deleted target silently drops every alert the export sends. */
	.gone_who = "export", .gone = "nowhere",
};

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	(void)p;
	eval_action_targets(self, sub, out, &rule);
}

/* A target that is gone is recreated or replaced by a person. */
static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	size_t i = x->from;
	const struct finding *f;

	buf_add(b, "# Export targets (export-target-exists): recreate the "
		"target, or point the export elsewhere (portal: Defender for "
		"Cloud > Continuous export); not scripted:\n");
	while ((f = fix_next(x, &i)))
		fix_comment(b, "#   ", f->message);
	buf_addch(b, '\n');
}

static const struct check_fix fix = { .order = 50, .write = fix_block };

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
	.fix = &fix,
	.eval = eval,
};
