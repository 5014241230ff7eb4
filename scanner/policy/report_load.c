/*
 * report_load.c - a JSON report read back for `irscan merge`
 * (report_load.h).  Walked member by member like the baseline
 * (json_stream_object): the findings are read one at a time, and the
 * controls, which the policy decides again, are dropped unread.
 */
#include "policy/report_load.h"
#include "policy/report_read.h"
#include "policy/waivers.h"
#include "util/clock.h"
#include "util/digest.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* As for a baseline: a thousand subscriptions' report is some 60 MB. */
#define REPORT_FILE_MAX (256u * 1024 * 1024)

/* One load: the file (report_read.h) and the report being filled. */
struct rl {
	struct jread j;
	struct loaded_report *r;
	cJSON *rest;		/* tool, scan, subscriptions, errors */
	int header_done;
	int findings_seen;
};

/* An optional number, whole when `whole`; absent or null leaves *out. */
static int opt_num(struct rl *l, const cJSON *obj, const char *key, int whole, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
	    v->valuedouble > 9e15 || (whole && v->valuedouble != floor(v->valuedouble)))
		return jread_bad(&l->j, key, whole ? "must be a whole number" : "must be a number");
	*out = v->valuedouble;
	return 0;
}

static int opt_long(struct rl *l, const cJSON *obj, const char *key, long *out)
{
	double d = (double)*out;

	if (opt_num(l, obj, key, 1, &d))
		return -1;
	*out = (long)d;
	return 0;
}

static int opt_ulong(struct rl *l, const cJSON *obj, const char *key, unsigned long *out)
{
	double d = (double)*out;

	if (opt_num(l, obj, key, 1, &d))
		return -1;
	*out = (unsigned long)d;
	return 0;
}

static int opt_bool(struct rl *l, const cJSON *obj, const char *key, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return jread_bad(&l->j, key, "must be true or false");
	*out = cJSON_IsTrue(v);
	return 0;
}

static int opt_time(struct rl *l, const cJSON *obj, const char *key, time_t *out)
{
	const char *s;

	if (jread_opt_str(&l->j, obj, key, &s))
		return -1;
	if (s && clock_parse_iso8601(s, out))
		return jread_bad(&l->j, key, "is not an RFC 3339 time");
	return 0;
}

/* A list of strings into a strvec (the parameters the config takes). */
static int opt_strvec(struct rl *l, const cJSON *obj, const char *key, struct strvec *out)
{
	const cJSON *arr, *it;

	if (jread_opt_typed(&l->j, obj, key, cJSON_IsArray, "an array", &arr))
		return -1;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			return jread_bad(&l->j, key, "must hold only strings");
		strvec_push(out, it->valuestring);
	}
	return 0;
}

/* The checks run, looked up in this irscan's catalogue. */
static int load_checks(struct rl *l, const cJSON *params)
{
	const char **ids = NULL;
	const cJSON *arr;
	size_t n = 0, i;

	if (jread_opt_typed(&l->j, params, "checks", cJSON_IsArray, "an array", &arr))
		return -1;
	if (!arr)
		return jread_bad(&l->j, "checks", "is missing (a report of an older irscan?)");
	if (jread_str_list(&l->j, arr, "checks", &ids, &n))
		return -1;
	l->r->checks = pool_alloc(&l->r->pool, xsize_mul(n + 1, sizeof(*l->r->checks)));
	for (i = 0; i < n; i++)
		if (!(l->r->checks[i] = check_find(ids[i]))) {
			buf_addf(l->j.err, "'%s': scan.parameters.checks: '%s' is not a check "
				 "this irscan knows", l->j.path, ids[i]);
			return -1;
		}
	return 0;
}

/*
 * What changes verdicts, canonical: the parameters less those that only
 * change how the scan ran (concurrency, rate, the scope's walk) or how
 * its exit code is gated (fail_on: --fail-on of merge decides), and less
 * the input files' paths (two machines name one file differently).
 */
static char *verdict_key(const cJSON *params)
{
	static const char *const not_verdicts[] = {
		"fail_on", "concurrency", "max_rate", "resource_graph", "management_group",
		"waivers_file", "attestations_file", "baseline", "fail_on_new",
	};
	cJSON *copy = cJSON_Duplicate(params, 1);
	char *text, *out;
	size_t i;

	if (!copy)
		return xstrdup("");
	for (i = 0; i < sizeof(not_verdicts) / sizeof(not_verdicts[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(copy, not_verdicts[i]);
	text = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	out = xstrdup(text ? text : "");
	cJSON_free(text);
	return out;
}

static int load_params_text(struct rl *l, const cJSON *p, struct report_params *o)
{
	const char *fail_on, *risk;

	if (jread_opt_str(&l->j, p, "fail_on", &fail_on) ||
	    jread_opt_str(&l->j, p, "attack_path_risk", &risk) ||
	    jread_opt_str(&l->j, p, "management_group", &o->management_group) ||
	    jread_opt_str(&l->j, p, "waivers_file", &o->waivers_file) ||
	    jread_opt_str(&l->j, p, "attestations_file", &o->attestations_file) ||
	    jread_opt_str(&l->j, p, "baseline", &o->baseline))
		return -1;
	if (fail_on && severity_parse(fail_on, &o->fail_on))
		return jread_bad(&l->j, "fail_on", "is not a severity this irscan knows");
	o->fail_on_given = fail_on != NULL;
	o->attack_path_risk = risk ? level_parse(risk) : LEVEL_HIGH;
	return 0;
}

static int load_params(struct rl *l, const cJSON *scan)
{
	struct report_params *o = &l->r->params;
	const cJSON *p;
	double rate = 0;

	if (jread_opt_typed(&l->j, scan, "parameters", cJSON_IsObject, "an object", &p))
		return -1;
	if (!p)
		return jread_bad(&l->j, "parameters", "is missing (a report of an older irscan?)");
	snprintf(l->j.where, sizeof(l->j.where), "scan.parameters");
	if (load_params_text(l, p, o) ||
	    opt_long(l, p, "alert_max_age_days", &o->alert_max_age_days) ||
	    opt_long(l, p, "min_retention_days", &o->min_retention_days) ||
	    opt_long(l, p, "attestation_max_age_days", &o->attestation_max_age_days) ||
	    opt_long(l, p, "concurrency", &o->concurrency) ||
	    opt_num(l, p, "max_rate", 0, &rate) ||
	    opt_bool(l, p, "resource_graph", &o->resource_graph) ||
	    opt_bool(l, p, "fail_on_new", &o->fail_on_new) ||
	    opt_strvec(l, p, "criticality_tags", &o->criticality_tags) ||
	    opt_strvec(l, p, "required_plans", &o->required_plans) ||
	    opt_strvec(l, p, "sentinel_workspaces", &o->sentinel_workspaces) ||
	    load_checks(l, p))
		return -1;
	o->max_rate = rate;
	o->verdict_key = verdict_key(p);
	return 0;
}

/* scan.shard: {"index": K, "count": N, "scope_subscriptions": M, "subscriptions": m}. */
static int load_shard(struct rl *l, const cJSON *scan)
{
	struct report_shard *s = &l->r->shard;
	const cJSON *o;

	if (jread_opt_typed(&l->j, scan, "shard", cJSON_IsObject, "an object", &o) || !o)
		return o ? -1 : 0;
	snprintf(l->j.where, sizeof(l->j.where), "scan.shard");
	if (opt_long(l, o, "index", &s->index) || opt_long(l, o, "count", &s->count) ||
	    opt_long(l, o, "scope_subscriptions", &s->scope_subscriptions) ||
	    opt_long(l, o, "subscriptions", &s->subscriptions))
		return -1;
	if (s->count < 1 || s->count > 1000 || s->index < 1 || s->index > s->count)
		return jread_bad(&l->j, "", "is not a shard K/N with 1 <= K <= N <= 1000");
	return 0;
}

static int load_scan_strings(struct rl *l, const cJSON *scan)
{
	struct loaded_report *r = l->r;
	const char *fw;

	if (jread_opt_str(&l->j, scan, "cloud", &r->cloud) ||
	    jread_opt_str(&l->j, scan, "tenant", &r->tenant) ||
	    jread_opt_str(&l->j, scan, "framework", &fw) ||
	    jread_opt_str(&l->j, scan, "bundle_tool_version", &r->bundle_tool_version) ||
	    jread_opt_str(&l->j, scan, "bundle_signature", &r->bundle_signature) ||
	    jread_opt_str(&l->j, scan, "arm_endpoint", &r->arm_endpoint) ||
	    jread_opt_str(&l->j, scan, "authority_host", &r->authority_host) ||
	    jread_opt_str(&l->j, scan, "client_id", &r->client_id) ||
	    jread_opt_str(&l->j, scan, "credential", &r->credential) ||
	    jread_opt_str(&l->j, scan, "fatal_error", &r->fatal))
		return -1;
	if (!fw)
		return jread_bad(&l->j, "framework", "is missing");
	if (framework_parse(fw, &r->framework))
		return jread_bad(&l->j, "framework", "is not a framework this irscan knows");
	return 0;
}

static int load_scan(struct rl *l)
{
	struct loaded_report *r = l->r;
	const cJSON *scan;
	double ms = 0, tms = 0;

	snprintf(l->j.where, sizeof(l->j.where), "%s", "");
	if (jread_opt_typed(&l->j, l->rest, "scan", cJSON_IsObject, "an object", &scan))
		return -1;
	if (!scan)
		return jread_bad(&l->j, "scan", "is missing");
	snprintf(l->j.where, sizeof(l->j.where), "scan");
	if (load_scan_strings(l, scan) || opt_time(l, scan, "started", &r->started) ||
	    opt_time(l, scan, "finished", &r->finished) ||
	    opt_time(l, scan, "evaluated", &r->evaluated) ||
	    opt_bool(l, scan, "offline", &r->offline) ||
	    opt_ulong(l, scan, "requests", &r->requests) ||
	    opt_ulong(l, scan, "retries", &r->retries) ||
	    opt_ulong(l, scan, "http_requests", &r->http_requests) ||
	    opt_ulong(l, scan, "max_in_flight", &r->max_in_flight) ||
	    opt_ulong(l, scan, "throttled_requests", &r->throttled) ||
	    opt_ulong(l, scan, "throttled_scopes", &r->throttled_scopes) ||
	    opt_long(l, scan, "concurrency_limit", &r->concurrency_limit) ||
	    opt_long(l, scan, "concurrency_limit_max", &r->concurrency_peak) ||
	    opt_num(l, scan, "retry_wait_ms", 1, &ms) ||
	    opt_num(l, scan, "throttle_wait_ms", 1, &tms) ||
	    load_shard(l, scan))
		return -1;
	r->retry_wait_ms = (long long)ms;
	r->throttle_wait_ms = (long long)tms;
	snprintf(l->j.where, sizeof(l->j.where), "scan");
	return load_params(l, scan);
}

/* One subscription: a sub_snapshot of the report's own snapshot. */
static int load_sub(struct rl *l, const cJSON *o)
{
	struct loaded_report *r = l->r;
	struct sub_snapshot *sub;
	const char *id, *name, *state;
	int scanned = 1;

	if (!cJSON_IsObject(o))
		return jread_bad(&l->j, "", "is not an object");
	if (jread_req_str(&l->j, o, "id", &id) || jread_opt_str(&l->j, o, "name", &name) ||
	    jread_opt_str(&l->j, o, "state", &state) || opt_bool(l, o, "scanned", &scanned))
		return -1;
	if (snapshot_find(&r->snap, id))
		return jread_bad(&l->j, "id", "names a subscription listed before");
	sub = snapshot_sub(&r->snap, id);
	sub->name = name ? xstrdup(name) : NULL;
	sub->state = state ? xstrdup(state) : NULL;
	sub->tenant_id = r->tenant ? xstrdup(r->tenant) : NULL;
	sub->scanned = scanned;
	return 0;
}

static int load_subs(struct rl *l)
{
	const cJSON *arr, *it;
	size_t i = 0;

	snprintf(l->j.where, sizeof(l->j.where), "%s", "");
	if (jread_opt_typed(&l->j, l->rest, "subscriptions", cJSON_IsArray, "an array", &arr))
		return -1;
	if (!arr)
		return jread_bad(&l->j, "subscriptions", "is missing");
	cJSON_ArrayForEach(it, arr) {
		snprintf(l->j.where, sizeof(l->j.where), "subscriptions[%zu]", i++);
		if (load_sub(l, it))
			return -1;
	}
	return 0;
}

/* tool, scan and subscriptions come before the findings in every report. */
static int load_header(struct rl *l)
{
	if (l->header_done)
		return 0;
	l->header_done = 1;
	return jread_tool(&l->j, l->rest, &l->r->tool_version) || load_scan(l) ||
	       load_subs(l) ? -1 : 0;
}

/* "2026-12-01T10:00:00.123Z" in milliseconds since the epoch (0: null). */
static int parse_ms(const char *s, int64_t *out)
{
	const char *dot = strchr(s, '.');
	time_t t;
	long ms = 0;

	if (clock_parse_iso8601(s, &t))
		return -1;
	if (dot && dot[1] >= '0' && dot[1] <= '9') {
		ms = (dot[1] - '0') * 100;
		if (dot[2] >= '0' && dot[2] <= '9') {
			ms += (dot[2] - '0') * 10;
			if (dot[3] >= '0' && dot[3] <= '9')
				ms += dot[3] - '0';
		}
	}
	*out = (int64_t)t * 1000 + ms;
	return 0;
}

static int load_one_evidence(struct rl *l, const cJSON *o, struct evidence *e)
{
	const char *time;
	double status = 0, retries = 0, dur = 0, entry = 0;

	if (!cJSON_IsObject(o))
		return jread_bad(&l->j, "evidence", "must hold only objects");
	if (jread_opt_str(&l->j, o, "method", &e->method) ||
	    jread_opt_str(&l->j, o, "url", &e->url) ||
	    jread_opt_str(&l->j, o, "api_version", &e->api_version) ||
	    jread_opt_str(&l->j, o, "request_id", &e->request_id) ||
	    jread_opt_str(&l->j, o, "correlation_request_id", &e->correlation_id) ||
	    jread_opt_str(&l->j, o, "date", &e->date) ||
	    jread_opt_str(&l->j, o, "time", &time) ||
	    jread_opt_str(&l->j, o, "error", &e->error) ||
	    jread_opt_str(&l->j, o, "file", &e->file) ||
	    jread_opt_str(&l->j, o, "sha256", &e->sha256) ||
	    opt_num(l, o, "status", 1, &status) || opt_num(l, o, "retries", 1, &retries) ||
	    opt_num(l, o, "duration_ms", 1, &dur) || opt_num(l, o, "entry", 1, &entry))
		return -1;
	if (time && parse_ms(time, &e->at_wall_ms))
		return jread_bad(&l->j, "evidence.time", "is not an RFC 3339 time");
	e->status = (long)status;
	e->retries = retries > 1e6 ? 1000000u : (unsigned)retries;
	e->duration_ms = (int64_t)dur;
	e->entry = (unsigned long)entry;
	return 0;
}

static int load_evidence(struct rl *l, const cJSON *arr, struct finding *f)
{
	const cJSON *it;
	size_t n = (size_t)cJSON_GetArraySize(arr);

	if (n > 1000000)
		return jread_bad(&l->j, "evidence", "lists too many exchanges");
	f->ev = pool_alloc(&l->r->pool, xsize_mul(n + 1, sizeof(*f->ev)));
	cJSON_ArrayForEach(it, arr) {
		struct evidence *e = pool_alloc(&l->r->pool, sizeof(*e));

		memset(e, 0, sizeof(*e));
		if (load_one_evidence(l, it, e))
			return -1;
		f->ev[f->ev_n++] = e;
	}
	f->ev_alloc = f->ev_n;
	return 0;
}

static int load_observed(struct rl *l, const cJSON *obj, struct finding *f)
{
	const cJSON *it;
	size_t n = (size_t)cJSON_GetArraySize(obj);

	if (n > 100000)
		return jread_bad(&l->j, "observed", "holds too many values");
	f->obs = pool_alloc(&f->list->pool, xsize_mul(n + 1, sizeof(*f->obs)));
	cJSON_ArrayForEach(it, obj) {
		if (!cJSON_IsString(it))
			return jread_bad(&l->j, "observed", "must hold only strings");
		f->obs[f->obs_n].key = pool_strdup(&f->list->pool, it->string);
		f->obs[f->obs_n++].value = pool_strdup(&f->list->pool, it->valuestring);
	}
	f->obs_alloc = f->obs_n;
	return 0;
}

/* The waiver that matched: applied (waived_from its original) or expired. */
static int load_waiver(struct rl *l, const cJSON *o, struct finding *f)
{
	struct waiver *w = pool_alloc(&l->r->pool, sizeof(*w));
	const char *orig;
	int expired = 0;
	double entry = 0;
	enum status st = STATUS_UNSET;

	memset(w, 0, sizeof(*w));
	if (opt_bool(l, o, "expired", &expired) ||
	    jread_opt_str(&l->j, o, "original_status", &orig) ||
	    jread_opt_str(&l->j, o, "reason", &w->reason) ||
	    jread_opt_str(&l->j, o, "approved_by", &w->approved_by) ||
	    jread_opt_str(&l->j, o, "expires", &w->expires) ||
	    jread_opt_str(&l->j, o, "subscription", &w->subscription) ||
	    jread_opt_str(&l->j, o, "resource", &w->resource) ||
	    opt_num(l, o, "entry", 1, &entry))
		return -1;
	if (orig && jread_status(orig, &st))
		return jread_bad(&l->j, "waiver.original_status", "is not a status this irscan knows");
	w->check = f->check->id;
	w->index = (size_t)entry;
	f->waiver = w;
	f->waiver_expired = expired;
	if (!expired && orig)
		f->waived_from = st;
	return 0;
}

/* mappings: the finding's control per framework (its check's when the same). */
static int load_controls(struct rl *l, const cJSON *o, struct finding *f)
{
	const cJSON *m, *v;
	const char **own;
	int i, same = 1;

	if (jread_opt_typed(&l->j, o, "mappings", cJSON_IsObject, "an object", &m) || !m)
		return m ? -1 : 0;
	own = pool_alloc(&f->list->pool, sizeof(*own) * FW__COUNT);
	for (i = 0; i < FW__COUNT; i++) {
		v = cJSON_GetObjectItemCaseSensitive(m, framework_name((enum framework)i));
		if (v && !cJSON_IsString(v))
			return jread_bad(&l->j, "mappings", "must hold only strings");
		own[i] = v ? pool_strdup(&f->list->pool, v->valuestring) : NULL;
		if (!own[i] != !f->check->control[i] ||
		    (own[i] && strcmp(own[i], f->check->control[i])))
			same = 0;
	}
	if (!same)
		f->controls = own;
	return 0;
}

static int load_finding_refs(struct rl *l, const cJSON *o, const struct check **c,
			     struct sub_snapshot **sub, enum status *st)
{
	const char *id, *sid, *status;

	if (!cJSON_IsObject(o))
		return jread_bad(&l->j, "", "is not an object");
	if (jread_req_str(&l->j, o, "check", &id) ||
	    jread_req_str(&l->j, o, "subscription", &sid) ||
	    jread_req_str(&l->j, o, "status", &status))
		return -1;
	if (!(*c = check_find(id))) {
		buf_addf(l->j.err, "'%s': %s.check '%s' is not a check this irscan knows",
			 l->j.path, l->j.where, id);
		return -1;
	}
	if (!(*sub = snapshot_find(&l->r->snap, sid)))
		return jread_bad(&l->j, "subscription", "is not in the report's subscriptions");
	if (jread_status(status, st))
		return jread_bad(&l->j, "status", "is not a status this irscan knows");
	return 0;
}

static int load_finding(struct rl *l, const cJSON *o)
{
	const struct check *c = NULL;
	struct sub_snapshot *sub = NULL;
	struct finding *f;
	const char *resource, *message;
	const cJSON *obs, *ev, *w;
	enum status st = STATUS_UNSET;

	if (load_finding_refs(l, o, &c, &sub, &st) ||
	    jread_opt_str(&l->j, o, "resource", &resource) ||
	    jread_opt_str(&l->j, o, "message", &message) ||
	    jread_opt_typed(&l->j, o, "observed", cJSON_IsObject, "an object", &obs) ||
	    jread_opt_typed(&l->j, o, "evidence", cJSON_IsArray, "an array", &ev) ||
	    jread_opt_typed(&l->j, o, "waiver", cJSON_IsObject, "an object", &w))
		return -1;
	f = findings_add(&l->r->findings, c, sub, st, resource);
	finding_set_message(f, message);
	if (load_controls(l, o, f) || (obs && load_observed(l, obs, f)) ||
	    (ev && load_evidence(l, ev, f)))
		return -1;
	return w ? load_waiver(l, w, f) : 0;
}

static int load_error(struct rl *l, const cJSON *o, struct report_error *e)
{
	double status = 0;

	if (!cJSON_IsObject(o))
		return jread_bad(&l->j, "", "is not an object");
	if (jread_opt_str(&l->j, o, "subscription", &e->sub) ||
	    jread_opt_str(&l->j, o, "what", &e->what) ||
	    opt_num(l, o, "status", 1, &status) ||
	    jread_opt_str(&l->j, o, "code", (const char **)&e->e.code) ||
	    jread_opt_str(&l->j, o, "message", (const char **)&e->e.message) ||
	    jread_opt_str(&l->j, o, "url", (const char **)&e->e.url) ||
	    jread_opt_str(&l->j, o, "request_id", (const char **)&e->e.request_id))
		return -1;
	e->e.status = (long)status;
	if (!e->what)
		e->what = "";
	return 0;
}

static int load_errors(struct rl *l)
{
	const cJSON *arr, *it;
	size_t i = 0;

	snprintf(l->j.where, sizeof(l->j.where), "%s", "");
	if (jread_opt_typed(&l->j, l->rest, "errors", cJSON_IsArray, "an array", &arr) || !arr)
		return arr ? -1 : 0;
	l->r->errors = pool_alloc(&l->r->pool, xsize_mul((size_t)cJSON_GetArraySize(arr) + 1,
							 sizeof(*l->r->errors)));
	cJSON_ArrayForEach(it, arr) {
		struct report_error *e = &l->r->errors[i];

		memset(e, 0, sizeof(*e));
		snprintf(l->j.where, sizeof(l->j.where), "errors[%zu]", i++);
		if (load_error(l, it, e))
			return -1;
		l->r->errors_n++;
	}
	return 0;
}

static int keep_member(void *ctx, const char *key, cJSON *value)
{
	static const char *const kept[] = { "tool", "scan", "subscriptions", "errors" };
	struct rl *l = ctx;
	size_t i;

	if (!value) {
		l->findings_seen = 1;
		return 0;
	}
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]) && strcmp(key, kept[i]); i++)
		;
	if (i == sizeof(kept) / sizeof(kept[0])) {
		cJSON_Delete(value);	/* controls and summary: decided again */
		return 0;
	}
	if (!cJSON_AddItemToObject(l->rest, key, value)) {
		cJSON_Delete(value);
		buf_addf(l->j.err, "'%s': out of memory", l->j.path);
		return -1;
	}
	return 0;
}

static int take_finding(void *ctx, size_t i, cJSON *value)
{
	struct rl *l = ctx;
	int rc = load_header(l);

	if (!rc) {
		snprintf(l->j.where, sizeof(l->j.where), "findings[%zu]", i);
		rc = load_finding(l, value);
	}
	cJSON_Delete(value);
	return rc;
}

static int load_text(struct rl *l, const struct buf *text)
{
	struct json_stream js = { .stream_key = "findings", .on_member = keep_member,
				  .on_element = take_finding, .ctx = l };
	struct buf why = BUF_INIT;
	int rc = json_stream_object(text->buf, text->len, &js, &why);

	if (rc == -2) {
		buf_addf(l->j.err, "'%s': not an irscan JSON report: not a JSON object",
			 l->j.path);
		rc = -1;
	} else if (rc && why.len) {
		buf_addf(l->j.err, "'%s': %s", l->j.path, why.buf);
	}
	if (!rc && !l->findings_seen && !(rc = load_header(l))) {
		buf_addf(l->j.err, "'%s': not an irscan JSON report: field 'findings' "
			 "is missing or not an array", l->j.path);
		rc = -1;
	}
	if (!rc)
		rc = load_header(l) || load_errors(l) ? -1 : 0;
	buf_release(&why);
	return rc;
}

int report_load(const char *path, struct loaded_report *r, struct buf *err)
{
	struct buf text = BUF_INIT;
	struct rl l;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	snapshot_init(&r->snap);
	strvec_init(&r->params.criticality_tags);
	strvec_init(&r->params.required_plans);
	strvec_init(&r->params.sentinel_workspaces);
	r->file = pool_strdup(&r->pool, path);
	memset(&l, 0, sizeof(l));
	l.j = (struct jread){ path, &r->pool, err, "" };
	l.r = r;
	l.rest = cJSON_CreateObject();
	if (l.rest && !file_read(path, REPORT_FILE_MAX, &text, err)) {
		sha256_hex(text.buf ? text.buf : "", text.len, r->sha256);
		rc = load_text(&l, &text);
	} else if (!l.rest) {
		buf_addf(err, "'%s': out of memory", path);
	}
	cJSON_Delete(l.rest);
	buf_release(&text);
	return rc;
}

void report_load_release(struct loaded_report *r)
{
	findings_release(&r->findings);
	snapshot_release(&r->snap);
	strvec_clear(&r->params.criticality_tags);
	strvec_clear(&r->params.required_plans);
	strvec_clear(&r->params.sentinel_workspaces);
	free(r->params.verdict_key);
	pool_release(&r->pool);
	memset(r, 0, sizeof(*r));
}
