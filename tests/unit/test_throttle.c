/*
 * test_throttle.c - unit tests of net/throttle.c.
 */
#include "t.h"
#include "net/throttle.h"

#include <stdio.h>
#include <stdlib.h>

void test_throttle__scopes_pacing_and_rate(void)
{
	struct throttle *t = throttle_new(0);
	struct throttle_answer a429 = { 429, 2000, -1, -1, -1 };
	struct throttle_answer low = { 200, 0, 10, -1, -1 };
	struct throttle_answer fine = { 200, 0, 200, -1, -1 };
	struct throttle_answer quota = { 200, 0, -1, 0, 5 };

	T_EQ_INT("unknown scope starts now", 1000, throttle_when(t, "a", 1000));
	throttle_answer(t, "a", 1000, &a429);
	T_EQ_INT("429 blocks its scope", 3000, throttle_when(t, "a", 1500));
	T_EQ_INT("other scopes go on", 1500, throttle_when(t, "b", 1500));
	T_EQ_INT("NULL scope goes on", 1500, throttle_when(t, NULL, 1500));
	T_EQ_INT("after the wait", 3000, throttle_when(t, "a", 3000));
	throttle_answer(t, "b", 4000, &low);
	throttle_started(t, "b", 4000);
	T_EQ_INT("low reads: paced", 4000 + (THROTTLE_LOW_REMAINING - 10) * THROTTLE_PACE_STEP_MS,
		 throttle_when(t, "b", 4001));
	throttle_answer(t, "b", 4100, &fine);
	throttle_started(t, "b", 4200);
	T_EQ_INT("enough reads: not paced", 4201, throttle_when(t, "b", 4201));
	throttle_answer(t, "resourcegraph", 5000, &quota);
	T_EQ_INT("exhausted quota waits for its reset", 10000, throttle_when(t, "resourcegraph", 5000));
	throttle_free(t);

	/* A known quota is a budget: queries in flight and started count. */
	t = throttle_new(0);
	{
		struct throttle_answer three = { 200, 0, -1, 3, 5 };
		struct throttle_answer none = { 0, 0, -1, -1, -1 };

		throttle_started(t, "rg", 0);
		throttle_answer(t, "rg", 100, &three);	/* 3 left, none in flight */
		throttle_started(t, "rg", 100);
		throttle_started(t, "rg", 100);
		T_EQ_INT("quota left: may start", 100, throttle_when(t, "rg", 100));
		throttle_started(t, "rg", 100);
		T_EQ_INT("quota spent by starts: wait for the reset", 5100,
			 throttle_when(t, "rg", 100));
		throttle_answer(t, "rg", 200, &three);	/* 3 left, 2 still in flight */
		T_EQ_INT("one more after an answer", 200, throttle_when(t, "rg", 200));
		throttle_started(t, "rg", 200);
		T_EQ_INT("then none", 5200, throttle_when(t, "rg", 200));
		throttle_answer(t, "rg", 300, &none);	/* transport failure */
		throttle_answer(t, "rg", 300, &none);
		throttle_answer(t, "rg", 300, &none);
		T_EQ_INT("after the reset: one may go", 5200, throttle_when(t, "rg", 5200));
		throttle_started(t, "rg", 5200);
		T_EQ_INT("the others wait for its answer", 5200 + THROTTLE_RECHECK_MS,
			 throttle_when(t, "rg", 5200));
		throttle_answer(t, "rg", 5300, &three);
		T_EQ_INT("refilled: goes on", 5300, throttle_when(t, "rg", 5300));
	}
	throttle_free(t);

	t = throttle_new(2);	/* 2 a second, burst 2 */
	throttle_started(t, NULL, 0);
	throttle_started(t, NULL, 0);
	T_ASSERT(throttle_when(t, NULL, 0) >= 499 && throttle_when(t, NULL, 0) <= 501);
	T_EQ_INT("a token after 500 ms", 600, throttle_when(t, NULL, 600));
	throttle_free(t);
}

void test_throttle__a_429_halves_its_scope_share(void)
{
	struct throttle *t = throttle_new(0);
	struct throttle_answer a429 = { 429, 1000, 0, -1, -1 };
	struct throttle_answer fine = { 200, 0, 200, -1, -1 };
	struct throttle_answer low = { 200, 0, 60, -1, -1 };
	int i;

	for (i = 0; i < 8; i++)
		throttle_started(t, "s", 0);
	T_EQ_INT("no share before a 429", 0, throttle_when(t, "s", 0));
	T_EQ_INT("no scope throttled yet", 0, throttle_scopes_throttled(t));
	throttle_answer(t, "s", 10, &a429);	/* 8 in flight: 4 allowed */
	T_EQ_INT("one scope throttled", 1, throttle_scopes_throttled(t));
	T_EQ_INT("blocked for Retry-After", 1010, throttle_when(t, "s", 10));
	for (i = 0; i < 4; i++)
		throttle_answer(t, "s", 20, &fine);	/* 3 left in flight */
	T_EQ_INT("under its share: may start after the wait", 1010, throttle_when(t, "s", 1010));
	throttle_started(t, "s", 1010);
	T_EQ_INT("at its share of 4: waits for an answer", 1010 + THROTTLE_RECHECK_MS,
		 throttle_when(t, "s", 1010));
	T_EQ_INT("another scope is not held", 1010, throttle_when(t, "o", 1010));
	throttle_free(t);

	/* Reads in flight count as spent: 60 left with 20 in flight is 40. */
	t = throttle_new(0);
	for (i = 0; i < 21; i++)
		throttle_started(t, "p", 0);
	throttle_answer(t, "p", 0, &low);
	throttle_started(t, "p", 0);
	T_EQ_INT("paced by what is left after those in flight",
		 (THROTTLE_LOW_REMAINING - 40) * THROTTLE_PACE_STEP_MS, throttle_when(t, "p", 1));
	throttle_free(t);
}

/*
 * Scopes at rest are forgotten (a table of 10,000 subscriptions' scopes
 * was kept to the end): the ones that hold state stay findable however
 * the entries around them come and go.
 */
void test_throttle__scopes_at_rest_are_forgotten(void)
{
	struct throttle *t = throttle_new(0);
	struct throttle_answer a429 = { 429, 2000, -1, -1, -1 };
	struct throttle_answer fine = { 200, 0, 200, -1, -1 };
	char name[32];
	int i;

	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "/subscriptions/%d", i);
		throttle_started(t, name, 1000);
	}
	throttle_cap(t, "/subscriptions/7", 2);
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "/subscriptions/%d", i);
		throttle_answer(t, name, 1000, i % 500 == 250 ? &a429 : &fine);
	}
	for (i = 250; i < 3000; i += 500) {
		snprintf(name, sizeof(name), "/subscriptions/%d", i);
		T_EQ_INT(name, 3000, throttle_when(t, name, 1500));
	}
	T_EQ_INT("a scope at rest starts now", 1500, throttle_when(t, "/subscriptions/8", 1500));
	throttle_started(t, "/subscriptions/7", 1500);
	throttle_started(t, "/subscriptions/7", 1500);
	T_ASSERT(throttle_when(t, "/subscriptions/7", 1500) > 1500);	/* its cap stayed */
	T_EQ_INT("throttled scopes", 6, throttle_scopes_throttled(t));
	throttle_free(t);
}
