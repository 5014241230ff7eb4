/*
 * credential.c - the token cache and its refresh, and the helpers every
 * credential shares (see credential.h).  It reaches a credential only
 * through its vtable: the files below the chain call this one, never
 * the other way round.
 */
#include "auth/credential.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/redact.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Refresh this long before expiry (the Azure SDKs use five minutes). */
#define REFRESH_AHEAD_MS (5 * 60 * 1000)
/*
 * Stop using a token this close to its expiry, as it may expire in
 * flight: 30 s, or a quarter of the lifetime for very short-lived tokens.
 */
#define EXPIRY_MARGIN_MS (30 * 1000)
/* After a failed refresh while the old token lasts, wait before retrying. */
#define REFRESH_RETRY_MS (10 * 1000)

/* Ids go into the token URL path and form: keep them to safe characters. */
int cred_id_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789.-_");

	return *s && !s[n] && n <= 128;
}

int cred_app_ids(struct credential *c, const struct auth_env *env, struct buf *why,
		 int *absent)
{
	const char *tenant = env->tenant_id;
	const char *client = env->client_id;

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

double expires_on_lifetime(const cJSON *root, const char *key)
{
	double on;
	time_t now = time(NULL);

	if (json_num(root, key, &on) || on <= (double)now)
		return -1;
	return on - (double)now;
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

int cred_acquire(struct credential *c)
{
	c->failed = 0;
	start_request(c);
	if (http_run(c->http))
		return -1;
	return c->token && !c->failed ? 0 : -1;
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
