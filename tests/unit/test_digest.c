/*
 * test_digest.c - unit tests of util/digest.c.
 */
#include "t.h"
#include "util/digest.h"
#include "util/buf.h"

#include <stdlib.h>

void test_digest__base64_and_sha256(void)
{
	static const struct {
		const char *in, *std, *url;
	} cases[] = {
		{ "", "", "" }, { "f", "Zg==", "Zg" }, { "fo", "Zm8=", "Zm8" },
		{ "foo", "Zm9v", "Zm9v" }, { "foob", "Zm9vYg==", "Zm9vYg" },
		{ "fooba", "Zm9vYmE=", "Zm9vYmE" }, { "foobar", "Zm9vYmFy", "Zm9vYmFy" },
		{ "\xfb\xff\xbf", "+/+/", "-_-_" },
	};
	struct buf b = BUF_INIT;
	char hex[SHA256_HEX_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		base64_add(&b, cases[i].in, strlen(cases[i].in), 0);
		T_EQ_STR(cases[i].in, cases[i].std, b.buf);
		buf_reset(&b);
		base64_add(&b, cases[i].in, strlen(cases[i].in), 1);
		T_EQ_STR(cases[i].in, cases[i].url, b.buf);
	}
	sha256_hex("abc", 3, hex);
	T_EQ_STR("SHA-256 of abc",
		 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex);
	buf_release(&b);
}
