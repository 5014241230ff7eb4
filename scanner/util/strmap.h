/*
 * strmap.h - a hash map from case-insensitive (ASCII) string keys to
 * pointers, for lookups by id that run once per subscription or target:
 * a linear search there makes a scan quadratic in its scope (issue 18:
 * 10,000 subscriptions).  Keys are borrowed, not copied: each must live
 * as long as its entry, which holds when the key is the value's own id.
 * A zeroed struct strmap is an empty map; set `exact` before the first
 * add to compare keys as strcmp does instead.
 */
#ifndef IRSCAN_STRMAP_H
#define IRSCAN_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	const char *key;
	void *val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t n, cap;		/* cap: 0 or a power of two */
	int exact;		/* keys compared case-sensitively */
};

/* The value of key (compared as strcasecmp, or strcmp when exact), or NULL;
 * key may be NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Add key -> val unless key is there already (the first one stays, as a
 * front-to-back search finds it). */
void strmap_add(struct strmap *m, const char *key, void *val);
void strmap_release(struct strmap *m);

#endif
