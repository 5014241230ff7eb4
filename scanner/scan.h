/*
 * scan.h - one scan: collect -> snapshot -> evaluate -> report.
 */
#ifndef IRSCAN_SCAN_H
#define IRSCAN_SCAN_H

#include "checks/check.h"
#include "model/config.h"
/* What the scan evaluates with, also for tests/fuzz: */
#include "evaluate.h"

/* Run the scan the config describes; returns the exit code (SPEC §3). */
int scan_run(struct config *cfg);

#endif
