/*
 * test_redact.c - unit tests of util/redact.c.
 */
#include "t.h"
#include "util/redact.h"
#include "util/buf.h"

#include <stdlib.h>

void test_redact__urls_and_secrets(void)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "https://h/p?api-version=1", "https://h/p?api-version=1" },
		{ "https://prod.logic.azure.com/wf/x/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers&sv=1.0&sig=abcDEF123",
		  "https://prod.logic.azure.com/wf/x/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers&sv=1.0&sig=REDACTED" },
		{ "https://h/cb?code=secretcode&x=1", "https://h/cb?code=REDACTED&x=1" },
		{ "https://h/p?CLIENT_SECRET=s#frag", "https://h/p?CLIENT_SECRET=REDACTED" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		redact_url(&b, cases[i].in);
		T_EQ_STR(cases[i].in, cases[i].out, b.buf);
	}
	redact_register("hunter2-super-secret");
	buf_reset(&b);
	buf_add(&b, "echo: hunter2-super-secret and hunter2-super-secret.");
	redact_secrets(&b);
	T_EQ_STR("registered secret blanked", "echo: *** and ***.", b.buf);
	redact_forget_all();
	buf_release(&b);
}

void test_redact__response_bodies(void)
{
	static const struct {
		const char *in;
		const char *out;
		size_t count;
	} cases[] = {
		/* A Logic App action: the callback URL's sig, & escaped or not. */
		{ "{\"actionType\":\"LogicApp\",\"uri\":\"https://prod-1.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-10-01\\u0026sp=%2Ftriggers%2Fmanual%2Frun\\u0026sv=1.0\\u0026sig=s3cr3tSig\"}",
		  "{\"actionType\":\"LogicApp\",\"uri\":\"https://prod-1.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-10-01\\u0026sp=%2Ftriggers%2Fmanual%2Frun\\u0026sv=1.0\\u0026sig=REDACTED\"}", 1 },
		{ "{\"uri\": \"https://h/x?sig=abc&code=def#f\"}", "{\"uri\": \"https://h/x?sig=REDACTED&code=REDACTED#f\"}", 2 },
		/* Secret member names, any case, whitespace around the colon. */
		{ "{\"connectionString\" : \"Endpoint=sb://n.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=AbC=\", \"primaryKey\":\"pk\", \"keyName\":\"visible\"}",
		  "{\"connectionString\" : \"REDACTED\", \"primaryKey\":\"REDACTED\", \"keyName\":\"visible\"}", 2 },
		/* A connection string under another name. */
		{ "[\"Endpoint=sb://n/;SharedAccessKeyName=k;SharedAccessKey=xyz\", \"AccountKey=abc\"]",
		  "[\"Endpoint=sb://n/;SharedAccessKeyName=k;SharedAccessKey=REDACTED\", \"AccountKey=REDACTED\"]", 2 },
		/* Nothing to do: unchanged, and a secret-named object is left alone. */
		{ "{\"password\":{\"type\":\"SecureString\"},\"name\":\"sig=not a url\"}",
		  "{\"password\":{\"type\":\"SecureString\"},\"name\":\"sig=not a url\"}", 0 },
		/* Already redacted: idempotent. */
		{ "{\"secret\":\"REDACTED\",\"u\":\"https://h/?sig=REDACTED\"}",
		  "{\"secret\":\"REDACTED\",\"u\":\"https://h/?sig=REDACTED\"}", 0 },
		/* Escaped quotes inside strings; a truncated body. */
		{ "{\"a\":\"x\\\"?sig=1\",\"clientSecret\":\"q", "{\"a\":\"x\\\"?sig=REDACTED\",\"clientSecret\":\"REDACTED", 2 },
		{ "<html>?code=abc</html>", "<html>?code=REDACTED</html>", 1 },
		/* Blanks as cJSON reads them (any byte up to ' '): a key hides
		 * behind none, and a JSON body stays JSON (fuzz corpus redact_body). */
		{ "\x01{\"password\"\x1f:\"p\",\"b\":\"AccountKey=k;x\"}",
		  "\x01{\"password\"\x1f:\"REDACTED\",\"b\":\"AccountKey=REDACTED;x\"}", 2 },
		{ "\"s;Password=p\"", "\"s;Password=REDACTED\"", 1 },
	};
	struct buf b = BUF_INIT;
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		buf_add(&b, cases[i].in);
		n = redact_body(&b);
		T_EQ_STR(cases[i].in, cases[i].out, b.buf);
		T_EQ_INT(cases[i].in, (long)cases[i].count, (long)n);
	}
	buf_release(&b);
}
