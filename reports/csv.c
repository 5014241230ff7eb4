/*
 * csv.c - one row per finding for the auditor's spreadsheet: RFC 4180
 * (a header row, CRLF line ends, a field quoted when it holds a quote,
 * comma, CR or LF, and also a semicolon or tab, the separators other
 * locales read; quotes doubled), UTF-8 made valid as in the JSON report.
 * csv-bom is the same file after a UTF-8 byte order mark, which Excel
 * needs to read it as UTF-8; that is the only difference.
 *
 * A spreadsheet runs a cell that starts with = + - @ as a formula, and
 * some do so after a leading tab or CR: a subscription Azure names
 * "=HYPERLINK(...)" would be one (OWASP "CSV injection").  Every cell
 * that starts with one of those six gets a single quote in front, which
 * the spreadsheet shows as text; the README says so.  It is done for
 * every cell, not only Azure's, since no cell of ours starts with them.
 *
 * With --baseline, the baseline's findings this run no longer has follow
 * as rows in state "absent", with their status and message as they were.
 * Written row by row: memory does not grow with the report.
 */
#include "reports/report.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#include <string.h>

static const char header[] = "subscription_id,subscription_name,control,framework,check,"
	"status,severity,resource,message,baseline_state,request_ids";

struct csv {
	struct buf b;	/* the row being written */
	struct buf t;	/* one cell's text */
	FILE *out;
	int cells;	/* in the row so far */
	int failed;
};

static void cell(struct csv *c, const char *s)
{
	const char *p;

	if (!s)
		s = "";
	if (c->cells++)
		buf_addch(&c->b, ',');
	buf_reset(&c->t);
	buf_add_xml_chars(&c->t, s, strlen(s));
	if (c->t.len && strchr("=+-@\t\r", c->t.buf[0])) {
		buf_reset(&c->t);
		buf_addch(&c->t, '\'');
		buf_add_xml_chars(&c->t, s, strlen(s));
	}
	if (!c->t.buf[strcspn(c->t.buf, "\",\r\n;\t")]) {
		buf_addn(&c->b, c->t.buf, c->t.len);
		return;
	}
	buf_addch(&c->b, '"');
	for (p = c->t.buf; *p; p++) {
		if (*p == '"')
			buf_addch(&c->b, '"');
		buf_addch(&c->b, *p);
		/*
		 * Where ';' (or tab) is the list separator, Excel splits a row
		 * there whatever the quotes, so a formula starter after one
		 * begins a cell: it is neutralised like a first character.
		 */
		if (strchr(";,\t", *p) && p[1] && strchr("=+-@", p[1]))
			buf_addch(&c->b, '\'');
	}
	buf_addch(&c->b, '"');
}

static void end_row(struct csv *c)
{
	buf_add(&c->b, "\r\n");
	if (fwrite(c->b.buf, 1, c->b.len, c->out) != c->b.len)
		c->failed = 1;
	buf_reset(&c->b);
	c->cells = 0;
}

/* The x-ms-request-ids, separated by spaces, each once in a row. */
static void ids_cell(struct csv *c, const char *const *ids, size_t n)
{
	struct buf v = BUF_INIT;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!ids[i] || !*ids[i])
			continue;
		for (j = 0; j < i && (!ids[j] || strcmp(ids[j], ids[i])); j++)
			;
		if (j < i)
			continue;
		if (v.len)
			buf_addch(&v, ' ');
		buf_add(&v, ids[i]);
	}
	cell(c, v.buf);
	buf_release(&v);
}

static void finding_row(struct csv *c, const struct report *r, const struct finding *f)
{
	const char **ids = xcalloc(f->ev_n + 1, sizeof(*ids));
	unsigned i;

	for (i = 0; i < f->ev_n; i++)
		ids[i] = f->ev[i]->request_id;
	cell(c, f->sub->id);
	cell(c, f->sub->name);
	cell(c, f->controls[r->framework]);
	cell(c, framework_name(r->framework));
	cell(c, f->check->id);
	cell(c, status_name(f->status));
	cell(c, severity_name(f->check->severity));
	cell(c, f->resource);
	cell(c, f->message);
	cell(c, baseline_state_name(report_baseline_state(r, f)));
	ids_cell(c, ids, f->ev_n);
	end_row(c);
	free(ids);
}

/* A baseline finding this run no longer has, as the baseline had it. */
static void absent_row(struct csv *c, const struct report *r, const struct baseline_finding *f)
{
	cell(c, f->subscription);
	cell(c, f->subscription_name);
	cell(c, f->control);
	cell(c, framework_name(r->framework));
	cell(c, f->check);
	cell(c, status_name(f->status));
	cell(c, severity_name(f->severity));
	cell(c, f->resource);
	cell(c, f->message);
	cell(c, baseline_state_name(BASELINE_ABSENT));
	ids_cell(c, f->request_ids, f->request_ids_n);
	end_row(c);
}

static int write_csv(const struct report *r, FILE *out, int bom)
{
	struct csv c = { BUF_INIT, BUF_INIT, out, 0, 0 };
	struct finding_cursor fc;
	const struct finding *f;
	size_t i;

	if (bom)
		buf_add(&c.b, "\xEF\xBB\xBF");
	buf_add(&c.b, header);
	end_row(&c);
	finding_cursor_open(&fc, r->findings);
	while ((f = finding_cursor_next(&fc)))
		finding_row(&c, r, f);
	finding_cursor_close(&fc);
	for (i = 0; r->baseline && i < r->baseline->absent_n; i++)
		absent_row(&c, r, r->baseline->absent[i]);
	if (fflush(out))
		c.failed = 1;
	buf_release(&c.b);
	buf_release(&c.t);
	return c.failed ? -1 : 0;
}

int report_csv(const struct report *r, FILE *out)
{
	return write_csv(r, out, 0);
}

int report_csv_bom(const struct report *r, FILE *out)
{
	return write_csv(r, out, 1);
}
