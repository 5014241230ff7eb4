/*
 * auth_secret.c - service principal with a client secret
 * (AZURE_CLIENT_SECRET).  The secret is kept only here, registered for
 * redaction, and wiped when the credential is freed.
 */
#include "auth.h"
#include "redact.h"
#include "xmalloc.h"

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

struct credential *cred_secret_new(const char *secret)
{
	struct credential *c = xcalloc(1, sizeof(*c));
	struct secret_impl *s = xcalloc(1, sizeof(*s));

	s->secret = xstrdup(secret);
	redact_register(secret);
	c->ops = &secret_ops;
	c->impl = s;
	return c;
}
