/*
 * json.c - typed readers over cJSON, see json.h.
 */
#include "util/json.h"
#include "util/strvec.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/*
 * The strict check walks the parsed tree in document order and counts
 * the strings it passes (each member's name, then its value), because a
 * parsed string no longer shows whether the text had a NUL in it: the
 * text is scanned once for the ordinal of the first string that has.
 */
struct strict_step {
	const char *key;	/* a member's name, or NULL: an array element */
	size_t idx;
};

struct strict {
	long nul_at;		/* ordinal of the first string with a NUL; -1 none */
	long strings;		/* strings passed so far */
	struct strict_step *steps;	/* from the root to the current node */
	size_t depth;
	struct buf *err;
};

/* Ordinal of the first string token of text holding a NUL, or -1. */
static long first_nul_string(const char *s, size_t n)
{
	long ord = -1;
	int in = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!in) {
			in = s[i] == '"';
			ord += in;
		} else if (s[i] == '"') {
			in = 0;
		} else if (!s[i]) {
			return ord;
		} else if (s[i] == '\\' && i + 1 < n) {
			i++;
			if (s[i] == 'u' && i + 4 < n && !memcmp(s + i + 1, "0000", 4))
				return ord;
		}
	}
	return -1;
}

/* "waivers[2]: field 'document'", "field 'waivers'", "waivers[2]". */
static void strict_where(const struct strict *st, struct buf *b)
{
	size_t i;

	for (i = 0; i < st->depth; i++) {
		const struct strict_step *s = &st->steps[i];
		int last = i + 1 == st->depth;

		if (!s->key) {
			buf_addf(b, "[%zu]", s->idx);
			continue;
		}
		if (last) {
			buf_add(b, i ? ": field '" : "field '");
			buf_add_repr(b, s->key, strlen(s->key));
			buf_addch(b, '\'');
			continue;
		}
		if (i)
			buf_addch(b, '.');
		buf_add_repr(b, s->key, strlen(s->key));
	}
	if (!st->depth)
		buf_add(b, "the document");
}

static int strict_fail(const struct strict *st, const char *what)
{
	strict_where(st, st->err);
	buf_addf(st->err, " %s", what);
	return -1;
}

/* A string token passed: the one with the NUL? */
static int strict_string(struct strict *st, const char *what)
{
	return st->strings++ == st->nul_at ? strict_fail(st, what) : 0;
}

struct strict_key {
	const char *name;
	size_t pos;
};

static int key_cmp(const void *a, const void *b)
{
	const struct strict_key *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The first member of obj (in document order) whose name came before. */
static const char *repeated_key(const cJSON *obj)
{
	const cJSON *it;
	struct strict_key *k;
	const char *found = NULL;
	size_t n = (size_t)cJSON_GetArraySize(obj), i, first = (size_t)-1;

	if (n < 2)
		return NULL;
	k = xcalloc(n, sizeof(*k));
	n = 0;
	cJSON_ArrayForEach(it, obj) {
		k[n].name = it->string ? it->string : "";
		k[n].pos = n;
		n++;
	}
	/* Sorted, a repeat sits after its first: n log n for any object. */
	qsort(k, n, sizeof(*k), key_cmp);
	for (i = 1; i < n; i++)
		if (!strcmp(k[i].name, k[i - 1].name) && k[i].pos < first) {
			first = k[i].pos;
			found = k[i].name;
		}
	free(k);
	return found;
}

static int strict_walk(struct strict *st, const cJSON *node)
{
	const cJSON *it;
	const char *dup;
	size_t i = 0;

	if (cJSON_IsString(node))
		return strict_string(st, "holds a NUL character (\\u0000)");
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return 0;
	/* cJSON parses no deeper than CJSON_NESTING_LIMIT: never true. */
	if (st->depth >= CJSON_NESTING_LIMIT)
		return strict_fail(st, "is nested too deeply");
	cJSON_ArrayForEach(it, node) {
		struct strict_step *s = &st->steps[st->depth++];

		s->key = cJSON_IsObject(node) ? (it->string ? it->string : "") : NULL;
		s->idx = i++;
		if (s->key && strict_string(st, "has a NUL character (\\u0000) in its name"))
			return -1;
		if (strict_walk(st, it))
			return -1;
		st->depth--;
	}
	if (cJSON_IsObject(node) && (dup = repeated_key(node))) {
		st->steps[st->depth].key = dup;
		st->depth++;
		return strict_fail(st, "appears twice (each key may be given once)");
	}
	return 0;
}

int json_check_strict(const char *text, size_t len, const cJSON *root, struct buf *err)
{
	struct strict st = { first_nul_string(text, len), 0, NULL, 0, err };
	int rc;

	st.steps = xcalloc(CJSON_NESTING_LIMIT + 1, sizeof(*st.steps));
	rc = strict_walk(&st, root);
	/* A NUL outside any string (cJSON skips it as white space), or one
	 * the walk did not place: refused all the same, without a place. */
	if (!rc && (st.nul_at >= 0 || memchr(text, '\0', len))) {
		buf_add(err, "the document holds a NUL byte or character (\\u0000)");
		rc = -1;
	}
	free(st.steps);
	return rc;
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

/* --- json_stream_object ------------------------------------------------ */

struct stream_pos {
	const char *p, *end;
};

static void skip_ws(struct stream_pos *sp)
{
	while (sp->p < sp->end &&
	       (*sp->p == ' ' || *sp->p == '\n' || *sp->p == '\r' || *sp->p == '\t'))
		sp->p++;
}

/* The punctuation c next (after white space): consumed, 1; else 0. */
static int take(struct stream_pos *sp, char c)
{
	skip_ws(sp);
	if (sp->p < sp->end && *sp->p == c) {
		sp->p++;
		return 1;
	}
	return 0;
}

/*
 * The value at sp, parsed and held to json_check_strict (its own text
 * span); NULL with *rc -2 when it is not JSON, -1 (err says where) when
 * it breaks the strict rules.
 */
static cJSON *stream_value(struct stream_pos *sp, const char *where, struct buf *err, int *rc)
{
	const char *start, *stop = NULL;
	struct buf why = BUF_INIT;
	cJSON *v;

	skip_ws(sp);
	start = sp->p;
	v = sp->p < sp->end ? cJSON_ParseWithLengthOpts(start, (size_t)(sp->end - start), &stop, 0)
			    : NULL;
	if (!v || !stop || stop <= start) {
		cJSON_Delete(v);
		*rc = -2;
		return NULL;
	}
	sp->p = stop;
	if (json_check_strict(start, (size_t)(stop - start), v, &why)) {
		buf_addf(err, "%s: %s", where, why.buf);
		buf_release(&why);
		cJSON_Delete(v);
		*rc = -1;
		return NULL;
	}
	return v;
}

/* The elements of the streamed array, '[' already consumed. */
static int stream_elements(struct stream_pos *sp, const struct json_stream *s,
			   struct buf *err)
{
	char where[64];
	size_t i = 0;
	int rc = 0;

	if (take(sp, ']'))
		return 0;
	do {
		cJSON *v;

		snprintf(where, sizeof(where), "%s[%zu]", s->stream_key, i);
		if (!(v = stream_value(sp, where, err, &rc)))
			return rc;
		if (s->on_element(s->ctx, i++, v))
			return -1;
	} while (take(sp, ','));
	return take(sp, ']') ? 0 : -2;
}

static int named_before(const struct strvec *seen, const char *key)
{
	size_t i;

	for (i = 0; i < seen->n; i++)
		if (!strcmp(seen->v[i], key))
			return 1;
	return 0;
}

/* One member: its name, then its value handed over (or streamed). */
static int stream_member(struct stream_pos *sp, const struct json_stream *s,
			 struct strvec *seen, struct buf *err)
{
	cJSON *key, *v;
	int rc = 0;

	struct buf where = BUF_INIT;

	if (!(key = stream_value(sp, "a member's name", err, &rc)) || !cJSON_IsString(key) ||
	    !take(sp, ':')) {
		cJSON_Delete(key);
		return rc ? rc : -2;
	}
	/* Names shown escaped, as json_check_strict() shows them. */
	buf_add_repr(&where, key->valuestring, strlen(key->valuestring));
	if (named_before(seen, key->valuestring)) {
		buf_addf(err, "field '%s' appears twice", where.buf);
		buf_release(&where);
		cJSON_Delete(key);
		return -1;
	}
	strvec_push(seen, key->valuestring);
	if (s->stream_key && !strcmp(key->valuestring, s->stream_key) && take(sp, '[')) {
		rc = stream_elements(sp, s, err);
		/* The array was there, even with no element. */
		if (!rc && s->on_member(s->ctx, key->valuestring, NULL))
			rc = -1;
		buf_release(&where);
		cJSON_Delete(key);
		return rc;
	}
	if ((v = stream_value(sp, where.buf, err, &rc)))
		rc = s->on_member(s->ctx, key->valuestring, v) ? -1 : 0;
	buf_release(&where);
	cJSON_Delete(key);
	return rc;
}

int json_stream_object(const char *text, size_t len, const struct json_stream *s,
		       struct buf *err)
{
	struct stream_pos sp;
	struct strvec seen = STRVEC_INIT;
	int rc = 0;

	if (!text)
		return -2;
	sp = (struct stream_pos){ text, text + len };
	if (!take(&sp, '{'))
		return -2;
	if (!take(&sp, '}')) {
		do
			rc = stream_member(&sp, s, &seen, err);
		while (!rc && take(&sp, ','));
		if (!rc && !take(&sp, '}'))
			rc = -2;
	}
	skip_ws(&sp);
	if (!rc && sp.p < sp.end && *sp.p)
		rc = -2;	/* trailing text: not one JSON document */
	strvec_clear(&seen);
	return rc;
}
