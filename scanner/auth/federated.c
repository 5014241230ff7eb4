/*
 * federated.c - workload identity federation
 * (AZURE_FEDERATED_TOKEN_FILE: a Kubernetes projected token, a GitHub or
 * Azure DevOps OIDC token written to a file).
 *
 * The file is read again for every token request and sent as the client
 * assertion (azure-arm/README.md §9.3): the platform rotates it, and an
 * old copy would be refused once expired.
 */
#include "auth/entra.h"
#include "auth/methods.h"
#include "util/fileio.h"
#include "util/redact.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Projected tokens are a few kilobytes. */
#define ASSERTION_FILE_MAX (64 * 1024)

struct federated_impl {
	char *file;
};

static void federated_free(void *impl)
{
	struct federated_impl *f = impl;

	if (!f)
		return;
	free(f->file);
	free(f);
}

static void federated_request(struct credential *c)
{
	struct federated_impl *f = c->impl;
	struct buf token = BUF_INIT, form = BUF_INIT, err = BUF_INIT;
	size_t start = 0, end;

	if (file_read(f->file, ASSERTION_FILE_MAX, &token, &err)) {
		buf_add(&err, " (AZURE_FEDERATED_TOKEN_FILE)");
		cred_token_failed(c, err.buf);
		goto done;
	}
	end = token.len;
	while (start < end && isspace((unsigned char)token.buf[start]))
		start++;
	while (end > start && isspace((unsigned char)token.buf[end - 1]))
		end--;
	if (start == end) {
		cred_token_failed(c, "AZURE_FEDERATED_TOKEN_FILE is empty");
		goto done;
	}
	token.buf[end] = '\0';
	redact_register(token.buf + start);
	buf_add(&form, "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3A"
		"client-assertion-type%3Ajwt-bearer&client_assertion=");
	buf_add_urlencoded(&form, token.buf + start);
	entra_request(c, form.buf);
done:
	redact_wipe(token.buf, token.len);
	redact_wipe(form.buf, form.len);
	buf_release(&token);
	buf_release(&form);
	buf_release(&err);
}

static const struct credential_ops federated_ops = {
	.name = "federated",
	.request = federated_request,
	.free_impl = federated_free,
};

struct credential *cred_federated_new(const struct auth_env *env, struct buf *why,
				      int *absent)
{
	const char *file = env->federated_token_file;
	struct credential *c = xcalloc(1, sizeof(*c));
	struct federated_impl *f = xcalloc(1, sizeof(*f));

	c->ops = &federated_ops;
	c->impl = f;
	if (!file || !*file || cred_app_ids(c, env, why, absent)) {
		if (!file || !*file || *absent) {
			*absent = 1;
			buf_reset(why);
			buf_add(why, "set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
				"AZURE_FEDERATED_TOKEN_FILE");
		}
		cred_free(c);
		return NULL;
	}
	f->file = xstrdup(file);
	return c;
}
