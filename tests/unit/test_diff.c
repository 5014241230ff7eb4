/*
 * test_diff.c - what `irscan diff` computes from two scans (policy/diff.h)
 * and how it words a setting (reports/diff_text.c): changes ranked by
 * status, a finding that moved to another resource paired only when it is
 * the one gone and the one new of its subscription and check, observed
 * values compared when both sides have them, automation lists item by
 * item, and a row of words per known key.
 */
#include "t.h"
#include "policy/diff.h"
#include "reports/diff_report.h"

#include <string.h>

#define SUB1 "c0000001-0000-4000-8000-000000000001"
#define SUB2 "c0000002-0000-4000-8000-000000000002"

static struct baseline_finding *add(struct baseline *b, const char *check, const char *sub,
				    const char *res, enum status st)
{
	struct baseline_finding *f = baseline_add(b);

	f->check = pool_strdup(&b->pool, check);
	f->subscription = pool_strdup(&b->pool, sub);
	f->resource = pool_strdup_or_null(&b->pool, res);
	f->status = st;
	f->message = pool_strdup(&b->pool, "m");
	return f;
}

/* Observed values "k=v|k=v" for f. */
static void observe(struct baseline *b, struct baseline_finding *f, const char *kv)
{
	struct strvec items = { 0 };
	size_t i;

	strvec_split(&items, kv, '|');
	f->observed = pool_alloc(&b->pool, (items.n + 1) * sizeof(*f->observed));
	for (i = 0; i < items.n; i++) {
		char *eq = strchr(items.v[i], '=');

		*eq = '\0';
		f->observed[i].key = pool_strdup(&b->pool, items.v[i]);
		f->observed[i].value = pool_strdup(&b->pool, eq + 1);
	}
	f->observed_n = items.n;
	strvec_clear(&items);
}

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

static const char *setting(const struct diff *d, size_t i, size_t k, struct buf *t)
{
	buf_reset(t);
	diff_setting_text(t, &d->items[i], &d->items[i].settings[k]);
	return t->buf;
}

void test_diff__ranks_and_exit_code(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct diff d;

	add(&old, "a", SUB1, "/r/1", STATUS_PASS);
	add(&old, "b", SUB1, "/r/2", STATUS_FAIL);
	add(&old, "c", SUB1, "/r/3", STATUS_NOT_APPLICABLE);
	add(&old, "d", SUB1, "/r/4", STATUS_PASS);
	scope(&old, SUB1, "a,b,c,d");
	add(&cur, "A", SUB1, "/R/1", STATUS_ERROR);	/* worse; ids in another case */
	add(&cur, "b", SUB1, "/r/2", STATUS_WAIVED);	/* better */
	add(&cur, "c", SUB1, "/r/3", STATUS_PASS);	/* n/a ranks as pass: same */
	add(&cur, "d", SUB1, "/r/4", STATUS_PASS);	/* unchanged */
	scope(&cur, SUB1, "a,b,c,d");
	diff_compute(&old, &cur, &d);
	T_EQ_INT("changes", 3, d.n);
	T_EQ_INT("unchanged", 1, d.unchanged);
	T_EQ_INT("worse", 1, d.worse);
	T_EQ_INT("better", 1, d.better);
	T_EQ_INT("a is worse", DIFF_WORSE, d.items[0].trend);
	T_EQ_INT("b is better", DIFF_BETTER, d.items[1].trend);
	T_EQ_INT("c is the same", DIFF_SAME, d.items[2].trend);
	T_EQ_INT("exit", 1, diff_exit_code(&d));
	diff_release(&d);
	/* The other way round, what got better got worse and the other way. */
	diff_compute(&cur, &old, &d);
	T_EQ_INT("reversed: worse (waived to fail)", 1, d.worse);
	T_EQ_INT("reversed: better (error to pass)", 1, d.better);
	diff_release(&d);
	/* Only better: b and c as NEW has them, a fixed. */
	cur.items[0].status = STATUS_PASS;
	diff_compute(&old, &cur, &d);
	T_EQ_INT("only better: worse", 0, d.worse);
	T_EQ_INT("only better: exit", 0, diff_exit_code(&d));
	diff_release(&d);
	baseline_release(&old);
	baseline_release(&cur);
}

void test_diff__new_gone_and_moved(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct diff d;
	struct buf t = BUF_INIT;

	/* alerts-exported left its automation for the subscription: paired. */
	observe(&old, add(&old, "alerts-exported", SUB1, "/s/auto/X", STATUS_PASS),
		"automation=X|exports=X: enabled; Y: disabled");
	observe(&cur, add(&cur, "alerts-exported", SUB1, NULL, STATUS_FAIL),
		"sentinel_workspaces_searched=0|exports=X: disabled; Y: disabled; Z: enabled");
	/* Two plans gone and two new: which became which is a guess, not paired. */
	add(&old, "plans", SUB1, "/p/A", STATUS_PASS);
	add(&old, "plans", SUB1, "/p/B", STATUS_PASS);
	add(&cur, "plans", SUB1, "/p/C", STATUS_FAIL);
	add(&cur, "plans", SUB1, "/p/D", STATUS_PASS);
	/* A subscription only NEW scanned; one only OLD did (not evaluated, not gone). */
	add(&cur, "plans", SUB2, "/q/A", STATUS_PASS);
	scope(&old, SUB1, "alerts-exported,plans");
	scope(&cur, SUB1 "," SUB2, "alerts-exported,plans");
	diff_compute(&old, &cur, &d);
	T_EQ_INT("changes", 6, d.n);
	T_EQ_INT("new", 3, d.counts[DIFF_NEW]);
	T_EQ_INT("gone", 2, d.counts[DIFF_GONE]);
	T_EQ_INT("changed", 1, d.counts[DIFF_CHANGED]);
	T_ASSERT(d.items[0].moved);
	T_EQ_STR("moved from", "/s/auto/X", d.items[0].old->resource);
	T_EQ_INT("settings: only the list both observed, item by item", 2, d.items[0].settings_n);
	T_EQ_STR("disabled", "export X disabled", setting(&d, 0, 0, &t));
	T_EQ_STR("added", "export Z added (enabled)", setting(&d, 0, 1, &t));
	T_EQ_INT("the new failing plan is worse", 1 + 1, d.worse);	/* and X */
	T_EQ_INT("subscription only in NEW", 1, d.subs_new_only_n);
	T_EQ_STR("... named", SUB2, d.subs_new_only[0]);
	diff_release(&d);
	diff_compute(&cur, &old, &d);
	T_EQ_INT("reversed: SUB2 not evaluated", 1, d.not_rescanned);
	T_EQ_INT("reversed: subscription only in OLD", 1, d.subs_old_only_n);
	diff_release(&d);
	buf_release(&t);
	baseline_release(&old);
	baseline_release(&cur);
}

static const struct {
	const char *check, *old_obs, *new_obs, *want;
} words[] = {
	{ "security-contact-email", "emails=a@x; b@y", "emails=",
	  "security contact e-mail removed (was a@x; b@y)" },
	{ "security-contact-phone", "phone=", "phone=+1 555",
	  "security contact phone added: +1 555" },
	{ "defender-plans-standard", "plan=StorageAccounts|pricing_tier=Standard",
	  "plan=StorageAccounts|pricing_tier=Free", "plan StorageAccounts Standard \xe2\x86\x92 Free" },
	{ "logic-app-enabled", "state=Enabled", "state=Disabled",
	  "Logic App la-respond Enabled \xe2\x86\x92 Disabled" },
	{ "recommendations-exported", "exports=X: enabled", "exports=X: enabled, covers only /s/rg",
	  "export X scope narrowed: covers only /s/rg" },
	{ "workflow-automation-alerts", "logic_app_automations=R: disabled",
	  "logic_app_automations=R: enabled", "workflow automation R enabled" },
	{ "some-check", "odd_key=1", "odd_key=", "odd_key: 1 \xe2\x86\x92 (none)" },
};

void test_diff__words(void)
{
	struct buf t = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct baseline old = { 0 }, cur = { 0 };
		struct diff d;

		observe(&old, add(&old, words[i].check, SUB1, "/w/la-respond", STATUS_PASS),
			words[i].old_obs);
		observe(&cur, add(&cur, words[i].check, SUB1, "/w/la-respond", STATUS_PASS),
			words[i].new_obs);
		scope(&old, SUB1, words[i].check);
		scope(&cur, SUB1, words[i].check);
		diff_compute(&old, &cur, &d);
		T_EQ_INT(words[i].want, 1, d.n);
		T_EQ_STR(words[i].check, words[i].want,
			 setting(&d, 0, d.items[0].settings_n - 1, &t));
		T_EQ_INT("a setting alone is not worse", 0, diff_exit_code(&d));
		diff_release(&d);
		baseline_release(&old);
		baseline_release(&cur);
	}
	buf_release(&t);
}

void test_diff__key_on_one_side_only(void)
{
	struct baseline old = { 0 }, cur = { 0 };
	struct diff d;

	/* A report of an older irscan did not observe "exports": no "added". */
	observe(&old, add(&old, "alerts-exported", SUB1, "/a", STATUS_PASS), "automation=X");
	observe(&cur, add(&cur, "alerts-exported", SUB1, "/a", STATUS_PASS),
		"automation=X|exports=X: enabled");
	scope(&old, SUB1, "alerts-exported");
	scope(&cur, SUB1, "alerts-exported");
	diff_compute(&old, &cur, &d);
	T_EQ_INT("nothing changed", 0, d.n);
	T_EQ_INT("unchanged", 1, d.unchanged);
	diff_release(&d);
	baseline_release(&old);
	baseline_release(&cur);
}
