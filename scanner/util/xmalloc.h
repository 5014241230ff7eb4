/*
 * xmalloc.h - allocation that never returns NULL (tmux's xmalloc.c).
 * Running out of memory, or a size computation that overflows, stops the
 * program with one line on stderr: no caller has a sensible way to go on,
 * and a half-built report would be worse than none.
 */
#ifndef IRSCAN_XMALLOC_H
#define IRSCAN_XMALLOC_H

#include <stddef.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define NORETURN
#define PRINTF_LIKE(f, a)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of `size`-byte elements to hold at least `need`. */
void *xgrow(void *p, size_t *alloc, size_t need, size_t size);
char *xstrdup(const char *s);
/* xstrdup that maps NULL to NULL. */
char *xstrdup_or_null(const char *s);
char *xstrndup(const char *s, size_t n);
size_t xsize_add(size_t a, size_t b);
size_t xsize_mul(size_t a, size_t b);
/* Programmer error or resource exhaustion: print and exit(70). */
NORETURN void die(const char *fmt, ...) PRINTF_LIKE(1, 2);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
