/*
 * strvec.h - a NULL-terminated, owned array of strings (git's strvec).
 * `v` is never NULL; `v[n]` is always NULL.
 */
#ifndef IRSCAN_STRVEC_H
#define IRSCAN_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;
	size_t n;
	size_t alloc;
};

extern char *strvec_empty[];
#define STRVEC_INIT { strvec_empty, 0, 0 }

void strvec_init(struct strvec *sv);
/* Append a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
void strvec_pushn(struct strvec *sv, const char *s, size_t n);
/* Append, taking ownership of the malloc'ed s. */
void strvec_push_owned(struct strvec *sv, char *s);
/* Split s on `sep`, trim ASCII blanks, skip empty items, append copies. */
void strvec_split(struct strvec *sv, const char *s, char sep);
/* The same with any byte of `seps` as a separator. */
void strvec_split_any(struct strvec *sv, const char *s, const char *seps);
/* Index of the first case-insensitive match, or -1. */
long strvec_find_ci(const struct strvec *sv, const char *s);
void strvec_clear(struct strvec *sv);

#endif
