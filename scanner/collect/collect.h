/*
 * collect.h - fill a snapshot from ARM for the selected checks' needs.
 * The only code besides auth that causes network I/O.
 */
#ifndef IRSCAN_COLLECT_H
#define IRSCAN_COLLECT_H

#include <time.h>

#include "arm/arm.h"
#include "model/config.h"
#include "model/snapshot.h"

/*
 * Called once per scanned subscription, as soon as everything its checks
 * can read is final: its datasets, the targets of its automations (and
 * their alert tables), and (when one of its verdicts depends on the
 * Sentinel search) every workspace searched; the latter wait for the end
 * of collection.  The
 * callee may evaluate it and release its data (snapshot_sub_drop_data),
 * so that a tenant's raw data is never all held at once.
 */
typedef void collect_ready_fn(void *ctx, struct sub_snapshot *sub);

/*
 * Read the scope (listed or given subscriptions) and every dataset in
 * `needs` (NEED_BIT mask) for each scanned subscription, all through one
 * http loop; ready (may be NULL) as above, for every scanned
 * subscription by the time it returns.  `now` is the scan time (the
 * original one when a bundle is replayed), for reads that depend on the
 * age of alerts.  Returns 0 when the loop ran
 * (individual failures are in the snapshot), -1 on a libcurl failure.
 */
int collect_run(const struct config *cfg, struct arm *arm, unsigned needs, time_t now,
		struct snapshot *snap, collect_ready_fn *ready, void *ready_ctx);

#endif
