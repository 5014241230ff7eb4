/*
 * sentinel.c - parse the Sentinel-related lists.
 */
#include "model/sentinel.h"
#include "util/clock.h"
#include "util/json.h"
#include "model/resid.h"
#include "util/xmalloc.h"

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
static int read_connector(struct sentinel_connector *c, struct pool *strings,
			  const cJSON *item, const char *kind)
{
	const cJSON *props = json_obj(item, "properties");
	const cJSON *types = json_obj(props, "dataTypes");
	const char *sub, *alerts, *incidents, *tenant;

	if (json_str_or_null(props, "subscriptionId", &sub) ||
	    json_str_or_null(props, "tenantId", &tenant) ||
	    json_str_or_null(json_obj(types, "alerts"), "state", &alerts) ||
	    json_str_or_null(json_obj(types, "incidents"), "state", &incidents))
		return -1;
	*c = (struct sentinel_connector){
		.id = resid_pool_dup(strings, json_str(item, "id")),
		.kind = connector_kind_of(kind),
		.kind_raw = pool_strdup(strings, kind),
		.subscription_id = pool_strdup_or_null(strings, sub),
		.alerts_state = pool_strdup_or_null(strings, alerts),
		.incidents_state = pool_strdup_or_null(strings, incidents),
		.tenant_id = pool_strdup_or_null(strings, tenant),
	};
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
		struct sentinel_connector c;

		i++;
		if (!connector_kind_of(kind))
			continue;
		if (read_connector(&c, &l->strings, it, kind)) {
			buf_addf(err, "item %zu of the list, a %s connector, has a "
				 "properties.subscriptionId, tenantId or dataTypes state "
				 "that is not a string", i - 1, kind);
			return -1;
		}
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		l->items[l->n++] = c;
	}
	return 0;
}

void connectors_free(void *p)
{
	struct connector_list *l = p;

	if (!l)
		return;
	pool_release(&l->strings);
	free(l->items);
	free(l);
}

void *auto_rules_new(void)
{
	return xcalloc(1, sizeof(struct auto_rule_list));
}

static void read_conditions(struct sentinel_auto_rule *r, struct pool *strings,
			    const cJSON *logic)
{
	const cJSON *conds = json_get(logic, "conditions"), *c, *v;
	size_t n = 0;

	if (!conds || cJSON_IsNull(conds))
		return;
	if (!cJSON_IsArray(conds)) {
		r->malformed = 1;
		return;
	}
	r->conditions = pool_alloc(strings, xsize_mul((size_t)cJSON_GetArraySize(conds) + 1,
						      sizeof(*r->conditions)));
	cJSON_ArrayForEach(c, conds) {
		const cJSON *props = json_obj(c, "conditionProperties");
		struct sentinel_condition *x = &r->conditions[n++];

		*x = (struct sentinel_condition){
			.type = pool_strdup_or_null(strings, json_str(c, "conditionType")),
			.property = pool_strdup_or_null(strings, json_str(props, "propertyName")),
			.op = pool_strdup_or_null(strings, json_str(props, "operator")),
			.values = STRVEC_INIT,
		};
		if (!x->type)
			r->malformed = 1;
		cJSON_ArrayForEach(v, json_arr(props, "propertyValues")) {
			if (cJSON_IsString(v))
				strvec_push(&x->values, v->valuestring);
			else
				r->malformed = 1;
		}
		pool_adopt_strvec(strings, &x->values);
	}
	r->n_conditions = n;
}

static void read_auto_rule(struct sentinel_auto_rule *r, struct pool *strings,
			   const cJSON *it)
{
	const cJSON *props = json_obj(it, "properties");
	const cJSON *logic = json_obj(props, "triggeringLogic"), *act;
	const char *name = json_str(props, "displayName");

	*r = (struct sentinel_auto_rule){
		.id = resid_pool_dup(strings, json_str(it, "id")),
		.name = pool_strdup_or_null(strings, name ? name : json_str(it, "name")),
		.enabled = json_bool(logic, "isEnabled"),
		.triggers_on = pool_strdup_or_null(strings, json_str(logic, "triggersOn")),
		.triggers_when = pool_strdup_or_null(strings, json_str(logic, "triggersWhen")),
		.expiration_raw = pool_strdup_or_null(strings,
						      json_str(logic, "expirationTimeUtc")),
		.expiration = (time_t)-1,
		.malformed = !logic,
	};
	if (r->expiration_raw && clock_parse_iso8601(r->expiration_raw, &r->expiration))
		r->malformed = 1;
	read_conditions(r, strings, logic);
	cJSON_ArrayForEach(act, json_arr(props, "actions")) {
		const char *type = json_str(act, "actionType");
		const char *la = json_str(json_obj(act, "actionConfiguration"), "logicAppResourceId");

		if (type && !strcasecmp(type, "RunPlaybook") && la && !r->playbook)
			r->playbook = resid_pool_dup(strings, la);
	}
}

int auto_rules_add_page(void *p, const cJSON *value, const char *api_version,
			struct buf *err)
{
	struct auto_rule_list *l = p;
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		read_auto_rule(&l->items[l->n++], &l->strings, it);
	}
	return 0;
}

void auto_rules_free(void *p)
{
	struct auto_rule_list *l = p;

	if (!l)
		return;
	pool_release(&l->strings);
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
