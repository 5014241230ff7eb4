/*
 * diff_report.h - `irscan diff` in words: the console text, -o json: and
 * -o html:.  policy/diff.h computes the changes; these only format them,
 * each escaping for its own format (as report.h's writers do).
 */
#ifndef IRSCAN_DIFF_REPORT_H
#define IRSCAN_DIFF_REPORT_H

#include <stdio.h>

#include "policy/diff.h"
#include "util/buf.h"

/*
 * reports/diff_text.c, shared by the writers (plain text, not escaped):
 * one setting change as people say it ("security contact e-mail removed
 * (was a@x)", "plan StorageAccounts Standard → Free", "export X
 * disabled"; an observed value irscan has no words for: "KEY: OLD →
 * NEW"), and a change's verdict ("pass → fail", "new: fail", "gone: was
 * fail").
 */
void diff_setting_text(struct buf *b, const struct diff_change *c, const struct diff_setting *s);
void diff_verdict_text(struct buf *b, const struct diff_change *c);
/* "new", "gone", "changed"; "worse", "better", "same". */
const char *diff_kind_name(enum diff_kind k);
const char *diff_trend_name(enum diff_trend t);
/* The exit code of a diff: 1 when anything got worse, else 0. */
int diff_exit_code(const struct diff *d);

typedef int (*diff_writer)(const struct diff *d, FILE *out);

/* The -o formats of `irscan diff` (json, html), by name; NULL: none. */
diff_writer diff_writer_for(const char *format);
/* Their names, for messages: "json or html". */
const char *diff_format_names(void);

int diff_json(const struct diff *d, FILE *out);
int diff_html(const struct diff *d, FILE *out);
/* The text for people (stdout by default); color: ANSI colours on. */
int diff_console(const struct diff *d, FILE *out, int color);

#endif
