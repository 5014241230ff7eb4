/*
 * scan.c - the pipeline of one scan.  Collection is the only step that
 * does network I/O; evaluation calls each check's pure eval() on the
 * snapshot; reporting formats what policy.c decided.  A scan that
 * cannot run (no credentials, authentication refused, subscriptions not
 * listable) still writes its reports, with the reason, and exits 3.
 */
#include "scan.h"
#include "arm.h"
#include "auth.h"
#include "bundle.h"
#include "collect.h"
#include "http.h"
#include "json.h"
#include "offline.h"
#include "replay.h"
#include "sign.h"
#include "msg.h"
#include "policy.h"
#include "progress.h"
#include "report.h"
#include "version.h"
#include "waivers.h"
#include "attestations.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

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
	struct findings *out = ev->out;
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

static char *fatal_from_scope(const struct snapshot *snap)
{
	const struct fetch_error *e = &snap->scope_error;
	struct buf b = BUF_INIT;

	buf_add(&b, "cannot list subscriptions: ");
	if (e->status)
		buf_addf(&b, "HTTP %ld ", e->status);
	if (e->code)
		buf_addf(&b, "%s: ", e->code);
	buf_add(&b, e->message ? e->message : "no answer");
	return buf_detach(&b, NULL);
}

static int any_scanned(const struct snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->scanned)
			return 1;
	return 0;
}

static const char *tenant_of(const struct snapshot *snap)
{
	const char *env = getenv("AZURE_TENANT_ID");
	size_t i;

	for (i = 0; i < snap->n; i++)
		if (snap->subs[i]->tenant_id)
			return snap->subs[i]->tenant_id;
	return env && *env ? env : NULL;
}

static int write_reports(const struct config *cfg, const struct report *r)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < cfg->outputs_n; i++) {
		const struct output *o = &cfg->outputs[i];
		report_writer w = report_writer_for(o->format);

		if (!w || w(r, o->fp) < 0)
			rc = msg_error("cannot write the %s report to '%s'",
				       output_format_name(o->format),
				       o->path ? o->path : "standard output");
	}
	return rc;
}

/* The input files of a scan, loaded (and checked) before it starts. */
struct inputs {
	struct waiver_list waivers;	/* .file NULL: none given */
	struct attestation_list attestations;
};

static int load_inputs(const struct config *cfg, time_t now, struct inputs *in)
{
	struct buf err = BUF_INIT;

	memset(in, 0, sizeof(*in));
	if (cfg->waivers_file && waivers_load(cfg->waivers_file, &in->waivers, &err))
		goto bad;
	if (cfg->attestations_file &&
	    attestations_load(cfg->attestations_file, now, &in->attestations, &err))
		goto bad;
	return 0;
bad:
	msg_error("%s", err.buf);
	buf_release(&err);
	waivers_release(&in->waivers);
	return -1;
}

/* What the progress line reads on each tick of the http loop. */
struct tick_ctx {
	struct progress progress;
	const struct snapshot *snap;
	struct http *http;
	const struct config *cfg;
};

static void tick_cb(void *ctx)
{
	struct tick_ctx *t = ctx;
	struct http_stats stats;
	size_t i, done = 0, total = 0;
	int listing;

	for (i = 0; t->snap && i < t->snap->n; i++)
		if (t->snap->subs[i]->scanned) {
			total++;
			done += t->snap->subs[i]->handed_over;	/* evaluated */
		}
	http_get_stats(t->http, &stats);
	/* -s: known from the start; -A, -m: more may come until the last page. */
	listing = t->cfg->all_subscriptions || t->cfg->management_group;
	if (!listing)
		total = t->cfg->subscriptions.n;
	progress_show(&t->progress, done, total,
		      !listing || (t->snap && t->snap->scope_complete), &stats);
}

static void evaluate_ready(void *ctx, struct sub_snapshot *sub)
{
	scan_evaluate_sub(ctx, sub);
}

/*
 * The request counts of every output (report.h): Resource Manager
 * requests are the evidence records, and offline the bundle's entries;
 * retries are every retry this run made (a token request's too), and
 * offline the bundle's; HTTP requests are what this run sent.
 */
static void count_requests(struct report *r, const struct snapshot *snap,
			   const struct manifest *bundle, const struct http_stats *stats)
{
	size_t i;

	if (r->offline) {
		r->requests = bundle->n;
		r->retries = 0;
		for (i = 0; i < bundle->n; i++)
			r->retries += bundle->entries[i].retries;
	} else {
		r->requests = snap->ev_n;
		r->retries = stats->retries;
	}
	r->http_requests = r->offline ? 0 : stats->requests;
}

/* Collect and evaluate; on a fatal problem set *fatal and return. */
static void collect_and_evaluate(struct config *cfg, const struct inputs *in,
				 struct http *h, const struct check **checks,
				 struct snapshot *snap, struct findings *findings,
				 struct report *r, char **fatal)
{
	struct buf err = BUF_INIT;
	struct credential *cred = NULL;
	struct check_params params;
	struct evaluation ev;
	struct arm arm;
	unsigned needs = 0;
	size_t i;

	/* Offline, the bundle answers: no credential, no token. */
	if (!r->offline && !(cred = cred_sign_in(cfg, h, &err))) {
		*fatal = buf_detach(&err, NULL);
		return;
	}
	if (cred)
		r->credential = cred->ops->name;
	for (i = 0; checks[i]; i++)
		needs |= checks[i]->needs;
	memset(&params, 0, sizeof(params));
	params.attack_path_risk = cfg->attack_path_risk;
	params.now = r->started;
	params.alert_max_age_days = cfg->alert_max_age_days;
	params.min_retention_days = cfg->min_retention_days;
	params.attestation_max_age_days = cfg->attestation_max_age_days;
	params.criticality_tags = &cfg->criticality_tags;
	params.required_plans = &cfg->required_plans;
	params.attestations = in->attestations.file ? &in->attestations : NULL;
	memset(&ev, 0, sizeof(ev));
	ev.checks = checks;
	ev.params = &params;
	ev.fw = cfg->framework;
	ev.controls = &cfg->controls;
	ev.out = findings;
	/* Each subscription is evaluated as soon as its data is complete. */
	arm_init(&arm, h, cred, cfg->arm_endpoint);
	arm.max_pages = cfg->max_pages;
	if (collect_run(cfg, &arm, needs, r->started, snap, evaluate_ready, &ev))
		*fatal = xstrdup("the HTTP loop failed");
	else if (snap->scope_failed)
		*fatal = fatal_from_scope(snap);
	arm_release(&arm);
	cred_free(cred);
	if (*fatal) {
		findings_release(findings);
		return;
	}
	scan_order_findings(findings);
	findings_fit(findings);
	if (in->waivers.file)
		waivers_apply(&in->waivers, findings, r->started);
}

/* A fatal reason may have one line per credential tried: one message each. */
static void error_lines(const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		msg_error("%.*s", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* Start the evidence bundle, with copies of the input files; NULL: exit 2. */
static struct bundle *open_bundle(const struct config *cfg)
{
	struct buf err = BUF_INIT, sig = BUF_INIT;
	struct bundle *b;

	/* A key that cannot sign is found now, not after the whole scan. */
	if (cfg->sign_key && sign_data(cfg->sign_key, "", 0, &sig, &err)) {
		msg_usage("--sign-key: %s", err.buf);
		buf_release(&err);
		return NULL;
	}
	buf_release(&sig);
	b = bundle_create(cfg->evidence_dir, &err);

	if (b && ((cfg->waivers_file && bundle_add_input(b, "waivers", cfg->waivers_file, &err)) ||
		  (cfg->attestations_file &&
		   bundle_add_input(b, "attestations", cfg->attestations_file, &err)))) {
		bundle_free(b);
		b = NULL;
	}
	if (!b)
		msg_error("%s", err.buf);
	buf_release(&err);
	return b;
}

/* Write manifest.json (and its signature); 0, or -1 after an error message. */
static int close_bundle(struct bundle *b, const struct config *cfg, const struct report *r)
{
	struct bundle_scan bs;
	struct buf err = BUF_INIT;
	int rc;

	memset(&bs, 0, sizeof(bs));
	bs.started = r->started;
	bs.finished = r->finished;
	bs.tenant = r->tenant;
	bs.client_id = r->client_id;
	bs.credential = r->credential;
	bs.cfg = cfg;
	bs.snap = r->snap;
	rc = bundle_finish(b, &bs, cfg->sign_key, &err);
	if (rc)
		msg_error("--evidence-dir: %s", err.buf);
	buf_release(&err);
	return rc;
}

int scan_run(struct config *cfg)
{
	struct http_options hopt;
	struct http_stats stats;
	struct snapshot snap;
	struct findings findings;
	struct report r;
	const struct check **checks = NULL;
	struct inputs in;
	struct tick_ctx tick;
	struct http *h;
	struct manifest bundle_in;	/* --offline */
	struct replay *replay = NULL;
	struct bundle *bundle_out = NULL;	/* --evidence-dir */
	char *fatal = NULL;
	int rc = 2;

	memset(&r, 0, sizeof(r));
	memset(&in, 0, sizeof(in));
	memset(&bundle_in, 0, sizeof(bundle_in));
	r.started = time(NULL);
	if (cfg->offline_dir) {
		if (offline_open(cfg, &bundle_in))
			return 2;
		/* Evaluated as of the scan that read the data. */
		r.started = bundle_in.started;
		r.offline = 1;
	}
	checks = scan_select_checks(cfg);
	if (!checks || load_inputs(cfg, r.started, &in))
		goto early;
	if (config_open_outputs(cfg) ||
	    (cfg->evidence_dir && !(bundle_out = open_bundle(cfg))))
		goto early;
	memset(&findings, 0, sizeof(findings));
	snapshot_init(&snap);

	memset(&hopt, 0, sizeof(hopt));
	hopt.concurrency = cfg->concurrency;
	hopt.timeout_ms = cfg->timeout_ms;
	hopt.max_retries = cfg->max_retries;
	hopt.ca_bundle = cfg->ca_bundle;
	hopt.max_body_bytes = cfg->max_body_bytes;
	hopt.user_agent = "irscan/" IRSCAN_VERSION;
	hopt.max_rate = cfg->max_rate;
	hopt.max_requests = cfg->max_requests;
	if (bundle_out) {
		hopt.record = bundle_record;
		hopt.record_ctx = bundle_out;
	}
	if (r.offline) {
		replay = replay_new(&bundle_in);
		hopt.replay = replay_answer;
		hopt.replay_ctx = replay;
	}
	progress_init(&tick.progress, !cfg->quiet && !cfg->verbose && !r.offline &&
		      isatty(STDERR_FILENO));
	if (tick.progress.enabled) {
		hopt.tick = tick_cb;
		hopt.tick_ctx = &tick;
	}
	h = http_new(&hopt);
	tick.snap = &snap;
	tick.http = h;
	tick.cfg = cfg;
	collect_and_evaluate(cfg, &in, h, checks, &snap, &findings, &r, &fatal);
	progress_end(&tick.progress);
	http_get_stats(h, &stats);
	http_free(h);
	if (stats.request_limit_hit)
		msg_error("the scan stopped at %lu requests (--max-requests): what it "
			  "could not read is reported as errors", cfg->max_requests);

	r.tool_version = IRSCAN_VERSION;
	r.evaluated = time(NULL);
	r.finished = r.offline ? bundle_in.finished : r.evaluated;
	r.cloud = cfg->cloud->name;
	if (r.offline) {
		r.tenant = json_str(bundle_in.scan, "tenant");
		r.client_id = json_str(bundle_in.scan, "client_id");
		r.credential = json_str(bundle_in.scan, "credential");
	} else {
		r.tenant = tenant_of(&snap);
		r.client_id = getenv("AZURE_CLIENT_ID");
	}
	r.arm_endpoint = cfg->arm_endpoint;
	r.authority_host = cfg->authority_host;
	r.framework = cfg->framework;
	r.cfg = cfg;
	r.snap = &snap;
	r.findings = &findings;
	r.checks = checks;
	r.waivers = in.waivers.file ? &in.waivers : NULL;
	r.attestations = in.attestations.file ? &in.attestations : NULL;
	count_requests(&r, &snap, &bundle_in, &stats);
	r.waited_ms = stats.waited_ms;
	r.throttled_ms = stats.throttled_ms;
	r.in_flight_max = stats.in_flight_max;
	r.fatal = fatal;
	policy_decide(&r, cfg->fail_on);

	if (fatal)
		error_lines(fatal);
	else if (!any_scanned(&snap))
		/* Said even with -q: exit 3 never goes without a reason. */
		msg_error("no subscription could be scanned: the scope holds no Enabled "
			  "subscription with a valid id");
	rc = write_reports(cfg, &r) ? 3 : r.exit_code;
	/* Evidence that cannot be complete fails the run, whatever it found. */
	if (bundle_out && close_bundle(bundle_out, cfg, &r))
		rc = 3;
	if (!cfg->quiet)
		report_console(&r, stderr, cfg->color);
	else if (rc == 3 && r.exit_code == 3 && !fatal && any_scanned(&snap))
		/* -q: exit 3 never goes without its reason (the others said theirs). */
		msg_error("exit 3: %s", r.exit_reason);

	policy_release(&r);
	findings_release(&findings);
	snapshot_release(&snap);
	free(fatal);
early:
	bundle_free(bundle_out);
	replay_free(replay);
	manifest_release(&bundle_in);
	waivers_release(&in.waivers);
	attestations_release(&in.attestations);
	free(checks);
	return rc;
}
