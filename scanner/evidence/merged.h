/*
 * merged.h - reading a merged evidence bundle back (`irscan merge
 * --evidence` writes them, merge.h): `irscan verify` and `--offline`.
 *
 * A merged bundle is a directory holding each part, a scan's bundle,
 * byte for byte in a sub-directory named part-01, part-02, ... (its own
 * manifest.json, .sha256 and .sig untouched, so a part's signature is
 * still checked with the key that made it), and its own manifest.json
 * (format MERGED_FORMAT): one entry per part with its directory, the
 * SHA-256 of its manifest.json and of its manifest.json.sig (null when
 * unsigned), and what the merge read from it (tenant, framework, tool
 * version, shard, subscriptions, times).  Beside it manifest.json.sha256
 * and, with a signing key, manifest.json.sig, as in a scan's bundle.
 *
 * Everything is untrusted, as in manifest.h: the top manifest is bounded
 * and checked field by field, part names must be part-NN, and a part
 * must be a real directory (not a symbolic link).
 */
#ifndef IRSCAN_MERGED_H
#define IRSCAN_MERGED_H

#include <cJSON.h>
#include <time.h>

#include "evidence/manifest.h"
#include "util/buf.h"
#include "util/strvec.h"

#define MERGED_FORMAT "irscan-evidence-merged/1"
/* How a merged manifest begins (merge.c writes it so): how a reader
 * tells one from a scan's bundle before parsing it. */
#define MERGED_PREFIX "{\"format\":\"" MERGED_FORMAT "\""
/* At most this many parts (part-01 .. part-999). */
#define MERGED_MAX_PARTS 999

struct merged_part {
	char name[32];			/* "part-01" */
	char manifest_sha256[SHA256_HEX_LEN + 1];
	char signature_sha256[SHA256_HEX_LEN + 1];	/* "" when unsigned */
	struct manifest m;		/* loaded by merged_load() */
};

struct merged {
	char *dir;
	cJSON *top;			/* the parsed top manifest */
	struct merged_part *parts;
	size_t n;
	/* --allow-partial: the merge lacked shards; what it said ("" else). */
	const char *partial;
	time_t started, finished;	/* the earliest part's start, latest end */
	const char *signature;		/* offline: "valid", "not-checked", "none" */
};

/* Does DIR/manifest.json begin as a merged manifest does? */
int merged_is(const char *dir);
/*
 * Read DIR's top manifest and every part's manifest (manifest_load).
 * 0, or -1 with the reason in err (mb released).
 */
int merged_load(struct merged *mb, const char *dir, struct buf *err);
void merged_release(struct merged *mb);
/*
 * What `irscan verify` checks: the top manifest against its .sha256, the
 * part directories against its list (none missing, none extra), each
 * part's manifest.json and manifest.json.sig against the hashes it
 * records, and each part fully (manifest_verify), each problem one line
 * prefixed with the part's name.  With keys: the top manifest must be
 * signed by one of them (it alone says which parts there are), and every
 * part that is signed too (the top signature covers an unsigned part:
 * it records the part manifest's SHA-256).  Returns the number of
 * problems, or -1 when a key cannot be used (problems: the reason alone).
 */
long merged_verify(const struct merged *mb, const struct strvec *keys, struct buf *problems);
/* Is any manifest of the bundle (the top one, a part's) signed? */
int merged_any_signed(const struct merged *mb);

#endif
