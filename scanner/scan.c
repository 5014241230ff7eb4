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
#include "collect.h"
#include "http.h"
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

void scan_evaluate(const struct snapshot *snap, const struct check *const *checks,
		   const struct check_params *p, enum framework fw,
		   const struct strvec *controls, struct findings *out)
{
	size_t i, j, k;

	for (i = 0; i < snap->n; i++) {
		if (!snap->subs[i]->scanned)
			continue;
		for (j = 0; checks[j]; j++) {
			size_t before = out->n;

			checks[j]->eval(checks[j], snap->subs[i], p, out);
			if (out->n == before) {
				/* A check must always say something. */
				struct finding *f = findings_add(out, checks[j], snap->subs[i],
								 STATUS_ERROR, NULL);

				finding_message(f, "internal error: the check produced no finding");
			}
			for (k = out->n; k > before; k--)
				if (!in_scope(&out->items[k - 1], fw, controls))
					findings_drop(out, k - 1);
		}
	}
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
};

/* A subscription is done when every dataset it asked for has its answer. */
static int sub_done(const struct sub_snapshot *sub)
{
	size_t n;

	if (sub->info.state == DATA_UNSET)
		return 0;
	for (n = 0; n < NEED__COUNT; n++)
		if (sub->sets[n].requested && sub->sets[n].state == DATA_UNSET)
			return 0;
	return 1;
}

static void tick_cb(void *ctx)
{
	struct tick_ctx *t = ctx;
	struct http_stats stats;
	size_t i, done = 0, total = 0;

	for (i = 0; t->snap && i < t->snap->n; i++)
		if (t->snap->subs[i]->scanned) {
			total++;
			done += sub_done(t->snap->subs[i]);
		}
	http_get_stats(t->http, &stats);
	progress_show(&t->progress, done, total, &stats);
}

/* Collect and evaluate; on a fatal problem set *fatal and return. */
static void collect_and_evaluate(struct config *cfg, const struct inputs *in,
				 struct http *h, const struct check **checks,
				 struct snapshot *snap, struct findings *findings,
				 struct report *r, char **fatal)
{
	struct buf err = BUF_INIT;
	struct credential *cred;
	struct check_params params;
	struct arm arm;
	unsigned needs = 0;
	size_t i;

	cred = cred_new(cfg, h, &err);
	if (!cred) {
		*fatal = buf_detach(&err, NULL);
		return;
	}
	r->client_id = NULL;
	r->credential = cred->ops->name;
	if (cred_acquire(cred)) {
		buf_addf(&err, "authentication failed: %s",
			 cred->error ? cred->error : "no token");
		*fatal = buf_detach(&err, NULL);
		cred_free(cred);
		return;
	}
	for (i = 0; checks[i]; i++)
		needs |= checks[i]->needs;
	arm_init(&arm, h, cred, cfg->arm_endpoint);
	if (collect_run(cfg, &arm, needs, snap))
		*fatal = xstrdup("the HTTP loop failed");
	else if (snap->scope_failed)
		*fatal = fatal_from_scope(snap);
	arm_release(&arm);
	cred_free(cred);
	if (*fatal)
		return;
	memset(&params, 0, sizeof(params));
	params.attack_path_risk = cfg->attack_path_risk;
	params.now = r->started;
	params.alert_max_age_days = cfg->alert_max_age_days;
	params.attestation_max_age_days = cfg->attestation_max_age_days;
	params.criticality_tags = &cfg->criticality_tags;
	params.required_plans = &cfg->required_plans;
	params.attestations = in->attestations.file ? &in->attestations : NULL;
	scan_evaluate(snap, checks, &params, cfg->framework, &cfg->controls, findings);
	if (in->waivers.file)
		waivers_apply(&in->waivers, findings, r->started);
}

int scan_run(struct config *cfg)
{
	struct http_options hopt;
	struct http_stats stats;
	struct snapshot snap;
	struct findings findings;
	struct report r;
	const struct check **checks;
	struct inputs in;
	struct tick_ctx tick;
	struct http *h;
	char *fatal = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	r.started = time(NULL);
	checks = scan_select_checks(cfg);
	if (!checks)
		return 2;
	if (load_inputs(cfg, r.started, &in)) {
		free(checks);
		return 2;
	}
	if (config_open_outputs(cfg)) {
		waivers_release(&in.waivers);
		attestations_release(&in.attestations);
		free(checks);
		return 2;
	}
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
	progress_init(&tick.progress, !cfg->quiet && !cfg->verbose && isatty(STDERR_FILENO));
	if (tick.progress.enabled) {
		hopt.tick = tick_cb;
		hopt.tick_ctx = &tick;
	}
	h = http_new(&hopt);
	tick.snap = &snap;
	tick.http = h;
	collect_and_evaluate(cfg, &in, h, checks, &snap, &findings, &r, &fatal);
	progress_end(&tick.progress);
	http_get_stats(h, &stats);
	http_free(h);

	r.tool_version = IRSCAN_VERSION;
	r.finished = time(NULL);
	r.cloud = cfg->cloud->name;
	r.tenant = tenant_of(&snap);
	r.client_id = getenv("AZURE_CLIENT_ID");
	r.arm_endpoint = cfg->arm_endpoint;
	r.authority_host = cfg->authority_host;
	r.framework = cfg->framework;
	r.cfg = cfg;
	r.snap = &snap;
	r.findings = &findings;
	r.checks = checks;
	r.waivers = in.waivers.file ? &in.waivers : NULL;
	r.attestations = in.attestations.file ? &in.attestations : NULL;
	r.requests = stats.requests;
	r.retries = stats.retries;
	r.waited_ms = stats.waited_ms;
	r.throttled_ms = stats.throttled_ms;
	r.in_flight_max = stats.in_flight_max;
	r.fatal = fatal;
	policy_decide(&r, cfg->fail_on);

	if (fatal)
		msg_error("%s", fatal);
	rc = write_reports(cfg, &r) ? 3 : r.exit_code;
	if (!cfg->quiet)
		report_console(&r, stderr, cfg->color);

	policy_release(&r);
	findings_release(&findings);
	waivers_release(&in.waivers);
	attestations_release(&in.attestations);
	snapshot_release(&snap);
	free(fatal);
	free(checks);
	return rc;
}
