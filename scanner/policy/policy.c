/*
 * policy.c - verdicts and exit codes.
 *
 * Control verdict per subscription = worst of its findings, with
 * fail > error > manual > pass, waived counting as pass and
 * not-applicable ignored; a control whose findings are all
 * not-applicable is not-applicable.  Exit code: 1 when a fail finding
 * reaches --fail-on, else 3 on any error finding or when the scan could
 * not run, else 0.
 */
#include "policy/policy.h"
#include "model/shard.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

int policy_rank(enum status s)
{
	switch (s) {
	case STATUS_FAIL: return 4;
	case STATUS_ERROR: return 3;
	case STATUS_MANUAL: return 2;
	case STATUS_PASS:
	case STATUS_WAIVED: return 1;
	case STATUS_NOT_APPLICABLE: return 0;
	default: return -1;
	}
}

static struct report_control *control_slot(struct report *r, const char *id)
{
	size_t i;
	struct report_control *c;

	for (i = 0; i < r->controls_n; i++)
		if (!strcasecmp(r->controls[i].id, id))
			return &r->controls[i];
	r->controls = xrealloc(r->controls,
			       xsize_mul(r->controls_n + 1, sizeof(*r->controls)));
	c = &r->controls[r->controls_n++];
	c->id = id;
	c->info = control_lookup(r->framework, id);
	c->verdicts = xcalloc(r->snap->n ? r->snap->n : 1, sizeof(*c->verdicts));
	return c;
}

static int control_cmp(const void *a, const void *b)
{
	return control_id_cmp(((const struct report_control *)a)->id,
			      ((const struct report_control *)b)->id);
}

static void build_controls(struct report *r)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t i, j;

	/*
	 * Every control of a selected check appears, even without findings
	 * (checks whose findings name their own controls add them below).
	 */
	for (i = 0; r->checks[i]; i++)
		if (!(r->checks[i]->flags & CHECK_PER_FINDING_CONTROLS))
			control_slot(r, r->checks[i]->control[r->framework]);
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc))) {
		struct report_control *c = control_slot(r, f->controls[r->framework]);
		enum status *v = &c->verdicts[snapshot_sub_index(r->snap, f->sub)];
		enum status s = f->status == STATUS_WAIVED ? STATUS_PASS : f->status;

		if (*v == STATUS_UNSET || policy_rank(s) > policy_rank(*v))
			*v = s;
	}
	finding_cursor_close(&fc);
	qsort(r->controls, r->controls_n, sizeof(*r->controls), control_cmp);
	/* Scanned subscriptions with no finding for a control: n/a. */
	for (i = 0; i < r->controls_n; i++)
		for (j = 0; j < r->snap->n; j++)
			if (r->snap->subs[j]->scanned &&
			    r->controls[i].verdicts[j] == STATUS_UNSET)
				r->controls[i].verdicts[j] = STATUS_NOT_APPLICABLE;
}

/* The subscriptions with a manual finding under control c. */
static size_t manual_subs(const struct report *r, const char *control, char *seen)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t n = 0;

	memset(seen, 0, r->snap->n + 1);
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc))) {
		size_t k = snapshot_sub_index(r->snap, f->sub);

		if (f->status == STATUS_MANUAL && !seen[k] &&
		    !strcasecmp(f->controls[r->framework], control)) {
			seen[k] = 1;
			n++;
		}
	}
	finding_cursor_close(&fc);
	return n;
}

/*
 * ", but 5 manual findings need a person's review: control 10.1 on 5
 * subscriptions (...)": a scan that passes with manual findings is not
 * done, and its reason, which the console and every report lead with,
 * says what is left.
 */
static void add_manual_left(const struct report *r, struct buf *why)
{
	size_t n = r->summary[STATUS_MANUAL], c, subs, controls = 0, shown = 0;
	char *seen = xcalloc(r->snap->n + 1, 1);

	for (c = 0; c < r->controls_n; c++)
		controls += manual_subs(r, r->controls[c].id, seen) > 0;
	buf_addf(why, ", but %zu manual finding%s need%s a person's review: control%s ", n,
		 n == 1 ? "" : "s", n == 1 ? "s" : "", controls == 1 ? "" : "s");
	for (c = 0; c < r->controls_n; c++) {
		subs = manual_subs(r, r->controls[c].id, seen);
		if (subs)
			buf_addf(why, "%s%s on %zu subscription%s", shown++ ? ", " : "",
				 r->controls[c].id, subs, subs == 1 ? "" : "s");
	}
	buf_add(why, " (record the review with --attestations)");
	free(seen);
}

/*
 * Here rather than in baseline_cmp.c: it is the --fail-on-new gate, and
 * policy_rank is this file's (baseline_cmp.c calling back into policy.c
 * while policy.c calls it would make the two files use each other).
 */
int baseline_worse(const struct baseline_cmp *c, size_t i)
{
	if (c->cur->items[i].status != STATUS_FAIL)
		return 0;
	if (c->states[i] == BASELINE_NEW)
		return 1;
	return c->states[i] == BASELINE_UPDATED &&
	       policy_rank(c->prior[i]->status) < policy_rank(STATUS_FAIL);
}

/* With --fail-on-new, only the failures the baseline did not have count. */
static int gate_on_new(const struct report *r)
{
	return r->baseline && r->cfg && r->cfg->fail_on_new;
}

static void add_failing(const struct report *r, size_t failing, enum severity fail_on,
			struct buf *why)
{
	const struct baseline *old;

	if (!gate_on_new(r)) {
		buf_addf(why, "%zu failing finding%s at or above severity %s",
			 failing, failing == 1 ? "" : "s", severity_name(fail_on));
		return;
	}
	old = r->baseline->old;
	buf_addf(why, "%zu new failing finding%s since the baseline", failing,
		 failing == 1 ? "" : "s");
	if (old->scanned) {
		buf_add(why, " of ");
		clock_add_rfc3339(why, old->scanned);
	}
	buf_addf(why, " at or above severity %s", severity_name(fail_on));
}

void policy_decide(struct report *r, enum severity fail_on)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t i, failing = 0, errors = 0, scanned = 0;
	struct buf why = BUF_INIT;

	memset(r->summary, 0, sizeof(r->summary));
	if (r->snap)
		build_controls(r);
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc))) {
		r->summary[f->status]++;
		if (f->status == STATUS_FAIL && fail_on != SEV_NEVER &&
		    f->check->severity >= fail_on &&
		    (!gate_on_new(r) || baseline_worse(r->baseline, f->index)))
			failing++;
		if (f->status == STATUS_ERROR)
			errors++;
	}
	finding_cursor_close(&fc);
	for (i = 0; r->snap && i < r->snap->n; i++)
		scanned += r->snap->subs[i]->scanned;
	if (r->fatal) {
		r->exit_code = 3;
		/* One line: the console's last line, SARIF's description. */
		buf_add(&why, "the scan could not run: ");
		buf_add_one_line(&why, r->fatal);
	} else if (failing) {
		r->exit_code = 1;
		add_failing(r, failing, fail_on, &why);
	} else if (!scanned && r->cfg && shard_nothing_here(r->cfg, r->snap)) {
		/* The other shards scan the scope: an Indexed Job's pod succeeds. */
		r->exit_code = 0;
		shard_describe(&why, r->cfg, r->snap, "", "; no subscription of this "
			       "shard to scan");
	} else if (!scanned) {
		r->exit_code = 3;
		buf_add(&why, "no subscription could be scanned");
	} else if (errors) {
		r->exit_code = 3;
		buf_addf(&why, "%zu finding%s could not be evaluated (error)",
			 errors, errors == 1 ? "" : "s");
	} else {
		r->exit_code = 0;
		buf_add(&why, !r->summary[STATUS_FAIL] ? "no failing finding"
			: gate_on_new(r) ? "no new failing finding at or above --fail-on since the baseline"
			: "no failing finding at or above --fail-on");
		if (r->summary[STATUS_MANUAL])
			add_manual_left(r, &why);
	}
	if (r->deadline_hit && !r->fatal)
		buf_add(&why, "; the scan reached its deadline (--deadline) first");
	if (r->partial && !r->fatal) {
		/* Part of the scope is missing: no verdict on the whole, exit 3 at least. */
		struct buf lead = BUF_INIT;

		r->exit_code = r->exit_code > 3 ? r->exit_code : 3;
		buf_add(&lead, "the evidence is partial (");
		buf_add_one_line(&lead, r->partial);
		buf_addf(&lead, "); of what it holds: %s", why.buf);
		buf_release(&why);
		why = lead;
	}
	free(r->exit_reason);
	r->exit_reason = buf_detach(&why, NULL);
}

void policy_release(struct report *r)
{
	size_t i;

	for (i = 0; i < r->controls_n; i++)
		free(r->controls[i].verdicts);
	free(r->controls);
	r->controls = NULL;
	r->controls_n = 0;
	free(r->exit_reason);
	r->exit_reason = NULL;
}
