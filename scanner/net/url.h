/*
 * url.h - checks on the URLs irscan will send a bearer token to.
 *
 * Endpoints given by the user are normalised and refused before anything
 * connects when they could leak a token: plain http:// to anything but a
 * loopback host, embedded credentials, queries or fragments.  A nextLink
 * from a server is followed only to the same origin as the ARM endpoint,
 * so a hostile or broken page link cannot carry the token elsewhere.
 */
#ifndef IRSCAN_URL_H
#define IRSCAN_URL_H

#include "util/buf.h"

#include <curl/curl.h>

/*
 * Normalise an endpoint: "host" becomes "https://host" when allow_bare is
 * set (AZURE_AUTHORITY_HOST may lack a scheme), a trailing '/' is
 * dropped.  Returns a malloc'ed string, or NULL with the reason in err.
 */
char *url_endpoint(const char *in, int allow_bare, struct buf *err);
/* 1 when both URLs have the same scheme, host and port. */
int url_same_origin(const char *a, const char *b);
int url_host_is_loopback(const char *host);
/* The value of query parameter `name` (decoded), malloc'ed, or NULL. */
char *url_query_param(const char *url, const char *name);
/* One part of a parsed URL (curl_url_get), malloc'ed; NULL when absent. */
char *url_part(CURLU *u, CURLUPart what);

#endif
