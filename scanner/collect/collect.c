/*
 * collect.c - the request plan: which subscriptions a scan covers, which
 * ARM reads each need takes, and what each answer starts next.  The top
 * of the collection files, calling down only: Resource Graph batches
 * (rg_batch.c), the Microsoft Sentinel search (sentinel_ws.c), the reads
 * that follow from automations (targets.c, their targets and the
 * workspaces' alert tables), and below them all one dataset's read and
 * the hand-over of a complete subscription (datasets.c), which reaches
 * back here only through col->on_dataset.
 *
 * Everything is started at once and bounded by the http loop's
 * concurrency.  Reads that depend on another answer start from that
 * answer's callback, not after a whole phase ends: a subscription's
 * datasets as soon as it is known, an automation's Logic App or export
 * target as soon as the automations arrive, the settings of a
 * subscription with an untriaged High alert as soon as its alerts
 * arrive, the Microsoft Sentinel search as soon as some subscription's
 * answers show a verdict depends on it (no continuous export, no Logic
 * App response, alert sync off: collect_needs_sentinel).  Each dataset
 * is read once per subscription, each target and workspace once per
 * scan, however many checks and automations refer to them.
 *
 * The scope: the subscriptions given with -s, every one the identity can
 * see (-A, the subscription list), or every one below a management group
 * (-m, its descendants, nested groups included).  Subscriptions in state
 * Disabled or Deleted are kept in the report as skipped with their
 * state; every other state is scanned.  Past Due subscriptions run as
 * usual ("Your subscription is still active ... All operations are
 * available"), and Warned ones keep their configuration readable ("You
 * can retrieve or delete resources (GET/DELETE)") and return to Enabled
 * when the warning is resolved (MicrosoftDocs/azure-docs
 * articles/cost-management-billing/manage/subscription-states.md
 * @06477775): skipping them would hide their controls from the report.
 * Disabled ones have their services turned off.
 */
#include "collect/collect_int.h"
#include "model/alerts.h"
#include "model/resid.h"
#include "model/shard.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

/* ---- what each answer starts next ---- */

static void automations_done(struct collector *col, struct sub_snapshot *sub, int ok)
{
	const struct automation_list *l = ok ? sub->sets[NEED_AUTOMATIONS].data : NULL;

	collect_automation_targets(col, sub, l);
	/*
	 * Unreadable, or no whole-subscription export or Logic App response:
	 * Sentinel may prove it.  Each answer starts the search for its own
	 * reason only: the other dataset may not be there yet.
	 */
	if (collect_automations_need_sentinel(col, sub))
		collect_sentinel_search(col);
}

/*
 * Subscriptions with an Active High alert older than --alert-max-age
 * also get their settings read, so the finding can say whether alert
 * sync with Sentinel is off.
 */
static void alerts_done(struct collector *col, struct sub_snapshot *sub, int ok)
{
	if (ok && (col->needs & NEED_SETTINGS_IF_STALE) &&
	    alerts_stale(sub->sets[NEED_ALERTS].data, col->now,
			 col->cfg->alert_max_age_days))
		collect_direct(col, sub, NEED_SETTINGS);
}

/* col->on_dataset: dataset `need` of sub is complete (ok or not). */
static void dataset_done(struct collector *col, struct sub_snapshot *sub,
			 enum need need, int ok)
{
	const struct strvec *ids;
	size_t i;

	switch (need) {
	case NEED_AUTOMATIONS:
		automations_done(col, sub, ok);
		break;
	case NEED_ALERTS:
		alerts_done(col, sub, ok);
		break;
	case NEED_SETTINGS:
		if (collect_settings_need_sentinel(col, sub))
			collect_sentinel_search(col);
		break;
	case NEED_WORKSPACES:
		ids = ok ? sub->sets[need].data : NULL;
		for (i = 0; ids && i < ids->n; i++)
			collect_sentinel_workspace(col, ids->v[i], 0);
		break;
	default:
		break;
	}
}

/* Read every needed dataset of a scanned subscription. */
static void read_sub_needs(struct collector *col, struct sub_snapshot *sub)
{
	int n;

	for (n = 0; n < NEED__COUNT; n++) {
		if (!(col->needs & NEED_BIT(n)) || sub->sets[n].requested)
			continue;
		if (collect_rg_wants(col, (enum need)n))
			collect_rg_add(col, sub, (enum need)n);
		else
			collect_direct(col, sub, (enum need)n);
	}
	/* Known after the Sentinel search began: search its workspaces too. */
	if (col->snap->sentinel_searched)
		collect_direct(col, sub, NEED_WORKSPACES);
}

/* ---- the scope ---- */

static const char *const mg_versions[] = {
	"2023-04-01", "2021-04-01", "2020-05-01", NULL,
};

/* Copy name, state, tenant and tags from a subscription object. */
static void read_subscription(struct sub_snapshot *sub, const cJSON *obj)
{
	const char *name = json_str(obj, "displayName");
	const char *state = json_str(obj, "state");
	const char *tenant = json_str(obj, "tenantId");
	const cJSON *tag;

	if (name) {
		free(sub->name);
		sub->name = xstrdup(name);
	}
	if (state) {
		free(sub->state);
		sub->state = xstrdup(state);
	}
	if (tenant) {
		free(sub->tenant_id);
		sub->tenant_id = xstrdup(tenant);
	}
	strvec_clear(&sub->tag_keys);
	strvec_clear(&sub->tag_values);
	/* Tags of the wrong type are unreadable, not absent: the check says so. */
	tag = cJSON_GetObjectItemCaseSensitive(obj, "tags");
	sub->tags_malformed = tag && !cJSON_IsNull(tag) && !cJSON_IsObject(tag);
	cJSON_ArrayForEach(tag, json_obj(obj, "tags")) {
		if (!tag->string)
			continue;
		if (!cJSON_IsString(tag)) {
			sub->tags_malformed = 1;
			continue;
		}
		strvec_push(&sub->tag_keys, tag->string);
		strvec_push(&sub->tag_values, tag->valuestring);
	}
}

/* Not Disabled or Deleted (a subscription without a state is scanned). */
static int is_scannable(const struct sub_snapshot *sub)
{
	return sub_state_scanned(sub->state);
}

/*
 * --shard K/N: is subscription id this process's?  Another shard's is
 * kept aside (snapshot.others: counted in the scope once, however often a
 * list names it) with its state when the list gives it (`listed`), and
 * none of its own datasets is read: only the Sentinel search, which spans
 * the scope, reads its workspaces.  What is read once per scan (the
 * scope's list, automation targets, Sentinel workspaces) stays as it is.
 */
static int keep_in_shard(struct collector *col, const char *id, const cJSON *listed,
			 int scanned)
{
	struct sub_snapshot *o;
	int added;

	if (shard_keeps(col->cfg, id))
		return 1;
	o = snapshot_other(col->snap, id, &added);
	if (!added)
		return 0;
	if (listed) {
		read_subscription(o, listed);
		o->info.state = DATA_OK;
	}
	o->scanned = scanned && sub_state_scanned(o->state);
	collect_sentinel_other(col, o);
	return 0;
}

static void scope_failed(struct snapshot *snap, const struct arm_result *res)
{
	snap->scope_failed = 1;
	snap->scope_error.status = res->err.status;
	snap->scope_error.code = xstrdup_or_null(res->err.code);
	snap->scope_error.message = xstrdup_or_null(res->err.message);
	snap->scope_error.url = xstrdup_or_null(res->err.url);
	snap->scope_error.request_id = xstrdup_or_null(res->err.request_id);
}

/* -A, -m: no more subscriptions will come (the progress line's total). */
static void scope_maybe_complete(struct collector *col)
{
	if (col->scope_listed && !col->sub_reads_pending)
		col->snap->scope_complete = 1;
}

/* A list call of the scope itself (-A, -m): evidence kept, failure fatal. */
static void list_done(void *ctx, struct arm_result *res)
{
	struct collector *col = ctx;

	col->scope_listed = 1;
	scope_maybe_complete(col);
	collect_keep_evidence(col->snap, NULL, res);
	if (!res->ok)
		scope_failed(col->snap, res);
	collect_rg_flush(col);
}

static void list_scope(struct collector *col, const char *path,
		       const char *const *versions, arm_page_fn on_page)
{
	const struct arm_call_spec spec = {
		.path = path,
		.api_versions = versions,
		.on_page = on_page,
		.done = list_done,
		.ctx = col,
	};

	arm_call(col->arm, &spec);
}

/* ---- -s: the given subscriptions, read alongside their datasets ---- */

static void given_sub_read(struct collector *col, void *obj, const cJSON *body, int ok)
{
	if (ok)
		read_subscription(obj, body);
	collect_try_hand_over(col, obj);
}

/* ---- -A: the subscription list ---- */

static int subscriptions_page(void *ctx, const cJSON *value, const char *api_version,
			      const struct evidence *ev, struct buf *err)
{
	struct collector *col = ctx;
	struct snapshot *snap = col->snap;
	const cJSON *it;

	(void)err;
	cJSON_ArrayForEach(it, value) {
		const char *id = json_str(it, "subscriptionId");
		struct sub_snapshot *sub;

		if (!id || !resid_is_guid(id, strlen(id))) {
			msg_warn("ignoring a listed subscription without a valid "
				 "subscriptionId");
			continue;
		}
		if (snapshot_find(snap, id) || !keep_in_shard(col, id, it, 1))
			continue;	/* listed twice across pages, or another shard's */
		sub = snapshot_sub(snap, id);
		read_subscription(sub, it);
		sub->info.state = DATA_OK;
		sub->info.api_version = api_version;
		/* Its name, state and tags are this page's: the evidence of
		 * what the checks read from the subscription itself. */
		dataset_cite(&sub->info, ev);
		sub->scanned = is_scannable(sub);
		if (sub->scanned)
			read_sub_needs(col, sub);
	}
	/* Start this page's Resource Graph batches now, not after the list. */
	collect_rg_flush(col);
	return 0;
}

/* ---- -m: a management group's descendants, then each subscription ---- */

static void group_sub_read(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct sub_snapshot *sub = obj;

	if (ok)
		read_subscription(sub, body);
	/* Unreadable: scan it anyway, its reads will say what is wrong. */
	sub->scanned = !ok || is_scannable(sub);
	if (sub->scanned)
		read_sub_needs(col, sub);
	if (!--col->sub_reads_pending)
		collect_rg_flush(col);
	scope_maybe_complete(col);
	collect_try_hand_over(col, sub);
}

static int descendants_page(void *ctx, const cJSON *value, const char *api_version,
			    const struct evidence *ev, struct buf *err)
{
	struct collector *col = ctx;
	const cJSON *it;

	(void)api_version;
	(void)ev;	/* each subscription's own read is its evidence */
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const char *type = json_str(it, "type");
		const char *id = json_str(it, "name");
		size_t tl = type ? strlen(type) : 0;
		struct sub_snapshot *sub;
		struct buf path = BUF_INIT;

		/* Groups are walked by the API itself; keep the subscriptions. */
		if (tl < 14 || strcasecmp(type + tl - 14, "/subscriptions"))
			continue;
		if (!id || !resid_is_guid(id, strlen(id))) {
			msg_warn("ignoring a descendant subscription without a valid id");
			continue;
		}
		/* Its state is unknown until read: the search reads it first. */
		if (snapshot_find(col->snap, id) || !keep_in_shard(col, id, NULL, 0))
			continue;
		sub = snapshot_sub(col->snap, id);
		sub->scanned = 0;
		sub->name = xstrdup_or_null(json_str(json_obj(it, "properties"), "displayName"));
		col->sub_reads_pending++;
		buf_addf(&path, "/subscriptions/%s", sub->id);
		collect_get(col, path.buf, collect_subscription_versions, &sub->info,
			    group_sub_read, sub);
		buf_release(&path);
	}
	return 0;
}

/* Start reading the scope: -A, -m, or the subscriptions given with -s. */
static void read_scope(struct collector *col)
{
	const struct config *cfg = col->cfg;
	struct buf path = BUF_INIT;
	size_t i;

	if (cfg->all_subscriptions) {
		list_scope(col, "/subscriptions", collect_subscription_versions,
			   subscriptions_page);
	} else if (cfg->management_group) {
		buf_add(&path, "/providers/Microsoft.Management/managementGroups/");
		resid_add_path(&path, cfg->management_group);
		buf_add(&path, "/descendants");
		list_scope(col, path.buf, mg_versions, descendants_page);
	} else {
		col->snap->scope_complete = 1;
		for (i = 0; i < cfg->subscriptions.n; i++) {
			struct sub_snapshot *sub;

			if (!keep_in_shard(col, cfg->subscriptions.v[i], NULL, 1))
				continue;
			sub = snapshot_sub(col->snap, cfg->subscriptions.v[i]);
			buf_reset(&path);
			buf_addf(&path, "/subscriptions/%s", sub->id);
			collect_get(col, path.buf, collect_subscription_versions, &sub->info,
				    given_sub_read, sub);
			read_sub_needs(col, sub);
		}
	}
	buf_release(&path);
}

int collect_run(const struct config *cfg, struct arm *arm, unsigned needs, time_t now,
		struct snapshot *snap, collect_ready_fn *ready, void *ready_ctx)
{
	struct collector col = {
		.cfg = cfg,
		.arm = arm,
		.snap = snap,
		.needs = needs,
		.now = now,
		.on_dataset = dataset_done,
		.ready = ready,
		.ready_ctx = ready_ctx,
	};
	size_t i;

	read_scope(&col);
	collect_rg_flush(&col);
	if (http_run(arm->http))
		return -1;
	snapshot_sort(snap);
	/* Everything has arrived: the rest, Sentinel's dependants among them. */
	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->scanned && !snap->subs[i]->handed_over)
			collect_hand_over(&col, snap->subs[i]);
	return 0;
}
