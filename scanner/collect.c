/*
 * collect.c - the request plan: which ARM reads each need takes, and
 * where their answers land in the snapshot.
 *
 * Everything is started at once and bounded by the http loop's
 * concurrency; reads that depend on another answer (a subscription's
 * datasets after -A lists it) are started from that answer's callback,
 * not after a whole phase ends.  Each dataset is fetched once per
 * subscription however many checks need it.
 */
#include "collect.h"
#include "contacts.h"
#include "json.h"
#include "msg.h"
#include "xmalloc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const subscription_versions[] = { "2022-12-01", NULL };
static const char *const contact_versions[] = {
	"2023-12-01-preview", "2020-01-01-preview", "2017-08-01-preview", NULL,
};

static int parse_contacts(const cJSON *value, const char *api_version,
			  void **out, struct buf *err)
{
	struct contact_list *list = NULL;
	int rc = contacts_parse(value, api_version, &list, err);

	*out = list;
	return rc;
}

/* How to read each dataset; indexed by enum need. */
struct resource_kind {
	const char *path;	/* below /subscriptions/<id> */
	const char *const *api_versions;
	int (*parse)(const cJSON *value, const char *api_version, void **out,
		     struct buf *err);
	void (*free_data)(void *);
};

static const struct resource_kind kinds[NEED__COUNT] = {
	[NEED_SECURITY_CONTACTS] = {
		"/providers/Microsoft.Security/securityContacts",
		contact_versions, parse_contacts, contacts_free,
	},
};

struct collector {
	const struct config *cfg;
	struct arm *arm;
	struct snapshot *snap;
	unsigned needs;
};

struct fetch_ctx {
	struct collector *col;
	struct sub_snapshot *sub;
	enum need need;		/* NEED__COUNT: the subscription itself */
};

static struct dataset *target(struct fetch_ctx *f)
{
	return f->need == NEED__COUNT ? &f->sub->info : &f->sub->sets[f->need];
}

/* Move the call's evidence into the snapshot, cited by dataset d. */
static void keep_evidence(struct snapshot *snap, struct dataset *d,
			  struct arm_result *res)
{
	size_t i;

	for (i = 0; i < res->ev_n; i++)
		snapshot_add_evidence(snap, d, res->ev[i]);
	res->ev_n = 0;
}

static void record_failure(struct dataset *d, const struct arm_result *res)
{
	dataset_fail(d, res->err.status, res->err.code, res->err.message,
		     res->err.url, res->err.request_id);
	free(d->api_version);
	d->api_version = xstrdup_or_null(res->api_version);
}

static void dataset_done(void *ctx, struct arm_result *res)
{
	struct fetch_ctx *f = ctx;
	struct dataset *d = target(f);
	const struct resource_kind *k = &kinds[f->need];
	struct buf err = BUF_INIT;
	void *data = NULL;

	keep_evidence(f->col->snap, d, res);
	if (!res->ok) {
		record_failure(d, res);
	} else if (k->parse(res->items, res->api_version, &data, &err)) {
		const struct evidence *last = d->ev_n ? d->ev[d->ev_n - 1] : NULL;

		dataset_fail(d, 200, "UnexpectedResponse", err.buf,
			     last ? last->url : NULL, last ? last->request_id : NULL);
	} else {
		d->state = DATA_OK;
		d->data = data;
		d->free_data = k->free_data;
		d->api_version = xstrdup(res->api_version);
	}
	buf_release(&err);
	free(f);
}

static void fetch_need(struct collector *col, struct sub_snapshot *sub,
		       enum need need)
{
	struct fetch_ctx *f = xcalloc(1, sizeof(*f));
	struct arm_call_spec spec;
	struct buf path = BUF_INIT;

	f->col = col;
	f->sub = sub;
	f->need = need;
	buf_addf(&path, "/subscriptions/%s%s", sub->id, kinds[need].path);
	memset(&spec, 0, sizeof(spec));
	spec.path = path.buf;
	spec.api_versions = kinds[need].api_versions;
	spec.list = 1;
	spec.done = dataset_done;
	spec.ctx = f;
	arm_call(col->arm, &spec);
	buf_release(&path);
}

static void fetch_all_needs(struct collector *col, struct sub_snapshot *sub)
{
	int n;

	for (n = 0; n < NEED__COUNT; n++)
		if (col->needs & NEED_BIT(n))
			fetch_need(col, sub, (enum need)n);
}

/* Copy name, state and tenant from a subscription object. */
static void read_subscription(struct sub_snapshot *sub, const cJSON *obj)
{
	const char *name = json_str(obj, "displayName");
	const char *state = json_str(obj, "state");
	const char *tenant = json_str(obj, "tenantId");

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
}

static void subscription_done(void *ctx, struct arm_result *res)
{
	struct fetch_ctx *f = ctx;
	struct dataset *d = &f->sub->info;

	keep_evidence(f->col->snap, d, res);
	if (res->ok) {
		read_subscription(f->sub, res->object);
		d->state = DATA_OK;
		d->api_version = xstrdup(res->api_version);
	} else {
		record_failure(d, res);
	}
	free(f);
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

static void subscriptions_listed(void *ctx, struct arm_result *res)
{
	struct collector *col = ctx;
	struct snapshot *snap = col->snap;
	const cJSON *it;
	size_t i;

	for (i = 0; i < res->ev_n; i++)
		snapshot_add_evidence(snap, NULL, res->ev[i]);
	res->ev_n = 0;
	if (!res->ok) {
		snap->scope_failed = 1;
		snap->scope_error.status = res->err.status;
		snap->scope_error.code = xstrdup_or_null(res->err.code);
		snap->scope_error.message = xstrdup_or_null(res->err.message);
		snap->scope_error.url = xstrdup_or_null(res->err.url);
		snap->scope_error.request_id = xstrdup_or_null(res->err.request_id);
		return;
	}
	cJSON_ArrayForEach(it, res->items) {
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
		sub->info.api_version = xstrdup(res->api_version);
		/* SPEC §4: only Enabled subscriptions are scanned. */
		sub->scanned = sub->state && !strcasecmp(sub->state, "Enabled");
		if (sub->scanned)
			fetch_all_needs(col, sub);
	}
}

int collect_run(const struct config *cfg, struct arm *arm, unsigned needs,
		struct snapshot *snap)
{
	struct collector col = { cfg, arm, snap, needs };
	struct arm_call_spec spec;
	size_t i;

	memset(&spec, 0, sizeof(spec));
	spec.api_versions = subscription_versions;
	if (cfg->all_subscriptions) {
		spec.path = "/subscriptions";
		spec.list = 1;
		spec.done = subscriptions_listed;
		spec.ctx = &col;
		arm_call(arm, &spec);
	} else {
		for (i = 0; i < cfg->subscriptions.n; i++) {
			struct sub_snapshot *sub = snapshot_sub(snap, cfg->subscriptions.v[i]);
			struct fetch_ctx *f = xcalloc(1, sizeof(*f));
			struct buf path = BUF_INIT;

			f->col = &col;
			f->sub = sub;
			f->need = NEED__COUNT;
			buf_addf(&path, "/subscriptions/%s", sub->id);
			spec.path = path.buf;
			spec.list = 0;
			spec.done = subscription_done;
			spec.ctx = f;
			arm_call(arm, &spec);
			buf_release(&path);
			fetch_all_needs(&col, sub);
		}
	}
	if (http_run(arm->http))
		return -1;
	snapshot_sort(snap);
	return 0;
}
