/*
 * clock.h - the two clocks irscan uses.  Scheduling (retries, timeouts,
 * token refresh) uses the monotonic clock in milliseconds, because wall
 * time can jump; reports use UTC wall time, formatted RFC 3339.
 */
#ifndef IRSCAN_CLOCK_H
#define IRSCAN_CLOCK_H

#include <stdint.h>
#include <time.h>

#include "util/buf.h"

int64_t clock_mono_ms(void);
/* Wall clock in milliseconds since the epoch. */
int64_t clock_wall_ms(void);
/* Append t (UTC) as "2026-11-29T09:01:27Z". */
void clock_add_rfc3339(struct buf *b, time_t t);
/* Append a wall-clock time in ms as "2026-11-29T09:01:27.123Z". */
void clock_add_rfc3339_ms(struct buf *b, int64_t wall_ms);
/*
 * Parse an ISO 8601 / RFC 3339 time as ARM writes it:
 * "2020-02-23T13:47:58.0000000Z", "...+02:00"; 0 on success.
 */
int clock_parse_iso8601(const char *s, time_t *out);
/* Parse "YYYY-MM-DD" (UTC midnight); 0 on success. */
int clock_parse_date(const char *s, time_t *out);

#endif
