/*
 * pool.c - bump allocation in large blocks, freed together (see pool.h).
 */
#include "util/pool.h"
#include "util/xmalloc.h"

#include <stdalign.h>
#include <string.h>

/*
 * Blocks double from POOL_FIRST_BLOCK to POOL_BLOCK_MAX bytes (less
 * POOL_BLOCK_SLACK for the block's header and malloc's), each about the
 * size of all before it: large enough to make the per-block cost
 * negligible, small enough not to matter when a pool holds a few strings.
 */
#define POOL_FIRST_BLOCK 1024
#define POOL_BLOCK_MAX (64 * 1024)
#define POOL_BLOCK_SLACK 64

struct pool_block {
	struct pool_block *next;
	size_t used, size;
	alignas(max_align_t) char data[];
};

/* The data size of the pool's next ordinary block. */
static size_t block_size(const struct pool *p)
{
	size_t size = POOL_FIRST_BLOCK;

	while (size < POOL_BLOCK_MAX && size <= p->bytes)
		size *= 2;
	return size - POOL_BLOCK_SLACK;
}

/* n bytes at a multiple of align (a power of two) in the block. */
static char *take(struct pool *p, size_t n, size_t align)
{
	struct pool_block *b = p->head;
	char *out;

	if (b)
		b->used = xsize_add(b->used, align - 1) & ~(align - 1);
	if (!b || b->used > b->size || b->size - b->used < n) {
		size_t ordinary = block_size(p);
		int outsized = n > ordinary / 4;
		size_t size = outsized ? n : ordinary;

		b = xmalloc(xsize_add(sizeof(*b), size));
		b->used = 0;
		b->size = size;
		if (p->head && outsized) {
			/* An outsized request: keep filling the current block. */
			b->next = p->head->next;
			p->head->next = b;
		} else {
			b->next = p->head;
			p->head = b;
		}
		p->bytes = xsize_add(p->bytes, size);
	}
	out = b->data + b->used;
	b->used += n;
	return out;
}

void *pool_alloc(struct pool *p, size_t n)
{
	/* Pointers and sizes are all the pool holds: no need for 16. */
	return memset(take(p, n, alignof(void *)), 0, n);
}

char *pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *out = take(p, xsize_add(n, 1), 1);

	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

char *pool_strdup(struct pool *p, const char *s)
{
	return pool_strndup(p, s, strlen(s));
}

char *pool_strdup_or_null(struct pool *p, const char *s)
{
	return s ? pool_strdup(p, s) : NULL;
}

void pool_adopt_strvec(struct pool *p, struct strvec *sv)
{
	char **v;
	size_t i, n = sv->n;

	if (!n) {
		strvec_clear(sv);
		return;
	}
	v = pool_alloc(p, xsize_mul(xsize_add(n, 1), sizeof(*v)));
	for (i = 0; i < n; i++)
		v[i] = pool_strdup(p, sv->v[i]);
	strvec_clear(sv);
	sv->v = v;	/* v[n] is NULL: pool_alloc zeroes */
	sv->n = n;
}

void pool_release(struct pool *p)
{
	while (p->head) {
		struct pool_block *next = p->head->next;

		free(p->head);
		p->head = next;
	}
	p->bytes = 0;
}
