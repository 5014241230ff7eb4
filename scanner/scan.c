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
#include "report.h"
#include "version.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

		if (control && selected_by_list(&cfg->checks, c->id) &&
		    selected_by_list(&cfg->controls, control))
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

void scan_evaluate(const struct snapshot *snap, const struct check *const *checks,
		   const struct check_params *p, struct findings *out)
{
	size_t i, j;

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

/* Collect and evaluate; on a fatal problem set *fatal and return. */
static void collect_and_evaluate(struct config *cfg, struct http *h,
				 const struct check **checks, struct snapshot *snap,
				 struct findings *findings, struct report *r,
				 char **fatal)
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
	params.now = time(NULL);
	scan_evaluate(snap, checks, &params, findings);
}

int scan_run(struct config *cfg)
{
	struct http_options hopt;
	struct http_stats stats;
	struct snapshot snap;
	struct findings findings;
	struct report r;
	const struct check **checks;
	struct http *h;
	char *fatal = NULL;
	int rc;

	checks = scan_select_checks(cfg);
	if (!checks)
		return 2;
	if (config_open_outputs(cfg)) {
		free(checks);
		return 2;
	}
	memset(&r, 0, sizeof(r));
	memset(&findings, 0, sizeof(findings));
	snapshot_init(&snap);
	r.started = time(NULL);

	memset(&hopt, 0, sizeof(hopt));
	hopt.concurrency = cfg->concurrency;
	hopt.timeout_ms = cfg->timeout_ms;
	hopt.max_retries = cfg->max_retries;
	hopt.ca_bundle = cfg->ca_bundle;
	hopt.max_body_bytes = cfg->max_body_bytes;
	hopt.user_agent = "irscan/" IRSCAN_VERSION;
	h = http_new(&hopt);
	collect_and_evaluate(cfg, h, checks, &snap, &findings, &r, &fatal);
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
	r.requests = stats.requests;
	r.retries = stats.retries;
	r.waited_ms = stats.waited_ms;
	r.fatal = fatal;
	policy_decide(&r, cfg->fail_on);

	if (fatal)
		msg_error("%s", fatal);
	rc = write_reports(cfg, &r) ? 3 : r.exit_code;
	if (!cfg->quiet)
		report_console(&r, stderr, cfg->color);

	policy_release(&r);
	findings_release(&findings);
	snapshot_release(&snap);
	free(fatal);
	free(checks);
	return rc;
}
