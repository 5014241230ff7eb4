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
#include "automation_util.h"
#include "buf.h"
#include "sentinel.h"

#include <string.h>
#include <strings.h>

/* A Sentinel connector for sub with alerts Enabled, or NULL. */
static const struct sentinel_workspace *sentinel_connector(const struct snapshot *snap,
							   const char *sub_id,
							   const struct sentinel_connector **out)
{
	size_t i, j;

	for (i = 0; i < snap->n_workspaces; i++) {
		const struct sentinel_workspace *w = snap->workspaces[i];
		const struct connector_list *l = w->connectors.data;

		if (w->connectors.state != DATA_OK || !l)
			continue;
		for (j = 0; j < l->n; j++)
			if (l->items[j].subscription_id && l->items[j].alerts_state &&
			    !strcasecmp(l->items[j].subscription_id, sub_id) &&
			    !strcasecmp(l->items[j].alerts_state, "Enabled")) {
				*out = &l->items[j];
				return w;
			}
	}
	return NULL;
}

/*
 * A workspace list that failed because Microsoft.OperationalInsights is
 * not registered in the subscription proves there is no workspace there:
 * not a gap in the search.
 */
static int no_workspaces_possible(const struct dataset *d)
{
	return d->err.code && !strcasecmp(d->err.code, "MissingSubscriptionRegistration");
}

/* Is resource id inside subscription sub_id? */
static int in_subscription(const char *id, const char *sub_id)
{
	size_t n = strlen(sub_id);

	return id && !strncasecmp(id, "/subscriptions/", 15) &&
	       !strncasecmp(id + 15, sub_id, n) && id[15 + n] == '/';
}

#define SENTINEL_GAPS_SHOWN 3

static void add_gap(struct buf *b, const char *what, const char *id,
		    const struct fetch_error *e, const char *permission)
{
	buf_addf(b, "%s%s %s: ", b->len ? "; " : "", what, id);
	finding_error_reason(b, e);
	if (e->status == 403)
		buf_addf(b, " (the identity needs permission %s)", permission);
}

/*
 * Describe what of the Sentinel search could not be read, the reads of
 * sub's own subscription first (the likeliest place of its connector),
 * at most SENTINEL_GAPS_SHOWN of them; returns how many there are.
 */
static size_t sentinel_gaps(const struct sub_snapshot *sub, struct buf *b)
{
	const struct snapshot *snap = sub->snap;
	size_t i, n = 0;
	int own;

	for (own = 1; own >= 0; own--) {
		for (i = 0; i < snap->n; i++) {
			const struct sub_snapshot *s = snap->subs[i];
			const struct dataset *d = &s->sets[NEED_WORKSPACES];

			if ((s == sub) != own || !s->scanned || d->state != DATA_ERROR ||
			    no_workspaces_possible(d))
				continue;
			if (n++ < SENTINEL_GAPS_SHOWN)
				add_gap(b, "the Log Analytics workspaces of subscription", s->id,
					&d->err, "Microsoft.OperationalInsights/workspaces/read");
		}
		for (i = 0; i < snap->n_workspaces; i++) {
			const struct sentinel_workspace *w = snap->workspaces[i];
			int onb = w->onboarding.state == DATA_ERROR;
			const struct dataset *d = onb ? &w->onboarding : &w->connectors;

			if (in_subscription(w->id, sub->id) != own || d->state != DATA_ERROR)
				continue;
			if (n++ < SENTINEL_GAPS_SHOWN)
				add_gap(b, onb ? "the Sentinel onboarding state of workspace" :
					"the Sentinel data connectors of workspace", w->id, &d->err,
					onb ? "Microsoft.SecurityInsights/onboardingStates/read" :
					"Microsoft.SecurityInsights/dataConnectors/read");
		}
	}
	if (n > SENTINEL_GAPS_SHOWN)
		buf_addf(b, "; and %zu more", n - SENTINEL_GAPS_SHOWN);
	return n;
}

/*
 * Evidence of the Sentinel search for one subscription: its own workspace
 * list and the connector lists of the Sentinel workspaces found (the
 * workspaces without Sentinel prove nothing either way).  Capped: the
 * search is shared by the whole tenant, and citing every read of it from
 * every finding would make reports grow with the square of the tenant.
 */
#define SENTINEL_CITE_MAX 20

static void cite_sentinel(struct finding *f, const struct sub_snapshot *sub)
{
	const struct snapshot *snap = sub->snap;
	size_t i, n = 0;

	finding_cite(f, &sub->sets[NEED_WORKSPACES]);
	for (i = 0; i < snap->n_workspaces && n < SENTINEL_CITE_MAX; i++) {
		if (snap->workspaces[i]->onboarded != 1)
			continue;
		finding_cite(f, &snap->workspaces[i]->connectors);
		n++;
	}
}

/*
 * Why the automations do not export alerts of the whole subscription;
 * returns how many would if their isEnabled flag could be read.
 */
static size_t explain(const struct automation_list *l, const char *sub_id, struct buf *b)
{
	size_t i, j, unknown = 0;

	for (i = 0; l && i < l->n; i++) {
		const struct automation *a = &l->items[i];
		int exports = automation_has_action(a, ACTION_WORKSPACE) ||
			      automation_has_action(a, ACTION_EVENT_HUB);

		if (!exports)
			continue;
		if (b->len)
			buf_add(b, "; ");
		if (!a->alerts) {
			buf_addf(b, "export '%s' sends ", a->name ? a->name : "?");
			for (j = 0; j < a->sources.n; j++)
				buf_addf(b, "%s%s", j ? ", " : "", a->sources.v[j]);
			buf_add(b, a->sources.n ? ", not Alerts" : "no event source");
		} else if (a->enabled_malformed) {
			buf_addf(b, "alert export '%s' has an isEnabled flag that is "
				 "neither true nor false", a->name ? a->name : "?");
			unknown += automation_covers_subscription(a, sub_id);
		} else if (!a->enabled) {
			buf_addf(b, "alert export '%s' is disabled", a->name ? a->name : "?");
		} else if (!automation_covers_subscription(a, sub_id)) {
			buf_addf(b, "alert export '%s' covers only ", a->name ? a->name : "?");
			for (j = 0; j < a->scopes.n; j++)
				buf_addf(b, "%s%s", j ? ", " : "", a->scopes.v[j]);
			if (!a->scopes.n)
				buf_add(b, "no scope");
		}
	}
	return unknown;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];
	const struct automation_list *l = d->state == DATA_OK ? d->data : NULL;
	const struct automation *a = automations_whole_export(l, sub->id);
	const struct sentinel_connector *conn = NULL;
	const struct sentinel_workspace *ws;
	struct buf why = BUF_INIT, gaps = BUF_INIT;
	struct finding *f;
	size_t unknown;

	(void)p;
	if (a) {
		f = findings_add(out, self, sub, STATUS_PASS, a->id);
		finding_cite(f, d);
		finding_observe(f, "automation", "%s", a->name ? a->name : "");
		finding_observe(f, "alert_rule_sets", "%zu", a->alert_rule_sets);
		finding_message(f, "alerts are exported continuously by '%s' to %s%s",
				a->name ? a->name : "?",
				automation_has_action(a, ACTION_WORKSPACE) ?
				"a Log Analytics workspace" : "an Event Hub",
				a->alert_rule_sets ? " (only alerts matching its rules: "
				"not every alert)" : "");
		return;
	}
	ws = sentinel_connector(sub->snap, sub->id, &conn);
	if (ws) {
		f = findings_add(out, self, sub, STATUS_PASS, conn->id ? conn->id : ws->id);
		finding_cite(f, &ws->connectors);
		finding_observe(f, "sentinel_workspace", "%s", ws->id);
		finding_message(f, "alerts reach Microsoft Sentinel: workspace '%s' has the "
				"Defender for Cloud connector for this subscription with "
				"alerts Enabled", resource_name(ws->id));
		return;
	}
	if (!l && finding_unreadable(out, self, sub, d, need_name(NEED_AUTOMATIONS),
				     AUTOMATIONS_PERMISSION)) {
		f = &out->items[out->n - 1];
		cite_sentinel(f, sub);
		return;
	}
	unknown = explain(l, sub->id, &why);
	if (unknown) {
		/* An export that may be on: not a verdict irscan can give. */
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, d);
		cite_sentinel(f, sub);
		finding_message(f, "could not tell whether alerts are exported: %s", why.buf);
	} else if (!sub->snap->sentinel_searched || sentinel_gaps(sub, &gaps)) {
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, d);
		cite_sentinel(f, sub);
		finding_message(f, "no continuous export of alerts%s%s, and Microsoft "
				"Sentinel could not be fully searched for the Defender "
				"connector: %s", why.len ? ": " : "", why.buf,
				gaps.len ? gaps.buf : "the search did not run");
	} else {
		f = findings_add(out, self, sub, STATUS_FAIL, NULL);
		finding_cite(f, d);
		cite_sentinel(f, sub);
		finding_observe(f, "sentinel_workspaces_searched", "%zu",
				sub->snap->n_workspaces);
		finding_message(f, "alerts are not exported: %s; no Microsoft Sentinel "
				"workspace (%zu searched) has the Defender for Cloud "
				"connector for this subscription",
				why.len ? why.buf : "no enabled automation exports Alerts",
				sub->snap->n_workspaces);
	}
	buf_release(&why);
	buf_release(&gaps);
}

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
	.eval = eval,
};
