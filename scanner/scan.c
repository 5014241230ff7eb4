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
#include "baseline_input.h"
#include "auth/chain.h"
#include "evidence/bundle.h"
#include "collect/collect.h"
#include "net/http.h"
#include "util/json.h"
#include "evidence/offline.h"
#include "evidence/replay.h"
#include "model/shard.h"
#include "offline_parts.h"
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

/* The tenant of the first subscription that names one, else the
 * credentials' (env: set or empty, as the environment has it). */
static const char *tenant_of(const struct snapshot *snap, const char *env)
{
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

/*
 * One scan, from the configuration to the reports: what the steps of
 * scan_run() hand each other.  Zero is the state before the first step.
 */
struct scan_state {
	struct config *cfg;
	struct auth_env env;		/* the credentials' variables, read once */
	time_t started;			/* offline: when the bundle's scan ran */
	int offline;			/* --offline: the bundle answers */
	const struct check **checks;	/* selected, NULL-terminated */
	struct inputs in;
	struct manifest bundle_in;	/* --offline */
	struct merged merged_in;	/* --offline of a merged bundle (merged set) */
	int merged;
	struct replay *replay;		/* --offline */
	struct bundle *bundle_out;	/* --evidence-dir */
	struct progress progress;
	struct http *http;		/* while collecting */
	struct http_stats stats;	/* the http loop's, once it is done */
	const char *credential;		/* the kind that signed in, or NULL */
	struct snapshot snap;
	struct finding_store findings;
	char *fatal;			/* the scan could not run: why */
	struct report r;
	/* --baseline: the earlier scan, this one in its shape, and the two compared */
	struct baseline base, cur;
	struct baseline_cmp cmp;
};

/* What the progress line reads on each tick of the http loop. */
static void tick_cb(void *ctx)
{
	struct scan_state *s = ctx;
	struct http_stats stats;
	size_t i, done = 0, total = 0;
	int listing;

	for (i = 0; i < s->snap.n; i++)
		if (s->snap.subs[i]->scanned) {
			total++;
			done += s->snap.subs[i]->handed_over;	/* evaluated */
		}
	http_get_stats(s->http, &stats);
	/* -s: known from the start; -A, -m: more may come until the last page. */
	listing = s->cfg->all_subscriptions || s->cfg->management_group;
	if (!listing)
		total = s->cfg->subscriptions.n;
	progress_show(&s->progress, done, total, !listing || s->snap.scope_complete, &stats);
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
static void count_bundle(struct report *r, const struct manifest *bundle)
{
	size_t i;

	r->requests += bundle->n;
	for (i = 0; i < bundle->n; i++)
		r->retries += bundle->entries[i].retries;
}

static void count_requests(struct report *r, const struct scan_state *s,
			   const struct http_stats *stats)
{
	const struct snapshot *snap = &s->snap;
	size_t i;

	if (r->offline) {
		r->requests = r->retries = 0;
		if (!s->merged)
			count_bundle(r, &s->bundle_in);
		for (i = 0; s->merged && i < s->merged_in.n; i++)
			count_bundle(r, &s->merged_in.parts[i].m);
	} else {
		r->requests = snap->ev_n;
		r->retries = stats->retries;
	}
	r->http_requests = r->offline ? 0 : stats->requests;
}

/* The findings in report order; none when the scan could not run. */
static void settle_findings(struct scan_state *s)
{
	if (s->fatal) {
		finding_store_release(&s->findings);
		return;
	}
	finding_store_seal(&s->findings);
}

static struct http_options http_options_for(struct scan_state *s);

/* Sign in, collect and evaluate; on a fatal problem set s->fatal and return. */
static void collect_and_evaluate(struct scan_state *s)
{
	const struct config *cfg = s->cfg;
	const struct check_params params = scan_check_params(cfg, s->started,
		s->in.attestations.file ? &s->in.attestations : NULL);
	struct evaluation ev = {
		.checks = s->checks,
		.params = &params,
		.fw = cfg->framework,
		.controls = &cfg->controls,
		.waivers = s->in.waivers.file ? &s->in.waivers : NULL,
		.now = s->started,
		.store = &s->findings,
	};
	struct buf err = BUF_INIT;
	struct credential *cred = NULL;
	struct arm arm;

	/* Offline, the bundle answers: no credential, no token. */
	if (!s->offline && !(cred = auth_sign_in(cfg, &s->env, s->http, &err))) {
		s->fatal = buf_detach(&err, NULL);
		return;
	}
	if (cred)
		s->credential = cred->ops->name;
	/*
	 * A subscription's exchanges leave memory with its findings, but not
	 * a bundle's: it renumbers its evidence by entry (snapshot_sort).
	 */
	if (!s->offline && !s->bundle_out)
		finding_store_retire_from(&s->findings, &s->snap);
	/* Each subscription is evaluated as soon as its data is complete. */
	arm_init(&arm, s->http, cred, cfg->arm_endpoint);
	arm.max_pages = cfg->max_pages;
	if (collect_run(cfg, &arm, scan_needs(s->checks), s->started, &s->snap, evaluate_ready, &ev))
		s->fatal = xstrdup("the HTTP loop failed");
	else if (s->snap.scope_failed)
		s->fatal = fatal_from_scope(&s->snap);
	arm_release(&arm);
	cred_free(cred);
	settle_findings(s);
}

/* --offline of a merged bundle: each part replayed as its own scan. */
static void collect_merged(struct scan_state *s)
{
	const struct offline_parts op = {
		.cfg = s->cfg,
		.mb = &s->merged_in,
		.checks = s->checks,
		.attestations = s->in.attestations.file ? &s->in.attestations : NULL,
		.http = http_options_for(s),
		.snap = &s->snap,
		.waivers = s->in.waivers.file ? &s->in.waivers : NULL,
		.now = s->started,
		.store = &s->findings,
	};

	if (!offline_parts_run(&op, &s->fatal) && s->snap.scope_failed)
		s->fatal = fatal_from_scope(&s->snap);
	settle_findings(s);
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
	const struct bundle_scan bs = {
		.started = r->started,
		.finished = r->finished,
		.tenant = r->tenant,
		.client_id = r->client_id,
		.credential = r->credential,
		.cfg = cfg,
		.snap = r->snap,
		.complete = complete,
	};
	struct buf err = BUF_INIT;
	int rc = bundle_finish(b, &bs, cfg->sign_key, &err);

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
	discard_reports(cfg);
	r->finished = time(NULL);
	if (bundle_out)
		close_bundle(bundle_out, cfg, r, 0);
	interrupt_say_no_report(bundle_out ? "; the evidence bundle is marked incomplete" : "");
}

/*
 * --baseline: loaded (a bundle re-evaluated as this scan evaluates) and
 * held to be the same kind of scan: a baseline of another framework or
 * tenant would mark every finding new.  0, or -1 after a message (exit 2).
 */
static int load_baseline(struct scan_state *s)
{
	const struct config *cfg = s->cfg;
	const struct baseline *b = &s->base;
	/*
	 * Live, the credential's tenant is not the report's: a report names
	 * its subscriptions' tenant, and with Azure Lighthouse an MSSP's
	 * credential (AZURE_TENANT_ID) reads delegated subscriptions of its
	 * customers' tenants.  So only a bundle's recorded tenant is held
	 * against the baseline now; a live scan's, once its subscriptions
	 * are read (baseline_other_tenant).
	 */
	const char *tenant = s->offline ? json_str(s->bundle_in.scan, "tenant") : NULL;

	if (baseline_input_load("--baseline", cfg->baseline, cfg, ~0u, &s->base))
		return -1;
	if (b->framework != cfg->framework)
		return msg_usage("--baseline: '%s' is a scan of framework %s, this one of %s: "
				 "its control verdicts cannot be compared", cfg->baseline,
				 framework_name(b->framework), framework_name(cfg->framework));
	if (tenant && *tenant && b->tenant && strcasecmp(tenant, b->tenant))
		return msg_usage("--baseline: '%s' is a scan of tenant %s, this one of %s",
				 cfg->baseline, b->tenant, tenant);
	return 0;
}

/*
 * Everything a scan needs before its first request: the bundle it reads
 * (--offline), the checks, the input files, and every output path
 * checked (none is touched yet); 0, or -1 after a message (exit 2).
 */
static int prepare(struct scan_state *s)
{
	struct config *cfg = s->cfg;

	s->started = time(NULL);
	if (cfg->offline_dir && merged_is(cfg->offline_dir)) {
		if (offline_open_merged(cfg, &s->merged_in))
			return -1;
		/* Each part as of its scan; the whole as of the first. */
		s->started = s->merged_in.started;
		s->offline = s->merged = 1;
	} else if (cfg->offline_dir) {
		if (offline_open(cfg, &s->bundle_in))
			return -1;
		/* Evaluated as of the scan that read the data. */
		s->started = s->bundle_in.started;
		s->offline = 1;
	}
	s->checks = scan_select_checks(cfg);
	if (!s->checks || load_inputs(cfg, s->started, &s->in))
		return -1;
	if (cfg->baseline && load_baseline(s))
		return -1;
	if (outfile_check(cfg) || (cfg->evidence_dir && !(s->bundle_out = open_bundle(cfg))))
		return -1;
	return 0;
}

/* The http loop the configuration describes, its answers recorded
 * (--evidence-dir) or replayed (--offline), and the progress line. */
static struct http_options http_options_for(struct scan_state *s)
{
	const struct config *cfg = s->cfg;

	return (struct http_options){
		.concurrency = cfg->concurrency,
		.timeout_ms = cfg->timeout_ms,
		.deadline_ms = s->offline ? 0 : cfg->deadline_ms,
		.max_retries = cfg->max_retries,
		.ca_bundle = cfg->ca_bundle,
		.max_body_bytes = cfg->max_body_bytes,
		.user_agent = "irscan/" IRSCAN_VERSION,
		.max_rate = cfg->max_rate,
		.max_requests = cfg->max_requests,
		.tick = s->progress.enabled ? tick_cb : NULL,
		.tick_ctx = s->progress.enabled ? s : NULL,
		.record = s->bundle_out ? bundle_record : NULL,
		.record_ctx = s->bundle_out,
		.replay = s->replay ? replay_answer : NULL,
		.replay_ctx = s->replay,
	};
}

/* Run the http loop for collection and evaluation; say when a limit cut it short. */
static void run_collection(struct scan_state *s)
{
	const struct config *cfg = s->cfg;
	struct http_options hopt;

	snapshot_init(&s->snap);
	if (s->merged) {
		collect_merged(s);
		return;
	}
	if (s->offline)
		s->replay = replay_new(&s->bundle_in);
	progress_init(&s->progress, !cfg->quiet && !cfg->verbose && !s->offline &&
		      isatty(STDERR_FILENO));
	hopt = http_options_for(s);
	s->http = http_new(&hopt);
	collect_and_evaluate(s);
	progress_end(&s->progress);
	http_get_stats(s->http, &s->stats);
	http_free(s->http);
	s->http = NULL;
	if (s->stats.request_limit_hit)
		msg_error("the scan stopped at %lu requests (--max-requests): what it "
			  "could not read is reported as errors", cfg->max_requests);
	if (s->stats.deadline_hit && !interrupt_signal())
		msg_error("the scan reached its deadline (--deadline %ld s): what it "
			  "could not read by then is reported as errors",
			  cfg->deadline_ms / 1000);
}

/* A value every part of a merged bundle records alike (scan.KEY), else NULL. */
static const char *parts_agree(const struct merged *mb, const char *key)
{
	const char *v = json_str(mb->parts[0].m.scan, key), *w;
	size_t i;

	for (i = 1; v && i < mb->n; i++)
		if (!(w = json_str(mb->parts[i].m.scan, key)) || strcasecmp(v, w))
			return NULL;
	return v;
}

/* Who scanned a merged bundle's parts: what they agree on (tenants of an
 * MSSP's scans do not), its signatures, and whether shards are missing. */
static void merged_provenance(const struct merged *mb, struct report *r)
{
	size_t i;

	r->finished = mb->finished;
	r->bundle_tool_version = mb->parts[0].m.tool_version;
	for (i = 1; i < mb->n; i++)
		if (strcmp(mb->parts[i].m.tool_version, r->bundle_tool_version))
			r->bundle_tool_version = "several";
	r->bundle_signature = mb->signature;
	r->tenant = parts_agree(mb, "tenant");
	r->client_id = parts_agree(mb, "client_id");
	r->credential = parts_agree(mb, "credential");
	r->partial = mb->partial;
}

/* What every output says about the run: its header, findings and counts. */
static void fill_report(struct scan_state *s)
{
	const struct manifest *b = &s->bundle_in;
	const struct config *cfg = s->cfg;
	struct report *r = &s->r;
	time_t evaluated = time(NULL);

	*r = (struct report){
		.tool_version = IRSCAN_VERSION,
		.started = s->started,
		.evaluated = evaluated,
		.finished = s->offline ? b->finished : evaluated,
		.cloud = cfg->cloud->name,
		.tenant = tenant_of(&s->snap, s->env.tenant_id),
		.client_id = s->env.client_id,
		.credential = s->credential,
		.arm_endpoint = cfg->arm_endpoint,
		.authority_host = cfg->authority_host,
		.framework = cfg->framework,
		.offline = s->offline,
		.cfg = cfg,
		.snap = &s->snap,
		.findings = &s->findings,
		.checks = s->checks,
		.waivers = s->in.waivers.file ? &s->in.waivers : NULL,
		.attestations = s->in.attestations.file ? &s->in.attestations : NULL,
		.waited_ms = s->stats.waited_ms,
		.throttled_ms = s->stats.throttled_ms,
		.in_flight_max = s->stats.in_flight_max,
		.throttled = s->stats.throttled,
		.throttled_scopes = s->stats.throttled_scopes,
		.concurrency_limit = s->stats.concurrency_limit,
		.concurrency_peak = s->stats.concurrency_peak,
		.deadline_hit = s->stats.deadline_hit,
		.fatal = s->fatal,
	};
	if (s->merged) {
		merged_provenance(&s->merged_in, r);
	} else if (s->offline) {
		/* Who scanned, and how: the scan that wrote the bundle. */
		r->bundle_tool_version = b->tool_version;
		r->bundle_signature = b->signature;
		r->tenant = json_str(b->scan, "tenant");
		r->client_id = json_str(b->scan, "client_id");
		r->credential = json_str(b->scan, "credential");
	}
	count_requests(r, s, &s->stats);
}

/*
 * Decide the verdicts and the exit code, say why when the scan could
 * not run, finish the evidence bundle and write every report.
 */
static void decide_and_write(struct scan_state *s)
{
	struct config *cfg = s->cfg;
	struct report *r = &s->r;

	if (cfg->baseline) {
		baseline_from_report(r, &s->cur);
		baseline_compare(&s->base, &s->cur, &s->cmp);
		r->baseline = &s->cmp;
	}
	policy_decide(r, cfg->fail_on);
	if (s->fatal)
		error_lines(s->fatal);
	else if (!any_scanned(&s->snap) && !shard_nothing_here(cfg, &s->snap))
		/* Said even with -q: exit 3 never goes without a reason. */
		msg_error("no subscription could be scanned: the scope holds no Enabled "
			  "subscription with a valid id");
	/* The exit code is settled before any output carries it: evidence
	 * that cannot be complete fails the run, whatever it found. */
	if (s->bundle_out && close_bundle(s->bundle_out, cfg, r, 1))
		exit_for_write_error(r, "the evidence bundle could not be written (--evidence-dir)");
	write_reports(cfg, r);
	commit_reports(cfg, r);
	if (interrupt_signal())
		stopped(cfg, r, NULL);
	else if (!cfg->quiet)
		report_console(r, stderr, cfg->color);
	else if (r->exit_code == 3 && !s->fatal && any_scanned(&s->snap))
		/* -q: exit 3 never goes without its reason (the others said theirs). */
		msg_error("exit 3: %s", r->exit_reason);
}

/*
 * --baseline, when the tenant was not known before the scan (a managed
 * identity, the Azure CLI): now its subscriptions have named it.  A
 * baseline of another tenant matches nothing, so nothing is reported
 * against it (exit 2); the evidence bundle, which is sound, is finished.
 */
static int baseline_other_tenant(struct scan_state *s)
{
	const char *was = s->base.tenant, *now = s->r.tenant, *env = s->env.tenant_id;
	size_t i;

	if (!s->cfg->baseline || !was || !now || !strcasecmp(was, now) ||
	    (env && !strcasecmp(was, env)))
		return 0;
	/* A scope of several tenants (Lighthouse): the baseline's is one of them. */
	for (i = 0; i < s->snap.n; i++)
		if (s->snap.subs[i]->tenant_id && !strcasecmp(was, s->snap.subs[i]->tenant_id))
			return 0;
	if (s->bundle_out)
		close_bundle(s->bundle_out, s->cfg, &s->r, 1);
	msg_usage("--baseline: '%s' is a scan of tenant %s, this one (known once its "
		  "subscriptions were read) of %s: no report written", s->cfg->baseline, was, now);
	return 1;
}

int scan_run(struct config *cfg)
{
	struct scan_state s = { .cfg = cfg, .env = auth_env_read() };
	int rc = 2;

	interrupt_setup();
	if (prepare(&s))
		goto early;
	run_collection(&s);
	fill_report(&s);
	if (interrupt_signal())
		stopped(cfg, &s.r, s.bundle_out);
	else if (baseline_other_tenant(&s))
		s.r.exit_code = 2;
	else
		decide_and_write(&s);
	rc = interrupt_signal() ? interrupt_exit_code(interrupt_signal()) : s.r.exit_code;
	policy_release(&s.r);
	baseline_cmp_release(&s.cmp);
	baseline_release(&s.cur);
	finding_store_release(&s.findings);
	snapshot_release(&s.snap);
	free(s.fatal);
early:
	baseline_release(&s.base);
	discard_reports(cfg);
	bundle_free(s.bundle_out);
	replay_free(s.replay);
	manifest_release(&s.bundle_in);
	merged_release(&s.merged_in);
	waivers_release(&s.in.waivers);
	attestations_release(&s.in.attestations);
	free(s.checks);
	return rc;
}
