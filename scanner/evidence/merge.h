/*
 * merge.h - `irscan merge --evidence --evidence-dir OUT DIR...`: evidence
 * bundles (the shards of one scan, or scans of different tenants) into
 * one merged bundle that `irscan verify` and `--offline` read
 * (merged.h describes its layout).
 *
 * Every input is verified first (its hashes; its signature with the
 * keys, when given; without keys a signature is carried over unchecked,
 * to be checked in the merged bundle).  A merged input contributes its
 * parts (a merge of merges is flat).  Refused, naming the inputs: an
 * input that is not a bundle or does not verify; parts of different
 * frameworks, parameters (checks, controls, ages, --fail-on...), clouds
 * or waivers/attestations files (one report has one of each); a
 * subscription in two parts with different recorded answers (identical
 * ones are evaluated once); shards of one scan with one missing (unless
 * allow_partial, which the merged manifest records), given twice, or
 * whose sizes do not add up to their scope.
 *
 * OUT must not exist or be empty; the bundle is written into a temporary
 * directory beside it, verified there, and renamed into place.
 */
#ifndef IRSCAN_MERGE_H
#define IRSCAN_MERGE_H

#include "util/buf.h"
#include "util/strvec.h"

struct merge_request {
	const struct strvec *inputs;	/* bundle directories, merged or not */
	const char *out;		/* --evidence-dir */
	const char *sign_key;		/* --sign-key: sign the merged manifest */
	const struct strvec *verify_keys;	/* --verify-key: check the inputs */
	int allow_partial;		/* --allow-partial */
};

/* What merge_evidence() says besides its answer: parts, and what is missing. */
struct merge_result {
	size_t parts;
	struct buf partial;		/* "" or the shards missing */
};

/*
 * 0: OUT written; 2: refused (err holds one line naming the inputs);
 * 3: OUT could not be written (err says why; nothing is left behind).
 */
int merge_evidence(const struct merge_request *rq, struct merge_result *res, struct buf *err);

#endif
