/*
 * redact.c - URL parameter and registered-secret redaction, see redact.h.
 * The registry is process-wide on purpose: secrets come from the
 * environment once, and every output path must see the same list.
 */
#include "util/redact.h"
#include "util/xmalloc.h"

#include <openssl/crypto.h>
#include <string.h>
#include <strings.h>

static const char *const secret_params[] = {
	"sig", "code", "client_secret", "client_assertion", "access_token",
	"refresh_token", "id_token", "password", "token", "secret", "key",
	"apikey", "api_key", "sharedaccesskey", "skn",
};

static char **secrets;
static size_t secrets_n, secrets_alloc;

int redact_param_is_secret(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(secret_params); i++)
		if (strlen(secret_params[i]) == len &&
		    !strncasecmp(secret_params[i], name, len))
			return 1;
	return 0;
}

void redact_url(struct buf *out, const char *url)
{
	const char *q = strchr(url, '?');
	const char *p;

	if (!q) {
		buf_add(out, url);
		return;
	}
	buf_addn(out, url, (size_t)(q - url) + 1);
	p = q + 1;
	while (*p) {
		size_t seg = strcspn(p, "&#");
		size_t name = strcspn(p, "=&#");

		if (name < seg && redact_param_is_secret(p, name)) {
			buf_addn(out, p, name + 1);
			buf_add(out, "REDACTED");
		} else {
			buf_addn(out, p, seg);
		}
		p += seg;
		if (*p == '#') {
			/* Fragments never reach a server; drop them entirely. */
			break;
		}
		if (*p == '&')
			buf_addch(out, *p++);
	}
}

void redact_register(const char *secret)
{
	size_t i;

	if (!secret || strlen(secret) < 6)
		return;
	for (i = 0; i < secrets_n; i++)
		if (!strcmp(secrets[i], secret))
			return;
	secrets = xgrow(secrets, &secrets_alloc, secrets_n + 1, sizeof(*secrets));
	secrets[secrets_n++] = xstrdup(secret);
}

void redact_secrets(struct buf *b)
{
	size_t i;

	for (i = 0; i < secrets_n; i++) {
		size_t slen = strlen(secrets[i]);
		char *hit;

		while (b->len && (hit = strstr(b->buf, secrets[i]))) {
			size_t at = (size_t)(hit - b->buf);

			memmove(hit + 3, hit + slen, b->len - at - slen + 1);
			/* In place, inside the string: no terminator wanted. */
			memcpy(hit, "***", 3);	/* NOLINT(bugprone-not-null-terminated-result) */
			b->len = b->len - slen + 3;
		}
	}
}

void redact_wipe(void *p, size_t n)
{
	if (p && n)
		OPENSSL_cleanse(p, n);
}

void redact_free_str(char *s)
{
	if (!s)
		return;
	redact_wipe(s, strlen(s));
	free(s);
}

void redact_forget_all(void)
{
	size_t i;

	for (i = 0; i < secrets_n; i++)
		redact_free_str(secrets[i]);
	free(secrets);
	secrets = NULL;
	secrets_n = secrets_alloc = 0;
}
