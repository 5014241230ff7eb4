/*
 * collect_int.h - what the collection files share (collect.c: datasets,
 * targets, Sentinel; collect_scope.c: which subscriptions; collect_rg.c:
 * Resource Graph batches).  Not for use outside scanner/collect*.c.
 */
#ifndef IRSCAN_COLLECT_INT_H
#define IRSCAN_COLLECT_INT_H

#include "collect.h"

/* How to read one kind of list answer, page by page. */
struct resource_kind {
	const char *path;	/* below the subscription, or below a target id */
	const char *const *api_versions;	/* newest first */
	void *(*new_data)(void);
	int (*add_page)(void *data, const cJSON *value, const char *api_version,
			struct buf *err);
	void (*free_data)(void *);
};

extern const struct resource_kind collect_kinds[NEED__COUNT];
extern const char *const collect_subscription_versions[];

struct rg_batch;

struct collector {
	const struct config *cfg;
	struct arm *arm;
	struct snapshot *snap;
	unsigned needs;
	struct rg_batch *batch[NEED__COUNT];	/* Resource Graph, filling */
	size_t sub_reads_pending;	/* -m: subscriptions still being read */
	collect_ready_fn *ready;	/* see collect.h */
	void *ready_ctx;
};

/* collect.c */
/* Move a call's evidence into the snapshot, cited by dataset d (or none). */
void collect_keep_evidence(struct snapshot *snap, struct dataset *d,
			   struct arm_result *res);
/* Read every needed dataset of a scanned subscription. */
void collect_sub_needs(struct collector *col, struct sub_snapshot *sub);
/* Read dataset `need` of sub straight from ARM (no Resource Graph). */
void collect_direct(struct collector *col, struct sub_snapshot *sub, enum need need);
/* A dataset is complete (ok or not): start what depends on it, and hand
 * the subscription to evaluation if that was the last thing it needed. */
void collect_dataset_done(struct collector *col, struct sub_snapshot *sub,
			  enum need need, int ok);
/* Hand sub to evaluation if all it can read is final (see collect.h). */
void collect_try_hand_over(struct collector *col, struct sub_snapshot *sub);
/*
 * Start a single GET of `path` into dataset ds; then() runs when it is
 * complete, with the body (borrowed) when ok.
 */
void collect_get(struct collector *col, const char *path, const char *const *versions,
		 struct dataset *ds,
		 void (*then)(struct collector *col, void *obj, const cJSON *body, int ok),
		 void *obj);

/* collect_scope.c */
void collect_scope(struct collector *col);

/* collect_rg.c */
/* Is dataset `need` read through Resource Graph in this scan? */
int collect_rg_wants(const struct collector *col, enum need need);
/* Queue sub for the batch of `need`; a full batch is sent at once. */
void collect_rg_add(struct collector *col, struct sub_snapshot *sub, enum need need);
/* Send every batch being filled. */
void collect_rg_flush(struct collector *col);

#endif
