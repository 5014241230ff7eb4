/*
 * sign.c - Ed25519 / RSA-PSS detached signatures, see sign.h.
 */
#include "util/sign.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

/* Never prompt for a passphrase: an encrypted key is refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static void add_openssl_reason(struct buf *err)
{
	unsigned long e = ERR_peek_last_error();
	char text[256];

	if (e) {
		ERR_error_string_n(e, text, sizeof(text));
		buf_addf(err, " (%s)", text);
	}
	ERR_clear_error();
}

/* Set up ctx for pkey: Ed25519 signs the message itself, RSA uses PSS. */
static int init_ctx(EVP_MD_CTX *ctx, EVP_PKEY *pkey, int signing, struct buf *err)
{
	EVP_PKEY_CTX *pctx = NULL;
	int type = EVP_PKEY_get_base_id(pkey);
	int ok;

	if (type == EVP_PKEY_ED25519) {
		ok = signing ? EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey)
			     : EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey);
		return ok == 1 ? 0 : -1;
	}
	if (type != EVP_PKEY_RSA && type != EVP_PKEY_RSA_PSS) {
		buf_add(err, "the key is neither Ed25519 nor RSA");
		return -1;
	}
	ok = signing ? EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, pkey)
		     : EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), NULL, pkey);
	if (ok != 1 || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, signing ? RSA_PSS_SALTLEN_DIGEST
					     : RSA_PSS_SALTLEN_AUTO) != 1) {
		buf_add(err, "RSA-PSS could not be set up");
		add_openssl_reason(err);
		return -1;
	}
	return 0;
}

int sign_with_key(EVP_PKEY *pkey, const void *data, size_t len, struct buf *sig,
		  struct buf *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *out = NULL;
	size_t n = 0;
	int rc = -1;

	if (!ctx || init_ctx(ctx, pkey, 1, err))
		goto done;
	if (EVP_DigestSign(ctx, NULL, &n, data, len) != 1 ||
	    !(out = OPENSSL_malloc(n)) ||
	    EVP_DigestSign(ctx, out, &n, data, len) != 1) {
		buf_add(err, "signing failed");
		add_openssl_reason(err);
		goto done;
	}
	buf_addn(sig, out, n);
	rc = 0;
done:
	OPENSSL_free(out);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int sign_data(const char *key_path, const void *data, size_t len,
	      struct buf *sig, struct buf *err)
{
	BIO *bio = BIO_new_file(key_path, "r");
	EVP_PKEY *pkey = NULL;
	int rc = -1;

	if (!bio) {
		buf_addf(err, "cannot open the signing key %s", key_path);
		return -1;
	}
	pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	if (!pkey) {
		buf_addf(err, "%s is not an unencrypted PEM private key", key_path);
		add_openssl_reason(err);
	} else {
		rc = sign_with_key(pkey, data, len, sig, err);
	}
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	return rc;
}

/* A public key from PEM: a PUBLIC KEY block, or a certificate's key. */
static EVP_PKEY *read_public(const char *path, struct buf *err)
{
	BIO *bio = BIO_new_file(path, "r");
	EVP_PKEY *pkey = NULL;
	X509 *cert;

	if (!bio) {
		buf_addf(err, "cannot open the public key %s", path);
		return NULL;
	}
	pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	if (!pkey && BIO_reset(bio) == 0 &&
	    (cert = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL))) {
		pkey = X509_get_pubkey(cert);
		X509_free(cert);
	}
	BIO_free(bio);
	ERR_clear_error();
	if (!pkey)
		buf_addf(err, "%s holds no PEM public key or certificate", path);
	return pkey;
}

int sign_verify(const char *pub_path, const void *data, size_t len,
		const void *sig, size_t sig_len, struct buf *err)
{
	EVP_PKEY *pkey = read_public(pub_path, err);
	EVP_MD_CTX *ctx = NULL;
	int rc = -1;

	if (!pkey)
		return -1;
	ctx = EVP_MD_CTX_new();
	if (ctx && !init_ctx(ctx, pkey, 0, err))
		rc = EVP_DigestVerify(ctx, sig, sig_len, data, len) == 1 ? 0 : 1;
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return rc;
}
