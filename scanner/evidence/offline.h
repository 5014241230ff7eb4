/*
 * offline.h - `--offline DIR`: scan an evidence bundle instead of Azure.
 *
 * The bundle is loaded and verified (every SHA-256, nothing missing or
 * extra, the signature with --verify-key; an interrupted scan's manifest
 * is refused) before anything is evaluated.  A signature left unchecked
 * and a bundle from another irscan version are warned about, and
 * m->signature and m->tool_version go into the report.  Its manifest then decides what
 * the live scan decided: endpoints (only to rebuild the same URLs),
 * cloud, scope, --resource-graph and --sentinel-workspace; the
 * parameters that change verdicts (framework, checks, controls, ages,
 * tags, plans, attack path risk, --fail-on) and the waivers and
 * attestations files come from the manifest too, unless given on the
 * command line, so the same report comes out by default and another one
 * when asked for.  replay.h answers the requests.
 */
#ifndef IRSCAN_OFFLINE_H
#define IRSCAN_OFFLINE_H

#include "model/config.h"
#include "evidence/manifest.h"
#include "evidence/merged.h"

/* 0 with m loaded and cfg set up; -1 after an error message (exit 2). */
int offline_open(struct config *cfg, struct manifest *m);
/* The same, its messages naming `what` ("--baseline") instead of --offline. */
int offline_open_for(const char *what, struct config *cfg, struct manifest *m);

/*
 * A merged bundle (merged.h): loaded and verified whole (every part, its
 * signature with --verify-key), cfg's parameters and input files from
 * its first part (the merge holds them equal in every part); each part
 * is then replayed with offline_part_config()'s scope and endpoints.
 * 0, or -1 after a message (exit 2).
 */
int offline_open_merged(struct config *cfg, struct merged *mb);
/* pc: a copy of cfg (config_copy) with part p's scope and endpoints;
 * 0, or -1 after a message (pc released). */
int offline_part_config(struct config *pc, const struct config *cfg,
			const struct merged_part *p);

#endif
