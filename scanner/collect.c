/*
 * collect.c - the request plan: which ARM reads each need takes, and
 * where their answers land in the snapshot.
 *
 * Everything is started at once and bounded by the http loop's
 * concurrency.  Reads that depend on another answer start from that
 * answer's callback, not after a whole phase ends: a subscription's
 * datasets as soon as -A lists it, an automation's Logic App or export
 * target as soon as the automations arrive, the Microsoft Sentinel search
 * as soon as some subscription turns out to have no continuous export.
 * Each dataset is read once per subscription, each target and workspace
 * once per scan, however many checks and automations refer to them.
 */
#include "collect.h"
#include "alerts.h"
#include "automations.h"
#include "contacts.h"
#include "json.h"
#include "msg.h"
#include "pricings.h"
#include "sentinel.h"
#include "xmalloc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* How to read one kind of answer: a list (page by page) or one object. */
struct resource_kind {
	const char *path;	/* below the subscription, or below a target id */
	const char *const *api_versions;	/* newest first */
	void *(*new_data)(void);
	int (*add_page)(void *data, const cJSON *value, const char *api_version,
			struct buf *err);
	void (*free_data)(void *);
};

static const char *const subscription_versions[] = { "2022-12-01", NULL };
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

static const struct resource_kind kinds[NEED__COUNT] = {
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

struct collector {
	const struct config *cfg;
	struct arm *arm;
	struct snapshot *snap;
	unsigned needs;
};

/* One read in flight, and what to do when it is complete. */
struct fetch {
	struct collector *col;
	struct dataset *ds;		/* where the answer lands */
	const struct resource_kind *kind;	/* NULL for a single GET */
	void *data;			/* built page by page */
	void (*then)(struct fetch *f, int ok);
	struct sub_snapshot *sub;	/* context for then() */
	void *obj;			/* target or workspace */
	const cJSON *object;		/* a GET's body, during then() */
};

/* Move the call's evidence into the snapshot, cited by dataset d. */
static void keep_evidence(struct snapshot *snap, struct dataset *d,
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

	keep_evidence(f->col->snap, d, res);
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
	f->object = res->object;
	if (f->then)
		f->then(f, res->ok);
	if (f->data)
		f->kind->free_data(f->data);
	free(f);
}

/*
 * Start reading `path` into dataset ds: a list with `kind`, or (kind
 * NULL) a single GET with `versions`.  then() runs when it is complete.
 */
static void fetch(struct collector *col, const char *path,
		  const struct resource_kind *kind, const char *const *versions,
		  struct dataset *ds, void (*then)(struct fetch *, int),
		  struct sub_snapshot *sub, void *obj)
{
	struct fetch *f = xcalloc(1, sizeof(*f));
	struct arm_call_spec spec;

	f->col = col;
	f->ds = ds;
	f->kind = kind;
	f->then = then;
	f->sub = sub;
	f->obj = obj;
	if (kind)
		f->data = kind->new_data();
	memset(&spec, 0, sizeof(spec));
	spec.path = path;
	spec.api_versions = kind ? kind->api_versions : versions;
	spec.on_page = kind ? page_cb : NULL;
	spec.done = fetch_done;
	spec.ctx = f;
	arm_call(col->arm, &spec);
}

/* ---- Microsoft Sentinel: workspaces, onboarding, connectors ---- */

static void connectors_then(struct fetch *f, int ok)
{
	(void)f;
	(void)ok;
}

static void onboarding_then(struct fetch *f, int ok)
{
	struct sentinel_workspace *w = f->obj;
	struct buf path = BUF_INIT;

	if (!ok)
		return;
	w->onboarded = *(const size_t *)w->onboarding.data > 0;
	/* An empty onboardingStates list: not a Sentinel workspace, skip it. */
	if (!w->onboarded)
		return;
	arm_add_path(&path, w->id);
	buf_add(&path, connectors_kind.path);
	fetch(f->col, path.buf, &connectors_kind, NULL, &w->connectors,
	      connectors_then, NULL, w);
	buf_release(&path);
}

static void want_workspace(struct collector *col, const char *id, int named)
{
	struct sentinel_workspace *w = snapshot_workspace(col->snap, id);
	struct buf path = BUF_INIT;

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
	arm_add_path(&path, id);
	buf_add(&path, onboarding_kind.path);
	fetch(col, path.buf, &onboarding_kind, NULL, &w->onboarding,
	      onboarding_then, NULL, w);
	buf_release(&path);
}

static void workspaces_then(struct fetch *f, int ok)
{
	const struct strvec *ids = f->ds->data;
	size_t i;

	for (i = 0; ok && ids && i < ids->n; i++)
		want_workspace(f->col, ids->v[i], 0);
}

static void fetch_need(struct collector *col, struct sub_snapshot *sub,
		       enum need need);

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
			fetch_need(col, snap->subs[i], NEED_WORKSPACES);
	for (i = 0; i < col->cfg->sentinel_workspaces.n; i++)
		want_workspace(col, col->cfg->sentinel_workspaces.v[i], 1);
}

/* ---- automation targets ---- */

static void target_then(struct fetch *f, int ok)
{
	struct target *t = f->obj;
	const cJSON *props = json_obj(f->object, "properties");

	if (!ok)
		return;
	t->state = xstrdup_or_null(json_str(props, "state"));
	t->provisioning_state = xstrdup_or_null(json_str(props, "provisioningState"));
}

static void want_target(struct collector *col, const char *id, enum target_kind kind)
{
	struct buf path = BUF_INIT;
	struct target *t;

	if (!id || snapshot_target(col->snap, id))
		return;
	t = snapshot_add_target(col->snap, id, kind);
	t->id_valid = arm_id_is(id, target_kinds[kind].type);
	if (!t->id_valid)
		return;	/* never send the token to something that is not ARM */
	arm_add_path(&path, id);
	fetch(col, path.buf, NULL, target_kinds[kind].api_versions, &t->ds,
	      target_then, NULL, t);
	buf_release(&path);
}

static enum target_kind target_kind_of(enum action_type t)
{
	return t == ACTION_WORKSPACE ? TARGET_WORKSPACE :
	       t == ACTION_EVENT_HUB ? TARGET_EVENT_HUB : TARGET_LOGIC_APP;
}

static void automations_then(struct fetch *f, int ok)
{
	struct collector *col = f->col;
	const struct automation_list *l = ok ? f->ds->data : NULL;
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
				want_target(col, a->actions[j].target, target_kind_of(t));
		}
	}
	/* Unreadable or no whole-subscription export: Sentinel may prove it. */
	if ((col->needs & NEED_SENTINEL) && !automations_whole_export(l, f->sub->id))
		sentinel_search(col);
}

/* ---- per-subscription datasets ---- */

static void fetch_need(struct collector *col, struct sub_snapshot *sub,
		       enum need need)
{
	struct buf path = BUF_INIT;

	if (sub->sets[need].requested)
		return;
	sub->sets[need].requested = 1;
	buf_addf(&path, "/subscriptions/%s%s", sub->id, kinds[need].path);
	fetch(col, path.buf, &kinds[need], NULL, &sub->sets[need],
	      need == NEED_AUTOMATIONS ? automations_then :
	      need == NEED_WORKSPACES ? workspaces_then : NULL, sub, NULL);
	buf_release(&path);
}

static void fetch_all_needs(struct collector *col, struct sub_snapshot *sub)
{
	int n;

	for (n = 0; n < NEED__COUNT; n++)
		if (col->needs & NEED_BIT(n))
			fetch_need(col, sub, (enum need)n);
	/* Listed after the Sentinel search began: search its workspaces too. */
	if (col->snap->sentinel_searched)
		fetch_need(col, sub, NEED_WORKSPACES);
}

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
	cJSON_ArrayForEach(tag, json_obj(obj, "tags")) {
		if (!tag->string)
			continue;
		strvec_push(&sub->tag_keys, tag->string);
		/* A tag value that is not a string counts as empty. */
		strvec_push(&sub->tag_values, cJSON_IsString(tag) ? tag->valuestring : "");
	}
}

static void subscription_then(struct fetch *f, int ok)
{
	if (ok)
		read_subscription(f->sub, f->object);
}

static int is_guid(const char *s)
{
	size_t i;

	if (!s || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* One page of -A's subscription list: start each new subscription's reads. */
static int subscriptions_page(void *ctx, const cJSON *value, const char *api_version,
			      struct buf *err)
{
	struct fetch *f = ctx;
	struct snapshot *snap = f->col->snap;
	const cJSON *it;

	(void)err;
	cJSON_ArrayForEach(it, value) {
		const char *id = json_str(it, "subscriptionId");
		struct sub_snapshot *sub;

		if (!is_guid(id)) {
			msg_warn("ignoring a listed subscription without a valid "
				 "subscriptionId");
			continue;
		}
		if (snapshot_find(snap, id))
			continue;	/* listed twice across pages */
		sub = snapshot_sub(snap, id);
		read_subscription(sub, it);
		sub->info.state = DATA_OK;
		sub->info.api_version = xstrdup(api_version);
		/* SPEC §4: only Enabled subscriptions are scanned. */
		sub->scanned = sub->state && !strcasecmp(sub->state, "Enabled");
		if (sub->scanned)
			fetch_all_needs(f->col, sub);
	}
	return 0;
}

static void subscriptions_listed(void *ctx, struct arm_result *res)
{
	struct fetch *f = ctx;
	struct snapshot *snap = f->col->snap;

	keep_evidence(snap, NULL, res);
	if (!res->ok) {
		snap->scope_failed = 1;
		snap->scope_error.status = res->err.status;
		snap->scope_error.code = xstrdup_or_null(res->err.code);
		snap->scope_error.message = xstrdup_or_null(res->err.message);
		snap->scope_error.url = xstrdup_or_null(res->err.url);
		snap->scope_error.request_id = xstrdup_or_null(res->err.request_id);
	}
	free(f);
}

static void list_subscriptions(struct collector *col)
{
	struct fetch *f = xcalloc(1, sizeof(*f));
	struct arm_call_spec spec;

	f->col = col;
	memset(&spec, 0, sizeof(spec));
	spec.path = "/subscriptions";
	spec.api_versions = subscription_versions;
	spec.on_page = subscriptions_page;
	spec.done = subscriptions_listed;
	spec.ctx = f;
	arm_call(col->arm, &spec);
}

int collect_run(const struct config *cfg, struct arm *arm, unsigned needs,
		struct snapshot *snap)
{
	struct collector col = { cfg, arm, snap, needs };
	size_t i;

	if (cfg->all_subscriptions) {
		list_subscriptions(&col);
	} else {
		for (i = 0; i < cfg->subscriptions.n; i++) {
			struct sub_snapshot *sub = snapshot_sub(snap, cfg->subscriptions.v[i]);
			struct buf path = BUF_INIT;

			buf_addf(&path, "/subscriptions/%s", sub->id);
			fetch(&col, path.buf, NULL, subscription_versions, &sub->info,
			      subscription_then, sub, NULL);
			buf_release(&path);
			fetch_all_needs(&col, sub);
		}
	}
	if (http_run(arm->http))
		return -1;
	snapshot_sort(snap);
	return 0;
}
