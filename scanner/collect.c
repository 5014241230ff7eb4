/*
 * collect.c - the request plan: which ARM reads each need takes, and
 * where their answers land in the snapshot.
 *
 * Everything is started at once and bounded by the http loop's
 * concurrency.  Reads that depend on another answer start from that
 * answer's callback, not after a whole phase ends: a subscription's
 * datasets as soon as it is known (collect_scope.c), an automation's
 * Logic App or export target as soon as the automations arrive, the
 * Microsoft Sentinel search as soon as some subscription turns out to
 * have no continuous export.  Each dataset is read once per subscription,
 * each target and workspace once per scan, however many checks and
 * automations refer to them.
 */
#include "collect_int.h"
#include "alerts.h"
#include "automations.h"
#include "contacts.h"
#include "json.h"
#include "msg.h"
#include "pricings.h"
#include "sentinel.h"
#include "xmalloc.h"

#include <string.h>
#include <strings.h>

const char *const collect_subscription_versions[] = { "2022-12-01", NULL };
static const char *const contact_versions[] = {
	"2023-12-01-preview", "2020-01-01-preview", "2017-08-01-preview", NULL,
};
static const char *const pricing_versions[] = { "2024-01-01", "2023-01-01", NULL };
static const char *const alert_versions[] = { "2022-01-01", NULL };
static const char *const automation_versions[] = {
	"2023-12-01-preview", "2019-01-01-preview", NULL,
};
static const char *const workspace_versions[] = {
	"2025-07-01", "2023-09-01", "2022-10-01", "2021-06-01", "2020-08-01", NULL,
};
static const char *const logic_versions[] = { "2019-05-01", "2016-06-01", NULL };
static const char *const eventhub_versions[] = { "2024-01-01", "2021-11-01", NULL };
static const char *const insights_versions[] = {
	"2025-09-01", "2024-03-01", "2021-10-01", NULL,
};

const struct resource_kind collect_kinds[NEED__COUNT] = {
	[NEED_SECURITY_CONTACTS] = {
		"/providers/Microsoft.Security/securityContacts", contact_versions,
		contacts_new, contacts_add_page, contacts_free,
	},
	[NEED_PRICINGS] = {
		"/providers/Microsoft.Security/pricings", pricing_versions,
		pricings_new, pricings_add_page, pricings_free,
	},
	[NEED_ALERTS] = {
		"/providers/Microsoft.Security/alerts", alert_versions,
		alerts_new, alerts_add_page, alerts_free,
	},
	[NEED_AUTOMATIONS] = {
		"/providers/Microsoft.Security/automations", automation_versions,
		automations_new, automations_add_page, automations_free,
	},
	[NEED_WORKSPACES] = {
		"/providers/Microsoft.OperationalInsights/workspaces", workspace_versions,
		workspace_ids_new, workspace_ids_add_page, workspace_ids_free,
	},
};

static const struct resource_kind onboarding_kind = {
	"/providers/Microsoft.SecurityInsights/onboardingStates", insights_versions,
	onboarding_new, onboarding_add_page, onboarding_free,
};
static const struct resource_kind connectors_kind = {
	"/providers/Microsoft.SecurityInsights/dataConnectors", insights_versions,
	connectors_new, connectors_add_page, connectors_free,
};

/* Targets are single GETs of the id itself. */
static const struct {
	const char *type;
	const char *const *api_versions;
} target_kinds[] = {
	[TARGET_WORKSPACE] = { "Microsoft.OperationalInsights/workspaces", workspace_versions },
	[TARGET_EVENT_HUB] = { "Microsoft.EventHub/namespaces/eventhubs", eventhub_versions },
	[TARGET_LOGIC_APP] = { "Microsoft.Logic/workflows", logic_versions },
};

/* One read in flight, and what to do when it is complete. */
struct fetch {
	struct collector *col;
	struct dataset *ds;		/* where the answer lands */
	const struct resource_kind *kind;	/* NULL for a single GET */
	void *data;			/* built page by page */
	struct sub_snapshot *sub;	/* the dataset's subscription, or NULL */
	enum need need;
	void (*then)(struct collector *col, void *obj, const cJSON *body, int ok);
	void *obj;
};

void collect_keep_evidence(struct snapshot *snap, struct dataset *d,
			   struct arm_result *res)
{
	size_t i;

	for (i = 0; i < res->ev_n; i++)
		snapshot_add_evidence(snap, d, res->ev[i]);
	res->ev_n = 0;
}

static int page_cb(void *ctx, const cJSON *value, const char *api_version,
		   struct buf *err)
{
	struct fetch *f = ctx;

	return f->kind->add_page(f->data, value, api_version, err);
}

static void fetch_done(void *ctx, struct arm_result *res)
{
	struct fetch *f = ctx;
	struct dataset *d = f->ds;

	collect_keep_evidence(f->col->snap, d, res);
	free(d->api_version);
	d->api_version = xstrdup_or_null(res->api_version);
	if (res->ok) {
		d->state = DATA_OK;
		if (f->kind) {
			d->data = f->data;
			d->free_data = f->kind->free_data;
			f->data = NULL;
		}
	} else {
		dataset_fail(d, res->err.status, res->err.code, res->err.message,
			     res->err.url, res->err.request_id);
	}
	if (f->then)
		f->then(f->col, f->obj, res->object, res->ok);
	else if (f->sub)
		collect_dataset_done(f->col, f->sub, f->need, res->ok);
	if (f->data && f->kind)
		f->kind->free_data(f->data);
	free(f);
}

static struct fetch *fetch_new(struct collector *col, struct dataset *ds,
			       const struct resource_kind *kind)
{
	struct fetch *f = xcalloc(1, sizeof(*f));

	f->col = col;
	f->ds = ds;
	f->kind = kind;
	if (kind)
		f->data = kind->new_data();
	ds->requested = 1;
	return f;
}

static void fetch_start(struct fetch *f, const char *path, const char *const *versions)
{
	struct arm_call_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.path = path;
	spec.api_versions = f->kind ? f->kind->api_versions : versions;
	spec.on_page = f->kind ? page_cb : NULL;
	spec.done = fetch_done;
	spec.ctx = f;
	arm_call(f->col->arm, &spec);
}

/* Read a list below a resource id into ds; then() when complete. */
static void fetch_list_below(struct collector *col, const char *id,
			     const struct resource_kind *kind, struct dataset *ds,
			     void (*then)(struct collector *, void *, const cJSON *, int),
			     void *obj)
{
	struct fetch *f = fetch_new(col, ds, kind);
	struct buf path = BUF_INIT;

	f->then = then;
	f->obj = obj;
	arm_add_path(&path, id);
	buf_add(&path, kind->path);
	fetch_start(f, path.buf, NULL);
	buf_release(&path);
}

void collect_get(struct collector *col, const char *path, const char *const *versions,
		 struct dataset *ds,
		 void (*then)(struct collector *col, void *obj, const cJSON *body, int ok),
		 void *obj)
{
	struct fetch *f = fetch_new(col, ds, NULL);

	f->then = then;
	f->obj = obj;
	fetch_start(f, path, versions);
}

/* ---- Microsoft Sentinel: workspaces, onboarding, connectors ---- */

static void onboarding_then(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct sentinel_workspace *w = obj;

	(void)body;
	if (!ok)
		return;
	w->onboarded = *(const size_t *)w->onboarding.data > 0;
	/* An empty onboardingStates list: not a Sentinel workspace, skip it. */
	if (w->onboarded)
		fetch_list_below(col, w->id, &connectors_kind, &w->connectors, NULL, w);
}

static void want_workspace(struct collector *col, const char *id, int named)
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
	fetch_list_below(col, id, &onboarding_kind, &w->onboarding, onboarding_then, w);
}

/*
 * Search every scanned subscription's workspaces (and those named with
 * --sentinel-workspace) once, the first time some subscription needs it.
 */
static void sentinel_search(struct collector *col)
{
	struct snapshot *snap = col->snap;
	size_t i;

	if (snap->sentinel_searched)
		return;
	snap->sentinel_searched = 1;
	msg_verbose("a subscription has no continuous export of alerts: "
		    "searching Microsoft Sentinel workspaces");
	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->scanned)
			collect_direct(col, snap->subs[i], NEED_WORKSPACES);
	for (i = 0; i < col->cfg->sentinel_workspaces.n; i++)
		want_workspace(col, col->cfg->sentinel_workspaces.v[i], 1);
}

/* ---- handing complete subscriptions to evaluation ---- */

/* Does sub's alert export depend on the Microsoft Sentinel search? */
static int needs_sentinel(const struct collector *col, const struct sub_snapshot *sub)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];

	return (col->needs & NEED_SENTINEL) &&
	       !automations_whole_export(d->state == DATA_OK ? d->data : NULL, sub->id);
}

static void hand_over(struct collector *col, struct sub_snapshot *sub)
{
	sub->handed_over = 1;
	if (col->ready)
		col->ready(col->ready_ctx, sub);
}

/*
 * Hand sub over if nothing it can read is still coming.  Sentinel
 * results are scan-wide, so subscriptions that depend on them wait for
 * the end of collection (collect_run).
 */
void collect_try_hand_over(struct collector *col, struct sub_snapshot *sub)
{
	int n;

	if (sub->handed_over || !sub->scanned || sub->targets_pending ||
	    sub->info.state == DATA_UNSET)
		return;
	for (n = 0; n < NEED__COUNT; n++)
		if (((col->needs & NEED_BIT(n)) || sub->sets[n].requested) &&
		    sub->sets[n].state == DATA_UNSET)
			return;
	if (needs_sentinel(col, sub))
		return;
	hand_over(col, sub);
}

/* ---- automation targets ---- */

static void target_then(struct collector *col, void *obj, const cJSON *body, int ok)
{
	struct target *t = obj;
	const cJSON *props = json_obj(body, "properties");
	size_t i;

	if (ok) {
		t->state = xstrdup_or_null(json_str(props, "state"));
		t->provisioning_state = xstrdup_or_null(json_str(props, "provisioningState"));
	}
	for (i = 0; i < t->n_waiters; i++) {
		t->waiters[i]->targets_pending--;
		collect_try_hand_over(col, t->waiters[i]);
	}
	free(t->waiters);
	t->waiters = NULL;
	t->n_waiters = t->waiters_alloc = 0;
}

/* Read target id once per scan; sub waits for it. */
static void want_target(struct collector *col, struct sub_snapshot *sub,
			const char *id, enum target_kind kind)
{
	struct buf path = BUF_INIT;
	struct target *t;

	if (!id)
		return;
	t = snapshot_target(col->snap, id);
	if (!t) {
		t = snapshot_add_target(col->snap, id, kind);
		t->id_valid = arm_id_is(id, target_kinds[kind].type);
		/* Never send the token to something that is not ARM. */
		if (t->id_valid) {
			arm_add_path(&path, id);
			collect_get(col, path.buf, target_kinds[kind].api_versions,
				    &t->ds, target_then, t);
			buf_release(&path);
		}
	}
	if (t->id_valid && t->ds.state == DATA_UNSET) {
		t->waiters = xgrow(t->waiters, &t->waiters_alloc, t->n_waiters + 1,
				   sizeof(*t->waiters));
		t->waiters[t->n_waiters++] = sub;
		sub->targets_pending++;
	}
}

static enum target_kind target_kind_of(enum action_type t)
{
	return t == ACTION_WORKSPACE ? TARGET_WORKSPACE :
	       t == ACTION_EVENT_HUB ? TARGET_EVENT_HUB : TARGET_LOGIC_APP;
}

static void automations_done(struct collector *col, struct sub_snapshot *sub, int ok)
{
	const struct automation_list *l = ok ? sub->sets[NEED_AUTOMATIONS].data : NULL;
	size_t i, j;

	for (i = 0; l && i < l->n; i++) {
		const struct automation *a = &l->items[i];

		if (!automation_takes_alerts(a))
			continue;
		for (j = 0; j < a->n_actions; j++) {
			enum action_type t = a->actions[j].type;

			if (((t == ACTION_WORKSPACE || t == ACTION_EVENT_HUB) &&
			     (col->needs & NEED_EXPORT_TARGETS) &&
			     automation_exports_alerts(a)) ||
			    (t == ACTION_LOGIC_APP && (col->needs & NEED_LOGIC_APPS)))
				want_target(col, sub, a->actions[j].target, target_kind_of(t));
		}
	}
	/* Unreadable or no whole-subscription export: Sentinel may prove it. */
	if ((col->needs & NEED_SENTINEL) && !automations_whole_export(l, sub->id))
		sentinel_search(col);
}

void collect_dataset_done(struct collector *col, struct sub_snapshot *sub,
			  enum need need, int ok)
{
	const struct strvec *ids;
	size_t i;

	switch (need) {
	case NEED_AUTOMATIONS:
		automations_done(col, sub, ok);
		break;
	case NEED_WORKSPACES:
		ids = ok ? sub->sets[need].data : NULL;
		for (i = 0; ids && i < ids->n; i++)
			want_workspace(col, ids->v[i], 0);
		break;
	default:
		break;
	}
	collect_try_hand_over(col, sub);
}

/* ---- per-subscription datasets ---- */

void collect_direct(struct collector *col, struct sub_snapshot *sub, enum need need)
{
	struct fetch *f;
	struct buf path = BUF_INIT;

	if (sub->sets[need].requested)
		return;
	f = fetch_new(col, &sub->sets[need], &collect_kinds[need]);
	f->sub = sub;
	f->need = need;
	buf_addf(&path, "/subscriptions/%s%s", sub->id, collect_kinds[need].path);
	fetch_start(f, path.buf, NULL);
	buf_release(&path);
}

void collect_sub_needs(struct collector *col, struct sub_snapshot *sub)
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

int collect_run(const struct config *cfg, struct arm *arm, unsigned needs,
		struct snapshot *snap, collect_ready_fn *ready, void *ready_ctx)
{
	struct collector col;
	size_t i;

	memset(&col, 0, sizeof(col));
	col.cfg = cfg;
	col.arm = arm;
	col.snap = snap;
	col.needs = needs;
	col.ready = ready;
	col.ready_ctx = ready_ctx;
	collect_scope(&col);
	collect_rg_flush(&col);
	if (http_run(arm->http))
		return -1;
	snapshot_sort(snap);
	/* Everything has arrived: the rest, Sentinel's dependants among them. */
	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->scanned && !snap->subs[i]->handed_over)
			hand_over(&col, snap->subs[i]);
	return 0;
}
