/*
 * merge_int.h - what merge.c (reading and checking the inputs) hands
 * merge_out.c (writing the merged bundle).
 */
#ifndef IRSCAN_MERGE_INT_H
#define IRSCAN_MERGE_INT_H

#include "evidence/manifest.h"
#include "evidence/merge.h"
#include "evidence/merged.h"

/* One part of the merged bundle: a plain bundle's manifest, borrowed. */
struct merge_part {
	char *label;			/* for messages: the input, or input/part-NN */
	const struct manifest *m;
	char manifest_sha256[SHA256_HEX_LEN + 1];
	char signature_sha256[SHA256_HEX_LEN + 1];	/* "": unsigned */
};

struct merge_job {
	const struct merge_request *rq;
	struct manifest *plain;		/* the plain inputs, loaded */
	size_t n_plain;
	struct merged *merged;		/* the merged inputs, loaded */
	size_t n_merged;
	struct merge_part *parts;
	size_t n;
	struct buf partial;		/* the shards missing (allow_partial), or "" */
};

/*
 * The shards of each scan among the parts: none missing (unless
 * allow_partial: job->partial says which), none twice, their sizes adding
 * up to their scope's.  0, or -1 with a one-line refusal in err.
 */
int merge_check_shards(struct merge_job *job, struct buf *err);
/* OUT does not exist, or is an empty directory; 0, or -1 (err). */
int merge_out_usable(const char *out, struct buf *err);
/* Write rq->out from the job's parts; 0, or -1 with the reason in err. */
int merge_write(const struct merge_job *job, struct buf *err);

#endif
