/*
 * test_summaries.c - the escaping of the markdown summary and the cells of
 * the CSV report, byte for byte, on a one-subscription report whose
 * strings are hostile (tests/cli/0049-summaries.sh renders and parses
 * whole reports).
 */
#include "t.h"
#include "world.h"
#include "policy/policy.h"
#include "reports/report.h"

#include <stdlib.h>

static const struct check fail_check = {
	.id = "some-check", .title = "A title", .severity = SEV_LOW,
	.control = { [FW_ASB_IR_2019] = "10.3" },
	.remediation = "Portal: a > b.\nCLI: az thing --x '<y>'", .eval = world_no_eval,
};

struct one {
	struct sub_snapshot sub, *subs[1];
	struct snapshot snap;
	struct findings fs;
	struct finding_store store;
	struct report r;
	const struct check *checks[2];
};

/* One failing finding of sub `name` with this message and resource. */
static void one_init(struct one *o, const char *name, const char *message, const char *resource)
{
	struct finding *f;

	memset(o, 0, sizeof(*o));
	o->sub.id = (char *)"00000000-0000-0000-0000-000000000001";
	o->sub.name = (char *)name;
	o->sub.scanned = 1;
	o->subs[0] = &o->sub;
	snapshot_init(&o->snap);
	o->snap.subs = o->subs;
	o->snap.n = 1;
	f = findings_add(&o->fs, &fail_check, &o->sub, STATUS_FAIL, resource);
	finding_set_message(f, message);
	o->checks[0] = &fail_check;
	o->r.framework = FW_ASB_IR_2019;
	o->r.snap = &o->snap;
	finding_store_wrap(&o->store, &o->fs);
	o->r.findings = &o->store;
	o->r.checks = o->checks;
	policy_decide(&o->r, SEV_LOW);
}

static void one_release(struct one *o)
{
	policy_release(&o->r);
	finding_store_release(&o->store);
	findings_release(&o->fs);
}

static char *render(const struct report *r, report_writer w)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	T_ASSERT(f && w(r, f) == 0);
	fclose(f);
	return text;
}

void test_summaries__csv_cells(void)
{
	struct one o;
	char *csv, *bom;
	const char *row;

	one_init(&o, "=cmd\"x\",y\nz", "-1 \x01\xff; a\t+b;=c", "@r");
	csv = render(&o.r, report_csv);
	bom = render(&o.r, report_csv_bom);
	row = strstr(csv, "\r\n");
	T_ASSERT(row != NULL);
	/* Quoted (a quote, comma, LF, ';' or tab), quotes doubled, formula starters
	 * neutralised (first, and after a ';', ',' or tab: Excel's separators in
	 * some locales), a control character and a stray byte made U+FFFD. */
	T_EQ_STR("row", "\r\n00000000-0000-0000-0000-000000000001,\"'=cmd\"\"x\"\",y\nz\",10.3,"
		 "asb-ir-2019,some-check,fail,low,'@r,\"'-1 \xEF\xBF\xBD\xEF\xBF\xBD; a\t'+b;'=c\",,\r\n",
		 row);
	T_ASSERT(!strncmp(csv, "subscription_id,subscription_name,control,framework,check,status,"
			  "severity,resource,message,baseline_state,request_ids\r\n", 112));
	T_ASSERT(!strncmp(bom, "\xEF\xBB\xBF", 3) && !strcmp(bom + 3, csv));
	free(csv);
	free(bom);
	one_release(&o);
}

void test_summaries__markdown_text(void)
{
	struct one o;
	char *md;

	one_init(&o, "[a](javascript:x) <b> & \"q\" @me `c` | *s* _u_ #h\n\x01!",
		 "m\\", "/subscriptions/x/www.evil.example");
	md = render(&o.r, report_markdown);
	T_CONTAINS("name", md, "\\[a\\]\\(javascript\\:x\\) &lt;b&gt; &amp; &quot;q&quot; "
		   "\xE2\x80\x8B\\@me \\`c\\` \\| \\*s\\* \\_u\\_ \\#h \xEF\xBF\xBD\\! "
		   "(00000000\\-0000");
	T_CONTAINS("a trailing backslash escaped", md, ": m\\\\ \xE2\x80\x94 ");
	T_CONTAINS("no autolink", md, "www\\.evil\\.example");
	T_CONTAINS("irscan's text: CLI in a code block", md, "  ```sh\n  az thing --x '<y>'\n  ```");
	T_CONTAINS("irscan's text escaped too", md, "Portal\\: a &gt; b\\.");
	T_CONTAINS("verdict", md, "irscan: Non-compliant\n\n**Exit 1**: ");
	free(md);
	one_release(&o);
}

void test_summaries__markdown_cut(void)
{
	char name[400 + 1], msg[2 * 300 + 1];
	struct one o;
	char *md;
	size_t i;

	for (i = 0; i < 400; i++)
		name[i] = '*';
	name[400] = '\0';
	for (i = 0; i < 300; i++)
		memcpy(msg + 2 * i, "\xC3\xA9", 2);	/* e acute */
	msg[600] = '\0';
	one_init(&o, name, msg, "/r");
	md = render(&o.r, report_markdown);
	/* 80 characters, each escaped, then an ellipsis; 240 whole characters of the message. */
	{
		char want[2 * 80 + 4 + 1], mwant[2 * 240 + 4 + 1];

		for (i = 0; i < 80; i++)
			memcpy(want + 2 * i, "\\*", 2);
		strcpy(want + 160, "\xE2\x80\xA6 ");
		T_CONTAINS("name cut", md, want);
		T_ASSERT(!strstr(md, "\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*"
				     "\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*"
				     "\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*"
				     "\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*"));
		for (i = 0; i < 240; i++)
			memcpy(mwant + 2 * i, "\xC3\xA9", 2);
		strcpy(mwant + 480, "\xE2\x80\xA6 ");
		T_CONTAINS("message cut between characters", md, mwant);
	}
	free(md);
	one_release(&o);
}
