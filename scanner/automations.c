/*
 * automations.c - read automations of either API version (2019-01-01-
 * preview, 2023-12-01-preview: the same shape for what is read here).
 *
 * Only an explicit `isEnabled: true` counts as enabled: an automation
 * whose flag is missing or malformed is not shown as exporting.  Enum
 * values (eventSource, actionType) are compared case-insensitively and
 * unknown ones are kept verbatim.
 */
#include "automations.h"
#include "json.h"
#include "xmalloc.h"

#include <string.h>
#include <strings.h>

void *automations_new(void)
{
	return xcalloc(1, sizeof(struct automation_list));
}

static enum action_type action_type_of(const char *s)
{
	if (!s)
		return ACTION_OTHER;
	if (!strcasecmp(s, "LogicApp"))
		return ACTION_LOGIC_APP;
	if (!strcasecmp(s, "Workspace"))
		return ACTION_WORKSPACE;
	if (!strcasecmp(s, "EventHub"))
		return ACTION_EVENT_HUB;
	return ACTION_OTHER;
}

static const char *action_target(const cJSON *act, enum action_type t)
{
	switch (t) {
	case ACTION_LOGIC_APP: return json_str(act, "logicAppResourceId");
	case ACTION_WORKSPACE: return json_str(act, "workspaceResourceId");
	case ACTION_EVENT_HUB: return json_str(act, "eventHubResourceId");
	case ACTION_OTHER: break;
	}
	return NULL;
}

static void read_sources(struct automation *a, const cJSON *props)
{
	const cJSON *src;

	cJSON_ArrayForEach(src, json_arr(props, "sources")) {
		const char *es = json_str(src, "eventSource");

		if (!es)
			continue;
		strvec_push(&a->sources, es);
		if (!strcasecmp(es, "Alerts")) {
			a->alerts = 1;
			a->alert_rule_sets += (size_t)cJSON_GetArraySize(json_arr(src, "ruleSets"));
		}
	}
}

static void read_actions(struct automation *a, const cJSON *props)
{
	const cJSON *acts = json_arr(props, "actions"), *act;
	size_t n = 0;

	a->actions = xcalloc((size_t)cJSON_GetArraySize(acts) + 1, sizeof(*a->actions));
	cJSON_ArrayForEach(act, acts) {
		const char *type = json_str(act, "actionType");
		struct automation_action *x;

		if (!cJSON_IsObject(act))
			continue;
		x = &a->actions[n++];
		x->type = action_type_of(type);
		x->type_raw = xstrdup_or_null(type);
		x->target = xstrdup_or_null(action_target(act, x->type));
	}
	a->n_actions = n;
}

int automations_add_page(void *p, const cJSON *value, const char *api_version,
			 struct buf *err)
{
	struct automation_list *l = p;
	const cJSON *it, *sc, *en;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const cJSON *props = json_obj(it, "properties");
		struct automation *a;

		if (!cJSON_IsObject(it))
			continue;
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		a = &l->items[l->n++];
		memset(a, 0, sizeof(*a));
		strvec_init(&a->sources);
		strvec_init(&a->scopes);
		a->id = xstrdup_or_null(json_str(it, "id"));
		a->name = xstrdup_or_null(json_str(it, "name"));
		en = json_get(props, "isEnabled");
		a->enabled = json_bool(props, "isEnabled") == 1;
		a->enabled_malformed = en && !cJSON_IsNull(en) &&
				       json_bool(props, "isEnabled") < 0;
		read_sources(a, props);
		read_actions(a, props);
		cJSON_ArrayForEach(sc, json_arr(props, "scopes")) {
			const char *path = json_str(sc, "scopePath");

			if (path)
				strvec_push(&a->scopes, path);
		}
	}
	return 0;
}

void automations_free(void *p)
{
	struct automation_list *l = p;
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		struct automation *a = &l->items[i];

		free(a->id);
		free(a->name);
		strvec_clear(&a->sources);
		strvec_clear(&a->scopes);
		for (j = 0; j < a->n_actions; j++) {
			free(a->actions[j].type_raw);
			free(a->actions[j].target);
		}
		free(a->actions);
	}
	free(l->items);
	free(l);
}

int automation_takes_alerts(const struct automation *a)
{
	return a->enabled && a->alerts;
}

int automation_has_action(const struct automation *a, enum action_type t)
{
	size_t i;

	for (i = 0; i < a->n_actions; i++)
		if (a->actions[i].type == t)
			return 1;
	return 0;
}

int automation_exports_alerts(const struct automation *a)
{
	return automation_takes_alerts(a) &&
	       (automation_has_action(a, ACTION_WORKSPACE) ||
		automation_has_action(a, ACTION_EVENT_HUB));
}

/* "/subscriptions/<id>" with an optional trailing slash, any case. */
int automation_covers_subscription(const struct automation *a, const char *sub_id)
{
	size_t i, n = strlen(sub_id);

	for (i = 0; i < a->scopes.n; i++) {
		const char *p = a->scopes.v[i];

		if (strncasecmp(p, "/subscriptions/", 15))
			continue;
		p += 15;
		if (!strncasecmp(p, sub_id, n) && (!p[n] || (p[n] == '/' && !p[n + 1])))
			return 1;
	}
	return 0;
}

const struct automation *automations_whole_export(const struct automation_list *l,
						  const char *sub_id)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (automation_exports_alerts(&l->items[i]) &&
		    automation_covers_subscription(&l->items[i], sub_id))
			return &l->items[i];
	return NULL;
}
