/*
 * test_report_merge.c - `irscan merge`: a JSON report read back
 * (policy/report_load.h) with every field the writers print, an input
 * that is not a report refused with the file and the field, and what
 * merge_check() refuses or merges once.
 */
#include "t.h"
#include "merge_cmd.h"
#include "policy/waivers.h"
#include "util/digest.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SUB1 "c0000001-0000-4000-8000-000000000001"
#define SUB2 "c0000002-0000-4000-8000-000000000002"

/* The --shard contract, computed here independently of merge_check.c. */
static long shard_of(const char *id, long n)
{
	unsigned char d[32];
	unsigned long long v = 0;
	int i;

	sha256_raw(id, strlen(id), d);
	for (i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return (long)(v % (unsigned long long)n) + 1;
}

/* A report of SUB1 (and SUB2 when two), framework fw, shard K/N or none. */
static char *report(const char *fw, int two, long k, long n, const char *status)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "{\"tool\": {\"name\": \"irscan\", \"version\": \"0.1.0\"},"
		 "\"scan\": {\"started\": \"2026-12-01T10:00:00Z\", \"finished\": \"2026-12-01T10:01:00Z\","
		 " \"tenant\": \"t1\", \"framework\": \"%s\", \"offline\": false, \"requests\": 7,"
		 " \"parameters\": {\"fail_on\": \"high\", \"attack_path_risk\": \"High\","
		 " \"alert_max_age_days\": 7, \"criticality_tags\": [\"env\"],"
		 " \"checks\": [\"security-contact-email\", \"defender-plans-standard\"]},", fw);
	if (k)
		buf_addf(&b, " \"shard\": {\"index\": %ld, \"count\": %ld, \"scope_subscriptions\": 2,"
			 " \"subscriptions\": %d}},", k, n, two ? 2 : 1);
	else
		buf_add(&b, " \"shard\": null},");
	buf_add(&b, "\"subscriptions\": [{\"id\": \"" SUB1 "\", \"name\": \"One <&>\", \"state\": \"Enabled\", \"scanned\": true}");
	if (two)
		buf_add(&b, ", {\"id\": \"" SUB2 "\", \"name\": null, \"state\": \"Disabled\", \"scanned\": false}");
	buf_addf(&b, "], \"controls\": [{\"id\": \"10.2\"}], \"findings\": ["
		 "{\"check\": \"security-contact-email\", \"subscription\": \"" SUB1 "\","
		 " \"resource\": \"/subscriptions/" SUB1 "/x\", \"status\": \"%s\", \"message\": \"m \\\"q\\\"\","
		 " \"observed\": {\"emails\": \"a@b\"},"
		 " \"evidence\": [{\"method\": \"GET\", \"url\": \"https://x/y\", \"status\": 200,"
		 "  \"request_id\": \"r1\", \"time\": \"2026-12-01T10:00:01.234Z\", \"duration_ms\": 12,"
		 "  \"retries\": 1, \"entry\": 3, \"file\": \"f\", \"sha256\": null}],"
		 " \"waiver\": {\"applied\": true, \"expired\": false, \"original_status\": \"fail\","
		 "  \"reason\": \"ok\", \"approved_by\": \"me\", \"expires\": \"2099-01-01\","
		 "  \"subscription\": \"*\", \"resource\": null, \"entry\": 4}}],"
		 "\"errors\": [{\"subscription\": \"" SUB1 "\", \"what\": \"Defender plans\", \"status\": 403,"
		 " \"code\": \"AuthorizationFailed\", \"message\": \"no\", \"url\": \"u\", \"request_id\": null}],"
		 "\"summary\": {}, \"baseline\": null}", status);
	return buf_detach(&b, NULL);
}

/* Load text (owned, freed) into r as a file; the rc, err says why. */
static int load(char *text, struct loaded_report *r, struct buf *err)
{
	char path[] = "/tmp/irscan-test-merge.XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *fp = fdopen(fd, "w");

	fputs(text, fp);
	fclose(fp);
	free(text);
	buf_reset(err);
	rc = report_load(path, r, err);
	unlink(path);
	return rc;
}

void test_report_merge__load_every_field(void)
{
	struct loaded_report r;
	struct buf err = BUF_INIT;
	const struct finding *f;

	T_EQ_INT("loads", 0, load(report("asb-ir-2019", 1, 0, 0, "waived"), &r, &err));
	T_EQ_STR("tenant", "t1", r.tenant);
	T_EQ_INT("framework", FW_ASB_IR_2019, r.framework);
	T_EQ_INT("requests", 7, (long)r.requests);
	T_EQ_INT("fail-on", SEV_HIGH, r.params.fail_on);
	T_EQ_STR("checks", "defender-plans-standard", r.checks[1]->id);
	T_ASSERT(!r.checks[2]);
	T_EQ_INT("subscriptions", 2, (long)r.snap.n);
	T_ASSERT(r.snap.subs[0]->scanned && !r.snap.subs[1]->scanned);
	T_EQ_STR("state", "Disabled", r.snap.subs[1]->state);
	T_EQ_STR("name", "One <&>", r.snap.subs[0]->name);
	T_EQ_STR("tenant of the subscription", "t1", r.snap.subs[0]->tenant_id);
	T_EQ_INT("findings", 1, (long)r.findings.n);
	f = &r.findings.items[0];
	T_EQ_STR("check", "security-contact-email", f->check->id);
	T_ASSERT(f->sub == r.snap.subs[0]);
	T_ASSERT(f->controls == f->check->control);
	T_EQ_INT("status", STATUS_WAIVED, f->status);
	T_EQ_STR("message", "m \"q\"", f->message);
	T_EQ_STR("observed", "a@b", f->obs[0].value);
	T_EQ_INT("evidence", 1, (long)f->ev_n);
	T_EQ_INT("evidence time, to the ms", 234, (long)(f->ev[0]->at_wall_ms % 1000));
	T_EQ_INT("evidence entry", 3, (long)f->ev[0]->entry);
	T_ASSERT(f->waiver && !f->waiver_expired);
	T_EQ_INT("waived from", STATUS_FAIL, f->waived_from);
	T_EQ_INT("waiver entry", 4, (long)f->waiver->index);
	T_EQ_INT("errors", 1, (long)r.errors_n);
	T_EQ_STR("error", "Defender plans", r.errors[0].what);
	T_EQ_INT("error status", 403, r.errors[0].e.status);
	T_EQ_INT("sha256", 64, (long)strlen(r.sha256));
	report_load_release(&r);
	buf_release(&err);
}

/* text with `from` replaced by `to`, for one bad field at a time. */
static char *swap(char *text, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	char *at = strstr(text, from);

	if (!at)
		return text;
	buf_addn(&b, text, (size_t)(at - text));
	buf_add(&b, to);
	buf_add(&b, at + strlen(from));
	free(text);
	return buf_detach(&b, NULL);
}

void test_report_merge__load_refusals(void)
{
	static const struct { const char *from, *to, *says; } cases[] = {
		{ "\"security-contact-email\", \"subscription\"", "\"no-such\", \"subscription\"",
		  "findings[0].check 'no-such' is not a check this irscan knows" },
		{ "[\"security-contact-email\",", "[\"nope\",",
		  "scan.parameters.checks: 'nope' is not a check" },
		{ "\"status\": \"waived\"", "\"status\": \"great\"", "findings[0].status is not a status" },
		{ "\"framework\": \"asb-ir-2019\"", "\"framework\": \"iso\"", "scan.framework is not a framework" },
		{ "\"requests\": 7", "\"requests\": \"7\"", "scan.requests must be a whole number" },
		{ "\"name\": \"irscan\"", "\"name\": \"other\"", "not an irscan JSON report" },
		{ "\"observed\": {\"emails\": \"a@b\"}", "\"observed\": [1]", "findings[0].observed must be an object" },
		{ "\"time\": \"2026-12-01T10:00:01.234Z\"", "\"time\": \"yesterday\"", "evidence.time is not an RFC 3339 time" },
		{ "\"shard\": null", "\"shard\": {\"index\": 3, \"count\": 2}", "scan.shard is not a shard K/N" },
		{ "\"subscription\": \"" SUB1 "\", \"resource\"", "\"subscription\": \"" SUB2 "\", \"resource\"",
		  "findings[0].subscription is not in the report's subscriptions" },
	};
	struct loaded_report r;
	struct buf err = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = swap(report("asb-ir-2019", 0, 0, 0, "waived"), cases[i].from, cases[i].to);
		int rc = load(text, &r, &err);

		T_EQ_INT(cases[i].says, -1, rc);
		T_CONTAINS("the error", err.buf, cases[i].says);
		T_CONTAINS("names the file", err.buf, "'/tmp/irscan-test-merge.");
		report_load_release(&r);
	}
	T_EQ_INT("a missing file", -1, report_load("/nonexistent/r.json", &r, &err));
	report_load_release(&r);
	buf_release(&err);
}

/* merge_check() of n reports; skip of the last part's first subscription. */
static int check(char **texts, size_t n, int partial, size_t *missing_n, int *skipped)
{
	struct loaded_report *parts[4];
	unsigned char *skip[4];
	struct report_missing_shard *missing = NULL;
	struct config cfg;
	struct buf err = BUF_INIT;
	size_t i;
	int rc;

	config_init(&cfg);
	cfg.allow_partial = partial ? 1 : 0;
	*missing_n = 0;
	for (i = 0; i < n; i++) {
		parts[i] = xcalloc(1, sizeof(**parts));
		T_EQ_INT("part loads", 0, load(texts[i], parts[i], &err));
		skip[i] = xcalloc(parts[i]->snap.n + 1, 1);
	}
	rc = merge_check(&cfg, parts, n, skip, &missing, missing_n);
	*skipped = skip[n - 1][0];
	for (i = 0; i < n; i++) {
		report_load_release(parts[i]);
		free(parts[i]);
		free(skip[i]);
	}
	free(missing);
	config_release(&cfg);
	buf_release(&err);
	return rc;
}

void test_report_merge__check(void)
{
	char *t[4];
	size_t missing;
	int skipped;
	long k1 = shard_of(SUB1, 2);

	t[0] = report("asb-ir-2019", 0, 0, 0, "pass");
	t[1] = report("mcsb-v1", 0, 0, 0, "pass");
	T_EQ_INT("two frameworks are refused", -1, check(t, 2, 0, &missing, &skipped));
	t[0] = report("asb-ir-2019", 0, 0, 0, "pass");
	t[1] = report("asb-ir-2019", 0, 0, 0, "fail");
	T_EQ_INT("one subscription, different findings: refused", -1,
		 check(t, 2, 0, &missing, &skipped));
	t[0] = report("asb-ir-2019", 0, 0, 0, "pass");
	t[1] = report("asb-ir-2019", 0, 0, 0, "pass");
	T_EQ_INT("one subscription, the same findings: merged", 0, check(t, 2, 0, &missing, &skipped));
	T_EQ_INT("... once", 1, skipped);
	t[0] = report("asb-ir-2019", 0, k1, 2, "pass");
	T_EQ_INT("a shard missing is refused", -1, check(t, 1, 0, &missing, &skipped));
	t[0] = report("asb-ir-2019", 0, k1, 2, "pass");
	T_EQ_INT("... unless --allow-partial", 0, check(t, 1, 1, &missing, &skipped));
	T_EQ_INT("... which records it", 1, (long)missing);
	t[0] = report("asb-ir-2019", 0, 3 - k1, 2, "pass");
	T_EQ_INT("a subscription in another shard's report is refused", -1,
		 check(t, 1, 1, &missing, &skipped));
	t[0] = report("asb-ir-2019", 0, 1, 1, "pass");
	T_EQ_INT("one shard of one: complete", 0, check(t, 1, 0, &missing, &skipped));
}
