/*
 * collect_int.h - what the collection files share.  They call each other
 * downward only, in this order: collect.c (the run, the scope, what each
 * answer starts next), rg_batch.c (Resource Graph batches) and
 * sentinel_ws.c (the Sentinel search), targets.c (what automations point
 * at), datasets.c (one dataset's read, handing a subscription over).
 * datasets.c reaches collect.c through col->on_dataset, not by name.
 * Not for use outside scanner/collect/ (and its tests).
 */
#ifndef IRSCAN_COLLECT_INT_H
#define IRSCAN_COLLECT_INT_H

#include "collect/collect.h"

#include <time.h>

struct automation_list;

/* How to read one kind of list answer, page by page. */
struct resource_kind {
	const char *path;	/* below the subscription, or below a target id */
	const char *const *api_versions;	/* newest first */
	void *(*new_data)(void);
	int (*add_page)(void *data, const cJSON *value, const char *api_version,
			struct buf *err);
	void (*free_data)(void *);
	/* api-versions answering a bare JSON array (arm_call_spec), or NULL. */
	const char *const *bare_array_versions;
};

extern const struct resource_kind collect_kinds[NEED__COUNT];
extern const char *const collect_subscription_versions[];
extern const char *const collect_workspace_versions[];

struct rg_batch;

struct collector {
	const struct config *cfg;
	struct arm *arm;
	struct snapshot *snap;
	unsigned needs;
	time_t now;			/* the scan time, see collect_run() */
	struct rg_batch *batch[NEED__COUNT];	/* Resource Graph, filling */
	size_t sub_reads_pending;	/* -m: subscriptions still being read */
	int scope_listed;		/* -A, -m: the list call has finished */
	/* A dataset of sub is complete (ok or not): start what depends on it
	 * (collect.c's, so that datasets.c need not call up). */
	void (*on_dataset)(struct collector *col, struct sub_snapshot *sub,
			   enum need need, int ok);
	collect_ready_fn *ready;	/* see collect.h */
	void *ready_ctx;
};

/* rg_batch.c */
/* Is dataset `need` read through Resource Graph in this scan? */
int collect_rg_wants(const struct collector *col, enum need need);
/* Queue sub for the batch of `need`; a full batch is sent at once. */
void collect_rg_add(struct collector *col, struct sub_snapshot *sub, enum need need);
/* Send every batch being filled. */
void collect_rg_flush(struct collector *col);

/* sentinel_ws.c */
/* Search Sentinel once per scan, the first time a subscription needs it. */
void collect_sentinel_search(struct collector *col);
/*
 * --shard: o, another shard's subscription, is searched too (its
 * workspaces, once its state says it is scanned), now if the search has
 * begun, else when it begins.
 */
void collect_sentinel_other(struct collector *col, struct sub_snapshot *o);
/* Search workspace id (named: given with --sentinel-workspace). */
void collect_sentinel_workspace(struct collector *col, const char *id, int named);

/* targets.c */
/*
 * Read what sub's alert automations point at, as the needs ask: export
 * targets, Logic Apps, workspaces' alert tables.  sub waits for them.
 */
void collect_automation_targets(struct collector *col, struct sub_snapshot *sub,
				const struct automation_list *l);
/*
 * The retention of a workspace that takes alerts through Sentinel: the
 * workspace and its SecurityAlert and SecurityIncident tables (no
 * subscription waits: those that depend on Sentinel wait for the end).
 */
void collect_workspace_retention(struct collector *col, const char *id);

/* datasets.c */
/* Move a call's evidence into the snapshot, cited by dataset d (or none). */
void collect_keep_evidence(struct snapshot *snap, struct dataset *d,
			   struct arm_result *res);
/* Read dataset `need` of sub straight from ARM (no Resource Graph). */
void collect_direct(struct collector *col, struct sub_snapshot *sub, enum need need);
/*
 * Start a single GET of `path` into dataset ds; then() runs when it is
 * complete, with the body (borrowed) when ok.
 */
void collect_get(struct collector *col, const char *path, const char *const *versions,
		 struct dataset *ds,
		 void (*then)(struct collector *col, void *obj, const cJSON *body, int ok),
		 void *obj);
/* Read a list below a resource id into ds; then() when complete. */
void collect_list_below(struct collector *col, const char *id,
			const struct resource_kind *kind, struct dataset *ds,
			void (*then)(struct collector *, void *, const cJSON *, int),
			void *obj);
/* A dataset is complete (ok or not): col->on_dataset, then hand the
 * subscription to evaluation if that was the last thing it needed. */
void collect_dataset_done(struct collector *col, struct sub_snapshot *sub,
			  enum need need, int ok);
/* Hand sub to evaluation if all it can read is final (see collect.h). */
void collect_try_hand_over(struct collector *col, struct sub_snapshot *sub);
/* Hand sub to evaluation now (the end of collection). */
void collect_hand_over(struct collector *col, struct sub_snapshot *sub);
/*
 * Does one of sub's verdicts wait for the Sentinel search?  Because of
 * its automations (read, or unreadable: no whole-subscription export or
 * Logic App response), or because its alert sync setting is read and
 * not on; collect_needs_sentinel() is either.
 */
int collect_automations_need_sentinel(const struct collector *col,
				      const struct sub_snapshot *sub);
int collect_settings_need_sentinel(const struct collector *col,
				   const struct sub_snapshot *sub);
int collect_needs_sentinel(const struct collector *col, const struct sub_snapshot *sub);

#endif
