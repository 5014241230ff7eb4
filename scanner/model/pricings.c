/*
 * pricings.c - read Defender plans.  `deprecated` is trusted only as a
 * JSON true (or "true"): anything else keeps the plan in scope, so a
 * malformed flag can never hide a plan that is off.
 */
#include "model/pricings.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <string.h>

void *pricings_new(void)
{
	return xcalloc(1, sizeof(struct pricing_list));
}

int pricings_add_page(void *p, const cJSON *value, const char *api_version,
		      struct buf *err)
{
	struct pricing_list *l = p;
	const cJSON *it, *r;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const cJSON *props = json_obj(it, "properties");
		const char *name = json_str(it, "name");
		struct pricing *pr;

		if (!name || !*name)
			continue;
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		pr = &l->items[l->n++];
		memset(pr, 0, sizeof(*pr));
		strvec_init(&pr->replaced_by);
		pr->name = xstrdup(name);
		pr->tier = xstrdup_or_null(json_str(props, "pricingTier"));
		pr->sub_plan = xstrdup_or_null(json_str(props, "subPlan"));
		pr->deprecated = json_bool(props, "deprecated") == 1;
		pr->enablement_time = xstrdup_or_null(json_str(props, "enablementTime"));
		pr->coverage = xstrdup_or_null(json_str(props, "resourcesCoverageStatus"));
		pr->enforce = json_bool(props, "enforce");
		pr->inherited = json_bool(props, "inherited");
		pr->inherited_from = xstrdup_or_null(json_str(props, "inheritedFrom"));
		cJSON_ArrayForEach(r, json_arr(props, "replacedBy"))
			if (cJSON_IsString(r))
				strvec_push(&pr->replaced_by, r->valuestring);
	}
	return 0;
}

void pricings_free(void *p)
{
	struct pricing_list *l = p;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].tier);
		free(l->items[i].sub_plan);
		free(l->items[i].enablement_time);
		free(l->items[i].coverage);
		free(l->items[i].inherited_from);
		strvec_clear(&l->items[i].replaced_by);
	}
	free(l->items);
	free(l);
}
