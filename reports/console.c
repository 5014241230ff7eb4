/*
 * console.c - the summary for people running irscan in a terminal or a
 * CI log: a subscriptions x controls matrix, counts, the failing,
 * unreadable and manual findings, and why the exit code is what it is.  Strings
 * from Azure are escaped (buf_add_repr) so they cannot drive the
 * terminal.  Long runs are cut to a readable length; the reports hold
 * everything.
 */
#include "reports/report.h"
#include "reports/merge_text.h"
#include "model/shard.h"
#include "util/buf.h"
#include "util/version.h"

#include <string.h>

#define LIST_MAX 25
#define NAME_WIDTH 24
#define LABEL_WIDTH (NAME_WIDTH + 1 + 36)

static const char *status_color(enum status s)
{
	switch (s) {
	case STATUS_PASS: return "32";
	case STATUS_FAIL: return "31";
	case STATUS_ERROR: return "35";
	case STATUS_MANUAL: return "33";
	default: return "90";
	}
}

void report_add_status(struct buf *b, enum status s, int color, int width)
{
	const char *name = s == STATUS_UNSET ? "-" : status_name(s);

	if (color)
		buf_addf(b, "\033[%sm%-*s\033[0m", status_color(s), width, name);
	else
		buf_addf(b, "%-*s", width, name);
}

/*
 * "name (cut to width) id": the id is always shown whole.  Width counts
 * characters, and the cut never splits one (the escaped name is UTF-8).
 */
static void add_sub_label(struct buf *b, const struct sub_snapshot *sub)
{
	struct buf t = BUF_INIT;
	size_t i, chars = 0;

	if (sub->name)
		buf_add_repr(&t, sub->name, strlen(sub->name));
	for (i = 0; i < t.len; i++) {
		if (((unsigned char)t.buf[i] & 0xC0) == 0x80)
			continue;	/* inside a character */
		if (chars == NAME_WIDTH)
			break;
		chars++;
	}
	buf_addn(b, t.buf, i);
	for (; chars < NAME_WIDTH; chars++)
		buf_addch(b, ' ');
	buf_addf(b, " %s", sub->id);
	buf_release(&t);
}

/* The rows of the subscriptions of tenant (NULL: of every tenant). */
static void add_rows(struct buf *b, const struct report *r, int color, const char *tenant)
{
	size_t i, j;

	for (i = 0; i < r->snap->n; i++) {
		const struct sub_snapshot *sub = r->snap->subs[i];

		if (tenant && !report_sub_of_tenant(r, i, tenant))
			continue;
		buf_add(b, "  ");
		add_sub_label(b, sub);
		if (!sub->scanned) {
			buf_add(b, " skipped (state ");
			buf_add_repr(b, sub->state ? sub->state : "unknown",
				     strlen(sub->state ? sub->state : "unknown"));
			buf_add(b, ")\n");
			continue;
		}
		/* Columns of 14, the last one unpadded: no trailing blanks. */
		for (j = 0; j < r->controls_n; j++) {
			buf_addch(b, ' ');
			report_add_status(b, r->controls[j].verdicts[i], color,
				   j + 1 < r->controls_n ? 14 : 0);
		}
		buf_addch(b, '\n');
	}
}

static void add_matrix(struct buf *b, const struct report *r, int color)
{
	size_t j, t, tenants = report_tenant_groups(r);

	buf_addf(b, "  %-*s", LABEL_WIDTH, "subscription");
	for (j = 0; j < r->controls_n; j++)
		buf_addf(b, " %-*s", j + 1 < r->controls_n ? 14 : 0, r->controls[j].id);
	buf_addch(b, '\n');
	if (!tenants)
		add_rows(b, r, color, NULL);
	/* irscan merge of several tenants: a heading per tenant, with its counts. */
	for (t = 0; t < tenants; t++) {
		struct buf h = BUF_INIT;

		report_tenant_heading(&h, r, report_tenant_at(r, t));
		buf_add(b, "  ");
		buf_add_repr(b, h.buf, h.len);
		buf_add(b, ":\n");
		buf_release(&h);
		add_rows(b, r, color, report_tenant_at(r, t));
	}
}

static int same_group(const struct finding *a, const struct finding *b)
{
	return a->sub == b->sub && a->status == b->status &&
	       !strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

/*
 * One line per subscription and message: an unreadable dataset or a
 * missing contact fails several checks with the same words, and saying
 * it once, with the checks named, is what a person wants to read.
 */
static void add_list(struct buf *b, const struct report *r, enum status want,
		     const char *heading)
{
	struct finding_cursor fc;
	size_t i, j, shown = 0, total = 0;

	/* A group is one subscription's: within one block. */
	finding_cursor_open(&fc, r->findings);
	while (finding_cursor_block(&fc)) {
		const struct finding *items = fc.items;

		for (i = 0; i < fc.n; i = j) {
			const struct finding *f = &items[i];
			const char *who = f->sub->name ? f->sub->name : f->sub->id;

			for (j = i + 1; j < fc.n && same_group(f, &items[j]); j++)
				;
			if (f->status != want)
				continue;
			if (!total++)
				buf_addf(b, "%s:\n", heading);
			if (shown >= LIST_MAX)
				continue;
			shown++;
			buf_add(b, "  ");
			buf_add_repr(b, who, strlen(who));
			buf_add(b, ": ");
			if (f->message)
				buf_add_repr(b, f->message, strlen(f->message));
			buf_add(b, " [");
			for (; f < items + j; f++)
				buf_addf(b, "%s%s %s", f == &items[i] ? "" : ", ",
					 f->check->id, severity_name(f->check->severity));
			buf_add(b, "]\n");
		}
	}
	finding_cursor_close(&fc);
	if (total > shown)
		buf_addf(b, "  ... and %zu more (see the reports)\n", total - shown);
}

/*
 * --baseline: "2 new failures since 2026-12-01T10:00:00Z (baseline
 * r1.json): 2 new, 1 updated, 40 unchanged, 1 absent", what a CI log
 * reader wants first when only new failures gate the build.
 */
static void add_baseline(struct buf *b, const struct report *r)
{
	const struct baseline_cmp *c = r->baseline;
	const char *file = c->old->file ? c->old->file : "";

	report_baseline_lead(b, r);
	buf_add(b, " (baseline ");
	buf_add_repr(b, file, strlen(file));
	buf_addf(b, "): %zu new, %zu updated, %zu unchanged, %zu absent",
		 c->counts[BASELINE_NEW], c->counts[BASELINE_UPDATED],
		 c->counts[BASELINE_UNCHANGED], c->counts[BASELINE_ABSENT]);
	if (c->not_rescanned)
		buf_addf(b, ", %zu not rescanned", c->not_rescanned);
	buf_addch(b, '\n');
}

/*
 * The request count of report.h, labelled as what it is; offline it is
 * the bundle's, with how many of its responses the chosen checks read.
 */
static void add_requests(struct buf *b, const struct report *r)
{
	size_t read = r->snap ? r->snap->ev_n : 0;
	int part = r->offline && read < r->requests;

	buf_addf(b, r->offline ? ", evaluated offline from the bundle's %lu Resource "
		 "Manager requests" : ", %lu Resource Manager requests", r->requests);
	if (!r->retries && !part)
		return;
	buf_add(b, " (");
	if (r->retries)
		buf_addf(b, "%lu retried", r->retries);
	if (r->retries && r->waited_ms)
		buf_addf(b, ", %.1f s waited", (double)r->waited_ms / 1000.0);
	if (part)
		buf_addf(b, "%s%zu of them read for the selected checks",
			 r->retries ? "; " : "", read);
	buf_addch(b, ')');
}

void report_console(const struct report *r, FILE *out, int color)
{
	struct buf b = BUF_INIT;
	size_t scanned = 0, i;

	for (i = 0; r->snap && i < r->snap->n; i++)
		scanned += r->snap->subs[i]->scanned;
	buf_addf(&b, "irscan %s: framework %s, %zu subscription%s scanned",
		 IRSCAN_VERSION, framework_name(r->framework), scanned,
		 scanned == 1 ? "" : "s");
	if (r->snap && r->snap->n > scanned)
		buf_addf(&b, ", %zu skipped", r->snap->n - scanned);
	shard_describe(&b, r->cfg, r->snap, " (", ")");
	add_requests(&b, r);
	if (r->throttled_ms)
		buf_addf(&b, ", %.1f s held back by throttling", (double)r->throttled_ms / 1000.0);
	if (r->throttled)
		buf_addf(&b, ", %lu answer%s 429 (in %lu scope%s)", r->throttled,
			 r->throttled == 1 ? "" : "s", r->throttled_scopes,
			 r->throttled_scopes == 1 ? "" : "s");
	buf_addch(&b, '\n');
	if (r->merge) {
		struct buf m = BUF_INIT;

		report_merge_line(&m, r);
		buf_add_repr(&b, m.buf, m.len);
		buf_addch(&b, '\n');
		buf_release(&m);
	}
	if (r->baseline)
		add_baseline(&b, r);
	if (r->snap && r->snap->n)
		add_matrix(&b, r, color);
	buf_addf(&b, "findings: %zu pass, %zu fail, %zu error, %zu manual, "
		 "%zu waived, %zu not-applicable\n", r->summary[STATUS_PASS],
		 r->summary[STATUS_FAIL], r->summary[STATUS_ERROR],
		 r->summary[STATUS_MANUAL], r->summary[STATUS_WAIVED],
		 r->summary[STATUS_NOT_APPLICABLE]);
	add_list(&b, r, STATUS_FAIL, "failed");
	add_list(&b, r, STATUS_ERROR, "could not evaluate");
	add_list(&b, r, STATUS_MANUAL, "needs a person");
	buf_addf(&b, "exit %d: ", r->exit_code);
	buf_add_repr(&b, r->exit_reason, strlen(r->exit_reason));
	buf_addch(&b, '\n');
	fwrite(b.buf, 1, b.len, out);
	fflush(out);
	buf_release(&b);
}
