/*
 * test_url.c - unit tests of net/url.c.
 */
#include "t.h"
#include "net/url.h"
#include "util/buf.h"

#include <stdlib.h>

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
