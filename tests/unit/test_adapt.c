/*
 * test_adapt.c - unit tests of net/adapt.c: the AIMD bound on requests
 * in flight, driven by tables of answers.
 */
#include "t.h"
#include "net/adapt.h"

void test_adapt__classify(void)
{
	T_EQ_INT("429", ADAPT_THROTTLED, adapt_classify(429, 100, 50));
	T_EQ_INT("429 with reads left", ADAPT_THROTTLED, adapt_classify(429, -1, 50));
	T_EQ_INT("200, no header", ADAPT_HEALTHY, adapt_classify(200, -1, 50));
	T_EQ_INT("200, room", ADAPT_HEALTHY, adapt_classify(200, 50, 50));
	T_EQ_INT("404 is an answer", ADAPT_HEALTHY, adapt_classify(404, 200, 50));
	T_EQ_INT("200, low on reads", ADAPT_NEUTRAL, adapt_classify(200, 49, 50));
	T_EQ_INT("503", ADAPT_NEUTRAL, adapt_classify(503, 200, 50));
	T_EQ_INT("no answer", ADAPT_NEUTRAL, adapt_classify(0, -1, 50));
}

void test_adapt__starts_low_and_never_passes_the_cap(void)
{
	struct adapt a;
	int i;

	adapt_init(&a, 64, ADAPT_START);
	T_EQ_INT("starts at ADAPT_START", 16, a.limit);
	/* Saturated and healthy: one more per answer (doubles per round trip). */
	for (i = 0; i < 16; i++)
		adapt_answer(&a, ADAPT_HEALTHY, a.limit);
	T_EQ_INT("16 healthy answers at the bound", 32, a.limit);
	for (i = 0; i < 100; i++)
		adapt_answer(&a, ADAPT_HEALTHY, a.limit);
	T_EQ_INT("capped", 64, a.limit);
	T_EQ_INT("peak", 64, a.peak);

	adapt_init(&a, 8, ADAPT_START);
	T_EQ_INT("a cap under the start wins", 8, a.limit);
	adapt_init(&a, 1, ADAPT_START);
	adapt_answer(&a, ADAPT_HEALTHY, 1);
	T_EQ_INT("--concurrency 1 stays 1", 1, a.limit);
}

void test_adapt__grows_only_when_used_and_healthy(void)
{
	struct adapt a;
	int i;

	adapt_init(&a, 64, 16);
	for (i = 0; i < 50; i++)
		adapt_answer(&a, ADAPT_HEALTHY, 7);
	T_EQ_INT("under half the bound in use: no growth", 16, a.limit);
	adapt_answer(&a, ADAPT_HEALTHY, 8);
	T_EQ_INT("half in use: grows", 17, a.limit);
	for (i = 0; i < 50; i++)
		adapt_answer(&a, ADAPT_NEUTRAL, 17);
	T_EQ_INT("low reads, errors: no growth", 17, a.limit);
}

void test_adapt__halves_once_per_burst_then_grows_by_windows(void)
{
	struct adapt a;
	int i;

	adapt_init(&a, 64, 40);
	adapt_answer(&a, ADAPT_THROTTLED, 12);
	T_EQ_INT("halved from what was in flight", 6, a.limit);
	T_EQ_INT("the rest of the burst drains", 11, a.draining);
	for (i = 0; i < 11; i++)
		adapt_answer(&a, i % 2 ? ADAPT_THROTTLED : ADAPT_HEALTHY, 11 - i);
	T_EQ_INT("429s of the same burst do not halve again", 6, a.limit);
	T_EQ_INT("but count", 6, a.throttled);
	T_EQ_INT("one cut", 1, a.cuts);
	/* After a cut: one more per window of `limit` healthy answers. */
	for (i = 0; i < 5; i++)
		adapt_answer(&a, ADAPT_HEALTHY, 6);
	T_EQ_INT("not yet a window", 6, a.limit);
	adapt_answer(&a, ADAPT_HEALTHY, 6);
	T_EQ_INT("a window: one more", 7, a.limit);
	adapt_answer(&a, ADAPT_THROTTLED, 7);
	T_EQ_INT("a new burst halves again", 3, a.limit);
	for (i = 0; i < 6; i++)
		adapt_answer(&a, ADAPT_NEUTRAL, 6 - i);
	adapt_answer(&a, ADAPT_THROTTLED, 1);
	T_EQ_INT("alone in flight: 1", 1, a.limit);
	adapt_answer(&a, ADAPT_THROTTLED, 1);
	T_EQ_INT("never below 1", 1, a.limit);
	T_EQ_INT("peak kept", 40, a.peak);
}

void test_adapt__uncapped_share(void)
{
	struct adapt a;
	int i;

	adapt_init(&a, 0, 5);
	adapt_answer(&a, ADAPT_THROTTLED, 5);
	T_EQ_INT("a scope's share: half of its 5", 2, a.limit);
	for (i = 0; i < 4; i++)
		adapt_answer(&a, ADAPT_NEUTRAL, 4 - i);
	for (i = 0; i < 2 + 3 + 4; i++)
		adapt_answer(&a, ADAPT_HEALTHY, a.limit);
	T_EQ_INT("grows back by windows", 5, a.limit);
}
