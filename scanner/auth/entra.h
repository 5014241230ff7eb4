/*
 * entra.h - the Entra ID v2.0 token endpoint, shared by the app
 * credentials (secret.c, cert.c, federated.c) and, for the shape of its
 * answer, by managed identity (mi.c).  Above credential.h, below them.
 */
#ifndef IRSCAN_AUTH_ENTRA_H
#define IRSCAN_AUTH_ENTRA_H

#include "auth/credential.h"

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

#endif
