/*
 * baseline_input.h - a baseline from what a user names on the command
 * line: a JSON report of any irscan version, or an evidence bundle
 * directory, re-evaluated offline here (the --offline code path, in
 * this process) so that its findings come from this irscan's checks.
 * --baseline and `irscan diff OLD NEW` both load with it.
 */
#ifndef IRSCAN_BASELINE_INPUT_H
#define IRSCAN_BASELINE_INPUT_H

#include "model/config.h"
#include "policy/baseline.h"

/*
 * Load `path` into b (baseline_release() it after, also when this
 * fails: b may hold what was read before the error): a directory is an
 * evidence bundle, anything else a JSON report.  A bundle is evaluated
 * with the recorded parameters of its manifest, except those marked in
 * `given` (1u << enum given), which are cfg's: --baseline passes ~0u (the
 * baseline is judged as this scan judges), diff 0 (each bundle judged
 * with its own recorded parameters: diff takes none).  cfg also gives --verify-key, --skip-signature and the
 * limits; it is not changed.  `what` names the source in messages
 * ("--baseline").  0, or -1 after an error message (exit 2).
 */
int baseline_input_load(const char *what, const char *path, const struct config *cfg,
			unsigned given, struct baseline *b);

#endif
