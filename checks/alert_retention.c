/*
 * alert-retention (MCSB IR-4; IR-7 and LT-6 ask the same): every Log
 * Analytics workspace that receives the subscription's Defender for
 * Cloud alerts keeps them at least --min-retention-days (default 90), so
 * an investigation months later still finds the alerts and incidents.
 *
 * The workspaces: the targets of the subscription's enabled alert
 * exports and, when its alerts reach Microsoft Sentinel instead (no
 * whole-subscription export), the Sentinel workspaces of that route.  For
 * each: the SecurityAlert table's retention through the Log Analytics
 * Tables API (Sentinel workspaces: SecurityIncident too) when readable -
 * totalRetentionInDays (interactive plus archive) where set, else
 * retentionInDays - and otherwise the workspace's retentionInDays, the
 * default every table inherits ("-1 will default to the workspace
 * retention", Tables.json 2022-10-01).  Event Hub targets: retention is
 * the downstream system's, not applicable.  One finding per workspace.
 */
#include "checks/automation_util.h"
#include "checks/fix_util.h"
#include "util/buf.h"
#include "checks/sentinel_util.h"

#include <string.h>

#define WORKSPACE_PERMISSION "Microsoft.OperationalInsights/workspaces/read"
#define TABLES_PERMISSION "Microsoft.OperationalInsights/workspaces/tables/read"

/* The days table t of workspace w keeps its rows, and where that comes from. */
static const struct la_table_read unread = { .retention_days = -1,
					     .total_retention_days = -1, .retention_default = -1 };

/* Table t of workspace w as read (or unread, when it was not asked for). */
static const struct la_table_read *table_of(const struct target *w, enum la_table t)
{
	return w->tables ? &w->tables[t] : &unread;
}

static long table_days(const struct target *w, enum la_table t, const char **from)
{
	const struct la_table_read *r = table_of(w, t);

	if (r->ds.state == DATA_OK && r->total_retention_days > 0) {
		*from = "totalRetentionInDays";
		return r->total_retention_days;
	}
	if (r->ds.state == DATA_OK && r->retention_days > 0) {
		*from = "retentionInDays";
		return r->retention_days;
	}
	*from = "the workspace's retentionInDays";
	return w->retention_days;
}

/* Judge one table of an existing workspace; 1 when it keeps enough. */
static int judge_table(struct finding *f, const struct target *w, enum la_table t,
		       long min, struct buf *msg, int *unknown)
{
	const struct dataset *d = &table_of(w, t)->ds;
	const char *from;
	long days = table_days(w, t, &from);

	finding_cite(f, d);
	buf_addf(msg, "%s%s ", msg->len ? "; " : "", la_table_name(t));
	if (d->state == DATA_ERROR && d->err.status != 404) {
		/* The table may override the workspace default either way. */
		buf_addf(msg, "(its own retention unreadable: HTTP %ld%s%s) ", d->err.status,
			 d->err.code ? " " : "", d->err.code ? d->err.code : "");
	}
	if (days <= 0) {
		(*unknown)++;
		buf_add(msg, "keeps alerts for an unknown time (no retentionInDays read)");
		return 0;
	}
	finding_observe(f, la_table_name(t), "%ld days (%s)", days, from);
	buf_addf(msg, "keeps them %ld days (%s)", days, from);
	if (d->state == DATA_ERROR && d->err.status == 404)
		buf_add(msg, ", the table not created yet");
	return days >= min;
}

static void judge_workspace(const struct check *self, const struct sub_snapshot *sub,
			    const struct target *w, const char *via, int sentinel, long min,
			    struct findings *out)
{
	struct finding *f;
	struct buf msg = BUF_INIT;
	enum status st;
	int ok = 1, unknown = 0;

	if (!w) {
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_message(f, "the retention of the workspace %s was not read", via);
		return;
	}
	f = findings_add(out, self, sub, STATUS_UNSET, w->id);
	finding_observe(f, "receives_alerts_via", "%s", via);
	finding_observe(f, "min_retention_days", "%ld", min);
	st = target_verdict(w, f, "Log Analytics workspace", WORKSPACE_PERMISSION);
	if (st != STATUS_UNSET) {
		f->status = st;
		return;
	}
	if (w->retention_days > 0)
		finding_observe(f, "workspace_retention_days", "%ld", w->retention_days);
	ok &= judge_table(f, w, TABLE_SECURITY_ALERT, min, &msg, &unknown);
	if (sentinel)
		ok &= judge_table(f, w, TABLE_SECURITY_INCIDENT, min, &msg, &unknown);
	f->status = unknown ? STATUS_ERROR : ok ? STATUS_PASS : STATUS_FAIL;
	finding_message(f, "%s workspace '%s' (%s): %s; at least %ld days are required%s",
			f->status == STATUS_PASS ? "alerts are kept long enough in" :
			f->status == STATUS_FAIL ? "alerts are not kept long enough in" :
			"could not tell how long alerts are kept in", resource_name(w->id),
			via, msg.buf, min, unknown ? " (the identity needs " TABLES_PERMISSION
			" and " WORKSPACE_PERMISSION ")" : "");
	buf_release(&msg);
}

static int seen(const struct findings *out, size_t from, const char *id)
{
	size_t i;

	for (i = from; i < out->n; i++)
		if (out->items[i].resource && !strcasecmp(out->items[i].resource, id))
			return 1;
	return 0;
}

/* The enabled alert exports' targets; returns how many Event Hubs. */
static size_t export_targets(const struct check *self, const struct sub_snapshot *sub,
			     const struct automation_list *l, long min, size_t before,
			     struct findings *out)
{
	size_t i, j, hubs = 0;
	struct buf via = BUF_INIT;

	for (i = 0; l && i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_exports(a, STREAM_ALERTS))
			continue;
		for (j = 0; j < a->n_actions; j++) {
			const struct automation_action *x = &a->actions[j];

			hubs += x->type == ACTION_EVENT_HUB;
			if (x->type != ACTION_WORKSPACE || !x->target || seen(out, before, x->target))
				continue;
			buf_reset(&via);
			buf_addf(&via, "continuous export '%s'", a->name ? a->name : "?");
			judge_workspace(self, sub, snapshot_target(sub->snap, x->target), via.buf,
					0, min, out);
		}
	}
	buf_release(&via);
	return hubs;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct automation_list *l = automations_for_check(self, sub, out);
	long min = p->min_retention_days > 0 ? p->min_retention_days : 90;
	struct sentinel_route routes[8];
	size_t i, n, hubs, before = out->n;
	struct finding *f;

	if (!l)
		return;
	hubs = export_targets(self, sub, l, min, before, out);
	/* Sentinel's workspaces count where Sentinel is the route (see above). */
	n = automations_whole_export(l, STREAM_ALERTS, sub->id) ? 0 : sentinel_routes(sub, routes, 8);
	for (i = 0; i < n && i < 8; i++) {
		struct buf via = BUF_INIT;

		if (seen(out, before, routes[i].ws->id))
			continue;
		buf_addf(&via, "Microsoft Sentinel, %s", sentinel_connector_label(routes[i].conn));
		judge_workspace(self, sub, snapshot_target(sub->snap, routes[i].ws->id), via.buf,
				1, min, out);
		buf_release(&via);
	}
	if (out->n > before)
		return;
	f = findings_add(out, self, sub, STATUS_NOT_APPLICABLE, NULL);
	finding_cite(f, &sub->sets[NEED_AUTOMATIONS]);
	if (hubs)
		finding_message(f, "not applicable: alerts are exported to an Event Hub, so "
				"their retention is the receiving system's");
	else
		finding_message(f, "not applicable: no Log Analytics workspace receives "
				"this subscription's alerts (alerts-exported says why)");
}

/* Longer retention is billed: the command is shown, not run. */
static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	size_t i = x->from;
	const struct finding *f;

	while ((f = fix_next(x, &i))) {
		fix_comment(b, "# Retention (alert-retention): ", f->message);
		buf_add(b, "# not scripted (longer retention is billed): raise the "
			"workspace's or the SecurityAlert table's retention, e.g.\n");
		if (fix_is_safe(f->resource, FIX_ID_CHARS, 1024))
			buf_addf(b, "# az monitor log-analytics workspace table update --ids "
				 "'%s/tables/SecurityAlert' --total-retention-time 365\n",
				 f->resource);
		buf_addch(b, '\n');
	}
}

static const struct check_fix fix = { .order = 130, .write = fix_block };

const struct check check_alert_retention = {
	.id = "alert-retention",
	.title = "Workspaces that receive alerts keep them long enough to investigate",
	.severity = SEV_MEDIUM,
	.control = {
		[FW_MCSB_V1] = "IR-4",
	},
	.needs = NEED_BIT(NEED_AUTOMATIONS) | NEED_RETENTION | NEED_SENTINEL,
	.remediation =
		"Portal: Log Analytics workspaces > <workspace> > Usage and "
		"estimated costs > Data retention: set at least the required days; "
		"or Tables > SecurityAlert (and SecurityIncident) > Manage table: "
		"raise the interactive or total retention.\n"
		"CLI: az monitor log-analytics workspace update --resource-group "
		"<rg> --workspace-name <workspace> --retention-time 90; az monitor "
		"log-analytics workspace table update --resource-group <rg> "
		"--workspace-name <workspace> --name SecurityAlert --total-retention-time 365\n"
		"ARM/Bicep: Microsoft.OperationalInsights/workspaces "
		"properties.retentionInDays; Microsoft.OperationalInsights/"
		"workspaces/tables 'SecurityAlert' properties.retentionInDays / "
		"totalRetentionInDays.",
	.fix = &fix,
	.eval = eval,
};
