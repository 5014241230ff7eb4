/*
 * strvec.c - owned string arrays, see strvec.h.
 */
#include "util/strvec.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

char *strvec_empty[1];

void strvec_init(struct strvec *sv)
{
	sv->v = strvec_empty;
	sv->n = 0;
	sv->alloc = 0;
}

void strvec_push_owned(struct strvec *sv, char *s)
{
	if (!sv->alloc)
		sv->v = NULL;
	sv->v = xgrow(sv->v, &sv->alloc, xsize_add(sv->n, 2), sizeof(char *));
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

void strvec_pushn(struct strvec *sv, const char *s, size_t n)
{
	strvec_push_owned(sv, xstrndup(s, n));
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void strvec_split(struct strvec *sv, const char *s, char sep)
{
	char seps[2] = { sep, 0 };

	strvec_split_any(sv, s, seps);
}

void strvec_split_any(struct strvec *sv, const char *s, const char *seps)
{
	while (*s) {
		size_t len = strcspn(s, seps);
		const char *end = s[len] ? s + len : NULL;
		const char *stop = s + len;
		const char *a = s, *z = stop;

		while (a < z && is_blank(*a))
			a++;
		while (z > a && is_blank(z[-1]))
			z--;
		if (z > a)
			strvec_pushn(sv, a, (size_t)(z - a));
		if (!end)
			break;
		s = end + 1;
	}
}

long strvec_find_ci(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcasecmp(sv->v[i], s))
			return (long)i;
	return -1;
}

void strvec_clear(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	if (sv->alloc)
		free(sv->v);
	strvec_init(sv);
}
