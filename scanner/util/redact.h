/*
 * redact.h - keep secrets out of anything irscan prints or writes.
 *
 * Two layers: known-sensitive URL query parameters (Logic App callback
 * `sig`/`code`, OAuth parameters) are replaced by "REDACTED" wherever a
 * URL is shown, and every secret irscan itself holds (client secret,
 * access tokens) is registered here so that the message writer can blank
 * it out even if some server echoes it back in an error body.
 */
#ifndef IRSCAN_REDACT_H
#define IRSCAN_REDACT_H

#include "util/buf.h"

/* Append url with the values of sensitive query parameters replaced. */
void redact_url(struct buf *out, const char *url);
/* Is this query parameter name one whose value must never be shown? */
int redact_param_is_secret(const char *name, size_t len);
/*
 * Remember a secret value (copied) so redact_secrets() can blank it.
 * Values shorter than 6 bytes are ignored: they would blank ordinary words.
 */
void redact_register(const char *secret);
/* Replace every registered secret in b by "***". */
void redact_secrets(struct buf *b);
/*
 * Overwrite memory that held a secret (OPENSSL_cleanse: not optimised
 * away like a memset before free).  redact_free_str wipes and frees a
 * NUL-terminated string; both accept NULL.
 */
void redact_wipe(void *p, size_t n);
void redact_free_str(char *s);
/*
 * Redact a response body in place (redact_body.c): string values of
 * members named like secrets (connectionString, primaryKey, password,
 * ...), sensitive URL query values (sig=, code=, ... also after an
 * escaped \u0026) and connection-string keys (SharedAccessKey=, ...)
 * become "REDACTED"; every other byte is kept.  Returns how many values
 * were redacted.
 */
size_t redact_body(struct buf *body);
/* Forget all registered secrets (wiping the copies). */
void redact_forget_all(void);

#endif
