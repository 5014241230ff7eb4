/*
 * report_read.c - typed reads of a JSON report's fields (report_read.h).
 */
#include "policy/report_read.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <string.h>

int jread_bad(struct jread *l, const char *field, const char *what)
{
	buf_addf(l->err, "'%s': %s%s%s %s", l->path, l->where,
		 *l->where && *field ? "." : "", field, what);
	return -1;
}

int jread_opt_str(struct jread *l, const cJSON *obj, const char *key, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return jread_bad(l, key, "must be a string");
	*out = pool_strdup(l->pool, v->valuestring);
	return 0;
}

int jread_req_str(struct jread *l, const cJSON *obj, const char *key, const char **out)
{
	if (jread_opt_str(l, obj, key, out))
		return -1;
	if (!*out || !**out)
		return jread_bad(l, key, "is missing or empty");
	return 0;
}

int jread_opt_typed(struct jread *l, const cJSON *obj, const char *key,
		    cJSON_bool (*is)(const cJSON *), const char *type, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char what[32];

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!is(v)) {
		snprintf(what, sizeof(what), "must be %s", type);
		return jread_bad(l, key, what);
	}
	*out = v;
	return 0;
}

int jread_str_list(struct jread *l, const cJSON *arr, const char *key,
		   const char ***out, size_t *n)
{
	const cJSON *it;
	size_t i = 0;

	*n = (size_t)cJSON_GetArraySize(arr);
	*out = pool_alloc(l->pool, xsize_mul(*n + 1, sizeof(**out)));
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			return jread_bad(l, key, "must hold only strings");
		(*out)[i++] = pool_strdup(l->pool, it->valuestring);
	}
	return 0;
}

int jread_status(const char *s, enum status *out)
{
	int i;

	for (i = STATUS_PASS; i < STATUS__COUNT; i++)
		if (!strcmp(s, status_name((enum status)i))) {
			*out = (enum status)i;
			return 0;
		}
	return -1;
}

int jread_tool(struct jread *l, const cJSON *root, const char **version)
{
	const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(tool, "name");

	if (!cJSON_IsObject(tool) || !cJSON_IsString(name) ||
	    strcmp(name->valuestring, "irscan")) {
		buf_addf(l->err, "'%s': not an irscan JSON report: field 'tool.name' "
			 "is missing or not \"irscan\"", l->path);
		return -1;
	}
	snprintf(l->where, sizeof(l->where), "tool");
	return jread_opt_str(l, tool, "version", version);
}
