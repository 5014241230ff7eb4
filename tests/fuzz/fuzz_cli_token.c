/*
 * fuzz_cli_token.c - the output of `az account get-access-token --output
 * json` (accessToken, expires_on or the older local-time expiresOn).
 */
#include "fuzz.h"
#include "auth/methods.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	char *token = (char *)1;
	double life = -1;

	if (!cli_parse_token((const char *)data, size, &token, &life, &err)) {
		FUZZ_CHECK(token && *token, "success without a token");
		FUZZ_CHECK(life > 0 && life <= 7 * 86400, "lifetime %f", life);
	} else {
		FUZZ_CHECK(!token, "failure with a token");
		FUZZ_CHECK(err.len && !strpbrk(err.buf, "\r\n"), "reason '%s'", err.buf);
	}
	free(token);
	buf_release(&err);
	return 0;
}
