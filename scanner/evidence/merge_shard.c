/*
 * merge_shard.c - the shards among a merge's parts (merge_int.h).
 *
 * A part scanned with --shard K/N records "shard": {"index": K, "count":
 * N, "scope_subscriptions": M, "subscriptions": m}.  Parts of one scan
 * are those with the same tenant, scope (-s list, -A, -m group) and N;
 * together they must hold each K from 1 to N once, and their m must add
 * up to M (else the scope changed between the shards' runs and no one
 * run's findings come out).  A part without a shard object stands alone.
 */
#include "evidence/merge_int.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct shard {
	long index, count, scope, subs;
	char *key;			/* tenant, scope and count: one scan */
	const struct merge_part *part;
};

static int whole(const cJSON *o, const char *key, long lo, long hi, long *out)
{
	double v;

	if (json_num(o, key, &v) || v < (double)lo || v > (double)hi || v != (double)(long)v)
		return -1;
	*out = (long)v;
	return 0;
}

static int read_shard(const struct merge_part *p, struct shard *s, struct buf *err)
{
	const cJSON *o = p->m->shard;
	const char *tenant = json_str(p->m->scan, "tenant");
	char *scope;
	struct buf key = BUF_INIT;

	if (whole(o, "index", 1, 1000, &s->index) || whole(o, "count", 1, 1000, &s->count) ||
	    s->index > s->count || whole(o, "scope_subscriptions", 0, 100000000, &s->scope) ||
	    whole(o, "subscriptions", 0, 100000000, &s->subs)) {
		buf_addf(err, "merge: '%s': its shard object is malformed (index, count, "
			 "scope_subscriptions, subscriptions)", p->label);
		return -1;
	}
	scope = cJSON_PrintUnformatted(json_obj(p->m->scan, "scope"));
	buf_addf(&key, "%s %ld %s", tenant ? tenant : "", s->count, scope ? scope : "");
	cJSON_free(scope);
	/* Tenant ids are GUIDs: one scan whatever their case. */
	for (size_t i = 0; i < key.len; i++)
		key.buf[i] = (char)(key.buf[i] >= 'A' && key.buf[i] <= 'Z' ?
				    key.buf[i] - 'A' + 'a' : key.buf[i]);
	s->key = buf_detach(&key, NULL);
	s->part = p;
	return 0;
}

static int shard_cmp(const void *x, const void *y)
{
	const struct shard *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->index > b->index) - (a->index < b->index);
}

static void name_scan(struct buf *b, const struct shard *s)
{
	const char *tenant = json_str(s->part->m->scan, "tenant");

	buf_addf(b, "of the scan of tenant %s", tenant ? tenant : "(unknown)");
}

/* One scan's shards, sorted by index, from g[0] to g[n-1]. */
static int check_group(struct merge_job *job, const struct shard *g, size_t n,
		       struct buf *err)
{
	struct buf missing = BUF_INIT;
	long k, subs = 0;
	size_t i = 0;
	int rc = 0;

	for (k = 1; k <= g[0].count; k++) {
		if (i < n && g[i].index == k) {
			subs += g[i].subs;
			if (++i < n && g[i].index == k) {
				buf_addf(err, "merge: '%s' and '%s' are both shard %ld/%ld of "
					 "one scan", g[i - 1].part->label, g[i].part->label, k,
					 g[0].count);
				rc = -1;
				goto done;
			}
			continue;
		}
		buf_addf(&missing, "%s%ld/%ld", missing.len ? ", " : "", k, g[0].count);
	}
	if (missing.len && !job->rq->allow_partial) {
		buf_addf(err, "merge: shard%s %s ", strchr(missing.buf, ',') ? "s" : "",
			 missing.buf);
		name_scan(err, &g[0]);
		buf_addf(err, " %s missing (--allow-partial merges without)",
			 strchr(missing.buf, ',') ? "are" : "is");
		rc = -1;
	} else if (missing.len) {
		buf_addf(&job->partial, "%sshard%s %s ", job->partial.len ? "; " : "",
			 strchr(missing.buf, ',') ? "s" : "", missing.buf);
		name_scan(&job->partial, &g[0]);
		buf_add(&job->partial, " missing");
	} else if (subs != g[0].scope) {
		buf_addf(err, "merge: the %ld shards ", g[0].count);
		name_scan(err, &g[0]);
		buf_addf(err, " hold %ld subscriptions, their scope %ld ('%s'...): the scope "
			 "changed between their runs", subs, g[0].scope, g[0].part->label);
		rc = -1;
	}
done:
	buf_release(&missing);
	return rc;
}

int merge_check_shards(struct merge_job *job, struct buf *err)
{
	struct shard *s = xcalloc(job->n + 1, sizeof(*s));
	size_t i, start, n = 0;
	int rc = 0;

	for (i = 0; i < job->n && !rc; i++)
		if (job->parts[i].m->shard)
			rc = read_shard(&job->parts[i], &s[n++], err);
	if (!rc && n > 1)
		qsort(s, n, sizeof(*s), shard_cmp);
	for (start = 0; !rc && start < n; start = i) {
		for (i = start + 1; i < n && !strcmp(s[i].key, s[start].key); i++)
			if (s[i].scope != s[start].scope) {
				buf_addf(err, "merge: '%s' and '%s' are shards of one scan with "
					 "different scope sizes (%ld, %ld)", s[start].part->label,
					 s[i].part->label, s[start].scope, s[i].scope);
				rc = -1;
				break;
			}
		if (!rc)
			rc = check_group(job, &s[start], i - start, err);
	}
	for (i = 0; i < n; i++)
		free(s[i].key);
	free(s);
	return rc;
}
