/*
 * clock.c - monotonic and wall clocks, RFC 3339 formatting.
 */
#include "clock.h"

#include <stdio.h>
#include <string.h>

int64_t clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_add_rfc3339(struct buf *b, time_t t)
{
	struct tm tm;
	char out[32];

	gmtime_r(&t, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_add(b, out);
}

void clock_add_rfc3339_ms(struct buf *b, int64_t wall_ms)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char out[32];

	gmtime_r(&t, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_addf(b, "%s.%03dZ", out, (int)(wall_ms % 1000));
}

int clock_parse_date(const char *s, time_t *out)
{
	int y, m, d, n = 0;
	struct tm tm;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1970)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*out = timegm(&tm);
	gmtime_r(out, &tm);
	/* Reject dates that normalise to another day (2026-02-30). */
	return tm.tm_mday == d ? 0 : -1;
}
