/*
 * report.c - the table that `-o FORMAT` looks writers up in.  It sits
 * above the writers (it names each one); what the writers share is in
 * report_util.c, below them, so that no writer calls back into this file.
 */
#include "reports/report.h"

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
