/*
 * test_recorded.c - the checks on bodies Azure really returned
 * (fixtures/recorded/, each with a .source naming the Microsoft
 * repository, file and commit it was recorded in): the verdict each body
 * supports, read through the same parsers as a scan, at the api-version
 * it was recorded with.  A bare JSON array is handed over as the page
 * where the resource kind says Azure answers so, as arm.c does
 * (tests/cli/0030-recorded.sh runs the same bodies through the HTTP path
 * and the api-version fallback).
 */
#include "t.h"
#include "arm/arm.h"
#include "model/automations.h"
#include "checks/check.h"
#include "collect/collect_int.h"
#include "util/json.h"
#include "model/sentinel.h"

#include <stdlib.h>
#include <strings.h>
#include <time.h>

/* Fill dataset d of kind k from a recorded body (a list, or one GET). */
static int fill_recorded(struct dataset *d, const struct resource_kind *k,
			 const char *fixture, const char *api_version)
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	char *text;
	size_t len;
	cJSON *root, *one = NULL;
	const cJSON *value;
	int rc = -1;

	buf_addf(&path, "fixtures/recorded/%s", fixture);
	text = t_read_file(path.buf, &len);
	root = text ? json_parse(text, len) : NULL;
	if (!root) {
		T_FAIL("cannot read %s as JSON", path.buf);
		goto out;
	}
	if (cJSON_IsArray(root)) {
		/* Only where the kind says Azure answers so, as in arm.c. */
		const char *const *v = k->bare_array_versions;

		while (v && *v && strcmp(*v, api_version))
			v++;
		if (!v || !*v) {
			T_FAIL("%s: a bare array is not an answer of %s", fixture, api_version);
			goto out;
		}
		value = root;
	} else if (cJSON_IsArray(cJSON_GetObjectItem(root, "value"))) {
		value = cJSON_GetObjectItem(root, "value");
	} else {
		one = cJSON_CreateArray();
		cJSON_AddItemReferenceToArray(one, root);
		value = one;
	}
	d->data = k->new_data();
	d->free_data = k->free_data;
	d->api_version = api_version;	/* the table's, as a scan's is */
	if (k->add_page(d->data, value, api_version, &err))
		T_FAIL("%s: %s", fixture, err.buf);
	else
		rc = 0;
	d->state = DATA_OK;
out:
	cJSON_Delete(one);
	cJSON_Delete(root);
	free(text);
	buf_release(&path);
	buf_release(&err);
	return rc;
}

static const struct {
	const char *fixture, *api_version;
	enum need need;
	const char *sub;	/* the subscription the body was recorded for */
	const char *check;
	enum status expected;
	const char *part;	/* of the message */
	const char *resource;	/* suffix of the finding's resource, or "" */
} rows[] = {
	/*
	 * Azure CLI: four automations; ExportToWorkspace exports Alerts with
	 * one rule set per severity (lower case, as the portal writes them);
	 * ExportToWorkspace2 names its Event Hub without the leading slash.
	 */
	{ "automations/cli-list-sub-2019-01-01-preview.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "00000000-0000-0000-0000-000000000000", "alerts-exported",
	  STATUS_PASS, "(severities: High, Medium, Low, Informational)", "/automations/ExportToWorkspace" },
	{ "automations/cli-list-sub-2019-01-01-preview.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "00000000-0000-0000-0000-000000000000", "workflow-automation-alerts",
	  STATUS_FAIL, "no enabled workflow automation runs a Logic App on alerts", "" },
	/*
	 * Azure PowerShell: eleven automations.  The two that run a Logic App
	 * on alerts filter on the alert's Version: neither provably answers
	 * every High alert.
	 */
	{ "automations/ps-list-sub-2019-01-01-preview-11-automations.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "03b601f1-7eca-4496-8f8d-355219eee254", "workflow-automation-alerts",
	  STATUS_FAIL, "'WFAAlertPolicyTest' does not run on every High severity alert: its rule "
	  "sets filter on Version Contains '3.' (severities it takes whole: none)", "" },
	{ "automations/ps-list-sub-2019-01-01-preview-11-automations.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "03b601f1-7eca-4496-8f8d-355219eee254", "alerts-exported",
	  STATUS_PASS, "exported continuously by 'ExportToWorkspace'", "/automations/ExportToWorkspace" },
	{ "automations/ps-list-sub-2019-01-01-preview-eventhub-slash.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "03b601f1-7eca-4496-8f8d-355219eee254", "alerts-exported",
	  STATUS_PASS, "to an Event Hub", "/automations/exportToEventHub" },
	/* Azure SDK for .NET: one Logic App automation for a resource group's Assessments. */
	{ "automations/netv2-list-rg-2019-01-01-preview-rg-scope.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "db1ab6f0-4769-4b27-930e-01e2ef9c123c", "workflow-automation-alerts",
	  STATUS_FAIL, "'automation7692' runs a Logic App for Assessments, not Alerts", "" },
	/* Its Logic App runs on recommendations: it is one logic-app-enabled reads (not here). */
	{ "automations/netv2-list-rg-2019-01-01-preview-rg-scope.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "db1ab6f0-4769-4b27-930e-01e2ef9c123c", "logic-app-enabled",
	  STATUS_ERROR, "Logic App 'logicWorkFlow8402' was not read", "" },
	{ "automations/netv2-list-rg-2019-01-01-preview-rg-scope.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "db1ab6f0-4769-4b27-930e-01e2ef9c123c",
	  "workflow-automation-recommendations", STATUS_FAIL,
	  "'automation7692' runs a Logic App on recommendations of only "
	  "/subscriptions/db1ab6f0-4769-4b27-930e-01e2ef9c123c/resourceGroups/SecurityCenterRG7565", "" },
	/*
	 * Azure CLI: ExportToWorkspace exports Assessments filtered only by
	 * type: every recommendation, every severity.
	 */
	{ "automations/cli-list-sub-2019-01-01-preview.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "00000000-0000-0000-0000-000000000000", "recommendations-exported",
	  STATUS_PASS, "(unhealthy severities: High, Medium, Low)", "/automations/ExportToWorkspace" },
	/* Azure PowerShell: the recommendation automations as their owners wrote them. */
	{ "automations/ps-list-sub-2019-01-01-preview-11-automations.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "03b601f1-7eca-4496-8f8d-355219eee254", "recommendations-exported",
	  STATUS_PASS, "continuously by 'ExportToWorkspace'", "/automations/ExportToWorkspace" },
	/* WFARecPolicy: type, severity High and status "unhealthy" (Contains) per set. */
	{ "automations/ps-list-sub-2019-01-01-preview-11-automations.json", "2019-01-01-preview",
	  NEED_AUTOMATIONS, "03b601f1-7eca-4496-8f8d-355219eee254",
	  "workflow-automation-recommendations", STATUS_PASS,
	  "trigger a Logic App through 'WFARecPolicy'", "/automations/WFARecPolicy" },

	/* securityContacts 2020-01-01-preview: the bare JSON array Azure sends. */
	{ "securityContacts/ps-list-2020-01-01-preview-bare-array.json", "2020-01-01-preview",
	  NEED_SECURITY_CONTACTS, "487bb485-b5b0-471e-9c0d-10717612f869", "security-contact-email",
	  STATUS_PASS, "'ascasc@microsoft.com'", "" },
	{ "securityContacts/ps-list-2020-01-01-preview-bare-array.json", "2020-01-01-preview",
	  NEED_SECURITY_CONTACTS, "487bb485-b5b0-471e-9c0d-10717612f869", "alert-notifications-high",
	  STATUS_PASS, "High", "" },
	{ "securityContacts/ps-list-2020-01-01-preview-bare-array.json", "2020-01-01-preview",
	  NEED_SECURITY_CONTACTS, "487bb485-b5b0-471e-9c0d-10717612f869", "alert-notifications-owners",
	  STATUS_PASS, "Owner", "" },
	{ "securityContacts/net-list-2020-01-01-preview-bare-array-empty-emails.json",
	  "2020-01-01-preview", NEED_SECURITY_CONTACTS, "487bb485-b5b0-471e-9c0d-10717612f869",
	  "security-contact-email", STATUS_FAIL, "has no e-mail address", "" },
	/* What a PUT turning notifications off answered: minimalSeverity "". */
	{ "securityContacts/ps-put-default-2020-01-01-preview-off.json", "2020-01-01-preview",
	  NEED_SECURITY_CONTACTS, "487bb485-b5b0-471e-9c0d-10717612f869", "alert-notifications-high",
	  STATUS_FAIL, "alert e-mails are off", "" },
	{ "securityContacts/ps-put-default-2020-01-01-preview-off.json", "2020-01-01-preview",
	  NEED_SECURITY_CONTACTS, "487bb485-b5b0-471e-9c0d-10717612f869", "alert-notifications-owners",
	  STATUS_FAIL, "", "" },
	{ "securityContacts/cli-list-2017-08-01-preview-empty.json", "2017-08-01-preview",
	  NEED_SECURITY_CONTACTS, "00000000-0000-0000-0000-000000000000", "security-contact-email",
	  STATUS_FAIL, "no security contact is configured", "" },
	{ "securityContacts/cli-list-2017-08-01-preview-3-contacts.json", "2017-08-01-preview",
	  NEED_SECURITY_CONTACTS, "00000000-0000-0000-0000-000000000000", "security-contact-email",
	  STATUS_PASS, "'ahabas@microsoft.com'", "" },
	{ "securityContacts/cli-list-2017-08-01-preview-3-contacts.json", "2017-08-01-preview",
	  NEED_SECURITY_CONTACTS, "00000000-0000-0000-0000-000000000000", "alert-notifications-high",
	  STATUS_FAIL, "alert e-mails are off", "" },
	/* The singular resource type Azure answered with is not a problem. */
	{ "securityContacts/cli-list-2017-08-01-preview-singular-type.json", "2017-08-01-preview",
	  NEED_SECURITY_CONTACTS, "00000000-0000-0000-0000-000000000000", "security-contact-email",
	  STATUS_PASS, "'john@contoso.com'", "" },
	{ "securityContacts/netv2-list-2017-08-01-preview-alerts-on.json", "2017-08-01-preview",
	  NEED_SECURITY_CONTACTS, "db1ab6f0-4769-4b27-930e-01e2ef9c123c", "alert-notifications-owners",
	  STATUS_FAIL, "", "" },

	/* pricings: deprecated plans, Dns replaced by VirtualMachines. */
	{ "pricings/ps-list-2023-01-01-15-plans.json", "2023-01-01", NEED_PRICINGS,
	  "487bb485-b5b0-471e-9c0d-10717612f869", "defender-plans-standard",
	  STATUS_NOT_APPLICABLE, "plan Dns is deprecated, replaced by VirtualMachines", "/pricings/Dns" },
	{ "pricings/ps-list-2023-01-01-15-plans.json", "2023-01-01", NEED_PRICINGS,
	  "487bb485-b5b0-471e-9c0d-10717612f869", "defender-plans-standard",
	  STATUS_PASS, "tier Standard, sub-plan P2", "/pricings/VirtualMachines" },
	{ "pricings/cli-list-2023-01-01-mostly-free.json", "2023-01-01", NEED_PRICINGS,
	  "00000000-0000-0000-0000-000000000000", "defender-plans-standard",
	  STATUS_FAIL, "KeyVaults (Defender for Key Vault) is off: pricing tier Free", "/pricings/KeyVaults" },
	{ "pricings/cli-list-2023-01-01-mostly-free.json", "2023-01-01", NEED_PRICINGS,
	  "00000000-0000-0000-0000-000000000000", "defender-plans-standard",
	  STATUS_NOT_APPLICABLE, "deprecated", "/pricings/Dns" },
	/*
	 * 2018-06-01 does not flag Dns deprecated, and Servers has no sub-plan
	 * in that version: a Free Dns plan is a plain fail there.
	 */
	{ "pricings/cli-list-2018-06-01.json", "2018-06-01", NEED_PRICINGS,
	  "00000000-0000-0000-0000-000000000000", "defender-plans-standard",
	  STATUS_FAIL, "Dns (Defender for DNS) is off: pricing tier Free", "/pricings/Dns" },
	/* Standard and deprecated at once (KubernetesService, 2022): not applicable. */
	{ "pricings/netv2-list-2022-03-01-deprecated-standard.json", "2022-03-01", NEED_PRICINGS,
	  "db1ab6f0-4769-4b27-930e-01e2ef9c123c", "defender-plans-standard",
	  STATUS_NOT_APPLICABLE, "deprecated", "/pricings/KubernetesService" },
	{ "pricings/netv2-list-2022-03-01-deprecated-standard.json", "2022-03-01", NEED_PRICINGS,
	  "db1ab6f0-4769-4b27-930e-01e2ef9c123c", "defender-plans-standard",
	  STATUS_PASS, "Dns (Defender for DNS) is on", "/pricings/Dns" },
};

static const struct finding *find(const struct findings *out, const char *suffix)
{
	size_t i, n = strlen(suffix);

	for (i = 0; i < out->n; i++) {
		const char *r = out->items[i].resource;
		size_t rl = strlen(r);

		if (!n || (rl >= n && !strcasecmp(r + rl - n, suffix)))
			return &out->items[i];
	}
	return NULL;
}

void test_recorded__verdicts(void)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct check *c = check_find(rows[i].check);
		struct snapshot snap;
		struct sub_snapshot *sub;
		struct check_params p;
		struct findings out;
		struct strvec plans = STRVEC_INIT;
		const struct finding *f;

		memset(&p, 0, sizeof(p));
		memset(&out, 0, sizeof(out));
		snapshot_init(&snap);
		sub = snapshot_sub(&snap, rows[i].sub);
		sub->info.state = DATA_OK;
		p.now = time(NULL);
		p.attack_path_risk = LEVEL_HIGH;
		p.required_plans = &plans;
		if (!c || fill_recorded(&sub->sets[rows[i].need], &collect_kinds[rows[i].need],
					rows[i].fixture, rows[i].api_version)) {
			T_FAIL("%s: no check %s or unreadable body", rows[i].fixture, rows[i].check);
		} else {
			c->eval(c, sub, &p, &out);
			f = find(&out, rows[i].resource);
			if (!f) {
				T_FAIL("%s %s: no finding for *%s", rows[i].fixture, rows[i].check,
				       rows[i].resource);
			} else {
				T_EQ_STR(rows[i].fixture, status_name(rows[i].expected),
					 status_name(f->status));
				T_CONTAINS(rows[i].fixture, f->message, rows[i].part);
			}
		}
		findings_release(&out);
		snapshot_release(&snap);
	}
}

/* The Event Hub id Azure returned without its leading slash is usable. */
void test_recorded__event_hub_id_without_slash(void)
{
	struct dataset d;
	const struct automation_list *l;
	size_t i, j, hubs = 0;

	memset(&d, 0, sizeof(d));
	if (fill_recorded(&d, &collect_kinds[NEED_AUTOMATIONS],
			  "automations/cli-list-sub-2019-01-01-preview.json", "2019-01-01-preview"))
		return;
	l = d.data;
	for (i = 0; i < l->n; i++)
		for (j = 0; j < l->items[i].n_actions; j++) {
			const struct automation_action *x = &l->items[i].actions[j];

			if (x->type != ACTION_EVENT_HUB)
				continue;
			hubs++;
			T_EQ_STR("normalised id", "/subscriptions/212f9889-769e-45ae-ab43-6da33674bd26/"
				 "resourceGroups/ContosoSiemPipeRg/providers/Microsoft.EventHub/"
				 "namespaces/contososiempipe-ns/eventhubs/surashed-test", x->target);
			T_ASSERT(arm_id_is(x->target, "Microsoft.EventHub/namespaces/eventhubs"));
		}
	T_EQ_INT("Event Hub actions", 3, hubs);
	dataset_release(&d);
}

/* A connector state Azure lower-cased ("enabled") still counts. */
void test_recorded__connector_state_lower_case(void)
{
	struct dataset d;
	const struct connector_list *l;
	const struct resource_kind k = {
		"", NULL, connectors_new, connectors_add_page, connectors_free, NULL,
	};

	memset(&d, 0, sizeof(d));
	if (fill_recorded(&d, &k, "dataConnectors/netv2-list-2022-11-01-asc-state-lowercased.json",
			  "2022-11-01"))
		return;
	l = d.data;
	T_EQ_INT("one AzureSecurityCenter connector", 1, l->n);
	if (l->n) {
		T_EQ_INT("kind", CONNECTOR_ASC, l->items[0].kind);
		T_ASSERT(l->items[0].alerts_state && !strcasecmp(l->items[0].alerts_state, "Enabled"));
	}
	dataset_release(&d);
}
