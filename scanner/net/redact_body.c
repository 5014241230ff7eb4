/*
 * redact_body.c - take secrets out of an ARM response body before it is
 * parsed, stored in an evidence bundle or shown (see redact.h).
 *
 * ARM returns some secrets in plain reads: an automation's Logic App
 * action carries the trigger's callback URL with its `sig`, an Event Hub
 * action its `connectionString`, and alerts quote whatever the attacker
 * touched.  The body is copied byte for byte except for those values, so
 * the evidence stays what Azure said, minus what no report may hold; and
 * the checks always read the redacted text, so a live scan and an
 * offline one see exactly the same bytes.
 */
#include "util/redact.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define REDACTED "REDACTED"

/* Member names (lower case) whose string value is a secret. */
static const char *const secret_name_parts[] = {
	"connectionstring", "password", "secret", "sastoken", "accesstoken",
	"access_token", "refreshtoken", "refresh_token", "id_token", "apikey",
	"api_key",
};
static const char *const secret_name_ends[] = {
	"primarykey", "secondarykey", "sharedaccesskey", "accountkey",
};
/* Keys of a connection string whose value is a secret. */
static const char *const conn_keys[] = {
	"sharedaccesskey=", "accountkey=", "password=", "sharedaccesssignature=",
};

static int name_is_secret(const char *name, size_t n)
{
	char low[64];
	size_t i;

	if (!n || n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	for (i = 0; i < ARRAY_SIZE(secret_name_parts); i++)
		if (strstr(low, secret_name_parts[i]))
			return 1;
	for (i = 0; i < ARRAY_SIZE(secret_name_ends); i++) {
		size_t e = strlen(secret_name_ends[i]);

		if (n >= e && !strcmp(low + n - e, secret_name_ends[i]))
			return 1;
	}
	return 0;
}

/* Length of a query separator at s ("?", "&" or the JSON escape "\u0026"). */
static size_t separator_len(const char *s, size_t left)
{
	if (left && (*s == '?' || *s == '&'))
		return 1;
	if (left >= 6 && !strncasecmp(s, "\\u0026", 6))
		return 6;
	return 0;
}

/* Where a query value ends: '&', '#', a JSON escape, blank or the end. */
static size_t value_len(const char *s, size_t left, const char *stops)
{
	size_t i = 0;

	while (i < left && !strchr(stops, s[i]) && !isspace((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Copy the raw contents of one JSON string (no quotes) to out, replacing
 * sensitive query parameter values and connection-string keys.
 */
static size_t redact_string(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		size_t sep = separator_len(s + i, n - i);
		size_t k;

		if (sep) {
			const char *name = s + i + sep;
			size_t nl = 0;

			while (i + sep + nl < n && (isalnum((unsigned char)name[nl]) ||
						    name[nl] == '_' || name[nl] == '-'))
				nl++;
			if (nl && i + sep + nl < n && name[nl] == '=' &&
			    redact_param_is_secret(name, nl)) {
				size_t v = value_len(name + nl + 1, n - i - sep - nl - 1, "&#\\\"<>'");

				buf_addn(out, s + i, sep + nl + 1);
				if (v && (v != strlen(REDACTED) ||
					  strncmp(name + nl + 1, REDACTED, v))) {
					buf_add(out, REDACTED);
					count++;
				} else {
					buf_addn(out, name + nl + 1, v);
				}
				i += sep + nl + 1 + v;
				continue;
			}
		}
		for (k = 0; k < ARRAY_SIZE(conn_keys); k++) {
			size_t kl = strlen(conn_keys[k]);

			if ((i == 0 || s[i - 1] == ';') && n - i >= kl &&
			    !strncasecmp(s + i, conn_keys[k], kl))
				break;
		}
		if (k < ARRAY_SIZE(conn_keys)) {
			size_t kl = strlen(conn_keys[k]);
			size_t v = 0;

			while (i + kl + v < n && s[i + kl + v] != ';')
				v++;
			buf_addn(out, s + i, kl);
			if (v && (v != strlen(REDACTED) || strncmp(s + i + kl, REDACTED, v))) {
				buf_add(out, REDACTED);
				count++;
			} else {
				buf_addn(out, s + i + kl, v);
			}
			i += kl + v;
			continue;
		}
		buf_addch(out, s[i++]);
	}
	return count;
}

/*
 * Blank between JSON tokens as cJSON reads it: every byte up to the space,
 * NUL and control characters included, so the structure seen here is the
 * one the parser sees (else a key could hide from redaction).
 */
static int json_blank(char c)
{
	return (unsigned char)c <= ' ';
}

/* End of the JSON string starting after the quote at s[0]: index of the
 * closing quote, or len when the string never ends. */
static size_t string_end(const char *s, size_t start, size_t len)
{
	size_t i = start;

	while (i < len && s[i] != '"')
		i += s[i] == '\\' && i + 1 < len ? 2 : 1;
	return i;
}

size_t redact_body(struct buf *body)
{
	struct buf out = BUF_INIT;
	const char *s = body->buf;
	size_t len = body->len, i = 0, count = 0;
	int secret_value = 0;	/* the next string is the value of a secret member */

	if (!len)
		return 0;
	while (i < len && json_blank(s[i]))
		i++;
	if (i == len || (s[i] != '{' && s[i] != '[' && s[i] != '"')) {
		/* Not JSON (an HTML error page...): treat it as one string. */
		count = redact_string(&out, s, len);
		i = len;
	} else {
		buf_addn(&out, s, i);
	}
	while (i < len) {
		size_t end, j;

		if (s[i] != '"') {
			if (!json_blank(s[i]) && s[i] != ':')
				secret_value = 0;	/* not a string value: forget the key */
			buf_addch(&out, s[i++]);
			continue;
		}
		end = string_end(s, i + 1, len);
		for (j = end + 1; j < len && json_blank(s[j]); j++)
			;
		buf_addch(&out, '"');
		if (j < len && s[j] == ':') {
			/* A member name: copied as is, remembered for its value. */
			buf_addn(&out, s + i + 1, end - i - 1);
			secret_value = name_is_secret(s + i + 1, end - i - 1);
		} else if (secret_value) {
			if (end - i - 1 != strlen(REDACTED) ||
			    strncmp(s + i + 1, REDACTED, end - i - 1))
				count++;
			buf_add(&out, REDACTED);
			secret_value = 0;
		} else {
			count += redact_string(&out, s + i + 1, end - i - 1);
		}
		if (end < len)
			buf_addch(&out, '"');
		i = end + 1;
	}
	if (count) {
		/* The old text held the secrets: wipe it, keep the new (its
		 * cap stays; a few bytes over it do no harm here). */
		size_t max = body->max;

		redact_wipe(body->buf, body->len);
		buf_release(body);
		*body = out;
		body->max = max;
	} else {
		buf_release(&out);
	}
	return count;
}
