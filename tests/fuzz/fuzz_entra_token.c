/*
 * fuzz_entra_token.c - a token endpoint's answer (Entra ID, and the
 * managed identity endpoints that share its parser) with a 200 and with
 * an error status.  A token comes back only with a usable lifetime; a
 * failure is one line that never holds the token.
 */
#include "fuzz.h"
#include "auth/entra.h"

#include <stdlib.h>
#include <string.h>

static const long statuses[] = { 200, 400, 401, 500 };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		struct buf err = BUF_INIT;
		char *token = (char *)1;
		double life = -1;
		int rc = entra_parse_token(statuses[i], (const char *)data, size, &token,
					   &life, &err);

		if (!rc) {
			FUZZ_CHECK(statuses[i] == 200, "a token from HTTP %ld", statuses[i]);
			FUZZ_CHECK(token && *token, "success without a token");
			FUZZ_CHECK(life > 0 && life <= 7 * 86400, "lifetime %f", life);
			FUZZ_CHECK(!err.len, "success with an error '%s'", err.buf);
		} else {
			FUZZ_CHECK(!token, "failure with a token");
			FUZZ_CHECK(err.len, "failure without a reason");
			FUZZ_CHECK(!strpbrk(err.buf, "\r\n") && strlen(err.buf) == err.len,
				   "the reason is not one line: '%s'", err.buf);
		}
		free(token);
		buf_release(&err);
	}
	return 0;
}
