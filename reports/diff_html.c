/*
 * diff_html.c - `irscan diff -o html:FILE`: what changed between two
 * scans, for an auditor.  One self-contained page with the HTML report's
 * head, Content-Security-Policy and stylesheet (report_html_head): the
 * two scans, whether anything got worse, then per subscription a table
 * of the checks that changed, the settings behind each change in words,
 * the messages before and after and both scans' request ids.
 *
 * Every string from the scans (Azure's, or a report file's) goes through
 * buf_add_html() or buf_add_html_wrap().
 */
#include "reports/diff_report.h"
#include "reports/report.h"
#include "util/clock.h"
#include "util/version.h"

#include <string.h>
#include <strings.h>

#define ARROW " \xe2\x86\x92 "

static void esc(struct buf *b, const char *s)
{
	buf_add_html(b, s ? s : "");
}

static void esc_wrap(struct buf *b, const char *s)
{
	buf_add_html_wrap(b, s ? s : "");
}

static void badge(struct buf *b, enum status s)
{
	buf_addf(b, "<span class=\"st st-%s\">%s</span>", status_name(s), status_name(s));
}

static void scan_meta(struct buf *b, const char *label, const struct baseline *s)
{
	buf_addf(b, "<dt>%s</dt><dd><code>", label);
	esc_wrap(b, s->file ? s->file : "-");
	buf_add(b, "</code> (");
	esc(b, s->kind ? s->kind : "report");
	if (s->scanned) {
		buf_add(b, ", scanned ");
		clock_add_rfc3339(b, s->scanned);
	}
	if (s->tool_version) {
		buf_add(b, ", irscan ");
		esc(b, s->tool_version);
	}
	buf_add(b, ")</dd>");
}

static void header(struct buf *b, const struct diff *d)
{
	buf_add(b, "<header><h1>What changed between two scans</h1><dl class=\"meta\">");
	scan_meta(b, "Before (OLD)", d->old);
	scan_meta(b, "After (NEW)", d->cur);
	buf_addf(b, "<dt>Framework</dt><dd>%s</dd>", framework_name(d->cur->framework));
	buf_add(b, "<dt>Tenant</dt><dd><code>");
	esc(b, d->cur->tenant ? d->cur->tenant : d->old->tenant);
	buf_add(b, "</code></dd></dl></header>\n");
	if (d->worse)
		buf_addf(b, "<div class=\"verdict fail\">%zu finding%s got worse</div>\n",
			 d->worse, d->worse == 1 ? "" : "s");
	else
		buf_add(b, "<div class=\"verdict pass\">Nothing got worse</div>\n");
	buf_addf(b, "<p>%zu change%s: %zu worse, %zu better; %zu new, %zu gone, %zu "
		 "changed; %zu finding%s unchanged", d->n, d->n == 1 ? "" : "s", d->worse,
		 d->better, d->counts[DIFF_NEW], d->counts[DIFF_GONE],
		 d->counts[DIFF_CHANGED], d->unchanged, d->unchanged == 1 ? "" : "s");
	if (d->not_rescanned)
		buf_addf(b, "; %zu of OLD's findings not evaluated by NEW", d->not_rescanned);
	buf_add(b, ".</p>\n");
}

static void scope_list(struct buf *b, const char *what, const char **v, size_t n)
{
	size_t i;

	if (!n)
		return;
	buf_addf(b, "<p>%s: ", what);
	for (i = 0; i < n; i++) {
		buf_add(b, i ? ", <code>" : "<code>");
		esc_wrap(b, v[i]);
		buf_add(b, "</code>");
	}
	buf_add(b, "</p>\n");
}

static void verdict_cell(struct buf *b, const struct diff_change *c)
{
	buf_add(b, "<td>");
	if (c->old)
		badge(b, c->old->status);
	else
		buf_add(b, "<span class=\"muted\">new</span>");
	buf_add(b, ARROW);
	if (c->cur)
		badge(b, c->cur->status);
	else
		buf_add(b, "<span class=\"muted\">gone</span>");
	if (c->trend != DIFF_SAME)
		buf_addf(b, " <strong>%s</strong>", diff_trend_name(c->trend));
	buf_add(b, "</td>");
}

static void settings_cell(struct buf *b, const struct diff_change *c)
{
	struct buf t = BUF_INIT;
	size_t i;

	buf_add(b, "<td>");
	if (c->settings_n)
		buf_add(b, "<ul>");
	for (i = 0; i < c->settings_n; i++) {
		buf_reset(&t);
		diff_setting_text(&t, c, &c->settings[i]);
		buf_add(b, "<li>");
		esc_wrap(b, t.buf);
		buf_add(b, "</li>");
	}
	buf_add(b, c->settings_n ? "</ul>" : "<span class=\"muted\">see the messages</span>");
	buf_add(b, "</td>");
	buf_release(&t);
}

static void finding_cell(struct buf *b, const struct baseline_finding *f)
{
	size_t i;

	buf_add(b, "<td>");
	if (!f) {
		buf_add(b, "<span class=\"muted\">none</span></td>");
		return;
	}
	esc_wrap(b, f->message);
	buf_add(b, "<br><span class=\"muted\">x-ms-request-id:</span> ");
	for (i = 0; i < f->request_ids_n; i++) {
		buf_add(b, i ? ", <code>" : "<code>");
		esc(b, f->request_ids[i]);
		buf_add(b, "</code>");
	}
	if (!f->request_ids_n)
		buf_add(b, "<span class=\"muted\">none</span>");
	buf_add(b, "</td>");
}

static void change_row(struct buf *b, const struct diff_change *c)
{
	const struct baseline_finding *f = c->cur ? c->cur : c->old;

	buf_add(b, "<tr><td><code>");
	esc(b, f->check);
	buf_add(b, "</code></td><td><code>");
	esc_wrap(b, f->resource);
	buf_add(b, "</code></td>");
	verdict_cell(b, c);
	settings_cell(b, c);
	finding_cell(b, c->old);
	finding_cell(b, c->cur);
	buf_add(b, "</tr>\n");
}

static void subscription_head(struct buf *b, const struct diff *d, const char *id)
{
	const char *name = diff_sub_name(d, id);

	buf_add(b, "<h2>");
	if (name) {
		esc(b, name);
		buf_add(b, " <span class=\"muted\">(");
		esc(b, id);
		buf_add(b, ")</span>");
	} else {
		esc(b, id);
	}
	buf_add(b, "</h2>\n<div class=\"tw\"><table><tr><th>Check</th><th>Resource</th>"
		"<th>Verdict</th><th>What changed</th><th>Before (OLD)</th>"
		"<th>After (NEW)</th></tr>\n");
}

int diff_html(const struct diff *d, FILE *out)
{
	struct buf b = BUF_INIT, title = BUF_INIT;
	const char *sub = NULL;
	size_t i;
	int rc = 0;

	buf_add(&title, "irscan diff: ");
	buf_add(&title, d->old->file ? d->old->file : "-");
	buf_add(&title, ARROW);
	buf_add(&title, d->cur->file ? d->cur->file : "-");
	report_html_head(&b, title.buf);
	header(&b, d);
	scope_list(&b, "Subscriptions only in OLD", d->subs_old_only, d->subs_old_only_n);
	scope_list(&b, "Subscriptions only in NEW", d->subs_new_only, d->subs_new_only_n);
	scope_list(&b, "Checks only in OLD", d->checks_old_only, d->checks_old_only_n);
	scope_list(&b, "Checks only in NEW", d->checks_new_only, d->checks_new_only_n);
	for (i = 0; i < d->n; i++) {
		const struct diff_change *c = &d->items[i];
		const char *id = (c->cur ? c->cur : c->old)->subscription;

		if (!sub || strcasecmp(sub, id)) {
			if (sub)
				buf_add(&b, "</table></div>\n");
			subscription_head(&b, d, id);
		}
		sub = id;
		change_row(&b, c);
		/* Written in pieces: the page of a large diff is never in memory whole. */
		if (b.len > (1u << 20)) {
			rc |= fwrite(b.buf, 1, b.len, out) != b.len;
			buf_reset(&b);
		}
	}
	if (sub)
		buf_add(&b, "</table></div>\n");
	buf_add(&b, "<footer class=\"muted\"><p>Generated by irscan " IRSCAN_VERSION
		". A change is worse when its status ranks worse (fail &gt; error &gt; "
		"manual &gt; pass; a new finding is ranked against pass).</p></footer>\n"
		"</body></html>\n");
	rc |= fwrite(b.buf, 1, b.len, out) != b.len;
	rc |= fflush(out) != 0;
	buf_release(&b);
	buf_release(&title);
	return rc ? -1 : 0;
}
