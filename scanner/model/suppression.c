/*
 * suppression.c - read alert suppression rules, see suppression.h.  The
 * scope's conditions are kept as text for the report ("entities.ip.address
 * in [10.0.0.1, 10.0.0.2]"); a scope present but unreadable counts as a
 * scope described as such, never as "no scope" (which is what fails).
 */
#include "model/suppression.h"
#include "util/clock.h"
#include "util/json.h"
#include "model/resid.h"
#include "util/xmalloc.h"

#include <string.h>

void *suppression_new(void)
{
	return xcalloc(1, sizeof(struct suppression_list));
}

/* One condition: {"field": f, "<op>": value}. */
static void describe_condition(struct buf *b, const cJSON *c)
{
	const cJSON *m, *v;
	const char *field = json_str(c, "field");

	buf_add(b, field ? field : "?");
	cJSON_ArrayForEach(m, c) {
		if (!m->string || !strcmp(m->string, "field"))
			continue;
		buf_addf(b, " %s ", m->string);
		if (cJSON_IsString(m)) {
			buf_addf(b, "'%s'", m->valuestring);
		} else if (cJSON_IsArray(m)) {
			buf_addch(b, '[');
			cJSON_ArrayForEach(v, m) {
				buf_addf(b, "%s%s", v == m->child ? "" : ", ",
					 cJSON_IsString(v) ? v->valuestring : "?");
			}
			buf_addch(b, ']');
		} else {
			buf_add(b, "?");
		}
	}
}

/* The scope as text, NULL when there is none (absent, null, no conditions). */
static char *read_scope(const cJSON *props)
{
	const cJSON *scope = json_get(props, "suppressionAlertsScope"), *all, *c;
	struct buf b = BUF_INIT;

	if (!scope || cJSON_IsNull(scope))
		return NULL;
	all = json_get(scope, "allOf");
	if (!cJSON_IsArray(all))
		return xstrdup("(a scope irscan cannot read)");
	if (!cJSON_GetArraySize(all))
		return NULL;
	cJSON_ArrayForEach(c, all) {
		if (b.len)
			buf_add(&b, " and ");
		if (cJSON_IsObject(c))
			describe_condition(&b, c);
		else
			buf_add(&b, "(a condition irscan cannot read)");
	}
	return buf_detach(&b, NULL);
}

static void read_rule(struct suppression_rule *r, const cJSON *it)
{
	const cJSON *props = json_obj(it, "properties");
	const char *type = NULL, *state = NULL, *reason = NULL, *comment = NULL, *exp = NULL;

	r->malformed = json_str_or_null(props, "alertType", &type) ||
		       json_str_or_null(props, "state", &state) ||
		       json_str_or_null(props, "reason", &reason) ||
		       json_str_or_null(props, "comment", &comment) ||
		       json_str_or_null(props, "expirationDateUtc", &exp);
	r->id = resid_dup(json_str(it, "id"));
	r->name = xstrdup_or_null(json_str(it, "name"));
	r->alert_type = xstrdup_or_null(type);
	r->state = xstrdup_or_null(state);
	r->reason = xstrdup_or_null(reason);
	r->comment = xstrdup_or_null(comment);
	r->expiration_raw = xstrdup_or_null(exp);
	r->expiration = (time_t)-1;
	if (exp && clock_parse_iso8601(exp, &r->expiration))
		r->malformed = 1;
	r->scope = read_scope(props);
}

int suppression_add_page(void *p, const cJSON *value, const char *api_version,
			 struct buf *err)
{
	struct suppression_list *l = p;
	const cJSON *it;

	(void)api_version;
	(void)err;
	cJSON_ArrayForEach(it, value) {
		l->items = xgrow(l->items, &l->alloc, l->n + 1, sizeof(*l->items));
		memset(&l->items[l->n], 0, sizeof(l->items[l->n]));
		read_rule(&l->items[l->n++], it);
	}
	return 0;
}

void suppression_free(void *p)
{
	struct suppression_list *l = p;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		struct suppression_rule *r = &l->items[i];

		free(r->id);
		free(r->name);
		free(r->alert_type);
		free(r->state);
		free(r->reason);
		free(r->comment);
		free(r->expiration_raw);
		free(r->scope);
	}
	free(l->items);
	free(l);
}
