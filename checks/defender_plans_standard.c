/*
 * defender-plans-standard (ASB 10.2): each Defender plan is on (pricing
 * tier Standard), so that alerts are raised and scored at all.  One
 * finding per plan; deprecated plans are not applicable, and with
 * --required-plans only the named plans must be on.
 *
 * In the CIS benchmarks each plan is its own recommendation, so each
 * finding carries its plan's CIS id.  The numbers are those of the
 * published CIS Microsoft Azure Foundations Benchmark 2.1.0 (section 2.1)
 * and 3.0.0 (section 3.1), as mapped in turbot/steampipe-mod-azure-
 * compliance (cis_v210/section_2, cis_v300/section_3).  Plans the
 * benchmarks do not name have no CIS control.
 */
#include "check.h"
#include "buf.h"
#include "pricings.h"

#include <string.h>
#include <strings.h>

static const struct plan_info {
	const char *name;
	const char *product;
	const char *cis_2_1_0;
	const char *cis_3_0_0;
} plans[] = {
	{ "VirtualMachines", "Defender for Servers", "2.1.1", "3.1.3.1" },
	{ "AppServices", "Defender for App Service", "2.1.2", "3.1.6.1" },
	{ "SqlServers", "Defender for Azure SQL Databases", "2.1.3", "3.1.7.3" },
	{ "SqlServerVirtualMachines", "Defender for SQL servers on machines", "2.1.4", "3.1.7.4" },
	{ "OpenSourceRelationalDatabases", "Defender for open-source relational databases", "2.1.5", "3.1.7.2" },
	{ "CosmosDbs", "Defender for Azure Cosmos DB", "2.1.6", "3.1.7.1" },
	{ "StorageAccounts", "Defender for Storage", "2.1.7", "3.1.5.1" },
	{ "Containers", "Defender for Containers", "2.1.8", "3.1.4.1" },
	{ "KeyVaults", "Defender for Key Vault", "2.1.9", "3.1.8.1" },
	{ "Dns", "Defender for DNS", "2.1.10", NULL },
	{ "Arm", "Defender for Resource Manager", "2.1.11", "3.1.9.1" },
	{ "Api", "Defender for APIs", NULL, NULL },
	{ "CloudPosture", "Defender CSPM", NULL, NULL },
	{ "AI", "Defender for AI services", NULL, NULL },
	{ "KubernetesService", "Defender for Kubernetes (legacy)", NULL, NULL },
	{ "ContainerRegistry", "Defender for container registries (legacy)", NULL, NULL },
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
	f->controls[FW_CIS_AZURE_2_1_0] = pi ? pi->cis_2_1_0 : NULL;
	f->controls[FW_CIS_AZURE_3_0_0] = pi ? pi->cis_3_0_0 : NULL;
	finding_cite(f, d);
	finding_observe(f, "plan", "%s", name);
	return f;
}

static const char *product(const char *name)
{
	const struct plan_info *pi = plan_info(name);

	return pi ? pi->product : "Defender plan";
}

static void eval_plan(const struct check *self, const struct sub_snapshot *sub,
		      const struct check_params *p, const struct pricing *pr,
		      struct findings *out)
{
	int required = !p->required_plans || !p->required_plans->n ||
		       strvec_find_ci(p->required_plans, pr->name) >= 0;
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
		f = plan_finding(self, sub, pr->name, STATUS_PASS, out);
		finding_observe(f, "pricing_tier", "%s", pr->tier);
		if (pr->sub_plan)
			buf_addf(&extra, ", sub-plan %s", pr->sub_plan);
		if (pr->enablement_time)
			buf_addf(&extra, ", on since %.10s", pr->enablement_time);
		finding_message(f, "%s (%s) is on: tier Standard%s", pr->name,
				product(pr->name), extra.buf);
	} else {
		f = plan_finding(self, sub, pr->name, STATUS_FAIL, out);
		finding_observe(f, "pricing_tier", "%s", pr->tier ? pr->tier : "");
		finding_message(f, "%s (%s) is off: pricing tier %s", pr->name,
				product(pr->name), pr->tier ? pr->tier : "not reported");
	}
	buf_release(&extra);
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
		eval_plan(self, sub, p, &l->items[i], out);
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

const struct check check_defender_plans_standard = {
	.id = "defender-plans-standard",
	.title = "Microsoft Defender plans are on (Standard tier)",
	.severity = SEV_HIGH,
	.control = {
		[FW_ASB_IR_2019] = "10.2", [FW_ASB_V1] = "10.2", [FW_MCSB_V1] = "IR-5",
		[FW_CIS_AZURE_2_1_0] = "2.1", [FW_CIS_AZURE_3_0_0] = "3.1",
	},
	.flags = CHECK_PER_FINDING_CONTROLS,
	.needs = NEED_BIT(NEED_PRICINGS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Defender plans: set each plan's status to On, "
		"then save.\n"
		"CLI: az security pricing create --name <plan, e.g. VirtualMachines> "
		"--tier Standard\n"
		"ARM/Bicep: Microsoft.Security/pricings '<plan>' at subscription "
		"scope, properties.pricingTier = 'Standard' (subPlan as needed).",
	.eval = eval,
};
