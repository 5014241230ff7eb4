/*
 * http.h - all network I/O of irscan, on one libcurl multi handle.
 *
 * Callers (auth, arm, collect) describe a request, submit it and get a
 * callback with the final response: retries of 429/5xx/transport errors
 * happen inside, scheduled (never slept on) per retry.h.  Nothing outside
 * http.c ever sees a CURL handle.  The loop runs as many transfers at once
 * as the adaptive bound allows (adapt.h: grows while answers are healthy,
 * never over `concurrency`) over reused connections (HTTP/2 multiplexing
 * where the server offers it); TLS verification is always on.
 */
#ifndef IRSCAN_HTTP_H
#define IRSCAN_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/strvec.h"

struct http;
struct http_exchange;
struct http_response;

struct http_options {
	long concurrency;	/* transfers in flight at most: the hard cap of
				 * the adaptive bound (adapt.h), which starts
				 * at ADAPT_START */
	long timeout_ms;	/* per attempt, from when it is sent */
	long deadline_ms;	/* the whole run, from http_new(); 0: none */
	unsigned max_retries;
	const char *ca_bundle;	/* extra CA file, or NULL */
	size_t max_body_bytes;	/* larger bodies fail the request */
	const char *user_agent;
	double max_rate;	/* requests started per second; 0: no limit */
	unsigned long max_requests;	/* attempts per run; 0: no limit */
	/* Called from the loop about every 100 ms (progress display), or NULL. */
	void (*tick)(void *ctx);
	void *tick_ctx;
	/*
	 * Evidence (http_request.record): record() sees each final response
	 * (its body already redacted, see redact_body) before on_done, and
	 * may set its entry, file and sha256.
	 */
	void (*record)(void *ctx, const struct http_exchange *x, struct http_response *r);
	void *record_ctx;
	/*
	 * Offline: when set, nothing goes to the network (no libcurl handle
	 * is even created); replay() fills the final response of each
	 * request, or leaves it transport_failed with the reason in error.
	 */
	void (*replay)(void *ctx, const struct http_exchange *x, struct http_response *r);
	void *replay_ctx;
};

struct http_response {
	long status;		/* 0 when no HTTP response was received */
	struct buf body;	/* may be taken with buf_detach() in on_done */
	char *request_id;	/* x-ms-request-id, or NULL */
	char *correlation_id;	/* x-ms-correlation-request-id, or NULL */
	char *date;		/* Date header, or NULL */
	char *content_type;
	long retry_after_s;	/* of the last attempt; -1 when absent */
	long ratelimit_remaining; /* x-ms-ratelimit-remaining-*-reads, -1 */
	long quota_remaining;	/* x-ms-user-quota-remaining (Resource Graph), -1 */
	long quota_resets_s;	/* x-ms-user-quota-resets-after, seconds, -1 */
	int transport_failed;	/* 1: no usable response (see error) */
	long retry_refused_s;	/* a Retry-After irscan would not wait, else 0 */
	int body_too_large;
	char error[256];	/* transport error text, "" when none */
	unsigned retries;	/* attempts made beyond the first */
	int64_t elapsed_ms;	/* from first send to final answer */
	int64_t waited_ms;	/* of which spent waiting to retry */
	int64_t started_wall_ms;
	/* Where the evidence bundle keeps it (record/replay), else 0 and "". */
	unsigned long entry;
	char file[24];
	char sha256[65];
};

/* What was asked, for the evidence recorder and the offline replay. */
struct http_exchange {
	const char *method;
	const char *url;
	const char *body;	/* POST body, or NULL */
	size_t body_len;
};

struct http_request {
	const char *method;	/* "GET" or "POST" */
	const char *url;
	const char *body;	/* POST body or NULL; copied, wiped on free */
	size_t body_len;
	const char *content_type;
	/*
	 * Called just before each attempt is sent, to add headers (the
	 * bearer token).  Returns 0 when ready, 1 when not ready yet (the
	 * attempt is tried again shortly), -1 to fail the request with the
	 * text left in `err`.
	 */
	int (*prepare)(void *ctx, struct strvec *headers, struct buf *err);
	/* Called once with the final response; the response dies after it. */
	void (*on_done)(void *ctx, struct http_response *resp);
	void *ctx;
	int no_retry;		/* 1: never retry (token requests decide alone) */
	int record;		/* 1: an ARM read: redacted, kept as evidence */
	int imds;		/* managed identity endpoint: never through a
				 * proxy, and 404/410 are retried */
	/*
	 * The throttling scope the request counts against ("<subscription
	 * id>", "tenant", ...): a 429 delays only requests of its scope, and
	 * a scope running low on its read quota is paced.  NULL: none.
	 */
	const char *scope;
};

int http_global_init(void);
void http_global_cleanup(void);

struct http *http_new(const struct http_options *opt);
void http_free(struct http *h);
/* Queue a request; all fields are copied. */
void http_submit(struct http *h, const struct http_request *req);
/* At most max_in_flight requests of scope at once (0: no cap). */
void http_cap_scope(struct http *h, const char *scope, long max_in_flight);
/* Run until nothing is queued or in flight; 0, or -1 on a libcurl failure. */
int http_run(struct http *h);

struct http_stats {
	unsigned long requests;	/* attempts sent */
	unsigned long recorded;	/* .record requests done: one per evidence record */
	unsigned long retries;
	int64_t waited_ms;	/* total scheduled retry waits */
	int64_t throttled_ms;	/* wall time some request waited for a
				 * throttled scope or --max-rate */
	unsigned long in_flight_max;	/* most transfers ever running at once */
	unsigned long throttled;	/* 429 answers */
	unsigned long throttled_scopes;	/* scopes that got one */
	long concurrency_limit;	/* the adaptive bound at the end (adapt.h) */
	long concurrency_peak;	/* and the highest it reached */
	int request_limit_hit;	/* max_requests refused some request */
	int deadline_hit;	/* deadline_ms passed with requests unanswered */
};
void http_get_stats(const struct http *h, struct http_stats *out);

#endif
