/*
 * alerts-exported (ASB 10.4): Defender for Cloud alerts reach the
 * incident response system.  Either an enabled automation (continuous
 * export) sends Alerts to a Log Analytics workspace or an Event Hub for
 * the whole subscription, or Microsoft Sentinel's Defender for Cloud
 * connector (kind AzureSecurityCenter) takes this subscription's alerts
 * into a workspace that was searched.
 *
 * An export scoped to some resource groups only fails and names them.
 * When neither path shows export and part of the Sentinel search could
 * not be read, the finding is an error: a connector may sit exactly
 * where irscan could not look.
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"
#include "util/buf.h"
#include "checks/sentinel_util.h"

#include <string.h>
#include <strings.h>

/* Automation a exports every High alert of the whole subscription. */
static void exported(const struct check *self, const struct sub_snapshot *sub,
		     const struct automation *a, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];
	struct finding *f = findings_add(out, self, sub, STATUS_PASS, a->id);

	finding_cite(f, d);
	finding_observe(f, "automation", "%s", a->name ? a->name : "");
	automation_observe_severities(f, a, STREAM_ALERTS);
	automations_observe(f, d->data, RESPONSE_EXPORT, sub->id);
	finding_message(f, "alerts are exported continuously by '%s' to %s "
			"(severities: %s)", a->name ? a->name : "?",
			automation_has_action(a, ACTION_WORKSPACE) ?
			"a Log Analytics workspace" : "an Event Hub",
			finding_observed(f, "exported_severities"));
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];
	const struct automation_list *l = d->state == DATA_OK ? d->data : NULL;
	const struct automation *a = automations_whole_export(l, STREAM_ALERTS, sub->id);
	struct sentinel_route route = sentinel_best_route(sub);
	struct buf why = BUF_INIT, gaps = BUF_INIT;
	struct finding *f;
	size_t unknown;

	if (a) {
		exported(self, sub, a, out);
		return;
	}
	if (route.kind == ROUTE_SUBSCRIPTION) {
		f = findings_add(out, self, sub, STATUS_PASS,
				 route.conn->id ? route.conn->id : route.ws->id);
		finding_cite(f, d);
		sentinel_cite(f, sub);
		finding_observe(f, "sentinel_workspace", "%s", route.ws->id);
		finding_observe(f, "connector", "%s", route.conn->kind_raw);
		finding_message(f, "alerts reach Microsoft Sentinel: workspace '%s' has the "
				"Defender for Cloud connector for this subscription with "
				"alerts Enabled (Microsoft now calls it 'Subscription-based "
				"Microsoft Defender for Cloud (Legacy)' and advises the "
				"tenant-based connector)", resource_name(route.ws->id));
		return;
	}
	if (!l && finding_unreadable(out, self, sub, d, need_name(NEED_AUTOMATIONS),
				     AUTOMATIONS_PERMISSION)) {
		f = &out->items[out->n - 1];
		sentinel_cite(f, sub);
		return;
	}
	unknown = automations_why_none(l, STREAM_ALERTS, RESPONSE_EXPORT, sub->id, &why);
	if (unknown) {
		/* An export that may be on: not a verdict irscan can give. */
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, d);
		sentinel_cite(f, sub);
		finding_message(f, "could not tell whether alerts are exported: %s", why.buf);
	} else if (route.kind == ROUTE_TENANT) {
		struct buf done = BUF_INIT, w = BUF_INIT;

		buf_addf(&w, "no continuous export%s%s", why.len ? ": " : "", why.buf);
		buf_addf(&done, "alerts may reach Microsoft Sentinel workspace '%s' through %s",
			 resource_name(route.ws->id), sentinel_connector_label(route.conn));
		f = sentinel_settle_tenant_route(self, sub, p, &route, done.buf, w.buf, out);
		finding_cite(f, d);
		buf_release(&done);
		buf_release(&w);
	} else if (!sub->snap->sentinel_searched || sentinel_gaps(sub, &gaps)) {
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, d);
		sentinel_cite(f, sub);
		finding_message(f, "no continuous export of alerts%s%s, and Microsoft "
				"Sentinel could not be fully searched for the Defender "
				"connector: %s", why.len ? ": " : "", why.buf,
				gaps.len ? gaps.buf : "the search did not run");
	} else {
		f = findings_add(out, self, sub, STATUS_FAIL, NULL);
		finding_cite(f, d);
		sentinel_cite(f, sub);
		finding_observe(f, "sentinel_workspaces_searched", "%zu",
				sub->snap->n_workspaces);
		finding_message(f, "alerts are not exported: %s; no Microsoft Sentinel "
				"workspace (%zu searched) has the Defender for Cloud "
				"connector for this subscription or a Defender XDR connector",
				why.len ? why.buf : "no enabled automation exports Alerts",
				sub->snap->n_workspaces);
	}
	automations_observe(f, l, RESPONSE_EXPORT, sub->id);
	buf_release(&why);
	buf_release(&gaps);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	buf_addf(b, "# Continuous export (alerts-exported): every alert to "
		 "$EXPORT_WORKSPACE_ID.\nexport_events '%s' Alerts irscan-export-alerts\n\n",
		 x->sub);
}

static const struct check_fix fix = { .order = 30, .write = fix_block };

const struct check check_alerts_exported = {
	.id = "alerts-exported",
	.title = "Security alerts are exported to the incident response system",
	.severity = SEV_HIGH,
	.control = {
		[FW_ASB_IR_2019] = "10.4", [FW_ASB_V1] = "10.5", [FW_MCSB_V1] = "IR-3",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS) | NEED_SENTINEL,
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Continuous export: turn on export to a Log "
		"Analytics workspace (or Event Hub), tick 'Security alerts' with "
		"every severity, and choose the subscription as the export scope. "
		"Alternatively connect the subscription in Microsoft Sentinel with "
		"the 'Microsoft Defender for Cloud' data connector.\n"
		"CLI: az security automation create --name ExportToWorkspace "
		"--resource-group <rg> --location <loc> --scopes "
		"'[{\"scopePath\":\"/subscriptions/<subscription-id>\"}]' --sources "
		"'[{\"eventSource\":\"Alerts\"}]' --actions '[{\"actionType\":"
		"\"Workspace\",\"workspaceResourceId\":\"<workspace id>\"}]'\n"
		"ARM/Bicep: Microsoft.Security/automations with properties.isEnabled "
		"= true, scopes[].scopePath = the subscription id, sources[].eventSource "
		"= 'Alerts', actions[] of actionType 'Workspace' or 'EventHub'.",
	.fix = &fix,
	.eval = eval,
};
