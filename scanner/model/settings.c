/*
 * settings.c - read Microsoft.Security/settings, see settings.h.  Only a
 * JSON boolean (or "true"/"false") is an answer; a flag of another type
 * is kept as SETTING_MALFORMED so the checks say they could not read it.
 */
#include "model/settings.h"
#include "util/json.h"
#include "model/resid.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

void *settings_new(void)
{
	return xcalloc(1, sizeof(struct setting_list));
}

int settings_add_page(void *p, const cJSON *value, const char *api_version,
		      struct buf *err)
{
	struct setting_list *l = p;
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		const cJSON *props = json_obj(it, "properties");
		const cJSON *en = json_get(props, "enabled");
		const char *name = json_str(it, "name");
		struct security_setting *s;

		if (!name || !*name)
			continue;
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		s = &l->items[l->n++];
		s->id = resid_dup(json_str(it, "id"));
		s->name = xstrdup(name);
		s->kind = xstrdup_or_null(json_str(it, "kind"));
		s->enabled = !en || cJSON_IsNull(en) ? SETTING_ABSENT :
			     json_bool(props, "enabled") >= 0 ? json_bool(props, "enabled") :
			     SETTING_MALFORMED;
	}
	return 0;
}

void settings_free(void *p)
{
	struct setting_list *l = p;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].id);
		free(l->items[i].name);
		free(l->items[i].kind);
	}
	free(l->items);
	free(l);
}

const struct security_setting *settings_find(const struct setting_list *l,
					     const char *name)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (!strcasecmp(l->items[i].name, name))
			return &l->items[i];
	return NULL;
}
