/*
 * offline_parts.c - --offline over a merged evidence bundle, see
 * offline_parts.h.
 */
#include "offline_parts.h"
#include "evaluate.h"
#include "arm/arm.h"
#include "collect/collect.h"
#include "evidence/offline.h"
#include "evidence/replay.h"
#include "util/xmalloc.h"

#include <stdio.h>

/* What a part's hand-over needs: its evaluation, and the parts before it. */
struct part_eval {
	const struct evaluation *ev;
	const struct snapshot *earlier;
};

static void part_ready(void *ctx, struct sub_snapshot *sub)
{
	const struct part_eval *pe = ctx;

	/* An earlier part's subscription, with the same answers: evaluated once. */
	if (snapshot_find(pe->earlier, sub->id))
		return;
	scan_evaluate_sub(pe->ev, sub);
}

/* Collect part p with its configuration pc into a snapshot of its own; 0 or -1. */
static int replay_part(const struct offline_parts *op, const struct merged_part *p,
		       const struct config *pc, struct snapshot *part)
{
	const struct check_params params = scan_check_params(pc, p->m.started, op->attestations);
	const struct evaluation ev = {
		.checks = op->checks, .params = &params, .fw = pc->framework,
		.controls = &pc->controls, .store = op->store,
		.waivers = op->waivers, .now = op->now,
	};
	struct part_eval pe = { .ev = &ev, .earlier = op->snap };
	struct replay *rp = replay_new_part(&p->m, p->name);
	struct http_options ho = op->http;
	struct http *h;
	struct arm arm;
	int rc;

	ho.replay = replay_answer;
	ho.replay_ctx = rp;
	h = http_new(&ho);
	arm_init(&arm, h, NULL, pc->arm_endpoint);
	arm.max_pages = pc->max_pages;
	rc = collect_run(pc, &arm, scan_needs(op->checks), p->m.started, part, part_ready, &pe);
	arm_release(&arm);
	http_free(h);
	replay_free(rp);
	return rc;
}

static int run_part(const struct offline_parts *op, const struct merged_part *p, char **fatal)
{
	struct config pc;
	struct snapshot part;
	int rc;

	if (offline_part_config(&pc, op->cfg, p)) {
		*fatal = xstrdup("a part of the merged evidence bundle cannot be read");
		return -1;
	}
	snapshot_init(&part);
	rc = replay_part(op, p, &pc, &part);
	snapshot_absorb(op->snap, &part);
	snapshot_release(&part);
	config_release(&pc);
	if (rc)
		*fatal = xstrdup("the HTTP loop failed");
	return rc ? -1 : 0;
}

int offline_parts_run(const struct offline_parts *op, char **fatal)
{
	size_t i;

	for (i = 0; i < op->mb->n; i++)
		if (run_part(op, &op->mb->parts[i], fatal))
			return -1;
	return 0;
}
