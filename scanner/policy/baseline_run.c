/*
 * baseline_run.c - this run's findings in the shape of a baseline, so
 * that --baseline compares them with exactly the code `irscan diff`
 * uses on two reports.
 */
#include "policy/baseline.h"
#include "policy/outcome.h"

#include <string.h>

/*
 * Copies into out's pool: the findings are read back one subscription at
 * a time (policy/finding_store.h), so their strings do not stay.  The
 * catalogue's, the snapshot's and the evidence's strings do.
 */
static void one(const struct report *r, const struct finding *f,
		struct baseline_finding *b, struct pool *pool)
{
	unsigned i;

	b->check = f->check->id;
	b->subscription = f->sub->id;
	b->subscription_name = f->sub->name;
	b->resource = pool_strdup_or_null(pool, f->resource);
	b->control = f->controls[r->framework];
	b->title = f->check->title;
	b->message = pool_strdup_or_null(pool, f->message);
	b->status = f->status;
	b->severity = f->check->severity;
	b->observed = pool_alloc(pool, (f->obs_n + 1u) * sizeof(*b->observed));
	for (i = 0; i < f->obs_n; i++) {
		b->observed[i].key = pool_strdup(pool, f->obs[i].key);
		b->observed[i].value = pool_strdup(pool, f->obs[i].value);
	}
	b->observed_n = f->obs_n;
	b->request_ids = pool_alloc(pool, (f->ev_n + 1u) * sizeof(char *));
	for (i = 0; i < f->ev_n; i++)
		if (f->ev[i]->request_id)
			b->request_ids[b->request_ids_n++] = f->ev[i]->request_id;
}

void baseline_from_report(const struct report *r, struct baseline *out)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t i, n = 0;

	memset(out, 0, sizeof(*out));
	out->kind = "scan";
	out->tool_version = r->tool_version;
	out->scanned = r->started;
	out->framework = r->framework;
	out->tenant = r->tenant;
	n = r->snap ? r->snap->n : 0;
	out->subscriptions = pool_alloc(&out->pool, (n + 1) * sizeof(char *));
	/* A scan that could not run evaluated nothing, whatever its scope said. */
	for (i = 0; !r->fatal && r->snap && i < r->snap->n; i++)
		if (r->snap->subs[i]->scanned)
			out->subscriptions[out->subscriptions_n++] = r->snap->subs[i]->id;
	for (n = 0; r->checks && r->checks[n]; n++)
		;
	out->checks = pool_alloc(&out->pool, (n + 1) * sizeof(char *));
	for (i = 0; i < n; i++)
		out->checks[out->checks_n++] = r->checks[i]->id;
	if (r->cfg && r->cfg->controls.n) {
		out->controls = pool_alloc(&out->pool, (r->cfg->controls.n + 1) * sizeof(char *));
		for (i = 0; i < r->cfg->controls.n; i++)
			out->controls[out->controls_n++] = r->cfg->controls.v[i];
	}
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		one(r, f, baseline_add(out), &out->pool);
	finding_cursor_close(&fc);
}
