/*
 * baseline.c - an earlier scan's findings, read from the JSON report any
 * irscan version wrote (SPEC §5), for --baseline and `irscan diff`.
 *
 * The report is an input file like the waivers: bounded, strict JSON,
 * every field type-checked, and an error that names the file and the
 * field.  It is read tolerantly in one way only: a field an older irscan
 * did not write yet is simply absent (a report of 0.x has no mappings,
 * no scan.parameters.checks, maybe no subscriptions list); a field that
 * is there but of another type, or a status this irscan does not know,
 * is an error, because guessing would compare against the wrong thing.
 */
#include "policy/baseline.h"
#include "policy/report_read.h"
#include "util/clock.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/xmalloc.h"

#include <cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * A report of a thousand subscriptions is some 60 MB (evidence lists
 * every exchange per finding); larger files are refused before parsing.
 */
#define BASELINE_FILE_MAX (256u * 1024 * 1024)

static const char *const state_names[BASELINE__COUNT] = {
	[BASELINE_NEW] = "new", [BASELINE_UNCHANGED] = "unchanged",
	[BASELINE_UPDATED] = "updated", [BASELINE_ABSENT] = "absent",
};

const char *baseline_state_name(enum baseline_state s)
{
	return (unsigned)s < BASELINE__COUNT ? state_names[s] : NULL;
}

struct baseline_finding *baseline_add(struct baseline *b)
{
	struct baseline_finding *f;

	b->items = xgrow(b->items, &b->alloc, b->n + 1, sizeof(*b->items));
	f = &b->items[b->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

void baseline_release(struct baseline *b)
{
	free(b->items);
	pool_release(&b->pool);
	memset(b, 0, sizeof(*b));
}

/* One load: the file and where in it we are (report_read.h), the baseline. */
struct ld {
	struct jread j;
	struct baseline *b;
};

/* scan.started, framework, tenant and parameters.checks (all optional). */
static int load_scan(struct ld *l, const cJSON *root)
{
	const cJSON *scan, *params, *checks;
	const char *started, *fw;

	snprintf(l->j.where, sizeof(l->j.where), "%s", "");
	if (jread_opt_typed(&l->j, root, "scan", cJSON_IsObject, "an object", &scan) || !scan)
		return scan ? -1 : 0;
	snprintf(l->j.where, sizeof(l->j.where), "scan");
	if (jread_opt_str(&l->j, scan, "started", &started) || jread_opt_str(&l->j, scan, "framework", &fw) ||
	    jread_opt_str(&l->j, scan, "tenant", &l->b->tenant))
		return -1;
	if (started && clock_parse_iso8601(started, &l->b->scanned))
		return jread_bad(&l->j, "started", "is not an RFC 3339 time");
	/* Reports before --framework existed were all of the first one. */
	if (fw && framework_parse(fw, &l->b->framework))
		return jread_bad(&l->j, "framework", "is not a framework this irscan knows");
	if (jread_opt_typed(&l->j, scan, "parameters", cJSON_IsObject, "an object", &params))
		return -1;
	snprintf(l->j.where, sizeof(l->j.where), "scan.parameters");
	if (params && jread_opt_typed(&l->j, params, "checks", cJSON_IsArray, "an array", &checks))
		return -1;
	if (params && checks &&
	    jread_str_list(&l->j, checks, "checks", &l->b->checks, &l->b->checks_n))
		return -1;
	return 0;
}

/* The scanned subscriptions (a subscription listed but not scanned is not). */
static int load_subscriptions(struct ld *l, const cJSON *arr, const char ***names)
{
	const cJSON *it;
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	struct baseline *b = l->b;

	b->subscriptions = pool_alloc(&b->pool, xsize_mul(n + 1, sizeof(char *)));
	*names = pool_alloc(&b->pool, xsize_mul(n + 1, sizeof(char *)));
	cJSON_ArrayForEach(it, arr) {
		const cJSON *scanned = cJSON_GetObjectItemCaseSensitive(it, "scanned");
		const char *id, *name;

		snprintf(l->j.where, sizeof(l->j.where), "subscriptions[%zu]", i++);
		if (!cJSON_IsObject(it))
			return jread_bad(&l->j, "", "is not an object");
		if (jread_req_str(&l->j, it, "id", &id) || jread_opt_str(&l->j, it, "name", &name))
			return -1;
		if (scanned && !cJSON_IsBool(scanned))
			return jread_bad(&l->j, "scanned", "must be true or false");
		if (scanned && cJSON_IsFalse(scanned))
			continue;
		(*names)[b->subscriptions_n] = name;
		b->subscriptions[b->subscriptions_n++] = id;
	}
	return 0;
}

static int load_observed(struct ld *l, const cJSON *obj, struct baseline_finding *f)
{
	const cJSON *it;
	size_t i = 0;

	f->observed_n = (size_t)cJSON_GetArraySize(obj);
	f->observed = pool_alloc(&l->b->pool, xsize_mul(f->observed_n + 1,
							 sizeof(*f->observed)));
	cJSON_ArrayForEach(it, obj) {
		if (!cJSON_IsString(it))
			return jread_bad(&l->j, "observed", "must hold only strings");
		f->observed[i].key = pool_strdup(&l->b->pool, it->string);
		f->observed[i++].value = pool_strdup(&l->b->pool, it->valuestring);
	}
	return 0;
}

static int load_evidence(struct ld *l, const cJSON *arr, struct baseline_finding *f)
{
	const cJSON *it;

	f->request_ids = pool_alloc(&l->b->pool, xsize_mul((size_t)cJSON_GetArraySize(arr) + 1,
							    sizeof(char *)));
	cJSON_ArrayForEach(it, arr) {
		const char *id;

		if (!cJSON_IsObject(it))
			return jread_bad(&l->j, "evidence", "must hold only objects");
		if (jread_opt_str(&l->j, it, "request_id", &id))
			return -1;
		if (id)
			f->request_ids[f->request_ids_n++] = id;
	}
	return 0;
}

static int load_finding(struct ld *l, const cJSON *o, struct baseline_finding *f)
{
	const char *status, *sev;
	const cJSON *obs, *ev;

	if (!cJSON_IsObject(o))
		return jread_bad(&l->j, "", "is not an object");
	if (jread_req_str(&l->j, o, "check", &f->check) ||
	    jread_req_str(&l->j, o, "subscription", &f->subscription) ||
	    jread_opt_str(&l->j, o, "resource", &f->resource) || jread_opt_str(&l->j, o, "control", &f->control) ||
	    jread_opt_str(&l->j, o, "title", &f->title) || jread_opt_str(&l->j, o, "message", &f->message) ||
	    jread_req_str(&l->j, o, "status", &status) || jread_opt_str(&l->j, o, "severity", &sev))
		return -1;
	if (jread_status(status, &f->status))
		return jread_bad(&l->j, "status", "is not a status this irscan knows");
	if (sev && (severity_parse(sev, &f->severity) || f->severity == SEV_NEVER))
		return jread_bad(&l->j, "severity", "is not a severity this irscan knows");
	if (jread_opt_typed(&l->j, o, "observed", cJSON_IsObject, "an object", &obs) ||
	    jread_opt_typed(&l->j, o, "evidence", cJSON_IsArray, "an array", &ev))
		return -1;
	if (obs && load_observed(l, obs, f))
		return -1;
	return ev ? load_evidence(l, ev, f) : 0;
}

/* The subscription's name, from the report's subscriptions list. */
static const char *sub_name(const struct baseline *b, const char **names, const char *id)
{
	size_t i;

	for (i = 0; names && i < b->subscriptions_n; i++)
		if (!strcasecmp(b->subscriptions[i], id))
			return names[i];
	return NULL;
}

/* Without a list in the report: every distinct value its findings name. */
static void distinct(struct baseline *b, size_t field, const char ***out, size_t *n)
{
	size_t i, j;

	*out = pool_alloc(&b->pool, xsize_mul(b->n + 1, sizeof(char *)));
	*n = 0;
	for (i = 0; i < b->n; i++) {
		const char *v = *(const char *const *)((const char *)&b->items[i] + field);

		for (j = 0; j < *n && strcasecmp((*out)[j], v); j++)
			;
		if (j == *n)
			(*out)[(*n)++] = v;
	}
}

/* One load: the report's members but its findings, and where the walk is. */
struct stream_ctx {
	struct ld *l;
	cJSON *rest;		/* tool, scan, subscriptions, ... */
	int header_done;	/* tool and scan read (before the first finding) */
	int findings_seen;
};

static int keep_member(void *ctx, const char *key, cJSON *value)
{
	struct stream_ctx *x = ctx;

	static const char *const kept[] = { "tool", "scan", "subscriptions", "findings" };
	size_t i;

	if (!value) {
		x->findings_seen = 1;	/* the findings array, streamed */
		return 0;
	}
	/* Only what is read: controls, errors, an earlier baseline's absent
	 * list can be as large as the findings. */
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]) && strcmp(key, kept[i]); i++)
		;
	if (i == sizeof(kept) / sizeof(kept[0])) {
		cJSON_Delete(value);
		return 0;
	}
	if (!cJSON_AddItemToObject(x->rest, key, value)) {
		cJSON_Delete(value);
		buf_addf(x->l->j.err, "'%s': out of memory", x->l->j.path);
		return -1;
	}
	return 0;
}

/*
 * tool and scan come first in every report irscan writes: read before
 * the first finding, so that a file of another tool is called that, not
 * a report with a bad finding.
 */
static int load_header(struct stream_ctx *x)
{
	if (x->header_done)
		return 0;
	x->header_done = 1;
	return jread_tool(&x->l->j, x->rest, &x->l->b->tool_version) || load_scan(x->l, x->rest) ? -1 : 0;
}

static int take_finding(void *ctx, size_t i, cJSON *value)
{
	struct stream_ctx *x = ctx;
	int rc = load_header(x);

	if (!rc) {
		snprintf(x->l->j.where, sizeof(x->l->j.where), "findings[%zu]", i);
		rc = load_finding(x->l, value, baseline_add(x->l->b));
	}
	cJSON_Delete(value);
	return rc;
}

/* After the walk: the subscriptions scanned and their names, the checks run. */
static int load_scope(struct ld *l, const cJSON *rest)
{
	const cJSON *subs;
	const char **names = NULL;
	size_t i;

	snprintf(l->j.where, sizeof(l->j.where), "%s", "");
	if (jread_opt_typed(&l->j, rest, "subscriptions", cJSON_IsArray, "an array", &subs) ||
	    (subs && load_subscriptions(l, subs, &names)))
		return -1;
	for (i = 0; i < l->b->n; i++)
		l->b->items[i].subscription_name = sub_name(l->b, names, l->b->items[i].subscription);
	if (!subs)
		distinct(l->b, offsetof(struct baseline_finding, subscription),
			 &l->b->subscriptions, &l->b->subscriptions_n);
	if (!l->b->checks)
		distinct(l->b, offsetof(struct baseline_finding, check),
			 &l->b->checks, &l->b->checks_n);
	return 0;
}

/*
 * The report is walked member by member (json_stream_object), each
 * finding read and dropped in turn: as one cJSON tree a thousand
 * subscriptions' 50 MB report took 200 MB more than the scan itself.
 */
static int load_text(struct ld *l, const struct buf *text)
{
	struct stream_ctx x = { .l = l, .rest = cJSON_CreateObject() };
	struct json_stream js = { .stream_key = "findings", .on_member = keep_member,
				  .on_element = take_finding, .ctx = &x };
	struct buf why = BUF_INIT;
	int rc = x.rest ? json_stream_object(text->buf, text->len, &js, &why) : -2;

	if (rc == -2) {
		buf_addf(l->j.err, "'%s': not an irscan JSON report: not a JSON object", l->j.path);
		rc = -1;
	} else if (rc && why.len) {
		buf_addf(l->j.err, "'%s': %s", l->j.path, why.buf);
	}
	if (!rc && !x.findings_seen &&
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(x.rest, "findings")) &&
	    !(rc = load_header(&x))) {
		buf_addf(l->j.err, "'%s': not an irscan JSON report: field 'findings' "
			 "is missing or not an array", l->j.path);
		rc = -1;
	}
	if (!rc)
		rc = load_header(&x) || load_scope(l, x.rest) ? -1 : 0;
	buf_release(&why);
	cJSON_Delete(x.rest);
	return rc;
}

int baseline_load_report(const char *path, struct baseline *b, struct buf *err)
{
	struct buf text = BUF_INIT;
	struct ld l = { { path, &b->pool, err, "" }, b };
	int rc = -1;

	memset(b, 0, sizeof(*b));
	b->file = pool_strdup(&b->pool, path);
	b->kind = "report";
	if (!file_read(path, BASELINE_FILE_MAX, &text, err))
		rc = load_text(&l, &text);
	buf_release(&text);
	return rc;
}
