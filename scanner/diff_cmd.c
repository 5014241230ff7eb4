/*
 * diff_cmd.c - `irscan diff OLD NEW`: the app's part of it.  Loading is
 * baseline_input.c's (the same as --baseline), the comparison
 * policy/diff.c's and the words reports/'s; this checks that the two
 * scans can be compared, writes the outputs like a scan's (outfile.c:
 * checked before anything is read, replaced only when complete) and
 * decides the exit code.
 */
#include "diff_cmd.h"
#include "baseline_input.h"
#include "outfile.h"
#include "policy/diff.h"
#include "reports/diff_report.h"
#include "reports/report.h"
#include "util/msg.h"

#include <string.h>

/* One -o output of the diff; -1 when its writer fails. */
static int write_diff(const void *ctx, const struct output *o)
{
	diff_writer w = diff_writer_for(o->format->name);

	return w ? w(ctx, o->fp) : -1;
}

static int to_stdout(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->outputs_n; i++)
		if (!cfg->outputs[i].path)
			return 1;
	return 0;
}

static int comparable(const struct baseline *old, const struct baseline *cur)
{
	if (old->framework == cur->framework)
		return 0;
	return msg_usage("diff: OLD is a %s scan and NEW a %s scan: compare two scans "
			 "of one framework", framework_name(old->framework),
			 framework_name(cur->framework));
}

int diff_run(struct config *cfg)
{
	struct baseline old, cur;
	struct diff d;
	int rc = 2;

	memset(&old, 0, sizeof(old));
	memset(&cur, 0, sizeof(cur));
	if (outfile_check(cfg))
		return 2;
	/* A bundle is judged with its own recorded parameters: diff takes none. */
	if (baseline_input_load("diff: OLD", cfg->diff_old, cfg, 0, &old))
		goto out;
	if (baseline_input_load("diff: NEW", cfg->diff_new, cfg, 0, &cur) ||
	    comparable(&old, &cur))
		goto out;
	diff_compute(&old, &cur, &d);
	if (!cfg->quiet)
		diff_console(&d, to_stdout(cfg) ? stderr : stdout,
			     cfg->color && !to_stdout(cfg));
	/* Both or neither: a report that says nothing of what changed is no use. */
	rc = outfile_write_all(cfg, write_diff, &d) ? 2 : diff_exit_code(&d);
	diff_release(&d);
out:
	baseline_release(&cur);
	baseline_release(&old);
	return rc;
}
