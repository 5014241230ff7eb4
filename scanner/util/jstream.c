/*
 * jstream.c - piecewise JSON output, see jstream.h.
 */
#include "util/jstream.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xmalloc.h"

#include <string.h>

void js_init(struct jstream *js, FILE *out)
{
	memset(js, 0, sizeof(*js));
	js->out = out;
	js->first[0] = 1;
}

static void put(struct jstream *js, const char *s)
{
	if (fputs(s, js->out) == EOF)
		js->failed = 1;
}

/* The separator, newline and key before a new member or element. */
static void lead(struct jstream *js, const char *key)
{
	cJSON *k;
	char *text;

	if (!js->first[js->depth])
		put(js, ",");
	js->first[js->depth] = 0;
	if (js->depth)
		put(js, "\n");
	if (!key)
		return;
	k = cJSON_CreateString(key);
	if (!k || !(text = cJSON_PrintUnformatted(k)))
		die("out of memory (cJSON)");
	put(js, text);
	put(js, ": ");
	cJSON_free(text);
	cJSON_Delete(k);
}

static void open_(struct jstream *js, const char *key, const char *bracket)
{
	lead(js, key);
	put(js, bracket);
	if (js->depth + 1 >= (int)(sizeof(js->first) / sizeof(js->first[0])))
		die("jstream: nesting too deep");
	js->first[++js->depth] = 1;
}

static void close_(struct jstream *js, const char *bracket)
{
	put(js, "\n");
	put(js, bracket);
	js->depth--;
}

void js_begin_object(struct jstream *js, const char *key)
{
	open_(js, key, "{");
}

void js_begin_array(struct jstream *js, const char *key)
{
	open_(js, key, "[");
}

void js_end_object(struct jstream *js)
{
	close_(js, "}");
}

void js_end_array(struct jstream *js)
{
	close_(js, "]");
}

void js_put(struct jstream *js, const char *key, cJSON *value)
{
	char *text;

	if (!value)
		die("out of memory (cJSON)");
	lead(js, key);
	text = cJSON_PrintUnformatted(value);
	if (!text)
		die("out of memory (cJSON_Print)");
	put(js, text);
	cJSON_free(text);
	cJSON_Delete(value);
}

void js_put_text(struct jstream *js, const char *key, const char *json)
{
	lead(js, key);
	put(js, json);
}

int js_finish(struct jstream *js)
{
	put(js, "\n");
	if (fflush(js->out))
		js->failed = 1;
	return js->failed ? -1 : 0;
}

cJSON *js_must(cJSON *item)
{
	if (!item)
		die("out of memory (cJSON)");
	return item;
}

void js_add(cJSON *obj, const char *key, cJSON *item)
{
	if (!cJSON_AddItemToObject(obj, key, js_must(item))) {
		cJSON_Delete(item);
		die("out of memory (cJSON)");
	}
}

void js_push(cJSON *arr, cJSON *item)
{
	if (!cJSON_AddItemToArray(arr, js_must(item))) {
		cJSON_Delete(item);
		die("out of memory (cJSON)");
	}
}

cJSON *js_str(const char *s)
{
	struct buf b = BUF_INIT;
	cJSON *out;

	if (!s)
		return js_must(cJSON_CreateNull());
	buf_add_utf8(&b, s, strlen(s));
	out = js_must(cJSON_CreateString(b.buf));
	buf_release(&b);
	return out;
}

void js_add_str(cJSON *obj, const char *key, const char *s)
{
	js_add(obj, key, js_str(s));
}

cJSON *js_time(time_t t)
{
	struct buf b = BUF_INIT;
	cJSON *s;

	clock_add_rfc3339(&b, t);
	s = js_str(b.buf);
	buf_release(&b);
	return s;
}
