/*
 * merge_cmd.c - `irscan merge IN.json... -o FORMAT[:PATH]...`: the app's
 * part of it.  Each input is read back by policy/report_load.c, checked
 * by merge_check.c, and the parts become one snapshot (their
 * subscriptions, sorted by id as a scan sorts them) and one findings list
 * (in a scan's report order: scan_order_findings()).  The control
 * verdicts, the summary and the exit code are then decided again by the
 * policy, so that the shards of a scan merge into the report of the
 * unsharded scan, and the writers format it like any scan's.
 *
 * (The merge of evidence bundles, `merge --evidence`, is another command
 * behind the same word: main.c dispatches on cfg->command.)
 */
#include "merge_cmd.h"
#include "evaluate.h"
#include "outfile.h"
#include "util/interrupt.h"
#include "policy/policy.h"
#include "policy/waivers.h"
#include "model/attestations.h"
#include "reports/report.h"
#include "util/msg.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

struct merge {
	struct config *cfg;
	struct loaded_report **parts;
	size_t n;
	unsigned char **skip;		/* [part][sub]: merged from an earlier part */
	struct report_missing_shard *missing;
	size_t missing_n;
	struct snapshot snap;
	struct findings findings;	/* items copied from the parts' */
	struct finding_store store;	/* findings, as the writers read them */
	struct report_error *errors;
	size_t errors_n;
	struct report_merge_part *mparts;
	const char **tenants;
	struct waiver_list waivers;
	struct attestation_list attestations;
	struct report_merge meta;
	struct report r;
};

static int load_parts(struct merge *m)
{
	struct buf err = BUF_INIT;
	size_t i;

	m->n = m->cfg->merge_inputs.n;
	m->parts = xcalloc(m->n, sizeof(*m->parts));
	m->skip = xcalloc(m->n, sizeof(*m->skip));
	for (i = 0; i < m->n; i++) {
		m->parts[i] = xcalloc(1, sizeof(**m->parts));
		if (report_load(m->cfg->merge_inputs.v[i], m->parts[i], &err)) {
			msg_error("merge: %s", err.buf);
			buf_release(&err);
			return -1;
		}
		m->skip[i] = xcalloc(m->parts[i]->snap.n + 1, 1);
		if (m->parts[i]->params.baseline)
			msg_warn("merge: '%s' was compared with a baseline; the merged report is "
				 "not (irscan diff it with the baseline)", m->parts[i]->file);
	}
	buf_release(&err);
	return 0;
}

static const struct report_error no_errors[1];

/* The subscriptions of every part, once each, sorted like a scan's. */
static void merge_subs(struct merge *m)
{
	size_t i, k;

	for (i = 0; i < m->n; i++)
		for (k = 0; k < m->parts[i]->snap.n; k++) {
			const struct sub_snapshot *p = m->parts[i]->snap.subs[k];
			struct sub_snapshot *s;

			if (m->skip[i][k])
				continue;
			s = snapshot_sub(&m->snap, p->id);
			s->name = xstrdup_or_null(p->name);
			s->state = xstrdup_or_null(p->state);
			s->tenant_id = xstrdup_or_null(p->tenant_id);
			s->scanned = p->scanned;
		}
	snapshot_sort(&m->snap);
}

static int skipped(const struct merge *m, size_t i, const struct sub_snapshot *sub)
{
	size_t k;

	for (k = 0; k < m->parts[i]->snap.n; k++)
		if (m->parts[i]->snap.subs[k] == sub)
			return m->skip[i][k];
	return 0;
}

/* Every part's findings, pointing at the merged subscriptions, in report order. */
static void merge_findings(struct merge *m)
{
	size_t i, j;

	for (i = 0; i < m->n; i++) {
		const struct findings *fs = &m->parts[i]->findings;
		const struct sub_snapshot *last = NULL, *to = NULL;
		int skip = 0;

		for (j = 0; j < fs->n; j++) {
			struct finding *f;

			if (fs->items[j].sub != last) {
				last = fs->items[j].sub;
				skip = skipped(m, i, last);
				to = snapshot_find(&m->snap, last->id);
			}
			if (skip)
				continue;
			m->findings.items = xgrow(m->findings.items, &m->findings.alloc,
						  m->findings.n + 1, sizeof(*m->findings.items));
			f = &m->findings.items[m->findings.n++];
			*f = fs->items[j];
			f->sub = to;
		}
	}
	scan_order_findings(&m->findings);
}

static void fill_config(struct merge *m)
{
	const struct report_params *p = &m->parts[0]->params;
	struct config *cfg = m->cfg;
	size_t i;
	int agree = p->fail_on_given;

	for (i = 1; i < m->n; i++)
		agree = agree && m->parts[i]->params.fail_on_given &&
			m->parts[i]->params.fail_on == p->fail_on;
	/* --fail-on, else the parts' when all recorded one, else the default. */
	if (!GIVEN(cfg, GIVEN_FAIL_ON) && agree)
		cfg->fail_on = p->fail_on;
	cfg->framework = m->parts[0]->framework;
	cfg->attack_path_risk = p->attack_path_risk;
	cfg->alert_max_age_days = p->alert_max_age_days;
	cfg->min_retention_days = p->min_retention_days;
	cfg->attestation_max_age_days = p->attestation_max_age_days;
	cfg->concurrency = p->concurrency;
	cfg->max_rate = p->max_rate;
	cfg->resource_graph = p->resource_graph ? 1 : 0;
	cfg->management_group = xstrdup_or_null(p->management_group);
	strvec_clear(&cfg->criticality_tags);
	for (i = 0; i < p->criticality_tags.n; i++)
		strvec_push(&cfg->criticality_tags, p->criticality_tags.v[i]);
	for (i = 0; i < p->required_plans.n; i++)
		strvec_push(&cfg->required_plans, p->required_plans.v[i]);
	for (i = 0; i < p->sentinel_workspaces.n; i++)
		strvec_push(&cfg->sentinel_workspaces, p->sentinel_workspaces.v[i]);
}

static int waiver_cmp(const void *a, const void *b)
{
	size_t x = ((const struct waiver *)a)->index, y = ((const struct waiver *)b)->index;

	return x < y ? -1 : x > y;
}

/*
 * The waivers that matched a finding, by their place in the file: a JSON
 * report names the file and, on each finding, the waiver that matched,
 * not the waivers that matched nothing.
 */
static void merge_waivers(struct merge *m)
{
	size_t i, j;

	m->waivers.file = m->parts[0]->params.waivers_file;
	m->attestations.file = m->parts[0]->params.attestations_file;
	for (i = 0; i < m->findings.n; i++) {
		const struct waiver *w = m->findings.items[i].waiver;

		for (j = 0; w && j < m->waivers.n && m->waivers.items[j].index != w->index; j++)
			;
		if (!w || j < m->waivers.n)
			continue;
		m->waivers.items = xrealloc(m->waivers.items,
					    xsize_mul(m->waivers.n + 1, sizeof(*w)));
		m->waivers.items[m->waivers.n++] = *w;
	}
	if (m->waivers.n > 1)
		qsort(m->waivers.items, m->waivers.n, sizeof(*m->waivers.items), waiver_cmp);
	/* The HTML counts the findings a waiver applied to by pointer. */
	for (i = 0; i < m->findings.n; i++)
		for (j = 0; m->findings.items[i].waiver && j < m->waivers.n; j++)
			if (m->waivers.items[j].index == m->findings.items[i].waiver->index)
				m->findings.items[i].waiver = &m->waivers.items[j];
}

/*
 * Beside other tenants, a report that names none is grouped under
 * "unknown" rather than left out of every tenant's table.
 */
static void unknown_tenant(struct merge *m)
{
	size_t i, none = 0;

	for (i = 0; i < m->n; i++)
		none += !m->parts[i]->tenant;
	if (!none || !m->meta.tenants_n)
		return;
	m->tenants[m->meta.tenants_n++] = "unknown";
	for (i = 0; i < m->snap.n; i++)
		if (!m->snap.subs[i]->tenant_id)
			m->snap.subs[i]->tenant_id = xstrdup("unknown");
}

/* Who scanned what: each part's line of "merge", and the tenants. */
static void merge_meta(struct merge *m)
{
	size_t i, j;

	m->mparts = xcalloc(m->n, sizeof(*m->mparts));
	m->tenants = xcalloc(m->n + 1, sizeof(*m->tenants));
	for (i = 0; i < m->n; i++) {
		const struct loaded_report *p = m->parts[i];

		m->mparts[i] = (struct report_merge_part){
			.file = p->file, .sha256 = p->sha256, .tenant = p->tenant,
			.framework = p->framework, .shard = p->shard,
			.started = p->started, .finished = p->finished,
			.subscriptions = p->snap.n,
		};
		for (j = 0; p->tenant && j < m->meta.tenants_n &&
		     strcasecmp(m->tenants[j], p->tenant); j++)
			;
		if (p->tenant && j == m->meta.tenants_n)
			m->tenants[m->meta.tenants_n++] = p->tenant;
	}
	unknown_tenant(m);
	m->meta.parts = m->mparts;
	m->meta.parts_n = m->n;
	m->meta.tenants = m->tenants;
	m->meta.missing = m->missing;
	m->meta.missing_n = m->missing_n;
}

static void sum_counts(struct merge *m)
{
	struct report *r = &m->r;
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct loaded_report *p = m->parts[i];

		if (!r->started || (p->started && p->started < r->started))
			r->started = p->started;
		if (p->finished > r->finished)
			r->finished = p->finished;
		if (p->evaluated > r->evaluated)
			r->evaluated = p->evaluated;
		r->requests += p->requests;
		r->retries += p->retries;
		r->http_requests += p->http_requests;
		r->waited_ms += p->retry_wait_ms;
		r->throttled_ms += p->throttle_wait_ms;
		if (p->max_in_flight > r->in_flight_max)
			r->in_flight_max = p->max_in_flight;
		/* 429s add up; each part's bound is its own process's. */
		r->throttled += p->throttled;
		r->throttled_scopes += p->throttled_scopes;
		if (p->concurrency_peak > r->concurrency_peak)
			r->concurrency_peak = p->concurrency_peak;
		if (!i || p->concurrency_limit < r->concurrency_limit)
			r->concurrency_limit = p->concurrency_limit;
		r->offline = r->offline || p->offline;
	}
}

static void fill_report(struct merge *m)
{
	const struct loaded_report *p = m->parts[0];
	struct report *r = &m->r;

	*r = (struct report){
		.tool_version = IRSCAN_VERSION,
		.cloud = p->cloud,
		.tenant = m->meta.tenants_n == 1 ? m->tenants[0] : NULL,
		.client_id = p->client_id,
		.credential = p->credential,
		.arm_endpoint = p->arm_endpoint,
		.authority_host = p->authority_host,
		.framework = p->framework,
		.bundle_tool_version = p->bundle_tool_version,
		.bundle_signature = p->bundle_signature,
		.cfg = m->cfg,
		.snap = &m->snap,
		.findings = &m->store,
		.checks = p->checks,
		.waivers = m->waivers.file ? &m->waivers : NULL,
		.attestations = m->attestations.file ? &m->attestations : NULL,
		.errors = m->errors_n ? m->errors : no_errors,
		.errors_n = m->errors_n,
		.merge = &m->meta,
		.fatal = NULL,
	};
	sum_counts(m);
}

/*
 * --allow-partial: nothing may look compliant that was not scanned.
 * The exit code is 3 at least, and the reason leads with what is missing.
 */
static void partial_exit(struct report *r, size_t missing_n)
{
	struct buf why = BUF_INIT;

	if (!missing_n)
		return;
	buf_addf(&why, "%zu shard%s of the scan %s missing (--allow-partial)", missing_n,
		 missing_n == 1 ? "" : "s", missing_n == 1 ? "is" : "are");
	if (r->exit_code != 3) {
		buf_addf(&why, "; %s", r->exit_reason);
		if (r->exit_code < 3)
			r->exit_code = 3;
	} else {
		buf_addf(&why, "; %s", r->exit_reason);
	}
	free(r->exit_reason);
	r->exit_reason = buf_detach(&why, NULL);
}

/* One -o report of the merge; -1 when its writer fails. */
static int write_report(const void *ctx, const struct output *o)
{
	report_writer w = report_writer_for(o->format);

	return w ? w(ctx, o->fp) : -1;
}

static void release(struct merge *m)
{
	size_t i;

	policy_release(&m->r);
	finding_store_release(&m->store);
	free(m->findings.items);
	snapshot_release(&m->snap);
	for (i = 0; i < m->n; i++) {
		if (m->parts[i])
			report_load_release(m->parts[i]);
		free(m->parts[i]);
		free(m->skip[i]);
	}
	free(m->parts);
	free(m->skip);
	free(m->missing);
	free(m->errors);
	free(m->mparts);
	free(m->tenants);
	free(m->waivers.items);
}

int merge_run(struct config *cfg)
{
	struct merge m;
	int rc = 2;

	memset(&m, 0, sizeof(m));
	m.cfg = cfg;
	snapshot_init(&m.snap);
	interrupt_setup();
	if (outfile_check(cfg) || load_parts(&m) ||
	    merge_check(cfg, m.parts, m.n, m.skip, &m.missing, &m.missing_n))
		goto out;
	merge_subs(&m);
	merge_findings(&m);
	merge_report_evidence(&m.snap, &m.findings);
	merge_errors(m.parts, m.n, m.skip, &m.errors, &m.errors_n);
	fill_config(&m);
	merge_waivers(&m);
	merge_meta(&m);
	finding_store_wrap(&m.store, &m.findings);
	fill_report(&m);
	policy_decide(&m.r, cfg->fail_on);
	partial_exit(&m.r, m.missing_n);
	/* Every report, or none: each written whole, then all renamed into place. */
	rc = outfile_write_all(cfg, write_report, &m.r) ? 3 : m.r.exit_code;
	if (interrupt_signal())
		goto out;
	if (!cfg->quiet)
		report_console(&m.r, stderr, cfg->color);
	else if (m.r.exit_code == 3)
		msg_error("exit 3: %s", m.r.exit_reason);
out:
	/* Stopped by a signal, whatever it stopped: no report put in place. */
	if (interrupt_signal()) {
		interrupt_say_no_report("");
		rc = interrupt_exit_code(interrupt_signal());
	}
	release(&m);
	return rc;
}
