/*
 * auth.h - credentials: where the bearer token for ARM comes from.
 *
 * A credential is a small vtable (one file per method: auth_secret.c
 * now; certificate, federated, managed identity and Azure CLI plug in
 * the same way).  `request` starts getting a token, asynchronously on
 * the shared http loop or synchronously for a subprocess, and ends in
 * cred_token_ready() or cred_token_failed().  The token is cached and
 * refreshed ahead of expiry while requests keep using the old one, so a
 * scan longer than a token's lifetime never stalls or fails.  Tokens
 * and secrets are registered with redact.h and wiped when freed.
 */
#ifndef IRSCAN_AUTH_H
#define IRSCAN_AUTH_H

#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "http.h"
#include "strvec.h"

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
	char *tenant_id;
	char *client_id;
	char *scope;		/* "<arm endpoint>/.default" */
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

/*
 * Build the credential selected by cfg->auth from the environment.
 * NULL with a one-line reason in err when none can be built.
 */
struct credential *cred_new(const struct config *cfg, struct http *h,
			    struct buf *err);
void cred_free(struct credential *c);
/* Get a first token, running the http loop; 0, or -1 (see c->error). */
int cred_acquire(struct credential *c);
/*
 * For http_request.prepare: add "Authorization: Bearer ..." to headers.
 * Returns 0 when added, 1 when no valid token is there yet (a refresh is
 * running), -1 when authentication failed (reason in err).
 */
int cred_authorize(struct credential *c, struct strvec *headers, struct buf *err);
void cred_token_ready(struct credential *c, const char *token, double expires_in_s);
void cred_token_failed(struct credential *c, const char *why);

/* auth_entra.c: the Entra ID v2 token endpoint shared by app credentials. */
/* POST the client credentials grant with `client_auth` form fields. */
void entra_request(struct credential *c, const char *client_auth);
/*
 * Parse a token endpoint answer.  On success returns 0 with a malloc'ed
 * token and its lifetime; else -1 with one line in err (AADSTS code and
 * the first line of the description; never the request's secret).
 */
int entra_parse_token(long status, const char *body, size_t len, char **token,
		      double *expires_in_s, struct buf *err);

/* auth_secret.c */
struct credential *cred_secret_new(const char *secret);

#endif
