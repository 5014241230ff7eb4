/*
 * report.c - the table that `-o FORMAT` looks writers up in, and the
 * plain-text pieces several writers share (they escape them for their
 * own format).
 */
#include "report.h"
#include "waivers.h"

static const struct {
	enum output_format format;
	report_writer write;
} writers[] = {
	{ OUT_JSON, report_json },
	{ OUT_JUNIT, report_junit },
	{ OUT_SARIF, report_sarif },
	{ OUT_HTML, report_html },
	{ OUT_REMEDIATION, report_remediation },
};

report_writer report_writer_for(enum output_format f)
{
	size_t i;

	for (i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (writers[i].format == f)
			return writers[i].write;
	return NULL;
}

void report_sub_label(struct buf *b, const struct sub_snapshot *sub)
{
	if (sub->name)
		buf_addf(b, "%s (%s)", sub->name, sub->id);
	else
		buf_add(b, sub->id);
}

void report_status_line(struct buf *b, const struct finding *f)
{
	const char *msg = f->message ? f->message : "";

	switch (f->status) {
	case STATUS_WAIVED:
		buf_addf(b, "waived (was %s): %s", status_name(f->waived_from), msg);
		if (f->waiver)
			buf_addf(b, "; waiver: %s, approved by %s, expires %s",
				 f->waiver->reason, f->waiver->approved_by, f->waiver->expires);
		break;
	case STATUS_MANUAL:
		buf_addf(b, "manual: %s", msg);
		break;
	default:
		buf_add(b, msg);
	}
}

void report_finding_text(struct buf *b, const struct finding *f)
{
	size_t i;

	report_status_line(b, f);
	buf_addf(b, "\n\nresource: %s\n", f->resource);
	if (f->obs_n) {
		buf_add(b, "\nobserved:\n");
		for (i = 0; i < f->obs_n; i++)
			buf_addf(b, "  %s: %s\n", f->obs[i].key, f->obs[i].value);
	}
	if (f->ev_n) {
		buf_add(b, "\nevidence:\n");
		for (i = 0; i < f->ev_n; i++) {
			const struct evidence *e = f->ev[i];

			buf_addf(b, "  %s %s -> %ld", e->method, e->url, e->status);
			if (e->request_id)
				buf_addf(b, " (x-ms-request-id %s)", e->request_id);
			if (e->error)
				buf_addf(b, " [%s]", e->error);
			if (e->file)
				buf_addf(b, " {evidence entry %lu, %s}", e->entry, e->file);
			buf_addch(b, '\n');
		}
	}
	buf_addf(b, "\nremediation:\n%s\n", f->check->remediation);
}
