/*
 * diff_cmd.h - the `irscan diff OLD NEW` command.
 */
#ifndef IRSCAN_DIFF_CMD_H
#define IRSCAN_DIFF_CMD_H

#include "model/config.h"

/*
 * Load both scans (a JSON report, or an evidence bundle evaluated
 * again), compare them, print the text (stdout; stderr when a -o report
 * goes to stdout; none with -q) and write the -o reports.  Returns the
 * exit code: 0 nothing got worse, 1 something did, 2 usage or input
 * error (or a report could not be written).
 */
int diff_run(struct config *cfg);

#endif
