/*
 * inputfile.c - bounded, strictly checked reading of user JSON files.
 */
#include "util/inputfile.h"
#include "util/clock.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const cJSON *input_load_list(const char *path, const char *list, cJSON **root,
			     struct buf *err)
{
	struct buf text = BUF_INIT, why = BUF_INIT;
	const cJSON *arr;

	*root = NULL;
	if (file_read(path, INPUT_FILE_MAX, &text, err)) {
		buf_release(&text);
		return NULL;
	}
	*root = json_parse(text.buf, text.len);
	if (!cJSON_IsObject(*root)) {
		buf_addf(err, "'%s' is not a JSON object (expected {\"%s\": [...]})",
			 path, list);
		goto fail;
	}
	/* A repeated key or a cut string would be read otherwise than written. */
	if (json_check_strict(text.buf, text.len, *root, &why)) {
		buf_addf(err, "'%s': %s", path, why.buf);
		buf_release(&why);
		goto fail;
	}
	buf_release(&text);
	arr = cJSON_GetObjectItemCaseSensitive(*root, list);
	if (!cJSON_IsArray(arr)) {
		buf_addf(err, "'%s': the top-level field '%s' is missing or not an array",
			 path, list);
		goto fail;
	}
	return arr;
fail:
	buf_release(&text);
	cJSON_Delete(*root);
	*root = NULL;
	return NULL;
}

static int fail(const struct input_entry *e, struct buf *err, const char *key,
		const char *what)
{
	buf_addf(err, "'%s': %s[%zu]: field '%s' %s", e->path, e->list, e->idx, key, what);
	return -1;
}

int input_string(const struct input_entry *e, const char *key, int required,
		 const char **out, struct buf *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e->obj, key);
	const char *p;

	*out = NULL;
	if (!v) {
		if (required)
			return fail(e, err, key, "is missing");
		return 0;
	}
	if (!cJSON_IsString(v))
		return fail(e, err, key, "must be a string");
	for (p = v->valuestring; *p && isspace((unsigned char)*p); p++)
		;
	if (!*p)
		return fail(e, err, key, "is empty");
	if (strlen(v->valuestring) > 4096)
		return fail(e, err, key, "is longer than 4096 characters");
	*out = v->valuestring;
	return 0;
}

int input_date(const struct input_entry *e, const char *key, const char **raw,
	       time_t *out, struct buf *err)
{
	if (input_string(e, key, 1, raw, err))
		return -1;
	if (clock_parse_date(*raw, out))
		return fail(e, err, key, "is not a date YYYY-MM-DD");
	return 0;
}

int input_only_keys(const struct input_entry *e, const char *const *keys,
		    struct buf *err)
{
	const cJSON *it;
	size_t i;

	if (!cJSON_IsObject(e->obj)) {
		buf_addf(err, "'%s': %s[%zu] is not an object", e->path, e->list, e->idx);
		return -1;
	}
	cJSON_ArrayForEach(it, e->obj) {
		for (i = 0; keys[i]; i++)
			if (!strcmp(keys[i], it->string))
				break;
		if (!keys[i])
			return fail(e, err, it->string, "is not a known field");
	}
	return 0;
}

int input_subscription(const struct input_entry *e, const char **out,
		       struct buf *err)
{
	size_t i;

	if (input_string(e, "subscription", 1, out, err))
		return -1;
	if (!strcmp(*out, "*"))
		return 0;
	if (strlen(*out) != 36)
		return fail(e, err, "subscription", "must be '*' or a subscription id");
	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? (*out)[i] != '-' : !isxdigit((unsigned char)(*out)[i]))
			return fail(e, err, "subscription", "must be '*' or a subscription id");
	}
	return 0;
}

int input_load_entries(const char *path, const char *list, size_t item_size,
		       input_entry_fn fn, void *ctx, void **items, size_t *n,
		       struct buf *err)
{
	cJSON *root;
	const cJSON *arr = input_load_list(path, list, &root, err), *it;
	struct input_entry e = { path, list, 0, NULL };
	char *out;
	int rc = 0;

	*items = NULL;
	*n = 0;
	if (!arr)
		return -1;
	out = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, item_size);
	*items = out;
	cJSON_ArrayForEach(it, arr) {
		e.obj = it;
		if (fn(&e, out + *n * item_size, ctx, err)) {
			rc = -1;
			break;
		}
		(*n)++;
		e.idx++;
	}
	cJSON_Delete(root);
	return rc;
}
