/*
 * adapt.h - how many requests may be in flight now: additive increase,
 * multiplicative decrease (AIMD, TCP's congestion control, RFC 5681),
 * applied to Azure's read limits, as a pure state machine (no I/O, no
 * clock), so the policy is tested with a table of answers.
 *
 * ARM limits reads per subscription and principal with a token bucket
 * (250 reads, refilling 25 a second; tenant-level reads a bucket of their
 * own: azure-arm/README.md §8.4, https://learn.microsoft.com/azure/
 * azure-resource-manager/management/request-limits-and-throttling), not
 * the number of requests in flight: over a whole tenant a scan is bound
 * by latency, and more in flight is faster until a bucket runs dry.  So
 * one `struct adapt` bounds the run: it starts at ADAPT_START, grows while
 * the answers are healthy and the bound is what holds the scan back, and
 * never exceeds --concurrency.  Each throttling scope gets one of its own
 * at its first 429: half of what that scope had in flight, grown back by
 * one per window of healthy answers.  net/http.c and net/throttle.c report
 * every answer; the remaining-reads pacing stays in throttle.c.
 */
#ifndef IRSCAN_ADAPT_H
#define IRSCAN_ADAPT_H

/* In flight at the start of a run (the old fixed default). */
#define ADAPT_START 16

enum adapt_signal {
	ADAPT_NEUTRAL,		/* no sign either way: no answer, an error, or
				 * a scope low on reads (paced, not grown) */
	ADAPT_HEALTHY,		/* answered, and the quota leaves room */
	ADAPT_THROTTLED,	/* 429: halve */
};

struct adapt {
	long cap;		/* the hard bound (--concurrency); 0: none */
	long limit;		/* in flight allowed now, 1..cap */
	long acks;		/* healthy answers since the limit last grew */
	long draining;		/* answers still due from before the last cut */
	int cut;		/* halved once: grow by one per window, not per answer */
	long peak;		/* highest limit reached */
	unsigned long throttled;	/* 429s reported */
	unsigned long cuts;	/* times the limit was halved */
};

/* start is clamped to 1..cap. */
void adapt_init(struct adapt *a, long cap, long start);
/*
 * What an answer says: status 0 for no answer; remaining is the
 * x-ms-ratelimit-remaining-*-reads value (-1 when not sent), healthy only
 * from low_mark up.
 */
enum adapt_signal adapt_classify(long status, long remaining, long low_mark);
/*
 * Learn from one answer.  in_flight: the requests this bound covered when
 * the answer came, the answered one included.  Grows only when at least
 * half the limit was in use (RFC 7661: an unused limit proves nothing).
 */
void adapt_answer(struct adapt *a, enum adapt_signal sig, long in_flight);

#endif
