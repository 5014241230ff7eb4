/*
 * xmalloc.c - checked allocation helpers, see xmalloc.h.
 */
#include "util/xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("irscan: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

size_t xsize_add(size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		die("size overflow (%zu + %zu)", a, b);
	return a + b;
}

size_t xsize_mul(size_t a, size_t b)
{
	if (b && a > SIZE_MAX / b)
		die("size overflow (%zu * %zu)", a, b);
	return a * b;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (allocating %zu bytes)", n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory (allocating %zu x %zu bytes)", nmemb, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory (allocating %zu bytes)", n);
	return q;
}

void *xgrow(void *p, size_t *alloc, size_t need, size_t size)
{
	size_t n;

	if (need <= *alloc)
		return p;
	n = *alloc ? *alloc : 4;
	while (n < need)
		n = xsize_add(n, n / 2 + 8);
	p = xrealloc(p, xsize_mul(n, size));
	*alloc = n;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(xsize_add(n, 1));

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
