/*
 * digest.h - SHA-256 (OpenSSL EVP) for evidence files and the manifest.
 */
#ifndef IRSCAN_DIGEST_H
#define IRSCAN_DIGEST_H

#include <stddef.h>

#include "util/buf.h"

#define SHA256_HEX_LEN 64

/* out: 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);
/* The raw 32-byte digest. */
void sha256_raw(const void *data, size_t len, unsigned char out[32]);
/* Append data in base64; url: the URL-safe alphabet without padding (JWT). */
void base64_add(struct buf *out, const void *data, size_t len, int url);

#endif
