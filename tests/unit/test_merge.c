/*
 * test_merge.c - the pieces of merged evidence bundles below the CLI:
 * snapshot_absorb() (--offline's parts into one snapshot) and a partial
 * merge's exit code.
 */
#include "t.h"
#include "checks/check.h"
#include "model/snapshot.h"
#include "policy/outcome.h"
#include "policy/policy.h"
#include "util/xmalloc.h"

#include <stdlib.h>

static struct evidence *ev_new(unsigned long entry)
{
	struct evidence *e = xcalloc(1, sizeof(*e));

	e->entry = entry;
	return e;
}

void test_merge__absorb_moves_and_dedups(void)
{
	struct snapshot dst, src;
	struct sub_snapshot *a, *b;

	snapshot_init(&dst);
	snapshot_init(&src);
	snapshot_sub(&dst, "c0000003-0000-4000-8000-000000000003")->scanned = 1;
	snapshot_add_evidence(&dst, NULL, ev_new(1));
	/* The same subscription (another case) and a new one, with their evidence. */
	a = snapshot_sub(&src, "C0000003-0000-4000-8000-000000000003");
	b = snapshot_sub(&src, "c0000001-0000-4000-8000-000000000001");
	b->scanned = 1;
	snapshot_add_evidence(&src, &b->info, ev_new(1));
	snapshot_add_evidence(&src, NULL, ev_new(2));
	snapshot_add_target(&src, "/subscriptions/x/la", TARGET_LOGIC_APP);
	snapshot_add_target(&dst, "/SUBSCRIPTIONS/X/LA", TARGET_LOGIC_APP);
	snapshot_add_target(&src, "/subscriptions/x/lb", TARGET_LOGIC_APP);
	(void)a;
	snapshot_absorb(&dst, &src);
	T_EQ_INT("subscriptions: the shared one once", 2, dst.n);
	T_EQ_STR("sorted by id", "c0000001-0000-4000-8000-000000000001", dst.subs[0]->id);
	T_ASSERT(dst.subs[0] == b && b->snap == &dst);
	T_EQ_INT("targets: the shared one once", 2, dst.n_targets);
	T_EQ_INT("every evidence record", 3, dst.ev_n);
	T_EQ_INT("indexed in the whole", 2, dst.evidence[2]->index);
	T_EQ_INT("part order kept", 2, dst.evidence[2]->entry);
	T_EQ_INT("src left empty", 0, src.n + src.ev_n + src.n_targets);
	T_ASSERT(dst.scope_complete);
	snapshot_release(&src);
	snapshot_release(&dst);
}

static void nothing(const struct check *c, const struct sub_snapshot *sub,
		    const struct check_params *p, struct findings *out)
{
	(void)c;
	(void)sub;
	(void)p;
	(void)out;
}

static const struct check quiet_check = {
	.id = "quiet", .severity = SEV_LOW, .control = { [FW_ASB_IR_2019] = "10.1" },
	.eval = nothing,
};

/* A partial merged bundle: no verdict on the whole scope, exit 3 at least. */
void test_merge__partial_exits_3(void)
{
	const struct check *checks[] = { &quiet_check, NULL };
	struct snapshot snap;
	struct finding_store store;
	struct report r;

	snapshot_init(&snap);
	snapshot_sub(&snap, "c0000001-0000-4000-8000-000000000001")->scanned = 1;
	finding_store_init(&store);
	memset(&r, 0, sizeof(r));
	r.snap = &snap;
	r.findings = &store;
	r.checks = checks;
	policy_decide(&r, SEV_LOW);
	T_EQ_INT("whole: exit 0", 0, r.exit_code);
	policy_release(&r);
	r.partial = "shard 2/3 of the scan of tenant t missing";
	policy_decide(&r, SEV_LOW);
	T_EQ_INT("partial: exit 3", 3, r.exit_code);
	T_CONTAINS("reason", r.exit_reason, "the evidence is partial (shard 2/3");
	T_CONTAINS("reason keeps the rest", r.exit_reason, "no failing finding");
	policy_release(&r);
	snapshot_release(&snap);
}
