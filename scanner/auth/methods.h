/*
 * methods.h - the credentials, one file per --auth method: secret.c,
 * cert.c, federated.c, mi.c (managed identity) and azcli.c (Azure CLI).
 * Only chain.c builds them; they call down into credential.c and
 * entra.c, never up into the chain.
 */
#ifndef IRSCAN_AUTH_METHODS_H
#define IRSCAN_AUTH_METHODS_H

#include "auth/credential.h"

/*
 * Each constructor reads its variables from env; NULL with the reason
 * in why when it is not configured or cannot work (*absent is set when
 * simply not configured, so `auto` moves on quietly).  The chain then
 * fills in the http loop, authority, scope, resource and timeout.
 */
struct credential *cred_secret_new(const struct auth_env *env, struct buf *why, int *absent);
struct credential *cred_cert_new(const struct auth_env *env, struct buf *why, int *absent);
struct credential *cred_federated_new(const struct auth_env *env, struct buf *why,
				      int *absent);
/* explicit: --auth managed-identity, which also asks IMDS. */
struct credential *cred_mi_new(const struct auth_env *env, int explicit, struct buf *why,
			       int *absent);
struct credential *cred_cli_new(const struct auth_env *env, struct buf *why, int *absent);

/*
 * Parse `az account get-access-token --output json`: 0 with a malloc'ed
 * token and its lifetime, or -1 with one line in err (azcli.c).
 */
int cli_parse_token(const char *out, size_t len, char **token, double *life_s,
		    struct buf *err);

#endif
