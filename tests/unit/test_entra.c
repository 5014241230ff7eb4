/*
 * test_entra.c - unit tests of auth/entra.c.
 */
#include "t.h"
#include "auth/entra.h"
#include "util/buf.h"

#include <stdlib.h>

void test_entra__token_answers(void)
{
	static const struct {
		long status;
		const char *body;
		int ok;
		const char *err_part;
	} cases[] = {
		{ 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"tok\"}", 1, NULL },
		{ 200, "{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"access_token\":\"tok\"}", 1, NULL },
		{ 200, "{\"token_type\":\"Bearer\",\"access_token\":\"tok\"}", 0, "expires_in" },
		{ 200, "{\"token_type\":\"pop\",\"expires_in\":1,\"access_token\":\"tok\"}", 0, "token_type" },
		{ 200, "{\"expires_in\":1}", 0, "no access_token" },
		{ 200, "<html>", 0, "not JSON" },
		{ 401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: 1\\r\\nCorrelation ID: 2\"}",
		  0, "HTTP 401 invalid_client: AADSTS7000215: Invalid client secret provided." },
		{ 400, "", 0, "empty body" },
		/* What the server says stays on one line (fuzz corpus entra_token). */
		{ 400, "{\"error\":\"invalid_request\\nsecond\"}", 0, "HTTP 400 invalid_request\\nsecond" },
		{ 200, "{\"token_type\":\"x\\u001b[2J\",\"expires_in\":1,\"access_token\":\"tok\"}", 0,
		  "token_type 'x\\x1b[2J'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf err = BUF_INIT;
		char *tok = NULL;
		double exp = 0;
		int rc = entra_parse_token(cases[i].status, cases[i].body,
					   strlen(cases[i].body), &tok, &exp, &err);

		T_EQ_INT(cases[i].body, cases[i].ok ? 0 : -1, rc);
		if (cases[i].ok) {
			T_EQ_STR("token", "tok", tok);
		} else {
			T_CONTAINS(cases[i].body, err.buf, cases[i].err_part);
			T_ASSERT(!strstr(err.buf, "Trace ID"));
		}
		free(tok);
		buf_release(&err);
	}
}
