/*
 * sentinel.c - parse the Sentinel-related lists.
 */
#include "sentinel.h"
#include "json.h"
#include "xmalloc.h"

#include <string.h>
#include <strings.h>

void *connectors_new(void)
{
	return xcalloc(1, sizeof(struct connector_list));
}

int connectors_add_page(void *p, const cJSON *value, const char *api_version,
			struct buf *err)
{
	struct connector_list *l = p;
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const char *kind = json_str(it, "kind");
		const cJSON *props = json_obj(it, "properties");
		struct sentinel_connector *c;

		if (!kind || strcasecmp(kind, "AzureSecurityCenter"))
			continue;
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		c = &l->items[l->n++];
		c->id = xstrdup_or_null(json_str(it, "id"));
		c->subscription_id = xstrdup_or_null(json_str(props, "subscriptionId"));
		c->alerts_state = xstrdup_or_null(
			json_str(json_obj(json_obj(props, "dataTypes"), "alerts"), "state"));
	}
	return 0;
}

void connectors_free(void *p)
{
	struct connector_list *l = p;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].id);
		free(l->items[i].subscription_id);
		free(l->items[i].alerts_state);
	}
	free(l->items);
	free(l);
}

void *workspace_ids_new(void)
{
	struct strvec *sv = xmalloc(sizeof(*sv));

	strvec_init(sv);
	return sv;
}

int workspace_ids_add_page(void *p, const cJSON *value, const char *api_version,
			   struct buf *err)
{
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const char *id = json_str(it, "id");

		if (id && *id)
			strvec_push(p, id);
	}
	return 0;
}

void workspace_ids_free(void *p)
{
	if (!p)
		return;
	strvec_clear(p);
	free(p);
}

void *onboarding_new(void)
{
	return xcalloc(1, sizeof(size_t));
}

int onboarding_add_page(void *p, const cJSON *value, const char *api_version,
			struct buf *err)
{
	(void)api_version;
	(void)err;
	*(size_t *)p += (size_t)cJSON_GetArraySize(value);
	return 0;
}

void onboarding_free(void *p)
{
	free(p);
}
