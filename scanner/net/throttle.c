/*
 * throttle.c - per-scope blocking and pacing, global token bucket; see
 * throttle.h.  Scopes are kept in a small open-addressing hash table
 * (thousands of subscriptions are looked up on every request start).
 */
#include "net/throttle.h"
#include "net/adapt.h"
#include "util/xmalloc.h"

#include <string.h>

struct scope {
	char *name;		/* NULL: empty slot */
	int64_t blocked_until;	/* after a 429 or an exhausted quota */
	int64_t next_start;	/* pacing: earliest next start */
	long interval_ms;	/* pacing interval, 0 = none */
	long floor_ms;		/* after a 429: its Retry-After, the least
				 * interval until the reads are back */
	long in_flight;		/* started, not answered */
	/*
	 * Resource Graph: queries left until quota_reset_at, -1 unknown.
	 * The last answer's count, less what is in flight, less what starts.
	 */
	long quota_left;
	int64_t quota_reset_at;
	int probing;		/* refilled by how much? one query asks */
	long max_in_flight;	/* 0: only the global concurrency bound */
	/* Its own AIMD bound, from its first 429 on (adapt.h). */
	struct adapt share;
	int shared;
};

struct throttle {
	/*
	 * Pointers, not the scopes themselves: a table half empty (for short
	 * probes) costs 8 bytes a free slot, not a whole scope, and a scan of
	 * 10,000 subscriptions has a scope each (docs/performance.md).
	 */
	struct scope **slots;
	size_t cap, used;
	double rate, tokens, burst;
	int64_t refilled_at;
	int refilled;		/* refilled_at is set */
	unsigned long scopes_throttled;	/* scopes that got a 429 */
};

struct throttle *throttle_new(double max_rate)
{
	struct throttle *t = xcalloc(1, sizeof(*t));

	t->cap = 64;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	t->rate = max_rate > 0 ? max_rate : 0;
	/* A burst of one second's worth, at least one request. */
	t->burst = t->rate > 1 ? t->rate : 1;
	t->tokens = t->burst;
	return t;
}

void throttle_free(struct throttle *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->cap; i++)
		free(t->slots[i]);	/* its name is in the same block */
	free(t->slots);
	free(t);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct scope *find(struct throttle *t, const char *name, int create)
{
	struct scope *sc;
	size_t i, n;

	if (!name)
		return NULL;
	if (create && (t->used + 1) * 2 > t->cap) {
		struct scope **old = t->slots;
		size_t oldcap = t->cap, j;

		t->cap *= 2;
		t->slots = xcalloc(t->cap, sizeof(*t->slots));
		for (j = 0; j < oldcap; j++)
			if (old[j]) {
				for (i = hash(old[j]->name) & (t->cap - 1); t->slots[i];
				     i = (i + 1) & (t->cap - 1))
					;
				t->slots[i] = old[j];
			}
		free(old);
	}
	for (i = hash(name) & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->slots[i]->name, name))
			return t->slots[i];
	if (!create)
		return NULL;
	n = strlen(name) + 1;
	sc = xcalloc(1, xsize_add(sizeof(*sc), n));
	sc->name = memcpy((char *)(sc + 1), name, n);
	sc->quota_left = -1;
	t->slots[i] = sc;
	t->used++;
	return sc;
}

static void refill(struct throttle *t, int64_t now)
{
	if (!t->rate)
		return;
	if (t->refilled && now > t->refilled_at)
		t->tokens += (double)(now - t->refilled_at) * t->rate / 1000.0;
	if (t->tokens > t->burst)
		t->tokens = t->burst;
	if (!t->refilled || now > t->refilled_at)
		t->refilled_at = now;
	t->refilled = 1;
}

void throttle_cap(struct throttle *t, const char *scope, long max_in_flight)
{
	struct scope *s = find(t, scope, 1);

	if (s)
		s->max_in_flight = max_in_flight > 0 ? max_in_flight : 0;
}

int64_t throttle_when(struct throttle *t, const char *scope, int64_t now)
{
	struct scope *s = find(t, scope, 0);
	int64_t when = now;

	if (s) {
		if (s->blocked_until > when)
			when = s->blocked_until;
		if (s->next_start > when)
			when = s->next_start;
		if (s->quota_left == 0 && s->quota_reset_at > when)
			when = s->quota_reset_at;
		if (((s->probing && s->in_flight > 0) ||
		     (s->max_in_flight && s->in_flight >= s->max_in_flight) ||
		     (s->shared && s->in_flight >= s->share.limit)) &&
		    now + THROTTLE_RECHECK_MS > when)
			when = now + THROTTLE_RECHECK_MS;
	}
	if (t->rate) {
		refill(t, now);
		if (t->tokens < 1.0) {
			int64_t w = now + (int64_t)((1.0 - t->tokens) * 1000.0 / t->rate) + 1;

			if (w > when)
				when = w;
		}
	}
	return when;
}

void throttle_started(struct throttle *t, const char *scope, int64_t now)
{
	struct scope *s = find(t, scope, 1);

	if (t->rate) {
		refill(t, now);
		t->tokens -= 1.0;
	}
	if (!s)
		return;
	s->in_flight++;
	if (s->interval_ms || s->floor_ms)
		s->next_start = now + (s->interval_ms > s->floor_ms ? s->interval_ms : s->floor_ms);
	if (s->quota_left >= 0 && s->quota_reset_at && now >= s->quota_reset_at) {
		/* Refilled: this query's answer says by how much; the
		 * others wait for it rather than burst past the quota. */
		s->probing = 1;
		s->quota_left = 0;
		s->quota_reset_at = 0;
	} else if (s->quota_left > 0) {
		s->quota_left--;
	}
}

/*
 * The scope's AIMD share: none until its first 429, which halves what it
 * had in flight (in_flight: the answered request included).
 */
static void share_answer(struct throttle *t, struct scope *s, long status,
			 long remaining, long in_flight)
{
	enum adapt_signal sig = adapt_classify(status, remaining, THROTTLE_LOW_REMAINING);

	if (sig == ADAPT_HEALTHY)
		s->floor_ms = 0;

	if (sig == ADAPT_THROTTLED && !s->shared) {
		adapt_init(&s->share, 0, in_flight);
		s->shared = 1;
		t->scopes_throttled++;
	}
	if (s->shared)
		adapt_answer(&s->share, sig, in_flight);
}

/*
 * Pacing by the reads left: the answer's count was taken before the
 * requests still in flight reached ARM, so they are spent already.
 */
static long pace_ms(long remaining, long in_flight)
{
	long left = remaining - in_flight;

	if (left >= THROTTLE_LOW_REMAINING)
		return 0;
	if (left < -THROTTLE_LOW_REMAINING)
		left = -THROTTLE_LOW_REMAINING;
	return (THROTTLE_LOW_REMAINING - left) * THROTTLE_PACE_STEP_MS;
}

static void learn(struct scope *s, int64_t now, const struct throttle_answer *a);
static int at_rest(const struct scope *s, int64_t now);
static void forget(struct throttle *t, const char *name);

void throttle_answer(struct throttle *t, const char *scope, int64_t now,
		     const struct throttle_answer *a)
{
	struct scope *s;
	long in_flight;

	if (!scope)
		return;
	s = find(t, scope, 1);
	in_flight = s->in_flight > 0 ? s->in_flight : 1;
	if (s->in_flight > 0)
		s->in_flight--;
	share_answer(t, s, a->status, a->ratelimit_remaining, in_flight);
	if (a->status)
		learn(s, now, a);
	if (at_rest(s, now))
		forget(t, scope);
}

/* What an answer says about its scope's limits. */
static void learn(struct scope *s, int64_t now, const struct throttle_answer *a)
{
	if (a->status == 429 && a->wait_ms > 0) {
		if (now + a->wait_ms > s->blocked_until)
			s->blocked_until = now + a->wait_ms;
		/*
		 * A 429 while paced: the bucket refills slower than the pace
		 * (a principal shared with other tools, smaller limits).  One
		 * read per Retry-After (the time ARM names for one read to be
		 * back) until an answer says there is room again.
		 */
		s->floor_ms = a->wait_ms;
	}
	if (a->ratelimit_remaining >= 0)
		s->interval_ms = pace_ms(a->ratelimit_remaining, s->in_flight);
	/*
	 * Resource Graph: queries still in flight will count against what
	 * is left, so start no more than the rest before the reset.
	 */
	if (a->quota_remaining >= 0) {
		s->probing = 0;
		s->quota_left = a->quota_remaining > s->in_flight
			? a->quota_remaining - s->in_flight : 0;
		s->quota_reset_at = a->quota_resets_s >= 0 ? now + a->quota_resets_s * 1000 : 0;
	}
}

/* Does s hold nothing but what a new scope would (in_flight included)? */
static int at_rest(const struct scope *s, int64_t now)
{
	return !s->in_flight && !s->shared && !s->probing && !s->max_in_flight &&
	       !s->interval_ms && !s->floor_ms && s->quota_left < 0 &&
	       s->blocked_until <= now && s->next_start <= now;
}

/*
 * Forget a scope at rest: asked again, it is made anew with the same
 * defaults.  A scan of 10,000 subscriptions then keeps a table of the
 * scopes with requests in flight, not one entry per subscription to the
 * end.  Linear probing: the entries after it move back into the hole
 * unless their home slot lies after the hole.
 */
static void forget(struct throttle *t, const char *name)
{
	size_t mask = t->cap - 1, i, j;

	for (i = hash(name) & mask; t->slots[i]; i = (i + 1) & mask)
		if (!strcmp(t->slots[i]->name, name))
			break;
	if (!t->slots[i])
		return;
	free(t->slots[i]);
	t->slots[i] = NULL;
	t->used--;
	for (j = (i + 1) & mask; t->slots[j]; j = (j + 1) & mask) {
		size_t home = hash(t->slots[j]->name) & mask;

		/* Stays if home is cyclically in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		t->slots[i] = t->slots[j];
		t->slots[j] = NULL;
		i = j;
	}
}

unsigned long throttle_scopes_throttled(const struct throttle *t)
{
	return t->scopes_throttled;
}
