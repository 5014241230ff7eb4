/*
 * test_shard.c - unit tests of model/shard.c: the partition every shard
 * of one scan must agree on (also across irscan versions), its stability
 * as the scope grows, its balance, and the record reports carry.
 */
#include "t.h"
#include "model/config.h"
#include "model/shard.h"
#include "model/snapshot.h"

#include <stdio.h>
#include <stdlib.h>

#define SCOPE 1000
#define ADDED 100

static void guid(char out[37], unsigned i)
{
	snprintf(out, 37, "%08x-%04x-4%03x-8000-%012x", i * 2654435761u, i & 0xffff,
		 (i * 7u) & 0xfff, i);
}

/* Values computed independently (python3 hashlib): the contract itself. */
void test_shard__known_values(void)
{
	T_EQ_INT("sha256 mod 4", 2, shard_of("00000000-0000-0000-0000-000000000001", 4));
	T_EQ_INT("upper case is the same id", 4,
		 shard_of("C0000001-0000-4000-8000-000000000001", 4));
	T_EQ_INT("lower case", 4, shard_of("c0000001-0000-4000-8000-000000000001", 4));
	T_EQ_INT("N = 1000", 988, shard_of("c0000001-0000-4000-8000-000000000001", 1000));
	T_EQ_INT("N = 3", 3, shard_of("7e57a000-0000-4000-8000-00000000aaaa", 3));
	T_EQ_INT("N = 1: everything", 1, shard_of("7e57a000-0000-4000-8000-00000000aaaa", 1));
}

/* Adding subscriptions moves none of those already there, for any N. */
void test_shard__stable_when_scope_grows(void)
{
	static const unsigned counts[] = { 2, 3, 4, 7, 16, 1000 };
	unsigned before[SCOPE];
	char id[37];
	size_t c;
	unsigned i, moved;

	for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (i = 0; i < SCOPE; i++) {
			guid(id, i);
			before[i] = shard_of(id, counts[c]);
			T_ASSERT(before[i] >= 1 && before[i] <= counts[c]);
		}
		/* The same ids among ADDED new ones, asked again in another order. */
		moved = 0;
		for (i = SCOPE + ADDED; i-- > 0;) {
			guid(id, i);
			if (i < SCOPE)
				moved += shard_of(id, counts[c]) != before[i];
		}
		T_EQ_INT("moved", 0, moved);
	}
}

/* Each of N = 4 shards of 1,000 subscriptions holds 250 +- 30%. */
void test_shard__balanced(void)
{
	unsigned sizes[5] = { 0 }, i, k;
	char id[37];

	for (i = 0; i < SCOPE; i++) {
		guid(id, i);
		sizes[shard_of(id, 4)]++;
	}
	T_EQ_INT("no shard 0", 0, sizes[0]);
	for (k = 1; k <= 4; k++)
		if (sizes[k] < SCOPE / 4 * 7 / 10 || sizes[k] > SCOPE / 4 * 13 / 10)
			T_FAIL("shard %u holds %u of %u", k, sizes[k], SCOPE);
}

/* Shards 1..N of a scope take each subscription exactly once. */
void test_shard__keeps_each_once(void)
{
	struct config cfg;
	unsigned i, k, n;
	char id[37];

	config_init(&cfg);
	guid(id, 42);
	T_ASSERT(shard_keeps(&cfg, id));	/* unsharded: everything */
	cfg.shard_count = 3;
	for (i = 0; i < 200; i++) {
		guid(id, i);
		for (n = 0, k = 1; k <= 3; k++) {
			cfg.shard_index = k;
			n += (unsigned)shard_keeps(&cfg, id);
		}
		T_EQ_INT(id, 1, n);
	}
	config_release(&cfg);
}

void test_shard__record(void)
{
	struct config cfg;
	struct snapshot snap;
	struct buf b = BUF_INIT;
	char *text;
	cJSON *j;
	int added;

	config_init(&cfg);
	snapshot_init(&snap);
	j = shard_json(&cfg, &snap);
	T_ASSERT(cJSON_IsNull(j));
	cJSON_Delete(j);
	shard_describe(&b, &cfg, &snap, "(", ")");
	T_EQ_INT("unsharded: nothing said", 0, b.len);
	T_ASSERT(!shard_nothing_here(&cfg, &snap));

	cfg.shard_index = 2;
	cfg.shard_count = 4;
	T_ASSERT(!shard_nothing_here(&cfg, &snap));	/* an empty scope is not a shard's */
	snapshot_other(&snap, "c0000001-0000-4000-8000-000000000001", &added);
	T_ASSERT(added);
	snapshot_other(&snap, "C0000001-0000-4000-8000-000000000001", &added);
	T_ASSERT(!added);
	T_ASSERT(shard_nothing_here(&cfg, &snap));
	snapshot_sub(&snap, "c0000002-0000-4000-8000-000000000002");
	T_ASSERT(!shard_nothing_here(&cfg, &snap));
	snapshot_other(&snap, "c0000003-0000-4000-8000-000000000003", &added);
	j = shard_json(&cfg, &snap);
	text = cJSON_PrintUnformatted(j);
	T_EQ_STR("record", "{\"index\":2,\"count\":4,\"scope_subscriptions\":3,"
		 "\"subscriptions\":1}", text);
	free(text);
	cJSON_Delete(j);
	shard_describe(&b, &cfg, &snap, "(", ")");
	T_EQ_STR("header", "(shard 2 of 4: 1 of 3 subscriptions)", b.buf);
	buf_release(&b);
	snapshot_release(&snap);
	config_release(&cfg);
}
