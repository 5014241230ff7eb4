/*
 * test_checks_family.c - the checks beyond 10.1-10.5 (settings,
 * suppression rules, alert sync, retention, lessons learned) and the
 * Sentinel routes of today (Defender XDR, playbooks), on Microsoft's
 * example bodies (fixtures/arm/), recorded ones (fixtures/recorded/)
 * and inline variants.
 */
#include "t.h"
#include "world.h"
#include "model/alerts.h"
#include "model/attestations.h"
#include "policy/attest_file.h"
#include "model/automations.h"
#include "model/sentinel.h"
#include "model/settings.h"
#include "model/suppression.h"

#include <stdlib.h>
#include <strings.h>
#include <time.h>

static const struct model settings_model = { settings_new, settings_add_page, settings_free };
static const struct model suppression_model = { suppression_new, suppression_add_page,
						suppression_free };
static const struct model automation_model = { automations_new, automations_add_page,
					       automations_free };
static const struct model connector_model = { connectors_new, connectors_add_page,
					      connectors_free };
static const struct model rules_model = { auto_rules_new, auto_rules_add_page, auto_rules_free };

#define WS "/subscriptions/" SUB "/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/soc"

static void settings_text(struct world *w, const char *wdatp, const char *mcas, const char *sentinel)
{
	char json[1024];

	snprintf(json, sizeof(json), "{\"value\": ["
		 "{\"name\": \"WDATP\", \"kind\": \"DataExportSettings\", \"properties\": {\"enabled\": %s}},"
		 "{\"name\": \"MCAS\", \"kind\": \"DataExportSetting\", \"properties\": {\"enabled\": %s}},"
		 "{\"name\": \"Sentinel\", \"kind\": \"AlertSyncSettings\", \"properties\": {\"enabled\": %s}}]}",
		 wdatp, mcas, sentinel);
	dataset_release(&w->sub->sets[NEED_SETTINGS]);
	fill_text(&w->sub->sets[NEED_SETTINGS], &settings_model, json);
}

void test_checks_family__integrations_example(void)
{
	struct world w;

	/* Microsoft's 2022-05-01 example: MCAS on, WDATP off, Sentinel sync off. */
	world_init(&w);
	fill_file(&w.sub->sets[NEED_SETTINGS], &settings_model, "settings/2022-05-01_example-list.json");
	world_run(&w, "defender-endpoint-integration");
	world_expect(world_pick(&w, "/settings/WDATP"), STATUS_FAIL,
		     "Microsoft Defender for Endpoint is off (settings/WDATP enabled false)");
	world_run(&w, "defender-cloud-apps-integration");
	world_expect(world_pick(&w, "/settings/MCAS"), STATUS_PASS, "Defender for Cloud Apps is on");
	world_release(&w);

	/* The 2021-06-01 example has no MCAS entry: not an answer. */
	world_init(&w);
	fill_file(&w.sub->sets[NEED_SETTINGS], &settings_model, "settings/2021-06-01_example-list.json");
	world_run(&w, "defender-cloud-apps-integration");
	world_expect(world_pick(&w, "/settings/MCAS"), STATUS_ERROR, "has no 'MCAS' entry");
	world_release(&w);
}

void test_checks_family__integrations_variants(void)
{
	static const struct {
		const char *wdatp, *mcas;
		enum status endpoint, apps;
	} rows[] = {
		{ "true", "true", STATUS_PASS, STATUS_PASS },
		{ "\"True\"", "\"false\"", STATUS_PASS, STATUS_FAIL },
		{ "1", "null", STATUS_ERROR, STATUS_ERROR },
		{ "\"yes\"", "{}", STATUS_ERROR, STATUS_ERROR },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;

		world_init(&w);
		settings_text(&w, rows[i].wdatp, rows[i].mcas, "true");
		world_run(&w, "defender-endpoint-integration");
		T_EQ_STR(rows[i].wdatp, status_name(rows[i].endpoint), status_name(w.out.items[0].status));
		world_run(&w, "defender-cloud-apps-integration");
		T_EQ_STR(rows[i].mcas, status_name(rows[i].apps), status_name(w.out.items[0].status));
		world_release(&w);
	}
	/* Unreadable settings name the permission. */
	{
		struct world w;

		world_init(&w);
		dataset_fail(&w.sub->sets[NEED_SETTINGS], 403, "AuthorizationFailed", "no", NULL, NULL);
		world_run(&w, "defender-endpoint-integration");
		world_expect(&w.out.items[0], STATUS_ERROR, "HTTP 403 AuthorizationFailed");
		T_EQ_STR("permission", "Microsoft.Security/settings/read",
			 finding_observed(&w.out.items[0], "required_permission"));
		world_release(&w);
	}
}

/* Recorded: the Azure CLI's settings list (WDATP false) and PowerShell's. */
void test_checks_family__integrations_recorded(void)
{
	struct world w;
	char *text;

	world_init(&w);
	text = t_read_file("fixtures/recorded/settings/cli-list-2022-05-01.json", NULL);
	if (text)
		fill_text(&w.sub->sets[NEED_SETTINGS], &settings_model, text);
	free(text);
	world_run(&w, "defender-endpoint-integration");
	world_expect(&w.out.items[0], STATUS_FAIL, "settings/WDATP enabled false");
	world_run(&w, "defender-cloud-apps-integration");
	world_expect(&w.out.items[0], STATUS_PASS, "is on");
	world_run(&w, "sentinel-alert-sync");
	/* Sync off and no Sentinel search ran: irscan cannot tell. */
	world_expect(&w.out.items[0], STATUS_ERROR, "the search did not run");
	world_release(&w);
}

/* A workspace searched, onboarded, with the given connectors list. */
static struct sentinel_workspace *sentinel(struct world *w, const char *connectors)
{
	struct sentinel_workspace *ws = snapshot_add_workspace(&w->snap, WS);

	w->snap.sentinel_searched = 1;
	ws->onboarded = 1;
	ws->onboarding.state = DATA_OK;
	fill_text(&ws->connectors, &connector_model, connectors);
	return ws;
}

#define ASC_CONNECTOR "{\"kind\": \"AzureSecurityCenter\", \"id\": \"" WS "/providers/" \
	"Microsoft.SecurityInsights/dataConnectors/asc\", \"properties\": {\"subscriptionId\": \"" \
	SUB "\", \"dataTypes\": {\"alerts\": {\"state\": \"Enabled\"}}}}"
#define XDR_CONNECTOR "{\"kind\": \"MicrosoftThreatProtection\", \"id\": \"" WS "/providers/" \
	"Microsoft.SecurityInsights/dataConnectors/xdr\", \"properties\": {\"tenantId\": " \
	"\"7e57a000-0000-4000-8000-00000000aaaa\", \"dataTypes\": {\"incidents\": {\"state\": " \
	"\"Enabled\"}, \"alerts\": {\"state\": \"Enabled\"}}}}"

void test_checks_family__sentinel_sync(void)
{
	struct world w;

	world_init(&w);
	settings_text(&w, "true", "true", "true");
	world_run(&w, "sentinel-alert-sync");
	world_expect(&w.out.items[0], STATUS_PASS, "sync with Microsoft Sentinel is on");
	settings_text(&w, "true", "true", "false");
	sentinel(&w, "{\"value\": [" ASC_CONNECTOR "]}");
	world_run(&w, "sentinel-alert-sync");
	world_expect(&w.out.items[0], STATUS_FAIL, "alerts reach Microsoft Sentinel workspace 'soc' "
		     "through the subscription-based Defender for Cloud connector");
	world_release(&w);

	/* Sync off, searched, no workspace takes the alerts: not applicable. */
	world_init(&w);
	settings_text(&w, "true", "true", "false");
	sentinel(&w, "{\"value\": []}");
	world_run(&w, "sentinel-alert-sync");
	world_expect(&w.out.items[0], STATUS_NOT_APPLICABLE, "no Microsoft Sentinel workspace");
	world_release(&w);
}

/* Defender XDR: manual, settled only by an attestation naming the check. */
void test_checks_family__xdr_route(void)
{
	struct world w;
	struct attestation_list l;
	struct buf err = BUF_INIT;
	FILE *f;
	const char *path = "build/tests/xdr-attestations.json";

	world_init(&w);
	w.sub->tenant_id = xstrdup("7e57a000-0000-4000-8000-00000000aaaa");
	fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model, "{\"value\": []}");
	sentinel(&w, "{\"value\": [" XDR_CONNECTOR "]}");
	world_run(&w, "alerts-exported");
	world_expect(&w.out.items[0], STATUS_MANUAL, "the Microsoft Defender XDR connector "
		     "(MicrosoftThreatProtection)");
	T_CONTAINS("attestation hint", w.out.items[0].message, "an attestation for check alerts-exported");

	/* Another tenant's XDR connector carries nothing of this one. */
	free(w.sub->tenant_id);
	w.sub->tenant_id = xstrdup("00000000-0000-4000-8000-000000000bad");
	world_run(&w, "alerts-exported");
	world_expect(&w.out.items[0], STATUS_FAIL, "alerts are not exported");
	free(w.sub->tenant_id);
	w.sub->tenant_id = xstrdup("7e57a000-0000-4000-8000-00000000aaaa");

	f = fopen(path, "w");
	if (!f) {
		T_FAIL("cannot write %s", path);
		world_release(&w);
		return;
	}
	/* A control-wide attestation does not settle it; one naming the check does. */
	fprintf(f, "{\"attestations\": [{\"control\": \"10.4\", \"framework\": \"asb-ir-2019\", "
		"\"subscription\": \"*\", \"document\": \"SOC runbook\", \"owner\": \"SOC\", "
		"\"reviewed\": \"2026-01-01\"}]}");
	fclose(f);
	memset(&l, 0, sizeof(l));
	if (attestations_load(path, w.p.now, &l, &err))
		T_FAIL("attestations: %s", err.buf);
	w.p.attestations = &l;
	world_run(&w, "alerts-exported");
	world_expect(&w.out.items[0], STATUS_MANUAL, "a person must confirm it");
	attestations_release(&l);

	f = fopen(path, "w");
	fprintf(f, "{\"attestations\": [{\"control\": \"10.4\", \"framework\": \"asb-ir-2019\", "
		"\"check\": \"alerts-exported\", \"subscription\": \"" SUB "\", \"document\": "
		"\"Defender XDR integration\", \"owner\": \"SOC lead\", \"reviewed\": \"2026-11-01\"}]}");
	fclose(f);
	memset(&l, 0, sizeof(l));
	if (attestations_load(path, w.p.now, &l, &err))
		T_FAIL("attestations: %s", err.buf);
	world_run(&w, "alerts-exported");
	world_expect(&w.out.items[0], STATUS_PASS, "as attested by Defender XDR integration (owner SOC lead");
	attestations_release(&l);
	w.p.attestations = NULL;
	buf_release(&err);
	world_release(&w);
}

/* A playbook run on Defender for Cloud incidents answers the alerts. */
void test_checks_family__sentinel_playbook(void)
{
	static const struct {
		const char *logic;	/* triggeringLogic members */
		const char *action;
		enum status expected;
		const char *part;
	} rows[] = {
		{ "\"isEnabled\": true, \"triggersOn\": \"Incidents\", \"triggersWhen\": \"Created\", "
		  "\"conditions\": []", "RunPlaybook", STATUS_PASS, "runs playbook 'pb'" },
		{ "\"isEnabled\": true, \"triggersOn\": \"Incidents\", \"triggersWhen\": \"Created\", "
		  "\"conditions\": [{\"conditionType\": \"Property\", \"conditionProperties\": "
		  "{\"propertyName\": \"AlertProductNames\", \"operator\": \"Contains\", "
		  "\"propertyValues\": [\"Security Center\"]}}]", "RunPlaybook", STATUS_PASS, "pb" },
		{ "\"isEnabled\": true, \"triggersOn\": \"Incidents\", \"triggersWhen\": \"Created\", "
		  "\"conditions\": [{\"conditionType\": \"Property\", \"conditionProperties\": "
		  "{\"propertyName\": \"IncidentSeverity\", \"operator\": \"Equals\", "
		  "\"propertyValues\": [\"High\"]}}]", "RunPlaybook", STATUS_FAIL,
		  "runs only when IncidentSeverity Equals High" },
		{ "\"isEnabled\": false, \"triggersOn\": \"Incidents\", \"triggersWhen\": \"Created\"",
		  "RunPlaybook", STATUS_FAIL, "is disabled" },
		{ "\"isEnabled\": true, \"triggersOn\": \"Incidents\", \"triggersWhen\": \"Created\", "
		  "\"expirationTimeUtc\": \"2020-01-01T00:00:00Z\"", "RunPlaybook", STATUS_FAIL, "is expired" },
		{ "\"isEnabled\": true, \"triggersOn\": \"Alerts\", \"triggersWhen\": \"Created\"",
		  "RunPlaybook", STATUS_FAIL, "runs when Alerts are Created, not when incidents" },
		{ "\"isEnabled\": true, \"triggersOn\": \"Incidents\", \"triggersWhen\": \"Created\"",
		  "ModifyProperties", STATUS_FAIL, "runs no playbook" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;
		struct sentinel_workspace *ws;
		char json[2048];

		world_init(&w);
		fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model, "{\"value\": []}");
		ws = sentinel(&w, "{\"value\": [" ASC_CONNECTOR "]}");
		snprintf(json, sizeof(json), "{\"value\": [{\"id\": \"" WS "/providers/Microsoft."
			 "SecurityInsights/automationRules/r1\", \"name\": \"r1\", \"properties\": "
			 "{\"displayName\": \"Respond\", \"triggeringLogic\": {%s}, \"actions\": "
			 "[{\"order\": 1, \"actionType\": \"%s\", \"actionConfiguration\": "
			 "{\"logicAppResourceId\": \"/subscriptions/" SUB "/resourceGroups/rg/providers/"
			 "Microsoft.Logic/workflows/pb\"}}]}}]}", rows[i].logic, rows[i].action);
		fill_text(&ws->rules, &rules_model, json);
		world_run(&w, "workflow-automation-alerts");
		world_expect(&w.out.items[0], rows[i].expected, rows[i].part);
		world_release(&w);
	}
}

/* The recorded Sentinel rule (Azure CLI) only modifies incidents. */
void test_checks_family__sentinel_rule_recorded(void)
{
	struct world w;
	struct sentinel_workspace *ws;
	char *text;

	world_init(&w);
	fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model, "{\"value\": []}");
	ws = sentinel(&w, "{\"value\": [" ASC_CONNECTOR "]}");
	text = t_read_file("fixtures/recorded/automationRules/cliext-list-2022-06-01-preview.json", NULL);
	if (text)
		fill_text(&ws->rules, &rules_model, text);
	free(text);
	world_run(&w, "workflow-automation-alerts");
	world_expect(&w.out.items[0], STATUS_FAIL,
		     "automation rule 'High severity incidents escalation' runs no playbook");
	world_release(&w);
}

void test_checks_family__suppression(void)
{
	static const struct {
		const char *rule;	/* properties members */
		enum status expected;
		const char *part;
	} rows[] = {
		{ "\"alertType\": \"IpAnomaly\", \"state\": \"Enabled\", \"reason\": \"Noise\"",
		  STATUS_FAIL, "'r' (alert type 'IpAnomaly', no expiry)" },
		{ "\"alertType\": \"*\", \"state\": \"Enabled\", \"reason\": \"Noise\", "
		  "\"expirationDateUTC\": \"2099-01-01T00:00:00Z\"", STATUS_FAIL,
		  "expiring more than a year ahead" },
		{ "\"alertType\": \"IpAnomaly\", \"state\": \"Enabled\", \"reason\": \"Noise\", "
		  "\"suppressionAlertsScope\": {\"allOf\": [{\"field\": \"entities.ip.address\", "
		  "\"in\": [\"10.0.0.1\"]}]}", STATUS_PASS, "each scoped" },
		{ "\"alertType\": \"IpAnomaly\", \"state\": \"Disabled\", \"reason\": \"Noise\"",
		  STATUS_PASS, "(0 active)" },
		{ "\"alertType\": \"IpAnomaly\", \"state\": \"Enabled\", \"reason\": \"Noise\", "
		  "\"suppressionAlertsScope\": {\"allOf\": []}", STATUS_FAIL, "no expiry" },
		{ "\"alertType\": 7, \"state\": \"Enabled\", \"reason\": \"Noise\"", STATUS_ERROR,
		  "could not read 1 alert suppression rule" },
		{ "\"alertType\": \"x\", \"state\": \"Enabled\", \"reason\": \"Noise\", "
		  "\"expirationDateUtc\": \"soon\"", STATUS_ERROR, "could not read" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;
		char json[1024];

		world_init(&w);
		snprintf(json, sizeof(json), "{\"value\": [{\"id\": \"/subscriptions/" SUB
			 "/providers/Microsoft.Security/alertsSuppressionRules/r\", \"name\": \"r\", "
			 "\"properties\": {%s}}]}", rows[i].rule);
		fill_text(&w.sub->sets[NEED_SUPPRESSION], &suppression_model, json);
		world_run(&w, "alert-suppression-reviewed");
		world_expect(&w.out.items[0], rows[i].expected, rows[i].part);
		world_release(&w);
	}
}

void test_checks_family__suppression_examples(void)
{
	struct world w;
	char *text;

	/* Microsoft's example: two rules that expired in 2019. */
	world_init(&w);
	fill_file(&w.sub->sets[NEED_SUPPRESSION], &suppression_model,
		  "alertsSuppressionRules/2019-01-01-preview_example-list.json");
	world_run(&w, "alert-suppression-reviewed");
	world_expect(&w.out.items[0], STATUS_PASS, "2 alert suppression rules");
	T_CONTAINS("listed", finding_observed(&w.out.items[0], "rule_list"),
		   "dismissIpAnomalyAlerts: alert type 'IpAnomaly', Enabled, expires 2019-12-01");
	/* The same rules a year before they expire: the unscoped one fails. */
	w.p.now = 1543700000;	/* 2018-12-01 */
	world_run(&w, "alert-suppression-reviewed");
	world_expect(&w.out.items[0], STATUS_PASS, "each scoped, expiring within a year");
	w.p.now = 1500000000;	/* 2017-07-14: the expiry is more than a year ahead */
	world_run(&w, "alert-suppression-reviewed");
	world_expect(&w.out.items[0], STATUS_FAIL, "'dismissDataExfiltrationAnomalyAlertsOnTestVMs'");
	world_release(&w);

	/* Recorded by the Azure CLI: 13 rules, Enabled ones expired long ago. */
	world_init(&w);
	text = t_read_file("fixtures/recorded/alertsSuppressionRules/cli-list-2019-01-01-preview.json",
			   NULL);
	if (text)
		fill_text(&w.sub->sets[NEED_SUPPRESSION], &suppression_model, text);
	free(text);
	world_run(&w, "alert-suppression-reviewed");
	world_expect(&w.out.items[0], STATUS_PASS, "13 alert suppression rules");
	world_release(&w);
}

/* A workspace target with the retention of its SecurityAlert table. */
static struct target *retention_target(struct world *w, long ws_days, long table_days,
				       long total_days, long table_status)
{
	struct target *t = snapshot_add_target(&w->snap, WS, TARGET_WORKSPACE);

	t->id_valid = 1;
	t->ds.state = DATA_OK;
	t->retention_days = ws_days;
	if (table_status == 200) {
		target_tables(t)[TABLE_SECURITY_ALERT].ds.state = DATA_OK;
		t->tables[TABLE_SECURITY_ALERT].retention_days = table_days;
		t->tables[TABLE_SECURITY_ALERT].total_retention_days = total_days;
	} else {
		dataset_fail(&target_tables(t)[TABLE_SECURITY_ALERT].ds, table_status,
			     table_status == 404 ? "ResourceNotFound" : "AuthorizationFailed", "no",
			     NULL, NULL);
	}
	return t;
}

void test_checks_family__retention(void)
{
	static const struct {
		long ws, table, total, status;
		enum status expected;
		const char *part;
	} rows[] = {
		{ 30, 90, 365, 200, STATUS_PASS, "SecurityAlert keeps them 365 days (totalRetentionInDays)" },
		{ 30, 30, -1, 200, STATUS_FAIL, "SecurityAlert keeps them 30 days (retentionInDays)" },
		{ 120, -1, -1, 200, STATUS_PASS, "120 days (the workspace's retentionInDays)" },
		{ 120, 0, 0, 404, STATUS_PASS, "the table not created yet" },
		{ 30, 0, 0, 403, STATUS_FAIL, "its own retention unreadable: HTTP 403" },
		{ -1, 0, 0, 404, STATUS_ERROR, "could not tell how long alerts are kept" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct world w;

		world_init(&w);
		fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model,
			  "{\"value\": [{\"id\": \"/subscriptions/" SUB "/resourceGroups/rg/providers/"
			  "Microsoft.Security/automations/ExportToWorkspace\", \"name\": "
			  "\"ExportToWorkspace\", \"properties\": {\"isEnabled\": true, \"scopes\": "
			  "[{\"scopePath\": \"/subscriptions/" SUB "\"}], \"sources\": [{\"eventSource\": "
			  "\"Alerts\"}], \"actions\": [{\"actionType\": \"Workspace\", "
			  "\"workspaceResourceId\": \"" WS "\"}]}}]}");
		retention_target(&w, rows[i].ws, rows[i].table, rows[i].total, rows[i].status);
		world_run(&w, "alert-retention");
		world_expect(world_pick(&w, "/workspaces/soc"), rows[i].expected, rows[i].part);
		world_release(&w);
	}
}

void test_checks_family__retention_not_applicable(void)
{
	struct world w;

	world_init(&w);
	fill_text(&w.sub->sets[NEED_AUTOMATIONS], &automation_model,
		  "{\"value\": [{\"id\": \"/subscriptions/" SUB "/resourceGroups/rg/providers/"
		  "Microsoft.Security/automations/ExportToEventHub\", \"name\": \"ExportToEventHub\", "
		  "\"properties\": {\"isEnabled\": true, \"scopes\": [{\"scopePath\": \"/subscriptions/"
		  SUB "\"}], \"sources\": [{\"eventSource\": \"Alerts\"}], \"actions\": [{\"actionType\": "
		  "\"EventHub\", \"eventHubResourceId\": \"/subscriptions/" SUB "/resourceGroups/rg/"
		  "providers/Microsoft.EventHub/namespaces/ns/eventhubs/h\"}]}}]}");
	world_run(&w, "alert-retention");
	world_expect(&w.out.items[0], STATUS_NOT_APPLICABLE, "retention is the receiving system's");
	world_release(&w);
}

/* Untriaged alerts with alert sync off: the message says why they may be open. */
void test_checks_family__high_alerts_sync_note(void)
{
	struct world w;
	struct alert_list *l;

	world_init(&w);
	l = alerts_new();
	l->total = 1;
	l->active_high = xcalloc(1, sizeof(*l->active_high));
	l->active_high[0].display_name = "Old one";
	l->active_high[0].time = w.p.now - 30 * 86400;
	l->n = l->alloc = 1;
	w.sub->sets[NEED_ALERTS].data = l;
	w.sub->sets[NEED_ALERTS].free_data = alerts_free;
	w.sub->sets[NEED_ALERTS].state = DATA_OK;
	world_run(&w, "high-alerts-triaged");
	world_expect(&w.out.items[0], STATUS_FAIL, "'Old one'");
	T_ASSERT(!strstr(w.out.items[0].message, "sync"));
	T_EQ_INT("stale", 1, alerts_stale(l, w.p.now, 7));
	settings_text(&w, "true", "true", "false");
	world_run(&w, "high-alerts-triaged");
	world_expect(&w.out.items[0], STATUS_FAIL, "alert sync with Microsoft Sentinel is off, so "
		     "alerts closed in Sentinel stay Active here");
	world_release(&w);
}
