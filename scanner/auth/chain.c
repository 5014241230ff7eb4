/*
 * chain.c - credential selection, see chain.h.  The token cache and
 * refresh are credential.c; each credential is its own file (methods.h).
 */
#include "auth/chain.h"
#include "auth/methods.h"
#include "util/msg.h"
#include "util/xmalloc.h"


/* SPEC §4: the order of `auto`, and what each --auth method builds. */
static const struct {
	enum auth_method method;
	const char *name;
	struct credential *(*build)(const struct auth_env *env, struct buf *why,
				    int *absent);
} chain[] = {
	{ AUTH_SECRET, "secret", cred_secret_new },
	{ AUTH_CERTIFICATE, "certificate", cred_cert_new },
	{ AUTH_FEDERATED, "federated", cred_federated_new },
	{ AUTH_MANAGED_IDENTITY, "managed-identity", NULL },
	{ AUTH_CLI, "cli", cred_cli_new },
};

static struct credential *build(const struct config *cfg, const struct auth_env *env,
				size_t i, struct http *h, struct buf *why, int *absent)
{
	struct credential *c;
	struct buf b = BUF_INIT;

	*absent = 0;
	/* Managed identity joins `auto` only where IDENTITY_ENDPOINT says it is
	 * there: no slow IMDS probe on a laptop. */
	c = chain[i].build ? chain[i].build(env, why, absent)
			   : cred_mi_new(env, cfg->auth == AUTH_MANAGED_IDENTITY, why, absent);
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

struct credential *auth_sign_in(const struct config *cfg, const struct auth_env *env,
				struct http *h, struct buf *err)
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
		c = build(cfg, env, i, h, &why, &absent);
		if (c) {
			msg_verbose("signing in with the %s credential", chain[i].name);
			if (!cred_acquire(c)) {
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
