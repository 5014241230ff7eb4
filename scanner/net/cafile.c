/*
 * cafile.c - checking a CA bundle up front, see cafile.h.
 */
#include "net/cafile.h"
#include "util/xmalloc.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

int cafile_check(const char *path, struct buf *err)
{
	X509_STORE *store = X509_STORE_new();
	unsigned long e;
	char text[256];
	int ok;

	if (!store)
		die("out of memory (X509_STORE_new)");
	/*
	 * What SSL_CTX_load_verify_locations() does for CURLOPT_CAINFO: every
	 * PEM certificate (and CRL) of the file, failing when a block is
	 * corrupt or there is none at all.
	 */
	ok = X509_STORE_load_file(store, path) == 1;
	X509_STORE_free(store);
	if (ok) {
		ERR_clear_error();
		return 0;
	}
	buf_addf(err, "'%s' holds no PEM certificate that OpenSSL can load", path);
	e = ERR_peek_last_error();
	if (e) {
		ERR_error_string_n(e, text, sizeof(text));
		buf_addf(err, " (%s)", text);
	}
	ERR_clear_error();
	return -1;
}
