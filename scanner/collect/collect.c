/*
 * collect.c - the request plan: which ARM reads each need takes, and
 * where their answers land in the snapshot.  The reads that follow from
 * automations (their targets, the workspaces' alert tables) are in
 * collect_targets.c, the Microsoft Sentinel search in collect_sentinel.c.
 *
 * Everything is started at once and bounded by the http loop's
 * concurrency.  Reads that depend on another answer start from that
 * answer's callback, not after a whole phase ends: a subscription's
 * datasets as soon as it is known (collect_scope.c), an automation's
 * Logic App or export target as soon as the automations arrive, the
 * settings of a subscription with an untriaged High alert as soon as its
 * alerts arrive, the Microsoft Sentinel search as soon as some
 * subscription's answers show a verdict depends on it (no continuous
 * export, no Logic App response, alert sync off: collect_needs_sentinel).
 * Each dataset is read once per subscription,
 * each target and workspace once per scan, however many checks and
 * automations refer to them.
 */
#include "collect/collect_int.h"
#include "model/resid.h"
#include "model/alerts.h"
#include "model/automations.h"
#include "model/contacts.h"
#include "util/json.h"
#include "util/msg.h"
#include "model/pricings.h"
#include "model/sentinel.h"
#include "model/settings.h"
#include "model/suppression.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

const char *const collect_subscription_versions[] = { "2022-12-01", NULL };
static const char *const contact_versions[] = {
	"2023-12-01-preview", "2020-01-01-preview", "2017-08-01-preview", NULL,
};
static const char *const contact_bare_array_versions[] = { "2020-01-01-preview", NULL };
static const char *const pricing_versions[] = { "2024-01-01", "2023-01-01", NULL };
static const char *const alert_versions[] = { "2022-01-01", NULL };
static const char *const automation_versions[] = {
	"2023-12-01-preview", "2019-01-01-preview", NULL,
};
const char *const collect_workspace_versions[] = {
	"2025-07-01", "2023-09-01", "2022-10-01", "2021-06-01", "2020-08-01", NULL,
};
/* Sentinel (the Defender for Cloud setting) is in 2021-06-01 and later. */
static const char *const settings_versions[] = {
	"2022-05-01", "2021-07-01", "2021-06-01", "2019-01-01", NULL,
};
static const char *const suppression_versions[] = { "2019-01-01-preview", NULL };

const struct resource_kind collect_kinds[NEED__COUNT] = {
	[NEED_SECURITY_CONTACTS] = {
		"/providers/Microsoft.Security/securityContacts", contact_versions,
		contacts_new, contacts_add_page, contacts_free, contact_bare_array_versions,
	},
	[NEED_PRICINGS] = {
		"/providers/Microsoft.Security/pricings", pricing_versions,
		pricings_new, pricings_add_page, pricings_free, NULL,
	},
	[NEED_ALERTS] = {
		"/providers/Microsoft.Security/alerts", alert_versions,
		alerts_new, alerts_add_page, alerts_free, NULL,
	},
	[NEED_AUTOMATIONS] = {
		"/providers/Microsoft.Security/automations", automation_versions,
		automations_new, automations_add_page, automations_free, NULL,
	},
	[NEED_WORKSPACES] = {
		"/providers/Microsoft.OperationalInsights/workspaces",
		collect_workspace_versions,
		workspace_ids_new, workspace_ids_add_page, workspace_ids_free, NULL,
	},
	[NEED_SETTINGS] = {
		"/providers/Microsoft.Security/settings", settings_versions,
		settings_new, settings_add_page, settings_free, NULL,
	},
	[NEED_SUPPRESSION] = {
		"/providers/Microsoft.Security/alertsSuppressionRules", suppression_versions,
		suppression_new, suppression_add_page, suppression_free, NULL,
	},
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
		   const struct evidence *ev, struct buf *err)
{
	struct fetch *f = ctx;

	(void)ev;	/* the whole call is cited by fetch_done */
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
	spec.bare_array_versions = f->kind ? f->kind->bare_array_versions : NULL;
	spec.done = fetch_done;
	spec.ctx = f;
	arm_call(f->col->arm, &spec);
}

void collect_list_below(struct collector *col, const char *id,
			     const struct resource_kind *kind, struct dataset *ds,
			     void (*then)(struct collector *, void *, const cJSON *, int),
			     void *obj)
{
	struct fetch *f = fetch_new(col, ds, kind);
	struct buf path = BUF_INIT;

	f->then = then;
	f->obj = obj;
	resid_add_path(&path, id);
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

/* ---- handing complete subscriptions to evaluation ---- */

/*
 * Does one of sub's verdicts depend on the Microsoft Sentinel search?
 * Its alert export when it has no whole-subscription continuous export,
 * its automated response when no Logic App automation answers every High
 * alert (a Sentinel playbook may), and its alert sync when the setting is
 * not on (does Sentinel take its alerts at all?).
 */
/* ... because of its automations (read, or unreadable)? */
static int automations_need_sentinel(const struct collector *col,
				     const struct sub_snapshot *sub)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];
	const struct automation_list *l = d->state == DATA_OK ? d->data : NULL;

	return ((col->needs & NEED_SENTINEL) && !automations_whole_export(l, STREAM_ALERTS, sub->id)) ||
	       ((col->needs & NEED_SENTINEL_RESPONSE) && !automations_whole_response(l, STREAM_ALERTS, sub->id));
}

/* ... because its alert sync setting is read and not on? */
static int settings_need_sentinel(const struct collector *col, const struct sub_snapshot *sub)
{
	const struct dataset *st = &sub->sets[NEED_SETTINGS];
	const struct security_setting *sync;

	if (!(col->needs & NEED_SENTINEL_SYNC) || st->state != DATA_OK)
		return 0;
	sync = settings_find(st->data, "Sentinel");
	return !sync || sync->enabled != 1;
}

int collect_needs_sentinel(const struct collector *col, const struct sub_snapshot *sub)
{
	return automations_need_sentinel(col, sub) || settings_need_sentinel(col, sub);
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
	if (collect_needs_sentinel(col, sub))
		return;
	hand_over(col, sub);
}

static void automations_done(struct collector *col, struct sub_snapshot *sub, int ok)
{
	const struct automation_list *l = ok ? sub->sets[NEED_AUTOMATIONS].data : NULL;

	collect_automation_targets(col, sub, l);
	/*
	 * Unreadable, or no whole-subscription export or Logic App response:
	 * Sentinel may prove it.  Each answer starts the search for its own
	 * reason only: the other dataset may not be there yet.
	 */
	if (automations_need_sentinel(col, sub))
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

void collect_dataset_done(struct collector *col, struct sub_snapshot *sub,
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
		if (settings_need_sentinel(col, sub))
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

int collect_run(const struct config *cfg, struct arm *arm, unsigned needs, time_t now,
		struct snapshot *snap, collect_ready_fn *ready, void *ready_ctx)
{
	struct collector col;
	size_t i;

	memset(&col, 0, sizeof(col));
	col.cfg = cfg;
	col.arm = arm;
	col.snap = snap;
	col.needs = needs;
	col.now = now;
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
