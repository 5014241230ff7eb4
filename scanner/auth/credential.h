/*
 * credential.h - what every credential is and shares: the small vtable,
 * the token cache and its refresh, and the helpers the credential files
 * call.  It sits below every credential file (secret.c, cert.c,
 * federated.c, mi.c, azcli.c, entra.c) and below chain.c, which picks
 * one; it calls none of them except through the vtable, so no call
 * runs back up.
 *
 * `request` starts getting a token, asynchronously on the shared http
 * loop or synchronously for a subprocess, and ends in cred_token_ready()
 * or cred_token_failed().  The token is cached and refreshed ahead of
 * expiry while requests keep using the old one, so a scan longer than a
 * token's lifetime never stalls or fails.  Tokens and secrets are
 * registered with redact.h and wiped when freed.
 */
#ifndef IRSCAN_AUTH_CREDENTIAL_H
#define IRSCAN_AUTH_CREDENTIAL_H

#include <stdint.h>

#include <cJSON.h>

#include "auth/env.h"
#include "util/buf.h"
#include "net/http.h"
#include "util/strvec.h"

struct credential;

struct credential_ops {
	const char *name;	/* "secret", ... as in --auth and reports */
	void (*request)(struct credential *c);
	void (*free_impl)(void *impl);
};

struct credential {
	const struct credential_ops *ops;
	struct http *http;
	char *authority;	/* scheme://host, no slash */
	char *tenant_id;	/* NULL for managed identity; the CLI's --tenant */
	char *client_id;	/* NULL: a system-assigned identity, the CLI */
	char *scope;		/* "<cloud's ARM audience>/.default" */
	char *resource;		/* "<cloud's ARM audience>/" (IMDS, CLI) */
	long timeout_ms;	/* for a subprocess (the CLI) */
	char *token;		/* current access token, or NULL */
	int64_t expires_ms;	/* monotonic time the token expires */
	int64_t stale_ms;	/* stop sending it from then on */
	int64_t refresh_ms;	/* monotonic time to start a refresh */
	int64_t retry_ms;	/* earliest next attempt after a failure */
	int in_flight;
	int failed;		/* the last attempt failed */
	char *error;		/* one line, why it failed */
	void *impl;
};

/* Free c, its implementation and its token (wiped); NULL is a no-op. */
void cred_free(struct credential *c);
/* Get a first token, running the http loop; 0, or -1 (see c->error). */
int cred_acquire(struct credential *c);
/*
 * For http_request.prepare: add "Authorization: Bearer ..." to headers.
 * Returns 0 when added, 1 when no valid token is there yet (a refresh is
 * running), -1 when authentication failed (reason in err).
 */
int cred_authorize(struct credential *c, struct strvec *headers, struct buf *err);
/* How a request ends: a token valid for expires_in_s, or why not. */
void cred_token_ready(struct credential *c, const char *token, double expires_in_s);
void cred_token_failed(struct credential *c, const char *why);

/* An id safe in a URL path or a form (letters, digits, ".-_"). */
int cred_id_ok(const char *s);
/*
 * An app credential's tenant and client ids from env, checked, into c:
 * 0, or -1 with *absent set when either is unset, else the reason in why.
 */
int cred_app_ids(struct credential *c, const struct auth_env *env, struct buf *why,
		 int *absent);
/*
 * Parse an answer that carries "expires_on" (epoch seconds, number or
 * string) instead of "expires_in" (managed identity, Azure CLI): the
 * lifetime from now; -1 when absent or unusable.
 */
double expires_on_lifetime(const cJSON *root, const char *key);

#endif
