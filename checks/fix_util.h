/*
 * fix_util.h - what a check's fix writes with: the `az` blocks of
 * --remediation-script (reports/remediation.c) come from the checks,
 * each check's from its own file through `struct check_fix`.
 *
 * The script is for a person to review and run; irscan never runs it.
 * Nothing from Azure reaches a command unless it passes fix_is_safe()
 * (a strict character allow-list) and is single-quoted; everything else
 * from Azure appears only in comments written by fix_comment(), escaped,
 * so no newline can end a comment and no byte can drive the reader's
 * terminal.  What only the user knows (the export workspace, the response
 * Logic App, a criticality value) comes from environment variables the
 * script checks before it uses them (fix_environment, fix_functions).
 */
#ifndef IRSCAN_FIX_UTIL_H
#define IRSCAN_FIX_UTIL_H

#include "checks/check.h"
#include "util/buf.h"

#define FIX_NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define FIX_ID_CHARS FIX_NAME_CHARS "/._-()"

/*
 * One subscription's part of the script, as a fix sees it: its findings
 * (items[from..to), in report order) and the scan's parameters.
 */
struct fix_ctx {
	const struct finding *items;
	size_t from, to;
	const char *sub;		/* the subscription id, a GUID */
	const struct config *cfg;	/* NULL when not known */
	const struct check_fix *fix;	/* the block being written (one of its fixes) */
};

/*
 * A check's block in the script.  For each subscription with failing
 * findings, the remediation writer calls write() once per .order among
 * their checks' fixes, in ascending order.  Checks that share one `az`
 * change share a block: their fixes have the same order and the same
 * write(), which sees every check's findings; other fixes never share an
 * order (tests/unit/test_fix.c checks both).  The block ends with an
 * empty line.
 */
struct check_fix {
	unsigned order;
	void (*write)(struct buf *b, const struct fix_ctx *x);
};

/*
 * The environment variables the blocks read (comment lines for the top of
 * the script), and the shell functions they call (put_contact, put_plan,
 * put_setting, enforce_plan, export_events, respond_to_events, need...).
 */
extern const char fix_environment[];
extern const char fix_functions[];

/* s is non-empty, at most max bytes, and made only of `allowed`. */
int fix_is_safe(const char *s, const char *allowed, size_t max);
/* A comment line: prefix, then text escaped (buf_add_repr). */
void fix_comment(struct buf *b, const char *prefix, const char *text);
/*
 * The next failing finding of this block from items[*i] on (leaving *i
 * past it), or NULL at the end: `i = x->from; while ((f = fix_next(x, &i)))`.
 */
const struct finding *fix_next(const struct fix_ctx *x, size_t *i);
/* The check of this fix's first failing finding (a single check's own). */
const struct check *fix_check(const struct fix_ctx *x);

#endif
