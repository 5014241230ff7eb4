/*
 * evidence_codec.c - an evidence record as bytes and back, see
 * evidence_codec.h.
 */
#include "model/evidence_codec.h"
#include "util/xmalloc.h"

#include <stdint.h>
#include <string.h>

#define NO_STRING UINT32_MAX

struct fixed {
	int64_t status, duration_ms, waited_ms, at_wall_ms;
	uint64_t entry, body_bytes, index;
	uint32_t retries;
};

enum { S_METHOD, S_URL, S_API_VERSION, S_REQUEST_ID, S_CORRELATION_ID, S_DATE,
       S_ERROR, S_FILE, S_SHA256, S__COUNT };

static void put_string(struct buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	uint32_t len = s ? (uint32_t)n : NO_STRING;

	if (s && n >= NO_STRING)
		die("an evidence record's string is too long to keep");
	buf_addn(out, &len, sizeof(len));
	if (s)
		buf_addn(out, s, n);
}

void evidence_encode(struct buf *out, const struct evidence *e)
{
	const struct fixed f = {
		.status = e->status, .duration_ms = e->duration_ms,
		.waited_ms = e->waited_ms, .at_wall_ms = e->at_wall_ms,
		.entry = e->entry, .body_bytes = e->body_bytes, .index = e->index,
		.retries = e->retries,
	};
	const char *strs[S__COUNT] = {
		[S_METHOD] = e->method, [S_URL] = e->url, [S_API_VERSION] = e->api_version,
		[S_REQUEST_ID] = e->request_id, [S_CORRELATION_ID] = e->correlation_id,
		[S_DATE] = e->date, [S_ERROR] = e->error, [S_FILE] = e->file,
		[S_SHA256] = e->sha256,
	};
	size_t i;

	buf_addn(out, &f, sizeof(f));
	for (i = 0; i < S__COUNT; i++)
		put_string(out, strs[i]);
}

static int take(void *dst, size_t n, const char **p, const char *end)
{
	if ((size_t)(end - *p) < n)
		return -1;
	memcpy(dst, *p, n);
	*p += n;
	return 0;
}

struct evidence *evidence_decode(struct pool *pool, const char **p, const char *end)
{
	struct fixed f;
	const char *strs[S__COUNT];
	struct evidence *e;
	size_t i;

	if (take(&f, sizeof(f), p, end))
		return NULL;
	for (i = 0; i < S__COUNT; i++) {
		uint32_t len;

		if (take(&len, sizeof(len), p, end))
			return NULL;
		if (len == NO_STRING) {
			strs[i] = NULL;
			continue;
		}
		if ((size_t)(end - *p) < len)
			return NULL;
		strs[i] = pool_strndup(pool, *p, len);
		*p += len;
	}
	e = pool_alloc(pool, sizeof(*e));
	*e = (struct evidence){
		.method = strs[S_METHOD], .url = strs[S_URL],
		.api_version = strs[S_API_VERSION], .status = (long)f.status,
		.request_id = strs[S_REQUEST_ID], .correlation_id = strs[S_CORRELATION_ID],
		.date = strs[S_DATE], .error = strs[S_ERROR], .entry = (unsigned long)f.entry,
		.file = strs[S_FILE], .sha256 = strs[S_SHA256], .retries = f.retries,
		.duration_ms = f.duration_ms, .waited_ms = f.waited_ms,
		.at_wall_ms = f.at_wall_ms, .body_bytes = (size_t)f.body_bytes,
		.index = (size_t)f.index,
	};
	return e;
}
