/*
 * merge_text.c - what a merged report adds (merge_text.h).  A report of
 * one tenant, merged or not, is grouped by nothing: it reads as today.
 */
#include "reports/merge_text.h"
#include "util/clock.h"
#include "util/jstream.h"

#include <string.h>
#include <strings.h>

cJSON *report_merge_tenants_json(const struct report *r)
{
	cJSON *arr = js_must(cJSON_CreateArray());
	size_t i;

	for (i = 0; r->merge && i < r->merge->tenants_n; i++)
		js_push(arr, js_str(r->merge->tenants[i]));
	return arr;
}

static void add_time(cJSON *o, const char *key, time_t t)
{
	struct buf b = BUF_INIT;

	if (!t) {
		js_add(o, key, cJSON_CreateNull());
		return;
	}
	clock_add_rfc3339(&b, t);
	js_add_str(o, key, b.buf);
	buf_release(&b);
}

/* scan.shard as the part recorded it, or null. */
static cJSON *shard_json(const struct report_shard *s)
{
	cJSON *o;

	if (!s->index)
		return js_must(cJSON_CreateNull());
	o = js_must(cJSON_CreateObject());
	js_add(o, "index", cJSON_CreateNumber((double)s->index));
	js_add(o, "count", cJSON_CreateNumber((double)s->count));
	js_add(o, "scope_subscriptions", cJSON_CreateNumber((double)s->scope_subscriptions));
	js_add(o, "subscriptions", cJSON_CreateNumber((double)s->subscriptions));
	return o;
}

cJSON *report_merge_json(const struct report *r)
{
	cJSON *o = js_must(cJSON_CreateObject()), *parts, *missing;
	size_t i;

	parts = js_must(cJSON_CreateArray());
	for (i = 0; i < r->merge->parts_n; i++) {
		const struct report_merge_part *p = &r->merge->parts[i];
		cJSON *e = js_must(cJSON_CreateObject());

		js_add_str(e, "file", p->file);
		js_add_str(e, "sha256", p->sha256);
		js_add_str(e, "tenant", p->tenant);
		js_add_str(e, "framework", framework_name(p->framework));
		js_add(e, "shard", shard_json(&p->shard));
		add_time(e, "started", p->started);
		add_time(e, "finished", p->finished);
		js_add(e, "subscriptions", cJSON_CreateNumber((double)p->subscriptions));
		js_push(parts, e);
	}
	js_add(o, "parts", parts);
	missing = js_must(cJSON_CreateArray());
	for (i = 0; i < r->merge->missing_n; i++) {
		const struct report_missing_shard *m = &r->merge->missing[i];
		cJSON *e = js_must(cJSON_CreateObject());

		js_add(e, "index", cJSON_CreateNumber((double)m->index));
		js_add(e, "count", cJSON_CreateNumber((double)m->count));
		js_add_str(e, "tenant", m->tenant);
		js_push(missing, e);
	}
	js_add(o, "missing_shards", missing);
	return o;
}

/* "shards 2, 4 of 4 (tenant T)": one scan's missing shards from *i on. */
static void add_missing_scan(struct buf *b, const struct report_merge *m, size_t *i)
{
	const struct report_missing_shard *first = &m->missing[*i];
	size_t n = 0, j;

	for (j = *i; j < m->missing_n && m->missing[j].count == first->count &&
	     m->missing[j].tenant == first->tenant; j++)
		n++;
	buf_addf(b, "shard%s ", n == 1 ? "" : "s");
	for (j = 0; j < n; j++)
		buf_addf(b, "%s%ld", j ? ", " : "", m->missing[*i + j].index);
	buf_addf(b, " of %ld", first->count);
	if (first->tenant)
		buf_addf(b, " (tenant %s)", first->tenant);
	*i += n;
}

void report_merge_line(struct buf *b, const struct report *r)
{
	const struct report_merge *m = r->merge;
	size_t i = 0;

	if (!m)
		return;
	buf_addf(b, "Merged from %zu JSON report%s (irscan merge)", m->parts_n,
		 m->parts_n == 1 ? "" : "s");
	if (m->tenants_n > 1) {
		buf_addf(b, " of %zu tenants: ", m->tenants_n);
		for (i = 0; i < m->tenants_n; i++)
			buf_addf(b, "%s%s", i ? ", " : "", m->tenants[i]);
		i = 0;
	}
	if (!m->missing_n)
		return;
	buf_add(b, "; NOT SCANNED, missing (--allow-partial): ");
	while (i < m->missing_n) {
		if (i)
			buf_add(b, "; ");
		add_missing_scan(b, m, &i);
	}
}

size_t report_tenant_groups(const struct report *r)
{
	return r->merge && r->merge->tenants_n > 1 ? r->merge->tenants_n : 0;
}

const char *report_tenant_at(const struct report *r, size_t i)
{
	return r->merge->tenants[i];
}

int report_sub_of_tenant(const struct report *r, size_t idx, const char *tenant)
{
	const char *t = r->snap->subs[idx]->tenant_id;

	return t && !strcasecmp(t, tenant);
}

void report_tenant_heading(struct buf *b, const struct report *r, const char *tenant)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t counts[STATUS__COUNT] = { 0 }, subs = 0, i;

	for (i = 0; i < r->snap->n; i++)
		subs += r->snap->subs[i]->scanned && report_sub_of_tenant(r, i, tenant);
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc))) {
		const char *t = f->sub->tenant_id;

		if (t && !strcasecmp(t, tenant))
			counts[f->status]++;
	}
	finding_cursor_close(&fc);
	buf_addf(b, "Tenant %s: %zu subscription%s scanned; %zu pass, %zu fail, %zu error, "
		 "%zu manual, %zu waived, %zu not-applicable", tenant, subs,
		 subs == 1 ? "" : "s", counts[STATUS_PASS], counts[STATUS_FAIL],
		 counts[STATUS_ERROR], counts[STATUS_MANUAL], counts[STATUS_WAIVED],
		 counts[STATUS_NOT_APPLICABLE]);
}
