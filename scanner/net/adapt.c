/*
 * adapt.c - the AIMD bound on requests in flight; see adapt.h.
 */
#include "net/adapt.h"

void adapt_init(struct adapt *a, long cap, long start)
{
	a->cap = cap > 0 ? cap : 0;
	if (a->cap && start > a->cap)
		start = a->cap;
	a->limit = start > 0 ? start : 1;
	a->acks = 0;
	a->draining = 0;
	a->cut = 0;
	a->peak = a->limit;
	a->throttled = 0;
	a->cuts = 0;
}

enum adapt_signal adapt_classify(long status, long remaining, long low_mark)
{
	if (status == 429)
		return ADAPT_THROTTLED;
	/* 5xx and no answer at all say nothing about room to grow. */
	if (status < 200 || status >= 500)
		return ADAPT_NEUTRAL;
	if (remaining >= 0 && remaining < low_mark)
		return ADAPT_NEUTRAL;
	return ADAPT_HEALTHY;
}

static void grow(struct adapt *a)
{
	if (a->cap && a->limit >= a->cap)
		return;
	a->limit++;
	if (a->limit > a->peak)
		a->peak = a->limit;
}

/*
 * Halve from what was really in flight (a limit that was never reached
 * halved would change nothing), at least 1.  The answers of requests
 * sent before the cut (`draining`) are of the same burst: a 429 among
 * them does not halve again.
 */
static void cut(struct adapt *a, long in_flight)
{
	long base = in_flight < a->limit ? in_flight : a->limit;

	a->limit = base / 2 > 1 ? base / 2 : 1;
	a->draining = in_flight > 1 ? in_flight - 1 : 0;
	a->acks = 0;
	a->cut = 1;
	a->cuts++;
}

void adapt_answer(struct adapt *a, enum adapt_signal sig, long in_flight)
{
	if (sig == ADAPT_THROTTLED) {
		a->throttled++;
		if (a->draining > 0)
			a->draining--;
		else
			cut(a, in_flight);
		return;
	}
	if (a->draining > 0) {
		a->draining--;
		return;
	}
	if (sig != ADAPT_HEALTHY || in_flight * 2 < a->limit)
		return;
	if (!a->cut) {
		/* Slow start: one more per answer doubles the bound each round
		 * trip, until the first 429 says where the room ends. */
		grow(a);
		return;
	}
	/* Congestion avoidance: one more per window of answers. */
	if (++a->acks >= a->limit) {
		a->acks = 0;
		grow(a);
	}
}
