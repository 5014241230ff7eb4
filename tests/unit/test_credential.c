/*
 * test_credential.c - the auth layer without a network: constructors fed
 * a struct auth_env instead of the process environment, and the token
 * cache (when a token is sent, refreshed, given up on).
 */
#include "t.h"
#include "auth/credential.h"
#include "auth/methods.h"
#include "util/clock.h"
#include "util/redact.h"

#include <stdlib.h>

/* Which constructor, which variables, and what it must say. */
struct env_case {
	const char *what;
	struct credential *(*build)(const struct auth_env *env, struct buf *why, int *absent);
	struct auth_env env;
	int built, absent;
	const char *why;	/* part of the reason, or NULL */
};

void test_credential__constructors_read_the_struct(void)
{
	static const struct env_case cases[] = {
		{ "secret: nothing set", cred_secret_new, { 0 }, 0, 1,
		  "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET" },
		{ "secret: no client id", cred_secret_new,
		  { .tenant_id = "t", .client_secret = "s" }, 0, 1, "AZURE_CLIENT_SECRET" },
		{ "secret: empty secret", cred_secret_new,
		  { .tenant_id = "t", .client_id = "c", .client_secret = "" }, 0, 1, NULL },
		{ "secret: bad tenant", cred_secret_new,
		  { .tenant_id = "a/b", .client_id = "c", .client_secret = "s" }, 0, 0,
		  "AZURE_TENANT_ID is not a tenant id" },
		{ "secret: bad client", cred_secret_new,
		  { .tenant_id = "t", .client_id = "c?", .client_secret = "s" }, 0, 0,
		  "AZURE_CLIENT_ID is not an application" },
		{ "secret: complete", cred_secret_new,
		  { .tenant_id = "contoso.onmicrosoft.com", .client_id = "c-1",
		    .client_secret = "s" }, 1, 0, NULL },
		{ "federated: nothing set", cred_federated_new, { 0 }, 0, 1,
		  "AZURE_FEDERATED_TOKEN_FILE" },
		{ "federated: complete", cred_federated_new,
		  { .tenant_id = "t", .client_id = "c", .federated_token_file = "/f" }, 1, 0,
		  NULL },
		{ "certificate: nothing set", cred_cert_new, { 0 }, 0, 1,
		  "AZURE_CLIENT_CERTIFICATE_PATH" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf why = BUF_INIT;
		int absent = 0;
		struct credential *c = cases[i].build(&cases[i].env, &why, &absent);

		T_EQ_INT(cases[i].what, cases[i].built, c != NULL);
		T_EQ_INT(cases[i].what, cases[i].absent, absent);
		if (cases[i].why)
			T_CONTAINS(cases[i].what, why.buf, cases[i].why);
		if (c) {
			T_EQ_STR(cases[i].what, cases[i].env.tenant_id, c->tenant_id);
			T_EQ_STR(cases[i].what, cases[i].env.client_id, c->client_id);
		}
		cred_free(c);
		buf_release(&why);
	}
}

void test_credential__managed_identity_from_the_struct(void)
{
	static const struct {
		const char *what;
		struct auth_env env;
		int explicit, built, absent;
		const char *why;
	} cases[] = {
		/* `auto` does not probe IMDS: only where the platform says so. */
		{ "auto, no endpoint", { 0 }, 0, 0, 1, "IDENTITY_ENDPOINT is not set" },
		{ "explicit, IMDS", { 0 }, 1, 1, 0, NULL },
		{ "endpoint without header", { .identity_endpoint = "http://127.0.0.1:1/t" }, 0,
		  0, 0, "IDENTITY_HEADER is not" },
		{ "App Service", { .identity_endpoint = "http://127.0.0.1:1/t",
				   .identity_header = "h" }, 0, 1, 0, NULL },
		{ "bad client id", { .client_id = "x y" }, 1, 0, 0,
		  "AZURE_CLIENT_ID is not a managed identity" },
		{ "user-assigned", { .client_id = "c-2" }, 1, 1, 0, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf why = BUF_INIT;
		int absent = 0;
		struct credential *c = cred_mi_new(&cases[i].env, cases[i].explicit, &why,
						   &absent);

		T_EQ_INT(cases[i].what, cases[i].built, c != NULL);
		T_EQ_INT(cases[i].what, cases[i].absent, absent);
		if (cases[i].why)
			T_CONTAINS(cases[i].what, why.buf, cases[i].why);
		if (c)
			T_EQ_STR(cases[i].what, cases[i].env.client_id, c->client_id);
		cred_free(c);
		buf_release(&why);
	}
}

/* A credential whose requests are only counted: the cache decides when. */
static int requests;

static void count_request(struct credential *c)
{
	(void)c;
	requests++;
}

static const struct credential_ops counting_ops = {
	.name = "counting",
	.request = count_request,
};

void test_credential__token_cache(void)
{
	struct credential c = { .ops = &counting_ops };
	struct strvec headers;
	struct buf err = BUF_INIT;

	strvec_init(&headers);
	requests = 0;
	/* No token yet: a request starts, the caller waits. */
	T_EQ_INT("no token: wait", 1, cred_authorize(&c, &headers, &err));
	T_EQ_INT("one request started", 1, requests);
	T_EQ_INT("still in flight: wait", 1, cred_authorize(&c, &headers, &err));
	T_EQ_INT("no second request while one runs", 1, requests);

	cred_token_ready(&c, "tok", 3600);
	T_EQ_INT("fresh token: sent", 0, cred_authorize(&c, &headers, &err));
	T_EQ_INT("fresh token: no refresh", 1, requests);
	T_EQ_INT("one header", 1, headers.n);
	T_EQ_STR("bearer header", "Authorization: Bearer tok", headers.v[0]);
	/* Five minutes ahead of an hour, a quarter of a short lifetime. */
	T_EQ_INT("refresh 5 min ahead", 3600000 - 300000, c.refresh_ms - (c.expires_ms - 3600000));
	T_EQ_INT("stale 30 s ahead", 30000, c.expires_ms - c.stale_ms);

	/* Due for a refresh: the old token is still sent meanwhile. */
	c.refresh_ms = clock_mono_ms() - 1;
	T_EQ_INT("due: still sent", 0, cred_authorize(&c, &headers, &err));
	T_EQ_INT("due: a refresh started", 2, requests);

	/* The refresh failed and the token is stale: the reason, once. */
	cred_token_failed(&c, "HTTP 401 invalid_client");
	c.stale_ms = clock_mono_ms() - 1;
	T_EQ_INT("failed and stale: fails", -1, cred_authorize(&c, &headers, &err));
	T_EQ_STR("the reason", "authentication failed: HTTP 401 invalid_client", err.buf);
	T_EQ_INT("no retry before the pause", 2, requests);

	strvec_clear(&headers);
	buf_release(&err);
	redact_free_str(c.token);
	free(c.error);
}

void test_credential__ids(void)
{
	static const struct {
		const char *id;
		int ok;
	} cases[] = {
		{ "00000000-0000-0000-0000-000000000001", 1 },
		{ "contoso.onmicrosoft.com", 1 },
		{ "", 0 },
		{ "a/b", 0 },
		{ "a b", 0 },
		{ "%2e", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_EQ_INT(cases[i].id, cases[i].ok, cred_id_ok(cases[i].id));
}
