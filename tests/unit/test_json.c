/*
 * test_json.c - unit tests of util/json.c.
 */
#include "t.h"
#include "util/json.h"
#include "util/buf.h"

#include <stdlib.h>

void test_json__typed_reads(void)
{
	const char *text = "{\"s\":\"x\",\"b\":true,\"bs\":\"False\",\"n\":3599,"
			   "\"ns\":\"3600\",\"o\":{},\"a\":[],\"Code\":\"Pascal\"}";
	cJSON *root = json_parse(text, strlen(text));
	double d = 0;

	T_ASSERT(root != NULL);
	T_EQ_STR("string", "x", json_str(root, "s"));
	T_ASSERT(json_str(root, "b") == NULL);
	T_EQ_INT("bool", 1, json_bool(root, "b"));
	T_EQ_INT("bool as string", 0, json_bool(root, "bs"));
	T_EQ_INT("bool of a string", -1, json_bool(root, "s"));
	T_EQ_INT("num", 0, json_num(root, "n", &d));
	T_EQ_INT("num value", 3599, (long)d);
	T_EQ_INT("num as string", 0, json_num(root, "ns", &d));
	T_EQ_INT("num as string value", 3600, (long)d);
	T_EQ_INT("num of an object", -1, json_num(root, "o", &d));
	T_ASSERT(json_obj(root, "o") && !json_obj(root, "a"));
	T_ASSERT(json_arr(root, "a") && !json_arr(root, "o"));
	T_EQ_STR("case-insensitive key", "Pascal", json_str(root, "code"));
	cJSON_Delete(root);
	T_ASSERT(json_parse("{\"a\":1} trailing", 16) == NULL);
	T_ASSERT(json_parse("{\"a\":", 5) == NULL);
	T_ASSERT(json_parse("", 0) == NULL);
}

/* What cJSON lets through: each row's first problem, or NULL when clean. */
void test_json__strict(void)
{
	static const struct {
		const char *text;
		size_t len;	/* 0: strlen */
		const char *err;
	} rows[] = {
		{ "{\"w\":[{\"a\":1,\"b\":\"x\"}],\"v\":\"\\u0001\"}", 0, NULL },
		{ "{\"w\":[],\"w\":[1]}", 0, "field 'w' appears twice" },
		{ "{\"w\":[{\"a\":1},{\"a\":1,\"b\":2,\"a\":3}]}", 0, "w[1]: field 'a' appears twice" },
		{ "{\"w\":{\"x\":{\"k\":1,\"k\":2}}}", 0, "w.x: field 'k' appears twice" },
		/* The first repeat in document order, whatever the sort did. */
		{ "{\"z\":1,\"a\":1,\"z\":2,\"a\":2}", 0, "field 'z' appears twice" },
		{ "{\"K\":1,\"k\":2}", 0, NULL },
		{ "{\"w\":[{\"d\":\"d\\u0000x\"}]}", 0, "w[0]: field 'd' holds a NUL character" },
		{ "{\"w\":[\"ok\",\"a\\u0000\"]}", 0, "w[1] holds a NUL character" },
		{ "{\"d\\u0000x\":1}", 0, "field 'd' has a NUL character (\\u0000) in its name" },
		{ "{\"a\":\"\\\\u0000\"}", 0, NULL },
		{ "{\"a\":\"\\\\\\u0000\"}", 0, "field 'a' holds a NUL character" },
		{ "{\"a\":\"x\",\"b\":\"y\0z\"}", 19, "field 'b' holds a NUL character" },
		{ "{\"a\":1}\0", 8, "the document holds a NUL byte" },
		/* A name with a terminal escape is shown escaped. */
		{ "{\"\\u001b[31m\":1,\"\\u001b[31m\":2}", 0, "field '\\x1b[31m' appears twice" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		cJSON *root = json_parse(rows[i].text, len);
		struct buf err = BUF_INIT;
		int rc;

		if (!root) {
			T_FAIL("row %zu: not parsed: %s", i, rows[i].text);
			continue;
		}
		rc = json_check_strict(rows[i].text, len, root, &err);
		if (!rows[i].err && rc)
			T_FAIL("row %zu: %s: expected clean, got '%s'", i, rows[i].text, err.buf);
		else if (rows[i].err && (!rc || !strstr(err.buf, rows[i].err)))
			T_FAIL("row %zu: %s: expected '%s', got %d '%s'", i, rows[i].text,
			       rows[i].err, rc, err.buf);
		buf_release(&err);
		cJSON_Delete(root);
	}
}
