/*
 * resid.c - normalise ARM resource ids, see resid.h.  Only the form is
 * fixed; whether an id is valid for a request is arm_id_is()'s question.
 */
#include "resid.h"
#include "buf.h"
#include "xmalloc.h"

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
