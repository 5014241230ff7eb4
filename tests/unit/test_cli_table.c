/*
 * test_cli_table.c - the option table (scanner/cli_table.c) and the
 * report formats' table (reports/report.c) as the parser, --help and the
 * completion use them.  Every case iterates the tables rather than
 * naming their rows, so a row added later is tested too: a format after
 * html, an option with a range or a choice list.
 */
#include "t.h"
#include "cli_table.h"
#include "completion.h"
#include "reports/report.h"
#include "util/buf.h"

#include <stdlib.h>

/* cli_parse of argv (NULL-terminated) into a fresh config. */
static int parse(struct config *cfg, const char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	config_init(cfg);
	return cli_parse(argc, (char **)argv, cfg);
}

/* Parse "irscan list-checks --NAME=VALUE": 0 when accepted. */
static int parse_one(const char *name, const char *value)
{
	struct buf opt = BUF_INIT;
	const char *argv[] = { "irscan", "list-checks", NULL, NULL };
	struct config cfg;
	int rc;

	buf_addf(&opt, "--%s=%s", name, value);
	argv[2] = opt.buf;
	rc = parse(&cfg, argv);
	config_release(&cfg);
	buf_release(&opt);
	return rc;
}

/* What a function writes to a FILE, into b. */
static void capture(struct buf *b, void (*write)(FILE *out))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	write(f);
	fclose(f);
	buf_addn(b, text, len);
	free(text);
}

static void write_help(FILE *out)
{
	cli_print_help(out);
}

static void write_completion(FILE *out)
{
	completion_print(out, "bash");
}

void test_cli_table__every_format_parsed(void)
{
	const struct report_format *f;
	size_t i;

	for (i = 0; (f = report_format_at(i)); i++) {
		struct buf spec = BUF_INIT;
		const char *argv[] = { "irscan", "list-checks", "-o", NULL, NULL };
		struct config cfg;

		buf_addf(&spec, "%s:out.%zu", f->name, i);
		argv[3] = spec.buf;
		T_EQ_INT(spec.buf, 0, parse(&cfg, argv));
		T_EQ_INT("outputs", 1, cfg.outputs_n);
		if (cfg.outputs_n) {
			T_ASSERT(cfg.outputs[0].format == f);
			T_ASSERT(report_writer_for(cfg.outputs[0].format) == f->write);
		}
		config_release(&cfg);
		buf_release(&spec);
	}
	T_ASSERT(i >= 4);
	T_ASSERT(parse_one("output", "no-such-format") != 0);
}

void test_cli_table__remediation_is_no_o_format(void)
{
	const char *argv[] = { "irscan", "list-checks", "--remediation-script", "fix.sh", NULL };
	const struct report_format *f;
	struct config cfg;
	size_t i;

	for (i = 0; (f = report_format_at(i)); i++)
		T_ASSERT(f != &report_format_remediation);
	T_ASSERT(parse_one("output", report_format_remediation.name) != 0);
	T_EQ_INT("--remediation-script", 0, parse(&cfg, argv));
	T_ASSERT(cfg.outputs_n == 1 && cfg.outputs[0].format == &report_format_remediation);
	config_release(&cfg);
}

void test_cli_table__help_and_completion_list_every_format(void)
{
	struct buf help = BUF_INIT, script = BUF_INIT, list = BUF_INIT;
	const struct report_format *f;
	size_t i;

	capture(&help, write_help);
	capture(&script, write_completion);
	for (i = 0; (f = report_format_at(i)); i++)
		buf_addf(&list, "%s%s", i ? " " : "", f->name);
	/* _irscan_output's word list: every format, in the table's order. */
	buf_addch(&list, '\'');
	T_CONTAINS("completion", script.buf, list.buf);
	/* The -o line: "FORMAT json, junit, sarif or html;". */
	buf_reset(&list);
	buf_add(&list, "FORMAT ");
	for (i = 0; (f = report_format_at(i)); i++)
		buf_addf(&list, "%s%s", !i ? "" : report_format_at(i + 1) ? ", " : " or ",
			 f->name);
	buf_addch(&list, ';');
	T_CONTAINS("--help", help.buf, list.buf);
	buf_release(&help);
	buf_release(&script);
	buf_release(&list);
}

/* Every choice of every option with a list: accepted in any case, and completed. */
void test_cli_table__choices_accepted_and_completed(void)
{
	struct buf script = BUF_INIT, words = BUF_INIT;
	struct cli_option o;
	size_t i, j;

	capture(&script, write_completion);
	for (i = 0; cli_option(i, &o); i++) {
		const struct option_def *d = cli_find_long(o.name);

		if (!o.choices || d->type != ARG_CHOICE)
			continue;
		buf_reset(&words);
		buf_add(&words, "'");
		for (j = 0; o.choices(j); j++) {
			struct buf upper = BUF_INIT;
			size_t k;

			T_EQ_INT(o.choices(j), 0, parse_one(o.name, o.choices(j)));
			buf_add(&upper, o.choices(j));
			for (k = 0; k < upper.len; k++)
				if (upper.buf[k] >= 'a' && upper.buf[k] <= 'z')
					upper.buf[k] = (char)(upper.buf[k] - 'a' + 'A');
			T_EQ_INT(upper.buf, 0, parse_one(o.name, upper.buf));
			buf_release(&upper);
			buf_addf(&words, "%s%s", j ? " " : "", o.choices(j));
		}
		buf_add(&words, "'");
		T_ASSERT(j > 1);
		T_CONTAINS(o.name, script.buf, words.buf);
		T_ASSERT(parse_one(o.name, "no-such-value") != 0);
	}
	buf_release(&script);
	buf_release(&words);
}

/* Every number: its bounds accepted, one past them refused. */
void test_cli_table__number_ranges(void)
{
	struct cli_option o;
	size_t i, n = 0;

	for (i = 0; cli_option(i, &o); i++) {
		const struct option_def *d = cli_find_long(o.name);
		char v[32];

		if (d->type != ARG_NUMBER)
			continue;
		n++;
		T_ASSERT(d->min <= d->max);
		snprintf(v, sizeof(v), "%ld", d->min);
		T_EQ_INT(o.name, 0, parse_one(o.name, v));
		snprintf(v, sizeof(v), "%ld", d->max);
		T_EQ_INT(o.name, 0, parse_one(o.name, v));
		snprintf(v, sizeof(v), "%ld", d->min - 1);
		T_ASSERT(parse_one(o.name, v) != 0);
		snprintf(v, sizeof(v), "%ld", d->max + 1);
		T_ASSERT(parse_one(o.name, v) != 0);
		T_ASSERT(parse_one(o.name, "1x") != 0);
	}
	T_ASSERT(n > 0);
}

/* A number is stored in the config's unit: seconds as ms, MB as bytes. */
void test_cli_table__number_units(void)
{
	const char *argv[] = { "irscan", "list-checks", "--timeout", "7",
			       "--max-response-mb", "3", "--deadline", "2m", NULL };
	struct config cfg;

	T_EQ_INT("parse", 0, parse(&cfg, argv));
	T_EQ_INT("timeout_ms", 7000, cfg.timeout_ms);
	T_EQ_INT("max_body_bytes", 3L * 1024 * 1024, cfg.max_body_bytes);
	T_EQ_INT("deadline_ms", 120000, cfg.deadline_ms);
	config_release(&cfg);
}

/* Every option that takes no value is stored (none is left unhandled). */
void test_cli_table__every_flag_stored(void)
{
	struct cli_option o;
	size_t i;

	for (i = 0; cli_option(i, &o); i++) {
		struct buf opt = BUF_INIT;
		const char *argv[] = { "irscan", "verify", "dir", NULL, NULL };
		struct config cfg;

		if (o.arg)
			continue;
		buf_addf(&opt, "--%s", o.name);
		argv[3] = opt.buf;
		T_EQ_INT(opt.buf, 0, parse(&cfg, argv));
		config_release(&cfg);
		buf_release(&opt);
	}
}

/* Options that change verdicts are remembered for --offline. */
void test_cli_table__given(void)
{
	const char *argv[] = { "irscan", "list-checks", "--framework", "mcsb-v1",
			       "--timeout", "5", NULL };
	struct config cfg;

	T_EQ_INT("parse", 0, parse(&cfg, argv));
	T_EQ_INT("framework given", 1, GIVEN(&cfg, GIVEN_FRAMEWORK));
	T_EQ_INT("only it", 1u << GIVEN_FRAMEWORK, cfg.given);
	config_release(&cfg);
}

void test_cli_table__commands(void)
{
	enum command cmd;
	size_t i;

	for (i = 0; cli_command_name(i); i++) {
		T_EQ_INT(cli_command_name(i), 0, cli_find_command(cli_command_name(i), &cmd));
		T_ASSERT(cmd != CMD_HELP && cmd != CMD_VERSION);
	}
	T_EQ_INT("scan first", 0, cli_find_command(cli_command_name(0), &cmd));
	T_EQ_INT("the default", CMD_SCAN, cmd);
	T_EQ_INT("unknown", -1, cli_find_command("scans", &cmd));
}
