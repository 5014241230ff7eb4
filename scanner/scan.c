/*
 * scan.c - the pipeline of one scan.  Collection is the only step that
 * does network I/O; evaluation calls each check's pure eval() on the
 * snapshot; reporting formats what policy.c decided.  A scan that
 * cannot run (no credentials, authentication refused, subscriptions not
 * listable) still writes its reports, with the reason, and exits 3.
 */
#include "scan.h"
#include "util/interrupt.h"
#include "outfile.h"
#include "arm/arm.h"
#include "auth/chain.h"
#include "evidence/bundle.h"
#include "collect/collect.h"
#include "net/http.h"
#include "util/json.h"
#include "evidence/offline.h"
#include "evidence/replay.h"
#include "util/sign.h"
#include "util/msg.h"
#include "policy/policy.h"
#include "progress.h"
#include "reports/report.h"
#include "util/version.h"
#include "policy/waivers.h"
#include "model/attestations.h"
#include "policy/attest_file.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <signal.h>
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

/* The exit code becomes 3 because an output could not be written. */
static void exit_for_write_error(struct report *r, const char *what)
{
	struct buf why = BUF_INIT;

	buf_addf(&why, "%s; besides, %s", what, r->exit_reason);
	r->exit_code = 3;
	free(r->exit_reason);
	r->exit_reason = buf_detach(&why, NULL);
}

/*
 * Write one report; 0, or -1 after a message with the path and the
 * cause.  A closed standard output (EPIPE) is no error message: the
 * reader went away, and the scan ends as if by SIGPIPE.
 */
static int write_report(const struct report *r, struct output *o, struct buf *err)
{
	report_writer w = report_writer_for(o->format);
	int e = outfile_open(o, err) ? -1 : 0;

	if (!e) {
		errno = 0;
		e = outfile_finish(o, !w || w(r, o->fp) < 0, err);
	}
	if (e == EPIPE && !o->path)
		interrupt_raise(SIGPIPE);
	else if (e && !interrupt_signal())	/* EINTR: the signal says it */
		msg_error("%s", err->buf);
	return e ? -1 : 0;
}

/* Rank of an output in writing order: files, then devices, then stdout. */
static int write_rank(const struct output *o)
{
	return !o->path ? 2 : o->direct ? 1 : 0;
}

/*
 * Write every report to its temporary file (or in place), deciding the
 * exit code first: when one cannot be written the code becomes 3 (and
 * the reason says why), and the files already written are written again
 * so that every report says the same.  Files go first because they can be rewritten; devices and
 * standard output cannot.  Nothing is renamed here.
 */
static void write_reports(struct config *cfg, struct report *r)
{
	struct buf err = BUF_INIT;
	size_t i, j;
	int rank;

	for (rank = 0; rank < 3; rank++)
		for (i = 0; i < cfg->outputs_n && !interrupt_signal(); i++) {
			struct output *o = &cfg->outputs[i];

			buf_reset(&err);
			if (write_rank(o) != rank || !write_report(r, o, &err) ||
			    interrupt_signal())
				continue;
			exit_for_write_error(r, err.buf);
			for (j = 0; j < cfg->outputs_n; j++)
				if (j != i && cfg->outputs[j].tmp) {
					buf_reset(&err);
					write_report(r, &cfg->outputs[j], &err);
				}
		}
	buf_release(&err);
}

/* Put every finished report in place, or (interrupted) none of them. */
static void commit_reports(struct config *cfg, struct report *r)
{
	struct buf err = BUF_INIT;
	size_t i;

	for (i = 0; i < cfg->outputs_n; i++) {
		struct output *o = &cfg->outputs[i];

		if (interrupt_signal() || !o->tmp) {
			outfile_discard(o);
			continue;
		}
		if (outfile_commit(o, &err)) {
			/* Reports renamed before this one keep the code they have. */
			msg_error("%s", err.buf);
			exit_for_write_error(r, err.buf);
			buf_reset(&err);
		}
	}
	buf_release(&err);
}

/* On every early return: no temporary file is left behind. */
static void discard_reports(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->outputs_n; i++)
		outfile_discard(&cfg->outputs[i]);
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
	struct auth_env env = auth_env_read();
	struct credential *cred = NULL;
	struct check_params params;
	struct evaluation ev;
	struct arm arm;
	unsigned needs = 0;
	size_t i;

	/* Offline, the bundle answers: no credential, no token. */
	if (!r->offline && !(cred = auth_sign_in(cfg, &env, h, &err))) {
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

/*
 * Write manifest.json (and its signature), marked incomplete when the
 * scan was interrupted; 0, or -1 after an error message.
 */
static int close_bundle(struct bundle *b, const struct config *cfg, const struct report *r,
			int complete)
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
	bs.complete = complete;
	rc = bundle_finish(b, &bs, cfg->sign_key, &err);
	if (rc)
		msg_error("--evidence-dir: %s", err.buf);
	buf_release(&err);
	return rc;
}

/*
 * The scan was stopped by a signal: no report is written (previous ones
 * stay as they were), the evidence bundle says it is incomplete, and one
 * line says why (none for SIGPIPE: the reader of stdout went away).
 */
static void stopped(struct config *cfg, struct report *r, struct bundle *bundle_out)
{
	int sig = interrupt_signal();

	discard_reports(cfg);
	r->finished = time(NULL);
	if (bundle_out)
		close_bundle(bundle_out, cfg, r, 0);
	if (sig != SIGPIPE)
		msg_error("interrupted (%s): no report written, previous reports "
			  "unchanged%s", sig == SIGINT ? "SIGINT" : sig == SIGTERM ?
			  "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "signal",
			  bundle_out ? "; the evidence bundle is marked incomplete" : "");
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
	interrupt_setup();
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
	/* Every path is checked before the first request; none is touched. */
	if (outfile_check(cfg) ||
	    (cfg->evidence_dir && !(bundle_out = open_bundle(cfg))))
		goto early;
	memset(&findings, 0, sizeof(findings));
	snapshot_init(&snap);

	memset(&hopt, 0, sizeof(hopt));
	hopt.concurrency = cfg->concurrency;
	hopt.timeout_ms = cfg->timeout_ms;
	hopt.deadline_ms = r.offline ? 0 : cfg->deadline_ms;
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
	if (stats.deadline_hit && !interrupt_signal())
		msg_error("the scan reached its deadline (--deadline %ld s): what it "
			  "could not read by then is reported as errors",
			  cfg->deadline_ms / 1000);

	r.tool_version = IRSCAN_VERSION;
	r.evaluated = time(NULL);
	r.finished = r.offline ? bundle_in.finished : r.evaluated;
	r.cloud = cfg->cloud->name;
	if (r.offline) {
		r.bundle_tool_version = bundle_in.tool_version;
		r.bundle_signature = bundle_in.signature;
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
	r.deadline_hit = stats.deadline_hit;
	r.fatal = fatal;
	if (interrupt_signal()) {
		stopped(cfg, &r, bundle_out);
		goto done;
	}
	policy_decide(&r, cfg->fail_on);

	if (fatal)
		error_lines(fatal);
	else if (!any_scanned(&snap))
		/* Said even with -q: exit 3 never goes without a reason. */
		msg_error("no subscription could be scanned: the scope holds no Enabled "
			  "subscription with a valid id");
	/* The exit code is settled before any output carries it: evidence
	 * that cannot be complete fails the run, whatever it found. */
	if (bundle_out && close_bundle(bundle_out, cfg, &r, 1))
		exit_for_write_error(&r, "the evidence bundle could not be written (--evidence-dir)");
	write_reports(cfg, &r);
	commit_reports(cfg, &r);
	if (interrupt_signal())
		stopped(cfg, &r, NULL);
	else if (!cfg->quiet)
		report_console(&r, stderr, cfg->color);
	else if (r.exit_code == 3 && !fatal && any_scanned(&snap))
		/* -q: exit 3 never goes without its reason (the others said theirs). */
		msg_error("exit 3: %s", r.exit_reason);
done:
	rc = interrupt_signal() ? interrupt_exit_code(interrupt_signal()) : r.exit_code;
	policy_release(&r);
	findings_release(&findings);
	snapshot_release(&snap);
	free(fatal);
early:
	discard_reports(cfg);
	bundle_free(bundle_out);
	replay_free(replay);
	manifest_release(&bundle_in);
	waivers_release(&in.waivers);
	attestations_release(&in.attestations);
	free(checks);
	return rc;
}
