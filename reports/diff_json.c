/*
 * diff_json.c - `irscan diff -o json:FILE`: the changes for machines.
 *
 *   { "tool": {...}, "old": SCAN, "new": SCAN,
 *     "summary": {"changes", "worse", "better", "new", "gone", "changed",
 *                 "unchanged", "not_rescanned"}, "exit_code": 0|1,
 *     "scope": {"subscriptions_old_only": [...], "subscriptions_new_only",
 *               "checks_old_only", "checks_new_only"},
 *     "subscriptions": [{"id", "name", "checks": [{"check", "changes": [
 *         {"change": "new|gone|changed", "trend": "worse|better|same",
 *          "verdict": "pass → fail", "resource", "moved_from",
 *          "old": FINDING|null, "new": FINDING|null,
 *          "settings": [{"key", "item", "old", "new", "text"}]}]}]}] }
 *   SCAN = {"file", "kind", "tool_version", "scanned", "framework", "tenant"}
 *   FINDING = {"resource", "status", "message", "request_ids": [...]}
 *
 * Every field is always present (null when absent), as in the report's
 * JSON; one subscription per line (jstream), so memory does not grow
 * with the diff.
 */
#include "reports/diff_report.h"
#include "util/clock.h"
#include "util/jstream.h"
#include "util/version.h"

#include <cJSON.h>
#include <string.h>
#include <strings.h>

static void add_num(cJSON *o, const char *key, double v)
{
	js_add(o, key, cJSON_CreateNumber(v));
}

static cJSON *scan_json(const struct baseline *s)
{
	cJSON *o = js_must(cJSON_CreateObject());
	struct buf t = BUF_INIT;

	js_add_str(o, "file", s->file);
	js_add_str(o, "kind", s->kind);
	js_add_str(o, "tool_version", s->tool_version);
	if (s->scanned) {
		clock_add_rfc3339(&t, s->scanned);
		js_add_str(o, "scanned", t.buf);
	} else {
		js_add_str(o, "scanned", NULL);
	}
	js_add_str(o, "framework", framework_name(s->framework));
	js_add_str(o, "tenant", s->tenant);
	buf_release(&t);
	return o;
}

static cJSON *strings_json(const char **v, size_t n)
{
	cJSON *a = js_must(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < n; i++)
		js_push(a, js_str(v[i]));
	return a;
}

static cJSON *finding_json(const struct baseline_finding *f)
{
	cJSON *o;

	if (!f)
		return js_must(cJSON_CreateNull());
	o = js_must(cJSON_CreateObject());
	js_add_str(o, "resource", f->resource);
	js_add_str(o, "status", status_name(f->status));
	js_add_str(o, "message", f->message);
	js_add(o, "request_ids", strings_json(f->request_ids, f->request_ids_n));
	return o;
}

static cJSON *settings_json(const struct diff_change *c)
{
	cJSON *a = js_must(cJSON_CreateArray());
	struct buf t = BUF_INIT;
	size_t i;

	for (i = 0; i < c->settings_n; i++) {
		const struct diff_setting *s = &c->settings[i];
		cJSON *o = js_must(cJSON_CreateObject());

		js_add_str(o, "key", s->key);
		js_add_str(o, "item", s->item);
		js_add_str(o, "old", s->old_value);
		js_add_str(o, "new", s->new_value);
		buf_reset(&t);
		diff_setting_text(&t, c, s);
		js_add_str(o, "text", t.buf);
		js_push(a, o);
	}
	buf_release(&t);
	return a;
}

static cJSON *change_json(const struct diff_change *c)
{
	cJSON *o = js_must(cJSON_CreateObject());
	struct buf t = BUF_INIT;

	js_add_str(o, "change", diff_kind_name(c->kind));
	js_add_str(o, "trend", diff_trend_name(c->trend));
	diff_verdict_text(&t, c);
	js_add_str(o, "verdict", t.buf);
	js_add_str(o, "resource", (c->cur ? c->cur : c->old)->resource);
	js_add_str(o, "moved_from", c->moved ? c->old->resource : NULL);
	js_add(o, "old", finding_json(c->old));
	js_add(o, "new", finding_json(c->cur));
	js_add(o, "settings", settings_json(c));
	buf_release(&t);
	return o;
}

static const struct baseline_finding *place(const struct diff_change *c)
{
	return c->cur ? c->cur : c->old;
}

/* items[*i...] of one subscription, grouped by check; *i moves past them. */
static cJSON *subscription_json(const struct diff *d, size_t *i)
{
	const char *sub = place(&d->items[*i])->subscription;
	cJSON *o = js_must(cJSON_CreateObject()), *checks = js_must(cJSON_CreateArray());
	cJSON *chk = NULL, *changes = NULL;
	const char *check = NULL;

	js_add_str(o, "id", sub);
	js_add_str(o, "name", diff_sub_name(d, sub));
	for (; *i < d->n && !strcasecmp(place(&d->items[*i])->subscription, sub); ++*i) {
		const struct diff_change *c = &d->items[*i];

		if (!check || strcasecmp(check, place(c)->check)) {
			check = place(c)->check;
			chk = js_must(cJSON_CreateObject());
			js_add_str(chk, "check", check);
			changes = js_must(cJSON_CreateArray());
			js_add(chk, "changes", changes);
			js_push(checks, chk);
		}
		js_push(changes, change_json(c));
	}
	js_add(o, "checks", checks);
	return o;
}

static cJSON *summary_json(const struct diff *d)
{
	cJSON *o = js_must(cJSON_CreateObject());

	add_num(o, "changes", (double)d->n);
	add_num(o, "worse", (double)d->worse);
	add_num(o, "better", (double)d->better);
	add_num(o, "new", (double)d->counts[DIFF_NEW]);
	add_num(o, "gone", (double)d->counts[DIFF_GONE]);
	add_num(o, "changed", (double)d->counts[DIFF_CHANGED]);
	add_num(o, "unchanged", (double)d->unchanged);
	add_num(o, "not_rescanned", (double)d->not_rescanned);
	return o;
}

static cJSON *scope_json(const struct diff *d)
{
	cJSON *o = js_must(cJSON_CreateObject());

	js_add(o, "subscriptions_old_only", strings_json(d->subs_old_only, d->subs_old_only_n));
	js_add(o, "subscriptions_new_only", strings_json(d->subs_new_only, d->subs_new_only_n));
	js_add(o, "checks_old_only", strings_json(d->checks_old_only, d->checks_old_only_n));
	js_add(o, "checks_new_only", strings_json(d->checks_new_only, d->checks_new_only_n));
	return o;
}

int diff_json(const struct diff *d, FILE *out)
{
	struct jstream js;
	cJSON *tool = js_must(cJSON_CreateObject());
	size_t i = 0;

	js_add_str(tool, "name", "irscan");
	js_add_str(tool, "version", IRSCAN_VERSION);
	js_init(&js, out);
	js_begin_object(&js, NULL);
	js_put(&js, "tool", tool);
	js_put(&js, "old", scan_json(d->old));
	js_put(&js, "new", scan_json(d->cur));
	js_put(&js, "summary", summary_json(d));
	js_put(&js, "exit_code", js_must(cJSON_CreateNumber(diff_exit_code(d))));
	js_put(&js, "scope", scope_json(d));
	js_begin_array(&js, "subscriptions");
	while (i < d->n)
		js_put(&js, NULL, subscription_json(d, &i));
	js_end_array(&js);
	js_end_object(&js);
	return js_finish(&js);
}
