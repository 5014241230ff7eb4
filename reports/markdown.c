/*
 * markdown.c - the short summary CI pages show: a GitHub job summary
 * ($GITHUB_STEP_SUMMARY, GitHub-flavoured Markdown, at most 1 MiB a
 * step), a GitLab merge request note, an Azure DevOps summary tab
 * (##vso[task.uploadsummary]).  The verdict and its reason, the counts,
 * what changed since the baseline, the controls x subscriptions table,
 * the failing and unevaluated findings (new ones first) and how to fix
 * each failing check; the other reports hold everything else.
 *
 * Bounded whatever the scan's size, so that it always fits a job
 * summary: at most SUB_MAX subscriptions in the table (the rest as
 * counts per control), LIST_MAX findings per list, and every string from
 * Azure or an input file cut to a number of characters (see the worst
 * case below).
 *
 * All three renderers take inline HTML (GitHub's sanitised), CommonMark
 * punctuation, GFM tables and autolinks, and GitLab turns "@name" into a
 * notification.  md_text() therefore writes a string so that nothing in
 * it is markup: HTML's < > & " as entities, every other ASCII
 * punctuation character backslash-escaped (so no link, image, heading,
 * emphasis, code span or table cell break can start), line breaks and
 * control characters as spaces, and a zero-width space before '@' (a
 * GFM autolink of an e-mail address and a mention both need a letter
 * right before it; escaping does not stop them).
 */
#include "reports/report.h"
#include "reports/merge_text.h"
#include "model/shard.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/version.h"
#include "util/xmalloc.h"

#include <string.h>

#define SUB_MAX 50		/* subscriptions in the table */
#define LIST_MAX 50		/* findings in one list */
#define NAME_MAX_CHARS 80	/* a subscription name, a check's title */
#define SUB_ID_MAX_CHARS 40	/* a subscription id: a GUID from Azure */
#define ID_MAX_CHARS 160	/* an ARM id, a file name */
#define TEXT_MAX_CHARS 240	/* a finding's message */
#define REASON_MAX_CHARS 1000	/* the exit reason, why the scan could not run */
/*
 * The worst case: a character escapes to at most 6 bytes ("&quot;"), so a
 * finding line is at most (80 + 40 + 240 + 160) * 6 bytes, 3.2 KB; two
 * lists of LIST_MAX, 320 KB; the absent list 50 * (80 + 80 + 160) * 6,
 * 96 KB; the table 50 rows of (80 + 40) * 6 bytes and the verdicts, 50
 * KB; the remediation of every check, 60 KB: about 530 KB, half of
 * GitHub's 1 MiB.  A real tenant's strings are short: 61 subscriptions
 * and 78 failures make 48 KB (tests/cli/0049-summaries.sh).
 */

#define ZWSP "\xE2\x80\x8B"	/* U+200B ZERO WIDTH SPACE */

/* ASCII punctuation CommonMark lets a backslash escape (spec 2.4), but & < > ". */
static const char md_punct[] = "!#$%'()*+,-./:;=?@[\\]^_`{|}~";

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* s as Markdown text that is nothing but text, cut to max characters. */
static void md_text(struct buf *b, const char *s, size_t max)
{
	struct buf t = BUF_INIT;
	const unsigned char *p, *end;
	size_t chars = 0;

	/* Valid UTF-8 first; C0 controls but tab, CR, LF already U+FFFD. */
	buf_add_xml_chars(&t, s ? s : "", s ? strlen(s) : 0);
	p = (const unsigned char *)t.buf;
	end = p + t.len;
	for (; p < end; p += utf8_len(*p)) {
		if (chars++ == max) {
			buf_add(b, "\xE2\x80\xA6");	/* ... */
			break;
		}
		if (*p < 0x20 || *p == 0x7F || (*p == 0xC2 && p[1] < 0xA0))
			buf_addch(b, ' ');	/* a line break, tab, C1 control */
		else if (*p == '&')
			buf_add(b, "&amp;");
		else if (*p == '<')
			buf_add(b, "&lt;");
		else if (*p == '>')
			buf_add(b, "&gt;");
		else if (*p == '"')
			buf_add(b, "&quot;");
		else if (*p == '@')
			buf_add(b, ZWSP "\\@");
		else if (*p < 0x80 && strchr(md_punct, *p))
			buf_addf(b, "\\%c", *p);
		else
			buf_addn(b, p, utf8_len(*p));
	}
	buf_release(&t);
}

static const char *status_mark(enum status s)
{
	switch (s) {
	case STATUS_PASS: return "\xE2\x9C\x85 pass";	/* check mark */
	case STATUS_FAIL: return "\xE2\x9D\x8C fail";	/* cross mark */
	case STATUS_ERROR: return "\xE2\x9A\xA0\xEF\xB8\x8F error";	/* warning */
	case STATUS_MANUAL: return "\xF0\x9F\x91\xA4 manual";	/* bust */
	case STATUS_UNSET: return "\xE2\x80\x93";	/* en dash */
	default: return status_name(s);
	}
}

static void sub_label(struct buf *b, const struct sub_snapshot *sub)
{
	if (sub->name) {
		md_text(b, sub->name, NAME_MAX_CHARS);
		buf_add(b, " (");
		md_text(b, sub->id, SUB_ID_MAX_CHARS);
		buf_addch(b, ')');
	} else {
		md_text(b, sub->id, SUB_ID_MAX_CHARS);
	}
}

static void heading(struct buf *b, const struct report *r)
{
	const char *word, *cls = report_verdict(r, &word);
	const char *mark = !strcmp(cls, "pass") ? status_mark(STATUS_PASS) :
			   !strcmp(cls, "fail") ? status_mark(STATUS_FAIL) :
			   !strcmp(cls, "error") ? status_mark(STATUS_ERROR) :
			   status_mark(STATUS_MANUAL);
	size_t scanned = 0, i;
	int s;

	/* The mark's emoji only: status_mark() also has the word. */
	buf_addf(b, "## %.*s irscan: %s\n\n", (int)strcspn(mark, " "), mark, word);
	buf_addf(b, "**Exit %d**: ", r->exit_code);
	md_text(b, r->exit_reason, REASON_MAX_CHARS);
	for (i = 0; r->snap && i < r->snap->n; i++)
		scanned += r->snap->subs[i]->scanned;
	buf_addf(b, "\n\nFramework %s, %zu subscription%s scanned", framework_name(r->framework),
		 scanned, scanned == 1 ? "" : "s");
	if (r->snap && r->snap->n > scanned)
		buf_addf(b, " (%zu skipped)", r->snap->n - scanned);
	shard_describe(b, r->cfg, r->snap, ", ", "");
	buf_add(b, r->offline ? ", evaluated offline from a bundle scanned " : ", started ");
	clock_add_rfc3339(b, r->started);
	buf_add(b, ", irscan " IRSCAN_VERSION ".\n\n|");
	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		buf_addf(b, " %s |", status_name((enum status)s));
	buf_add(b, "\n|");
	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		buf_add(b, "---:|");
	buf_add(b, "\n|");
	for (s = STATUS_PASS; s < STATUS__COUNT; s++)
		buf_addf(b, " %zu |", r->summary[s]);
	buf_add(b, "\n\n");
}

/* What changed since --baseline, as the HTML and the console lead with it. */
static void baseline_line(struct buf *b, const struct report *r)
{
	const struct baseline_cmp *c = r->baseline;

	if (!c)
		return;
	buf_add(b, "**");
	report_baseline_lead(b, r);
	buf_add(b, "** (baseline ");
	md_text(b, c->old->file, ID_MAX_CHARS);
	buf_addf(b, "): %zu new, %zu updated, %zu unchanged, %zu absent (fixed or gone) findings",
		 c->counts[BASELINE_NEW], c->counts[BASELINE_UPDATED],
		 c->counts[BASELINE_UNCHANGED], c->counts[BASELINE_ABSENT]);
	if (c->not_rescanned)
		buf_addf(b, "; %zu not evaluated again by this run", c->not_rescanned);
	buf_add(b, ".\n\n");
}

static void matrix_row(struct buf *b, const struct report *r, size_t i)
{
	const struct sub_snapshot *sub = r->snap->subs[i];
	size_t c;

	buf_add(b, "| ");
	sub_label(b, sub);
	buf_add(b, " |");
	for (c = 0; c < r->controls_n; c++) {
		if (!sub->scanned)
			buf_add(b, c ? " |" : " skipped |");
		else
			buf_addf(b, " %s |", status_mark(r->controls[c].verdicts[i]));
	}
	buf_addch(b, '\n');
}

/* The subscriptions past SUB_MAX: per control, how many of each verdict. */
static void matrix_rest(struct buf *b, const struct report *r, size_t *counts, size_t rest,
			size_t skipped)
{
	size_t c;
	int s;

	buf_addf(b, "| *%zu more subscription%s", rest, rest == 1 ? "" : "s");
	if (skipped)
		buf_addf(b, ", %zu skipped", skipped);
	buf_add(b, "* |");
	for (c = 0; c < r->controls_n; c++) {
		const char *sep = " ";

		for (s = STATUS_PASS; s < STATUS__COUNT; s++)
			if (counts[c * STATUS__COUNT + (size_t)s]) {
				buf_addf(b, "%s%zu %s", sep, counts[c * STATUS__COUNT + (size_t)s],
					 status_name((enum status)s));
				sep = ", ";
			}
		buf_add(b, " |");
	}
	buf_addch(b, '\n');
}

#define MATRIX_HEADING "### Controls \xC3\x97 subscriptions\n\n"

static void matrix(struct buf *b, const struct report *r, const char *tenant)
{
	size_t *counts = xcalloc(r->controls_n * STATUS__COUNT + 1, sizeof(*counts));
	size_t c, i, shown = 0, skipped = 0;
	int rank;

	if (!tenant)
		buf_add(b, MATRIX_HEADING);
	buf_add(b, "| subscription |");
	for (c = 0; c < r->controls_n; c++) {
		buf_addch(b, ' ');
		md_text(b, r->controls[c].id, NAME_MAX_CHARS);
		buf_add(b, " |");
	}
	buf_add(b, "\n|---|");
	for (c = 0; c < r->controls_n; c++)
		buf_add(b, ":-:|");
	buf_addch(b, '\n');
	/* The worst first, as in the HTML: failing, error, manual, pass, skipped. */
	for (rank = 4; rank >= -2; rank--)
		for (i = 0; i < r->snap->n; i++) {
			if (report_sub_rank(r, i) != rank ||
			    (tenant && !report_sub_of_tenant(r, i, tenant)))
				continue;
			if (shown++ < SUB_MAX) {
				matrix_row(b, r, i);
				continue;
			}
			skipped += !r->snap->subs[i]->scanned;
			for (c = 0; r->snap->subs[i]->scanned && c < r->controls_n; c++)
				counts[c * STATUS__COUNT + r->controls[c].verdicts[i]]++;
		}
	if (shown > SUB_MAX)
		matrix_rest(b, r, counts, shown - SUB_MAX, skipped);
	buf_addch(b, '\n');
	free(counts);
}

static void finding_line(struct buf *b, const struct report *r, const struct finding *f)
{
	struct buf st = BUF_INIT;

	/* "new since the baseline: ", "updated since the baseline (was pass): " */
	report_baseline_prefix(&st, r, f);
	buf_add(b, "- ");
	if (st.len > 2)
		buf_addf(b, "**%.*s** ", (int)(st.len - 2), st.buf);
	buf_release(&st);
	buf_addf(b, "**%s** [`%s`](" REPORT_HELP_URI ") on ", severity_name(f->check->severity),
		 f->check->id);
	sub_label(b, f->sub);
	buf_add(b, ": ");
	md_text(b, f->message, TEXT_MAX_CHARS);
	buf_add(b, " \xE2\x80\x94 ");	/* em dash */
	md_text(b, f->resource, ID_MAX_CHARS);
	buf_addch(b, '\n');
}

/*
 * Is f one to list first: new in its status since the baseline (a
 * failure: worse, as --fail-on-new counts; an error: one the baseline did
 * not have)?
 */
static int leads(const struct report *r, const struct finding *f)
{
	const struct baseline_cmp *c = r->baseline;

	if (!c)
		return 0;
	if (f->status == STATUS_FAIL)
		return baseline_worse(c, f->index);
	return !c->prior[f->index] || c->prior[f->index]->status != f->status;
}

/* The findings of one status, those worse than the baseline first. */
static void finding_list(struct buf *b, const struct report *r, enum status want,
			 const char *title)
{
	struct finding_cursor fc;
	const struct finding *f;
	size_t total = 0, first = 0, shown = 0;
	int pass;

	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		if (f->status == want) {
			total++;
			first += leads(r, f);
		}
	if (!total) {
		finding_cursor_close(&fc);
		return;
	}
	buf_addf(b, "### %s (%zu", title, total);
	if (r->baseline)
		buf_addf(b, ", %zu new since the baseline", first);
	buf_add(b, ")\n\n");
	for (pass = r->baseline ? 0 : 1; pass < 2; pass++) {
		finding_cursor_rewind(&fc);
		while (shown < LIST_MAX && (f = finding_cursor_next(&fc))) {
			if (f->status != want || leads(r, f) != !pass)
				continue;
			finding_line(b, r, f);
			shown++;
		}
	}
	finding_cursor_close(&fc);
	if (total > shown)
		buf_addf(b, "- \xE2\x80\xA6 and %zu more (the JSON, HTML and CSV reports list them all)\n",
			 total - shown);
	buf_addch(b, '\n');
}

/* Baseline findings this run no longer has (fixed, or the resource gone). */
static void absent_list(struct buf *b, const struct report *r)
{
	const struct baseline_cmp *c = r->baseline;
	size_t i;

	if (!c || !c->absent_n)
		return;
	buf_addf(b, "### Absent since the baseline (%zu)\n\n", c->absent_n);
	for (i = 0; i < c->absent_n && i < LIST_MAX; i++) {
		const struct baseline_finding *f = c->absent[i];

		/* The baseline is an input file: its check id is escaped too. */
		buf_addf(b, "- was **%s** ", status_name(f->status));
		md_text(b, f->check, NAME_MAX_CHARS);
		buf_add(b, " on ");
		md_text(b, f->subscription_name ? f->subscription_name : f->subscription,
			NAME_MAX_CHARS);
		buf_add(b, ": ");
		md_text(b, f->resource, ID_MAX_CHARS);
		buf_addch(b, '\n');
	}
	if (c->absent_n > LIST_MAX)
		buf_addf(b, "- \xE2\x80\xA6 and %zu more\n", c->absent_n - LIST_MAX);
	buf_addch(b, '\n');
}

/* Which of r->checks (n of them) fail somewhere: one pass over the findings. */
static unsigned char *failing_checks(const struct report *r, size_t n)
{
	unsigned char *fails = xcalloc(n + 1, 1);
	struct finding_cursor fc;
	const struct finding *f;
	size_t i;

	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		for (i = 0; f->status == STATUS_FAIL && i < n; i++)
			if (r->checks[i] == f->check)
				fails[i] = 1;
	finding_cursor_close(&fc);
	return fails;
}

/*
 * A line of a check's remediation (irscan's text, not Azure's): a "CLI:"
 * line as a code block to copy, the others as text, indented into the
 * list item.
 */
static void remediation_line(struct buf *b, const char *line)
{
	if (!strncmp(line, "CLI: ", 5) && !strstr(line, "```")) {
		buf_addf(b, "\n  CLI:\n\n  ```sh\n  %s\n  ```\n", line + 5);
		return;
	}
	buf_add(b, "\n  ");
	md_text(b, line, 2000);
	buf_addch(b, '\n');
}

/* Each failing check once: its remediation, a paragraph per line. */
static void how_to_fix(struct buf *b, const struct report *r)
{
	const struct check *const *c;
	unsigned char *fails;
	size_t n_checks = 0;
	int any = 0;

	for (c = r->checks; c && *c; c++)
		n_checks++;
	fails = failing_checks(r, n_checks);
	for (c = r->checks; c && *c; c++) {
		const char *text = (*c)->remediation;

		if (!fails[c - r->checks])
			continue;
		if (!any++)
			buf_add(b, "### How to fix\n\n");
		buf_addf(b, "- [`%s`](" REPORT_HELP_URI ") (%s): ", (*c)->id,
			 severity_name((*c)->severity));
		md_text(b, (*c)->title, NAME_MAX_CHARS);
		buf_addch(b, '\n');
		while (*text) {
			size_t n = strcspn(text, "\n");
			char *line = xstrndup(text, n);

			remediation_line(b, line);
			free(line);
			text += n + strspn(text + n, "\n ");
		}
		buf_addch(b, '\n');
	}
	free(fails);
}

/* One matrix, or (irscan merge of several tenants) one per tenant under its heading. */
static void tenant_matrices(struct buf *b, const struct report *r)
{
	size_t t, tenants = report_tenant_groups(r);
	struct buf h = BUF_INIT;

	if (!tenants)
		matrix(b, r, NULL);
	else
		buf_add(b, MATRIX_HEADING);
	for (t = 0; t < tenants; t++) {
		buf_reset(&h);
		report_tenant_heading(&h, r, report_tenant_at(r, t));
		buf_add(b, "#### ");
		md_text(b, h.buf, REASON_MAX_CHARS);
		buf_add(b, "\n\n");
		matrix(b, r, report_tenant_at(r, t));
	}
	buf_release(&h);
}

int report_markdown(const struct report *r, FILE *out)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	heading(&b, r);
	if (r->merge) {
		struct buf m = BUF_INIT;

		report_merge_line(&m, r);
		buf_add(&b, "**");
		md_text(&b, m.buf, REASON_MAX_CHARS);
		buf_add(&b, "**\n\n");
		buf_release(&m);
	}
	baseline_line(&b, r);
	if (r->fatal) {
		buf_add(&b, "The scan could not run: ");
		md_text(&b, r->fatal, REASON_MAX_CHARS);
		buf_add(&b, "\n\n");
	}
	if (r->snap && r->snap->n && r->controls_n)
		tenant_matrices(&b, r);
	finding_list(&b, r, STATUS_FAIL, "Failing findings");
	finding_list(&b, r, STATUS_ERROR, "Could not evaluate");
	absent_list(&b, r);
	how_to_fix(&b, r);
	buf_add(&b, "*irscan " IRSCAN_VERSION ": the JSON, HTML, SARIF and CSV reports "
		"hold every finding and its evidence.*\n");
	if (fwrite(b.buf, 1, b.len, out) != b.len || fflush(out))
		rc = -1;
	buf_release(&b);
	return rc;
}
