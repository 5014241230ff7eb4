/*
 * shard.c - the partition of a scope into shards, see shard.h.
 */
#include "model/shard.h"
#include "util/digest.h"
#include "util/jstream.h"

#include <ctype.h>

unsigned shard_of(const char *subscription_id, unsigned n)
{
	struct buf lower = BUF_INIT;
	unsigned char md[32];
	unsigned long long v = 0;
	const char *p;
	int i;

	/* Azure spells one id in either case (resid.h): one shard for both. */
	for (p = subscription_id; *p; p++)
		buf_addch(&lower, (char)tolower((unsigned char)*p));
	sha256_raw(lower.buf ? lower.buf : "", lower.len, md);
	buf_release(&lower);
	for (i = 0; i < 8; i++)
		v = v << 8 | md[i];
	return (unsigned)(v % (n ? n : 1)) + 1;
}

int shard_keeps(const struct config *cfg, const char *subscription_id)
{
	return !cfg->shard_count ||
	       shard_of(subscription_id, cfg->shard_count) == cfg->shard_index;
}

cJSON *shard_json(const struct config *cfg, const struct snapshot *snap)
{
	cJSON *o;

	if (!cfg || !cfg->shard_count)
		return js_must(cJSON_CreateNull());
	o = js_must(cJSON_CreateObject());
	js_add(o, "index", js_must(cJSON_CreateNumber(cfg->shard_index)));
	js_add(o, "count", js_must(cJSON_CreateNumber(cfg->shard_count)));
	js_add(o, "scope_subscriptions",
	       js_must(cJSON_CreateNumber(snap ? (double)(snap->n + snap->n_others) : 0)));
	js_add(o, "subscriptions", js_must(cJSON_CreateNumber(snap ? (double)snap->n : 0)));
	return o;
}

void shard_describe(struct buf *b, const struct config *cfg, const struct snapshot *snap,
		    const char *before, const char *after)
{
	size_t m = snap ? snap->n : 0, total = snap ? snap->n + snap->n_others : 0;

	if (cfg && cfg->shard_count)
		buf_addf(b, "%sshard %u of %u: %zu of %zu subscription%s%s", before,
			 cfg->shard_index, cfg->shard_count, m, total,
			 total == 1 ? "" : "s", after);
}

int shard_nothing_here(const struct config *cfg, const struct snapshot *snap)
{
	size_t i;

	if (!cfg || !cfg->shard_count || !snap || !(snap->n + snap->n_others))
		return 0;
	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->scanned)
			return 0;
	return 1;
}
