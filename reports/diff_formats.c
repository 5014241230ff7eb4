/*
 * diff_formats.c - the -o formats of `irscan diff`, as report.c is the
 * scan's: the table the command line checks -o against and the app
 * writes with.  Apart from the wording (diff_text.c), which the writers
 * use, so that no two files use each other.
 */
#include "reports/diff_report.h"
#include "util/xmalloc.h"

#include <strings.h>

static const struct {
	const char *name;
	diff_writer write;
} formats[] = {
	{ "json", diff_json },
	{ "html", diff_html },
};

diff_writer diff_writer_for(const char *format)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcasecmp(format, formats[i].name))
			return formats[i].write;
	return NULL;
}

const char *diff_format_names(void)
{
	return "json or html";
}
