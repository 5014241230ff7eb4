/*
 * targets.c - the reads that follow from a subscription's alert
 * automations: the Log Analytics workspaces and Event Hubs they export
 * to, the Logic Apps they run, and (for alert-retention) the retention
 * of the alert tables in those workspaces and in Sentinel's.
 *
 * Each target is read once per scan however many automations name it;
 * the subscriptions whose automations name it wait for it (and for its
 * table reads) before they are evaluated.  Only ids of the expected
 * resource type are requested: the token is never sent elsewhere.
 */
#include "collect/collect_int.h"
#include "model/resid.h"
#include "model/automations.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <string.h>

static const char *const logic_versions[] = { "2019-05-01", "2016-06-01", NULL };
static const char *const eventhub_versions[] = { "2024-01-01", "2021-11-01", NULL };
/* Tables API: 2022-10-01 is the stable version; recorded calls used 2021-12-01-preview. */
static const char *const table_versions[] = { "2022-10-01", "2021-12-01-preview", NULL };

/* Targets are single GETs of the id itself. */
static const struct {
	const char *type;
	const char *const *api_versions;
} target_kinds[] = {
	[TARGET_WORKSPACE] = { "Microsoft.OperationalInsights/workspaces",
			       collect_workspace_versions },
	[TARGET_EVENT_HUB] = { "Microsoft.EventHub/namespaces/eventhubs", eventhub_versions },
	[TARGET_LOGIC_APP] = { "Microsoft.Logic/workflows", logic_versions },
};

/* A number of days, or -1 (absent, not a number, out of range). */
static long days(const cJSON *obj, const char *key)
{
	double v;

	if (json_num(obj, key, &v) || v < -1 || v > 100000)
		return -1;
	return (long)v;
}

/* The subscriptions waiting for t may go on once all its reads are done. */
static void target_settled(struct collector *col, struct target *t)
{
	size_t i;

	if (t->reads_pending)
		return;
	for (i = 0; i < t->n_waiters; i++) {
		t->waiters[i]->targets_pending--;
		collect_try_hand_over(col, t->waiters[i]);
	}
	free(t->waiters);
	t->waiters = NULL;
	t->n_waiters = t->waiters_alloc = 0;
}

struct table_read {
	struct target *t;
	enum la_table table;
};

static void table_then(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct table_read *tr = obj;
	struct target *t = tr->t;
	const cJSON *props = json_obj(body, "properties");
	struct la_table_read *r = &t->tables[tr->table];

	if (ok) {
		r->retention_days = days(props, "retentionInDays");
		r->total_retention_days = days(props, "totalRetentionInDays");
		/* A boolean in a get, the string "True"/"False" in a list. */
		r->retention_default = json_bool(props, "retentionInDaysAsDefault");
	}
	free(tr);
	t->reads_pending--;
	target_settled(col, t);
}

/* Read table `table` of workspace t once; t settles after it. */
static void want_table(struct collector *col, struct target *t, enum la_table table)
{
	struct table_read *tr;
	struct buf path = BUF_INIT;

	if (!t->id_valid || target_tables(t)[table].ds.requested)
		return;
	tr = xmalloc(sizeof(*tr));
	*tr = (struct table_read){ .t = t, .table = table };
	t->reads_pending++;
	resid_add_path(&path, t->id);
	buf_addf(&path, "/tables/%s", la_table_name(table));
	collect_get(col, path.buf, table_versions, &t->tables[table].ds, table_then, tr);
	buf_release(&path);
}

static void target_then(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct target *t = obj;
	const cJSON *props = json_obj(body, "properties");

	t->reads_pending--;
	if (ok) {
		t->state = xstrdup_or_null(json_str(props, "state"));
		t->provisioning_state = xstrdup_or_null(json_str(props, "provisioningState"));
		if (t->kind == TARGET_WORKSPACE) {
			t->retention_days = days(props, "retentionInDays");
			if (col->needs & NEED_RETENTION)
				want_table(col, t, TABLE_SECURITY_ALERT);
		}
	}
	target_settled(col, t);
}

/* The target id of that kind, read once per scan (NULL: not requested). */
static struct target *want_target(struct collector *col, const char *id,
				   enum target_kind kind)
{
	struct buf path = BUF_INIT;
	struct target *t;

	if (!id)
		return NULL;
	t = snapshot_target(col->snap, id);
	if (t)
		return t;
	t = snapshot_add_target(col->snap, id, kind);
	t->id_valid = arm_id_is(id, target_kinds[kind].type);
	/* Never send the token to something that is not ARM. */
	if (t->id_valid) {
		t->reads_pending++;
		resid_add_path(&path, id);
		collect_get(col, path.buf, target_kinds[kind].api_versions, &t->ds,
			    target_then, t);
		buf_release(&path);
	}
	return t;
}

static void wait_for(struct sub_snapshot *sub, struct target *t)
{
	if (!t || !t->id_valid || !t->reads_pending)
		return;
	t->waiters = xgrow(t->waiters, &t->waiters_alloc, t->n_waiters + 1,
			   sizeof(*t->waiters));
	t->waiters[t->n_waiters++] = sub;
	sub->targets_pending++;
}

static enum target_kind target_kind_of(enum action_type t)
{
	return t == ACTION_WORKSPACE ? TARGET_WORKSPACE :
	       t == ACTION_EVENT_HUB ? TARGET_EVENT_HUB : TARGET_LOGIC_APP;
}

/* Does this action's target need reading for the selected checks? */
static int wanted(const struct collector *col, const struct automation *a,
		  enum action_type type)
{
	if (type == ACTION_LOGIC_APP)
		return (col->needs & NEED_LOGIC_APPS) != 0;
	if (type != ACTION_WORKSPACE && type != ACTION_EVENT_HUB)
		return 0;
	if (!automation_exports_any(a))
		return 0;
	return (col->needs & NEED_EXPORT_TARGETS) ||
	       ((col->needs & NEED_RETENTION) && type == ACTION_WORKSPACE);
}

void collect_automation_targets(struct collector *col, struct sub_snapshot *sub,
				const struct automation_list *l)
{
	size_t i, j;

	for (i = 0; l && i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_takes_any(a))
			continue;
		for (j = 0; j < a->n_actions; j++) {
			enum action_type type = a->actions[j].type;

			if (wanted(col, a, type))
				wait_for(sub, want_target(col, a->actions[j].target,
							  target_kind_of(type)));
		}
	}
}

void collect_workspace_retention(struct collector *col, const char *id)
{
	struct target *t = want_target(col, id, TARGET_WORKSPACE);

	if (!t)
		return;
	want_table(col, t, TABLE_SECURITY_ALERT);
	want_table(col, t, TABLE_SECURITY_INCIDENT);
}
