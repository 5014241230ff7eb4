/*
 * test_checks_ir.c - the checks of controls 10.1, 10.2, 10.4 and 10.5 on
 * recorded bodies (fixtures/arm/) and small inline variants: pass, fail,
 * error and not-applicable for each, with the words of the message.
 */
#include "t.h"
#include "world.h"
#include "model/alerts.h"
#include "checks/attest_util.h"
#include "model/automations.h"
#include "checks/check.h"
#include "util/json.h"
#include "model/pricings.h"
#include "model/sentinel.h"

#include <stdlib.h>
#include <strings.h>
#include <time.h>

static const struct model pricing_model = { pricings_new, pricings_add_page, pricings_free };
static const struct model alert_model = { alerts_new, alerts_add_page, alerts_free };
static const struct model automation_model = { automations_new, automations_add_page, automations_free };
static const struct model connector_model = { connectors_new, connectors_add_page, connectors_free };

void test_checks_ir__defender_plans_example(void)
{
	struct world w;
	const struct finding *f;

	world_init(&w);
	fill_file(&w.sub->sets[NEED_PRICINGS], &pricing_model, "pricings/2024-01-01_example-list.json");
	world_run(&w, "defender-plans-standard");
	T_EQ_INT("one finding per plan", 13, w.out.n);
	/* Microsoft's example has Servers Standard but PartiallyCovered. */
	f = world_pick(&w, "/pricings/VirtualMachines");
	world_expect(f, STATUS_FAIL, "VirtualMachines (Defender for Servers) is on for the subscription "
	       "(tier Standard, sub-plan P2, on since 2023-03-01) but resources override it: "
	       "resourcesCoverageStatus PartiallyCovered");
	if (f) {
		T_EQ_STR("coverage observed", "PartiallyCovered",
			 finding_observed(f, "resources_coverage_status"));
		T_EQ_STR("enforce observed", "False", finding_observed(f, "enforce"));
		T_EQ_STR("CIS 2.1.0", "2.1.1", f->controls[FW_CIS_AZURE_2_1_0]);
		T_EQ_STR("CIS 3.0.0", "3.1.3.1", f->controls[FW_CIS_AZURE_3_0_0]);
		T_EQ_STR("CIS 4.0.0", "9.1.3.1", f->controls[FW_CIS_AZURE_4_0_0]);
		T_EQ_STR("ASB", "10.2", f->controls[FW_ASB_IR_2019]);
		T_CONTAINS("resource", f->resource, "/subscriptions/" SUB "/providers/Microsoft.Security/pricings/");
	}
	world_expect(world_pick(&w, "/pricings/AppServices"), STATUS_FAIL, "is off: pricing tier Free");
	world_expect(world_pick(&w, "/pricings/OpenSourceRelationalDatabases"), STATUS_FAIL, "tier Free");
	world_expect(world_pick(&w, "/pricings/KubernetesService"), STATUS_NOT_APPLICABLE, "deprecated, replaced by Containers");
	f = world_pick(&w, "/pricings/CloudPosture");
	world_expect(f, STATUS_PASS, "is on: tier Standard, on since 2023-03-01, resources FullyCovered");
	if (f)
		T_ASSERT(f->controls[FW_CIS_AZURE_2_1_0] == NULL);
	/* [LEGACY] Defender for DNS: CIS 3.0.0 3.1.16, 4.0.0 9.1.17 (issue 13). */
	f = world_pick(&w, "/pricings/Dns");
	if (f) {
		T_EQ_STR("DNS in CIS 3.0.0", "3.1.16", f->controls[FW_CIS_AZURE_3_0_0]);
		T_EQ_STR("DNS in CIS 4.0.0", "9.1.17", f->controls[FW_CIS_AZURE_4_0_0]);
	}
	world_release(&w);
}

void test_checks_ir__defender_plans_required_and_variants(void)
{
	struct world w;

	world_init(&w);
	fill_file(&w.sub->sets[NEED_PRICINGS], &pricing_model, "pricings/2024-01-01_example-list.json");
	strvec_split(&w.plans, "virtualmachines,AppServices,Quantum", ',');
	world_run(&w, "defender-plans-standard");
	world_expect(world_pick(&w, "/pricings/VirtualMachines"), STATUS_FAIL, "PartiallyCovered");
	world_expect(world_pick(&w, "/pricings/AppServices"), STATUS_FAIL, "is off");
	world_expect(world_pick(&w, "/pricings/SqlServers"), STATUS_NOT_APPLICABLE, "not in --required-plans");
	world_expect(world_pick(&w, "/pricings/Quantum"), STATUS_FAIL, "lists no such Defender plan");
	world_release(&w);

	/* The 2026 example marks Dns deprecated (replaced by VirtualMachines). */
	world_init(&w);
	fill_file(&w.sub->sets[NEED_PRICINGS], &pricing_model, "pricings/2026-07-01_example-list.json");
	world_run(&w, "defender-plans-standard");
	world_expect(world_pick(&w, "/pricings/Dns"), STATUS_NOT_APPLICABLE, "replaced by VirtualMachines");
	world_expect(world_pick(&w, "/pricings/Api"), STATUS_PASS, "Defender for APIs");
	world_release(&w);

	/* Nothing listed, wrong types, odd names: never a pass. */
	world_init(&w);
	fill_text(&w.sub->sets[NEED_PRICINGS], &pricing_model, "{\"value\": []}");
	world_run(&w, "defender-plans-standard");
	T_EQ_INT("one finding", 1, w.out.n);
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "listed no Defender plan");
	pricings_free(w.sub->sets[NEED_PRICINGS].data);
	w.sub->sets[NEED_PRICINGS].data = NULL;
	fill_text(&w.sub->sets[NEED_PRICINGS], &pricing_model,
		  "{\"value\": [{\"name\": \"VirtualMachines\", \"properties\": {\"pricingTier\": true, "
		  "\"deprecated\": \"yes\"}}, {\"name\": \"../../x?y\", \"properties\": "
		  "{\"pricingTier\": \"standard\"}}, {\"properties\": {}}, 7]}");
	world_run(&w, "defender-plans-standard");
	T_EQ_INT("two named plans", 2, w.out.n);
	world_expect(world_pick(&w, "/pricings/VirtualMachines"), STATUS_FAIL, "tier not reported");
	world_expect(world_pick(&w, "/pricings/unknown"), STATUS_PASS, "is on");
	world_release(&w);
}

/* Dns off beside Servers Plan 2: the protection is there (issue 13). */
void test_checks_ir__dns_inside_servers_p2(void)
{
	static const struct {
		const char *vm_tier, *vm_sub_plan;
		enum status dns;
		const char *part;
	} rows[] = {
		{ "Standard", "P2", STATUS_NOT_APPLICABLE, "Defender for Servers Plan 2 is on" },
		{ "Standard", "P1", STATUS_FAIL, "Dns (Defender for DNS) is off: pricing tier Free" },
		{ "Free", "P2", STATUS_FAIL, "is off" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;
		char json[512];

		world_init(&w);
		snprintf(json, sizeof(json), "{\"value\": [{\"name\": \"VirtualMachines\", "
			 "\"properties\": {\"pricingTier\": \"%s\", \"subPlan\": \"%s\"}}, "
			 "{\"name\": \"Dns\", \"properties\": {\"pricingTier\": \"Free\"}}]}",
			 rows[i].vm_tier, rows[i].vm_sub_plan);
		fill_text(&w.sub->sets[NEED_PRICINGS], &pricing_model, json);
		world_run(&w, "defender-plans-standard");
		world_expect(world_pick(&w, "/pricings/Dns"), rows[i].dns, rows[i].part);
		world_release(&w);
	}
}

/* resourcesCoverageStatus decides a Standard plan (pricings 2024-01-01). */
void test_checks_ir__plan_coverage(void)
{
	static const struct {
		const char *coverage;
		enum status expected;
	} rows[] = {
		{ "FullyCovered", STATUS_PASS },
		{ "PartiallyCovered", STATUS_FAIL },
		{ "NotCovered", STATUS_FAIL },
		{ "SomethingNew", STATUS_PASS },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;
		char json[512];

		world_init(&w);
		snprintf(json, sizeof(json), "{\"value\": [{\"name\": \"StorageAccounts\", "
			 "\"properties\": {\"pricingTier\": \"Standard\", \"enforce\": \"True\", "
			 "\"inherited\": \"False\", \"resourcesCoverageStatus\": \"%s\"}}]}",
			 rows[i].coverage);
		fill_text(&w.sub->sets[NEED_PRICINGS], &pricing_model, json);
		world_run(&w, "defender-plans-standard");
		world_expect(world_pick(&w, "/pricings/StorageAccounts"), rows[i].expected,
			     rows[i].coverage);
		/* What overrides the plan is observed where it explains a fail. */
		if (w.out.n && rows[i].expected == STATUS_FAIL) {
			T_EQ_STR("enforce", "True", finding_observed(&w.out.items[0], "enforce"));
			T_EQ_STR("inherited", "False", finding_observed(&w.out.items[0], "inherited"));
		}
		if (w.out.n && rows[i].expected == STATUS_FAIL)
			T_EQ_STR("coverage", rows[i].coverage,
				 finding_observed(&w.out.items[0], "resources_coverage_status"));
		world_release(&w);
	}
}

void test_checks_ir__criticality_tag(void)
{
	static const struct {
		const char *keys, *values;
		enum status expected;
		const char *part;
	} rows[] = {
		{ "Criticality", "High", STATUS_PASS, "tag 'criticality' = 'High'" },
		{ "owner,env", "me,prod", STATUS_PASS, "tag 'env' = 'prod'" },
		{ "env,owner", " ,me", STATUS_FAIL, "(empty: 'env'); its tags are: env, owner" },
		{ "", "", STATUS_FAIL, "the subscription has no tags" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;

		world_init(&w);
		strvec_split(&w.sub->tag_keys, rows[i].keys, ',');
		/* Values may be blank: add them one by one, keeping blanks. */
		{
			const char *p = rows[i].values;

			while (w.sub->tag_values.n < w.sub->tag_keys.n) {
				const char *c = strchr(p, ',');
				size_t n = c ? (size_t)(c - p) : strlen(p);

				strvec_pushn(&w.sub->tag_values, p, n);
				p = c ? c + 1 : p + n;
			}
		}
		world_run(&w, "subscription-criticality-tag");
		T_EQ_INT("findings", 1, w.out.n);
		if (w.out.n)
			world_expect(&w.out.items[0], rows[i].expected, rows[i].part);
		world_release(&w);
	}
}

void test_checks_ir__high_alerts(void)
{
	struct world w;
	char json[2048];
	time_t now = time(NULL);
	struct tm tm;
	char recent[32];

	/* Microsoft's example: an Active High alert from 2020. */
	world_init(&w);
	fill_file(&w.sub->sets[NEED_ALERTS], &alert_model, "alerts/2022-01-01_example-list.json");
	world_run(&w, "high-alerts-triaged");
	T_EQ_INT("findings", 1, w.out.n);
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "1 Active High alert is older than 7 days; the "
		       "oldest, 'Azure Security Center test alert (not a threat)', was raised "
		       "2020-02-23T13:47:58Z");
	world_release(&w);

	/* Recent ones pass; lower severities and closed ones do not count. */
	gmtime_r(&(time_t){ now - 86400 }, &tm);
	strftime(recent, sizeof(recent), "%Y-%m-%dT%H:%M:%S.1234567Z", &tm);
	snprintf(json, sizeof(json),
		 "{\"value\": [{\"properties\": {\"severity\": \"high\", \"status\": \"active\", "
		 "\"timeGeneratedUtc\": \"%s\"}}, {\"properties\": {\"severity\": \"High\", "
		 "\"status\": \"Resolved\", \"timeGeneratedUtc\": \"2001-01-01T00:00:00Z\"}}, "
		 "{\"properties\": {\"severity\": \"Medium\", \"status\": \"Active\", "
		 "\"timeGeneratedUtc\": \"2001-01-01T00:00:00Z\"}}]}", recent);
	world_init(&w);
	fill_text(&w.sub->sets[NEED_ALERTS], &alert_model, json);
	world_run(&w, "high-alerts-triaged");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_PASS, "no Active High alert is older than 7 days "
		       "(1 Active High, 3 alerts read)");
	world_release(&w);

	/* An Active High alert without a readable time is not assumed recent. */
	world_init(&w);
	fill_text(&w.sub->sets[NEED_ALERTS], &alert_model,
		  "{\"value\": [{\"properties\": {\"severity\": \"High\", \"status\": \"Active\", "
		  "\"timeGeneratedUtc\": \"yesterday\"}}]}");
	world_run(&w, "high-alerts-triaged");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "1 Active High alert has no readable time");
	world_release(&w);

	/* An alert of unknown severity or status could be Active High: error. */
	world_init(&w);
	fill_text(&w.sub->sets[NEED_ALERTS], &alert_model,
		  "{\"value\": [{\"properties\": {\"severity\": 3, \"status\": \"Active\"}}, {}]}");
	world_run(&w, "high-alerts-triaged");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_ERROR, "2 of 2 alerts have no readable severity or status");
	world_release(&w);
}

/* An automation list with one Logic App target per state. */
static const char *logic_apps_json =
	"{\"value\": [{\"id\": \"/subscriptions/" SUB "/resourceGroups/rg/providers/"
	"Microsoft.Security/automations/A\", \"name\": \"A\", \"properties\": {\"isEnabled\": "
	"true, \"scopes\": [{\"scopePath\": \"/subscriptions/" SUB "\"}], \"sources\": "
	"[{\"eventSource\": \"alerts\"}], \"actions\": ["
	"{\"actionType\": \"LogicApp\", \"logicAppResourceId\": \"/subscriptions/" SUB
	"/resourceGroups/rg/providers/Microsoft.Logic/workflows/on\"},"
	"{\"actionType\": \"logicapp\", \"logicAppResourceId\": \"/subscriptions/" SUB
	"/resourceGroups/rg/providers/Microsoft.Logic/workflows/off\"},"
	"{\"actionType\": \"LogicApp\", \"logicAppResourceId\": \"/subscriptions/" SUB
	"/resourceGroups/rg/providers/Microsoft.Logic/workflows/gone\"},"
	"{\"actionType\": \"LogicApp\", \"logicAppResourceId\": \"/subscriptions/" SUB
	"/resourceGroups/rg/providers/Microsoft.Logic/workflows/locked\"},"
	"{\"actionType\": \"LogicApp\", \"logicAppResourceId\": \"https://evil.example.com/x\"},"
	"{\"actionType\": \"LogicApp\"},"
	"{\"actionType\": \"Workspace\", \"workspaceResourceId\": \"/subscriptions/" SUB
	"/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws\"}]}}]}";

static struct target *add_target(struct world *w, const char *name, enum target_kind kind,
				 long status, const char *state)
{
	struct buf id = BUF_INIT;
	struct target *t;

	buf_addf(&id, "/subscriptions/%s/resourceGroups/rg/providers/%s/%s", SUB,
		 kind == TARGET_LOGIC_APP ? "Microsoft.Logic/workflows" :
		 "Microsoft.OperationalInsights/workspaces", name);
	t = snapshot_add_target(&w->snap, id.buf, kind);
	t->id_valid = 1;
	if (status == 200) {
		t->ds.state = DATA_OK;
		t->state = xstrdup_or_null(state);
	} else {
		dataset_fail(&t->ds, status, status == 404 ? "ResourceNotFound" :
			     "AuthorizationFailed", "no", NULL, NULL);
	}
	buf_release(&id);
	return t;
}

void test_checks_ir__logic_apps_and_targets(void)
{
	struct world w;

	world_init(&w);
	fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model, logic_apps_json);
	add_target(&w, "on", TARGET_LOGIC_APP, 200, "Enabled");
	add_target(&w, "off", TARGET_LOGIC_APP, 200, "Suspended");
	add_target(&w, "gone", TARGET_LOGIC_APP, 404, NULL);
	add_target(&w, "locked", TARGET_LOGIC_APP, 403, NULL);
	snapshot_add_target(&w.snap, "https://evil.example.com/x", TARGET_LOGIC_APP);
	add_target(&w, "ws", TARGET_WORKSPACE, 404, NULL);
	world_run(&w, "logic-app-enabled");
	T_EQ_INT("one finding per Logic App", 6, w.out.n);
	world_expect(world_pick(&w, "/workflows/on"), STATUS_PASS, "Logic App 'on' is Enabled (run by 'A')");
	world_expect(world_pick(&w, "/workflows/off"), STATUS_FAIL, "Logic App 'off' is Suspended");
	world_expect(world_pick(&w, "/workflows/gone"), STATUS_FAIL, "does not exist (HTTP 404 ResourceNotFound)");
	world_expect(world_pick(&w, "/workflows/locked"), STATUS_ERROR, "HTTP 403 AuthorizationFailed");
	/* Not requested, so not verified: an error, never a fail (issue 13). */
	world_expect(world_pick(&w, "evil.example.com/x"), STATUS_ERROR, "is not a Logic App resource id");
	world_expect(world_pick(&w, "/automations/A"), STATUS_FAIL, "without a Logic App id");

	world_run(&w, "export-target-exists");
	T_EQ_INT("one export target", 1, w.out.n);
	world_expect(world_pick(&w, "/workspaces/ws"), STATUS_FAIL, "does not exist (HTTP 404 ResourceNotFound): "
	       "export 'A' sends alerts nowhere");
	world_run(&w, "workflow-automation-alerts");
	world_expect(world_pick(&w, "/automations/A"), STATUS_PASS, "1 enabled automation: 'A'");
	world_run(&w, "alerts-exported");
	world_expect(world_pick(&w, "/automations/A"), STATUS_PASS, "exported continuously by 'A' to a Log Analytics workspace");
	world_release(&w);
}

void test_checks_ir__automation_example_and_variants(void)
{
	struct world w;

	/* Microsoft's example: a LogicApp on Assessments of one resource group. */
	world_init(&w);
	fill_file(&w.sub->sets[NEED_AUTOMATIONS], &automation_model,
		  "automations/2023-12-01-preview_example-list.json");
	w.snap.sentinel_searched = 1;
	world_run(&w, "workflow-automation-alerts");
	T_EQ_INT("findings", 1, w.out.n);
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "'exampleAutomation' runs a Logic App for "
		       "Assessments, not Alerts");
	/* Its Logic App is one of recommendations (issue 19): not read in this world. */
	world_run(&w, "logic-app-enabled");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_ERROR, "Logic App 'MyTest1' was not read");
	world_run(&w, "workflow-automation-recommendations");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "'exampleAutomation' runs a Logic App on "
			     "recommendations of only /subscriptions/");
	world_run(&w, "recommendations-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "no enabled automation exports Assessments");
	world_run(&w, "export-target-exists");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_NOT_APPLICABLE, "no enabled automation exports alerts");
	world_run(&w, "alerts-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "no enabled automation exports Alerts; no "
		       "Microsoft Sentinel workspace (0 searched)");
	world_release(&w);

	/* Scoped to resource groups only: the fail names them. */
	world_init(&w);
	fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model,
		  "{\"value\": [{\"name\": \"E\", \"properties\": {\"isEnabled\": true, \"scopes\": "
		  "[{\"scopePath\": \"/subscriptions/" SUB "/resourceGroups/rg1\"}, {\"scopePath\": "
		  "\"/subscriptions/" SUB "/resourceGroups/rg2\"}], \"sources\": [{\"eventSource\": "
		  "\"Alerts\"}], \"actions\": [{\"actionType\": \"EventHub\", \"eventHubResourceId\": "
		  "\"x\"}]}}, {\"name\": \"D\", \"properties\": {\"isEnabled\": \"false\", \"scopes\": "
		  "[{\"scopePath\": \"/subscriptions/" SUB "/\"}], \"sources\": [{\"eventSource\": "
		  "\"Alerts\"}], \"actions\": [{\"actionType\": \"Workspace\"}]}}]}");
	w.snap.sentinel_searched = 1;
	world_run(&w, "alerts-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "alert export 'E' covers only /subscriptions/" SUB
		       "/resourceGroups/rg1, /subscriptions/" SUB "/resourceGroups/rg2; alert export "
		       "'D' is disabled");
	/* A failed part of the Sentinel search turns that fail into an error. */
	w.sub->sets[NEED_WORKSPACES].state = DATA_ERROR;
	w.sub->sets[NEED_WORKSPACES].err.status = 403;
	world_run(&w, "alerts-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_ERROR, "could not be fully searched");
	/* ... unless the provider is simply not registered there. */
	w.sub->sets[NEED_WORKSPACES].err.code = xstrdup("MissingSubscriptionRegistration");
	w.sub->sets[NEED_WORKSPACES].err.status = 409;
	world_run(&w, "alerts-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "covers only");
	world_release(&w);
}

void test_checks_ir__sentinel_connector(void)
{
	struct world w;
	struct sentinel_workspace *ws;
	char json[1024];

	world_init(&w);
	fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model, "{\"value\": []}");
	w.snap.sentinel_searched = 1;
	ws = snapshot_add_workspace(&w.snap, "/subscriptions/" SUB "/resourceGroups/rg/providers/"
				    "Microsoft.OperationalInsights/workspaces/soc");
	ws->onboarded = 1;
	snprintf(json, sizeof(json), "{\"value\": [{\"kind\": \"AzureSecurityCenter\", \"id\": \"c1\", "
		 "\"properties\": {\"subscriptionId\": \"%s\", \"dataTypes\": {\"alerts\": "
		 "{\"state\": \"Disabled\"}}}}, {\"kind\": \"Office365\", \"properties\": "
		 "{\"subscriptionId\": \"%s\"}}]}", SUB, SUB);
	fill_text(&ws->connectors, &connector_model, json);
	world_run(&w, "alerts-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "1 searched");
	connectors_free(ws->connectors.data);
	ws->connectors.data = NULL;
	snprintf(json, sizeof(json), "{\"value\": [{\"kind\": \"azuresecuritycenter\", \"id\": \"c2\", "
		 "\"properties\": {\"subscriptionId\": \"%s\", \"dataTypes\": {\"alerts\": "
		 "{\"state\": \"enabled\"}}}}]}", "20FF7FC3-E762-44DD-BD96-B71116DCDC23");
	fill_text(&ws->connectors, &connector_model, json);
	world_run(&w, "alerts-exported");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_PASS, "alerts reach Microsoft Sentinel: workspace 'soc'");
	world_release(&w);
}

void test_checks_ir__attestations(void)
{
	struct world w;
	struct attestation_list l;
	struct attestation a[2];
	const struct check *plan = check_find("ir-plan-attested");
	const struct check *ex = check_find("ir-exercise-attested");

	world_init(&w);
	memset(&l, 0, sizeof(l));
	memset(a, 0, sizeof(a));
	l.items = a;
	l.n = 2;
	l.file = (char *)"att.json";
	a[0].control = (char *)"10.1";
	a[0].framework = FW_ASB_IR_2019;
	a[0].subscription = (char *)"*";
	a[0].document = (char *)"IR plan v3";
	a[0].owner = (char *)"CISO";
	a[0].reviewed = (char *)"recent";
	a[0].reviewed_at = w.p.now - 30 * 86400;
	a[1] = a[0];
	a[1].control = (char *)"IR-1";
	a[1].framework = FW_MCSB_V1;
	a[1].subscription = (char *)"00000000-0000-0000-0000-000000000000";
	a[1].reviewed = (char *)"old";
	a[1].reviewed_at = w.p.now - 400 * 86400;

	world_run(&w, "ir-plan-attested");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_MANUAL, "no attestation covers the incident response plan");
	w.p.attestations = &l;
	T_ASSERT(attestation_for(&l, plan, SUB) == &a[0]);
	T_ASSERT(attestation_for(&l, ex, SUB) == NULL);
	T_ASSERT(attestation_for(&l, ex, "00000000-0000-0000-0000-000000000000") == &a[1]);
	world_run(&w, "ir-plan-attested");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_PASS, "'IR plan v3' (owner CISO) was reviewed on recent, "
		       "30 days ago");
	w.p.attestation_max_age_days = 20;
	world_run(&w, "ir-plan-attested");
	if (w.out.n)
		world_expect(&w.out.items[0], STATUS_FAIL, "30 days ago: more than the 20 days allowed");
	world_release(&w);
}
