/*
 * resid.c - normalise ARM resource ids, see resid.h.  Only the form is
 * fixed; whether an id is valid for a request is arm_id_is()'s question.
 */
#include "model/resid.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The normalised form of id into b. */
static void normalise(struct buf *b, const char *id)
{
	const char *a = id, *z = id + strlen(id);

	while (a < z && is_blank(*a))
		a++;
	while (z > a && is_blank(z[-1]))
		z--;
	if (!strncasecmp(a, "subscriptions/", 14) || !strncasecmp(a, "providers/", 10))
		buf_addch(b, '/');
	while (z - a > 1 && z[-1] == '/')
		z--;
	buf_addn(b, a, (size_t)(z - a));
}

char *resid_dup(const char *id)
{
	struct buf b = BUF_INIT;

	if (!id)
		return NULL;
	normalise(&b, id);
	return buf_detach(&b, NULL);
}

char *resid_pool_dup(struct pool *p, const char *id)
{
	struct buf b = BUF_INIT;
	char *out;

	if (!id)
		return NULL;
	normalise(&b, id);
	out = pool_strndup(p, b.buf, b.len);
	buf_release(&b);
	return out;
}

int resid_eq(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int same;

	if (!a || !b)
		return a == b;
	normalise(&x, a);
	normalise(&y, b);
	same = !strcasecmp(x.buf, y.buf);
	buf_release(&x);
	buf_release(&y);
	return same;
}

const char *resid_subscription(const char *id, size_t *n)
{
	const char *p = id && !strncasecmp(id, "/subscriptions/", 15) ? id + 15 : NULL;

	*n = p ? strcspn(p, "/") : 0;
	return p;
}

int resid_is_guid(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = s[i];

		if (dash ? c != '-' : !((c >= '0' && c <= '9') ||
					(c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

void resid_add_path(struct buf *b, const char *id)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)id; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/()!$&'*+,;=:@", *p)) {
			buf_addch(b, (char)*p);
		} else {
			buf_addch(b, '%');
			buf_addch(b, hex[*p >> 4]);
			buf_addch(b, hex[*p & 15]);
		}
	}
}
