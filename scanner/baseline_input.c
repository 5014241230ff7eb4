/*
 * baseline_input.c - a baseline from a JSON report or an evidence
 * bundle (baseline_input.h).
 *
 * A bundle is re-evaluated exactly as `--offline DIR` would: offline_open()
 * checks and reads its manifest, the replay answers the collection's
 * requests, and the selected checks evaluate the rebuilt snapshot.
 * offline_open() sets up a struct config; it is given a copy of the
 * caller's whose fields it may replace (free and set) are this file's
 * own copies, so the caller's configuration is neither changed nor freed.
 */
#include "baseline_input.h"
#include "evaluate.h"
#include "arm/arm.h"
#include "collect/collect.h"
#include "evidence/merged.h"
#include "evidence/offline.h"
#include "evidence/replay.h"
#include "model/attestations.h"
#include "net/http.h"
#include "policy/attest_file.h"
#include "policy/finding_store.h"
#include "policy/outcome.h"
#include "policy/waivers.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A copy of the configuration that offline_open() may change, for dir. */
static void config_for_bundle(struct config *c, const struct config *cfg, const char *dir,
			      unsigned given)
{
	config_copy(c, cfg);
	free(c->offline_dir);
	c->offline_dir = xstrdup(dir);
	/* The bundle is read, never written to, and is no one's baseline. */
	free(c->evidence_dir);
	c->evidence_dir = NULL;
	free(c->baseline);
	c->baseline = NULL;
	c->given = given;
}

/* One bundle's evaluation: what the steps hand each other. */
struct rerun {
	struct config c;
	struct manifest m;
	const struct check **checks;
	struct waiver_list waivers;
	struct attestation_list attestations;
	struct snapshot snap;
	struct finding_store findings;
};

static void evaluate_ready(void *ctx, struct sub_snapshot *sub)
{
	scan_evaluate_sub(ctx, sub);
}

/* Replay the bundle's answers to the collection and evaluate them. */
static int replay_and_evaluate(struct rerun *x)
{
	const struct config *c = &x->c;
	const struct check_params params = scan_check_params(c, x->m.started,
		x->attestations.file ? &x->attestations : NULL);
	struct evaluation ev = {
		.checks = x->checks, .params = &params, .fw = c->framework,
		.controls = &c->controls, .store = &x->findings,
		.waivers = x->waivers.file ? &x->waivers : NULL, .now = x->m.started,
	};
	struct replay *rp = replay_new(&x->m);
	const struct http_options ho = {
		.concurrency = c->concurrency, .timeout_ms = c->timeout_ms,
		.max_retries = c->max_retries, .max_body_bytes = c->max_body_bytes,
		.user_agent = "irscan/" IRSCAN_VERSION,
		.replay = replay_answer, .replay_ctx = rp,
	};
	struct http *h = http_new(&ho);
	struct arm arm;
	int rc;

	arm_init(&arm, h, NULL, c->arm_endpoint);
	arm.max_pages = c->max_pages;
	rc = collect_run(c, &arm, scan_needs(x->checks), x->m.started, &x->snap,
			 evaluate_ready, &ev);
	arm_release(&arm);
	http_free(h);
	replay_free(rp);
	if (rc || x->snap.scope_failed)
		return -1;
	finding_store_seal(&x->findings);
	return 0;
}

static const char *copy(struct baseline *b, const char *s)
{
	return pool_strdup_or_null(&b->pool, s);
}

/* The run's baseline (strings borrowed from x) copied into b's pool. */
static void keep(struct baseline *b, const struct baseline *run)
{
	size_t i, k;

	b->scanned = run->scanned;
	b->framework = run->framework;
	b->tenant = copy(b, run->tenant);
	b->subscriptions = pool_alloc(&b->pool, (run->subscriptions_n + 1) * sizeof(char *));
	for (b->subscriptions_n = 0; b->subscriptions_n < run->subscriptions_n; b->subscriptions_n++)
		b->subscriptions[b->subscriptions_n] = copy(b, run->subscriptions[b->subscriptions_n]);
	b->checks = pool_alloc(&b->pool, (run->checks_n + 1) * sizeof(char *));
	for (b->checks_n = 0; b->checks_n < run->checks_n; b->checks_n++)
		b->checks[b->checks_n] = copy(b, run->checks[b->checks_n]);
	for (i = 0; i < run->n; i++) {
		const struct baseline_finding *s = &run->items[i];
		struct baseline_finding *f = baseline_add(b);

		*f = *s;
		f->check = copy(b, s->check);
		f->subscription = copy(b, s->subscription);
		f->subscription_name = copy(b, s->subscription_name);
		f->resource = copy(b, s->resource);
		f->control = copy(b, s->control);
		f->title = copy(b, s->title);
		f->message = copy(b, s->message);
		f->observed = pool_alloc(&b->pool, (s->observed_n + 1) * sizeof(*f->observed));
		for (k = 0; k < s->observed_n; k++) {
			f->observed[k].key = copy(b, s->observed[k].key);
			f->observed[k].value = copy(b, s->observed[k].value);
		}
		f->request_ids = pool_alloc(&b->pool, (s->request_ids_n + 1) * sizeof(char *));
		for (k = 0; k < s->request_ids_n; k++)
			f->request_ids[k] = copy(b, s->request_ids[k]);
	}
}

/* The tenant as the report would give it: its subscriptions', else the manifest's. */
static const char *bundle_tenant(const struct rerun *x)
{
	size_t i;

	for (i = 0; i < x->snap.n; i++)
		if (x->snap.subs[i]->tenant_id)
			return x->snap.subs[i]->tenant_id;
	return json_str(x->m.scan, "tenant");
}

static void take_findings(struct rerun *x, struct baseline *b)
{
	struct baseline run;
	const struct report r = {
		.tool_version = x->m.tool_version, .started = x->m.started,
		.framework = x->c.framework, .tenant = bundle_tenant(x),
		.snap = &x->snap, .findings = &x->findings, .checks = x->checks,
	};

	baseline_from_report(&r, &run);
	keep(b, &run);
	baseline_release(&run);
}

static int load_bundle(const char *what, const char *dir, const struct config *cfg,
		       unsigned given, struct baseline *b)
{
	struct rerun x;
	struct buf err = BUF_INIT;
	int rc = -1;

	/* Its parts are replayed by --offline only (offline_parts.c). */
	if (merged_is(dir)) {
		msg_error("%s: '%s' is a merged evidence bundle, which is not compared "
			  "as it is: compare a JSON report of it (irscan --offline DIR -o "
			  "json:FILE)", what, dir);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	config_for_bundle(&x.c, cfg, dir, given);
	snapshot_init(&x.snap);
	finding_store_init(&x.findings);
	/* Each step that fails has said why. */
	if (offline_open_for(what, &x.c, &x.m))
		goto out;
	b->tool_version = pool_strdup(&b->pool, x.m.tool_version);
	if (!(x.checks = scan_select_checks(&x.c)))
		goto out;
	if ((x.c.waivers_file && waivers_load(x.c.waivers_file, &x.waivers, &err)) ||
	    (x.c.attestations_file &&
	     attestations_load(x.c.attestations_file, x.m.started, &x.attestations, &err))) {
		msg_error("%s: %s", what, err.buf);
		goto out;
	}
	if (replay_and_evaluate(&x)) {
		buf_addf(&err, "'%s': the evidence bundle could not be evaluated "
			 "(its subscriptions cannot be listed from it)", dir);
		msg_error("%s: %s", what, err.buf);
		goto out;
	}
	take_findings(&x, b);
	rc = 0;
out:
	buf_release(&err);
	finding_store_release(&x.findings);
	snapshot_release(&x.snap);
	waivers_release(&x.waivers);
	attestations_release(&x.attestations);
	free(x.checks);
	manifest_release(&x.m);
	config_release(&x.c);
	return rc;
}

int baseline_input_load(const char *what, const char *path, const struct config *cfg,
			unsigned given, struct baseline *b)
{
	struct buf err = BUF_INIT;
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		memset(b, 0, sizeof(*b));
		b->file = pool_strdup(&b->pool, path);
		b->kind = "bundle";
		return load_bundle(what, path, cfg, given, b);
	}
	if (!baseline_load_report(path, b, &err))
		return 0;
	msg_error("%s: %s", what, err.buf);
	buf_release(&err);
	return -1;
}
