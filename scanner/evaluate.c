/*
 * evaluate.c - from a snapshot to findings: which checks run, with what
 * parameters, on each scanned subscription, and the findings' order.
 * Shared by the scan (scan.c) and the re-evaluation of a baseline
 * bundle (baseline_input.c), so both judge alike.
 */
#include "evaluate.h"
#include "model/attestations.h"
#include "policy/finding_store.h"
#include "policy/waivers.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

static int selected_by_list(const struct strvec *list, const char *id)
{
	return !list->n || strvec_find_ci(list, id) >= 0;
}

const struct check **scan_select_checks(const struct config *cfg)
{
	const struct check **out;
	size_t i, n = 0;

	for (i = 0; check_registry[i]; i++)
		;
	out = xcalloc(i + 1, sizeof(*out));
	for (i = 0; check_registry[i]; i++) {
		const struct check *c = check_registry[i];
		const char *control = c->control[cfg->framework];

		/* Per-finding controls are filtered after evaluation. */
		if (control && selected_by_list(&cfg->checks, c->id) &&
		    ((c->flags & CHECK_PER_FINDING_CONTROLS) ||
		     selected_by_list(&cfg->controls, control)))
			out[n++] = c;
	}
	if (!n) {
		free(out);
		msg_usage("no check selected: none of the chosen checks/controls "
			  "exists in framework %s", framework_name(cfg->framework));
		return NULL;
	}
	return out;
}

/* Keep finding f in the report of framework fw and this --controls list? */
static int in_scope(const struct finding *f, enum framework fw,
		    const struct strvec *controls)
{
	const char *c = f->controls[fw];

	if (!c)
		return 0;
	return f->status == STATUS_ERROR || !controls || !controls->n ||
	       strvec_find_ci(controls, c) >= 0;
}

void scan_evaluate_sub(const struct evaluation *ev, struct sub_snapshot *sub)
{
	struct findings list = { 0 }, *out = &list;
	size_t j, k;

	if (!sub->scanned)
		return;
	for (j = 0; ev->checks[j]; j++) {
		const struct check *c = ev->checks[j];
		size_t before = out->n;

		c->eval(c, sub, ev->params, out);
		if (out->n == before) {
			/* A check must always say something. */
			struct finding *f = findings_add(out, c, sub, STATUS_ERROR, NULL);

			finding_message(f, "internal error: the check produced no finding");
		}
		for (k = out->n; k > before; k--)
			if (!in_scope(&out->items[k - 1], ev->fw, ev->controls))
				findings_drop(out, k - 1);
	}
	if (ev->waivers)
		waivers_apply(ev->waivers, out, ev->now);
	finding_store_add(ev->store, out);	/* and releases the list */
	finding_store_retire(ev->store, sub);	/* when the store retires evidence */
	snapshot_sub_drop_data(sub);
}

struct sub_rank {
	const char *sub_id;
	size_t index;
};

static int rank_cmp(const void *a, const void *b)
{
	const struct sub_rank *x = a, *y = b;
	int c = strcmp(x->sub_id, y->sub_id);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

void scan_order_findings(struct findings *out)
{
	struct sub_rank *rank;
	size_t i;

	if (out->n < 2)
		return;
	/* Subscriptions are evaluated as they complete; report them sorted
	 * like the snapshot (by id), each one's findings in check order. */
	rank = xcalloc(out->n, sizeof(*rank));
	for (i = 0; i < out->n; i++) {
		rank[i].sub_id = out->items[i].sub->id;
		rank[i].index = i;
	}
	qsort(rank, out->n, sizeof(*rank), rank_cmp);
	/* Apply the permutation in place, one cycle at a time. */
	for (i = 0; i < out->n; i++) {
		struct finding keep;
		size_t at = i, from;

		if (rank[i].index == i || rank[i].index == (size_t)-1)
			continue;
		keep = out->items[i];
		while ((from = rank[at].index) != i) {
			out->items[at] = out->items[from];
			rank[at].index = (size_t)-1;
			at = from;
		}
		out->items[at] = keep;
		rank[at].index = (size_t)-1;
	}
	free(rank);
}

struct check_params scan_check_params(const struct config *cfg, time_t now,
				      const struct attestation_list *attestations)
{
	return (struct check_params){
		.attack_path_risk = cfg->attack_path_risk,
		.now = now,
		.alert_max_age_days = cfg->alert_max_age_days,
		.attestation_max_age_days = cfg->attestation_max_age_days,
		.min_retention_days = cfg->min_retention_days,
		.criticality_tags = &cfg->criticality_tags,
		.required_plans = &cfg->required_plans,
		.attestations = attestations,
	};
}

unsigned scan_needs(const struct check *const *checks)
{
	unsigned needs = 0;
	size_t i;

	for (i = 0; checks[i]; i++)
		needs |= checks[i]->needs;
	return needs;
}
