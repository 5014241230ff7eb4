/*
 * test_clock.c - unit tests of util/clock.c.
 */
#include "t.h"
#include "util/clock.h"
#include "util/buf.h"

#include <stdlib.h>

void test_clock__dates(void)
{
	struct buf b = BUF_INIT;
	time_t t;

	T_EQ_INT("valid", 0, clock_parse_date("2026-11-29", &t));
	clock_add_rfc3339(&b, t);
	T_EQ_STR("rfc3339", "2026-11-29T00:00:00Z", b.buf);
	T_EQ_INT("feb 30", -1, clock_parse_date("2026-02-30", &t));
	T_EQ_INT("garbage", -1, clock_parse_date("2026-1-1", &t));
	buf_release(&b);
}

void test_clock__iso8601(void)
{
	static const struct {
		const char *in;
		long long epoch;	/* -1: rejected */
	} cases[] = {
		{ "2020-02-23T13:47:58.0000000Z", 1582465678 },
		{ "2020-02-23T13:47:58Z", 1582465678 },
		{ "2020-02-23T14:47:58+01:00", 1582465678 },
		{ "2020-02-23T12:47:58.5-01:00", 1582465678 },
		{ "2020-02-23 13:47:58Z", 1582465678 },
		{ "2020-02-23T13:47:58", 1582465678 },
		{ "2020-02-23", -1 }, { "yesterday", -1 }, { "2020-13-01T00:00:00Z", -1 },
		{ "2020-02-23T13:47:58Zjunk", -1 }, { "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = 0;
		int rc = clock_parse_iso8601(cases[i].in, &t);

		if (cases[i].epoch < 0 ? rc == 0 : rc != 0 || (long long)t != cases[i].epoch)
			T_FAIL("clock_parse_iso8601('%s'): rc %d, %lld", cases[i].in, rc, (long long)t);
	}
}
