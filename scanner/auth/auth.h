/*
 * auth.h - credentials: where the bearer token for ARM comes from.
 *
 * A credential is a small vtable, one file per method: auth_secret.c,
 * auth_cert.c, auth_federated.c, auth_mi.c (managed identity) and
 * auth_cli.c (Azure CLI); auth.c picks one (SPEC §4: --auth, or the
 * `auto` chain).  `request` starts getting a token, asynchronously on
 * the shared http loop or synchronously for a subprocess, and ends in
 * cred_token_ready() or cred_token_failed().  The token is cached and
 * refreshed ahead of expiry while requests keep using the old one, so a
 * scan longer than a token's lifetime never stalls or fails.  Tokens
 * and secrets are registered with redact.h and wiped when freed.
 */
#ifndef IRSCAN_AUTH_H
#define IRSCAN_AUTH_H

#include <stdint.h>

#include <cJSON.h>

#include "util/buf.h"
#include "model/config.h"
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
	char *tenant_id;	/* NULL for managed identity and the CLI */
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

/*
 * Sign in: build the credential --auth selects from the environment and
 * get a first token (running the http loop).  With `auto`, each
 * credential of the chain is tried in turn and the first that gets a
 * token is kept.  NULL with the reason in err: one line, or with auto
 * one line per credential ("  certificate: ...").
 */
struct credential *cred_sign_in(const struct config *cfg, struct http *h,
				struct buf *err);
void cred_free(struct credential *c);
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
/*
 * The answer of a token endpoint (`what` at `endpoint`, for messages):
 * the credential gets its token or the reason, naming the endpoint when
 * it could not be reached (and, with name_on_refusal, when it refused);
 * the body, which may hold the token, is wiped.
 */
void entra_token_answer(struct credential *c, struct http_response *r,
			const char *what, const char *endpoint, int name_on_refusal);

/*
 * Parse an answer that carries "expires_on" (epoch seconds, number or
 * string) instead of "expires_in" (managed identity, Azure CLI): the
 * lifetime from now; -1 when absent or unusable.
 */
double expires_on_lifetime(const cJSON *root, const char *key);

/*
 * Parse `az account get-access-token --output json`: 0 with a malloc'ed
 * token and its lifetime, or -1 with one line in err (auth_cli.c).
 */
int cli_parse_token(const char *out, size_t len, char **token, double *life_s,
		    struct buf *err);

/*
 * The credentials.  Each constructor reads its environment; NULL with
 * the reason in why when it is not configured or cannot work (*absent
 * is set when simply not configured, so `auto` moves on quietly).
 */
struct credential *cred_secret_new(struct buf *why, int *absent);
struct credential *cred_cert_new(struct buf *why, int *absent);
struct credential *cred_federated_new(struct buf *why, int *absent);
struct credential *cred_mi_new(int explicit, struct buf *why, int *absent);
struct credential *cred_cli_new(struct buf *why, int *absent);
/* An id safe in a URL path or a form (letters, digits, ".-_"), auth.c. */
int cred_id_ok(const char *s);
/* Tenant and client ids from the environment, checked (auth.c). */
int cred_app_ids(struct credential *c, struct buf *why, int *absent);

#endif
