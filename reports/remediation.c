/*
 * remediation.c - --remediation-script: a bash script of `az` commands
 * that would fix the failing findings, one block per subscription, for a
 * person to review and run.  irscan only writes it, never runs it.
 *
 * This file writes the frame: the header, the shell functions, and per
 * subscription the findings to fix as comments.  What fixes a finding
 * is its check's: the check's `fix` (checks/fix_util.h) writes the `az`
 * commands, each check in its own file, and the rules for what from
 * Azure may reach a command are there too.
 */
#include "reports/report.h"
#include "checks/fix_util.h"
#include "model/resid.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/version.h"

#include <string.h>

static int has_status(const struct fix_ctx *s, enum status st)
{
	size_t i;

	for (i = s->from; i < s->to; i++)
		if (s->items[i].status == st)
			return 1;
	return 0;
}

/*
 * The fix to write after `after` (the first when NULL): the next in
 * .order among the checks with a failing finding here.  Checks that
 * share a fix share one block.
 */
static const struct check_fix *next_fix(const struct fix_ctx *s,
					const struct check_fix *after)
{
	const struct check_fix *best = NULL;
	size_t i;

	for (i = s->from; i < s->to; i++) {
		const struct check_fix *fx = s->items[i].check->fix;

		if (s->items[i].status != STATUS_FAIL || !fx ||
		    (after && fx->order <= after->order))
			continue;
		if (!best || fx->order < best->order)
			best = fx;
	}
	return best;
}

/* The findings of this block, as comments: what the block is about. */
static void list_findings(struct buf *b, const struct fix_ctx *s, size_t *to_fix)
{
	size_t i;

	for (i = s->from; i < s->to; i++) {
		const struct finding *f = &s->items[i];

		if (f->status != STATUS_FAIL && f->status != STATUS_ERROR)
			continue;
		buf_addf(b, "#   %-5s %s: ", status_name(f->status), f->check->id);
		buf_add_repr(b, f->message ? f->message : "", f->message ? strlen(f->message) : 0);
		buf_addch(b, '\n');
		*to_fix += f->status == STATUS_FAIL;
	}
}

static void add_block(struct buf *b, const struct sub_snapshot *sub, const struct fix_ctx *s)
{
	const struct check_fix *fx;
	size_t to_fix = 0;
	struct buf label = BUF_INIT;

	report_sub_label(&label, sub);
	buf_add(b, "\n# --------------------------------------------------------------------\n");
	fix_comment(b, "# Subscription ", label.buf);
	buf_release(&label);
	if (!sub->scanned) {
		buf_add(b, "# not scanned (Disabled or Deleted): nothing to do.\n");
		return;
	}
	list_findings(b, s, &to_fix);
	if (!resid_is_guid(sub->id, strlen(sub->id))) {
		buf_add(b, "# not scripted: the subscription id has unexpected characters.\n");
		return;
	}
	if (!to_fix) {
		buf_add(b, s->to > s->from && has_status(s, STATUS_ERROR) ?
			"# nothing scripted: irscan could not read what the errors above "
			"name; grant the read access and scan again.\n" :
			"# nothing to fix.\n");
		return;
	}
	buf_add(b, "# --------------------------------------------------------------------\n");
	for (fx = next_fix(s, NULL); fx; fx = next_fix(s, fx)) {
		struct fix_ctx x = *s;

		x.fix = fx;
		fx->write(b, &x);
	}
}

static void add_header(struct buf *b, const struct report *r)
{
	buf_add(b, "#!/usr/bin/env bash\n# irscan remediation script, written by irscan ");
	buf_add(b, IRSCAN_VERSION);
	buf_add(b, " on ");
	clock_add_rfc3339(b, r->finished ? r->finished : r->started);
	buf_addf(b, " (framework %s%s).\n", framework_name(r->framework),
		 r->offline ? ", from an evidence bundle" : "");
	buf_add(b,
		"#\n"
		"# REVIEW EVERY BLOCK BEFORE RUNNING IT.  irscan never runs this script.\n"
		"# Each block changes one subscription with `az` so that its failing\n"
		"# findings pass; errors (data irscan could not read) are listed but not\n"
		"# scripted.  Sign in with `az login` as an identity with Security Admin\n"
		"# on the subscriptions (plus Contributor for the automation resource\n"
		"# group, Tag Contributor for tags, Logic App Contributor to enable a\n"
		"# Logic App).  The script stops at the first command that fails.\n"
		"#\n");
	buf_add(b, fix_environment);
	buf_add(b, "#\n# Then scan again to confirm.\n\n");
	buf_add(b, fix_functions);
}

int report_remediation(const struct report *r, FILE *out)
{
	struct buf b = BUF_INIT;
	struct finding_cursor fc;
	size_t i;

	add_header(&b, r);
	finding_cursor_open(&fc, r->findings);
	for (i = 0; r->snap && i < r->snap->n; i++) {
		const struct sub_snapshot *sub = r->snap->subs[i];
		struct fix_ctx s = { .sub = sub->id, .cfg = r->cfg };

		/* Findings come in the snapshot's order (by id): a block each. */
		if (finding_cursor_block_of(&fc, sub)) {
			s.items = fc.items;
			s.to = fc.n;
		}
		add_block(&b, sub, &s);
		while (finding_cursor_block_of(&fc, sub)) {	/* read in two bundle parts */
			s.items = fc.items;
			s.to = fc.n;
			add_block(&b, sub, &s);
		}
		if (b.len > 1 << 20) {
			fwrite(b.buf, 1, b.len, out);
			buf_reset(&b);
		}
	}
	finding_cursor_close(&fc);
	buf_add(&b, "\necho 'irscan-remediation: done; scan again to confirm.' >&2\n");
	fwrite(b.buf, 1, b.len, out);
	buf_release(&b);
	return fflush(out) || ferror(out) ? -1 : 0;
}
