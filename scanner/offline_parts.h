/*
 * offline_parts.h - `--offline` over a merged evidence bundle: each part
 * replayed as the scan that wrote it, into one snapshot and one list of
 * findings.
 *
 * Each part is collected with its own scope and endpoints
 * (offline_part_config) and its own answers only (replay_new_part): a
 * read every part made, such as the subscription list of -A, is
 * answered from that part, so each part's subscriptions come from it.
 * Each is evaluated as of its own scan's start.  A subscription an
 * earlier part already holds (merge refused any whose answers differ) is
 * evaluated once, from the first part.  Then the part's snapshot is
 * absorbed into the whole (snapshot_absorb).  No network is used.
 */
#ifndef IRSCAN_OFFLINE_PARTS_H
#define IRSCAN_OFFLINE_PARTS_H

#include "checks/check.h"
#include "evidence/merged.h"
#include "model/config.h"
#include "net/http.h"

struct attestation_list;
struct finding_store;
struct waiver_list;

struct offline_parts {
	const struct config *cfg;		/* offline_open_merged()'s */
	const struct merged *mb;
	const struct check *const *checks;	/* selected, NULL-terminated */
	const struct attestation_list *attestations;	/* NULL: none */
	struct http_options http;		/* the loop's; the replay is set per part */
	struct snapshot *snap;			/* every part, absorbed */
	const struct waiver_list *waivers;	/* NULL: none */
	time_t now;				/* the waivers' time */
	struct finding_store *store;		/* every part's findings */
};

/* Replay and evaluate every part; 0, or -1 with *fatal set (why). */
int offline_parts_run(const struct offline_parts *op, char **fatal);

#endif
