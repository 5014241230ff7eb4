/*
 * throttle.h - when may the next request start, given Azure's limits?
 *
 * ARM throttles per subscription (and per tenant for tenant-level reads)
 * with a token bucket (azure-arm/README.md §8.4): a 429 with Retry-After
 * means every request of that scope would be refused until then, so the
 * whole scope waits, while other scopes keep going.  The remaining quota
 * that ARM reports on each answer (x-ms-ratelimit-remaining-*-reads,
 * Resource Graph's x-ms-user-quota-remaining) lets a scope slow down
 * before it runs dry.  --max-rate adds one global token bucket for
 * service principals shared with other tools.  No I/O here: the http
 * loop asks and reports; times are monotonic milliseconds.
 */
#ifndef IRSCAN_THROTTLE_H
#define IRSCAN_THROTTLE_H

#include <stdint.h>

/*
 * Below this many remaining reads (less those in flight) a subscription
 * is paced, and its answers do not let concurrency grow (adapt.h).
 */
#define THROTTLE_LOW_REMAINING 50
/* Pacing per missing read below that mark, in ms (50 missing: 200 ms
 * apart, 5 a second: a fifth of ARM's refill; at most twice that when
 * more are in flight than ARM said were left). */
#define THROTTLE_PACE_STEP_MS 4

/* A request held back until some answer arrives looks again this often
 * (a query probing a refilled quota, a scope at its in-flight cap). */
#define THROTTLE_RECHECK_MS 50

struct throttle;

/* max_rate: requests per second for the global bucket; 0 = unlimited. */
struct throttle *throttle_new(double max_rate);
void throttle_free(struct throttle *t);

/* At most max_in_flight requests of scope at once (0: no cap). */
void throttle_cap(struct throttle *t, const char *scope, long max_in_flight);
/*
 * The earliest time a request of `scope` (NULL: none) may start: `now`
 * when it may start at once.
 */
int64_t throttle_when(struct throttle *t, const char *scope, int64_t now);
/*
 * A request of `scope` starts now (takes a global token, paces the
 * scope, takes one of a known quota).  Every start is followed by one
 * throttle_answer(), with status 0 when no answer came.
 */
void throttle_started(struct throttle *t, const char *scope, int64_t now);

struct throttle_answer {
	long status;
	long wait_ms;		/* for a 429: how long the scope must wait */
	long ratelimit_remaining;	/* -1 when not sent */
	long quota_remaining;	/* -1 when not sent */
	long quota_resets_s;	/* -1 when not sent */
};
/*
 * Learn from an answer of `scope`.  A 429 also halves what the scope may
 * have in flight from then on (its AIMD share, adapt.h), which grows back
 * while its answers are healthy, and paces the scope at one request per
 * Retry-After until an answer shows reads above THROTTLE_LOW_REMAINING.
 */
void throttle_answer(struct throttle *t, const char *scope, int64_t now,
		     const struct throttle_answer *a);
/* How many scopes got a 429 so far. */
unsigned long throttle_scopes_throttled(const struct throttle *t);

#endif
