/*
 * test_policy.c - control verdicts and exit codes from findings (SPEC §3).
 */
#include "t.h"
#include "world.h"
#include "policy/policy.h"

#include <stdlib.h>

static const struct check low_check = {
	.id = "low", .severity = SEV_LOW, .control = { [FW_ASB_IR_2019] = "10.3" },
	.eval = world_no_eval,
};
static const struct check high_check = {
	.id = "high", .severity = SEV_HIGH, .control = { [FW_ASB_IR_2019] = "10.3" },
	.eval = world_no_eval,
};

struct pcase {
	enum status a, b;	/* statuses of the low and the high check */
	enum severity fail_on;
	enum status verdict;
	int exit_code;
};

void test_policy__verdicts_and_exit_codes(void)
{
	static const struct pcase cases[] = {
		{ STATUS_PASS, STATUS_PASS, SEV_LOW, STATUS_PASS, 0 },
		{ STATUS_FAIL, STATUS_PASS, SEV_LOW, STATUS_FAIL, 1 },
		{ STATUS_FAIL, STATUS_PASS, SEV_MEDIUM, STATUS_FAIL, 0 },
		{ STATUS_PASS, STATUS_FAIL, SEV_HIGH, STATUS_FAIL, 1 },
		{ STATUS_PASS, STATUS_FAIL, SEV_CRITICAL, STATUS_FAIL, 0 },
		{ STATUS_PASS, STATUS_FAIL, SEV_NEVER, STATUS_FAIL, 0 },
		{ STATUS_ERROR, STATUS_PASS, SEV_LOW, STATUS_ERROR, 3 },
		{ STATUS_ERROR, STATUS_FAIL, SEV_LOW, STATUS_FAIL, 1 },
		{ STATUS_ERROR, STATUS_FAIL, SEV_NEVER, STATUS_FAIL, 3 },
		{ STATUS_MANUAL, STATUS_PASS, SEV_LOW, STATUS_MANUAL, 0 },
		{ STATUS_WAIVED, STATUS_PASS, SEV_LOW, STATUS_PASS, 0 },
		{ STATUS_NOT_APPLICABLE, STATUS_PASS, SEV_LOW, STATUS_PASS, 0 },
		{ STATUS_NOT_APPLICABLE, STATUS_NOT_APPLICABLE, SEV_LOW, STATUS_NOT_APPLICABLE, 0 },
	};
	const struct check *checks[] = { &low_check, &high_check, NULL };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sub_snapshot sub, *subs[1] = { &sub };
		struct snapshot snap;
		struct findings fs;
		struct finding_store store;
		struct report r;

		memset(&sub, 0, sizeof(sub));
		sub.id = (char *)"00000000-0000-0000-0000-000000000001";
		sub.scanned = 1;
		snapshot_init(&snap);
		snap.subs = subs;
		snap.n = 1;
		memset(&fs, 0, sizeof(fs));
		findings_add(&fs, &low_check, &sub, cases[i].a, NULL);
		findings_add(&fs, &high_check, &sub, cases[i].b, NULL);
		finding_store_wrap(&store, &fs);
		memset(&r, 0, sizeof(r));
		r.framework = FW_ASB_IR_2019;
		r.snap = &snap;
		r.findings = &store;
		r.checks = checks;
		policy_decide(&r, cases[i].fail_on);
		T_EQ_INT("controls", 1, r.controls_n);
		if (r.controls_n)
			T_EQ_STR("verdict", status_name(cases[i].verdict),
				 status_name(r.controls[0].verdicts[0]));
		if (r.exit_code != cases[i].exit_code)
			T_FAIL("case %zu (%s, %s, fail-on %s): exit %d, want %d (%s)", i,
			       status_name(cases[i].a), status_name(cases[i].b),
			       severity_name(cases[i].fail_on), r.exit_code,
			       cases[i].exit_code, r.exit_reason);
		policy_release(&r);
		finding_store_release(&store);
		findings_release(&fs);
	}
}

void test_policy__fatal_and_empty_scope(void)
{
	const struct check *checks[] = { &low_check, NULL };
	struct snapshot snap;
	struct finding_store store;
	struct report r;

	snapshot_init(&snap);
	finding_store_init(&store);
	memset(&r, 0, sizeof(r));
	r.snap = &snap;
	r.findings = &store;
	r.checks = checks;
	policy_decide(&r, SEV_LOW);
	T_EQ_INT("nothing scanned", 3, r.exit_code);
	policy_release(&r);
	r.fatal = (char *)"authentication failed";
	policy_decide(&r, SEV_LOW);
	T_EQ_INT("fatal", 3, r.exit_code);
	T_CONTAINS("reason", r.exit_reason, "authentication failed");
	policy_release(&r);
}

void test_policy__control_id_order(void)
{
	T_ASSERT(control_id_cmp("10.2", "10.10") < 0);
	T_ASSERT(control_id_cmp("2.1.9", "2.1.17") < 0);
	T_ASSERT(control_id_cmp("IR-2", "IR-10") < 0);
	T_ASSERT(control_id_cmp("10.3", "10.3") == 0);
}

static const struct check plan_check = {
	.id = "plan", .severity = SEV_MEDIUM, .control = { [FW_ASB_IR_2019] = "10.1" },
	.eval = world_no_eval,
};

/* Exit 0 with manual findings: the reason says what is left for a person. */
void test_policy__manual_left_for_a_person(void)
{
	const struct check *checks[] = { &plan_check, &low_check, NULL };
	struct sub_snapshot a, b, *subs[2] = { &a, &b };
	struct snapshot snap;
	struct findings fs;
	struct finding_store store;
	struct report r;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.id = (char *)"00000000-0000-0000-0000-000000000001";
	b.id = (char *)"00000000-0000-0000-0000-000000000002";
	a.scanned = b.scanned = 1;
	snapshot_init(&snap);
	snap.subs = subs;
	snap.n = 2;
	memset(&fs, 0, sizeof(fs));
	memset(&r, 0, sizeof(r));
	r.framework = FW_ASB_IR_2019;
	r.snap = &snap;
	r.findings = &store;
	r.checks = checks;
	findings_add(&fs, &plan_check, &a, STATUS_MANUAL, NULL);
	findings_add(&fs, &plan_check, &b, STATUS_MANUAL, NULL);
	findings_add(&fs, &low_check, &a, STATUS_PASS, NULL);
	findings_add(&fs, &low_check, &b, STATUS_MANUAL, NULL);
	findings_add(&fs, &low_check, &b, STATUS_MANUAL, NULL);
	finding_store_wrap(&store, &fs);
	policy_decide(&r, SEV_LOW);
	T_EQ_INT("exit", 0, r.exit_code);
	T_EQ_STR("reason", "no failing finding, but 4 manual findings need a person's review: "
		 "controls 10.1 on 2 subscriptions, 10.3 on 1 subscription "
		 "(record the review with --attestations)", r.exit_reason);
	policy_release(&r);

	/* Nothing manual: the reason stays as it was. */
	fs.items[0].status = fs.items[1].status = fs.items[3].status = STATUS_PASS;
	fs.items[4].status = STATUS_PASS;
	policy_decide(&r, SEV_LOW);
	T_EQ_STR("reason without manual findings", "no failing finding", r.exit_reason);
	policy_release(&r);
	finding_store_release(&store);
	findings_release(&fs);
}
