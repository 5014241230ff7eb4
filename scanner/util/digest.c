/*
 * digest.c - SHA-256 through OpenSSL's EVP interface.
 */
#include "util/digest.h"
#include "util/xmalloc.h"

#include <openssl/evp.h>

void sha256_raw(const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 0;

	if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) || n != 32)
		die("SHA-256 failed (OpenSSL)");
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int i, n = 32;

	sha256_raw(data, len, md);
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

void base64_add(struct buf *out, const void *data, size_t len, int url)
{
	static const char std[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char safe[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *a = url ? safe : std;
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];

		buf_addch(out, a[v >> 18 & 63]);
		buf_addch(out, a[v >> 12 & 63]);
		buf_addch(out, a[v >> 6 & 63]);
		buf_addch(out, a[v & 63]);
	}
	if (i < len) {
		unsigned long v = (unsigned long)p[i] << 16 | (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0);

		buf_addch(out, a[v >> 18 & 63]);
		buf_addch(out, a[v >> 12 & 63]);
		if (i + 1 < len)
			buf_addch(out, a[v >> 6 & 63]);
		else if (!url)
			buf_addch(out, '=');
		if (!url)
			buf_addch(out, '=');
	}
}
