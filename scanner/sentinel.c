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

	size_t i = 0;

	(void)api_version;
	cJSON_ArrayForEach(it, value) {
		const char *kind = json_str(it, "kind");
		const cJSON *props = json_obj(it, "properties");
		const char *sub, *state;
		struct sentinel_connector *c;

		i++;
		if (!kind || strcasecmp(kind, "AzureSecurityCenter"))
			continue;
		/*
		 * A Defender connector whose subscription or alert state is of
		 * another type may be exactly the one searched for: not an
		 * answer, rather than a connector that does not count.
		 */
		if (json_str_or_null(props, "subscriptionId", &sub) ||
		    json_str_or_null(json_obj(json_obj(props, "dataTypes"), "alerts"),
				     "state", &state)) {
			buf_addf(err, "item %zu of the list, an AzureSecurityCenter connector, "
				 "has a properties.subscriptionId or "
				 "properties.dataTypes.alerts.state that is not a string", i - 1);
			return -1;
		}
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		c = &l->items[l->n++];
		c->id = xstrdup_or_null(json_str(it, "id"));
		c->subscription_id = xstrdup_or_null(sub);
		c->alerts_state = xstrdup_or_null(state);
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
	size_t i = 0;

	(void)api_version;
	cJSON_ArrayForEach(it, value) {
		const char *id = json_str(it, "id");

		/* A workspace that cannot be named cannot be searched. */
		if (!id || !*id) {
			buf_addf(err, "item %zu of the list has no 'id' string", i);
			return -1;
		}
		strvec_push(p, id);
		i++;
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
