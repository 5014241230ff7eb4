/*
 * rg_batch.c - Resource Graph batches (--resource-graph): the pricings,
 * alerts and automations of up to RG_BATCH_MAX subscriptions per query.
 *
 * Rows are grouped by subscriptionId and fed to the same models as the
 * direct ARM reads, so the checks see the same data either way.  Each
 * query's exchanges are cited by every dataset of its batch.  A query
 * that fails sends its subscriptions back to direct reads: the scan never
 * loses data to the faster path.
 */
#include "collect/collect_int.h"
#include "util/json.h"
#include "util/msg.h"
#include "arm/rg.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

/* The Resource Graph tables: securityresources, except automations. */
static const char *const rg_queries[NEED__COUNT] = {
	[NEED_PRICINGS] = "securityresources | where type =~ 'microsoft.security/pricings' "
			  "| project id, name, type, subscriptionId, properties",
	[NEED_ALERTS] = "securityresources | where type =~ 'microsoft.security/locations/alerts' "
			"| project id, name, type, subscriptionId, properties",
	[NEED_AUTOMATIONS] = "resources | where type =~ 'microsoft.security/automations' "
			     "| project id, name, type, subscriptionId, properties",
};

struct rg_batch {
	struct collector *col;
	enum need need;
	struct sub_snapshot *subs[RG_BATCH_MAX];
	void *data[RG_BATCH_MAX];
	size_t n, last;		/* last: index of the latest row's subscription */
	struct strvec ids;
};

int collect_rg_wants(const struct collector *col, enum need need)
{
	return col->cfg->resource_graph && rg_queries[need];
}

static size_t batch_index(struct rg_batch *b, const char *sub_id)
{
	size_t i;

	/* Rows come grouped by subscription: try the previous one first. */
	if (b->last < b->n && !strcasecmp(b->subs[b->last]->id, sub_id))
		return b->last;
	for (i = 0; i < b->n; i++)
		if (!strcasecmp(b->subs[i]->id, sub_id))
			return b->last = i;
	return b->n;
}

static int rows_cb(void *ctx, cJSON *data, struct buf *err)
{
	struct rg_batch *b = ctx;
	const struct resource_kind *k = &collect_kinds[b->need];
	cJSON *row = data->child, *next, *one;

	for (; row; row = next) {
		const char *sub_id = json_str(row, "subscriptionId");
		size_t i = sub_id ? batch_index(b, sub_id) : b->n;
		int rc;

		next = row->next;
		if (i == b->n)
			continue;	/* a subscription not asked for */
		one = cJSON_CreateArray();
		if (!one)
			die("out of memory (cJSON)");
		cJSON_AddItemToArray(one, cJSON_DetachItemViaPointer(data, row));
		rc = k->add_page(b->data[i], one, "resourcegraph", err);
		cJSON_Delete(one);
		if (rc)
			return -1;
	}
	return 0;
}

static void batch_free(struct rg_batch *b)
{
	strvec_clear(&b->ids);
	free(b);
}

static void batch_done(void *ctx, struct arm_result *res)
{
	struct rg_batch *b = ctx;
	struct collector *col = b->col;
	const struct resource_kind *k = &collect_kinds[b->need];
	size_t i, e;

	for (e = 0; e < res->ev_n; e++) {
		snapshot_add_evidence(col->snap, NULL, res->ev[e]);
		for (i = 0; i < b->n; i++)
			dataset_cite(&b->subs[i]->sets[b->need], res->ev[e]);
	}
	res->ev_n = 0;
	if (!res->ok)
		msg_verbose("Resource Graph query for %s failed (HTTP %ld %s); reading "
			    "%zu subscriptions directly", need_name(b->need), res->err.status,
			    res->err.code ? res->err.code : "", b->n);
	for (i = 0; i < b->n; i++) {
		struct dataset *d = &b->subs[i]->sets[b->need];

		if (!res->ok) {
			k->free_data(b->data[i]);
			d->requested = 0;
			collect_direct(col, b->subs[i], b->need);
			continue;
		}
		d->state = DATA_OK;
		d->data = b->data[i];
		d->free_data = k->free_data;
		d->api_version = res->api_version;
		collect_dataset_done(col, b->subs[i], b->need, 1);
	}
	batch_free(b);
}

static void batch_send(struct rg_batch *b)
{
	const struct rg_query_spec spec = {
		.query = rg_queries[b->need],
		.subscriptions = &b->ids,
		.on_rows = rows_cb,
		.done = batch_done,
		.ctx = b,
	};

	rg_query(b->col->arm, &spec);
}

void collect_rg_add(struct collector *col, struct sub_snapshot *sub, enum need need)
{
	struct rg_batch *b = col->batch[need];

	if (!b) {
		b = xcalloc(1, sizeof(*b));
		b->col = col;
		b->need = need;
		strvec_init(&b->ids);
		col->batch[need] = b;
	}
	sub->sets[need].requested = 1;
	b->subs[b->n] = sub;
	b->data[b->n] = collect_kinds[need].new_data();
	b->n++;
	strvec_push(&b->ids, sub->id);
	if (b->n == RG_BATCH_MAX) {
		col->batch[need] = NULL;
		batch_send(b);
	}
}

void collect_rg_flush(struct collector *col)
{
	int n;

	for (n = 0; n < NEED__COUNT; n++)
		if (col->batch[n]) {
			batch_send(col->batch[n]);
			col->batch[n] = NULL;
		}
}
