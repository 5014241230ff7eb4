/*
 * shard.h - --shard K/N: which part of a scope one irscan process scans.
 *
 * A subscription's shard is a function of its id alone, so it keeps its
 * shard when others are added to the scope or leave it: N processes (a
 * Kubernetes Indexed Job, a CI matrix) each scan theirs, and together
 * they scan the scope once.  The partition is pure and here; collection
 * applies it as the scope is read (collect/collect.c), and the report
 * and the evidence manifest record it as shard_json() writes it.
 */
#ifndef IRSCAN_SHARD_H
#define IRSCAN_SHARD_H

#include <cJSON.h>
#include <stddef.h>

#include "model/config.h"
#include "model/snapshot.h"
#include "util/buf.h"

/* N at most: a Kubernetes Indexed Job's completions are capped far higher
 * (100,000), but a thousand processes already cover any tenant. */
#define SHARD_MAX 1000

/*
 * 1..n: the first 8 bytes of SHA-256 of the lower-case id, as a
 * big-endian number, modulo n, plus 1 (the contract the merge and every
 * shard's process share: it must never change between versions).
 */
unsigned shard_of(const char *subscription_id, unsigned n);
/* Is the subscription in cfg's shard (always, unsharded)? */
int shard_keeps(const struct config *cfg, const char *subscription_id);
/*
 * The record of the report's scan.shard and the manifest's "shard":
 * {"index": K, "count": N, "scope_subscriptions": M, "subscriptions": m}
 * (M: the scope before sharding, m: this shard's); JSON null unsharded
 * (cfg NULL: a report without a configuration, the unit tests').
 */
cJSON *shard_json(const struct config *cfg, const struct snapshot *snap);
/*
 * "shard 2 of 4: 250 of 1000 subscriptions" between before and after
 * (the reports' headers); nothing unsharded.  snap may be NULL (a scan
 * that could not run): its counts are 0.
 */
void shard_describe(struct buf *b, const struct config *cfg, const struct snapshot *snap,
		    const char *before, const char *after);
/*
 * A shard of a scope that is not empty, with nothing of its own to
 * scan: not an error (an Indexed Job's pod must not fail for it), where
 * an unsharded scan with nothing to scan is.
 */
int shard_nothing_here(const struct config *cfg, const struct snapshot *snap);

#endif
