/*
 * merge_evidence_cmd.h - `irscan merge --evidence --evidence-dir OUT DIR...`
 * (evidence/merge.h does the work).
 */
#ifndef IRSCAN_MERGE_EVIDENCE_CMD_H
#define IRSCAN_MERGE_EVIDENCE_CMD_H

#include "model/config.h"

/* The exit code: 0 merged, 2 refused (one line says why), 3 not written. */
int merge_evidence_cmd(const struct config *cfg);

#endif
