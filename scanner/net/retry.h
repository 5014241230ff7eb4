/*
 * retry.h - the retry decision, as a pure function (curl's retrycheck()).
 *
 * Kept apart from http.c so that the policy can be tested with a table:
 * which outcomes are retried, how long to wait, when to give up.  It
 * never sleeps; the caller schedules the retry.
 */
#ifndef IRSCAN_RETRY_H
#define IRSCAN_RETRY_H

/* Base of the exponential backoff and its cap, in milliseconds. */
#define RETRY_BASE_MS 500
#define RETRY_CAP_MS 30000
/* A Retry-After longer than this is not waited for: the request fails. */
#define RETRY_AFTER_MAX_S 300

struct retry_input {
	long status;		/* HTTP status, 0 when no response arrived */
	int transient_transport; /* 1: a transport failure worth retrying */
	unsigned attempt;	/* retries already made for this request */
	unsigned max_retries;
	long retry_after_s;	/* Retry-After header, -1 when absent */
	double jitter;		/* uniform random number in [0, 1) */
	int imds;		/* IMDS: 404 and 410 mean "updating", retry them */
};

/* Milliseconds to wait before the next attempt, or -1: do not retry. */
long retry_delay_ms(const struct retry_input *in);
/*
 * Would this outcome be retried if its Retry-After were not longer than
 * RETRY_AFTER_MAX_S?  Then the request ends at once, saying so.
 */
int retry_wait_refused(const struct retry_input *in);
/* Is this HTTP status one that ARM may clear on retry? */
int retry_status_is_transient(long status);

#endif
