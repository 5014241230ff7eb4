/*
 * collect_scope.c - which subscriptions a scan covers: the ones given
 * with -s, every one the identity can see (-A, the subscription list), or
 * every one below a management group (-m, its descendants, nested groups
 * included).  Each subscription's reads start as soon as it is known.
 *
 * Subscriptions in state Disabled or Deleted are kept in the report as
 * skipped with their state; every other state is scanned.  Past Due
 * subscriptions run as usual ("Your subscription is still active ... All
 * operations are available"), and Warned ones keep their configuration
 * readable ("You can retrieve or delete resources (GET/DELETE)") and
 * return to Enabled when the warning is resolved (MicrosoftDocs/
 * azure-docs articles/cost-management-billing/manage/subscription-
 * states.md @06477775): skipping them would hide their controls from the
 * report.  Disabled ones have their services turned off.
 */
#include "collect/collect_int.h"
#include "model/resid.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

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
	return !sub->state || (strcasecmp(sub->state, "Disabled") &&
			       strcasecmp(sub->state, "Deleted"));
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
	struct arm_call_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.path = path;
	spec.api_versions = versions;
	spec.on_page = on_page;
	spec.done = list_done;
	spec.ctx = col;
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
		if (snapshot_find(snap, id))
			continue;	/* listed twice across pages */
		sub = snapshot_sub(snap, id);
		read_subscription(sub, it);
		sub->info.state = DATA_OK;
		sub->info.api_version = xstrdup(api_version);
		/* Its name, state and tags are this page's: the evidence of
		 * what the checks read from the subscription itself. */
		dataset_cite(&sub->info, ev);
		sub->scanned = is_scannable(sub);
		if (sub->scanned)
			collect_sub_needs(col, sub);
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
		collect_sub_needs(col, sub);
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
		if (snapshot_find(col->snap, id))
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

void collect_scope(struct collector *col)
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
			struct sub_snapshot *sub = snapshot_sub(col->snap, cfg->subscriptions.v[i]);

			buf_reset(&path);
			buf_addf(&path, "/subscriptions/%s", sub->id);
			collect_get(col, path.buf, collect_subscription_versions, &sub->info,
				    given_sub_read, sub);
			collect_sub_needs(col, sub);
		}
	}
	buf_release(&path);
}
