/*
 * http.c - the only user of curl_multi_*: a scheduled queue of transfers
 * driven by one poll loop (curl's parallel_transfers()).
 *
 * Each submitted request becomes a `struct transfer` that lives until its
 * final answer.  Waiting transfers sit in a min-heap ordered by the time
 * they may start (`not_before_ms`), so a retry after Retry-After is a
 * heap entry, not a sleep, and every other request keeps flowing.
 * Secrets that pass through here (bearer headers, token request bodies)
 * are wiped before their memory is released.
 */
#include "net/http.h"
#include "net/adapt.h"
#include "util/interrupt.h"
#include "util/msg.h"
#include "net/proxy.h"
#include "util/redact.h"
#include "net/retry.h"
#include "net/throttle.h"
#include "util/clock.h"
#include "util/xmalloc.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define HEADER_BYTES_MAX (64 * 1024)
#define NOT_READY_DELAY_MS 20
/* What a request cut short by SIGINT/SIGTERM/SIGHUP ends with. */
#define INTERRUPTED "the scan was interrupted before this answer"

struct transfer {
	struct http *h;
	CURL *easy;
	char *method, *url, *content_type, *body;
	size_t body_len;
	int (*prepare)(void *, struct strvec *, struct buf *);
	void (*on_done)(void *, struct http_response *);
	void *ctx;
	int no_retry;
	int record;		/* evidence: redact, then hand to opt.record */
	int imds;		/* see http_request.imds */
	int replayed;		/* answered from the bundle: keep its timing */
	char *scope;
	struct curl_slist *headers;
	struct http_response resp;
	int64_t not_before_ms, first_start_ms;
	int64_t sent_ms;	/* this attempt's request went out; 0: not yet */
	uint64_t seq;
	size_t running_idx;
	size_t header_bytes;
	char errbuf[CURL_ERROR_SIZE];
};

struct http {
	CURLM *multi;
	CURLSH *share;
	struct http_options opt;
	char *ca_bundle, *user_agent;
	struct transfer **heap;
	size_t heap_n, heap_alloc;
	struct transfer **running;	/* in flight, for cleanup on abort */
	size_t active, running_alloc;
	uint64_t seq, rng;
	struct http_stats stats;
	struct throttle *throttle;
	struct adapt adapt;	/* in flight allowed now, up to opt.concurrency */
	int64_t throttled_mark;	/* throttled_ms counted up to here */
	int system_capath;	/* /etc/ssl/certs is there (checked once) */
	int64_t deadline_at;	/* clock_mono_ms() when the run must end; 0: none */
	int64_t last_tick_ms;
};

int http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}

/* ---- the wait queue: a binary min-heap on (not_before_ms, seq) ---- */

static int heap_less(const struct transfer *a, const struct transfer *b)
{
	if (a->not_before_ms != b->not_before_ms)
		return a->not_before_ms < b->not_before_ms;
	return a->seq < b->seq;
}

static void heap_push(struct http *h, struct transfer *t)
{
	size_t i;

	t->seq = h->seq++;
	h->heap = xgrow(h->heap, &h->heap_alloc, h->heap_n + 1, sizeof(*h->heap));
	i = h->heap_n++;
	while (i && heap_less(t, h->heap[(i - 1) / 2])) {
		h->heap[i] = h->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->heap[i] = t;
}

static struct transfer *heap_pop(struct http *h)
{
	struct transfer *top = h->heap[0], *last = h->heap[--h->heap_n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->heap_n)
			break;
		if (c + 1 < h->heap_n && heap_less(h->heap[c + 1], h->heap[c]))
			c++;
		if (!heap_less(h->heap[c], last))
			break;
		h->heap[i] = h->heap[c];
		i = c;
	}
	if (h->heap_n)
		h->heap[i] = last;
	return top;
}

/* ---- responses ---- */

static void response_reset(struct http_response *r)
{
	buf_reset(&r->body);
	free(r->request_id);
	free(r->correlation_id);
	free(r->date);
	free(r->content_type);
	r->request_id = r->correlation_id = r->date = r->content_type = NULL;
	r->status = 0;
	r->retry_after_s = -1;
	r->retry_refused_s = 0;
	r->ratelimit_remaining = -1;
	r->quota_remaining = -1;
	r->quota_resets_s = -1;
	r->transport_failed = 0;
	r->body_too_large = 0;
	r->error[0] = '\0';
	r->entry = 0;
	r->file[0] = '\0';
	r->sha256[0] = '\0';
}

static void transfer_free(struct transfer *t)
{
	struct curl_slist *s;

	if (!t)
		return;
	if (t->easy)
		curl_easy_cleanup(t->easy);
	for (s = t->headers; s; s = s->next)
		redact_wipe(s->data, strlen(s->data));
	curl_slist_free_all(t->headers);
	if (t->body) {
		redact_wipe(t->body, t->body_len);
		free(t->body);
	}
	response_reset(&t->resp);
	buf_release(&t->resp.body);
	free(t->method);
	free(t->url);
	free(t->content_type);
	free(t->scope);
	free(t);
}

/* ---- libcurl callbacks ---- */

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	size_t n = size * nmemb;

	if (buf_addn_capped(&t->resp.body, data, n) < 0) {
		t->resp.body_too_large = 1;
		return 0;	/* makes libcurl fail with CURLE_WRITE_ERROR */
	}
	return n;
}

static char *header_value(const char *line, size_t n, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *end = line + n;

	if (n <= nl || line[nl] != ':' || strncasecmp(line, name, nl))
		return NULL;
	v = line + nl + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
			   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static void keep_header(char **slot, char *value)
{
	if (!value)
		return;
	free(*slot);
	*slot = value;
}

/* A non-negative decimal header value, or -1. */
static long header_long(const char *v)
{
	char *end;
	long val = strtol(v, &end, 10);

	return end != v && !*end && val >= 0 ? val : -1;
}

static size_t header_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	struct http_response *r = &t->resp;
	size_t n = size * nmemb;
	char *v;

	t->header_bytes += n;
	if (t->header_bytes > HEADER_BYTES_MAX)
		return 0;
	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* A new response head (after 100-continue): start afresh. */
		free(r->request_id);
		free(r->correlation_id);
		free(r->date);
		r->request_id = r->correlation_id = r->date = NULL;
		r->ratelimit_remaining = -1;
		return n;
	}
	keep_header(&r->request_id, header_value(data, n, "x-ms-request-id"));
	keep_header(&r->correlation_id,
		    header_value(data, n, "x-ms-correlation-request-id"));
	keep_header(&r->date, header_value(data, n, "date"));
	keep_header(&r->content_type, header_value(data, n, "content-type"));
	if ((v = header_value(data, n, "x-ms-ratelimit-remaining-subscription-reads")) ||
	    (v = header_value(data, n, "x-ms-ratelimit-remaining-tenant-reads"))) {
		r->ratelimit_remaining = header_long(v);
		free(v);
	}
	if ((v = header_value(data, n, "x-ms-user-quota-remaining"))) {
		r->quota_remaining = header_long(v);
		free(v);
	}
	if ((v = header_value(data, n, "x-ms-user-quota-resets-after"))) {
		long hms[3] = { 0, 0, 0 };
		const char *p = v;
		char *end;
		int i;

		/* "hh:mm:ss", each part a small number (strtol: no overflow). */
		for (i = 0; i < 3; i++) {
			if (*p < '0' || *p > '9')
				break;
			hms[i] = strtol(p, &end, 10);
			if (end - p > 6 || (i < 2 ? *end != ':' : *end != '\0'))
				break;
			p = end + (i < 2);
		}
		if (i == 3 && hms[0] < 24 * 7 && hms[1] < 60 && hms[2] < 60)
			r->quota_resets_s = hms[0] * 3600L + hms[1] * 60L + hms[2];
		free(v);
	}
	return n;
}

/*
 * libcurl calls this when the request is about to go out on a connection
 * (new or reused): --timeout counts from here, so a request that waited
 * for a connection does not lose its time waiting.
 */
static int prereq_cb(void *userp, char *primary_ip, char *local_ip,
		     int primary_port, int local_port)
{
	struct transfer *t = userp;

	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	t->sent_ms = clock_mono_ms();
	return CURL_PREREQFUNC_OK;
}

/* ---- starting and finishing attempts ---- */

/* How long a connection may take to set up (DNS, TCP, TLS). */
static long connect_timeout_ms(const struct http *h)
{
	return h->opt.timeout_ms < 10000 ? h->opt.timeout_ms : 10000L;
}

/*
 * The request's header list: what prepare() adds (the Authorization
 * header among them: its copies outside curl's list are wiped), the
 * content type, Accept.  0, or prepare()'s failure (err says why).
 */
static int build_headers(struct transfer *t, struct buf *err)
{
	struct strvec hdrs = STRVEC_INIT;
	size_t i;
	int rc = 0;

	if (t->prepare) {
		rc = t->prepare(t->ctx, &hdrs, err);
		if (rc)
			goto out;
	}
	for (i = 0; i < hdrs.n; i++) {
		struct curl_slist *n = curl_slist_append(t->headers, hdrs.v[i]);

		if (!n)
			die("out of memory (curl_slist_append)");
		t->headers = n;
	}
	if (t->content_type) {
		struct buf ct = BUF_INIT;

		buf_addf(&ct, "Content-Type: %s", t->content_type);
		t->headers = curl_slist_append(t->headers, ct.buf);
		buf_release(&ct);
	}
	t->headers = curl_slist_append(t->headers, "Accept: application/json");
	if (!t->headers)
		die("out of memory (curl_slist_append)");
out:
	for (i = 0; i < hdrs.n; i++)
		redact_wipe(hdrs.v[i], strlen(hdrs.v[i]));
	strvec_clear(&hdrs);
	return rc;
}

static int transfer_setup(struct transfer *t, struct buf *err)
{
	struct http *h = t->h;
	int rc = build_headers(t, err);

	if (rc)
		return rc;
	t->easy = curl_easy_init();
	if (!t->easy)
		die("curl_easy_init failed");
	curl_easy_setopt(t->easy, CURLOPT_URL, t->url);
	curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
	curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_bundle) {
		/* Add the file to the system store rather than replace it. */
		curl_easy_setopt(t->easy, CURLOPT_CAINFO, h->ca_bundle);
		if (h->system_capath)
			curl_easy_setopt(t->easy, CURLOPT_CAPATH, "/etc/ssl/certs");
	}
	/* The managed identity endpoint does not work through a proxy. */
	if (t->imds)
		curl_easy_setopt(t->easy, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(t->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/*
	 * Waiting for a connection that may multiplex pays off only where
	 * HTTP/2 can be negotiated (TLS, ALPN).  Over plain http libcurl
	 * would hold every request behind the first until its answer, so
	 * one hung request would stall them all.
	 */
	if (!strncasecmp(t->url, "https:", 6))
		curl_easy_setopt(t->easy, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(t->easy, CURLOPT_SHARE, h->share);
	curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(t->easy, CURLOPT_USERAGENT, h->user_agent);
	/* The answer's time is bounded by expire_overdue(), from the send. */
	curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms(h));
	curl_easy_setopt(t->easy, CURLOPT_PREREQFUNCTION, prereq_cb);
	curl_easy_setopt(t->easy, CURLOPT_PREREQDATA, t);
	curl_easy_setopt(t->easy, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)h->opt.max_body_bytes);
	curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
	if (!strcmp(t->method, "POST")) {
		curl_easy_setopt(t->easy, CURLOPT_POST, 1L);
		curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE, (long)t->body_len);
		curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->body ? t->body : "");
	} else {
		curl_easy_setopt(t->easy, CURLOPT_HTTPGET, 1L);
	}
	return 0;
}

static double next_jitter(struct http *h)
{
	/* xorshift64: jitter needs spread, not unpredictability. */
	h->rng ^= h->rng << 13;
	h->rng ^= h->rng >> 7;
	h->rng ^= h->rng << 17;
	return (double)(h->rng >> 11) / 9007199254740992.0;
}

static int transport_is_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static void log_attempt(const struct transfer *t, int64_t ms, long delay)
{
	struct buf u = BUF_INIT;

	if (msg_level() < MSG_VERBOSE)
		return;
	redact_url(&u, t->url);
	if (t->resp.transport_failed)
		msg_verbose("%s %s -> %s (%lld ms)%s", t->method, u.buf,
			    t->resp.error, (long long)ms,
			    delay >= 0 ? ", will retry" : "");
	else
		msg_verbose("%s %s -> %ld (%lld ms)%s", t->method, u.buf,
			    t->resp.status, (long long)ms,
			    delay >= 0 ? ", will retry" : "");
	if (delay >= 0)
		msg_verbose("retry %u of %s in %ld ms", t->resp.retries + 1,
			    u.buf, delay);
	if (t->resp.retry_refused_s)
		msg_verbose("not retried: Retry-After %ld s is longer than irscan "
			    "waits (%d s)", t->resp.retry_refused_s, RETRY_AFTER_MAX_S);
	buf_release(&u);
}

static void transfer_done(struct transfer *t)
{
	struct http *h = t->h;

	if (!t->replayed)
		t->resp.elapsed_ms = clock_mono_ms() - t->first_start_ms;
	if (t->record) {
		h->stats.recorded++;
		/* Nothing downstream (checks, reports, evidence) sees a secret
		 * that Azure put in a body. */
		redact_body(&t->resp.body);
		if (h->opt.record && !t->replayed) {
			struct http_exchange x = { t->method, t->url, t->body, t->body_len };

			h->opt.record(h->opt.record_ctx, &x, &t->resp);
		}
	}
	if (t->on_done)
		t->on_done(t->ctx, &t->resp);
	transfer_free(t);
}

/* Fail a transfer that could not even be sent (prepare refused it). */
static void transfer_abort(struct transfer *t, const char *why)
{
	t->resp.transport_failed = 1;
	snprintf(t->resp.error, sizeof(t->resp.error), "%s", why);
	if (!t->first_start_ms)
		t->first_start_ms = clock_mono_ms();
	transfer_done(t);
}

/*
 * libcurl's reason for a failed attempt; when no answer came and the
 * request went through a proxy from the environment, the proxy first: a
 * dead proxy is not an unreachable endpoint.
 */
static void transport_error(struct transfer *t, CURLcode rc)
{
	struct buf text = BUF_INIT;

	buf_add(&text, "through ");
	if (t->resp.status || t->imds || !proxy_describe(t->url, &text))
		buf_reset(&text);
	else
		buf_add(&text, ": ");
	buf_add(&text, t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
	/* Cut to the field: the proxy stays, the end of libcurl's text may go. */
	snprintf(t->resp.error, sizeof(t->resp.error), "%.*s",
		 (int)sizeof(t->resp.error) - 1, text.buf);
	buf_release(&text);
}

/*
 * The run's bound learns from an answer (t already left the running
 * list).  A 429 of a scope is that scope's alone (throttle.c halves its
 * share); only one outside any scope halves the whole run's.
 */
static void learn(struct http *h, const struct transfer *t, long status, long remaining)
{
	enum adapt_signal sig = adapt_classify(status, remaining, THROTTLE_LOW_REMAINING);

	if (status == 429)
		h->stats.throttled++;
	if (sig == ADAPT_THROTTLED && t->scope)
		sig = ADAPT_NEUTRAL;
	adapt_answer(&h->adapt, sig, (long)h->active + 1);
}

static void finish_attempt(struct http *h, struct transfer *t, CURLcode rc,
			   int64_t attempt_ms)
{
	struct http_response *r = &t->resp;
	struct retry_input in;
	curl_off_t ra = 0;
	long delay;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->status);
	if (curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
		r->retry_after_s = (long)ra;
	if (rc != CURLE_OK) {
		r->transport_failed = 1;
		if (rc == CURLE_FILESIZE_EXCEEDED)
			r->body_too_large = 1;
		if (r->body_too_large)
			snprintf(r->error, sizeof(r->error),
				 "response body larger than %zu bytes",
				 h->opt.max_body_bytes);
		else
			transport_error(t, rc);
	}

	memset(&in, 0, sizeof(in));
	in.status = rc == CURLE_OK ? r->status : 0;
	in.transient_transport = rc != CURLE_OK && transport_is_transient(rc) &&
				 !r->body_too_large;
	in.attempt = r->retries;
	in.max_retries = t->no_retry ? 0 : h->opt.max_retries;
	in.imds = t->imds;
	in.retry_after_s = r->retry_after_s;
	in.jitter = next_jitter(h);
	delay = retry_delay_ms(&in);
	if (retry_wait_refused(&in))
		r->retry_refused_s = r->retry_after_s;
	log_attempt(t, attempt_ms, delay);
	{
		/*
		 * A 429 holds back the whole scope, not just this request; a
		 * wait irscan will not honour holds back nothing: each request
		 * of the scope then ends at once on its own 429.
		 */
		struct throttle_answer ta = {
			r->status, r->retry_after_s > RETRY_AFTER_MAX_S ? 0 :
			r->retry_after_s > 0 ? r->retry_after_s * 1000 : delay,
			r->ratelimit_remaining, r->quota_remaining, r->quota_resets_s,
		};

		if (rc != CURLE_OK)
			ta.status = 0;
		throttle_answer(h->throttle, t->scope, clock_mono_ms(), &ta);
		learn(h, t, ta.status, r->ratelimit_remaining);
	}

	curl_multi_remove_handle(h->multi, t->easy);
	curl_easy_cleanup(t->easy);
	t->easy = NULL;
	if (delay < 0) {
		transfer_done(t);
		return;
	}
	/* Schedule the retry; everything else keeps running meanwhile. */
	{
		struct curl_slist *s;

		for (s = t->headers; s; s = s->next)
			redact_wipe(s->data, strlen(s->data));
		curl_slist_free_all(t->headers);
		t->headers = NULL;
	}
	r->retries++;
	r->waited_ms += delay;
	h->stats.retries++;
	h->stats.waited_ms += delay;
	response_reset(r);
	t->header_bytes = 0;
	t->errbuf[0] = '\0';
	t->not_before_ms = clock_mono_ms() + delay;
	heap_push(h, t);
}

/* Start every waiting transfer that is due, up to the concurrency bound. */
static void start_due(struct http *h)
{
	int64_t now = clock_mono_ms();

	while (h->heap_n && h->active < (size_t)h->adapt.limit &&
	       h->heap[0]->not_before_ms <= now) {
		struct transfer *t = heap_pop(h);
		struct buf err = BUF_INIT;
		int64_t when = throttle_when(h->throttle, t->scope, now);
		int rc;

		if (h->opt.max_requests && h->stats.requests >= h->opt.max_requests) {
			struct buf why = BUF_INIT;

			/* A runaway scan stops asking; what is unread is an error. */
			h->stats.request_limit_hit = 1;
			buf_addf(&why, "the scan reached its limit of %lu requests "
				 "(--max-requests)", h->opt.max_requests);
			transfer_abort(t, why.buf);
			buf_release(&why);
			continue;
		}
		if (when > now) {
			/* Its scope is throttled: wait, and let other scopes go on. */
			/* Wall time with some request held back, not the
			 * sum over requests (which overlap). */
			if (when > h->throttled_mark) {
				h->stats.throttled_ms += when - (now > h->throttled_mark
								 ? now : h->throttled_mark);
				h->throttled_mark = when;
			}
			t->not_before_ms = when;
			heap_push(h, t);
			continue;
		}
		rc = transfer_setup(t, &err);

		if (rc > 0) {
			t->not_before_ms = now + NOT_READY_DELAY_MS;
			heap_push(h, t);
			buf_release(&err);
			break;
		}
		if (rc < 0) {
			transfer_abort(t, err.len ? err.buf : "request could not be prepared");
			buf_release(&err);
			continue;
		}
		buf_release(&err);
		if (!t->first_start_ms)
			t->first_start_ms = now;
		if (!t->resp.started_wall_ms)
			t->resp.started_wall_ms = clock_wall_ms();
		t->not_before_ms = now;	/* reused below as attempt start */
		t->sent_ms = 0;
		if (curl_multi_add_handle(h->multi, t->easy) != CURLM_OK)
			die("curl_multi_add_handle failed");
		h->running = xgrow(h->running, &h->running_alloc, h->active + 1,
				   sizeof(*h->running));
		t->running_idx = h->active;
		h->running[h->active++] = t;
		h->stats.requests++;
		if (h->active > h->stats.in_flight_max)
			h->stats.in_flight_max = h->active;
		throttle_started(h->throttle, t->scope, now);
	}
}

/* Swap-remove t from the running list. */
static void running_remove(struct http *h, struct transfer *t)
{
	h->running[t->running_idx] = h->running[--h->active];
	h->running[t->running_idx]->running_idx = t->running_idx;
}

static void drain_finished(struct http *h)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct transfer *t = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		running_remove(h, t);
		finish_attempt(h, t, m->data.result,
			       clock_mono_ms() - t->not_before_ms);
	}
}

/*
 * When a running attempt is overdue: --timeout after its request went
 * out, or, never sent, when even a connection set up at the last moment
 * would have had its whole --timeout.
 */
static int64_t attempt_due(const struct http *h, const struct transfer *t)
{
	if (t->sent_ms)
		return t->sent_ms + h->opt.timeout_ms;
	return t->not_before_ms + connect_timeout_ms(h) + h->opt.timeout_ms;
}

/* "90 s", "15 min": a duration of whole seconds as a person writes it. */
static void say_duration(char *out, size_t n, int64_t ms)
{
	int64_t s = ms / 1000;

	if (s >= 60 && s % 60 == 0)
		snprintf(out, n, "%lld min", (long long)(s / 60));
	else
		snprintf(out, n, "%lld s", (long long)s);
}

/* Give up on a running attempt (why says it all); final: no retry. */
static void stop_attempt(struct http *h, struct transfer *t, const char *why, int final)
{
	curl_multi_remove_handle(h->multi, t->easy);
	running_remove(h, t);
	snprintf(t->errbuf, sizeof(t->errbuf), "%s", why);
	if (final)
		t->no_retry = 1;
	finish_attempt(h, t, CURLE_OPERATION_TIMEDOUT, clock_mono_ms() - t->not_before_ms);
}

/*
 * Every request, running or waiting, ends now with why (the deadline, a
 * signal), through its callback like any failure, so that whoever
 * submitted it is told and frees what it holds.
 */
static void stop_all(struct http *h, const char *why)
{
	/* Callbacks may submit follow-ups: they end here too. */
	while (h->active || h->heap_n) {
		if (h->active)
			stop_attempt(h, h->running[h->active - 1], why, 1);
		else
			transfer_abort(heap_pop(h), why);
	}
}

static int deadline_passed(const struct http *h, int64_t now)
{
	return h->deadline_at && now >= h->deadline_at;
}

static void stop_at_deadline(struct http *h)
{
	char why[160], d[32];

	h->stats.deadline_hit = 1;
	say_duration(d, sizeof(d), h->opt.deadline_ms);
	snprintf(why, sizeof(why), "no answer before the scan's deadline (--deadline: %s)", d);
	stop_all(h, why);
}

/* End the attempts that are overdue, as transport failures (retried). */
static void expire_overdue(struct http *h)
{
	int64_t now = clock_mono_ms();
	size_t i = h->active;

	/* Downwards: running_remove() moves the last entry, already seen. */
	while (i--) {
		struct transfer *t = h->running[i];
		char why[160], d[32];

		if (now < attempt_due(h, t))
			continue;
		if (t->sent_ms) {
			say_duration(d, sizeof(d), h->opt.timeout_ms);
			snprintf(why, sizeof(why), "no complete answer within %s of sending "
				 "the request (--timeout)", d);
		} else {
			say_duration(d, sizeof(d), now - t->not_before_ms);
			snprintf(why, sizeof(why), "the request could not be sent: no "
				 "connection to the server in %s (--timeout)", d);
		}
		stop_attempt(h, t, why, 0);
	}
}

static int poll_timeout_ms(const struct http *h)
{
	int64_t now = clock_mono_ms(), wake;
	size_t i;

	/* Wake at least every 100 ms when a progress display is ticking. */
	wake = now + (h->opt.tick ? 100 : 1000);
	if (h->heap_n && h->active < (size_t)h->adapt.limit &&
	    h->heap[0]->not_before_ms < wake)
		wake = h->heap[0]->not_before_ms;
	for (i = 0; i < h->active; i++)
		if (attempt_due(h, h->running[i]) < wake)
			wake = attempt_due(h, h->running[i]);
	if (h->deadline_at && h->deadline_at < wake)
		wake = h->deadline_at;
	return wake <= now ? 0 : (int)(wake - now);
}

static void tick(struct http *h)
{
	int64_t now;

	if (!h->opt.tick)
		return;
	now = clock_mono_ms();
	if (now - h->last_tick_ms < 100)
		return;
	h->last_tick_ms = now;
	h->opt.tick(h->opt.tick_ctx);
}

/* Offline: answer every request from the bundle, in submission order. */
static int replay_run(struct http *h)
{
	while (h->heap_n) {
		struct transfer *t = heap_pop(h);
		struct http_exchange x = { t->method, t->url, t->body, t->body_len };

		if (interrupt_signal()) {
			transfer_abort(t, INTERRUPTED);
			continue;
		}
		t->replayed = 1;
		t->first_start_ms = clock_mono_ms();
		h->opt.replay(h->opt.replay_ctx, &x, &t->resp);
		h->stats.requests++;
		h->stats.retries += t->resp.retries;
		transfer_done(t);
	}
	return interrupt_signal() ? -1 : 0;
}

int http_run(struct http *h)
{
	int running;

	if (h->opt.replay)
		return replay_run(h);
	for (;;) {
		/* A signal: stop sending, cancel what is in flight. */
		if (interrupt_signal()) {
			stop_all(h, INTERRUPTED);
			return -1;
		}
		if (deadline_passed(h, clock_mono_ms()))
			stop_at_deadline(h);
		start_due(h);
		if (!h->active && !h->heap_n)
			return 0;
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			return msg_error("curl_multi_perform failed");
		drain_finished(h);
		expire_overdue(h);
		if (!h->active && !h->heap_n)
			return 0;
		if (curl_multi_poll(h->multi, NULL, 0, poll_timeout_ms(h), NULL) != CURLM_OK)
			return msg_error("curl_multi_poll failed");
		tick(h);
	}
}

void http_submit(struct http *h, const struct http_request *req)
{
	struct transfer *t = xcalloc(1, sizeof(*t));

	t->h = h;
	t->method = xstrdup(req->method ? req->method : "GET");
	t->url = xstrdup(req->url);
	t->content_type = xstrdup_or_null(req->content_type);
	if (req->body) {
		t->body = xmalloc(req->body_len + 1);
		memcpy(t->body, req->body, req->body_len);
		t->body[req->body_len] = '\0';
		t->body_len = req->body_len;
	}
	t->prepare = req->prepare;
	t->on_done = req->on_done;
	t->ctx = req->ctx;
	t->no_retry = req->no_retry;
	t->record = req->record;
	t->imds = req->imds;
	t->scope = xstrdup_or_null(req->scope);
	buf_init(&t->resp.body, h->opt.max_body_bytes);
	response_reset(&t->resp);
	t->not_before_ms = clock_mono_ms();
	heap_push(h, t);
}

void http_cap_scope(struct http *h, const char *scope, long max_in_flight)
{
	throttle_cap(h->throttle, scope, max_in_flight);
}

struct http *http_new(const struct http_options *opt)
{
	struct http *h = xcalloc(1, sizeof(*h));

	h->opt = *opt;
	if (h->opt.concurrency < 1)
		h->opt.concurrency = 1;
	h->ca_bundle = xstrdup_or_null(opt->ca_bundle);
	h->user_agent = xstrdup(opt->user_agent ? opt->user_agent : "irscan");
	h->opt.ca_bundle = h->ca_bundle;
	h->opt.user_agent = h->user_agent;
	h->rng = (uint64_t)clock_wall_ms() * 2654435761u ^ (uint64_t)getpid();
	if (!h->rng)
		h->rng = 88172645463325252ull;
	h->throttle = throttle_new(opt->max_rate);
	adapt_init(&h->adapt, h->opt.concurrency, ADAPT_START);
	h->system_capath = access("/etc/ssl/certs", R_OK) == 0;
	if (opt->deadline_ms > 0)
		h->deadline_at = clock_mono_ms() + opt->deadline_ms;
	if (opt->replay)
		return h;	/* offline: no libcurl handle, no socket */
	h->multi = curl_multi_init();
	h->share = curl_share_init();
	if (!h->multi || !h->share)
		die("libcurl initialisation failed");
	/* Reuse DNS answers and TLS sessions across all transfers. */
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	return h;
}

void http_free(struct http *h)
{
	size_t i;

	if (!h)
		return;
	while (h->heap_n)
		transfer_free(heap_pop(h));
	/* Abandon transfers still in flight (only on an aborted run). */
	for (i = 0; i < h->active; i++) {
		curl_multi_remove_handle(h->multi, h->running[i]->easy);
		transfer_free(h->running[i]);
	}
	free(h->running);
	if (h->multi)
		curl_multi_cleanup(h->multi);
	if (h->share)
		curl_share_cleanup(h->share);
	throttle_free(h->throttle);
	free(h->heap);
	free(h->ca_bundle);
	free(h->user_agent);
	free(h);
}

void http_get_stats(const struct http *h, struct http_stats *out)
{
	*out = h->stats;
	out->throttled_scopes = throttle_scopes_throttled(h->throttle);
	out->concurrency_limit = h->adapt.limit;
	out->concurrency_peak = h->adapt.peak;
}
