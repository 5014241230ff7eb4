/*
 * arm.h - Azure Resource Manager conventions on top of http.h: URLs with
 * api-version, bearer tokens, nextLink paging, ARM error bodies and the
 * api-version fallback.
 *
 * A call names a path and the api-versions to try, newest first.  When
 * the service rejects a version (400 InvalidApiVersionParameter or
 * NoRegisteredProviderFound: sovereign clouds lag behind), the next one
 * is tried and the version that answered is reported.  Every HTTP
 * exchange becomes an evidence record handed to the caller.
 */
#ifndef IRSCAN_ARM_H
#define IRSCAN_ARM_H

#include <cJSON.h>

#include "auth/credential.h"
#include "net/http.h"
#include "model/snapshot.h"

/* Pages of one list followed at most by default (--max-pages); a longer
 * chain is an error. */
#define ARM_MAX_PAGES 1000

struct arm {
	struct http *http;
	struct credential *cred;
	char *endpoint;		/* scheme://host[:port][/path], no slash */
	unsigned max_pages;	/* ARM_MAX_PAGES unless --max-pages */
};

struct arm_result {
	int ok;
	const char *api_version;	/* the version that answered */
	cJSON *object;		/* get calls: the body, owned */
	struct fetch_error err;	/* when !ok; strings owned */
	struct evidence **ev;	/* every exchange, owned */
	size_t ev_n;
};

typedef void (*arm_done_fn)(void *ctx, struct arm_result *res);

/*
 * Called with each page's `value` array of a list call, in order, as the
 * page arrives; the page is released afterwards, so a long list never
 * sits in memory whole.  Return 0, or -1 with a reason in err to stop
 * the call (it then fails with code UnexpectedResponse).  All pages of
 * one call come from the same api-version.  `ev` is the exchange that
 * brought the page, for data taken from one item to cite (dataset_cite):
 * it is one of the call's evidence records, so it lives as long as the
 * done callback keeps them (collect_keep_evidence).
 */
typedef int (*arm_page_fn)(void *ctx, const cJSON *value, const char *api_version,
			   const struct evidence *ev, struct buf *err);

struct arm_call_spec {
	const char *path;	/* "/subscriptions/<id>/providers/..." */
	const char *const *api_versions;	/* newest first, NULL-ended */
	arm_page_fn on_page;	/* set: a list call following nextLink */
	/*
	 * List calls: the api-versions (NULL-ended; NULL: none) known to
	 * answer with a bare JSON array instead of {"value": [...]}, which
	 * is then read as the one page.  Elsewhere a bare array is not an
	 * answer: an empty one would read as "nothing there".
	 */
	const char *const *bare_array_versions;
	arm_done_fn done;	/* may take fields (set them NULL / ev_n 0) */
	void *ctx;
};

void arm_init(struct arm *arm, struct http *h, struct credential *cred,
	      const char *endpoint);
void arm_release(struct arm *arm);
/* Start a call; `done` runs from the http loop when it has finished. */
void arm_call(struct arm *arm, const struct arm_call_spec *spec);

/*
 * Is `id` a resource id of `type` ("Microsoft.Logic/workflows",
 * "Microsoft.EventHub/namespaces/eventhubs") in a resource group:
 * /subscriptions/<guid>/resourceGroups/<rg>/providers/<ns>/<type>/<name>...
 * with no empty, "." or ".." segment and no query, fragment or control
 * character?  Ids from Azure answers pass this before irscan sends a
 * request (and its token) to them.
 */
int arm_id_is(const char *id, const char *type);

/* An evidence record of one exchange (the URL's secrets redacted); method
 * is a string literal, kept as it is. */
struct evidence *arm_evidence(const char *method, const char *url,
			      const struct http_response *r);

/*
 * Read an ARM error body ({"error":{"code","message"}}, PascalCase too).
 * Sets malloc'ed code and message (either may stay NULL).
 */
void arm_parse_error(const char *body, size_t len, char **code, char **message);
/* Is this error a rejected api-version worth retrying with an older one? */
int arm_is_version_error(long status, const char *code);

#endif
