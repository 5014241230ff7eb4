/*
 * sentinel.c - parse the Sentinel-related lists.
 */
#include "sentinel.h"
#include "json.h"
#include "resid.h"
#include "xmalloc.h"

#include <string.h>
#include <strings.h>

void *connectors_new(void)
{
	return xcalloc(1, sizeof(struct connector_list));
}

static enum connector_kind connector_kind_of(const char *kind)
{
	if (!kind)
		return 0;
	if (!strcasecmp(kind, "AzureSecurityCenter"))
		return CONNECTOR_ASC;
	if (!strcasecmp(kind, "MicrosoftThreatProtection"))
		return CONNECTOR_XDR;
	if (!strcasecmp(kind, "MicrosoftDefenderForCloudTenantBased"))
		return CONNECTOR_MDC_TENANT;
	return 0;
}

/*
 * A connector whose subscription, tenant or data type state is of
 * another type may be exactly the one searched for: not an answer,
 * rather than a connector that does not count.
 */
static int read_connector(struct sentinel_connector *c, const cJSON *props)
{
	const cJSON *types = json_obj(props, "dataTypes");
	const char *sub, *alerts, *incidents, *tenant;

	if (json_str_or_null(props, "subscriptionId", &sub) ||
	    json_str_or_null(props, "tenantId", &tenant) ||
	    json_str_or_null(json_obj(types, "alerts"), "state", &alerts) ||
	    json_str_or_null(json_obj(types, "incidents"), "state", &incidents))
		return -1;
	c->subscription_id = xstrdup_or_null(sub);
	c->tenant_id = xstrdup_or_null(tenant);
	c->alerts_state = xstrdup_or_null(alerts);
	c->incidents_state = xstrdup_or_null(incidents);
	return 0;
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
		enum connector_kind k = connector_kind_of(kind);
		struct sentinel_connector c;

		i++;
		if (!k)
			continue;
		memset(&c, 0, sizeof(c));
		if (read_connector(&c, json_obj(it, "properties"))) {
			buf_addf(err, "item %zu of the list, a %s connector, has a "
				 "properties.subscriptionId, tenantId or dataTypes state "
				 "that is not a string", i - 1, kind);
			return -1;
		}
		c.kind = k;
		c.kind_raw = xstrdup(kind);
		c.id = resid_dup(json_str(it, "id"));
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		l->items[l->n++] = c;
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
		free(l->items[i].kind_raw);
		free(l->items[i].subscription_id);
		free(l->items[i].alerts_state);
		free(l->items[i].incidents_state);
		free(l->items[i].tenant_id);
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
		strvec_push_owned(p, resid_dup(id));
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
