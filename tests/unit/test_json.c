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

/* What json_stream_object handed over, as one line: "k=v;" and "[i]=v;". */
struct streamed {
	struct buf seen;
	int fail_at;		/* element index whose callback fails, or -1 */
};

static void add_value(struct buf *b, const cJSON *v)
{
	char *text = v ? cJSON_PrintUnformatted(v) : NULL;

	buf_add(b, text ? text : "(end)");
	free(text);
}

static int on_member(void *ctx, const char *key, cJSON *value)
{
	struct streamed *s = ctx;

	buf_addf(&s->seen, "%s=", key);
	add_value(&s->seen, value);
	buf_add(&s->seen, ";");
	cJSON_Delete(value);
	return 0;
}

static int on_element(void *ctx, size_t i, cJSON *value)
{
	struct streamed *s = ctx;

	buf_addf(&s->seen, "[%zu]=", i);
	add_value(&s->seen, value);
	buf_add(&s->seen, ";");
	cJSON_Delete(value);
	return (int)i == s->fail_at ? -1 : 0;
}

static int stream(const char *text, size_t len, struct streamed *s, struct buf *err)
{
	struct json_stream js = { .stream_key = "findings", .on_member = on_member,
				  .on_element = on_element, .ctx = s };

	buf_reset(&s->seen);
	buf_reset(err);
	return json_stream_object(text, len, &js, err);
}

void test_json__stream_object(void)
{
	static const char doc[] =
		" {\"tool\": {\"name\": \"irscan\"}, \"findings\" : [ {\"m\": \"a],b\"}, [1, [2]], \"x\" ]\n"
		", \"summary\": {\"pass\": 1}}\n";
	static const char nul[] = "{\"findings\": [{\"a\": 1}, {\"m\": \"x\\u0000y\"}]}";
	static const char *const malformed[] = {
		"", "[]", "{", "{\"findings\": [1, 2}", "{\"findings\": [1,]}", "{\"a\" 1}",
		"{\"a\": 1,}", "{1: 2}", "{\"a\": 1} {}", "{\"a\": 1} x", "{\"findings\": [1 2]}",
	};
	struct streamed s = { BUF_INIT, -1 };
	struct buf err = BUF_INIT;
	size_t i;

	T_EQ_INT("a report", 0, stream(doc, sizeof(doc) - 1, &s, &err));
	T_EQ_STR("members whole, findings one by one, then the end of the array",
		 "tool={\"name\":\"irscan\"};[0]={\"m\":\"a],b\"};[1]=[1,[2]];[2]=\"x\";"
		 "findings=(end);summary={\"pass\":1};", s.seen.buf);
	T_EQ_INT("empty object", 0, stream("{}", 2, &s, &err));
	T_EQ_INT("an empty array still ends", 0, stream("{\"findings\": []}", 16, &s, &err));
	T_EQ_STR("  ... said", "findings=(end);", s.seen.buf);
	T_EQ_INT("findings not an array: a member", 0, stream("{\"findings\": {}}", 16, &s, &err));
	T_EQ_STR("  ... handed whole", "findings={};", s.seen.buf);
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++)
		T_EQ_INT(malformed[i], -2, stream(malformed[i], strlen(malformed[i]), &s, &err));
	T_EQ_INT("a member twice", -1, stream("{\"a\": 1, \"a\": 2}", 16, &s, &err));
	T_CONTAINS("  ... says so", err.buf, "field 'a' appears twice");
	T_EQ_INT("a key twice inside an element", -1,
		 stream("{\"findings\": [{}, {\"k\": 1, \"k\": 2}]}", 36, &s, &err));
	T_CONTAINS("  ... names the element", err.buf, "findings[1]: ");
	T_CONTAINS("  ... and the key", err.buf, "'k' appears twice");
	T_EQ_INT("a raw line break in a name twice", -1,
		 stream("{\"a\nb\": 1, \"a\nb\": 2}", 20, &s, &err));
	T_ASSERT(!strchr(err.buf, '\n'));
	T_CONTAINS("  ... shown escaped", err.buf, "field 'a\\nb' appears twice");
	T_EQ_INT("a NUL in a string", -1, stream(nul, sizeof(nul) - 1, &s, &err));
	T_CONTAINS("  ... names the element", err.buf, "findings[1]: ");
	s.fail_at = 1;
	T_EQ_INT("a callback that fails stops the walk", -1, stream(doc, sizeof(doc) - 1, &s, &err));
	T_EQ_STR("  ... there", "tool={\"name\":\"irscan\"};[0]={\"m\":\"a],b\"};[1]=[1,[2]];",
		 s.seen.buf);
	T_EQ_INT("only len bytes are read", 0, stream("{\"a\": 1}garbage", 8, &s, &err));
	buf_release(&s.seen);
	buf_release(&err);
}
