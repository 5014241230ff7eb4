/*
 * pool.c - bump allocation in large blocks, freed together (see pool.h).
 */
#include "util/pool.h"
#include "util/xmalloc.h"

#include <stdalign.h>
#include <string.h>

/* Large enough to make the per-block cost negligible, small enough not to matter when a scan is tiny. */
#define POOL_BLOCK_SIZE (64 * 1024 - 64)

struct pool_block {
	struct pool_block *next;
	size_t used, size;
	alignas(max_align_t) char data[];
};

/* n bytes at a multiple of align (a power of two) in the block. */
static char *take(struct pool *p, size_t n, size_t align)
{
	struct pool_block *b = p->head;
	char *out;

	if (b)
		b->used = xsize_add(b->used, align - 1) & ~(align - 1);
	if (!b || b->used > b->size || b->size - b->used < n) {
		size_t size = n > POOL_BLOCK_SIZE / 4 ? n : POOL_BLOCK_SIZE;

		b = xmalloc(xsize_add(sizeof(*b), size));
		b->used = 0;
		b->size = size;
		if (p->head && size != POOL_BLOCK_SIZE) {
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

void pool_release(struct pool *p)
{
	while (p->head) {
		struct pool_block *next = p->head->next;

		free(p->head);
		p->head = next;
	}
	p->bytes = 0;
}
