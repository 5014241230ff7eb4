/*
 * pricings.c - read Defender plans.  `deprecated` is trusted only as a
 * JSON true (or "true"): anything else keeps the plan in scope, so a
 * malformed flag can never hide a plan that is off.
 */
#include "model/pricings.h"
#include "util/json.h"
#include "util/xmalloc.h"

void *pricings_new(void)
{
	return xcalloc(1, sizeof(struct pricing_list));
}

/* One plan, named `name`, its strings in the pool. */
static struct pricing read_pricing(struct pool *strings, const char *name,
				   const cJSON *props)
{
	struct pricing pr = {
		.name = pool_strdup(strings, name),
		.tier = pool_strdup_or_null(strings, json_str(props, "pricingTier")),
		.sub_plan = pool_strdup_or_null(strings, json_str(props, "subPlan")),
		.deprecated = json_bool(props, "deprecated") == 1,
		.replaced_by = STRVEC_INIT,
		.enablement_time = pool_strdup_or_null(strings,
						       json_str(props, "enablementTime")),
		.coverage = pool_strdup_or_null(strings,
						json_str(props, "resourcesCoverageStatus")),
		.enforce = json_bool(props, "enforce"),
		.inherited = json_bool(props, "inherited"),
		.inherited_from = pool_strdup_or_null(strings, json_str(props, "inheritedFrom")),
	};
	const cJSON *r;

	cJSON_ArrayForEach(r, json_arr(props, "replacedBy"))
		if (cJSON_IsString(r))
			strvec_push(&pr.replaced_by, r->valuestring);
	pool_adopt_strvec(strings, &pr.replaced_by);
	return pr;
}

int pricings_add_page(void *p, const cJSON *value, const char *api_version,
		      struct buf *err)
{
	struct pricing_list *l = p;
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const char *name = json_str(it, "name");

		if (!name || !*name)
			continue;
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		l->items[l->n++] = read_pricing(&l->strings, name, json_obj(it, "properties"));
	}
	return 0;
}

void pricings_free(void *p)
{
	struct pricing_list *l = p;

	if (!l)
		return;
	pool_release(&l->strings);
	free(l->items);
	free(l);
}
