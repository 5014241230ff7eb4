/*
 * rg.h - Azure Resource Graph queries (opt-in, --resource-graph).
 *
 * One query reads a resource type for up to RG_BATCH_MAX subscriptions,
 * instead of one ARM read per subscription; its rows have the shape of
 * the ARM list items (id, name, type, subscriptionId, properties), so
 * the same models parse them.  Direct ARM reads stay the default and the
 * evidence of record; a failed query falls back to them.
 */
#ifndef IRSCAN_RG_H
#define IRSCAN_RG_H

#include "arm/arm.h"
#include "util/strvec.h"

/* Resource Graph's recommended batch: fewer than 300 subscriptions. */
#define RG_BATCH_MAX 250
/* Its throttling scope (one quota per caller), and queries at once. */
#define RG_SCOPE "resourcegraph"
#define RG_MAX_IN_FLIGHT 8

struct rg_query_spec {
	const char *query;		/* KQL */
	const struct strvec *subscriptions;
	/*
	 * Called with each page's `data` array (objects), in order; may
	 * detach rows.  0, or -1 with a reason in err to fail the query.
	 */
	int (*on_rows)(void *ctx, cJSON *data, struct buf *err);
	void (*done)(void *ctx, struct arm_result *res);	/* as arm_call's */
	void *ctx;
};

void rg_query(struct arm *arm, const struct rg_query_spec *spec);

#endif
