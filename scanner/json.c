/*
 * json.c - typed readers over cJSON, see json.h.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <strings.h>

cJSON *json_parse(const char *data, size_t len)
{
	const char *end = NULL;
	cJSON *root;

	if (!data || !len)
		return NULL;
	root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!root)
		return NULL;
	/* Trailing garbage after the value means the body is not JSON. */
	while (end && end < data + len &&
	       (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
		end++;
	if (end && end < data + len && *end) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

const cJSON *json_get(const cJSON *obj, const char *key)
{
	if (!obj || !cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItem(obj, key);
}

const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = json_get(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *json_obj(const cJSON *obj, const char *key)
{
	const cJSON *v = json_get(obj, key);

	return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *json_arr(const cJSON *obj, const char *key)
{
	const cJSON *v = json_get(obj, key);

	return cJSON_IsArray(v) ? v : NULL;
}

int json_bool(const cJSON *obj, const char *key)
{
	const cJSON *v = json_get(obj, key);

	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsFalse(v))
		return 0;
	if (cJSON_IsString(v)) {
		if (!strcasecmp(v->valuestring, "true"))
			return 1;
		if (!strcasecmp(v->valuestring, "false"))
			return 0;
	}
	return -1;
}

int json_num(const cJSON *obj, const char *key, double *out)
{
	const cJSON *v = json_get(obj, key);

	if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
		*out = v->valuedouble;
		return 0;
	}
	if (cJSON_IsString(v) && v->valuestring[0]) {
		char *end;
		double d;

		errno = 0;
		d = strtod(v->valuestring, &end);
		if (!errno && !*end && isfinite(d)) {
			*out = d;
			return 0;
		}
	}
	return -1;
}

int json_str_or_null(const cJSON *obj, const char *key, const char **out)
{
	const cJSON *v = json_get(obj, key);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	*out = v->valuestring;
	return 0;
}
