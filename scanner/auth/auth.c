/*
 * auth.c - credential selection, token cache and refresh, see auth.h.
 */
#include "auth/auth.h"
#include "util/clock.h"
#include "util/msg.h"
#include "util/redact.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

/* Refresh this long before expiry (the Azure SDKs use five minutes). */
#define REFRESH_AHEAD_MS (5 * 60 * 1000)
/*
 * Stop using a token this close to its expiry, as it may expire in
 * flight: 30 s, or a quarter of the lifetime for very short-lived tokens.
 */
#define EXPIRY_MARGIN_MS (30 * 1000)
/* After a failed refresh while the old token lasts, wait before retrying. */
#define REFRESH_RETRY_MS (10 * 1000)

static void start_request(struct credential *c);

/* Ids go into the token URL path and form: keep them to safe characters. */
int cred_id_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789.-_");

	return *s && !s[n] && n <= 128;
}

int cred_app_ids(struct credential *c, struct buf *why, int *absent)
{
	const char *tenant = getenv("AZURE_TENANT_ID");
	const char *client = getenv("AZURE_CLIENT_ID");

	if (!tenant || !*tenant || !client || !*client) {
		*absent = 1;
		return -1;
	}
	if (!cred_id_ok(tenant)) {
		buf_add(why, "AZURE_TENANT_ID is not a tenant id or domain name");
		return -1;
	}
	if (!cred_id_ok(client)) {
		buf_add(why, "AZURE_CLIENT_ID is not an application (client) id");
		return -1;
	}
	c->tenant_id = xstrdup(tenant);
	c->client_id = xstrdup(client);
	return 0;
}

/* SPEC §4: the order of `auto`, and what each --auth method builds. */
static const struct {
	enum auth_method method;
	const char *name;
	struct credential *(*build)(struct buf *why, int *absent);
} chain[] = {
	{ AUTH_SECRET, "secret", cred_secret_new },
	{ AUTH_CERTIFICATE, "certificate", cred_cert_new },
	{ AUTH_FEDERATED, "federated", cred_federated_new },
	{ AUTH_MANAGED_IDENTITY, "managed-identity", NULL },
	{ AUTH_CLI, "cli", cred_cli_new },
};

static struct credential *build(const struct config *cfg, size_t i, struct http *h,
				struct buf *why, int *absent)
{
	struct credential *c;
	struct buf b = BUF_INIT;

	*absent = 0;
	/* Managed identity joins `auto` only where IDENTITY_ENDPOINT says it is
	 * there: no slow IMDS probe on a laptop. */
	c = chain[i].build ? chain[i].build(why, absent)
			   : cred_mi_new(cfg->auth == AUTH_MANAGED_IDENTITY, why, absent);
	if (!c)
		return NULL;
	c->http = h;
	c->authority = xstrdup(cfg->authority_host);
	c->timeout_ms = cfg->timeout_ms;
	/* The token is for the cloud's Resource Manager even when requests go
	 * to another host (--arm-endpoint: a proxy, a test server). */
	buf_addf(&b, "%s/.default", cfg->cloud->arm_endpoint);
	c->scope = buf_detach(&b, NULL);
	buf_addf(&b, "%s/", cfg->cloud->arm_endpoint);
	c->resource = buf_detach(&b, NULL);
	return c;
}

/* Get a first token, running the http loop; 0, or -1 (see c->error). */
static int acquire(struct credential *c)
{
	c->failed = 0;
	start_request(c);
	if (http_run(c->http))
		return -1;
	return c->token && !c->failed ? 0 : -1;
}

struct credential *cred_sign_in(const struct config *cfg, struct http *h,
				struct buf *err)
{
	struct buf tried = BUF_INIT, why = BUF_INIT;
	struct credential *c;
	size_t i;
	int absent;

	/*
	 * `auto` uses the first credential the environment configures.  One
	 * that is configured but fails ends the search (as in the Azure SDKs):
	 * a wrong service principal secret must not quietly turn into a scan
	 * as whoever ran `az login`.
	 */
	for (i = 0; i < ARRAY_SIZE(chain); i++) {
		if (cfg->auth != AUTH_AUTO && cfg->auth != chain[i].method)
			continue;
		buf_reset(&why);
		c = build(cfg, i, h, &why, &absent);
		if (c) {
			msg_verbose("signing in with the %s credential", chain[i].name);
			if (!acquire(c)) {
				buf_release(&tried);
				buf_release(&why);
				return c;
			}
			buf_addf(&why, "%s", c->error ? c->error : "no token");
			cred_free(c);
		}
		if (cfg->auth != AUTH_AUTO || !absent) {
			if (absent)
				buf_addf(err, "no credentials: %s", why.buf);
			else
				buf_addf(err, "authentication failed (%s credential): %s",
					 chain[i].name, why.buf);
			buf_release(&tried);
			buf_release(&why);
			return NULL;
		}
		buf_addf(&tried, "\n  %s: %s", chain[i].name, why.buf);
	}
	buf_addf(err, "no credentials: --auth auto found none configured:%s", tried.buf);
	buf_release(&tried);
	buf_release(&why);
	return NULL;
}

void cred_free(struct credential *c)
{
	if (!c)
		return;
	if (c->ops->free_impl)
		c->ops->free_impl(c->impl);
	redact_free_str(c->token);
	free(c->authority);
	free(c->tenant_id);
	free(c->client_id);
	free(c->scope);
	free(c->resource);
	free(c->error);
	free(c);
}

static void start_request(struct credential *c)
{
	if (c->in_flight)
		return;
	c->in_flight = 1;
	c->ops->request(c);
}

void cred_token_ready(struct credential *c, const char *token, double expires_in_s)
{
	int64_t now = clock_mono_ms();
	int64_t life = (int64_t)(expires_in_s * 1000.0);
	int64_t ahead = life / 2 < REFRESH_AHEAD_MS ? life / 2 : REFRESH_AHEAD_MS;
	int64_t margin = life / 4 < EXPIRY_MARGIN_MS ? life / 4 : EXPIRY_MARGIN_MS;

	redact_free_str(c->token);
	c->token = xstrdup(token);
	redact_register(token);
	c->expires_ms = now + life;
	c->stale_ms = now + life - margin;
	/* Short-lived tokens refresh at half-life, long ones 5 min ahead. */
	c->refresh_ms = now + life - ahead;
	c->in_flight = 0;
	c->failed = 0;
	free(c->error);
	c->error = NULL;
	msg_verbose("got an access token (%s credential), valid for %.0f s",
		    c->ops->name, expires_in_s);
}

void cred_token_failed(struct credential *c, const char *why)
{
	c->in_flight = 0;
	c->failed = 1;
	c->retry_ms = clock_mono_ms() + REFRESH_RETRY_MS;
	free(c->error);
	c->error = xstrdup(why);
}

int cred_authorize(struct credential *c, struct strvec *headers, struct buf *err)
{
	int64_t now = clock_mono_ms();
	int usable = c->token && now < c->stale_ms;
	struct buf h = BUF_INIT;

	/* Due for a refresh; after a failed one, wait a little before the next. */
	if (!c->in_flight && now >= c->refresh_ms && (!c->failed || now >= c->retry_ms))
		start_request(c);
	if (!usable) {
		if (c->failed && !c->in_flight) {
			buf_addf(err, "authentication failed: %s",
				 c->error ? c->error : "no token");
			return -1;
		}
		return 1;
	}
	buf_addf(&h, "Authorization: Bearer %s", c->token);
	strvec_push_owned(headers, buf_detach(&h, NULL));
	return 0;
}
