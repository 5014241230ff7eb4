/*
 * replay.c - offline answers from an evidence bundle, see replay.h.
 */
#include "evidence/replay.h"
#include "util/clock.h"
#include "util/redact.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct replay {
	const struct manifest *m;
	const char *part;	/* a merged bundle's part-NN, or NULL */
	size_t cap;		/* slots, a power of two */
	long *slot;		/* first entry index of a key, -1 empty */
	long *next_same;	/* the next entry index with the same key, -1 */
	char **keys;		/* per entry */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* "METHOD URL BODY-SHA256": what identifies a request (URL as recorded). */
static char *key_of(const char *method, const char *url, const char *body_sha)
{
	struct buf k = BUF_INIT;

	buf_addf(&k, "%s ", method);
	redact_url(&k, url);
	buf_addf(&k, " %s", body_sha ? body_sha : "");
	return buf_detach(&k, NULL);
}

struct replay *replay_new(const struct manifest *m)
{
	struct replay *r = xcalloc(1, sizeof(*r));
	long *last;
	size_t i;

	r->m = m;
	r->cap = 64;
	while (r->cap < 2 * m->n + 2)
		r->cap *= 2;
	r->slot = xcalloc(r->cap, sizeof(*r->slot));
	last = xcalloc(r->cap, sizeof(*last));
	for (i = 0; i < r->cap; i++)
		r->slot[i] = -1;
	r->next_same = xcalloc(m->n + 1, sizeof(*r->next_same));
	r->keys = xcalloc(m->n + 1, sizeof(*r->keys));
	for (i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->entries[i];
		size_t h;

		/* The recorded URL is already redacted; redacting again keeps it. */
		r->keys[i] = key_of(e->method, e->url, e->request_sha256);
		r->next_same[i] = -1;
		for (h = hash(r->keys[i]) & (r->cap - 1); r->slot[h] >= 0;
		     h = (h + 1) & (r->cap - 1))
			if (!strcmp(r->keys[r->slot[h]], r->keys[i]))
				break;
		if (r->slot[h] < 0)
			r->slot[h] = (long)i;
		else
			r->next_same[last[h]] = (long)i;
		last[h] = (long)i;
	}
	free(last);
	return r;
}

struct replay *replay_new_part(const struct manifest *m, const char *part)
{
	struct replay *r = replay_new(m);

	r->part = part;
	return r;
}

void replay_free(struct replay *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->m->n; i++)
		free(r->keys[i]);
	free(r->keys);
	free(r->next_same);
	free(r->slot);
	free(r);
}

/* The next unused entry for this request, or NULL. */
static struct manifest_entry *find(struct replay *r, const struct http_exchange *x)
{
	char sha[SHA256_HEX_LEN + 1];
	char *key;
	size_t h;
	long i = -1;

	if (x->body)
		sha256_hex(x->body, x->body_len, sha);
	key = key_of(x->method, x->url, x->body ? sha : NULL);
	for (h = hash(key) & (r->cap - 1); r->slot[h] >= 0; h = (h + 1) & (r->cap - 1))
		if (!strcmp(r->keys[r->slot[h]], key)) {
			i = r->slot[h];
			break;
		}
	free(key);
	while (i >= 0 && r->m->entries[i].used)
		i = r->next_same[i];
	return i >= 0 ? &((struct manifest *)r->m)->entries[i] : NULL;
}

/* "2026-11-29T09:01:27.123Z" to milliseconds; 0 when unreadable. */
static int64_t wall_ms(const char *s)
{
	const char *dot;
	time_t t;
	int64_t ms = 0;
	int i;

	if (!s || clock_parse_iso8601(s, &t))
		return 0;
	dot = strchr(s, '.');
	for (i = 0; dot && i < 3; i++)
		ms = ms * 10 + (dot[1 + i] >= '0' && dot[1 + i] <= '9' ? dot[1 + i] - '0' : 0);
	return (int64_t)t * 1000 + ms;
}

void replay_answer(void *replay, const struct http_exchange *x, struct http_response *resp)
{
	struct replay *r = replay;
	struct manifest_entry *e = find(r, x);
	struct buf err = BUF_INIT, url = BUF_INIT;

	if (!e) {
		redact_url(&url, x->url);
		resp->transport_failed = 1;
		snprintf(resp->error, sizeof(resp->error),
			 "not in the evidence bundle: %s %s", x->method, url.buf);
		buf_release(&url);
		return;
	}
	e->used = 1;
	resp->status = e->status;
	resp->request_id = xstrdup_or_null(e->request_id);
	resp->correlation_id = xstrdup_or_null(e->correlation_id);
	resp->date = xstrdup_or_null(e->date);
	resp->retries = e->retries;
	resp->elapsed_ms = e->duration_ms;
	resp->started_wall_ms = wall_ms(e->time);
	resp->entry = e->entry;
	if (e->file) {
		/* In a merged bundle, where the file is from its top. */
		if (r->part)
			snprintf(resp->file, sizeof(resp->file), "%s/%s", r->part, e->file);
		else
			snprintf(resp->file, sizeof(resp->file), "%s", e->file);
		snprintf(resp->sha256, sizeof(resp->sha256), "%s", e->sha256);
		if (manifest_read_file(r->m, e->file, e->sha256, &resp->body, &err)) {
			/* Checked before the scan; changed since: no answer. */
			resp->transport_failed = 1;
			snprintf(resp->error, sizeof(resp->error), "evidence %s", err.buf);
		}
	}
	if (!resp->transport_failed && (e->error || !e->file)) {
		/* The live scan got no (usable) answer: neither does this one. */
		resp->transport_failed = 1;
		resp->body_too_large = e->body_too_large;
		snprintf(resp->error, sizeof(resp->error), "%s",
			 e->error ? e->error : "no response was recorded");
	}
	buf_release(&err);
}
