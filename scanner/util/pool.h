/*
 * pool.h - many small allocations that live and die together.
 *
 * A scan of a thousand subscriptions keeps some 25,000 findings with
 * their messages, resource ids and observed values until the last report
 * is written.  As separate malloc() blocks, headers and rounding cost
 * about as much as the strings themselves; the pool packs them into
 * large blocks and frees them all at once.  Nothing is freed singly:
 * use it only for data that lives as long as the pool.  The parsed
 * answers (a subscription's contacts, plans, alerts, Sentinel lists) and
 * the waivers and attestations keep their strings in one, so freeing a
 * list is releasing its pool, not a loop over every field.
 *
 * Blocks grow from 1 KiB to 64 KiB as the pool fills: a pool that holds
 * one subscription's few contacts costs one small block.
 */
#ifndef IRSCAN_POOL_H
#define IRSCAN_POOL_H

#include <stddef.h>

#include "util/strvec.h"

struct pool_block;

struct pool {
	struct pool_block *head;	/* the block being filled */
	size_t bytes;			/* allocated from the system */
};
#define POOL_INIT { NULL, 0 }

/* n bytes aligned for pointers and size_t (not long double), zeroed. */
void *pool_alloc(struct pool *p, size_t n);
/* A copy of s (n bytes, then a NUL). */
char *pool_strndup(struct pool *p, const char *s, size_t n);
char *pool_strdup(struct pool *p, const char *s);
/* The same, or NULL when s is NULL (an optional field). */
char *pool_strdup_or_null(struct pool *p, const char *s);
/*
 * Move sv's strings and array into the pool and free sv's own memory:
 * sv reads as before (v, n, v[n] NULL) but belongs to the pool from then
 * on, so it is never pushed to or cleared (alloc is 0, as for an empty
 * strvec).
 */
void pool_adopt_strvec(struct pool *p, struct strvec *sv);
/* Free every block; the pool is empty and reusable. */
void pool_release(struct pool *p);

#endif
