/*
 * digest.h - SHA-256 (OpenSSL EVP) for evidence files and the manifest.
 */
#ifndef IRSCAN_DIGEST_H
#define IRSCAN_DIGEST_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* out: 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

#endif
