/*
 * proxy.h - which proxy libcurl takes from the environment for a URL, so
 * that an error can name it.
 *
 * irscan sets no proxy of its own: libcurl reads <scheme>_proxy (for http
 * only the lower-case http_proxy), else all_proxy / ALL_PROXY, unless
 * no_proxy / NO_PROXY covers the host.  A dead proxy then fails every
 * connection with libcurl's "Failed to connect to HOST port N", which
 * reads like an unreachable Azure endpoint.  This follows the same rules
 * (curl 7.88 lib/url.c detect_proxy(), lib/noproxy.c) to say which proxy
 * it was.
 */
#ifndef IRSCAN_PROXY_H
#define IRSCAN_PROXY_H

#include "util/buf.h"

/*
 * When libcurl sends url through a proxy from the environment, append
 * "proxy HOST:PORT (VARIABLE)" to out and return 1; else return 0.  The
 * proxy URL's user name and password are never copied.
 */
int proxy_describe(const char *url, struct buf *out);
/* Does the no_proxy list cover host (a name, an IPv4 or [IPv6] address)? */
int proxy_host_excluded(const char *host, const char *no_proxy);

#endif
