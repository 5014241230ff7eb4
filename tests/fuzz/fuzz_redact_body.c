/*
 * fuzz_redact_body.c - redaction of a response body before it is parsed
 * or kept (http.c).  What it must keep: a body that was JSON stays JSON
 * (the checks parse the redacted text), and redacting again changes
 * nothing (an offline scan re-reads the kept, redacted body and must see
 * the same bytes as the live scan did).
 */
#include "fuzz.h"
#include "util/json.h"
#include "util/redact.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf body = BUF_INIT, again = BUF_INIT;
	cJSON *before = json_parse((const char *)data, size), *after;
	size_t count;

	buf_addn(&body, data, size);
	count = redact_body(&body);
	FUZZ_CHECK(count || (body.len == size && !memcmp(body.buf, data, size)),
		   "nothing redacted, yet the body changed");
	FUZZ_CHECK(body.len == strlen(body.buf) || memchr(data, 0, size),
		   "a NUL appeared");
	if (before) {
		after = json_parse(body.buf, body.len);
		FUZZ_CHECK(after, "JSON no longer parses after redacting %zu values: %.*s",
			   count, (int)(body.len > 2000 ? 2000 : body.len), body.buf);
		cJSON_Delete(after);
	}
	buf_addn(&again, body.buf, body.len);
	count = redact_body(&again);
	FUZZ_CHECK(!count && again.len == body.len && !memcmp(again.buf, body.buf, body.len),
		   "a second pass redacted %zu more values", count);
	cJSON_Delete(before);
	buf_release(&body);
	buf_release(&again);
	return 0;
}
