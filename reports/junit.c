/*
 * junit.c - the JUnit XML report, written with libxml2's xmlTextWriter
 * (never by string concatenation), for the CI systems that read JUnit:
 * GitLab, Azure DevOps, Jenkins and the GitHub test-report actions
 * (schemas/README.md §2).
 *
 * One <testsuite> per subscription, one <testcase> per finding: fail ->
 * <failure>, error -> <error>, manual / waived / not-applicable ->
 * <skipped>.  classname is "<framework>.<control>" with every other dot
 * turned into '_' (Jenkins splits at the last dot); timestamps are UTC
 * without a zone, the one form every schema and Azure DevOps accept; a
 * testcase takes no time of its own (evaluation is instant and reads are
 * shared), a suite's time is that of the reads made for it.  Strings
 * from Azure are made legal XML 1.0 first (buf_add_xml_chars); the writer
 * escapes markup.
 */
#include "reports/report.h"
#include "model/shard.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/version.h"
#include "policy/waivers.h"

#include <libxml/xmlwriter.h>
#include <string.h>

struct jw {
	xmlTextWriterPtr w;
	int failed;		/* any libxml2 call failed */
};

static void check_rc(struct jw *j, int rc)
{
	if (rc < 0)
		j->failed = 1;
}

static void start(struct jw *j, const char *name)
{
	check_rc(j, xmlTextWriterStartElement(j->w, BAD_CAST name));
}

static void end(struct jw *j)
{
	check_rc(j, xmlTextWriterEndElement(j->w));
}

static void attr(struct jw *j, const char *name, const char *value)
{
	struct buf b = BUF_INIT;

	buf_add_xml_chars(&b, value ? value : "", value ? strlen(value) : 0);
	check_rc(j, xmlTextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST b.buf));
	buf_release(&b);
}

static void attrf(struct jw *j, const char *name, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static void attrf(struct jw *j, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	attr(j, name, b.buf);
	buf_release(&b);
}

static void text(struct jw *j, const char *s)
{
	struct buf b = BUF_INIT;

	buf_add_xml_chars(&b, s, strlen(s));
	check_rc(j, xmlTextWriterWriteString(j->w, BAD_CAST b.buf));
	buf_release(&b);
}

static void property(struct jw *j, const char *name, const char *value)
{
	start(j, "property");
	attr(j, "name", name);
	attr(j, "value", value ? value : "");
	end(j);
}

/* "asb-ir-2019.10_3": one dot, between framework and control. */
static void classname(struct buf *b, enum framework fw, const char *control)
{
	const char *p;

	for (p = framework_name(fw); *p; p++)
		buf_addch(b, *p == '.' ? '_' : *p);
	buf_addch(b, '.');
	for (p = control ? control : "none"; *p; p++)
		buf_addch(b, *p == '.' ? '_' : *p);
}

static void add_time(struct buf *b, time_t t)
{
	struct tm tm;
	char out[32];

	gmtime_r(&t, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_add(b, out);
}

static void testcase(struct jw *j, const struct report *r, const struct finding *f)
{
	struct buf cls = BUF_INIT, name = BUF_INIT, body = BUF_INIT;
	const char *kind = NULL;

	classname(&cls, r->framework, f->controls[r->framework]);
	buf_addf(&name, "%s [%s]", f->check->id, f->resource);
	start(j, "testcase");
	attr(j, "classname", cls.buf);
	attr(j, "name", name.buf);
	attr(j, "time", "0.000");
	switch (f->status) {
	case STATUS_FAIL: kind = "failure"; break;
	case STATUS_ERROR: kind = "error"; break;
	case STATUS_PASS: break;
	default: kind = "skipped"; break;
	}
	if (kind) {
		start(j, kind);
		if (f->status == STATUS_FAIL)
			attr(j, "type", severity_name(f->check->severity));
		else if (f->status == STATUS_ERROR)
			attr(j, "type", "could-not-evaluate");
		/* CI test views show the message: say first whether it is news. */
		if (f->status == STATUS_FAIL || f->status == STATUS_ERROR)
			report_baseline_prefix(&body, r, f);
		report_status_line(&body, f);
		attr(j, "message", body.buf);
		if (f->status == STATUS_FAIL || f->status == STATUS_ERROR) {
			buf_reset(&body);
			report_finding_text(&body, f);
			text(j, body.buf);
		}
		end(j);
	}
	end(j);
	buf_release(&cls);
	buf_release(&name);
	buf_release(&body);
}

/* Seconds spent reading this subscription (its distinct evidence). */
static double sub_seconds(const struct sub_snapshot *sub)
{
	return (double)sub_read_ms(sub) / 1000.0;
}

/* One subscription's suite; fc is at its findings (both in id order). */
static void testsuite(struct jw *j, const struct report *r, size_t idx,
		      struct finding_cursor *fc)
{
	const struct sub_snapshot *sub = r->snap->subs[idx];
	size_t counts[STATUS__COUNT] = { 0 }, i, n = 0, mark = finding_cursor_tell(fc);
	struct buf name = BUF_INIT, ts = BUF_INIT;

	while (finding_cursor_block_of(fc, sub))
		for (i = 0; i < fc->n; i++, n++)
			counts[fc->items[i].status]++;
	finding_cursor_seek(fc, mark);
	if (sub->name)
		buf_addf(&name, "%s (%s)", sub->name, sub->id);
	else
		buf_add(&name, sub->id);
	add_time(&ts, r->started);
	start(j, "testsuite");
	attr(j, "name", name.buf);
	attrf(j, "tests", "%zu", n);
	attrf(j, "failures", "%zu", counts[STATUS_FAIL]);
	attrf(j, "errors", "%zu", counts[STATUS_ERROR]);
	attrf(j, "skipped", "%zu", counts[STATUS_MANUAL] + counts[STATUS_WAIVED] +
	      counts[STATUS_NOT_APPLICABLE]);
	attrf(j, "time", "%.3f", sub_seconds(sub));
	attr(j, "timestamp", ts.buf);
	attrf(j, "id", "%zu", idx);
	attr(j, "package", "irscan");
	start(j, "properties");
	property(j, "subscription", sub->id);
	property(j, "subscription_name", sub->name);
	property(j, "subscription_state", sub->state);
	property(j, "scanned", sub->scanned ? "true" : "false");
	property(j, "tenant", r->tenant);
	property(j, "framework", framework_name(r->framework));
	property(j, "tool", "irscan " IRSCAN_VERSION);
	if (r->cfg && r->cfg->shard_count) {	/* "2/4": as --shard takes it */
		buf_reset(&name);
		buf_addf(&name, "%u/%u", r->cfg->shard_index, r->cfg->shard_count);
		property(j, "shard", name.buf);
	}
	end(j);
	while (finding_cursor_block_of(fc, sub))
		for (i = 0; i < fc->n; i++)
			testcase(j, r, &fc->items[i]);
	end(j);
	buf_release(&name);
	buf_release(&ts);
}

/* The scan could not run: one suite whose one test is in error. */
static void fatal_suite(struct jw *j, const struct report *r)
{
	struct buf ts = BUF_INIT;

	add_time(&ts, r->started);
	start(j, "testsuite");
	attr(j, "name", "irscan");
	attr(j, "tests", "1");
	attr(j, "failures", "0");
	attr(j, "errors", "1");
	attr(j, "skipped", "0");
	attr(j, "time", "0.000");
	attr(j, "timestamp", ts.buf);
	start(j, "testcase");
	attr(j, "classname", "irscan.scan");
	attr(j, "name", "scan");
	attr(j, "time", "0.000");
	start(j, "error");
	attr(j, "type", "scan-failed");
	attr(j, "message", r->fatal);
	end(j);
	end(j);
	end(j);
	buf_release(&ts);
}

int report_junit(const struct report *r, FILE *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	struct jw j = { NULL, 0 };
	struct finding_cursor fc;
	size_t i;
	int rc = -1;

	if (!xb)
		return -1;
	j.w = xmlNewTextWriterMemory(xb, 0);
	if (!j.w) {
		xmlBufferFree(xb);
		return -1;
	}
	check_rc(&j, xmlTextWriterSetIndent(j.w, 1));
	check_rc(&j, xmlTextWriterSetIndentString(j.w, BAD_CAST "  "));
	check_rc(&j, xmlTextWriterStartDocument(j.w, "1.0", "UTF-8", NULL));
	start(&j, "testsuites");
	attrf(&j, "name", "irscan %s", framework_name(r->framework));
	attrf(&j, "tests", "%zu", r->findings->n + (r->fatal ? 1 : 0));
	attrf(&j, "failures", "%zu", r->summary[STATUS_FAIL]);
	attrf(&j, "errors", "%zu", r->summary[STATUS_ERROR] + (r->fatal ? 1 : 0));
	attrf(&j, "time", "%.3f", difftime(r->finished, r->started));
	if (r->fatal)
		fatal_suite(&j, r);
	finding_cursor_open(&fc, r->findings);
	for (i = 0; r->snap && i < r->snap->n; i++)
		testsuite(&j, r, i, &fc);
	if (finding_cursor_block(&fc))	/* every finding has its subscription's suite */
		die("internal error: findings of a subscription the report does not list");
	finding_cursor_close(&fc);
	end(&j);
	check_rc(&j, xmlTextWriterEndDocument(j.w));
	xmlFreeTextWriter(j.w);
	if (!j.failed && fwrite(xmlBufferContent(xb), 1, (size_t)xmlBufferLength(xb), out) ==
	    (size_t)xmlBufferLength(xb) && !fflush(out))
		rc = 0;
	xmlBufferFree(xb);
	return rc;
}
