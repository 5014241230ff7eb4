/*
 * diff_console.c - `irscan diff` for people: per subscription and check
 * what changed, the settings behind it in words, the messages before and
 * after and both scans' request ids; then the counts and why the exit
 * code is what it is.  Strings from the reports (Azure's) are escaped
 * with buf_add_repr so they cannot drive the terminal; colours are the
 * console summary's (report_add_status).
 */
#include "reports/diff_report.h"
#include "reports/report.h"
#include "util/clock.h"

#include <string.h>
#include <strings.h>

/* A long diff is cut here; -o json: and -o html: hold every change. */
#define CHANGES_MAX 200

static void repr(struct buf *b, const char *s)
{
	buf_add_repr(b, s ? s : "", strlen(s ? s : ""));
}

static void scan_label(struct buf *b, const struct baseline *s)
{
	repr(b, s->file ? s->file : "-");
	buf_addf(b, " (%s", s->kind ? s->kind : "report");
	if (s->scanned) {
		buf_add(b, ", scanned ");
		clock_add_rfc3339(b, s->scanned);
	}
	buf_addch(b, ')');
}

/* The resource when it is not the subscription itself: its last segment. */
static void resource_label(struct buf *b, const struct baseline_finding *f)
{
	const char *r = f->resource, *slash;

	if (!r || (!strncasecmp(r, "/subscriptions/", 15) && !strchr(r + 15, '/')))
		return;
	slash = strrchr(r, '/');
	buf_addch(b, ' ');
	repr(b, slash && slash[1] ? slash + 1 : r);
}

static void verdict(struct buf *b, const struct diff_change *c, int color)
{
	static const char *const trend_color[] = { "90", "31", "32" };

	if (c->old && c->cur && c->old->status != c->cur->status) {
		report_add_status(b, c->old->status, color, 0);
		buf_add(b, " \xe2\x86\x92 ");
		report_add_status(b, c->cur->status, color, 0);
	} else {
		struct buf t = BUF_INIT;

		diff_verdict_text(&t, c);
		buf_add(b, t.buf);
		buf_release(&t);
	}
	if (c->trend == DIFF_SAME)
		return;
	if (color)
		buf_addf(b, "  \033[%sm(%s)\033[0m", trend_color[c->trend],
			 diff_trend_name(c->trend));
	else
		buf_addf(b, "  (%s)", diff_trend_name(c->trend));
}

static void request_ids(struct buf *b, const struct baseline_finding *f)
{
	size_t i;

	if (!f || !f->request_ids_n) {
		buf_add(b, "none");
		return;
	}
	for (i = 0; i < f->request_ids_n; i++) {
		buf_add(b, i ? ", " : "");
		repr(b, f->request_ids[i]);
	}
}

static void change(struct buf *b, const struct diff_change *c, int color)
{
	const struct baseline_finding *f = c->cur ? c->cur : c->old;
	size_t i;

	buf_add(b, "  ");
	repr(b, f->check);
	resource_label(b, f);
	buf_add(b, ": ");
	verdict(b, c, color);
	buf_addch(b, '\n');
	for (i = 0; i < c->settings_n; i++) {
		struct buf t = BUF_INIT;

		diff_setting_text(&t, c, &c->settings[i]);
		buf_add(b, "    ");
		repr(b, t.buf);
		buf_addch(b, '\n');
		buf_release(&t);
	}
	/* The messages say why; settings alone say it when the verdict held. */
	if (c->old && (!c->cur || c->old->status != c->cur->status || !c->settings_n)) {
		buf_add(b, "    before: ");
		repr(b, c->old->message);
		buf_addch(b, '\n');
	}
	if (c->cur && (!c->old || c->old->status != c->cur->status || !c->settings_n)) {
		buf_add(b, "    after: ");
		repr(b, c->cur->message);
		buf_addch(b, '\n');
	}
	buf_add(b, "    requests: ");
	request_ids(b, c->old);
	buf_add(b, " \xe2\x86\x92 ");
	request_ids(b, c->cur);
	buf_addch(b, '\n');
}

static void subscription(struct buf *b, const struct diff *d, const char *id)
{
	const char *name = diff_sub_name(d, id);

	buf_addch(b, '\n');
	if (name) {
		repr(b, name);
		buf_add(b, " (");
		repr(b, id);
		buf_add(b, ")\n");
	} else {
		repr(b, id);
		buf_addch(b, '\n');
	}
}

static void scope_list(struct buf *b, const char *what, const char **v, size_t n)
{
	size_t i;

	if (!n)
		return;
	buf_addf(b, "%s:", what);
	for (i = 0; i < n; i++) {
		buf_add(b, i ? ", " : " ");
		repr(b, v[i]);
	}
	buf_addch(b, '\n');
}

static void summary(struct buf *b, const struct diff *d)
{
	buf_addch(b, '\n');
	scope_list(b, "subscriptions only in OLD", d->subs_old_only, d->subs_old_only_n);
	scope_list(b, "subscriptions only in NEW", d->subs_new_only, d->subs_new_only_n);
	scope_list(b, "checks only in OLD", d->checks_old_only, d->checks_old_only_n);
	scope_list(b, "checks only in NEW", d->checks_new_only, d->checks_new_only_n);
	buf_addf(b, "%zu change%s: %zu worse, %zu better; %zu new, %zu gone, %zu "
		 "changed; %zu finding%s unchanged", d->n, d->n == 1 ? "" : "s",
		 d->worse, d->better, d->counts[DIFF_NEW], d->counts[DIFF_GONE],
		 d->counts[DIFF_CHANGED], d->unchanged, d->unchanged == 1 ? "" : "s");
	if (d->not_rescanned)
		buf_addf(b, "; %zu of OLD's not evaluated by NEW", d->not_rescanned);
	buf_addch(b, '\n');
	if (diff_exit_code(d))
		buf_addf(b, "exit 1: %zu finding%s got worse\n", d->worse,
			 d->worse == 1 ? "" : "s");
	else
		buf_addf(b, "exit 0: nothing got worse\n");
}

int diff_console(const struct diff *d, FILE *out, int color)
{
	struct buf b = BUF_INIT;
	const char *sub = NULL;
	size_t i;
	int rc;

	buf_add(&b, "irscan diff: ");
	scan_label(&b, d->old);
	buf_add(&b, " \xe2\x86\x92 ");
	scan_label(&b, d->cur);
	buf_addf(&b, ", framework %s\n", framework_name(d->cur->framework));
	for (i = 0; i < d->n && i < CHANGES_MAX; i++) {
		const struct diff_change *c = &d->items[i];
		const char *id = (c->cur ? c->cur : c->old)->subscription;

		if (!sub || strcasecmp(sub, id))
			subscription(&b, d, id);
		sub = id;
		change(&b, c, color);
	}
	if (d->n > CHANGES_MAX)
		buf_addf(&b, "\n... and %zu more changes (-o json:FILE or -o html:FILE "
			 "lists them all)\n", d->n - CHANGES_MAX);
	summary(&b, d);
	rc = fwrite(b.buf, 1, b.len, out) == b.len && !fflush(out) ? 0 : -1;
	buf_release(&b);
	return rc;
}
