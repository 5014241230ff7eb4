/*
 * html.c - the HTML report an auditor is handed: one self-contained file,
 * no script, no request at view time (a Content-Security-Policy meta tag
 * allows only the inline stylesheet, by its hash), printable to PDF.
 *
 * Order: who and what was scanned, the overall verdict and counts, the
 * controls x subscriptions matrix, then per control its guidance and
 * per check its findings (what must be acted on first and open; passing
 * ones in one collapsed table), waivers and attestations, errors, and
 * the evidence: every ARM request once, per subscription, which findings
 * link to.  Keeping each request once keeps a 1,000-subscription report
 * small enough to open.  Listing failures first is presentation only:
 * findings keep the report's order within each status.
 *
 * Every string from Azure or an input file goes through buf_add_html(),
 * which is safe in text and in quoted attributes.
 */
#include "reports/report.h"
#include "reports/merge_text.h"
#include "model/shard.h"
#include "model/attestations.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/version.h"
#include "policy/waivers.h"
#include "util/xmalloc.h"

#include <openssl/evp.h>
#include <string.h>

/*
 * Tables keep words whole: a cell is never narrower than its longest word
 * (overflow-wrap:anywhere let a table squeeze "HTTP" to a letter a line),
 * ids, URLs and Azure's messages wrap at '/' (esc_wrap), and a table wider
 * than the window scrolls sideways in its own box (.tw) instead.  Printed,
 * every <details> is open (its ::details-content shown, no script needed)
 * and code may break anywhere, since paper does not scroll.
 */
static const char css[] =
	":root{--fail:#b3261e;--error:#8e3ab5;--manual:#a66a00;--pass:#1b7f3b;"
	"--na:#6b6f76;--waived:#2b6cb0;--line:#d8dbe0;--soft:#f5f6f8}"
	"*{box-sizing:border-box}"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
	"margin:0 auto;max-width:1280px;padding:24px;color:#1d1f23;overflow-wrap:break-word}"
	"h1{font-size:24px;margin:0 0 12px}h2{font-size:19px;margin:28px 0 8px;"
	"border-bottom:2px solid var(--line);padding-bottom:4px}"
	"h3{font-size:15px;margin:18px 0 6px}"
	".tw{overflow-x:auto;margin:6px 0 12px}"
	"table{border-collapse:collapse;width:100%}"
	"th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;"
	"vertical-align:top}"
	"th{background:var(--soft);font-weight:600}"
	"code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}"
	"td code{overflow-wrap:normal}"
	"pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);"
	"padding:8px;margin:4px 0;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}"
	"dl.meta dt{font-weight:600}dl.meta dd{margin:0}"
	".st{display:inline-block;min-width:96px;padding:1px 6px;border-radius:3px;"
	"color:#fff;font-weight:600;font-size:12px;text-align:center}"
	".st-fail{background:var(--fail)}.st-error{background:var(--error)}"
	".st-manual{background:var(--manual)}.st-pass{background:var(--pass)}"
	".st-waived{background:var(--waived)}.st-not-applicable,.st-skipped,.st-unset"
	"{background:var(--na)}"
	"td.v-fail{background:#fbe3e1}td.v-error{background:#f1e4f8}"
	"td.v-manual{background:#fdf0d8}td.v-pass{background:#e2f3e7}"
	".verdict{padding:12px 16px;border-radius:6px;font-size:17px;margin:16px 0;"
	"border-left:8px solid}"
	".verdict.fail{border-color:var(--fail);background:#fbe3e1}"
	".verdict.error{border-color:var(--error);background:#f1e4f8}"
	".verdict.pass{border-color:var(--pass);background:#e2f3e7}"
	".verdict.manual{border-color:var(--manual);background:#fdf0d8}"
	"details{border:1px solid var(--line);border-radius:4px;margin:6px 0;"
	"padding:4px 8px}"
	"summary{cursor:pointer}details[open]>summary{margin-bottom:6px}"
	".sev{font-size:12px;color:#50555c}.muted{color:#50555c}"
	".bs{display:inline-block;padding:0 5px;margin-left:4px;border-radius:3px;"
	"font-size:11px;font-weight:600;border:1px solid}"
	".bs-new{color:var(--fail)}.bs-updated{color:var(--manual)}"
	".bs-unchanged,.bs-absent{color:var(--na)}"
	"@media print{body{max-width:none;padding:0;font-size:11px}"
	"details{break-inside:avoid}summary{list-style:none}"
	"details::details-content{content-visibility:visible}"
	".tw{overflow:visible}td code{overflow-wrap:anywhere}"
	"tr,.verdict{break-inside:avoid}h2{break-after:avoid}"
	"a{color:inherit;text-decoration:none}}";

/* Each table in its own box, which scrolls sideways when the window is narrower. */
#define TABLE_OPEN "<div class=\"tw\"><table>"
#define TABLE_CLOSE "</table></div>"

struct html {
	struct buf b;
	const struct report *r;
	FILE *out;
	int failed;
};

/* Written in pieces: the page of a large tenant is never in memory whole. */
static void flush(struct html *h, size_t above)
{
	if (h->b.len <= above)
		return;
	if (fwrite(h->b.buf, 1, h->b.len, h->out) != h->b.len)
		h->failed = 1;
	buf_reset(&h->b);
}

static void esc(struct html *h, const char *s)
{
	buf_add_html(&h->b, s ? s : "");
}

/* Text that wraps after each '/': ids, URLs and messages that carry them. */
static void esc_wrap(struct html *h, const char *s)
{
	buf_add_html_wrap(&h->b, s ? s : "");
}

static void raw(struct html *h, const char *s)
{
	buf_add(&h->b, s);
}

static void rawf(struct html *h, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void rawf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&h->b, fmt, ap);
	va_end(ap);
}

static void status_badge(struct html *h, enum status s)
{
	rawf(h, "<span class=\"st st-%s\">%s</span>", status_name(s), status_name(s));
}

static void time_text(struct html *h, time_t t)
{
	clock_add_rfc3339(&h->b, t);
}

/* An id attribute value made from a control id: "10.3" -> "c-10-3". */
static void control_anchor(struct html *h, const char *id)
{
	raw(h, "c-");
	for (; *id; id++)
		buf_addch(&h->b, (*id >= '0' && *id <= '9') || (*id >= 'a' && *id <= 'z') ||
			  (*id >= 'A' && *id <= 'Z') ? *id : '-');
}

static void sub_name(struct html *h, const struct sub_snapshot *sub)
{
	esc(h, sub->name ? sub->name : sub->id);
}

/* Offline: which irscan wrote the bundle, and how far it was checked. */
static void bundle_provenance(struct html *h, const struct report *r)
{
	const char *sig = r->bundle_signature ? r->bundle_signature : "";

	raw(h, "; written by irscan <code>");
	esc(h, r->bundle_tool_version ? r->bundle_tool_version : "unknown");
	raw(h, "</code>");
	if (!r->bundle_tool_version || strcmp(r->bundle_tool_version, IRSCAN_VERSION))
		raw(h, ", not this version (its findings may differ)");
	raw(h, !strcmp(sig, "valid") ? "; signature valid (--verify-key)" :
	       !strcmp(sig, "not-checked") ? "; signed, signature not checked" :
	       "; not signed");
}

/* The exchanges this report lists (offline: those replayed from the bundle). */
static size_t evidence_read(const struct report *r)
{
	return r->snap ? r->snap->ev_n : 0;
}

/* Digits and words of ours only: nothing to escape. */
static void shard_header(struct html *h, const struct report *r)
{
	struct buf b = BUF_INIT;

	shard_describe(&b, r->cfg, r->snap, "; ", "");
	if (b.len)
		raw(h, b.buf);
	buf_release(&b);
}

static void header(struct html *h)
{
	const struct report *r = h->r;
	size_t scanned = 0, i;

	for (i = 0; r->snap && i < r->snap->n; i++)
		scanned += r->snap->subs[i]->scanned;
	raw(h, "<header><h1>Incident response compliance report</h1><dl class=\"meta\">");
	rawf(h, "<dt>Scope</dt><dd>%zu subscription%s scanned", scanned,
	     scanned == 1 ? "" : "s");
	if (r->snap && r->snap->n > scanned)
		rawf(h, ", %zu skipped", r->snap->n - scanned);
	shard_header(h, r);
	raw(h, "; tenant <code>");
	esc(h, r->tenant ? r->tenant : report_tenant_groups(r) ? "several (see Merged)" : "unknown");
	raw(h, "</code></dd><dt>Framework</dt><dd>");
	esc(h, framework_name(r->framework));
	raw(h, "</dd><dt>Scan</dt><dd>");
	time_text(h, r->started);
	raw(h, " to ");
	time_text(h, r->finished);
	/* The count of report.h: offline, the bundle's. */
	rawf(h, " (UTC), %lu Resource Manager requests", r->requests);
	if (r->retries)
		rawf(h, ", %lu retried", r->retries);
	if (r->offline && evidence_read(r) < r->requests)
		rawf(h, "; %zu of them read for the selected checks", evidence_read(r));
	if (r->cfg->evidence_dir || r->cfg->offline_dir) {
		raw(h, "</dd><dt>Evidence</dt><dd>");
		if (r->offline) {
			raw(h, "evaluated offline on ");
			time_text(h, r->evaluated);
			raw(h, " (UTC) from the bundle <code>");
			esc(h, r->cfg->offline_dir);
		} else {
			raw(h, "every response is kept in the bundle <code>");
			esc(h, r->cfg->evidence_dir);
		}
		raw(h, "</code> (check it with <code>irscan verify</code>)");
		if (r->offline)
			bundle_provenance(h, r);
	}
	raw(h, "</dd><dt>Tool</dt><dd>irscan " IRSCAN_VERSION "</dd>"
	       "<dt>Identity</dt><dd>client id <code>");
	esc(h, r->client_id ? r->client_id : "unknown");
	raw(h, "</code> (");
	esc(h, r->credential ? r->credential : "no");
	raw(h, " credential)</dd><dt>Cloud</dt><dd>");
	esc(h, r->cloud);
	raw(h, ", Resource Manager <code>");
	esc(h, r->arm_endpoint);
	raw(h, "</code></dd>");
	if (r->merge) {
		struct buf line = BUF_INIT;

		report_merge_line(&line, r);
		raw(h, "<dt>Merged</dt><dd>");
		esc(h, line.buf);
		raw(h, "</dd>");
		buf_release(&line);
	}
	raw(h, "</dl></header>\n");
}

/* --baseline: how many failures are news, what it was compared with. */
static void baseline_lead(struct html *h)
{
	const struct report *r = h->r;
	const struct baseline_cmp *c = r->baseline;
	struct buf lead = BUF_INIT;

	report_baseline_lead(&lead, r);
	raw(h, "<p id=\"baseline\"><strong>");
	esc(h, lead.buf);
	raw(h, "</strong> (baseline <code>");
	esc_wrap(h, c->old->file);
	rawf(h, "</code>, a %s: %zu new, %zu updated, %zu unchanged, "
	     "<a href=\"#absent\">%zu absent</a>", c->old->kind, c->counts[BASELINE_NEW],
	     c->counts[BASELINE_UPDATED], c->counts[BASELINE_UNCHANGED], c->absent_n);
	if (c->not_rescanned)
		rawf(h, ", %zu not rescanned", c->not_rescanned);
	raw(h, ").</p>\n");
	buf_release(&lead);
}

static void baseline_badge(struct html *h, const struct finding *f)
{
	const char *st = baseline_state_name(report_baseline_state(h->r, f));

	if (st)
		rawf(h, " <span class=\"bs bs-%s\">%s</span>", st, st);
}

static void verdict(struct html *h)
{
	const struct report *r = h->r;
	const char *word, *cls = report_verdict(r, &word);
	int s;

	rawf(h, "<section class=\"verdict %s\" id=\"verdict\"><strong>%s</strong>: ", cls, word);
	esc(h, r->exit_reason);
	rawf(h, " (exit code %d).</section>\n", r->exit_code);
	raw(h, "<div class=\"tw\"><table id=\"summary\"><tr>");
	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		rawf(h, "<th>%s</th>", status_name((enum status)s));
	raw(h, "</tr><tr>");
	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		rawf(h, "<td>%zu</td>", r->summary[s]);
	raw(h, "</tr>" TABLE_CLOSE "\n");
	if (r->baseline)
		baseline_lead(h);
}

static void matrix_of(struct html *h, const char *tenant)
{
	const struct report *r = h->r;
	size_t c, i;
	int rank;

	raw(h, TABLE_OPEN "<tr><th>Subscription</th>");
	for (c = 0; c < r->controls_n; c++) {
		raw(h, "<th><a href=\"#");
		control_anchor(h, r->controls[c].id);
		raw(h, "\">");
		esc(h, r->controls[c].id);
		raw(h, "</a></th>");
	}
	raw(h, "</tr>\n");
	/* Failing subscriptions first, then errors, manual, pass, skipped. */
	for (rank = 4; rank >= -2; rank--)
		for (i = 0; r->snap && i < r->snap->n; i++) {
			const struct sub_snapshot *sub = r->snap->subs[i];

			if (report_sub_rank(r, i) != rank ||
			    (tenant && !report_sub_of_tenant(r, i, tenant)))
				continue;
			raw(h, "<tr><td>");
			sub_name(h, sub);
			raw(h, "<br><code class=\"muted\">");
			esc(h, sub->id);
			raw(h, "</code></td>");
			if (!sub->scanned) {
				rawf(h, "<td colspan=\"%zu\" class=\"muted\">skipped: state ",
				     r->controls_n ? r->controls_n : 1);
				esc(h, sub->state ? sub->state : "unknown");
				raw(h, "</td></tr>\n");
				continue;
			}
			for (c = 0; c < r->controls_n; c++) {
				enum status v = r->controls[c].verdicts[i];

				rawf(h, "<td class=\"v-%s\">%s</td>", status_name(v),
				     v == STATUS_UNSET ? "-" : status_name(v));
			}
			raw(h, "</tr>\n");
		}
	raw(h, TABLE_CLOSE "\n");
}

/* One table, or (irscan merge of several tenants) one per tenant under its heading. */
static void matrix(struct html *h)
{
	size_t t, tenants = report_tenant_groups(h->r);
	struct buf text = BUF_INIT;

	raw(h, "<h2 id=\"matrix\">Controls &times; subscriptions</h2>\n");
	if (!tenants)
		matrix_of(h, NULL);
	for (t = 0; t < tenants; t++) {
		buf_reset(&text);
		report_tenant_heading(&text, h->r, report_tenant_at(h->r, t));
		raw(h, "<h3 class=\"tenant\">");
		esc(h, text.buf);
		raw(h, "</h3>\n");
		matrix_of(h, report_tenant_at(h->r, t));
	}
	buf_release(&text);
}

/* Links to the evidence rows; `brief` shows only their numbers. */
static void evidence_links(struct html *h, const struct finding *f, int brief)
{
	size_t i;

	if (brief) {
		for (i = 0; i < f->ev_n; i++)
			rawf(h, "%s<a href=\"#ev-%zu\">#%zu</a>", i ? " " : "",
			     f->ev[i]->index, f->ev[i]->index);
		return;
	}

	for (i = 0; i < f->ev_n; i++) {
		rawf(h, "%s<a href=\"#ev-%zu\">", i ? ", " : "", f->ev[i]->index);
		rawf(h, "%ld", f->ev[i]->status);
		if (f->ev[i]->request_id) {
			raw(h, " <code>");
			esc(h, f->ev[i]->request_id);
			raw(h, "</code>");
		}
		raw(h, "</a>");
	}
	if (!f->ev_n)
		raw(h, "<span class=\"muted\">none (no request: an input file)</span>");
}

/* data-* attributes that let a test match findings across formats. */
static void finding_attrs(struct html *h, const struct finding *f)
{
	raw(h, " data-check=\"");
	esc(h, f->check->id);
	raw(h, "\" data-sub=\"");
	esc(h, f->sub->id);
	raw(h, "\" data-resource=\"");
	esc(h, f->resource);
	rawf(h, "\" data-status=\"%s\"", status_name(f->status));
	if (h->r->baseline)
		rawf(h, " data-baseline=\"%s\"",
		     baseline_state_name(report_baseline_state(h->r, f)));
}

static void finding_row(struct html *h, const struct finding *f)
{
	size_t i;

	raw(h, "<tr");
	finding_attrs(h, f);
	raw(h, "><td>");
	sub_name(h, f->sub);
	baseline_badge(h, f);
	raw(h, "</td><td class=\"id\"><code>");
	esc_wrap(h, f->resource);
	raw(h, "</code></td><td>");
	for (i = 0; i < f->obs_n; i++) {
		raw(h, i ? "<br>" : "");
		esc(h, f->obs[i].key);
		raw(h, ": ");
		esc(h, f->obs[i].value);
	}
	if (f->waiver) {
		raw(h, f->obs_n ? "<br>" : "");
		if (f->waiver_expired)
			raw(h, "<strong>waiver expired</strong>, not applied: ");
		else
			rawf(h, "<strong>waived</strong> (was %s): ", status_name(f->waived_from));
		esc(h, f->waiver->reason);
		raw(h, "; approved by ");
		esc(h, f->waiver->approved_by);
		raw(h, "; expires ");
		esc(h, f->waiver->expires);
	}
	raw(h, "</td><td>");
	evidence_links(h, f, 0);
	raw(h, "</td></tr>");
}

/* Groups this large start closed, so a big tenant's report stays readable. */
#define OPEN_GROUP_MAX 50

/* One message's findings in finding_groups: its words, how many, the next. */
struct group {
	const char *message;
	size_t count;
	struct group *next;
};

static int in_section(const struct report *r, const struct finding *f,
		      const struct check *c, const char *control, enum status st)
{
	return f->check == c && f->status == st && !strcmp(f->controls[r->framework], control);
}

/* The distinct messages of the section's findings, in order of first
 * appearance; everything in pool. */
static struct group *collect_groups(const struct report *r, const struct check *c,
				    const char *control, enum status st, struct pool *pool)
{
	struct finding_cursor fc;
	const struct finding *f;
	struct strmap seen = { NULL, 0, 0, 1 };
	struct group *first = NULL, **tail = &first;

	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc))) {
		const char *m = f->message ? f->message : "";
		struct group *g;

		if (!in_section(r, f, c, control, st))
			continue;
		if (!(g = strmap_get(&seen, m))) {
			g = pool_alloc(pool, sizeof(*g));
			g->message = pool_strdup(pool, m);
			*tail = g;
			tail = &g->next;
			strmap_add(&seen, g->message, g);
		}
		g->count++;
	}
	finding_cursor_close(&fc);
	strmap_release(&seen);
	return first;
}

/*
 * The findings of check c under `control` with status st, one block per
 * message: a missing attestation or an unreadable dataset says the same
 * thing for many subscriptions, and is read once with its list.  One pass
 * over the findings finds the messages, one more per message lists them.
 */
static void finding_groups(struct html *h, const struct check *c, const char *control,
			   enum status st)
{
	const struct report *r = h->r;
	struct pool pool = POOL_INIT;
	struct finding_cursor fc;
	const struct finding *f;
	const struct group *g;

	finding_cursor_open(&fc, r->findings);
	for (g = collect_groups(r, c, control, st, &pool); g; g = g->next) {
		rawf(h, "<details class=\"finding\"%s><summary>",
		     (st == STATUS_FAIL || st == STATUS_ERROR) && g->count <= OPEN_GROUP_MAX ?
		     " open" : "");
		status_badge(h, st);
		raw(h, " ");
		esc_wrap(h, g->message);
		rawf(h, " <span class=\"muted\">(%zu subscription%s)</span></summary>" TABLE_OPEN
		     "<tr><th>Subscription</th><th>Resource</th><th>Observed</th>"
		     "<th>Evidence</th></tr>", g->count, g->count == 1 ? "" : "s");
		finding_cursor_rewind(&fc);
		while ((f = finding_cursor_next(&fc)))
			if (in_section(r, f, c, control, st) &&
			    !strcmp(f->message ? f->message : "", g->message)) {
				finding_row(h, f);
				flush(h, 1 << 20);
			}
		raw(h, TABLE_CLOSE "</details>\n");
	}
	finding_cursor_close(&fc);
	pool_release(&pool);
}

static int needs_action(enum status s)
{
	return s == STATUS_FAIL || s == STATUS_ERROR || s == STATUS_MANUAL ||
	       s == STATUS_WAIVED;
}

static void check_section(struct html *h, const struct check *c, const char *control)
{
	const struct report *r = h->r;
	static const enum status order[] = { STATUS_FAIL, STATUS_ERROR, STATUS_MANUAL,
					     STATUS_WAIVED };
	size_t counts[STATUS__COUNT] = { 0 }, k, rest = 0;
	struct finding_cursor fc;
	const struct finding *f;
	int s;

	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		if (f->check == c && !strcmp(f->controls[r->framework], control))
			counts[f->status]++;
	raw(h, "<h3>");
	esc(h, c->title);
	raw(h, " <code>");
	esc(h, c->id);
	rawf(h, "</code> <span class=\"sev\">severity %s</span></h3><p class=\"muted\">",
	     severity_name(c->severity));
	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		if (counts[s])
			rawf(h, "%zu %s &nbsp; ", counts[s], status_name((enum status)s));
	raw(h, "</p>");
	for (k = 0; k < ARRAY_SIZE(order); k++)
		if (counts[order[k]])
			finding_groups(h, c, control, order[k]);
	rest = counts[STATUS_PASS] + counts[STATUS_NOT_APPLICABLE];
	if (rest) {
		rawf(h, "<details><summary>%zu passing or not applicable</summary>" TABLE_OPEN
		     "<tr><th>Status</th><th>Subscription</th><th>Finding</th>"
		     "<th>Evidence</th></tr>", rest);
		finding_cursor_rewind(&fc);
		while ((f = finding_cursor_next(&fc))) {
			if (f->check != c || needs_action(f->status) ||
			    strcmp(f->controls[r->framework], control))
				continue;
			raw(h, "<tr");
			finding_attrs(h, f);
			rawf(h, "><td>%s</td><td>", f->status == STATUS_PASS ? "pass" : "n/a");
			sub_name(h, f->sub);
			baseline_badge(h, f);
			raw(h, "</td><td>");
			esc_wrap(h, f->message);
			raw(h, "</td><td>");
			evidence_links(h, f, 1);
			raw(h, "</td></tr>\n");
			flush(h, 1 << 20);
		}
		raw(h, TABLE_CLOSE "</details>\n");
	}
	finding_cursor_close(&fc);
	raw(h, "<details><summary>Remediation</summary><pre>");
	esc(h, c->remediation);
	raw(h, "</pre></details>\n");
}

/* any[k]: has r->checks[k] a finding under control? */
static void checks_with_findings(const struct report *r, const char *control, char *any)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t k;

	for (k = 0; r->checks[k]; k++)
		any[k] = 0;
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		if (!strcmp(f->controls[r->framework], control))
			for (k = 0; r->checks[k]; k++)
				any[k] |= f->check == r->checks[k];
	finding_cursor_close(&fc);
}

static void controls(struct html *h)
{
	const struct report *r = h->r;
	size_t c, k, n_checks = 0;
	char *any;

	while (r->checks[n_checks])
		n_checks++;
	any = xcalloc(n_checks + 1, 1);

	raw(h, "<h2>Controls</h2>\n");
	for (c = 0; c < r->controls_n; c++) {
		const struct report_control *rc = &r->controls[c];

		raw(h, "<section id=\"");
		control_anchor(h, rc->id);
		raw(h, "\"><h2>");
		esc(h, rc->id);
		raw(h, " ");
		esc(h, rc->info ? rc->info->title : "");
		raw(h, "</h2>");
		if (rc->info) {
			raw(h, "<p>");
			esc(h, rc->info->guidance);
			raw(h, "</p><p class=\"muted\">Responsibility: ");
			esc(h, rc->info->responsibility);
			if (rc->info->cis[0]) {
				raw(h, ". CIS Controls: ");
				for (k = 0; k < 4 && rc->info->cis[k]; k++) {
					raw(h, k ? ", " : "");
					esc(h, rc->info->cis[k]);
				}
			}
			raw(h, ".</p>");
		}
		/* The checks with findings under this control, in catalogue order. */
		checks_with_findings(r, rc->id, any);
		for (k = 0; r->checks[k]; k++)
			if (any[k])
				check_section(h, r->checks[k], rc->id);
		raw(h, "</section>\n");
	}
	free(any);
}

/* How many findings each waiver waives now (not the expired matches). */
static size_t *waivers_used(const struct report *r)
{
	size_t *used = xcalloc(r->waivers->n + 1, sizeof(*used));
	struct finding_cursor fc;
	const struct finding *f;

	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		if (f->waiver && !f->waiver_expired &&
		    f->waiver >= r->waivers->items && f->waiver < r->waivers->items + r->waivers->n)
			used[f->waiver - r->waivers->items]++;
	finding_cursor_close(&fc);
	return used;
}

static void inputs(struct html *h)
{
	const struct report *r = h->r;
	size_t i, *used;

	raw(h, "<h2 id=\"inputs\">Waivers and attestations</h2>\n");
	if (!r->waivers && !r->attestations) {
		raw(h, "<p class=\"muted\">None given.</p>\n");
		return;
	}
	if (r->waivers) {
		raw(h, "<h3>Waivers from <code>");
		esc(h, r->waivers->file);
		raw(h, "</code></h3>" TABLE_OPEN "<tr><th>#</th><th>Check</th><th>Subscription</th>"
		       "<th>Resource</th><th>Reason</th><th>Approved by</th><th>Expires</th>"
		       "<th>Applied to</th></tr>");
		used = waivers_used(r);
		for (i = 0; i < r->waivers->n; i++) {
			const struct waiver *w = &r->waivers->items[i];
			rawf(h, "<tr><td>%zu</td><td>", w->index);
			esc(h, w->check);
			raw(h, "</td><td class=\"id\">");
			esc_wrap(h, w->subscription);
			raw(h, "</td><td class=\"id\">");
			esc_wrap(h, w->resource ? w->resource : "any");
			raw(h, "</td><td>");
			esc(h, w->reason);
			raw(h, "</td><td>");
			esc(h, w->approved_by);
			raw(h, "</td><td>");
			esc(h, w->expires);
			rawf(h, "</td><td>%zu finding%s</td></tr>", used[i], used[i] == 1 ? "" : "s");
		}
		free(used);
		raw(h, TABLE_CLOSE "\n");
	}
	if (r->attestations) {
		raw(h, "<h3>Attestations from <code>");
		esc(h, r->attestations->file);
		raw(h, "</code></h3>" TABLE_OPEN "<tr><th>#</th><th>Control</th>"
		       "<th>Subscription</th><th>Document</th><th>Owner</th>"
		       "<th>Reviewed</th></tr>");
		for (i = 0; i < r->attestations->n; i++) {
			const struct attestation *a = &r->attestations->items[i];

			rawf(h, "<tr><td>%zu</td><td>", a->index);
			esc(h, framework_name(a->framework));
			raw(h, " ");
			esc(h, a->control);
			raw(h, "</td><td class=\"id\">");
			esc_wrap(h, a->subscription);
			raw(h, "</td><td>");
			esc(h, a->document);
			raw(h, "</td><td>");
			esc(h, a->owner);
			raw(h, "</td><td>");
			esc(h, a->reviewed);
			raw(h, "</td></tr>");
		}
		raw(h, TABLE_CLOSE "\n");
	}
}

static void error_row(void *ctx, const char *sub, const char *what,
		      const struct fetch_error *e)
{
	struct html *h = ctx;

	raw(h, "<tr><td class=\"id\">");
	esc(h, sub ? sub : "tenant");
	raw(h, "</td><td>");
	esc_wrap(h, what);
	rawf(h, "</td><td>%ld</td><td>", e->status);
	esc(h, e->code);
	raw(h, "</td><td>");
	esc_wrap(h, e->message);
	raw(h, "</td><td class=\"id\"><code>");
	esc_wrap(h, e->url);
	raw(h, "</code></td></tr>");
}

static void errors(struct html *h)
{
	const struct report *r = h->r;

	raw(h, "<h2 id=\"errors\">Errors</h2>\n");
	if (r->fatal) {
		raw(h, "<p><strong>The scan could not run:</strong> ");
		esc(h, r->fatal);
		raw(h, "</p>");
	}
	raw(h, TABLE_OPEN "<tr><th>Subscription</th><th>Reading</th><th>HTTP</th><th>Code</th>"
	       "<th>Message</th><th>Request</th></tr>");
	report_each_error(h->r, error_row, h);
	raw(h, TABLE_CLOSE "\n");
}

/* A SHA-256 in hex may wrap at its middle: 64 digits are wider than a column. */
static void digest_text(struct html *h, const char *hex)
{
	char half[33];

	if (!hex || strlen(hex) != 64) {
		esc(h, hex);
		return;
	}
	memcpy(half, hex, 32);
	half[32] = '\0';
	esc(h, half);
	raw(h, "<wbr>");
	esc(h, hex + 32);
}

static void evidence_row(struct html *h, const struct evidence *e)
{
	rawf(h, "<tr id=\"ev-%zu\"><td>", e->index);
	esc(h, e->method);
	raw(h, "</td><td class=\"id\"><code>");
	esc_wrap(h, e->url);
	rawf(h, "</code></td><td>%ld</td><td class=\"id\"><code>", e->status);
	esc(h, e->request_id ? e->request_id : "");
	raw(h, "</code></td><td>");
	if (e->at_wall_ms > 0)
		clock_add_rfc3339_ms(&h->b, e->at_wall_ms);
	rawf(h, "</td><td>%lld ms%s", (long long)e->duration_ms,
	     e->retries ? ", retried" : "");
	if (e->error) {
		raw(h, ", ");
		esc(h, e->error);
	}
	raw(h, "</td><td class=\"id\">");
	if (e->file) {
		/* The bundle file and its SHA-256, for `irscan verify`. */
		raw(h, "<code>");
		esc_wrap(h, e->file);
		raw(h, "</code><br><code>");
		digest_text(h, e->sha256);
		raw(h, "</code>");
	}
	raw(h, "</td></tr>");
}

/* Every request once; findings link here by #ev-N. */
static void evidence(struct html *h)
{
	const struct snapshot *s = h->r->snap;
	struct evidence_reader rd = { 0 };
	size_t i;

	raw(h, "<h2 id=\"evidence\">Evidence: every request made</h2>\n"
	       "<details><summary>");
	if (h->r->offline && evidence_read(h->r) < h->r->requests)
		rawf(h, "%zu of the bundle's %lu Resource Manager requests (those the "
		     "selected checks read)", evidence_read(h->r), h->r->requests);
	else
		rawf(h, "%zu Resource Manager requests", evidence_read(h->r));
	raw(h, "</summary>" TABLE_OPEN "<tr><th>Method</th><th>URL</th><th>HTTP</th>"
	       "<th>x-ms-request-id</th><th>Time (UTC)</th><th>Took</th>"
	       "<th>Evidence file</th></tr>");
	for (i = 0; s && i < s->ev_n; i++) {
		evidence_row(h, finding_store_evidence(h->r->findings, s, i, &rd));
		flush(h, 1 << 20);
	}
	evidence_reader_release(&rd);
	raw(h, TABLE_CLOSE "</details>\n");
}

/* 'sha256-<base64>' of the stylesheet, for the Content-Security-Policy. */
static void style_hash(struct buf *out)
{
	unsigned char md[EVP_MAX_MD_SIZE], b64[2 * EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!EVP_Digest(css, strlen(css), md, &mdlen, EVP_sha256(), NULL))
		die("SHA-256 failed");
	EVP_EncodeBlock(b64, md, (int)mdlen);
	buf_addf(out, "'sha256-%s'", (const char *)b64);
}

/* The baseline's findings that are gone from what this scan evaluated. */
static void absent(struct html *h)
{
	const struct baseline_cmp *c = h->r->baseline;
	size_t i;

	raw(h, "<section id=\"absent\"><h2>Absent since the baseline</h2>\n");
	if (!c->absent_n) {
		raw(h, "<p class=\"muted\">None: every finding of the baseline on what this "
			"scan evaluated is still there.</p></section>\n");
		return;
	}
	raw(h, TABLE_OPEN "<tr><th>Check</th><th>Subscription</th><th>Resource</th>"
		"<th>Was</th><th>Message</th></tr>");
	for (i = 0; i < c->absent_n; i++) {
		const struct baseline_finding *f = c->absent[i];

		raw(h, "<tr><td><code>");
		esc(h, f->check);
		raw(h, "</code></td><td>");
		esc(h, f->subscription_name ? f->subscription_name : f->subscription);
		raw(h, "</td><td class=\"id\"><code>");
		esc_wrap(h, f->resource ? f->resource : f->subscription);
		raw(h, "</code></td><td>");
		status_badge(h, f->status);
		raw(h, "</td><td>");
		esc_wrap(h, f->message);
		raw(h, "</td></tr>");
		flush(h, 1 << 20);
	}
	raw(h, TABLE_CLOSE "</section>\n");
}

void report_html_head(struct buf *b, const char *title)
{
	struct buf hash = BUF_INIT;

	style_hash(&hash);
	buf_add(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src ");
	buf_add(b, hash.buf);
	buf_add(b, "; img-src data:; base-uri 'none'; form-action 'none'\">"
		"<meta name=\"referrer\" content=\"no-referrer\"><title>");
	buf_add_html(b, title);
	buf_add(b, "</title><style>");
	buf_add(b, css);
	buf_add(b, "</style></head>\n<body>\n");
	buf_release(&hash);
}

int report_html(const struct report *r, FILE *out)
{
	struct html h = { BUF_INIT, r, out, 0 };
	struct buf title = BUF_INIT;
	int rc = 0;

	buf_addf(&title, "irscan report: %s, ", framework_name(r->framework));
	clock_add_rfc3339(&title, r->started);
	report_html_head(&h.b, title.buf);
	header(&h);
	verdict(&h);
	if (r->snap && r->snap->n)
		matrix(&h);
	controls(&h);
	if (r->baseline)
		absent(&h);
	inputs(&h);
	errors(&h);
	evidence(&h);
	raw(&h, "<footer class=\"muted\"><p>Generated by irscan " IRSCAN_VERSION " at ");
	time_text(&h, r->finished);
	raw(&h, ". Statuses: pass, fail, error (could not be evaluated), manual (needs a "
		"person's attestation), waived (accepted exception), not-applicable.</p>"
		"</footer>\n</body></html>\n");
	flush(&h, 0);
	if (h.failed || fflush(out))
		rc = -1;
	buf_release(&h.b);
	buf_release(&title);
	return rc;
}
