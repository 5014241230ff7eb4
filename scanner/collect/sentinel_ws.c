/*
 * sentinel_ws.c - the Microsoft Sentinel search: every scanned
 * subscription's Log Analytics workspaces (with --shard, the other
 * shards' subscriptions' too, so that a shard's verdicts are the
 * unsharded scan's; and those named with --sentinel-workspace), whether each is a Sentinel workspace
 * (onboardingStates), its data connectors, and for the workspaces that
 * take Defender for Cloud alerts, what the checks need next: automation
 * rules (workflow-automation-alerts) and retention (alert-retention).
 *
 * The search runs once per scan, and only when some subscription needs
 * it (collect_needs_sentinel()): a tenant whose subscriptions all export
 * their alerts and answer them with a Logic App pays nothing for it.
 * Its results are scan-wide, so the subscriptions that depend on it are
 * evaluated at the end of collection.
 */
#include "collect/collect_int.h"
#include "util/json.h"
#include "util/msg.h"
#include "model/sentinel.h"

#include <strings.h>

static const char *const insights_versions[] = {
	"2025-09-01", "2024-03-01", "2021-10-01", NULL,
};

static const struct resource_kind onboarding_kind = {
	"/providers/Microsoft.SecurityInsights/onboardingStates", insights_versions,
	onboarding_new, onboarding_add_page, onboarding_free, NULL,
};
static const struct resource_kind connectors_kind = {
	"/providers/Microsoft.SecurityInsights/dataConnectors", insights_versions,
	connectors_new, connectors_add_page, connectors_free, NULL,
};
static const struct resource_kind rules_kind = {
	"/providers/Microsoft.SecurityInsights/automationRules", insights_versions,
	auto_rules_new, auto_rules_add_page, auto_rules_free, NULL,
};

/* Does one of the workspace's connectors bring Defender for Cloud alerts? */
static int takes_alerts(const struct connector_list *l)
{
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		const struct sentinel_connector *c = &l->items[i];
		int alerts = c->alerts_state && !strcasecmp(c->alerts_state, "Enabled");
		int incidents = c->incidents_state && !strcasecmp(c->incidents_state, "Enabled");

		if (alerts || incidents || (c->kind == CONNECTOR_MDC_TENANT &&
					    !c->alerts_state && !c->incidents_state))
			return 1;
	}
	return 0;
}

static void connectors_then(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct sentinel_workspace *w = obj;

	(void)body;
	if (!ok || !takes_alerts(w->connectors.data))
		return;
	if (col->needs & NEED_SENTINEL_RESPONSE)
		collect_list_below(col, w->id, &rules_kind, &w->rules, NULL, w);
	if (col->needs & NEED_RETENTION)
		collect_workspace_retention(col, w->id);
}

static void onboarding_then(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct sentinel_workspace *w = obj;

	(void)body;
	if (!ok)
		return;
	w->onboarded = *(const size_t *)w->onboarding.data > 0;
	/* An empty onboardingStates list: not a Sentinel workspace, skip it. */
	if (w->onboarded)
		collect_list_below(col, w->id, &connectors_kind, &w->connectors,
				   connectors_then, w);
}

void collect_sentinel_workspace(struct collector *col, const char *id, int named)
{
	struct sentinel_workspace *w = snapshot_workspace(col->snap, id);

	if (w) {
		w->named |= named;
		return;
	}
	w = snapshot_add_workspace(col->snap, id);
	w->named = named;
	if (!arm_id_is(id, "Microsoft.OperationalInsights/workspaces")) {
		dataset_fail(&w->onboarding, 0, "InvalidResourceId",
			     "not a Log Analytics workspace resource id", NULL, NULL);
		return;
	}
	collect_list_below(col, id, &onboarding_kind, &w->onboarding, onboarding_then, w);
}

/* -m: another shard's subscription read for its state, as the scope's own are. */
static void other_read(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct sub_snapshot *o = obj;

	/* Unreadable: searched anyway, as collect.c scans an unreadable one. */
	o->scanned = !ok || sub_state_scanned(json_str(body, "state"));
	if (o->scanned)
		collect_direct(col, o, NEED_WORKSPACES);
}

void collect_sentinel_other(struct collector *col, struct sub_snapshot *o)
{
	struct buf path = BUF_INIT;

	if (!col->snap->sentinel_searched)
		return;
	if (o->scanned) {
		collect_direct(col, o, NEED_WORKSPACES);
	} else if (o->info.state == DATA_UNSET && !o->info.requested) {
		buf_addf(&path, "/subscriptions/%s", o->id);
		collect_get(col, path.buf, collect_subscription_versions, &o->info,
			    other_read, o);
		buf_release(&path);
	}
}

void collect_sentinel_search(struct collector *col)
{
	struct snapshot *snap = col->snap;
	size_t i;

	if (snap->sentinel_searched)
		return;
	snap->sentinel_searched = 1;
	msg_verbose("a subscription's verdict depends on Microsoft Sentinel: "
		    "searching Sentinel workspaces");
	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->scanned)
			collect_direct(col, snap->subs[i], NEED_WORKSPACES);
	for (i = 0; i < snap->n_others; i++)
		collect_sentinel_other(col, snap->others[i]);
	for (i = 0; i < col->cfg->sentinel_workspaces.n; i++)
		collect_sentinel_workspace(col, col->cfg->sentinel_workspaces.v[i], 1);
}
