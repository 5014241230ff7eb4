/*
 * entra.c - the Entra ID v2.0 token endpoint (client credentials
 * grant), shared by every application credential: they differ only in
 * the form fields that prove who the client is (azure-arm/README.md §9).
 */
#include "auth/entra.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/redact.h"
#include "net/retry.h"
#include "util/xmalloc.h"

#include <string.h>

/* Token answers are small; anything bigger is not a token endpoint. */
#define TOKEN_BODY_MAX (256 * 1024)

/* The first line of an Entra error_description (it appends trace ids). */
static void add_first_line(struct buf *b, const char *s)
{
	size_t n = strcspn(s, "\r\n");

	buf_addn(b, s, n > 400 ? 400 : n);
}

int entra_parse_token(long status, const char *body, size_t len, char **token,
		      double *expires_in_s, struct buf *err)
{
	cJSON *root = len <= TOKEN_BODY_MAX ? json_parse(body, len) : NULL;
	const char *tok, *type, *error, *desc;
	double exp;
	int rc = -1;

	*token = NULL;
	if (!root) {
		buf_addf(err, "the token endpoint answered HTTP %ld with %s", status,
			 len ? "a body that is not JSON" : "an empty body");
		return -1;
	}
	if (status != 200) {
		error = json_str(root, "error");
		desc = json_str(root, "error_description");
		/* App Service's managed identity endpoint says {"message": ...}. */
		if (!desc)
			desc = json_str(root, "message");
		buf_addf(err, "HTTP %ld", status);
		if (error) {
			/* The server's words, on one line with nothing a terminal acts on. */
			buf_addch(err, ' ');
			buf_add_repr(err, error, strnlen(error, 100));
		}
		if (desc) {
			buf_add(err, ": ");
			add_first_line(err, desc);
		}
		goto out;
	}
	tok = json_str(root, "access_token");
	type = json_str(root, "token_type");
	if (!tok || !*tok) {
		buf_add(err, "the token endpoint's answer has no access_token");
		goto out;
	}
	if (type && strcasecmp(type, "Bearer")) {
		buf_add(err, "unexpected token_type '");
		buf_add_repr(err, type, strnlen(type, 40));
		buf_add(err, "' (expected Bearer)");
		goto out;
	}
	/* Entra sends a number, IMDS a string; App Service only expires_on. */
	if (json_num(root, "expires_in", &exp))
		exp = expires_on_lifetime(root, "expires_on");
	if (exp <= 0 || exp > 86400 * 7) {
		buf_add(err, "the token endpoint's answer has no valid expires_in or expires_on");
		goto out;
	}
	*token = xstrdup(tok);
	*expires_in_s = exp;
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

void entra_token_answer(struct credential *c, struct http_response *r,
			const char *what, const char *endpoint, int name_on_refusal)
{
	struct buf err = BUF_INIT;
	char *token = NULL;
	double exp = 0;

	if (r->transport_failed) {
		buf_addf(&err, "cannot reach the %s %s: %s", what, endpoint, r->error);
		cred_token_failed(c, err.buf);
	} else if (entra_parse_token(r->status, r->body.buf, r->body.len, &token,
				     &exp, &err)) {
		if (name_on_refusal)
			buf_addf(&err, " (%s %s)", what, endpoint);
		if (r->retry_refused_s)
			buf_addf(&err, " (not retried: it asked to wait %ld s (Retry-After), "
				 "longer than the %d s irscan waits)", r->retry_refused_s,
				 RETRY_AFTER_MAX_S);
		cred_token_failed(c, err.buf);
	} else {
		cred_token_ready(c, token, exp);
	}
	redact_free_str(token);
	/* The body held the token: wipe it before http frees it. */
	redact_wipe(r->body.buf, r->body.len);
	buf_release(&err);
}

static void token_done_cb(void *ctx, struct http_response *r)
{
	struct credential *c = ctx;

	entra_token_answer(c, r, "token endpoint", c->authority, 0);
}

void entra_request(struct credential *c, const char *client_auth)
{
	struct buf url = BUF_INIT, form = BUF_INIT;

	buf_addf(&url, "%s/%s/oauth2/v2.0/token", c->authority, c->tenant_id);
	buf_add(&form, "grant_type=client_credentials&client_id=");
	buf_add_urlencoded(&form, c->client_id);
	buf_add(&form, "&scope=");
	buf_add_urlencoded(&form, c->scope);
	buf_addf(&form, "&%s", client_auth);
	http_submit(c->http, &(const struct http_request){
		.method = "POST",
		.url = url.buf,
		.body = form.buf,
		.body_len = form.len,
		.content_type = "application/x-www-form-urlencoded",
		.on_done = token_done_cb,
		.ctx = c,
		.scope = "entra",
	});
	redact_wipe(form.buf, form.len);
	buf_release(&form);
	buf_release(&url);
}
