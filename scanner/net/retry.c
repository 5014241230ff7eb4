/*
 * retry.c - which failures are retried and after how long.
 *
 * Retried: 408, 429 and 5xx except 501/505 (those are permanent), and
 * transport failures the caller classed as transient; for the managed
 * identity endpoint (IMDS) also 404 and 410, which mean it is being
 * updated (azure-arm/README.md §9.4).  Never retried:
 * other 4xx, since a 403 or 404 will not change by asking again and
 * retrying them only delays the report.  Waits honour Retry-After; else
 * capped doubling from RETRY_BASE_MS with "equal jitter" (half fixed,
 * half random) so that many throttled requests do not return in step.
 */
#include "net/retry.h"

int retry_status_is_transient(long status)
{
	if (status == 408 || status == 429)
		return 1;
	return status >= 500 && status <= 599 && status != 501 && status != 505;
}

long retry_delay_ms(const struct retry_input *in)
{
	long delay;
	unsigned i;

	if (in->attempt >= in->max_retries)
		return -1;
	if (in->status == 0) {
		if (!in->transient_transport)
			return -1;
	} else if (!retry_status_is_transient(in->status) &&
		   !(in->imds && (in->status == 404 || in->status == 410))) {
		return -1;
	}
	if (in->retry_after_s > 0) {
		if (in->retry_after_s > RETRY_AFTER_MAX_S)
			return -1;
		/* Small spread after the server's own time, never before it. */
		return in->retry_after_s * 1000 + (long)(in->jitter * 250.0);
	}
	delay = RETRY_BASE_MS;
	for (i = 0; i < in->attempt && delay < RETRY_CAP_MS; i++)
		delay *= 2;
	if (delay > RETRY_CAP_MS)
		delay = RETRY_CAP_MS;
	return delay / 2 + (long)(in->jitter * (double)delay / 2.0);
}

int retry_wait_refused(const struct retry_input *in)
{
	struct retry_input without = *in;

	without.retry_after_s = -1;
	return in->retry_after_s > RETRY_AFTER_MAX_S && retry_delay_ms(&without) >= 0;
}
