/*
 * proxy.c - the environment's proxy for a URL, see proxy.h.
 */
#include "net/proxy.h"
#include "net/url.h"
#include "util/xmalloc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libcurl's default proxy ports (CURL_DEFAULT_PROXY_PORT, ..._HTTPS_...). */
#define PROXY_PORT 1080
#define HTTPS_PROXY_PORT 443

/* getenv() as curl_getenv() sees it: an empty value is no value. */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Do the first `bits` bits of two addresses of `len` bytes agree? */
static int prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned bytes = bits / 8, rest = bits % 8;

	if (memcmp(a, b, bytes))
		return 0;
	return !rest || !((a[bytes] ^ b[bytes]) & (0xffu << (8 - rest)) & 0xffu);
}

/* An address token "ADDR" or "ADDR/BITS" against host address `addr`. */
static int cidr_match(int family, const unsigned char *addr, const char *tok, size_t n)
{
	unsigned char want[16];
	unsigned max = family == AF_INET ? 32 : 128;
	char text[64];
	const char *slash;
	unsigned long bits = max;

	if (n >= sizeof(text))
		return 0;
	memcpy(text, tok, n);
	text[n] = '\0';
	slash = strchr(text, '/');
	if (slash) {
		char *end;

		bits = strtoul(slash + 1, &end, 10);
		if (*end || end == slash + 1)
			return 0;
		if (!bits)
			bits = max;	/* as curl: "/0" is the whole address */
		text[slash - text] = '\0';
	}
	if (bits > max || inet_pton(family, text, want) != 1)
		return 0;
	return prefix_equal(addr, want, (unsigned)bits);
}

int proxy_host_excluded(const char *host, const char *no_proxy)
{
	unsigned char addr[16];
	char ip[64];
	int family = 0;
	size_t hlen = strlen(host);
	const char *p = no_proxy;

	if (!no_proxy || !*no_proxy)
		return 0;
	if (!strcmp(no_proxy, "*"))
		return 1;
	if (host[0] == '[') {
		const char *end = strchr(host, ']');

		if (!end || (size_t)(end - host - 1) >= sizeof(ip))
			return 0;
		memcpy(ip, host + 1, (size_t)(end - host - 1));
		ip[end - host - 1] = '\0';
		if (inet_pton(AF_INET6, ip, addr) == 1)
			family = AF_INET6;
	} else if (inet_pton(AF_INET, host, addr) == 1) {
		family = AF_INET;
	} else if (hlen && host[hlen - 1] == '.') {
		hlen--;		/* "example.com." is example.com */
	}
	while (*p) {
		size_t n;
		const char *tok;

		p += strspn(p, ", ");
		n = strcspn(p, ", ");
		tok = p;
		p += n;
		if (!n)
			continue;
		if (family) {
			if (cidr_match(family, addr, tok, n))
				return 1;
			continue;
		}
		/* A name: the host itself or a host in that domain. */
		if (tok[0] == '.') {
			tok++;
			n--;
		}
		if (n && tok[n - 1] == '.')
			n--;
		if (n && n <= hlen && !strncasecmp(tok, host + hlen - n, n) &&
		    (n == hlen || host[hlen - n - 1] == '.'))
			return 1;
	}
	return 0;
}

/* The variable libcurl takes the proxy for `scheme` from, or NULL. */
static const char *proxy_variable(const char *scheme, const char **value)
{
	static char lower[32], upper[32];
	size_t i;

	if (strlen(scheme) + sizeof("_proxy") > sizeof(lower))
		return NULL;
	for (i = 0; scheme[i]; i++) {
		lower[i] = (char)tolower((unsigned char)scheme[i]);
		upper[i] = (char)toupper((unsigned char)scheme[i]);
	}
	memcpy(lower + i, "_proxy", sizeof("_proxy"));
	memcpy(upper + i, "_PROXY", sizeof("_PROXY"));
	if ((*value = env(lower)))
		return lower;
	/* Never HTTP_PROXY: CGI programs get it from a request header. */
	if (strcmp(lower, "http_proxy") && (*value = env(upper)))
		return upper;
	if ((*value = env("all_proxy")))
		return "all_proxy";
	if ((*value = env("ALL_PROXY")))
		return "ALL_PROXY";
	return NULL;
}

/* "HOST:PORT" of a proxy setting, without its credentials; 0 or -1. */
static int proxy_address(const char *value, struct buf *out)
{
	CURLU *u = curl_url();
	struct buf full = BUF_INIT;
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = -1;

	if (!u)
		die("out of memory (curl_url)");
	/* A bare "host:port" is an HTTP proxy, as libcurl reads it. */
	if (!strstr(value, "://"))
		buf_add(&full, "http://");
	buf_add(&full, value);
	if (curl_url_set(u, CURLUPART_URL, full.buf, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
		scheme = url_part(u, CURLUPART_SCHEME);
		host = url_part(u, CURLUPART_HOST);
		port = url_part(u, CURLUPART_PORT);
	}
	if (host) {
		buf_addf(out, "%s:", host);
		if (port)
			buf_add(out, port);
		else
			buf_addf(out, "%d", scheme && !strcasecmp(scheme, "https")
				 ? HTTPS_PROXY_PORT : PROXY_PORT);
		rc = 0;
	}
	free(scheme);
	free(host);
	free(port);
	buf_release(&full);
	curl_url_cleanup(u);
	return rc;
}

int proxy_describe(const char *url, struct buf *out)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	const char *var = NULL, *value = NULL;
	const char *no_proxy = env("no_proxy") ? env("no_proxy") : env("NO_PROXY");

	if (!u)
		die("out of memory (curl_url)");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		scheme = url_part(u, CURLUPART_SCHEME);
		host = url_part(u, CURLUPART_HOST);
	}
	curl_url_cleanup(u);
	if (scheme && host && !proxy_host_excluded(host, no_proxy))
		var = proxy_variable(scheme, &value);
	free(scheme);
	free(host);
	if (!var)
		return 0;
	buf_add(out, "proxy ");
	if (proxy_address(value, out))
		buf_add(out, "(unreadable setting)");
	buf_addf(out, " (%s)", var);
	return 1;
}
