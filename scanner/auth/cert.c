/*
 * cert.c - service principal with a certificate
 * (AZURE_CLIENT_CERTIFICATE_PATH: PEM with the key, or PKCS#12 with
 * AZURE_CLIENT_CERTIFICATE_PASSWORD).
 *
 * Each token request carries a fresh client assertion (azure-arm/README.md
 * §9.2): a JWT signed PS256 (RSA-PSS, SHA-256) with header x5t#S256 (the
 * SHA-256 of the certificate) and, with AZURE_CLIENT_SEND_CERTIFICATE_CHAIN,
 * x5c (the chain, for subject name / issuer authentication); claims aud =
 * the token endpoint, iss = sub = the client id, a random jti, nbf/iat =
 * now, exp ten minutes later.  The key stays in memory for refreshes.
 */
#include "auth/entra.h"
#include "auth/methods.h"
#include "util/digest.h"
#include "util/fileio.h"
#include "util/jstream.h"
#include "util/redact.h"
#include "util/sign.h"
#include "util/xmalloc.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Certificate files are small; refuse anything that is not. */
#define CERT_FILE_MAX (1024 * 1024)
/* Lifetime of one assertion (Entra's documentation suggests 5-10 min). */
#define ASSERTION_LIFETIME_S 600

struct cert_impl {
	EVP_PKEY *key;
	char *x5t_s256;		/* base64url SHA-256 of the leaf's DER */
	struct strvec x5c;	/* base64 DER, leaf first; empty: not sent */
};

static void cert_free(void *impl)
{
	struct cert_impl *ci = impl;

	if (!ci)
		return;
	EVP_PKEY_free(ci->key);
	free(ci->x5t_s256);
	strvec_clear(&ci->x5c);
	free(ci);
}

static void add_b64url_json(struct buf *out, const cJSON *o)
{
	char *text = cJSON_PrintUnformatted(o);

	if (!text)
		die("out of memory (cJSON)");
	base64_add(out, text, strlen(text), 1);
	cJSON_free(text);
}

/* A random (version 4) UUID for jti. */
static void add_uuid(struct buf *out)
{
	unsigned char r[16];

	if (RAND_bytes(r, sizeof(r)) != 1)
		die("no random bytes (OpenSSL RAND_bytes)");
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	buf_addf(out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
		 r[11], r[12], r[13], r[14], r[15]);
}

/* The signed JWT for one token request; -1 with err. */
static int make_assertion(struct credential *c, struct buf *jwt, struct buf *err)
{
	struct cert_impl *ci = c->impl;
	struct buf aud = BUF_INIT, jti = BUF_INIT, sig = BUF_INIT;
	cJSON *h = js_must(cJSON_CreateObject()), *p = js_must(cJSON_CreateObject());
	double now = (double)time(NULL);
	size_t i;
	int rc;

	js_add_str(h, "alg", "PS256");
	js_add_str(h, "typ", "JWT");
	js_add_str(h, "x5t#S256", ci->x5t_s256);
	if (ci->x5c.n) {
		cJSON *chain = js_must(cJSON_CreateArray());

		for (i = 0; i < ci->x5c.n; i++)
			js_push(chain, js_str(ci->x5c.v[i]));
		js_add(h, "x5c", chain);
	}
	buf_addf(&aud, "%s/%s/oauth2/v2.0/token", c->authority, c->tenant_id);
	add_uuid(&jti);
	js_add_str(p, "aud", aud.buf);
	js_add_str(p, "iss", c->client_id);
	js_add_str(p, "sub", c->client_id);
	js_add_str(p, "jti", jti.buf);
	js_add(p, "nbf", js_must(cJSON_CreateNumber(now)));
	js_add(p, "iat", js_must(cJSON_CreateNumber(now)));
	js_add(p, "exp", js_must(cJSON_CreateNumber(now + ASSERTION_LIFETIME_S)));
	add_b64url_json(jwt, h);
	buf_addch(jwt, '.');
	add_b64url_json(jwt, p);
	rc = sign_with_key(ci->key, jwt->buf, jwt->len, &sig, err);
	if (!rc) {
		buf_addch(jwt, '.');
		base64_add(jwt, sig.buf, sig.len, 1);
	}
	cJSON_Delete(h);
	cJSON_Delete(p);
	buf_release(&aud);
	buf_release(&jti);
	buf_release(&sig);
	return rc;
}

static void cert_request(struct credential *c)
{
	struct buf jwt = BUF_INIT, form = BUF_INIT, err = BUF_INIT;

	if (make_assertion(c, &jwt, &err)) {
		cred_token_failed(c, err.buf);
	} else {
		buf_add(&form, "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3A"
			"client-assertion-type%3Ajwt-bearer&client_assertion=");
		buf_add_urlencoded(&form, jwt.buf);
		entra_request(c, form.buf);
	}
	redact_wipe(jwt.buf, jwt.len);
	redact_wipe(form.buf, form.len);
	buf_release(&jwt);
	buf_release(&form);
	buf_release(&err);
}

static const struct credential_ops cert_ops = {
	.name = "certificate",
	.request = cert_request,
	.free_impl = cert_free,
};

/* A password callback: the PEM key's passphrase from the environment. */
static int pem_password(char *buf, int size, int rwflag, void *u)
{
	const char *pw = u;
	int n;

	(void)rwflag;
	if (!pw)
		return -1;
	n = (int)strlen(pw);
	if (n > size)
		return -1;
	memcpy(buf, pw, (size_t)n);
	return n;
}

static int is_pem(const struct buf *file)
{
	size_t i;

	for (i = 0; i + 10 <= file->len; i++)
		if (!memcmp(file->buf + i, "-----BEGIN", 10))
			return 1;
	return 0;
}

/* Key and certificates from a PEM file, or a PKCS#12 one. */
static int load(const struct buf *file, const char *password, EVP_PKEY **key,
		STACK_OF(X509) *certs, struct buf *why)
{
	BIO *bio = BIO_new_mem_buf(file->buf, (int)file->len);
	X509 *x;

	if (!bio)
		die("out of memory (BIO)");
	if (is_pem(file)) {
		while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)))
			sk_X509_push(certs, x);
		ERR_clear_error();
		BIO_free(bio);
		bio = BIO_new_mem_buf(file->buf, (int)file->len);
		*key = PEM_read_bio_PrivateKey(bio, NULL, pem_password, (void *)password);
	} else {
		PKCS12 *p12 = d2i_PKCS12_bio(bio, NULL);
		STACK_OF(X509) *ca = NULL;

		x = NULL;
		if (!p12 || !PKCS12_parse(p12, password ? password : "", key, &x, &ca)) {
			buf_add(why, "is neither a PEM file nor a PKCS#12 file it can "
				"open (wrong AZURE_CLIENT_CERTIFICATE_PASSWORD?)");
			PKCS12_free(p12);
			BIO_free(bio);
			ERR_clear_error();
			return -1;
		}
		if (x)
			sk_X509_push(certs, x);
		while (ca && sk_X509_num(ca))
			sk_X509_push(certs, sk_X509_shift(ca));
		sk_X509_free(ca);
		PKCS12_free(p12);
	}
	BIO_free(bio);
	ERR_clear_error();
	if (!*key) {
		buf_add(why, "holds no private key it can read (encrypted without "
			"AZURE_CLIENT_CERTIFICATE_PASSWORD?)");
		return -1;
	}
	if (!sk_X509_num(certs)) {
		buf_add(why, "holds no certificate");
		return -1;
	}
	return 0;
}

static void add_der(struct strvec *v, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	struct buf b = BUF_INIT;

	if (n <= 0)
		die("cannot encode a certificate (OpenSSL)");
	base64_add(&b, der, (size_t)n, 0);
	strvec_push_owned(v, buf_detach(&b, NULL));
	OPENSSL_free(der);
}

static int truthy(const char *s)
{
	return s && (!strcasecmp(s, "true") || !strcmp(s, "1"));
}

struct credential *cred_cert_new(const struct auth_env *env, struct buf *why, int *absent)
{
	const char *path = env->cert_path;
	const char *password = env->cert_password;
	struct credential *c = xcalloc(1, sizeof(*c));
	struct cert_impl *ci = xcalloc(1, sizeof(*ci));
	STACK_OF(X509) *certs = sk_X509_new_null();
	struct buf file = BUF_INIT, b = BUF_INIT;
	X509 *leaf = NULL;
	unsigned char *der = NULL, md[32];
	int i, n;

	c->ops = &cert_ops;
	c->impl = ci;
	strvec_init(&ci->x5c);
	if (!certs)
		die("out of memory (OpenSSL)");
	if (password && *password)
		redact_register(password);
	if (!path || !*path || cred_app_ids(c, env, why, absent)) {
		if (!path || !*path || *absent) {
			*absent = 1;
			buf_reset(why);
			buf_add(why, "set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
				"AZURE_CLIENT_CERTIFICATE_PATH");
		}
		goto fail;
	}
	if (file_read(path, CERT_FILE_MAX, &file, why))
		goto fail;
	buf_addf(why, "AZURE_CLIENT_CERTIFICATE_PATH '%s' ", path);
	if (load(&file, password, &ci->key, certs, why))
		goto fail;
	if (EVP_PKEY_get_base_id(ci->key) != EVP_PKEY_RSA) {
		buf_add(why, "has a key that is not RSA (Entra ID certificate "
			"credentials are signed PS256)");
		goto fail;
	}
	/* The leaf is the certificate of this key; the others are its chain. */
	for (i = 0; i < sk_X509_num(certs) && !leaf; i++)
		if (X509_check_private_key(sk_X509_value(certs, i), ci->key))
			leaf = sk_X509_value(certs, i);
	ERR_clear_error();
	if (!leaf) {
		buf_add(why, "holds no certificate that matches its private key");
		goto fail;
	}
	buf_reset(why);
	n = i2d_X509(leaf, &der);
	if (n <= 0)
		die("cannot encode a certificate (OpenSSL)");
	sha256_raw(der, (size_t)n, md);
	OPENSSL_free(der);
	base64_add(&b, md, sizeof(md), 1);
	ci->x5t_s256 = buf_detach(&b, NULL);
	if (truthy(env->send_cert_chain)) {
		add_der(&ci->x5c, leaf);
		for (i = 0; i < sk_X509_num(certs); i++)
			if (sk_X509_value(certs, i) != leaf)
				add_der(&ci->x5c, sk_X509_value(certs, i));
	}
	sk_X509_pop_free(certs, X509_free);
	redact_wipe(file.buf, file.len);
	buf_release(&file);
	return c;
fail:
	sk_X509_pop_free(certs, X509_free);
	redact_wipe(file.buf, file.len);
	buf_release(&file);
	cred_free(c);
	return NULL;
}
