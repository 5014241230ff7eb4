/*
 * sarif.c - the SARIF 2.1.0 report, built with cJSON, for GitHub code
 * scanning, Azure DevOps' Scans tab and other SARIF viewers (what each
 * reads: schemas/README.md §1).
 *
 * Every check of the framework is a rule.  Results exist only for what
 * someone must act on: fail (level by severity), waived (with a
 * suppression carrying the waiver) and manual (kind "review").  Passing
 * and not-applicable findings are not results (GitHub would raise them
 * as alerts); findings that could not be evaluated go to the
 * invocation's toolExecutionNotifications and make executionSuccessful
 * false.  Cloud resources have no source file, so each result gets a
 * relative artifact URI built from the ARM id ("azure/subscriptions/...",
 * line 1), the id itself as the logical location and in the message, and
 * a fingerprint of (check, resource) so GitHub tracks it across runs.
 */
#include "reports/report.h"
#include "model/shard.h"
#include "model/resid.h"
#include "util/jstream.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/version.h"
#include "policy/waivers.h"
#include "util/xmalloc.h"

#include <cJSON.h>
#include <ctype.h>
#include <openssl/evp.h>
#include <string.h>

/* A {"text": ...} message; brackets are escaped so that no string from
 * Azure is read as a SARIF embedded link. */
static cJSON *message(const char *text)
{
	cJSON *m = js_must(cJSON_CreateObject());
	struct buf b = BUF_INIT;
	const char *p;

	for (p = text; *p; p++) {
		if (*p == '[' || *p == ']' || *p == '\\')
			buf_addch(&b, '\\');
		buf_addch(&b, *p);
	}
	js_add_str(m, "text", b.buf);
	buf_release(&b);
	return m;
}

static const char *level_of(enum severity s)
{
	return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

/* GitHub's security-severity scale: >9 critical, 7-8.9 high, 4-6.9 medium. */
static const char *security_severity(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL: return "9.5";
	case SEV_HIGH: return "8.0";
	case SEV_MEDIUM: return "5.5";
	default: return "2.0";
	}
}

/* A check id as the rule name: "a-check-id" -> "ACheckId". */
static void pascal(struct buf *b, const char *id)
{
	int up = 1;

	for (; *id; id++) {
		if (*id == '-') {
			up = 1;
			continue;
		}
		buf_addch(b, up ? (char)toupper((unsigned char)*id) : *id);
		up = 0;
	}
}

/* Remediation as markdown: each "Label: text" line, CLI in a code block. */
static void remediation_markdown(struct buf *b, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		const char *colon = memchr(text, ':', n);

		if (colon && colon - text < 12) {
			size_t label = (size_t)(colon - text);
			const char *rest = colon + 1 + (colon[1] == ' ');

			if (label == 3 && !strncmp(text, "CLI", 3))
				buf_addf(b, "**CLI:**\n\n```\n%.*s\n```\n\n",
					 (int)(n - (size_t)(rest - text)), rest);
			else
				buf_addf(b, "**%.*s:** %.*s\n\n", (int)label, text,
					 (int)(n - (size_t)(rest - text)), rest);
		} else {
			buf_addf(b, "%.*s\n\n", (int)n, text);
		}
		text += n + (nl ? 1 : 0);
	}
}

static cJSON *rule_json(const struct report *r, const struct check *c)
{
	cJSON *rule = js_must(cJSON_CreateObject()), *o, *props, *tags;
	const struct control_info *ci = control_lookup(r->framework, c->control[r->framework]);
	struct buf b = BUF_INIT;
	int fw;

	js_add_str(rule, "id", c->id);
	pascal(&b, c->id);
	js_add_str(rule, "name", b.buf);
	buf_reset(&b);
	o = js_must(cJSON_CreateObject());
	js_add_str(o, "text", c->title);
	js_add(rule, "shortDescription", o);
	buf_addf(&b, "%s. Control %s %s%s%s.", c->title, framework_name(r->framework),
		 c->control[r->framework], ci ? ": " : "", ci ? ci->title : "");
	o = js_must(cJSON_CreateObject());
	js_add_str(o, "text", b.buf);
	js_add(rule, "fullDescription", o);
	buf_reset(&b);
	o = js_must(cJSON_CreateObject());
	js_add_str(o, "text", c->remediation);
	remediation_markdown(&b, c->remediation);
	js_add_str(o, "markdown", b.buf);
	js_add(rule, "help", o);
	js_add_str(rule, "helpUri", REPORT_HELP_URI);
	o = js_must(cJSON_CreateObject());
	js_add_str(o, "level", level_of(c->severity));
	js_add(rule, "defaultConfiguration", o);
	props = js_must(cJSON_CreateObject());
	tags = js_must(cJSON_CreateArray());
	js_push(tags, js_str("security"));
	js_push(tags, js_str("azure"));
	js_push(tags, js_str("incident-response"));
	for (fw = 0; fw < FW__COUNT; fw++)
		if (c->control[fw]) {
			buf_reset(&b);
			buf_addf(&b, "%s/%s", framework_name((enum framework)fw), c->control[fw]);
			js_push(tags, js_str(b.buf));
		}
	js_add(props, "tags", tags);
	js_add_str(props, "security-severity", security_severity(c->severity));
	js_add_str(props, "precision", "very-high");
	js_add(rule, "properties", props);
	buf_release(&b);
	return rule;
}

/* Hex SHA-256 of (check, resource), lower-cased, plus ":1" (the line). */
static void fingerprint(struct buf *out, const char *check, const char *resource)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	struct buf key = BUF_INIT;
	char *p;

	buf_addf(&key, "%s|%s", check, resource);
	for (p = key.buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!EVP_Digest(key.buf, key.len, md, &mdlen, EVP_sha256(), NULL))
		die("SHA-256 failed");
	for (i = 0; i < 16 && i < mdlen; i++)
		buf_addf(out, "%02x", md[i]);
	buf_add(out, ":1");
	buf_release(&key);
}

static cJSON *location_json(const struct finding *f)
{
	cJSON *loc = js_must(cJSON_CreateObject()), *phys, *art, *reg, *logs, *lg;
	struct buf uri = BUF_INIT;
	const char *slash = strrchr(f->resource, '/');

	buf_add(&uri, "azure");
	resid_add_path(&uri, f->resource[0] == '/' ? f->resource : "/unknown");
	phys = js_must(cJSON_CreateObject());
	art = js_must(cJSON_CreateObject());
	js_add_str(art, "uri", uri.buf);
	js_add(phys, "artifactLocation", art);
	reg = js_must(cJSON_CreateObject());
	js_add(reg, "startLine", cJSON_CreateNumber(1));
	js_add(phys, "region", reg);
	js_add(loc, "physicalLocation", phys);
	logs = js_must(cJSON_CreateArray());
	lg = js_must(cJSON_CreateObject());
	js_add_str(lg, "name", slash && slash[1] ? slash + 1 : f->resource);
	js_add_str(lg, "fullyQualifiedName", f->resource);
	js_add_str(lg, "kind", "resource");
	js_push(logs, lg);
	js_add(loc, "logicalLocations", logs);
	buf_release(&uri);
	return loc;
}

static cJSON *evidence_json(const struct finding *f)
{
	cJSON *arr = js_must(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < f->ev_n; i++) {
		cJSON *e = js_must(cJSON_CreateObject());

		js_add_str(e, "url", f->ev[i]->url);
		js_add(e, "status", cJSON_CreateNumber((double)f->ev[i]->status));
		js_add_str(e, "requestId", f->ev[i]->request_id);
		if (f->ev[i]->file) {
			/* Its place in the evidence bundle. */
			js_add(e, "entry", cJSON_CreateNumber((double)f->ev[i]->entry));
			js_add_str(e, "file", f->ev[i]->file);
			js_add_str(e, "sha256", f->ev[i]->sha256);
		}
		js_push(arr, e);
	}
	return arr;
}

static cJSON *result_json(const struct report *r, const struct finding *f, int rule_index)
{
	cJSON *res = js_must(cJSON_CreateObject()), *locs, *fp, *props, *obs;
	struct buf b = BUF_INIT, sub = BUF_INIT;
	size_t i;

	js_add_str(res, "ruleId", f->check->id);
	js_add(res, "ruleIndex", cJSON_CreateNumber(rule_index));
	if (f->status == STATUS_MANUAL) {
		js_add_str(res, "kind", "review");
		js_add_str(res, "level", "none");
	} else {
		js_add_str(res, "kind", "fail");
		js_add_str(res, "level", level_of(f->check->severity));
	}
	report_status_line(&b, f);
	report_sub_label(&sub, f->sub);
	buf_addf(&b, " Resource: %s (subscription %s).", f->resource, sub.buf);
	js_add(res, "message", message(b.buf));
	locs = js_must(cJSON_CreateArray());
	js_push(locs, location_json(f));
	js_add(res, "locations", locs);
	buf_reset(&b);
	fingerprint(&b, f->check->id, f->resource);
	fp = js_must(cJSON_CreateObject());
	js_add_str(fp, "primaryLocationLineHash", b.buf);
	js_add(res, "partialFingerprints", fp);
	if (f->status == STATUS_WAIVED && f->waiver) {
		cJSON *sups = js_must(cJSON_CreateArray()), *s = js_must(cJSON_CreateObject());

		js_add_str(s, "kind", "external");
		js_add_str(s, "status", "accepted");
		buf_reset(&b);
		buf_addf(&b, "%s (approved by %s, expires %s)", f->waiver->reason,
			 f->waiver->approved_by, f->waiver->expires);
		js_add_str(s, "justification", b.buf);
		js_push(sups, s);
		js_add(res, "suppressions", sups);
	}
	if (r->baseline)
		js_add_str(res, "baselineState", baseline_state_name(report_baseline_state(r, f)));
	props = js_must(cJSON_CreateObject());
	js_add_str(props, "subscriptionId", f->sub->id);
	js_add_str(props, "subscriptionName", f->sub->name);
	js_add_str(props, "control", f->controls[r->framework]);
	js_add_str(props, "status", status_name(f->status));
	obs = js_must(cJSON_CreateObject());
	for (i = 0; i < f->obs_n; i++)
		js_add_str(obs, f->obs[i].key, f->obs[i].value);
	js_add(props, "observed", obs);
	js_add(props, "evidence", evidence_json(f));
	js_add(res, "properties", props);
	buf_release(&b);
	buf_release(&sub);
	return res;
}

static cJSON *notification_json(const struct finding *f, int rule_index)
{
	cJSON *n = js_must(cJSON_CreateObject()), *rule, *locs, *props;
	struct buf b = BUF_INIT, sub = BUF_INIT;

	js_add_str(n, "level", "error");
	report_sub_label(&sub, f->sub);
	buf_addf(&b, "%s could not be evaluated: %s Resource: %s (subscription %s).",
		 f->check->id, f->message ? f->message : "", f->resource, sub.buf);
	js_add(n, "message", message(b.buf));
	rule = js_must(cJSON_CreateObject());
	js_add_str(rule, "id", f->check->id);
	js_add(rule, "index", cJSON_CreateNumber(rule_index));
	js_add(n, "associatedRule", rule);
	locs = js_must(cJSON_CreateArray());
	js_push(locs, location_json(f));
	js_add(n, "locations", locs);
	props = js_must(cJSON_CreateObject());
	js_add_str(props, "subscriptionId", f->sub->id);
	js_add_str(props, "resource", f->resource);
	js_add(props, "evidence", evidence_json(f));
	js_add(n, "properties", props);
	buf_release(&b);
	buf_release(&sub);
	return n;
}

/* The rules listed (the framework's checks, in catalogue order). */
struct rules {
	const struct check *listed[64];
	size_t n;
};

/* Index of c's rule in the driver's list (0 when unlisted, as before a rule could be). */
static int rule_index(const struct rules *rl, const struct check *c)
{
	size_t j;

	for (j = 0; j < rl->n; j++)
		if (rl->listed[j] == c)
			return (int)j;
	return 0;
}

static void invocation(struct jstream *js, const struct report *r, const struct rules *rl)
{
	struct finding_cursor fc;
	const struct finding *f;
	struct buf t = BUF_INIT;

	js_begin_object(js, NULL);
	js_put(js, "executionSuccessful",
	       cJSON_CreateBool(!r->fatal && !r->summary[STATUS_ERROR]));
	clock_add_rfc3339(&t, r->started);
	js_put(js, "startTimeUtc", js_str(t.buf));
	buf_reset(&t);
	clock_add_rfc3339(&t, r->finished);
	js_put(js, "endTimeUtc", js_str(t.buf));
	js_put(js, "exitCode", cJSON_CreateNumber(r->exit_code));
	js_put(js, "exitCodeDescription", js_str(r->exit_reason));
	js_begin_array(js, "toolExecutionNotifications");
	if (r->fatal) {
		cJSON *n = js_must(cJSON_CreateObject());

		js_add_str(n, "level", "error");
		js_add(n, "message", message(r->fatal));
		js_put(js, NULL, n);
	}
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		if (f->status == STATUS_ERROR)
			js_put(js, NULL, notification_json(f, rule_index(rl, f->check)));
	finding_cursor_close(&fc);
	js_end_array(js);
	js_end_object(js);
	buf_release(&t);
}

/*
 * --baseline: every result carries baselineState (SARIF §3.27.24: new,
 * unchanged, updated), and the run says what it was compared with.
 *
 * Absent findings get no result, although §3.27.24 allows a result with
 * baselineState "absent": GitHub code scanning ignores baselineState and
 * computes alert states itself, from the fingerprints of the results an
 * analysis contains.  A result for a finding that is gone would keep its
 * alert open, or re-open the one GitHub closed when it disappeared; left
 * out, GitHub closes it as fixed, which is what it is.  Their count is
 * here, and the JSON report lists them.
 */
static cJSON *baseline_props(const struct report *r)
{
	const struct baseline_cmp *c = r->baseline;
	cJSON *o = js_must(cJSON_CreateObject());
	struct buf t = BUF_INIT;
	size_t i;

	js_add_str(o, "file", c->old->file);
	js_add_str(o, "kind", c->old->kind);
	if (c->old->scanned)
		clock_add_rfc3339(&t, c->old->scanned);
	js_add_str(o, "scanned", c->old->scanned ? t.buf : NULL);
	for (i = BASELINE_NEW; i < BASELINE__COUNT; i++)
		js_add(o, baseline_state_name((enum baseline_state)i),
		       cJSON_CreateNumber((double)c->counts[i]));
	js_add(o, "notRescanned", cJSON_CreateNumber((double)c->not_rescanned));
	js_add(o, "newFailures", cJSON_CreateNumber((double)report_new_failures(r)));
	buf_release(&t);
	return o;
}

int report_sarif(const struct report *r, FILE *out)
{
	struct rules rl = { .n = 0 };
	struct finding_cursor fc;
	const struct finding *f;
	cJSON *tool, *driver, *rules, *auto_, *props;
	struct buf b = BUF_INIT;
	struct jstream js;
	size_t i;

	driver = js_must(cJSON_CreateObject());
	js_add_str(driver, "name", "irscan");
	js_add_str(driver, "fullName", "irscan Azure incident response compliance scanner");
	js_add_str(driver, "version", IRSCAN_VERSION);
	js_add_str(driver, "semanticVersion", IRSCAN_VERSION);
	js_add_str(driver, "informationUri", IRSCAN_INFO_URI);
	rules = js_must(cJSON_CreateArray());
	for (i = 0; check_registry[i] && rl.n < ARRAY_SIZE(rl.listed); i++)
		if (check_registry[i]->control[r->framework]) {
			rl.listed[rl.n++] = check_registry[i];
			js_push(rules, rule_json(r, check_registry[i]));
		}
	js_add(driver, "rules", rules);
	tool = js_must(cJSON_CreateObject());
	js_add(tool, "driver", driver);

	js_init(&js, out);
	js_begin_object(&js, NULL);
	js_put(&js, "$schema", js_str("https://json.schemastore.org/sarif-2.1.0.json"));
	js_put(&js, "version", js_str("2.1.0"));
	js_begin_array(&js, "runs");
	js_begin_object(&js, NULL);
	js_put(&js, "tool", tool);
	js_begin_array(&js, "invocations");
	invocation(&js, r, &rl);
	js_end_array(&js);
	auto_ = js_must(cJSON_CreateObject());
	buf_addf(&b, "irscan/%s/", framework_name(r->framework));
	clock_add_rfc3339(&b, r->started);
	js_add_str(auto_, "id", b.buf);
	js_put(&js, "automationDetails", auto_);
	props = js_must(cJSON_CreateObject());
	js_add_str(props, "framework", framework_name(r->framework));
	js_add_str(props, "tenant", r->tenant);
	js_add_str(props, "cloud", r->cloud);
	if (r->baseline)
		js_add(props, "baseline", baseline_props(r));
	if (r->cfg && r->cfg->shard_count)	/* the JSON report's scan.shard */
		js_add(props, "shard", shard_json(r->cfg, r->snap));
	js_put(&js, "properties", props);
	/* One result per line: a large tenant's results never sit in memory at once. */
	js_begin_array(&js, "results");
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		if (f->status == STATUS_FAIL || f->status == STATUS_WAIVED ||
		    f->status == STATUS_MANUAL)
			js_put(&js, NULL, result_json(r, f, rule_index(&rl, f->check)));
	finding_cursor_close(&fc);
	js_end_array(&js);
	js_end_object(&js);
	js_end_array(&js);
	js_end_object(&js);
	buf_release(&b);
	return js_finish(&js);
}
