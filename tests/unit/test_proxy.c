/*
 * test_proxy.c - unit tests of net/proxy.c.
 */
#include "t.h"
#include "net/proxy.h"
#include "util/buf.h"

#include <stdlib.h>

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
