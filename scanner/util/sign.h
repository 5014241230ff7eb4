/*
 * sign.h - detached signatures of the evidence manifest (OpenSSL EVP).
 *
 * Ed25519 keys sign the bytes themselves; RSA keys sign with RSA-PSS over
 * SHA-256 (salt as long as the digest).  The signature file holds the raw
 * signature, so it can also be checked without irscan:
 *   Ed25519: openssl pkeyutl -verify -pubin -inkey pub.pem -rawin
 *            -in manifest.json -sigfile manifest.json.sig
 *   RSA:     openssl dgst -sha256 -sigopt rsa_padding_mode:pss
 *            -sigopt rsa_pss_saltlen:-1 -verify pub.pem
 *            -signature manifest.json.sig manifest.json
 */
#ifndef IRSCAN_SIGN_H
#define IRSCAN_SIGN_H

#include <openssl/evp.h>
#include <stddef.h>

#include "util/buf.h"

/*
 * Sign data with the private key in PEM file key_path (unencrypted).
 * 0 with the signature in sig, or -1 with the reason in err.
 */
int sign_data(const char *key_path, const void *data, size_t len,
	      struct buf *sig, struct buf *err);
/* The same with a loaded key (the certificate credential's JWTs: an
 * RSA key gives PS256). */
int sign_with_key(EVP_PKEY *pkey, const void *data, size_t len, struct buf *sig,
		  struct buf *err);
/*
 * Check sig over data with the public key (or certificate) in PEM file
 * pub_path: 0 valid, 1 not a valid signature by that key, -1 the key
 * could not be used (reason in err).
 */
int sign_verify(const char *pub_path, const void *data, size_t len,
		const void *sig, size_t sig_len, struct buf *err);

#endif
