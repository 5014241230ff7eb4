/*
 * secret.c - service principal with a client secret
 * (AZURE_CLIENT_SECRET).  The secret is kept only here, registered for
 * redaction, and wiped when the credential is freed.
 */
#include "auth/entra.h"
#include "auth/methods.h"
#include "util/redact.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

struct secret_impl {
	char *secret;
};

static void secret_request(struct credential *c)
{
	struct secret_impl *s = c->impl;
	struct buf form = BUF_INIT;

	buf_add(&form, "client_secret=");
	buf_add_urlencoded(&form, s->secret);
	entra_request(c, form.buf);
	redact_wipe(form.buf, form.len);
	buf_release(&form);
}

static void secret_free(void *impl)
{
	struct secret_impl *s = impl;

	if (!s)
		return;
	redact_free_str(s->secret);
	free(s);
}

static const struct credential_ops secret_ops = {
	.name = "secret",
	.request = secret_request,
	.free_impl = secret_free,
};

struct credential *cred_secret_new(const struct auth_env *env, struct buf *why, int *absent)
{
	const char *secret = env->client_secret;
	struct credential *c = xcalloc(1, sizeof(*c));
	struct secret_impl *s;

	c->ops = &secret_ops;
	if (!secret || !*secret || cred_app_ids(c, env, why, absent)) {
		if (!secret || !*secret || *absent) {
			*absent = 1;
			buf_reset(why);
			buf_add(why, "set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
				"AZURE_CLIENT_SECRET for a service principal");
		}
		cred_free(c);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->secret = xstrdup(secret);
	redact_register(secret);
	c->impl = s;
	return c;
}
