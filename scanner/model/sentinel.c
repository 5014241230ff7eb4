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

void *auto_rules_new(void)
{
	return xcalloc(1, sizeof(struct auto_rule_list));
}

static void read_conditions(struct sentinel_auto_rule *r, const cJSON *logic)
{
	const cJSON *conds = json_get(logic, "conditions"), *c, *v;
	size_t n = 0;

	if (!conds || cJSON_IsNull(conds))
		return;
	if (!cJSON_IsArray(conds)) {
		r->malformed = 1;
		return;
	}
	r->conditions = xcalloc((size_t)cJSON_GetArraySize(conds) + 1, sizeof(*r->conditions));
	cJSON_ArrayForEach(c, conds) {
		const cJSON *props = json_obj(c, "conditionProperties");
		struct sentinel_condition *x = &r->conditions[n++];

		strvec_init(&x->values);
		x->type = xstrdup_or_null(json_str(c, "conditionType"));
		x->property = xstrdup_or_null(json_str(props, "propertyName"));
		x->op = xstrdup_or_null(json_str(props, "operator"));
		if (!x->type)
			r->malformed = 1;
		cJSON_ArrayForEach(v, json_arr(props, "propertyValues")) {
			if (cJSON_IsString(v))
				strvec_push(&x->values, v->valuestring);
			else
				r->malformed = 1;
		}
	}
	r->n_conditions = n;
}

static void read_auto_rule(struct sentinel_auto_rule *r, const cJSON *it)
{
	const cJSON *props = json_obj(it, "properties");
	const cJSON *logic = json_obj(props, "triggeringLogic"), *act;
	const char *name = json_str(props, "displayName");

	r->id = resid_dup(json_str(it, "id"));
	r->name = xstrdup_or_null(name ? name : json_str(it, "name"));
	r->enabled = json_bool(logic, "isEnabled");
	r->triggers_on = xstrdup_or_null(json_str(logic, "triggersOn"));
	r->triggers_when = xstrdup_or_null(json_str(logic, "triggersWhen"));
	r->expiration_raw = xstrdup_or_null(json_str(logic, "expirationTimeUtc"));
	r->expiration = (time_t)-1;
	if (r->expiration_raw && clock_parse_iso8601(r->expiration_raw, &r->expiration))
		r->malformed = 1;
	if (!logic)
		r->malformed = 1;
	read_conditions(r, logic);
	cJSON_ArrayForEach(act, json_arr(props, "actions")) {
		const char *type = json_str(act, "actionType");
		const char *la = json_str(json_obj(act, "actionConfiguration"), "logicAppResourceId");

		if (type && !strcasecmp(type, "RunPlaybook") && la && !r->playbook)
			r->playbook = resid_dup(la);
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
		memset(&l->items[l->n], 0, sizeof(l->items[l->n]));
		read_auto_rule(&l->items[l->n++], it);
	}
	return 0;
}

void auto_rules_free(void *p)
{
	struct auto_rule_list *l = p;
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		struct sentinel_auto_rule *r = &l->items[i];

		for (j = 0; j < r->n_conditions; j++) {
			free(r->conditions[j].type);
			free(r->conditions[j].property);
			free(r->conditions[j].op);
			strvec_clear(&r->conditions[j].values);
		}
		free(r->conditions);
		free(r->id);
		free(r->name);
		free(r->triggers_on);
		free(r->triggers_when);
		free(r->expiration_raw);
		free(r->playbook);
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
