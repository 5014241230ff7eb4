/*
 * test_baseline.c - reading an earlier report and matching its findings
 * with a run's (policy/baseline.h): the key survives reordering and case
 * changes, duplicates pair in order, a finding gone is absent only where
 * this run looked, and a file that is not a report says why.
 */
#include "t.h"
#include "policy/baseline.h"
#include "policy/policy.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SUB1 "c0000001-0000-4000-8000-000000000001"
#define SUB2 "c0000002-0000-4000-8000-000000000002"
#define SUB3 "c0000003-0000-4000-8000-000000000003"

static void add(struct baseline *b, const char *check, const char *sub,
		const char *res, enum status st, const char *msg)
{
	struct baseline_finding *f = baseline_add(b);

	f->check = pool_strdup(&b->pool, check);
	f->subscription = pool_strdup(&b->pool, sub);
	f->resource = pool_strdup_or_null(&b->pool, res);
	f->status = st;
	f->message = pool_strdup_or_null(&b->pool, msg);
}

/* What a run evaluated: these subscriptions, these checks. */
static void scope(struct baseline *b, const char *subs, const char *checks)
{
	struct strvec s = { 0 }, c = { 0 };

	strvec_split(&s, subs, ',');
	strvec_split(&c, checks, ',');
	pool_adopt_strvec(&b->pool, &s);
	pool_adopt_strvec(&b->pool, &c);
	b->subscriptions = (const char **)s.v;
	b->subscriptions_n = s.n;
	b->checks = (const char **)c.v;
	b->checks_n = c.n;
}

static const char *state(const struct baseline_cmp *c, size_t i)
{
	return baseline_state_name(c->states[i]);
}

void test_baseline__order_and_case(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct baseline_cmp c;

	add(&old, "a", SUB1, "/subscriptions/" SUB1 "/x", STATUS_FAIL, "m");
	add(&old, "b", SUB1, NULL, STATUS_PASS, "ok");
	add(&old, "c", SUB2, "/x/y", STATUS_PASS, "ok");
	scope(&old, SUB1 "," SUB2, "a,b,c");
	/* Reordered, ids in other case, the subscription's own resource named. */
	add(&cur, "C", "C0000002-0000-4000-8000-000000000002", "/X/Y", STATUS_PASS, "ok");
	add(&cur, "b", SUB1, "/SUBSCRIPTIONS/" SUB1, STATUS_PASS, "ok");
	add(&cur, "A", SUB1, "/subscriptions/" SUB1 "/X", STATUS_FAIL, "m");
	scope(&cur, SUB1 "," SUB2, "a,b,c");
	baseline_compare(&old, &cur, &c);
	T_EQ_STR("reordered c", "unchanged", state(&c, 0));
	T_EQ_STR("b: no resource = the subscription", "unchanged", state(&c, 1));
	T_EQ_STR("a in upper case", "unchanged", state(&c, 2));
	T_ASSERT(c.prior[2] == &old.items[0]);
	T_EQ_INT("unchanged", 3, c.counts[BASELINE_UNCHANGED]);
	T_EQ_INT("absent", 0, c.absent_n);
	T_EQ_INT("not rescanned", 0, c.not_rescanned);
	T_EQ_INT("nothing worse", 0, baseline_worse(&c, 2));
	baseline_cmp_release(&c);
	baseline_release(&old);
	baseline_release(&cur);
}

void test_baseline__duplicates_match_in_order(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct baseline_cmp c;

	add(&old, "e", SUB1, NULL, STATUS_ERROR, "first");
	add(&old, "e", SUB1, NULL, STATUS_ERROR, "second");
	add(&old, "e", SUB1, NULL, STATUS_ERROR, "third");
	scope(&old, SUB1, "e");
	add(&cur, "e", SUB1, NULL, STATUS_ERROR, "first");
	add(&cur, "e", SUB1, NULL, STATUS_ERROR, "other");
	scope(&cur, SUB1, "e");
	baseline_compare(&old, &cur, &c);
	T_EQ_STR("first with first", "unchanged", state(&c, 0));
	T_ASSERT(c.prior[0] == &old.items[0]);
	T_EQ_STR("second with second", "updated", state(&c, 1));
	T_ASSERT(c.prior[1] == &old.items[1]);
	/* This run read nothing there (only errors): the third is not known to be gone. */
	T_EQ_INT("the third is not rescanned", 1, c.not_rescanned);
	T_EQ_INT("  ... not absent", 0, c.absent_n);
	baseline_cmp_release(&c);
	/* One more now than then: the extra one is new. */
	add(&cur, "e", SUB1, NULL, STATUS_ERROR, "third");
	add(&cur, "e", SUB1, NULL, STATUS_ERROR, "fourth");
	baseline_compare(&old, &cur, &c);
	T_EQ_STR("third", "unchanged", state(&c, 2));
	T_EQ_STR("fourth", "new", state(&c, 3));
	T_EQ_INT("none absent", 0, c.absent_n);
	baseline_cmp_release(&c);
	baseline_release(&old);
	baseline_release(&cur);
}

void test_baseline__changes(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct baseline_cmp c;

	add(&old, "newly-failing", SUB1, NULL, STATUS_PASS, "ok");
	add(&old, "fixed", SUB1, NULL, STATUS_FAIL, "bad");
	add(&old, "reworded", SUB1, NULL, STATUS_FAIL, "bad");
	add(&old, "from-manual", SUB1, NULL, STATUS_MANUAL, "look");
	add(&old, "resource-gone", SUB1, "/r/1", STATUS_FAIL, "bad");
	add(&old, "not-run", SUB1, NULL, STATUS_FAIL, "bad");
	add(&old, "fixed", SUB3, NULL, STATUS_FAIL, "removed sub");
	scope(&old, SUB1 "," SUB3, "newly-failing,fixed,reworded,from-manual,resource-gone,not-run");
	add(&cur, "newly-failing", SUB1, NULL, STATUS_FAIL, "bad");
	add(&cur, "fixed", SUB1, NULL, STATUS_PASS, "ok");
	add(&cur, "reworded", SUB1, NULL, STATUS_FAIL, "bad, said otherwise");
	add(&cur, "from-manual", SUB1, NULL, STATUS_FAIL, "bad");
	add(&cur, "fixed", SUB2, NULL, STATUS_FAIL, "added sub");
	/* The check read its data there: /r/1 is gone, /r/2 is another resource. */
	add(&cur, "resource-gone", SUB1, "/r/2", STATUS_PASS, "ok");
	scope(&cur, SUB1 "," SUB2, "newly-failing,fixed,reworded,from-manual,resource-gone");
	baseline_compare(&old, &cur, &c);
	T_EQ_STR("pass -> fail", "updated", state(&c, 0));
	T_EQ_INT("pass -> fail is worse", 1, baseline_worse(&c, 0));
	T_EQ_STR("fail -> pass", "updated", state(&c, 1));
	T_EQ_INT("fail -> pass is not worse", 0, baseline_worse(&c, 1));
	T_EQ_STR("message changed", "updated", state(&c, 2));
	T_EQ_INT("fail -> fail is not worse", 0, baseline_worse(&c, 2));
	T_EQ_INT("manual -> fail is worse", 1, baseline_worse(&c, 3));
	T_EQ_STR("a subscription added", "new", state(&c, 4));
	T_EQ_INT("new and failing is worse", 1, baseline_worse(&c, 4));
	T_EQ_INT("the resource gone is absent", 1, c.absent_n);
	T_ASSERT(c.absent_n == 1 && c.absent[0] == &old.items[4]);
	/* A check not run, a subscription not scanned: no evidence of a fix. */
	T_EQ_INT("not rescanned", 2, c.not_rescanned);
	T_EQ_STR("another resource is not the one gone: new", "new", state(&c, 5));
	T_EQ_INT("counts: new", 2, c.counts[BASELINE_NEW]);
	T_EQ_INT("counts: updated", 4, c.counts[BASELINE_UPDATED]);
	T_EQ_INT("counts: absent", 1, c.counts[BASELINE_ABSENT]);
	baseline_cmp_release(&c);
	baseline_release(&old);
	baseline_release(&cur);
}

static int load(const char *json, struct baseline *b, struct buf *err)
{
	char path[] = "/tmp/irscan-test-baseline.XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *fp = fdopen(fd, "w");

	fputs(json, fp);
	fclose(fp);
	buf_reset(err);
	rc = baseline_load_report(path, b, err);
	unlink(path);
	return rc;
}

void test_baseline__load_report(void)
{
	struct baseline b;
	struct buf err = BUF_INIT;
	int rc = load("{\"tool\": {\"name\": \"irscan\", \"version\": \"0.9.0\"},"
		      " \"scan\": {\"started\": \"2026-01-02T03:04:05Z\", \"framework\": \"mcsb-v1\","
		      "  \"tenant\": \"t\", \"parameters\": {\"checks\": [\"a\", \"b\"]}},"
		      " \"subscriptions\": [{\"id\": \"" SUB1 "\", \"name\": \"One\", \"scanned\": true},"
		      "  {\"id\": \"" SUB2 "\", \"name\": \"Two\", \"scanned\": false}],"
		      " \"findings\": [{\"check\": \"a\", \"subscription\": \"" SUB1 "\","
		      "  \"resource\": null, \"status\": \"fail\", \"severity\": \"high\","
		      "  \"message\": \"m\", \"observed\": {\"k\": \"v\"},"
		      "  \"evidence\": [{\"request_id\": \"r1\"}, {\"request_id\": null}]}]}",
		      &b, &err);

	T_EQ_INT("loads", 0, rc);
	T_EQ_STR("no error", "", err.buf ? err.buf : "");
	T_EQ_STR("kind", "report", b.kind);
	T_EQ_STR("version", "0.9.0", b.tool_version);
	T_EQ_INT("started", 1767323045, b.scanned);
	T_EQ_INT("framework", FW_MCSB_V1, b.framework);
	T_EQ_STR("tenant", "t", b.tenant);
	T_EQ_INT("checks from the parameters", 2, b.checks_n);
	T_EQ_INT("the scanned subscription only", 1, b.subscriptions_n);
	T_ASSERT(b.n == 1);
	if (b.n == 1) {
		T_EQ_STR("name", "One", b.items[0].subscription_name);
		T_EQ_INT("status", STATUS_FAIL, b.items[0].status);
		T_EQ_INT("severity", SEV_HIGH, b.items[0].severity);
		T_EQ_STR("observed", "v", b.items[0].observed_n ? b.items[0].observed[0].value : NULL);
		T_EQ_INT("request ids", 1, b.items[0].request_ids_n);
	}
	baseline_release(&b);
	/* The oldest shape: no scan parameters, no subscriptions list. */
	rc = load("{\"tool\": {\"name\": \"irscan\"}, \"findings\": ["
		  "{\"check\": \"a\", \"subscription\": \"" SUB1 "\", \"status\": \"pass\"},"
		  "{\"check\": \"b\", \"subscription\": \"" SUB2 "\", \"status\": \"pass\"},"
		  "{\"check\": \"A\", \"subscription\": \"" SUB2 "\", \"status\": \"pass\"}]}", &b, &err);
	T_EQ_INT("an old report loads", 0, rc);
	T_EQ_INT("framework by default", FW_ASB_IR_2019, b.framework);
	T_EQ_INT("checks its findings name", 2, b.checks_n);
	T_EQ_INT("subscriptions its findings name", 2, b.subscriptions_n);
	T_EQ_INT("no time", 0, b.scanned);
	baseline_release(&b);
	buf_release(&err);
}

void test_baseline__bad_files(void)
{
	static const struct { const char *json, *says; } cases[] = {
		{ "not json", "not an irscan JSON report: not a JSON object" },
		{ "[]", "not a JSON object" },
		{ "{\"tool\": {\"name\": \"trivy\"}, \"findings\": []}", "field 'tool.name'" },
		{ "{\"findings\": []}", "field 'tool.name'" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": {}}", "field 'findings' is missing or not an array" },
		{ "{\"tool\": {\"name\": \"irscan\"}}", "field 'findings'" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": [{\"check\": \"a\","
		  " \"subscription\": \"s\", \"status\": \"bogus\"}]}",
		  "findings[0].status is not a status" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": [{\"check\": \"a\","
		  " \"subscription\": \"s\", \"status\": \"pass\", \"message\": 3}]}",
		  "findings[0].message must be a string" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": [1]}", "findings[0] is not an object" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": [{\"subscription\": \"s\","
		  " \"status\": \"pass\"}]}", "findings[0].check is missing" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"scan\": {\"framework\": \"iso\"}, \"findings\": []}",
		  "scan.framework is not a framework" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"scan\": {\"started\": \"yesterday\"}, \"findings\": []}",
		  "scan.started is not an RFC 3339 time" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"scan\": {\"parameters\": {\"checks\": [1]}},"
		  " \"findings\": []}", "scan.parameters.checks must hold only strings" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": [], \"findings\": []}", "twice" },
		{ "{\"tool\": {\"name\": \"irscan\"}, \"findings\": [{\"check\": \"a\","
		  " \"subscription\": \"s\", \"status\": \"pass\", \"observed\": {\"k\": 1}}]}",
		  "findings[0].observed must hold only strings" },
	};
	struct baseline b;
	struct buf err = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		T_EQ_INT(cases[i].json, -1, load(cases[i].json, &b, &err));
		T_CONTAINS(cases[i].json, err.buf, cases[i].says);
		T_CONTAINS("names the file", err.buf, "'/tmp/irscan-test-baseline.");
		T_ASSERT(!strchr(err.buf ? err.buf : "", '\n'));
		baseline_release(&b);
	}
	buf_reset(&err);
	T_EQ_INT("missing file", -1, baseline_load_report("/nonexistent/r.json", &b, &err));
	T_CONTAINS("missing file", err.buf, "/nonexistent/r.json");
	baseline_release(&b);
	buf_release(&err);
}

/*
 * A finding that left its resource for another (alerts-exported passes on
 * the export's automation, fails on the subscription once it is disabled)
 * is the same finding, updated, when it is the only one left unmatched of
 * its check and subscription on each side; two on a side stay new/absent.
 */
void test_baseline__moved_finding_is_updated(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct baseline_cmp c;

	add(&old, "x", SUB1, "/subscriptions/" SUB1 "/auto/E", STATUS_PASS, "exported");
	add(&old, "p", SUB1, "/subscriptions/" SUB1 "/plans/A", STATUS_PASS, "on");
	add(&old, "p", SUB1, "/subscriptions/" SUB1 "/plans/B", STATUS_PASS, "on");
	add(&old, "s", SUB2, NULL, STATUS_PASS, "tagged");
	scope(&old, SUB1 "," SUB2, "x,p,s");
	add(&cur, "X", SUB1, "/SUBSCRIPTIONS/" SUB1, STATUS_FAIL, "not exported");
	add(&cur, "p", SUB1, "/subscriptions/" SUB1 "/plans/C", STATUS_FAIL, "off");
	add(&cur, "p", SUB1, "/subscriptions/" SUB1 "/plans/D", STATUS_PASS, "on");
	add(&cur, "s", SUB2, "/subscriptions/" SUB2, STATUS_PASS, "tagged");
	scope(&cur, SUB1 "," SUB2, "x,p,s");
	baseline_compare(&old, &cur, &c);
	T_EQ_STR("the export's finding moved to the subscription", "updated", state(&c, 0));
	T_ASSERT(c.prior[0] == &old.items[0]);
	T_ASSERT(baseline_moved(c.prior[0], &cur.items[0]));
	T_EQ_INT("pass -> fail is worse", 1, baseline_worse(&c, 0));
	T_EQ_STR("two gone and two new plans: no guess", "new", state(&c, 1));
	T_EQ_STR("  ... nor for the other", "new", state(&c, 2));
	T_EQ_STR("no resource and the subscription's own id are one place", "unchanged",
		 state(&c, 3));
	T_ASSERT(!baseline_moved(&old.items[3], &cur.items[3]));
	T_EQ_INT("the two plans are absent", 2, c.absent_n);
	baseline_cmp_release(&c);
	baseline_release(&old);
	baseline_release(&cur);
}

/*
 * Nothing is called absent that this run did not read again: a check
 * whose data could not be read (its only finding there an error), a
 * finding of a control outside --controls, or a scan that could not run
 * (no subscription evaluated).  Their baseline findings are not rescanned.
 */
void test_baseline__absent_only_when_read_again(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct baseline_cmp c;
	static const char *only_2_1_1[] = { "2.1.1" };

	add(&old, "la", SUB1, "/s/la/X", STATUS_FAIL, "X disabled");
	add(&old, "la", SUB1, "/s/la/Y", STATUS_FAIL, "Y disabled");
	add(&old, "plans", SUB1, "/s/p/A", STATUS_FAIL, "A free");
	old.items[2].control = "2.1.1";
	add(&old, "plans", SUB1, "/s/p/B", STATUS_FAIL, "B free");
	old.items[3].control = "2.1.2";
	add(&old, "x", SUB1, "/s/la/Z", STATUS_FAIL, "Z disabled");
	old.items[4].control = "2.1.1";
	scope(&old, SUB1, "la,plans,x");
	add(&cur, "la", SUB1, NULL, STATUS_ERROR, "HTTP 403");
	add(&cur, "plans", SUB1, "/s/p/C", STATUS_PASS, "C standard");
	cur.items[1].control = "2.1.1";
	add(&cur, "x", SUB1, "/s/la/W", STATUS_FAIL, "W disabled");
	cur.items[2].control = "2.1.1";
	scope(&cur, SUB1, "la,plans,x");
	cur.controls = only_2_1_1;
	cur.controls_n = 1;
	baseline_compare(&old, &cur, &c);
	T_ASSERT(c.absent_n >= 1 && c.absent[0] == &old.items[2]);	/* A, of the control run */
	/* Z deleted and W failing are two Logic Apps, not one that moved. */
	T_EQ_STR("another resource failing is new", "new", state(&c, 2));
	T_EQ_INT("  ... and worse: --fail-on-new gates on it", 1, baseline_worse(&c, 2));
	T_EQ_INT("absent: A and Z", 2, c.absent_n);
	T_ASSERT(c.absent_n == 2 && c.absent[1] == &old.items[4]);
	T_EQ_INT("not rescanned: X and Y (unread), B (another control)", 3, c.not_rescanned);
	baseline_cmp_release(&c);
	/* A scan that could not run evaluated no subscription. */
	cur.subscriptions_n = 0;
	baseline_compare(&old, &cur, &c);
	T_EQ_INT("a scan that could not run: nothing absent", 0, c.absent_n);
	T_EQ_INT("  ... all of it not rescanned", 5, c.not_rescanned);
	baseline_cmp_release(&c);
	cur.controls = NULL;
	baseline_release(&old);
	baseline_release(&cur);
}
