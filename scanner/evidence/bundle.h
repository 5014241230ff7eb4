/*
 * bundle.h - evidence bundles (--evidence-dir, SPEC §6).
 *
 * A bundle is a directory: one file per ARM response body (NNNNNN.json,
 * secrets redacted, see redact_body), the body of each Resource Graph
 * query (NNNNNN.request.json), copies of the waivers and attestations
 * files used, and manifest.json: what was scanned, how, when, with which
 * parameters, and one entry per request (method, URL, api-version,
 * status, request ids, Date, retries, duration, file, SHA-256);
 * manifest.json.sha256 its own hash.  With a signing key,
 * manifest.json.sig holds a detached signature (sign.h).
 *
 * Writing goes alongside the scan: each response is stored as it
 * arrives and its entry appended to a scratch file, so memory stays flat;
 * manifest.json is composed at the end.  manifest.c reads bundles back
 * (irscan verify, --offline).
 */
#ifndef IRSCAN_BUNDLE_H
#define IRSCAN_BUNDLE_H

#include <time.h>

#include "util/buf.h"
#include "model/config.h"
#include "net/http.h"
#include "model/snapshot.h"

#define BUNDLE_FORMAT "irscan-evidence/1"
#define BUNDLE_MANIFEST "manifest.json"
#define BUNDLE_SIGNATURE "manifest.json.sig"
/* The manifest's own SHA-256, as `sha256sum` writes it: catches an edited
 * manifest without a key (a signature also proves who wrote it). */
#define BUNDLE_MANIFEST_SHA "manifest.json.sha256"

struct bundle;

/* What the manifest says about the scan besides its requests. */
struct bundle_scan {
	time_t started, finished;
	const char *tenant, *client_id, *credential;
	const struct config *cfg;
	const struct snapshot *snap;
	/* 0: the scan was interrupted; the manifest says so ("complete":
	 * false) and verify and --offline refuse the bundle. */
	int complete;
};

/*
 * Start a bundle in dir: created (0700) when missing; an existing
 * directory must be empty, so that no old file passes for evidence.
 * NULL with the reason in err.
 */
struct bundle *bundle_create(const char *dir, struct buf *err);
/* http_options.record: store one final response, fill its entry/file/sha256. */
void bundle_record(void *bundle, const struct http_exchange *x, struct http_response *r);
/* Copy an input file (kind "waivers" or "attestations") into the bundle. */
int bundle_add_input(struct bundle *b, const char *kind, const char *path, struct buf *err);
/*
 * Write manifest.json (and manifest.json.sig when sign_key is given).
 * 0, or -1 with the reason in err, also when some response could not be
 * stored during the scan: an incomplete bundle is never passed off as
 * complete.
 */
int bundle_finish(struct bundle *b, const struct bundle_scan *s, const char *sign_key,
		  struct buf *err);
void bundle_free(struct bundle *b);

#endif
