/*
 * test_strmap.c - unit tests of util/strmap.c.
 */
#include "t.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_strmap__case_insensitive_first_stays(void)
{
	struct strmap m = { 0 };
	int a = 1, b = 2;

	T_ASSERT(strmap_get(&m, "x") == NULL);
	T_ASSERT(strmap_get(&m, NULL) == NULL);
	strmap_add(&m, "/Subscriptions/ABC", &a);
	strmap_add(&m, "/subscriptions/abc", &b);
	T_EQ_INT("entries", 1, m.n);
	T_ASSERT(strmap_get(&m, "/SUBSCRIPTIONS/abc") == &a);
	T_ASSERT(strmap_get(&m, "/subscriptions/abd") == NULL);
	strmap_release(&m);
	T_EQ_INT("released", 0, m.n);
}

void test_strmap__grows(void)
{
	struct strmap m = { 0 };
	char (*keys)[16] = calloc(5000, sizeof(*keys));
	size_t i, found = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "Id-%zu", i);
		strmap_add(&m, keys[i], keys[i]);
	}
	for (i = 0; i < 5000; i++) {
		char k[16];

		snprintf(k, sizeof(k), "iD-%zu", i);
		found += strmap_get(&m, k) == keys[i];
	}
	T_EQ_INT("all found", 5000, found);
	T_EQ_INT("entries", 5000, m.n);
	T_ASSERT(m.cap >= 2 * m.n);
	strmap_release(&m);
	free(keys);
}

void test_strmap__exact(void)
{
	struct strmap m = { 0 };
	int a = 1, b = 2;

	m.exact = 1;
	strmap_add(&m, "Standard", &a);
	strmap_add(&m, "standard", &b);
	T_EQ_INT("entries", 2, m.n);
	T_ASSERT(strmap_get(&m, "standard") == &b);
	T_ASSERT(strmap_get(&m, "STANDARD") == NULL);
	strmap_release(&m);
}
