/*
 * report_util.c - the plain-text pieces several writers share: the
 * status line and full account of a finding, a subscription's label and
 * rank, the overall verdict in words and every read that failed.  Not escaped: each writer escapes them for its
 * own format.
 */
#include "reports/report.h"
#include "model/resid.h"
#include "policy/policy.h"
#include "policy/waivers.h"
#include "util/clock.h"

/* The subscription GUID of a resource id, into b (empty when none). */
static void id_subscription(struct buf *b, const char *id)
{
	size_t n;
	const char *p = resid_subscription(id, &n);

	buf_reset(b);
	if (n == 36)
		buf_addn(b, p, n);
}

static const char *const target_names[] = {
	[TARGET_WORKSPACE] = "Log Analytics workspace",
	[TARGET_EVENT_HUB] = "Event Hub",
	[TARGET_LOGIC_APP] = "Logic App",
};

static void each_workspace_error(const struct sentinel_workspace *w,
				 report_error_fn fn, void *ctx)
{
	const struct { const struct dataset *d; const char *what; } reads[] = {
		{ &w->onboarding, "Sentinel onboarding state of workspace" },
		{ &w->connectors, "Sentinel data connectors of workspace" },
		{ &w->rules, "Sentinel automation rules of workspace" },
	};
	struct buf sub = BUF_INIT, what = BUF_INIT;
	size_t i;

	id_subscription(&sub, w->id);
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		if (reads[i].d->state != DATA_ERROR)
			continue;
		buf_reset(&what);
		buf_addf(&what, "%s %s", reads[i].what, w->id);
		fn(ctx, sub.len ? sub.buf : NULL, what.buf, &reads[i].d->err);
	}
	buf_release(&sub);
	buf_release(&what);
}

/* A table that does not exist yet (404) is no failed read: it has no rows. */
static void each_table_error(const struct target *t, report_error_fn fn, void *ctx)
{
	struct buf sub = BUF_INIT, what = BUF_INIT;
	int i;

	for (i = 0; t->tables && i < TABLE__COUNT; i++) {
		const struct dataset *d = &t->tables[i].ds;

		if (d->state != DATA_ERROR || d->err.status == 404)
			continue;
		id_subscription(&sub, t->id);
		buf_reset(&what);
		buf_addf(&what, "%s table of workspace %s", la_table_name((enum la_table)i), t->id);
		fn(ctx, sub.len ? sub.buf : NULL, what.buf, &d->err);
	}
	buf_release(&sub);
	buf_release(&what);
}

void report_each_error(const struct report *r, report_error_fn fn, void *ctx)
{
	const struct snapshot *s = r->snap;
	struct buf sub = BUF_INIT, what = BUF_INIT;
	size_t i, n;

	if (r->errors) {
		for (i = 0; i < r->errors_n; i++)
			fn(ctx, r->errors[i].sub, r->errors[i].what, &r->errors[i].e);
		return;
	}
	if (!s)
		return;
	if (s->scope_failed)
		fn(ctx, NULL, "subscriptions", &s->scope_error);
	for (i = 0; i < s->n; i++) {
		if (s->subs[i]->info.state == DATA_ERROR)
			fn(ctx, s->subs[i]->id, "subscription", &s->subs[i]->info.err);
		for (n = 0; n < NEED__COUNT; n++)
			if (s->subs[i]->sets[n].state == DATA_ERROR)
				fn(ctx, s->subs[i]->id, need_name((enum need)n),
				   &s->subs[i]->sets[n].err);
	}
	for (i = 0; i < s->n_targets; i++) {
		const struct target *t = s->targets[i];

		if (t->ds.state != DATA_ERROR)
			continue;
		id_subscription(&sub, t->id);
		buf_reset(&what);
		buf_addf(&what, "%s %s", target_names[t->kind], t->id);
		fn(ctx, sub.len ? sub.buf : NULL, what.buf, &t->ds.err);
	}
	for (i = 0; i < s->n_targets; i++)
		each_table_error(s->targets[i], fn, ctx);
	for (i = 0; i < s->n_workspaces; i++)
		each_workspace_error(s->workspaces[i], fn, ctx);
	buf_release(&sub);
	buf_release(&what);
}

void report_sub_label(struct buf *b, const struct sub_snapshot *sub)
{
	if (sub->name)
		buf_addf(b, "%s (%s)", sub->name, sub->id);
	else
		buf_add(b, sub->id);
}

void report_status_line(struct buf *b, const struct finding *f)
{
	const char *msg = f->message ? f->message : "";

	switch (f->status) {
	case STATUS_WAIVED:
		buf_addf(b, "waived (was %s): %s", status_name(f->waived_from), msg);
		if (f->waiver)
			buf_addf(b, "; waiver: %s, approved by %s, expires %s",
				 f->waiver->reason, f->waiver->approved_by, f->waiver->expires);
		break;
	case STATUS_MANUAL:
		buf_addf(b, "manual: %s", msg);
		break;
	default:
		buf_add(b, msg);
	}
}

void report_finding_text(struct buf *b, const struct finding *f)
{
	size_t i;

	report_status_line(b, f);
	buf_addf(b, "\n\nresource: %s\n", f->resource);
	if (f->obs_n) {
		buf_add(b, "\nobserved:\n");
		for (i = 0; i < f->obs_n; i++)
			buf_addf(b, "  %s: %s\n", f->obs[i].key, f->obs[i].value);
	}
	if (f->ev_n) {
		buf_add(b, "\nevidence:\n");
		for (i = 0; i < f->ev_n; i++) {
			const struct evidence *e = f->ev[i];

			buf_addf(b, "  %s %s -> %ld", e->method, e->url, e->status);
			if (e->request_id)
				buf_addf(b, " (x-ms-request-id %s)", e->request_id);
			if (e->error)
				buf_addf(b, " [%s]", e->error);
			if (e->file)
				buf_addf(b, " {evidence entry %lu, %s}", e->entry, e->file);
			buf_addch(b, '\n');
		}
	}
	buf_addf(b, "\nremediation:\n%s\n", f->check->remediation);
}

enum baseline_state report_baseline_state(const struct report *r, const struct finding *f)
{
	size_t i;

	if (!r->baseline || !r->findings->n)
		return BASELINE_NONE;
	i = f->index;
	return i < r->baseline->cur->n ? r->baseline->states[i] : BASELINE_NONE;
}

const char *report_verdict(const struct report *r, const char **word)
{
	/* Passing with manual findings is not done: lead with what is left. */
	int left = r->exit_code == 0 && r->summary[STATUS_MANUAL];

	*word = left ? "Needs a person" : r->exit_code == 0 ? "No failing finding" :
		r->exit_code == 1 ? "Non-compliant" : "Incomplete";
	return left ? "manual" : r->exit_code == 0 ? "pass" : r->exit_code == 1 ? "fail" : "error";
}

int report_sub_rank(const struct report *r, size_t idx)
{
	int worst = -1;
	size_t c;

	for (c = 0; c < r->controls_n; c++) {
		int k = policy_rank(r->controls[c].verdicts[idx]);

		if (k > worst)
			worst = k;
	}
	return r->snap->subs[idx]->scanned ? worst : -2;
}

size_t report_new_failures(const struct report *r)
{
	size_t i, n = 0;

	for (i = 0; r->baseline && i < r->baseline->cur->n; i++)
		n += baseline_worse(r->baseline, i) != 0;
	return n;
}

void report_baseline_lead(struct buf *b, const struct report *r)
{
	size_t n = report_new_failures(r);

	buf_addf(b, "%zu new failure%s since ", n, n == 1 ? "" : "s");
	if (r->baseline->old->scanned)
		clock_add_rfc3339(b, r->baseline->old->scanned);
	else
		buf_add(b, "the baseline");
}

void report_baseline_prefix(struct buf *b, const struct report *r, const struct finding *f)
{
	enum baseline_state st = report_baseline_state(r, f);
	const struct baseline_finding *was;

	if (st == BASELINE_NONE)
		return;
	buf_addf(b, "%s since the baseline", baseline_state_name(st));
	was = r->baseline->prior[f->index];
	if (st == BASELINE_UPDATED && was && was->status != f->status)
		buf_addf(b, " (was %s)", status_name(was->status));
	buf_add(b, ": ");
}
