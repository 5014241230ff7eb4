/*
 * test_retry.c - unit tests of net/retry.c.
 */
#include "t.h"
#include "net/retry.h"

#include <stdlib.h>

void test_retry__policy(void)
{
	static const struct {
		long status;
		int transient;
		unsigned attempt;
		long retry_after;
		long min_ms, max_ms;	/* -1, -1: no retry */
	} cases[] = {
		{ 429, 0, 0, 2, 2000, 2250 },
		{ 429, 0, 0, -1, 250, 500 },
		{ 503, 0, 1, -1, 500, 1000 },
		{ 500, 0, 3, -1, 2000, 4000 },
		{ 502, 0, 4, -1, 4000, 8000 },
		{ 504, 0, 0, 1, 1000, 1250 },
		{ 408, 0, 0, -1, 250, 500 },
		{ 0, 1, 0, -1, 250, 500 },	/* transient transport error */
		{ 0, 0, 0, -1, -1, -1 },	/* TLS failure: no retry */
		{ 400, 0, 0, -1, -1, -1 },
		{ 401, 0, 0, -1, -1, -1 },
		{ 403, 0, 0, -1, -1, -1 },
		{ 404, 0, 0, -1, -1, -1 },
		{ 409, 0, 0, -1, -1, -1 },
		{ 501, 0, 0, -1, -1, -1 },
		{ 503, 0, 5, -1, -1, -1 },	/* budget spent */
		{ 429, 0, 0, 301, -1, -1 },	/* Retry-After beyond the limit */
		{ 500, 0, 10, -1, -1, -1 },
	};
	size_t i;
	double j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (j = 0.0; j < 1.0; j += 0.33) {
			struct retry_input in = { cases[i].status, cases[i].transient,
						  cases[i].attempt, 5, cases[i].retry_after, j, 0 };
			long d = retry_delay_ms(&in);

			if (cases[i].min_ms < 0 ? d != -1 : d < cases[i].min_ms || d > cases[i].max_ms)
				T_FAIL("status %ld attempt %u retry-after %ld jitter %.2f: "
				       "got %ld ms, want %ld..%ld", cases[i].status,
				       cases[i].attempt, cases[i].retry_after, j, d,
				       cases[i].min_ms, cases[i].max_ms);
		}
	}
	/* The managed identity endpoint: 404 and 410 mean "updating". */
	{
		struct retry_input in = { 404, 0, 0, 5, -1, 0.5, 1 };

		T_ASSERT(retry_delay_ms(&in) > 0);
		in.status = 410;
		T_ASSERT(retry_delay_ms(&in) > 0);
		in.status = 400;
		T_EQ_INT("IMDS 400 is not retried", -1, retry_delay_ms(&in));
		in.status = 404;
		in.imds = 0;
		T_EQ_INT("ARM 404 is not retried", -1, retry_delay_ms(&in));
	}
}

/* Which refusals are "Azure asked for a longer wait than irscan gives". */
void test_retry__wait_refused(void)
{
	static const struct {
		long status;
		unsigned attempt;
		long retry_after;
		int refused;
	} cases[] = {
		{ 429, 0, 3600, 1 },
		{ 503, 0, 301, 1 },
		{ 429, 0, 300, 0 },	/* waited */
		{ 429, 0, -1, 0 },
		{ 429, 5, 3600, 0 },	/* budget spent: not because of the wait */
		{ 403, 0, 3600, 0 },	/* never retried anyway */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct retry_input in = { cases[i].status, 0, cases[i].attempt, 5,
					  cases[i].retry_after, 0.5, 0 };

		if (retry_wait_refused(&in) != cases[i].refused)
			T_FAIL("status %ld attempt %u retry-after %ld: refused %d, want %d",
			       cases[i].status, cases[i].attempt, cases[i].retry_after,
			       retry_wait_refused(&in), cases[i].refused);
	}
}
