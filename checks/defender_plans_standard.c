/*
 * defender-plans-standard (ASB 10.2): each Defender plan is on (pricing
 * tier Standard), so that alerts are raised and scored at all.  One
 * finding per plan; deprecated plans are not applicable, and with
 * --required-plans only the named plans must be on.
 *
 * Standard is not the whole answer since pricings 2024-01-01: plans can
 * also be set per resource, and the subscription-level
 * resourcesCoverageStatus "reflects the coverage status of the resources
 * under the subscription ... there might be misalignment between the
 * subscription's plan status and the resource status" (Azure/azure-rest-
 * api-specs, Microsoft.Security/stable/2024-01-01/pricings.json
 * @095ae677).  A Standard plan that is PartiallyCovered ("some resources
 * under the subscription have the Defender plan enabled, while others
 * have it disabled") or NotCovered leaves resources without alerts: a
 * fail, with the status named.
 *
 * Defender for DNS: "New customers will receive DNS protection as part
 * of Defender for Servers P2. Existing customers who already use Defender
 * for DNS can continue to use the service" (MicrosoftDocs/azure-docs,
 * articles/defender-for-cloud/includes/defender-for-dns-note.md
 * @196476bd), and the policy that enabled the plan is deprecated
 * "because DNS bundle is being deprecated" (Azure/azure-policy,
 * ASC_Azure_Defender_DNS_DINE.json @8f5ad30e).  Older pricings versions
 * do not flag Dns deprecated, so a Free Dns plan beside Servers Plan 2 is
 * not applicable (the protection is there), not a fail.
 *
 * In the CIS benchmarks each plan is its own recommendation, so each
 * finding carries its plan's CIS id.  The numbers are those of the
 * published CIS Microsoft Azure Foundations Benchmark 2.1.0 (section
 * 2.1), 3.0.0 (section 3.1) and 4.0.0 (section 9.1), as mapped in
 * turbot/steampipe-mod-azure-compliance (cis_v210/section_2.sp @6fdc4b14,
 * cis_v300/section_3.pp @4424f49b, cis_v400/section_9.pp @14014a1e).
 * Plans the benchmarks do not name have no CIS control.
 */
#include "checks/check.h"
#include "checks/fix_util.h"
#include "util/buf.h"
#include "model/pricings.h"

#include <string.h>
#include <strings.h>

static const struct plan_info {
	const char *name;
	const char *product;
	const char *cis_2_1_0;
	const char *cis_3_0_0;
	const char *cis_4_0_0;
} plans[] = {
	{ "VirtualMachines", "Defender for Servers", "2.1.1", "3.1.3.1", "9.1.3.1" },
	{ "AppServices", "Defender for App Service", "2.1.2", "3.1.6.1", "9.1.6.1" },
	{ "SqlServers", "Defender for Azure SQL Databases", "2.1.3", "3.1.7.3", "9.1.7.3" },
	{ "SqlServerVirtualMachines", "Defender for SQL servers on machines", "2.1.4", "3.1.7.4", "9.1.7.4" },
	{ "OpenSourceRelationalDatabases", "Defender for open-source relational databases", "2.1.5", "3.1.7.2", "9.1.7.2" },
	{ "CosmosDbs", "Defender for Azure Cosmos DB", "2.1.6", "3.1.7.1", "9.1.7.1" },
	{ "StorageAccounts", "Defender for Storage", "2.1.7", "3.1.5.1", "9.1.5.1" },
	{ "Containers", "Defender for Containers", "2.1.8", "3.1.4.1", "9.1.4.1" },
	{ "KeyVaults", "Defender for Key Vault", "2.1.9", "3.1.8.1", "9.1.8.1" },
	{ "Dns", "Defender for DNS", "2.1.10", "3.1.16", "9.1.17" },
	{ "Arm", "Defender for Resource Manager", "2.1.11", "3.1.9.1", "9.1.9.1" },
	{ "Api", "Defender for APIs", NULL, NULL, NULL },
	{ "CloudPosture", "Defender CSPM", NULL, NULL, NULL },
	{ "AI", "Defender for AI services", NULL, NULL, NULL },
	{ "KubernetesService", "Defender for Kubernetes (legacy)", NULL, NULL, NULL },
	{ "ContainerRegistry", "Defender for container registries (legacy)", NULL, NULL, NULL },
};

static const struct plan_info *plan_info(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++)
		if (!strcasecmp(plans[i].name, name))
			return &plans[i];
	return NULL;
}

/* A plan name safe to put in a resource id (it comes from Azure). */
static const char *safe_name(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

	return *name && !name[n] && n <= 80 ? name : "unknown";
}

static struct finding *plan_finding(const struct check *self,
				    const struct sub_snapshot *sub, const char *name,
				    enum status st, struct findings *out)
{
	const struct plan_info *pi = plan_info(name);
	const struct dataset *d = &sub->sets[NEED_PRICINGS];
	struct buf id = BUF_INIT;
	struct finding *f;

	buf_addf(&id, "/subscriptions/%s/providers/Microsoft.Security/pricings/%s",
		 sub->id, safe_name(name));
	f = findings_add(out, self, sub, st, id.buf);
	buf_release(&id);
	finding_set_control(f, FW_CIS_AZURE_2_1_0, pi ? pi->cis_2_1_0 : NULL);
	finding_set_control(f, FW_CIS_AZURE_3_0_0, pi ? pi->cis_3_0_0 : NULL);
	finding_set_control(f, FW_CIS_AZURE_4_0_0, pi ? pi->cis_4_0_0 : NULL);
	finding_cite(f, d);
	finding_observe(f, "plan", "%s", name);
	return f;
}

static const char *product(const char *name)
{
	const struct plan_info *pi = plan_info(name);

	return pi ? pi->product : "Defender plan";
}

/* Servers Plan 2 on: it carries DNS protection for new customers. */
static const struct pricing *servers_p2(const struct pricing_list *l)
{
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		const struct pricing *pr = &l->items[i];

		if (!strcasecmp(pr->name, "VirtualMachines") && pr->tier &&
		    !strcasecmp(pr->tier, "Standard") && pr->sub_plan &&
		    !strcasecmp(pr->sub_plan, "P2"))
			return pr;
	}
	return NULL;
}

static void observe_coverage(struct finding *f, const struct pricing *pr)
{
	if (pr->coverage)
		finding_observe(f, "resources_coverage_status", "%s", pr->coverage);
	if (pr->enforce >= 0)
		finding_observe(f, "enforce", "%s", pr->enforce ? "True" : "False");
	if (pr->inherited >= 0)
		finding_observe(f, "inherited", "%s", pr->inherited ? "True" : "False");
	if (pr->inherited_from)
		finding_observe(f, "inherited_from", "%s", pr->inherited_from);
}

/* A Standard plan: on for every resource, or only for some. */
static void eval_standard(const struct check *self, const struct sub_snapshot *sub,
			  const struct pricing *pr, struct findings *out)
{
	int partial = pr->coverage && (!strcasecmp(pr->coverage, "PartiallyCovered") ||
				       !strcasecmp(pr->coverage, "NotCovered"));
	struct finding *f = plan_finding(self, sub, pr->name,
					 partial ? STATUS_FAIL : STATUS_PASS, out);
	struct buf extra = BUF_INIT;

	finding_observe(f, "pricing_tier", "%s", pr->tier);
	/*
	 * What overrides the plan explains a partial coverage; a full one is
	 * in the message (16 plans in each of thousands of subscriptions:
	 * observed values are kept until the reports are written).
	 */
	if (partial)
		observe_coverage(f, pr);
	if (pr->sub_plan)
		buf_addf(&extra, ", sub-plan %s", pr->sub_plan);
	if (pr->enablement_time)
		buf_addf(&extra, ", on since %.10s", pr->enablement_time);
	if (partial)
		finding_message(f, "%s (%s) is on for the subscription (tier Standard%s) "
				"but resources override it: resourcesCoverageStatus %s, "
				"so some resources raise no alerts%s", pr->name,
				product(pr->name), extra.buf, pr->coverage,
				pr->enforce == 0 ? " (enforce is False: resources may "
				"turn the plan off)" : "");
	else
		finding_message(f, "%s (%s) is on: tier Standard%s%s%s", pr->name,
				product(pr->name), extra.buf,
				pr->coverage ? ", resources " : "",
				pr->coverage ? pr->coverage : "");
	buf_release(&extra);
}

static void eval_plan(const struct check *self, const struct sub_snapshot *sub,
		      const struct check_params *p, const struct pricing_list *l,
		      const struct pricing *pr, struct findings *out)
{
	int required = !p->required_plans || !p->required_plans->n ||
		       strvec_find_ci(p->required_plans, pr->name) >= 0;
	const struct pricing *p2;
	struct finding *f;
	struct buf extra = BUF_INIT;
	size_t i;

	if (pr->deprecated) {
		f = plan_finding(self, sub, pr->name, STATUS_NOT_APPLICABLE, out);
		for (i = 0; i < pr->replaced_by.n; i++)
			buf_addf(&extra, "%s%s", i ? ", " : "", pr->replaced_by.v[i]);
		finding_message(f, "not applicable: plan %s is deprecated%s%s", pr->name,
				extra.len ? ", replaced by " : "", extra.buf);
		buf_release(&extra);
		return;
	}
	if (!required) {
		f = plan_finding(self, sub, pr->name, STATUS_NOT_APPLICABLE, out);
		finding_message(f, "not applicable: plan %s is not in --required-plans",
				pr->name);
		return;
	}
	if (pr->tier && !strcasecmp(pr->tier, "Standard")) {
		eval_standard(self, sub, pr, out);
		return;
	}
	p2 = !strcasecmp(pr->name, "Dns") ? servers_p2(l) : NULL;
	f = plan_finding(self, sub, pr->name, p2 ? STATUS_NOT_APPLICABLE : STATUS_FAIL, out);
	finding_observe(f, "pricing_tier", "%s", pr->tier ? pr->tier : "");
	if (p2) {
		finding_observe(f, "covered_by", "VirtualMachines %s P2", p2->tier);
		finding_message(f, "not applicable: plan Dns is %s, but Defender for "
				"Servers Plan 2 is on and includes DNS protection (Microsoft "
				"sells DNS protection to new customers only as part of "
				"Servers P2)", pr->tier ? pr->tier : "not reported");
		return;
	}
	finding_message(f, "%s (%s) is off: pricing tier %s", pr->name,
			product(pr->name), pr->tier ? pr->tier : "not reported");
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_PRICINGS];
	const struct pricing_list *l;
	struct finding *f;
	size_t i, j, before = out->n;

	if (finding_unreadable(out, self, sub, d, need_name(NEED_PRICINGS),
			       "Microsoft.Security/pricings/read"))
		return;
	l = d->data;
	for (i = 0; l && i < l->n; i++)
		eval_plan(self, sub, p, l, &l->items[i], out);
	/* A required plan the subscription does not even list cannot be on. */
	for (j = 0; p->required_plans && j < p->required_plans->n; j++) {
		const char *want = p->required_plans->v[j];
		int listed = 0;

		for (i = 0; l && i < l->n; i++)
			listed |= !strcasecmp(l->items[i].name, want);
		if (listed)
			continue;
		f = plan_finding(self, sub, want, STATUS_FAIL, out);
		finding_message(f, "plan %s is required (--required-plans) but the "
				"subscription lists no such Defender plan", want);
	}
	if (out->n == before) {
		f = findings_add(out, self, sub, STATUS_FAIL, NULL);
		finding_cite(f, d);
		finding_message(f, "the pricings API listed no Defender plan for the "
				"subscription");
	}
}

/* A failing plan that is Standard already: resources override it. */
static int on_for_subscription(const struct finding *f)
{
	const char *tier = finding_lookup(f, "pricing_tier");

	return tier && !strcasecmp(tier, "Standard");
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	size_t i = x->from;
	const struct finding *f;

	buf_add(b, "# Defender plans (defender-plans-standard): Standard tier, "
		"billed per protected resource.\n");
	while ((f = fix_next(x, &i))) {
		const char *plan = finding_lookup(f, "plan");

		/* On but partly overridden by resources: enforce it on them. */
		if (fix_is_safe(plan, FIX_NAME_CHARS, 80))
			buf_addf(b, "%s '%s' '%s'\n", on_for_subscription(f) ? "enforce_plan" :
				 "put_plan", x->sub, plan);
		else
			fix_comment(b, "# not scripted: ", f->message);
	}
	buf_addch(b, '\n');
}

static const struct check_fix fix = { .order = 20, .write = fix_block };

const struct check check_defender_plans_standard = {
	.id = "defender-plans-standard",
	.title = "Microsoft Defender plans are on (Standard tier)",
	.severity = SEV_HIGH,
	.control = {
		[FW_ASB_IR_2019] = "10.2", [FW_ASB_V1] = "10.2", [FW_MCSB_V1] = "IR-5",
		[FW_CIS_AZURE_2_1_0] = "2.1", [FW_CIS_AZURE_3_0_0] = "3.1",
		[FW_CIS_AZURE_4_0_0] = "9.1",
	},
	.flags = CHECK_PER_FINDING_CONTROLS,
	.needs = NEED_BIT(NEED_PRICINGS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Defender plans: set each plan's status to On, "
		"then save.\n"
		"A plan that is on but PartiallyCovered: turn it on for the "
		"resources that override it (Defender plans > <plan> > resources), "
		"or enforce the subscription's setting on them.\n"
		"CLI: az security pricing create --name <plan, e.g. VirtualMachines> "
		"--tier Standard; to enforce it on every resource: az rest --method "
		"put --url /subscriptions/<subscription-id>/providers/Microsoft."
		"Security/pricings/<plan>?api-version=2024-01-01 --body "
		"'{\"properties\":{\"pricingTier\":\"Standard\",\"enforce\":\"True\"}}'\n"
		"ARM/Bicep: Microsoft.Security/pricings '<plan>' at subscription "
		"scope, properties.pricingTier = 'Standard' (subPlan as needed), "
		"properties.enforce = 'True' to stop resources overriding it.",
	.fix = &fix,
	.eval = eval,
};
