/*
 * strmap.c - case-insensitive string -> pointer hash map, see strmap.h.
 * Open addressing with linear probing, kept at most half full.
 */
#include "util/strmap.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* FNV-1a over the (lower-cased) bytes: equal keys under strcasecmp hash alike. */
static uint64_t key_hash(const char *s, int exact)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++) {
		h ^= exact ? (unsigned char)*s : (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211u;
	}
	return h;
}

static struct strmap_slot *find_slot(struct strmap_slot *slots, size_t cap, const char *key,
				     int exact)
{
	size_t i = (size_t)key_hash(key, exact) & (cap - 1);

	while (slots[i].key && (exact ? strcmp(slots[i].key, key) : strcasecmp(slots[i].key, key)))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (!key || !m->n)
		return NULL;
	return find_slot(m->slots, m->cap, key, m->exact)->val;
}

static void grow(struct strmap *m)
{
	size_t cap = m->cap ? xsize_mul(m->cap, 2) : 16, i;
	struct strmap_slot *slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find_slot(slots, cap, m->slots[i].key, m->exact) = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

void strmap_add(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot *s;

	if (xsize_mul(m->n + 1, 2) > m->cap)
		grow(m);
	s = find_slot(m->slots, m->cap, key, m->exact);
	if (s->key)
		return;
	s->key = key;
	s->val = val;
	m->n++;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->n = m->cap = 0;	/* `exact` stays: the map is reusable as it was */
}
