/*
 * chain.h - sign in: which credential, in which order (SPEC §4: --auth,
 * or the `auto` chain).  The top of the auth layer: it builds the
 * credentials of methods.h and gets a first token through credential.h;
 * none of them calls back into it.  What a credential is, and how its
 * token is used and refreshed, is credential.h.
 */
#ifndef IRSCAN_AUTH_CHAIN_H
#define IRSCAN_AUTH_CHAIN_H

#include "auth/credential.h"
#include "auth/env.h"
#include "model/config.h"
#include "net/http.h"
#include "util/buf.h"

/*
 * Build the credential --auth selects from env (auth_env_read) and get
 * a first token (running the http loop).  With `auto`, each credential
 * of the chain is tried in turn and the first that gets a token is
 * kept.  NULL with the reason in err: one line, or with auto one line
 * per credential ("  certificate: ...").  Free with cred_free().
 */
struct credential *auth_sign_in(const struct config *cfg, const struct auth_env *env,
				struct http *h, struct buf *err);

#endif
