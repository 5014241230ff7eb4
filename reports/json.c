/*
 * json.c - the JSON report, the machine contract of SPEC §5.  Written
 * record by record (jstream.h): subscriptions, controls, findings and
 * errors one per line, so memory does not grow with the report.
 *
 * Every field of the contract is always present: absent values are
 * written as null, never left out (cJSON_AddStringToObject with a NULL
 * string would silently add nothing).  Strings from Azure are made valid
 * UTF-8 first; cJSON escapes quotes and control characters.
 */
#include "reports/report.h"
#include "reports/merge_text.h"
#include "util/jstream.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xmalloc.h"
#include "policy/waivers.h"
#include "model/attestations.h"
#include "model/shard.h"

#include <cJSON.h>
#include <string.h>

static void add_num(cJSON *obj, const char *key, double v)
{
	js_add(obj, key, cJSON_CreateNumber(v));
}

static void add_time(cJSON *obj, const char *key, time_t t)
{
	struct buf b = BUF_INIT;

	clock_add_rfc3339(&b, t);
	js_add_str(obj, key, b.buf);
	buf_release(&b);
}

static cJSON *strvec_json(const struct strvec *sv)
{
	cJSON *arr = js_must(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < sv->n; i++)
		js_push(arr, js_str(sv->v[i]));
	return arr;
}

static cJSON *tool_json(const struct report *r)
{
	cJSON *t = js_must(cJSON_CreateObject());

	js_add_str(t, "name", "irscan");
	js_add_str(t, "version", r->tool_version);
	return t;
}

static cJSON *checks_json(const struct report *r)
{
	cJSON *arr = js_must(cJSON_CreateArray());
	size_t i;

	for (i = 0; r->checks && r->checks[i]; i++)
		js_push(arr, js_str(r->checks[i]->id));
	return arr;
}

static cJSON *scan_json(const struct report *r)
{
	cJSON *s = js_must(cJSON_CreateObject()), *p;
	char level[16];

	add_time(s, "started", r->started);
	add_time(s, "finished", r->finished);
	js_add_str(s, "cloud", r->cloud);
	js_add_str(s, "tenant", r->tenant);
	if (r->merge)
		js_add(s, "tenants", report_merge_tenants_json(r));
	js_add_str(s, "framework", framework_name(r->framework));
	js_add(s, "offline", cJSON_CreateBool(r->offline));
	/* Offline: started/finished are the original scan's; this is now. */
	add_time(s, "evaluated", r->evaluated);
	js_add_str(s, "evidence_dir", r->cfg->evidence_dir ? r->cfg->evidence_dir
							   : r->cfg->offline_dir);
	js_add_str(s, "bundle_tool_version", r->bundle_tool_version);
	js_add_str(s, "bundle_signature", r->bundle_signature);
	js_add_str(s, "arm_endpoint", r->arm_endpoint);
	js_add_str(s, "authority_host", r->authority_host);
	js_add_str(s, "client_id", r->client_id);
	js_add_str(s, "credential", r->credential);
	p = js_must(cJSON_CreateObject());
	js_add_str(p, "fail_on", severity_name(r->cfg->fail_on));
	snprintf(level, sizeof(level), "%s", level_name(r->cfg->attack_path_risk));
	js_add_str(p, "attack_path_risk", level);
	add_num(p, "alert_max_age_days", (double)r->cfg->alert_max_age_days);
	add_num(p, "min_retention_days", (double)r->cfg->min_retention_days);
	add_num(p, "concurrency", (double)r->cfg->concurrency);
	add_num(p, "max_rate", r->cfg->max_rate);
	js_add(p, "resource_graph", cJSON_CreateBool(r->cfg->resource_graph));
	js_add_str(p, "management_group", r->cfg->management_group);
	add_num(p, "attestation_max_age_days", (double)r->cfg->attestation_max_age_days);
	js_add(p, "criticality_tags", strvec_json(&r->cfg->criticality_tags));
	js_add(p, "required_plans", strvec_json(&r->cfg->required_plans));
	js_add(p, "sentinel_workspaces", strvec_json(&r->cfg->sentinel_workspaces));
	js_add_str(p, "waivers_file", r->waivers ? r->waivers->file : NULL);
	js_add_str(p, "attestations_file", r->attestations ? r->attestations->file : NULL);
	/* What was evaluated: a later --baseline tells absent from not rescanned. */
	js_add(p, "checks", checks_json(r));
	js_add_str(p, "baseline", r->baseline ? r->baseline->old->file : NULL);
	js_add(p, "fail_on_new", cJSON_CreateBool(r->cfg->fail_on_new));
	js_add(s, "parameters", p);
	/* null unsharded; irscan merge adds the shards' scopes up from it. */
	js_add(s, "shard", shard_json(r->cfg, r->snap));
	add_num(s, "requests", (double)r->requests);
	add_num(s, "retries", (double)r->retries);
	add_num(s, "http_requests", (double)r->http_requests);
	add_num(s, "retry_wait_ms", (double)r->waited_ms);
	add_num(s, "throttle_wait_ms", (double)r->throttled_ms);
	add_num(s, "max_in_flight", (double)r->in_flight_max);
	/* That concurrency adapted: 429s and where, the bound it ended at. */
	add_num(s, "throttled_requests", (double)r->throttled);
	add_num(s, "throttled_scopes", (double)r->throttled_scopes);
	add_num(s, "concurrency_limit", (double)r->concurrency_limit);
	add_num(s, "concurrency_limit_max", (double)r->concurrency_peak);
	add_num(s, "exit_code", r->exit_code);
	js_add_str(s, "exit_reason", r->exit_reason);
	js_add_str(s, "fatal_error", r->fatal);
	return s;
}

static cJSON *subscription_json(const struct sub_snapshot *sub)
{
	cJSON *o = js_must(cJSON_CreateObject());

	js_add_str(o, "id", sub->id);
	js_add_str(o, "name", sub->name);
	js_add_str(o, "state", sub->state);
	js_add(o, "scanned", cJSON_CreateBool(sub->scanned));
	return o;
}

static cJSON *control_json(const struct report *r, const struct report_control *c)
{
	cJSON *o = js_must(cJSON_CreateObject()), *cis, *v;
	size_t j, k;

	js_add_str(o, "id", c->id);
	js_add_str(o, "title", c->info ? c->info->title : NULL);
	cis = js_must(cJSON_CreateArray());
	for (k = 0; c->info && k < 4 && c->info->cis[k]; k++)
		js_push(cis, js_str(c->info->cis[k]));
	js_add(o, "cis", cis);
	js_add_str(o, "responsibility", c->info ? c->info->responsibility : NULL);
	v = js_must(cJSON_CreateObject());
	for (j = 0; r->snap && j < r->snap->n; j++)	/* controls come with a snapshot */
		if (c->verdicts[j] != STATUS_UNSET)
			js_add_str(v, r->snap->subs[j]->id, status_name(c->verdicts[j]));
	js_add(o, "verdicts", v);
	return o;
}

static cJSON *evidence_json(const struct evidence *e)
{
	cJSON *o = js_must(cJSON_CreateObject());

	js_add_str(o, "method", e->method);
	js_add_str(o, "url", e->url);
	js_add_str(o, "api_version", e->api_version);
	add_num(o, "status", (double)e->status);
	js_add_str(o, "request_id", e->request_id);
	js_add_str(o, "correlation_request_id", e->correlation_id);
	js_add_str(o, "date", e->date);
	if (e->at_wall_ms > 0) {
		struct buf t = BUF_INIT;

		clock_add_rfc3339_ms(&t, e->at_wall_ms);
		js_add_str(o, "time", t.buf);
		buf_release(&t);
	} else {
		js_add(o, "time", cJSON_CreateNull());
	}
	add_num(o, "retries", e->retries);
	add_num(o, "duration_ms", (double)e->duration_ms);
	js_add_str(o, "error", e->error);
	/* Where the evidence bundle keeps this exchange (or null). */
	if (e->entry)
		add_num(o, "entry", (double)e->entry);
	else
		js_add(o, "entry", cJSON_CreateNull());
	js_add_str(o, "file", e->file);
	js_add_str(o, "sha256", e->sha256);
	return o;
}

/* The waiver that matched a finding (applied or expired), or null. */
static cJSON *waiver_json(const struct finding *f)
{
	const struct waiver *w = f->waiver;
	cJSON *o;

	if (!w)
		return js_must(cJSON_CreateNull());
	o = js_must(cJSON_CreateObject());
	js_add(o, "applied", cJSON_CreateBool(!f->waiver_expired));
	js_add(o, "expired", cJSON_CreateBool(f->waiver_expired));
	js_add_str(o, "original_status", f->waiver_expired ? status_name(f->status)
						     : status_name(f->waived_from));
	js_add_str(o, "reason", w->reason);
	js_add_str(o, "approved_by", w->approved_by);
	js_add_str(o, "expires", w->expires);
	js_add_str(o, "subscription", w->subscription);
	js_add_str(o, "resource", w->resource);
	add_num(o, "entry", (double)w->index);
	return o;
}

static cJSON *finding_json(const struct report *r, const struct finding *f)
{
	cJSON *o = js_must(cJSON_CreateObject()), *m, *ev, *obs;
	size_t i;

	js_add_str(o, "check", f->check->id);
	js_add_str(o, "control", f->controls[r->framework]);
	m = js_must(cJSON_CreateObject());
	for (i = 0; i < FW__COUNT; i++)
		if (f->controls[i])
			js_add_str(m, framework_name((enum framework)i), f->controls[i]);
	js_add(o, "mappings", m);
	js_add_str(o, "subscription", f->sub->id);
	js_add_str(o, "resource", f->resource);
	js_add_str(o, "status", status_name(f->status));
	js_add_str(o, "severity", severity_name(f->check->severity));
	js_add_str(o, "title", f->check->title);
	js_add_str(o, "message", f->message);
	js_add_str(o, "remediation", f->check->remediation);
	ev = js_must(cJSON_CreateArray());
	for (i = 0; i < f->ev_n; i++)
		js_push(ev, evidence_json(f->ev[i]));
	js_add(o, "evidence", ev);
	obs = js_must(cJSON_CreateObject());
	for (i = 0; i < f->obs_n; i++)
		js_add_str(obs, f->obs[i].key, f->obs[i].value);
	js_add(o, "observed", obs);
	js_add(o, "waiver", waiver_json(f));
	js_add_str(o, "baseline_state", baseline_state_name(report_baseline_state(r, f)));
	return o;
}

static void push_error(void *ctx, const char *sub, const char *what,
		       const struct fetch_error *e)
{
	cJSON *o = js_must(cJSON_CreateObject());

	js_add_str(o, "subscription", sub);
	js_add_str(o, "what", what);
	js_add_str(o, "url", e->url);
	add_num(o, "status", (double)e->status);
	js_add_str(o, "code", e->code);
	js_add_str(o, "message", e->message);
	js_add_str(o, "request_id", e->request_id);
	js_push(ctx, o);
}

static cJSON *errors_json(const struct report *r)
{
	cJSON *arr = js_must(cJSON_CreateArray());

	report_each_error(r, push_error, arr);
	return arr;
}

static cJSON *summary_json(const struct report *r)
{
	cJSON *o = js_must(cJSON_CreateObject());
	int s;

	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		add_num(o, status_name((enum status)s), (double)r->summary[s]);
	return o;
}

static cJSON *absent_json(const struct baseline_finding *f)
{
	cJSON *o = js_must(cJSON_CreateObject());

	js_add_str(o, "check", f->check);
	js_add_str(o, "control", f->control);
	js_add_str(o, "subscription", f->subscription);
	js_add_str(o, "subscription_name", f->subscription_name);
	js_add_str(o, "resource", f->resource);
	js_add_str(o, "status", status_name(f->status));
	js_add_str(o, "severity", f->severity ? severity_name(f->severity) : NULL);
	js_add_str(o, "message", f->message);
	return o;
}

/* --baseline: what it was, what each state counts, what is gone; else null. */
static cJSON *baseline_json(const struct report *r)
{
	const struct baseline_cmp *c = r->baseline;
	cJSON *o, *counts, *absent;
	size_t i;

	if (!c)
		return js_must(cJSON_CreateNull());
	o = js_must(cJSON_CreateObject());
	js_add_str(o, "file", c->old->file);
	js_add_str(o, "kind", c->old->kind);
	js_add_str(o, "tool_version", c->old->tool_version);
	if (c->old->scanned)
		add_time(o, "scanned", c->old->scanned);
	else
		js_add(o, "scanned", cJSON_CreateNull());
	js_add_str(o, "framework", framework_name(c->old->framework));
	js_add_str(o, "tenant", c->old->tenant);
	counts = js_must(cJSON_CreateObject());
	for (i = BASELINE_NEW; i < BASELINE__COUNT; i++)
		add_num(counts, baseline_state_name((enum baseline_state)i), (double)c->counts[i]);
	js_add(o, "counts", counts);
	add_num(o, "not_rescanned", (double)c->not_rescanned);
	add_num(o, "new_failures", (double)report_new_failures(r));
	absent = js_must(cJSON_CreateArray());
	for (i = 0; i < c->absent_n; i++)
		js_push(absent, absent_json(c->absent[i]));
	js_add(o, "absent", absent);
	return o;
}

int report_json(const struct report *r, FILE *out)
{
	struct jstream js;
	struct finding_cursor fc;
	const struct finding *f;
	cJSON *arr, *it;
	size_t i;

	js_init(&js, out);
	js_begin_object(&js, NULL);
	js_put(&js, "tool", tool_json(r));
	js_put(&js, "scan", scan_json(r));
	/* Lists are written element by element, one record per line, each
	 * built as it is written: 10,000 subscriptions' never sit in memory. */
	js_begin_array(&js, "subscriptions");
	for (i = 0; r->snap && i < r->snap->n; i++)
		js_put(&js, NULL, subscription_json(r->snap->subs[i]));
	js_end_array(&js);
	js_begin_array(&js, "controls");
	for (i = 0; i < r->controls_n; i++)
		js_put(&js, NULL, control_json(r, &r->controls[i]));
	js_end_array(&js);
	js_begin_array(&js, "findings");
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		js_put(&js, NULL, finding_json(r, f));
	finding_cursor_close(&fc);
	js_end_array(&js);
	js_begin_array(&js, "errors");
	arr = errors_json(r);
	while ((it = cJSON_DetachItemFromArray(arr, 0)))
		js_put(&js, NULL, it);
	cJSON_Delete(arr);
	js_end_array(&js);
	js_put(&js, "summary", summary_json(r));
	js_put(&js, "baseline", baseline_json(r));
	if (r->merge)
		js_put(&js, "merge", report_merge_json(r));
	js_end_object(&js);
	return js_finish(&js);
}
