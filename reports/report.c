/*
 * report.c - the table that `-o FORMAT` looks writers up in.
 */
#include "report.h"

static const struct {
	enum output_format format;
	report_writer write;
} writers[] = {
	{ OUT_JSON, report_json },
};

report_writer report_writer_for(enum output_format f)
{
	size_t i;

	for (i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (writers[i].format == f)
			return writers[i].write;
	return NULL;
}
