/*
 * collect.h - fill a snapshot from ARM for the selected checks' needs.
 * The only code besides auth that causes network I/O.
 */
#ifndef IRSCAN_COLLECT_H
#define IRSCAN_COLLECT_H

#include "arm.h"
#include "config.h"
#include "snapshot.h"

/*
 * Read the scope (listed or given subscriptions) and every dataset in
 * `needs` (NEED_BIT mask) for each scanned subscription, all through one
 * http loop.  Returns 0 when the loop ran (individual failures are in
 * the snapshot), -1 on a libcurl failure.
 */
int collect_run(const struct config *cfg, struct arm *arm, unsigned needs,
		struct snapshot *snap);

#endif
