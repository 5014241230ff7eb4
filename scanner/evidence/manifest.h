/*
 * manifest.h - reading an evidence bundle back: `irscan verify` and
 * `--offline` (bundle.h writes them).
 *
 * A bundle comes from someone else's machine: everything in it is
 * untrusted.  The manifest is bounded in size and checked field by field;
 * file names must be plain names inside the bundle (no '/', no "..", no
 * leading '.'), are opened without following symbolic links, must be
 * regular files and are bounded in size, so nothing outside the
 * directory is ever read.
 */
#ifndef IRSCAN_MANIFEST_H
#define IRSCAN_MANIFEST_H

#include <cJSON.h>
#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/digest.h"
#include "util/pool.h"
#include "util/strvec.h"

/* Larger manifests or files are refused. */
#define MANIFEST_MAX (512u * 1024 * 1024)
#define BUNDLE_FILE_MAX (256u * 1024 * 1024)

struct manifest_entry {
	unsigned long entry;
	const char *method, *url;	/* strings of the parsed manifest */
	long status;
	const char *request_id, *correlation_id, *date, *time, *error;
	unsigned retries;
	long duration_ms;
	int body_too_large;
	const char *file, *sha256;	/* NULL when no response arrived */
	const char *request_file, *request_sha256;	/* POST body, or NULL */
	int used;			/* replayed already */
};

struct manifest_input {
	const char *file, *sha256, *source;	/* file NULL: none */
};

struct manifest {
	char *dir;
	char *tool_version;		/* of the irscan that wrote it */
	const char *signature;		/* offline_open: "valid", "not-checked", "none" */
	cJSON *scan;			/* the "scan" object; owns the inputs' strings */
	struct pool strings;		/* the entries' strings */
	struct manifest_entry *entries;
	size_t n;
	struct manifest_input waivers, attestations;
	time_t started, finished;
	/* "shard": the scan's --shard K/N (0 and 0 unsharded), and the
	 * scope's subscriptions before sharding (model/shard.h). */
	unsigned shard_index, shard_count;
	size_t shard_scope;
	struct strvec subscriptions;	/* the ids the manifest lists */
	cJSON *shard;			/* the "shard" object (--shard), or NULL */
};

/*
 * Read and check DIR/manifest.json.  0, or -1 with the reason in err;
 * also for a manifest that says "complete": false (the scan that wrote
 * it was interrupted: nothing in it can be relied on as a whole).
 * Manifests from before that key count as complete.
 */
int manifest_load(struct manifest *m, const char *dir, struct buf *err);
void manifest_release(struct manifest *m);

/*
 * Recompute every file's SHA-256 and look for missing and extra files;
 * with keys (NULL or none: no check), check manifest.json.sig: valid
 * when one of the keys verifies it.  Each problem is one line in
 * problems ("changed: 000012.json", ...).  Returns the number of
 * problems; -1 when a key itself cannot be used (then problems holds
 * only the reason, one line without a newline).
 */
long manifest_verify(const struct manifest *m, const struct strvec *keys, struct buf *problems);
/* DIR/manifest.json against DIR/manifest.json.sha256 ("<hex>  manifest.json"):
 * 0, or 1 with one line in problems. */
int manifest_check_sha(const char *dir, const struct buf *manifest, struct buf *problems);
/*
 * DIR/manifest.json.sig over text (that manifest's bytes), by one of
 * the keys: 0 valid; 1 not (one line added to problems); -1 a key cannot
 * be used (problems replaced by the reason, one line).
 */
int manifest_check_signature(const char *dir, const struct buf *text,
			     const struct strvec *keys, struct buf *problems);
/* 64 lower-case hex digits (a SHA-256 as the manifests write them)? */
int manifest_is_sha256(const char *s);
/* Does the bundle hold a signature (manifest.json.sig), checked or not? */
int manifest_is_signed(const struct manifest *m);

/*
 * Read bundle file `name` (a name the manifest gave) into out and check
 * it against sha256.  0, or -1 with the reason in err.
 */
int manifest_read_file(const struct manifest *m, const char *name, const char *sha256,
		       struct buf *out, struct buf *err);

#endif
