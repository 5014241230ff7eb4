/*
 * test_core.c - the small shared pieces: buffers, redaction, retry
 * policy, URL checks, typed JSON reads, token and error body parsing.
 */
#include "model/resid.h"
#include "t.h"
#include "arm/arm.h"
#include "auth/entra.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/digest.h"
#include "util/json.h"
#include "net/proxy.h"
#include "util/redact.h"
#include "net/retry.h"
#include "util/strvec.h"
#include "net/url.h"
#include "cli.h"
#include "net/throttle.h"

#include <stdlib.h>

void test_buf__append_and_cap(void)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t n;

	T_EQ_STR("empty buffer", "", b.buf);
	buf_addf(&b, "%s-%d", "a", 42);
	buf_add(&b, "/x");
	T_EQ_STR("addf", "a-42/x", b.buf);
	T_EQ_INT("len", 6, b.len);
	buf_release(&b);

	buf_init(&b, 8);
	T_EQ_INT("within cap", 0, buf_addn_capped(&b, "12345678", 8));
	T_EQ_INT("over cap fails", -1, buf_addn_capped(&b, "9", 1));
	T_EQ_STR("unchanged after failure", "12345678", b.buf);
	s = buf_detach(&b, &n);
	T_EQ_INT("detached len", 8, n);
	T_EQ_STR("after detach", "", b.buf);
	free(s);

	buf_add(&b, "  \t trimmed \n");
	buf_trim(&b);
	T_EQ_STR("trim", "trimmed", b.buf);
	buf_release(&b);
}

void test_buf__repr_escapes_terminal_controls(void)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "evil\033[2Jname", "evil\\x1b[2Jname" },
		{ "line\nbreak\ttab", "line\\nbreak\\ttab" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },		/* valid UTF-8 kept */
		{ "bad\xff\xfe", "bad\\xff\\xfe" },		/* stray bytes escaped */
		{ "c1\xc2\x9b" "31m", "c1\\xc2\\x9b31m" },	/* C1 CSI escaped */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		buf_add_repr(&b, cases[i].in, strlen(cases[i].in));
		T_EQ_STR(cases[i].in, cases[i].out, b.buf);
		buf_release(&b);
	}
}

void test_buf__one_line(void)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "none configured:\n  secret: set X\n  cli: no az", "none configured: secret: set X; cli: no az" },
		{ "a\r\nb\n\n\tc\n", "a; b; c" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		buf_add(&b, "");
		buf_add_one_line(&b, cases[i].in);
		T_EQ_STR(cases[i].in, cases[i].out, b.buf);
		buf_release(&b);
	}
}

void test_buf__utf8_and_urlencode(void)
{
	struct buf b = BUF_INIT;

	buf_add_utf8(&b, "ok\xc3\xa9\xff!", 6);
	T_EQ_STR("invalid byte replaced", "ok\xc3\xa9\xef\xbf\xbd!", b.buf);
	buf_reset(&b);
	buf_add_urlencoded(&b, "a b&c=d/~_.-");
	T_EQ_STR("urlencode", "a%20b%26c%3Dd%2F~_.-", b.buf);
	buf_release(&b);
}

void test_buf__html_and_wrapped_ids(void)
{
	struct buf b = BUF_INIT;

	buf_add_html(&b, "<a href='x'>&\"/</a>\x01");
	T_EQ_STR("escaped", "&lt;a href=&#39;x&#39;&gt;&amp;&quot;/&lt;/a&gt;\xef\xbf\xbd", b.buf);
	buf_reset(&b);
	buf_add_html_wrap(&b, "/subscriptions/s/resourceGroups/<g>/");
	T_EQ_STR("a break after each '/' but the last",
		 "/<wbr>subscriptions/<wbr>s/<wbr>resourceGroups/<wbr>&lt;g&gt;/", b.buf);
	buf_reset(&b);
	buf_add_html_wrap(&b, "</td>");
	T_EQ_STR("markup in an id stays text", "&lt;/<wbr>td&gt;", b.buf);
	buf_release(&b);
}

void test_strvec__split(void)
{
	struct strvec sv = STRVEC_INIT;

	strvec_split(&sv, " a@x.com ; ;b@y.org;", ';');
	T_EQ_INT("items", 2, sv.n);
	T_EQ_STR("first", "a@x.com", sv.v[0]);
	T_EQ_STR("second", "b@y.org", sv.v[1]);
	T_ASSERT(sv.v[2] == NULL);
	T_EQ_INT("find_ci", 1, strvec_find_ci(&sv, "B@Y.ORG"));
	strvec_clear(&sv);
}

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

void test_retry__policy(void)
{
	static const struct {
		long status;
		int transient;
		unsigned attempt;
		long retry_after;
		long min_ms, max_ms;	/* -1, -1: no retry */
	} cases[] = {
		{ 429, 0, 0, 2, 2000, 2250 },
		{ 429, 0, 0, -1, 250, 500 },
		{ 503, 0, 1, -1, 500, 1000 },
		{ 500, 0, 3, -1, 2000, 4000 },
		{ 502, 0, 4, -1, 4000, 8000 },
		{ 504, 0, 0, 1, 1000, 1250 },
		{ 408, 0, 0, -1, 250, 500 },
		{ 0, 1, 0, -1, 250, 500 },	/* transient transport error */
		{ 0, 0, 0, -1, -1, -1 },	/* TLS failure: no retry */
		{ 400, 0, 0, -1, -1, -1 },
		{ 401, 0, 0, -1, -1, -1 },
		{ 403, 0, 0, -1, -1, -1 },
		{ 404, 0, 0, -1, -1, -1 },
		{ 409, 0, 0, -1, -1, -1 },
		{ 501, 0, 0, -1, -1, -1 },
		{ 503, 0, 5, -1, -1, -1 },	/* budget spent */
		{ 429, 0, 0, 301, -1, -1 },	/* Retry-After beyond the limit */
		{ 500, 0, 10, -1, -1, -1 },
	};
	size_t i;
	double j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (j = 0.0; j < 1.0; j += 0.33) {
			struct retry_input in = { cases[i].status, cases[i].transient,
						  cases[i].attempt, 5, cases[i].retry_after, j, 0 };
			long d = retry_delay_ms(&in);

			if (cases[i].min_ms < 0 ? d != -1 : d < cases[i].min_ms || d > cases[i].max_ms)
				T_FAIL("status %ld attempt %u retry-after %ld jitter %.2f: "
				       "got %ld ms, want %ld..%ld", cases[i].status,
				       cases[i].attempt, cases[i].retry_after, j, d,
				       cases[i].min_ms, cases[i].max_ms);
		}
	}
	/* The managed identity endpoint: 404 and 410 mean "updating". */
	{
		struct retry_input in = { 404, 0, 0, 5, -1, 0.5, 1 };

		T_ASSERT(retry_delay_ms(&in) > 0);
		in.status = 410;
		T_ASSERT(retry_delay_ms(&in) > 0);
		in.status = 400;
		T_EQ_INT("IMDS 400 is not retried", -1, retry_delay_ms(&in));
		in.status = 404;
		in.imds = 0;
		T_EQ_INT("ARM 404 is not retried", -1, retry_delay_ms(&in));
	}
}

/* Which refusals are "Azure asked for a longer wait than irscan gives". */
void test_retry__wait_refused(void)
{
	static const struct {
		long status;
		unsigned attempt;
		long retry_after;
		int refused;
	} cases[] = {
		{ 429, 0, 3600, 1 },
		{ 503, 0, 301, 1 },
		{ 429, 0, 300, 0 },	/* waited */
		{ 429, 0, -1, 0 },
		{ 429, 5, 3600, 0 },	/* budget spent: not because of the wait */
		{ 403, 0, 3600, 0 },	/* never retried anyway */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct retry_input in = { cases[i].status, 0, cases[i].attempt, 5,
					  cases[i].retry_after, 0.5, 0 };

		if (retry_wait_refused(&in) != cases[i].refused)
			T_FAIL("status %ld attempt %u retry-after %ld: refused %d, want %d",
			       cases[i].status, cases[i].attempt, cases[i].retry_after,
			       retry_wait_refused(&in), cases[i].refused);
	}
}

void test_url__endpoints(void)
{
	static const struct {
		const char *in;
		int allow_bare;
		const char *out;	/* NULL: refused */
	} cases[] = {
		{ "https://management.azure.com/", 0, "https://management.azure.com" },
		{ "http://127.0.0.1:8080", 0, "http://127.0.0.1:8080" },
		{ "http://localhost:1/", 0, "http://localhost:1" },
		{ "http://[::1]:9", 0, "http://[::1]:9" },
		{ "http://example.com", 0, NULL },
		{ "http://127.0.0.1.evil.com", 0, NULL },
		{ "ftp://127.0.0.1", 0, NULL },
		{ "https://user:pw@host", 0, NULL },
		{ "https://host/?x=1", 0, NULL },
		{ "login.microsoftonline.us", 1, "https://login.microsoftonline.us" },
		{ "login.microsoftonline.us", 0, NULL },
		{ "", 1, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf err = BUF_INIT;
		char *got = url_endpoint(cases[i].in, cases[i].allow_bare, &err);

		T_EQ_STR(cases[i].in, cases[i].out, got);
		if (!got)
			T_ASSERT(err.len > 0);
		free(got);
		buf_release(&err);
	}
	T_ASSERT(url_same_origin("https://a.b/x?y", "https://A.b:443/z"));
	T_ASSERT(!url_same_origin("https://a.b/x", "https://a.b.evil/x"));
	T_ASSERT(!url_same_origin("http://127.0.0.1:1/x", "http://127.0.0.1:2/x"));
	T_ASSERT(!url_same_origin("https://a.b/x", "http://a.b/x"));
	{
		char *v = url_query_param("https://h/p?x=1&api-version=2023-12-01-preview&z", "api-version");

		T_EQ_STR("query param", "2023-12-01-preview", v);
		free(v);
	}
}

void test_json__typed_reads(void)
{
	const char *text = "{\"s\":\"x\",\"b\":true,\"bs\":\"False\",\"n\":3599,"
			   "\"ns\":\"3600\",\"o\":{},\"a\":[],\"Code\":\"Pascal\"}";
	cJSON *root = json_parse(text, strlen(text));
	double d = 0;

	T_ASSERT(root != NULL);
	T_EQ_STR("string", "x", json_str(root, "s"));
	T_ASSERT(json_str(root, "b") == NULL);
	T_EQ_INT("bool", 1, json_bool(root, "b"));
	T_EQ_INT("bool as string", 0, json_bool(root, "bs"));
	T_EQ_INT("bool of a string", -1, json_bool(root, "s"));
	T_EQ_INT("num", 0, json_num(root, "n", &d));
	T_EQ_INT("num value", 3599, (long)d);
	T_EQ_INT("num as string", 0, json_num(root, "ns", &d));
	T_EQ_INT("num as string value", 3600, (long)d);
	T_EQ_INT("num of an object", -1, json_num(root, "o", &d));
	T_ASSERT(json_obj(root, "o") && !json_obj(root, "a"));
	T_ASSERT(json_arr(root, "a") && !json_arr(root, "o"));
	T_EQ_STR("case-insensitive key", "Pascal", json_str(root, "code"));
	cJSON_Delete(root);
	T_ASSERT(json_parse("{\"a\":1} trailing", 16) == NULL);
	T_ASSERT(json_parse("{\"a\":", 5) == NULL);
	T_ASSERT(json_parse("", 0) == NULL);
}

/* What cJSON lets through: each row's first problem, or NULL when clean. */
void test_json__strict(void)
{
	static const struct {
		const char *text;
		size_t len;	/* 0: strlen */
		const char *err;
	} rows[] = {
		{ "{\"w\":[{\"a\":1,\"b\":\"x\"}],\"v\":\"\\u0001\"}", 0, NULL },
		{ "{\"w\":[],\"w\":[1]}", 0, "field 'w' appears twice" },
		{ "{\"w\":[{\"a\":1},{\"a\":1,\"b\":2,\"a\":3}]}", 0, "w[1]: field 'a' appears twice" },
		{ "{\"w\":{\"x\":{\"k\":1,\"k\":2}}}", 0, "w.x: field 'k' appears twice" },
		/* The first repeat in document order, whatever the sort did. */
		{ "{\"z\":1,\"a\":1,\"z\":2,\"a\":2}", 0, "field 'z' appears twice" },
		{ "{\"K\":1,\"k\":2}", 0, NULL },
		{ "{\"w\":[{\"d\":\"d\\u0000x\"}]}", 0, "w[0]: field 'd' holds a NUL character" },
		{ "{\"w\":[\"ok\",\"a\\u0000\"]}", 0, "w[1] holds a NUL character" },
		{ "{\"d\\u0000x\":1}", 0, "field 'd' has a NUL character (\\u0000) in its name" },
		{ "{\"a\":\"\\\\u0000\"}", 0, NULL },
		{ "{\"a\":\"\\\\\\u0000\"}", 0, "field 'a' holds a NUL character" },
		{ "{\"a\":\"x\",\"b\":\"y\0z\"}", 19, "field 'b' holds a NUL character" },
		{ "{\"a\":1}\0", 8, "the document holds a NUL byte" },
		/* A name with a terminal escape is shown escaped. */
		{ "{\"\\u001b[31m\":1,\"\\u001b[31m\":2}", 0, "field '\\x1b[31m' appears twice" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		cJSON *root = json_parse(rows[i].text, len);
		struct buf err = BUF_INIT;
		int rc;

		if (!root) {
			T_FAIL("row %zu: not parsed: %s", i, rows[i].text);
			continue;
		}
		rc = json_check_strict(rows[i].text, len, root, &err);
		if (!rows[i].err && rc)
			T_FAIL("row %zu: %s: expected clean, got '%s'", i, rows[i].text, err.buf);
		else if (rows[i].err && (!rc || !strstr(err.buf, rows[i].err)))
			T_FAIL("row %zu: %s: expected '%s', got %d '%s'", i, rows[i].text,
			       rows[i].err, rc, err.buf);
		buf_release(&err);
		cJSON_Delete(root);
	}
}

void test_auth__token_answers(void)
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

void test_arm__error_bodies(void)
{
	static const struct {
		const char *body;
		const char *code, *message;
	} cases[] = {
		{ "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}", "AuthorizationFailed", "no" },
		{ "{\"Code\":\"Pascal\",\"Message\":\"case\"}", "Pascal", "case" },
		{ "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS\"}", "invalid_client", "AADSTS" },
		{ "{\"error\":{\"code\":7}}", NULL, NULL },
		/* A message without a code is kept (and not leaked: fuzz corpus). */
		{ "{\"message\":\"top level\"}", NULL, "top level" },
		{ "{\"message\":\"m\",\"error\":\"e\"}", "e", NULL },
		{ "not json", NULL, NULL },
		{ "", NULL, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *code, *message;

		arm_parse_error(cases[i].body, strlen(cases[i].body), &code, &message);
		T_EQ_STR(cases[i].body, cases[i].code, code);
		T_EQ_STR(cases[i].body, cases[i].message, message);
		free(code);
		free(message);
	}
	T_ASSERT(arm_is_version_error(400, "NoRegisteredProviderFound"));
	T_ASSERT(arm_is_version_error(400, "invalidapiversionparameter"));
	T_ASSERT(!arm_is_version_error(404, "NoRegisteredProviderFound"));
	T_ASSERT(!arm_is_version_error(400, "BadRequest"));
}

void test_clock__dates(void)
{
	struct buf b = BUF_INIT;
	time_t t;

	T_EQ_INT("valid", 0, clock_parse_date("2026-11-29", &t));
	clock_add_rfc3339(&b, t);
	T_EQ_STR("rfc3339", "2026-11-29T00:00:00Z", b.buf);
	T_EQ_INT("feb 30", -1, clock_parse_date("2026-02-30", &t));
	T_EQ_INT("garbage", -1, clock_parse_date("2026-1-1", &t));
	buf_release(&b);
}

void test_cli__option_table_sorted(void)
{
	/* cli.c looks options up with bsearch. */
	T_ASSERT(cli_table_sorted());
}

/* cli_parse of "irscan -s SUB [extra]" with the environment as it is. */
static int parse_scan(struct config *cfg, const char *extra1, const char *extra2)
{
	char *argv[] = { "irscan", "-s", "00000000-0000-4000-8000-000000000001",
			 (char *)extra1, (char *)extra2, NULL };
	int argc = 3 + !!extra1 + !!extra2;

	config_init(cfg);
	return cli_parse(argc, argv, cfg);
}

/* PEM CA files (fixtures/tls/README.md); tests run from the top directory. */
#define CA_ONE "fixtures/tls/ca-one.pem"
#define CA_TWO "fixtures/tls/ca-two.pem"

void test_cli__endpoint_environment(void)
{
	struct config cfg;

	unsetenv("IRSCAN_ARM_ENDPOINT");
	unsetenv("IRSCAN_CA_BUNDLE");
	T_EQ_INT("defaults", 0, parse_scan(&cfg, NULL, NULL));
	T_EQ_STR("the cloud's ARM", "https://management.azure.com", cfg.arm_endpoint);
	T_EQ_STR("no CA bundle", NULL, cfg.ca_bundle);
	config_release(&cfg);

	setenv("IRSCAN_ARM_ENDPOINT", "http://127.0.0.1:8080/", 1);
	setenv("IRSCAN_CA_BUNDLE", CA_ONE, 1);
	T_EQ_INT("from the environment", 0, parse_scan(&cfg, NULL, NULL));
	T_EQ_STR("IRSCAN_ARM_ENDPOINT", "http://127.0.0.1:8080", cfg.arm_endpoint);
	T_EQ_STR("IRSCAN_CA_BUNDLE", CA_ONE, cfg.ca_bundle);
	config_release(&cfg);

	T_EQ_INT("options win", 0, parse_scan(&cfg, "--arm-endpoint=https://arm.example.com",
					      "--ca-bundle=" CA_TWO));
	T_EQ_STR("--arm-endpoint wins", "https://arm.example.com", cfg.arm_endpoint);
	T_EQ_STR("--ca-bundle wins", CA_TWO, cfg.ca_bundle);
	config_release(&cfg);

	/* The option is not validated against the environment it replaces. */
	setenv("IRSCAN_ARM_ENDPOINT", "http://arm.example.com", 1);
	T_EQ_INT("a bad variable under the option", 0,
		 parse_scan(&cfg, "--arm-endpoint=https://arm.example.com", NULL));
	config_release(&cfg);
	T_EQ_INT("http:// only to loopback", -1, parse_scan(&cfg, NULL, NULL));
	config_release(&cfg);
	setenv("IRSCAN_ARM_ENDPOINT", "", 1);
	setenv("IRSCAN_CA_BUNDLE", "/nonexistent/ca.pem", 1);
	T_EQ_INT("unreadable IRSCAN_CA_BUNDLE", -1, parse_scan(&cfg, NULL, NULL));
	config_release(&cfg);
	T_EQ_INT("unread under --ca-bundle", 0, parse_scan(&cfg, "--ca-bundle=" CA_ONE, NULL));
	T_EQ_STR("empty variable: the cloud's", "https://management.azure.com", cfg.arm_endpoint);
	config_release(&cfg);
	/* A readable file that holds no certificate is refused up front. */
	setenv("IRSCAN_CA_BUNDLE", "/dev/null", 1);
	T_EQ_INT("IRSCAN_CA_BUNDLE without a certificate", -1, parse_scan(&cfg, NULL, NULL));
	config_release(&cfg);
	unsetenv("IRSCAN_CA_BUNDLE");
	T_EQ_INT("--ca-bundle without a certificate", -1,
		 parse_scan(&cfg, "--ca-bundle=fixtures/tls/README.md", NULL));
	config_release(&cfg);
	unsetenv("IRSCAN_ARM_ENDPOINT");
}

/* no_proxy as libcurl 7.88 matches it (lib/noproxy.c). */
void test_proxy__no_proxy_list(void)
{
	static const struct {
		const char *host, *list;
		int excluded;
	} cases[] = {
		{ "management.azure.com", "*", 1 },
		{ "management.azure.com", "azure.com", 1 },
		{ "management.azure.com", ".azure.com", 1 },
		{ "management.azure.com", "AZURE.COM.", 1 },
		{ "azure.com", "azure.com", 1 },
		{ "notazure.com", "azure.com", 0 },
		{ "management.azure.com", "example.com, login.azure.com", 0 },
		{ "management.azure.com.", "management.azure.com", 1 },
		{ "127.0.0.1", "127.0.0.1", 1 },
		{ "127.0.0.1", "127.0.0.0/8", 1 },
		{ "127.0.0.1", "10.0.0.0/8,127.0.0.2", 0 },
		{ "127.0.0.1", "0.0.1", 0 },		/* an address is not a domain */
		{ "10.1.2.3", "10.1.0.0/16", 1 },
		{ "10.2.2.3", "10.1.0.0/16", 0 },
		{ "[::1]", "::1", 1 },
		{ "[2001:db8::5]", "2001:db8::/32", 1 },
		{ "[2001:db9::5]", "2001:db8::/32", 0 },
		{ "localhost", "", 0 },
		{ "localhost", " , ,localhost", 1 },
		{ "localhost", "*.localhost", 0 },	/* only a lone * is a wildcard */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf what = BUF_INIT;

		buf_addf(&what, "%s in '%s'", cases[i].host, cases[i].list);
		T_EQ_INT(what.buf, cases[i].excluded,
			 proxy_host_excluded(cases[i].host, cases[i].list));
		buf_release(&what);
	}
}

/* Which variable names the proxy, and never its credentials. */
void test_proxy__describe(void)
{
	static const char *const vars[] = {
		"http_proxy", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY", "all_proxy",
		"ALL_PROXY", "no_proxy", "NO_PROXY",
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	T_EQ_INT("no proxy", 0, proxy_describe("https://management.azure.com/x", &b));
	setenv("HTTP_PROXY", "http://p:1", 1);
	T_EQ_INT("HTTP_PROXY is never used", 0, proxy_describe("http://127.0.0.1:8/x", &b));
	setenv("HTTPS_PROXY", "http://user:secret@proxy.corp:3128/", 1);
	T_EQ_INT("HTTPS_PROXY", 1, proxy_describe("https://management.azure.com/x", &b));
	T_EQ_STR("host:port and the variable", "proxy proxy.corp:3128 (HTTPS_PROXY)", b.buf);
	buf_reset(&b);
	setenv("https_proxy", "proxy.corp", 1);
	T_EQ_INT("https_proxy first", 1, proxy_describe("https://management.azure.com/x", &b));
	T_EQ_STR("libcurl's default port", "proxy proxy.corp:1080 (https_proxy)", b.buf);
	buf_reset(&b);
	setenv("https_proxy", "https://[fd00::1]", 1);
	T_EQ_INT("an HTTPS proxy", 1, proxy_describe("https://management.azure.com/x", &b));
	T_EQ_STR("port 443 by default", "proxy [fd00::1]:443 (https_proxy)", b.buf);
	buf_reset(&b);
	setenv("no_proxy", "azure.com", 1);
	setenv("NO_PROXY", "*", 1);
	T_EQ_INT("no_proxy first", 0, proxy_describe("https://management.azure.com/x", &b));
	T_EQ_INT("... and only it", 1, proxy_describe("https://login.example.com/x", &b));
	buf_reset(&b);
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	setenv("ALL_PROXY", "socks5h://u:p@10.0.0.1:1085", 1);
	T_EQ_INT("ALL_PROXY", 1, proxy_describe("https://management.azure.com/x", &b));
	T_EQ_STR("any scheme", "proxy 10.0.0.1:1085 (ALL_PROXY)", b.buf);
	T_ASSERT(!strstr(b.buf, "u:p"));
	unsetenv("ALL_PROXY");
	buf_release(&b);
}

void test_arm__resource_ids(void)
{
	static const struct {
		const char *id, *type;
		int ok;
	} cases[] = {
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 1 },
		{ "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.logic/WORKFLOWS/la", "Microsoft.Logic/workflows", 1 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/h", "Microsoft.EventHub/namespaces/eventhubs", 1 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns", "Microsoft.EventHub/namespaces/eventhubs", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la", "Microsoft.OperationalInsights/workspaces", 0 },
		{ "https://evil.example.com/subscriptions/x", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la?x=1", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/../providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg//providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Logic/workflows/la", "Microsoft.Logic/workflows", 0 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/la b", "Microsoft.Logic/workflows", 0 },
		{ "", "Microsoft.Logic/workflows", 0 },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (arm_id_is(cases[i].id, cases[i].type) != cases[i].ok)
			T_FAIL("arm_id_is('%s', '%s'): expected %d", cases[i].id,
			       cases[i].type, cases[i].ok);
	resid_add_path(&b, "/subscriptions/x/resourceGroups/r\xc3\xa9s (1)/a%b");
	T_EQ_STR("path encoding", "/subscriptions/x/resourceGroups/r%C3%A9s%20(1)/a%25b", b.buf);
	buf_release(&b);
}

void test_clock__iso8601(void)
{
	static const struct {
		const char *in;
		long long epoch;	/* -1: rejected */
	} cases[] = {
		{ "2020-02-23T13:47:58.0000000Z", 1582465678 },
		{ "2020-02-23T13:47:58Z", 1582465678 },
		{ "2020-02-23T14:47:58+01:00", 1582465678 },
		{ "2020-02-23T12:47:58.5-01:00", 1582465678 },
		{ "2020-02-23 13:47:58Z", 1582465678 },
		{ "2020-02-23T13:47:58", 1582465678 },
		{ "2020-02-23", -1 }, { "yesterday", -1 }, { "2020-13-01T00:00:00Z", -1 },
		{ "2020-02-23T13:47:58Zjunk", -1 }, { "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = 0;
		int rc = clock_parse_iso8601(cases[i].in, &t);

		if (cases[i].epoch < 0 ? rc == 0 : rc != 0 || (long long)t != cases[i].epoch)
			T_FAIL("clock_parse_iso8601('%s'): rc %d, %lld", cases[i].in, rc, (long long)t);
	}
}

void test_throttle__scopes_pacing_and_rate(void)
{
	struct throttle *t = throttle_new(0);
	struct throttle_answer a429 = { 429, 2000, -1, -1, -1 };
	struct throttle_answer low = { 200, 0, 10, -1, -1 };
	struct throttle_answer fine = { 200, 0, 200, -1, -1 };
	struct throttle_answer quota = { 200, 0, -1, 0, 5 };

	T_EQ_INT("unknown scope starts now", 1000, throttle_when(t, "a", 1000));
	throttle_answer(t, "a", 1000, &a429);
	T_EQ_INT("429 blocks its scope", 3000, throttle_when(t, "a", 1500));
	T_EQ_INT("other scopes go on", 1500, throttle_when(t, "b", 1500));
	T_EQ_INT("NULL scope goes on", 1500, throttle_when(t, NULL, 1500));
	T_EQ_INT("after the wait", 3000, throttle_when(t, "a", 3000));
	throttle_answer(t, "b", 4000, &low);
	throttle_started(t, "b", 4000);
	T_EQ_INT("low reads: paced", 4000 + (THROTTLE_LOW_REMAINING - 10) * THROTTLE_PACE_STEP_MS,
		 throttle_when(t, "b", 4001));
	throttle_answer(t, "b", 4100, &fine);
	throttle_started(t, "b", 4200);
	T_EQ_INT("enough reads: not paced", 4201, throttle_when(t, "b", 4201));
	throttle_answer(t, "resourcegraph", 5000, &quota);
	T_EQ_INT("exhausted quota waits for its reset", 10000, throttle_when(t, "resourcegraph", 5000));
	throttle_free(t);

	/* A known quota is a budget: queries in flight and started count. */
	t = throttle_new(0);
	{
		struct throttle_answer three = { 200, 0, -1, 3, 5 };
		struct throttle_answer none = { 0, 0, -1, -1, -1 };

		throttle_started(t, "rg", 0);
		throttle_answer(t, "rg", 100, &three);	/* 3 left, none in flight */
		throttle_started(t, "rg", 100);
		throttle_started(t, "rg", 100);
		T_EQ_INT("quota left: may start", 100, throttle_when(t, "rg", 100));
		throttle_started(t, "rg", 100);
		T_EQ_INT("quota spent by starts: wait for the reset", 5100,
			 throttle_when(t, "rg", 100));
		throttle_answer(t, "rg", 200, &three);	/* 3 left, 2 still in flight */
		T_EQ_INT("one more after an answer", 200, throttle_when(t, "rg", 200));
		throttle_started(t, "rg", 200);
		T_EQ_INT("then none", 5200, throttle_when(t, "rg", 200));
		throttle_answer(t, "rg", 300, &none);	/* transport failure */
		throttle_answer(t, "rg", 300, &none);
		throttle_answer(t, "rg", 300, &none);
		T_EQ_INT("after the reset: one may go", 5200, throttle_when(t, "rg", 5200));
		throttle_started(t, "rg", 5200);
		T_EQ_INT("the others wait for its answer", 5200 + THROTTLE_RECHECK_MS,
			 throttle_when(t, "rg", 5200));
		throttle_answer(t, "rg", 5300, &three);
		T_EQ_INT("refilled: goes on", 5300, throttle_when(t, "rg", 5300));
	}
	throttle_free(t);

	t = throttle_new(2);	/* 2 a second, burst 2 */
	throttle_started(t, NULL, 0);
	throttle_started(t, NULL, 0);
	T_ASSERT(throttle_when(t, NULL, 0) >= 499 && throttle_when(t, NULL, 0) <= 501);
	T_EQ_INT("a token after 500 ms", 600, throttle_when(t, NULL, 600));
	throttle_free(t);
}
