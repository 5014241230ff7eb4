/*
 * url.c - endpoint validation with libcurl's URL parser, see url.h.
 */
#include "net/url.h"
#include "util/xmalloc.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

int url_host_is_loopback(const char *host)
{
	if (!strcasecmp(host, "localhost") || !strcmp(host, "[::1]") ||
	    !strcmp(host, "::1"))
		return 1;
	/* 127.0.0.0/8, written as a dotted quad. */
	if (!strncmp(host, "127.", 4)) {
		const char *p = host + 4;
		int dots = 0;

		for (; *p; p++) {
			if (*p == '.')
				dots++;
			else if (*p < '0' || *p > '9')
				return 0;
		}
		return dots == 2;
	}
	return 0;
}

char *url_part(CURLU *u, CURLUPart what)
{
	char *v = NULL, *out;

	if (curl_url_get(u, what, &v, 0) != CURLUE_OK || !v)
		return NULL;
	out = xstrdup(v);
	curl_free(v);
	return out;
}

char *url_endpoint(const char *in, int allow_bare, struct buf *err)
{
	CURLU *u = curl_url();
	struct buf full = BUF_INIT;
	char *scheme = NULL, *host = NULL, *user = NULL, *query = NULL;
	char *frag = NULL, *out = NULL;

	if (!u)
		die("out of memory (curl_url)");
	if (!*in) {
		buf_add(err, "empty URL");
		goto done;
	}
	if (!strstr(in, "://") && allow_bare)
		buf_add(&full, "https://");
	buf_add(&full, in);
	if (curl_url_set(u, CURLUPART_URL, full.buf, 0) != CURLUE_OK) {
		buf_addf(err, "'%s' is not a valid URL", in);
		goto done;
	}
	scheme = url_part(u, CURLUPART_SCHEME);
	host = url_part(u, CURLUPART_HOST);
	user = url_part(u, CURLUPART_USER);
	query = url_part(u, CURLUPART_QUERY);
	frag = url_part(u, CURLUPART_FRAGMENT);
	if (!scheme || !host) {
		buf_addf(err, "'%s' is not a valid URL", in);
	} else if (strcasecmp(scheme, "https") && strcasecmp(scheme, "http")) {
		buf_addf(err, "'%s': only https:// URLs are accepted", in);
	} else if (!strcasecmp(scheme, "http") && !url_host_is_loopback(host)) {
		buf_addf(err, "'%s': plain http:// is only allowed to a loopback "
			 "host (127.0.0.1, ::1, localhost); use https://", in);
	} else if (user || query || frag) {
		buf_addf(err, "'%s': an endpoint may not carry credentials, a query "
			 "or a fragment", in);
	} else {
		buf_reset(&full);
		buf_add(&full, in);
		if (!strstr(in, "://") && allow_bare) {
			buf_reset(&full);
			buf_addf(&full, "https://%s", in);
		}
		while (full.len && full.buf[full.len - 1] == '/')
			full.buf[--full.len] = '\0';
		out = buf_detach(&full, NULL);
	}
done:
	free(scheme);
	free(host);
	free(user);
	free(query);
	free(frag);
	buf_release(&full);
	curl_url_cleanup(u);
	return out;
}

/* scheme://host:port with the default port made explicit. */
static char *origin(const char *url)
{
	CURLU *u = curl_url();
	char *scheme, *host, *port, *out = NULL;
	struct buf b = BUF_INIT;

	if (!u)
		die("out of memory (curl_url)");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		scheme = url_part(u, CURLUPART_SCHEME);
		host = url_part(u, CURLUPART_HOST);
		port = NULL;
		if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
			port = NULL;
		if (scheme && host && port) {
			char *p;

			buf_addf(&b, "%s://%s:%s", scheme, host, port);
			for (p = b.buf; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			out = buf_detach(&b, NULL);
		}
		free(scheme);
		free(host);
		curl_free(port);
	}
	curl_url_cleanup(u);
	return out;
}

int url_same_origin(const char *a, const char *b)
{
	char *oa = origin(a), *ob = origin(b);
	int same = oa && ob && !strcmp(oa, ob);

	free(oa);
	free(ob);
	return same;
}

char *url_query_param(const char *url, const char *name)
{
	const char *q = strchr(url, '?');
	size_t nl = strlen(name);
	char *out = NULL;

	while (q && *q) {
		q++;
		if (!strncasecmp(q, name, nl) && q[nl] == '=') {
			const char *v = q + nl + 1;
			size_t len = strcspn(v, "&#");
			int olen = 0;
			char *dec = curl_easy_unescape(NULL, v, (int)len, &olen);

			if (dec) {
				out = xstrndup(dec, (size_t)olen);
				curl_free(dec);
			}
			return out;
		}
		q = strchr(q, '&');
	}
	return NULL;
}
