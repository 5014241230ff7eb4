/*
 * mi.c - managed identity (azure-arm/README.md §9.4, §9.5).
 *
 * Where the platform sets IDENTITY_ENDPOINT and IDENTITY_HEADER (App
 * Service, Functions, Container Apps), the token comes from that local
 * endpoint with the header as proof; otherwise (a VM, a scale set, with
 * --auth managed-identity) from the instance metadata service IMDS at
 * 169.254.169.254 with "Metadata: true".  AZURE_CLIENT_ID selects a
 * user-assigned identity.  Neither goes through a proxy, and IMDS's 404
 * and 410 ("updating") are retried like 429 and 5xx.
 * AZURE_POD_IDENTITY_AUTHORITY_HOST replaces the IMDS address, as the
 * Azure SDKs allow (tests point it at the fake server).
 */
#include "auth/entra.h"
#include "auth/methods.h"
#include "util/redact.h"
#include "net/url.h"
#include "util/xmalloc.h"

#include <stdlib.h>

/* IMDS: plain http to a link-local address, by design of the service. */
#define IMDS_BASE "http://169.254.169.254"
#define IMDS_PATH "/metadata/identity/oauth2/token"
#define IMDS_API_VERSION "2018-02-01"
#define APP_SERVICE_API_VERSION "2019-08-01"

struct mi_impl {
	char *url;		/* with api-version, resource and client_id */
	char *endpoint;		/* without the query, for messages */
	char *header;		/* "Metadata: true" or "X-IDENTITY-HEADER: ..." */
	int app_service;	/* IDENTITY_ENDPOINT, not IMDS */
};

static void mi_free(void *impl)
{
	struct mi_impl *m = impl;

	if (!m)
		return;
	free(m->url);
	free(m->endpoint);
	redact_free_str(m->header);
	free(m);
}

static int mi_prepare(void *ctx, struct strvec *headers, struct buf *err)
{
	struct credential *c = ctx;
	struct mi_impl *m = c->impl;

	(void)err;
	strvec_push(headers, m->header);
	return 0;
}

static void mi_done(void *ctx, struct http_response *r)
{
	struct credential *c = ctx;
	struct mi_impl *m = c->impl;

	/* Several endpoints are possible: a refusal names the one asked. */
	entra_token_answer(c, r, "managed identity endpoint", m->endpoint, 1);
}

/* "<endpoint>?api-version=V&resource=R[&client_id=C]" */
static char *token_url(const char *endpoint, const char *version, const char *resource,
		       const char *client)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s?api-version=%s&resource=", endpoint, version);
	buf_add_urlencoded(&b, resource);
	if (client) {
		buf_add(&b, "&client_id=");
		buf_add_urlencoded(&b, client);
	}
	return buf_detach(&b, NULL);
}

static void mi_request(struct credential *c)
{
	struct mi_impl *m = c->impl;

	/* The audience is the cloud's, set by chain.c after construction. */
	if (!m->url)
		m->url = token_url(m->endpoint, m->app_service ? APP_SERVICE_API_VERSION
				   : IMDS_API_VERSION, c->resource, c->client_id);
	http_submit(c->http, &(const struct http_request){
		.method = "GET",
		.url = m->url,
		.prepare = mi_prepare,
		.on_done = mi_done,
		.ctx = c,
		.scope = "managed-identity",
		.imds = 1,
	});
}

static const struct credential_ops mi_ops = {
	.name = "managed-identity",
	.request = mi_request,
	.free_impl = mi_free,
};

struct credential *cred_mi_new(const struct auth_env *env, int explicit, struct buf *why,
			       int *absent)
{
	const char *endpoint = env->identity_endpoint;
	const char *secret = env->identity_header;
	const char *imds = env->pod_identity_host;
	const char *client = env->client_id;
	struct credential *c;
	struct mi_impl *m;
	struct buf b = BUF_INIT;
	char *base;

	if (client && !*client)
		client = NULL;
	if (client && !cred_id_ok(client)) {
		buf_add(why, "AZURE_CLIENT_ID is not a managed identity's client id");
		return NULL;
	}
	if (endpoint && *endpoint) {
		if (!secret || !*secret) {
			buf_add(why, "IDENTITY_ENDPOINT is set but IDENTITY_HEADER is not");
			return NULL;
		}
		base = url_endpoint(endpoint, 0, why);
		if (!base) {
			buf_add(why, " (IDENTITY_ENDPOINT)");
			return NULL;
		}
	} else if (!explicit) {
		*absent = 1;
		buf_add(why, "IDENTITY_ENDPOINT is not set (on a VM, use --auth "
			"managed-identity to ask IMDS)");
		return NULL;
	} else if (imds && *imds) {
		char *host = url_endpoint(imds, 1, why);

		if (!host) {
			buf_add(why, " (AZURE_POD_IDENTITY_AUTHORITY_HOST)");
			return NULL;
		}
		buf_addf(&b, "%s%s", host, IMDS_PATH);
		free(host);
		base = buf_detach(&b, NULL);
	} else {
		base = xstrdup(IMDS_BASE IMDS_PATH);
	}
	c = xcalloc(1, sizeof(*c));
	m = xcalloc(1, sizeof(*m));
	c->ops = &mi_ops;
	c->impl = m;
	c->client_id = xstrdup_or_null(client);
	m->endpoint = base;
	if (endpoint && *endpoint) {
		m->app_service = 1;
		buf_add(&b, "X-IDENTITY-HEADER: ");
		buf_add(&b, secret);
		redact_register(secret);
		m->header = buf_detach(&b, NULL);
	} else {
		m->header = xstrdup("Metadata: true");
	}
	return c;
}
