/*
 * datasets.c - reading one dataset and handing a complete subscription
 * to evaluation: the resource kinds and their api-versions, a read in
 * flight (struct fetch) and where its answer lands in the snapshot, and
 * whether everything a subscription's checks can read is final.
 *
 * The bottom of the collection files: it calls nothing above it.  What a
 * complete dataset starts next (targets, the Sentinel search, more
 * reads) is decided by collect.c, reached through col->on_dataset.
 */
#include "collect/collect_int.h"
#include "model/alerts.h"
#include "model/automations.h"
#include "model/contacts.h"
#include "model/pricings.h"
#include "model/resid.h"
#include "model/sentinel.h"
#include "model/settings.h"
#include "model/suppression.h"
#include "util/xmalloc.h"

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
	d->api_version = res->api_version;
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
	struct fetch *f = xmalloc(sizeof(*f));

	*f = (struct fetch){
		.col = col,
		.ds = ds,
		.kind = kind,
		.data = kind ? kind->new_data() : NULL,
	};
	ds->requested = 1;
	return f;
}

static void fetch_start(struct fetch *f, const char *path, const char *const *versions)
{
	const struct arm_call_spec spec = {
		.path = path,
		.api_versions = f->kind ? f->kind->api_versions : versions,
		.on_page = f->kind ? page_cb : NULL,
		.bare_array_versions = f->kind ? f->kind->bare_array_versions : NULL,
		.done = fetch_done,
		.ctx = f,
	};

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
int collect_automations_need_sentinel(const struct collector *col,
				      const struct sub_snapshot *sub)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];
	const struct automation_list *l = d->state == DATA_OK ? d->data : NULL;

	return ((col->needs & NEED_SENTINEL) && !automations_whole_export(l, STREAM_ALERTS, sub->id)) ||
	       ((col->needs & NEED_SENTINEL_RESPONSE) && !automations_whole_response(l, STREAM_ALERTS, sub->id));
}

int collect_settings_need_sentinel(const struct collector *col,
				   const struct sub_snapshot *sub)
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
	return collect_automations_need_sentinel(col, sub) ||
	       collect_settings_need_sentinel(col, sub);
}

void collect_hand_over(struct collector *col, struct sub_snapshot *sub)
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

	if (sub->handed_over || !sub->scanned || sub->other_shard || sub->targets_pending ||
	    sub->info.state == DATA_UNSET)
		return;
	for (n = 0; n < NEED__COUNT; n++)
		if (((col->needs & NEED_BIT(n)) || sub->sets[n].requested) &&
		    sub->sets[n].state == DATA_UNSET)
			return;
	if (collect_needs_sentinel(col, sub))
		return;
	collect_hand_over(col, sub);
}

void collect_dataset_done(struct collector *col, struct sub_snapshot *sub,
			  enum need need, int ok)
{
	if (col->on_dataset)
		col->on_dataset(col, sub, need, ok);
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
