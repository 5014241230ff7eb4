/*
 * report.c - the table of report formats: what `-o FORMAT` accepts, and
 * the writer of each.  --help, the option parser's messages and the
 * shell completion iterate it, so a format is added here once.  It sits
 * above the writers (it names each one); what the writers share is in
 * report_util.c, below them, so that no writer calls back into this file.
 */
#include "reports/report.h"

/* In the order --help and the completion list them. */
static const struct report_format formats[] = {
	{ .name = "json", .label = "json report", .write = report_json },
	{ .name = "junit", .label = "junit report", .write = report_junit },
	{ .name = "sarif", .label = "sarif report", .write = report_sarif },
	{ .name = "html", .label = "html report", .write = report_html },
	{ .name = "markdown", .label = "markdown summary", .write = report_markdown },
	{ .name = "csv", .label = "csv report", .write = report_csv },
	{ .name = "csv-bom", .label = "csv report", .write = report_csv_bom },
};

const struct report_format report_format_remediation = {
	.name = "remediation-script", .label = "remediation script",
	.write = report_remediation,
};

const struct report_format *report_format_at(size_t i)
{
	return i < sizeof(formats) / sizeof(formats[0]) ? &formats[i] : NULL;
}

report_writer report_writer_for(const struct report_format *f)
{
	return f ? f->write : NULL;
}
