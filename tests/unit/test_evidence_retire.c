/*
 * test_evidence_retire.c - a scan's evidence records out of memory once
 * their subscription's findings are stored (policy/finding_store.h,
 * model/evidence_codec.h): every field comes back, a record something
 * else still cites stays, a list page not yet in the snapshot is pinned,
 * and the reports see the same records either way.
 */
#include "t.h"
#include "world.h"
#include "model/evidence_codec.h"
#include "policy/finding_store.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

#define SUB_A "a0000000-0000-4000-8000-000000000001"
#define SUB_B "b0000000-0000-4000-8000-000000000002"

static const char *const urls[] = {
	"https://management.azure.com/subscriptions?api-version=2022-12-01",
	"https://management.azure.com/subscriptions/" SUB_A "/providers/Microsoft.Security/pricings?api-version=2024-01-01",
	"https://management.azure.com/subscriptions/" SUB_B "/providers/Microsoft.Security/pricings?api-version=2024-01-01",
	"https://management.azure.com/subscriptions/" SUB_A "/providers/Microsoft.Security/automations?api-version=2023-12-01-preview",
	"https://management.azure.com/subscriptions?api-version=2022-12-01&%24skiptoken=2",
};

/* Record k, its strings static (evidence_free frees the record alone). */
static struct evidence *record(size_t k)
{
	static const char *const rids[] = { "r-0", "r-1", "r-2", "r-3", "r-4" };
	struct evidence *e = xcalloc(1, sizeof(*e));

	e->method = "GET";
	e->url = urls[k];
	e->api_version = strrchr(urls[k], '=') + 1;
	e->status = k == 2 ? 403 : 200;
	e->request_id = rids[k];
	e->correlation_id = k == 1 ? NULL : "c-1";
	e->date = "Mon, 07 Dec 2026 03:10:07 GMT";
	e->error = k == 2 ? "forbidden" : NULL;
	e->retries = (unsigned)k;
	e->duration_ms = 10 + (int64_t)k;
	e->waited_ms = (int64_t)k;
	e->at_wall_ms = 1796612400000 + (int64_t)k;
	e->body_bytes = 100 * k;
	return e;
}

static void same_record(const char *how, size_t k, const struct evidence *e)
{
	struct evidence *want = record(k);

	T_EQ_STR(how, want->method, e->method);
	T_EQ_STR(how, want->url, e->url);
	T_EQ_STR(how, want->api_version, e->api_version);
	T_EQ_INT(how, want->status, e->status);
	T_EQ_STR(how, want->request_id, e->request_id);
	T_ASSERT(!want->correlation_id == !e->correlation_id);
	T_ASSERT(!want->error == !e->error);
	if (want->error)
		T_EQ_STR(how, want->error, e->error);
	T_EQ_STR(how, want->date, e->date);
	T_EQ_INT(how, want->retries, e->retries);
	T_EQ_INT(how, want->duration_ms, e->duration_ms);
	T_EQ_INT(how, want->waited_ms, e->waited_ms);
	T_EQ_INT(how, want->at_wall_ms, e->at_wall_ms);
	T_EQ_INT(how, want->body_bytes, e->body_bytes);
	T_EQ_INT(how, k, e->index);
	free(want);
}

void test_evidence_retire__codec_round_trip(void)
{
	struct evidence *e = record(2);
	struct pool pool = POOL_INIT;
	struct buf b = BUF_INIT;
	const char *p, *end;
	const struct evidence *got;

	e->index = 2;
	e->entry = 7;
	e->file = "responses/0007.json";
	e->sha256 = "ab12";
	evidence_encode(&b, e);
	p = b.buf;
	end = b.buf + b.len;
	got = evidence_decode(&pool, &p, end);
	T_ASSERT(got && p == end);
	same_record("decoded", 2, got);
	T_EQ_INT("entry", 7, got->entry);
	T_EQ_STR("file", "responses/0007.json", got->file);
	T_EQ_STR("sha256", "ab12", got->sha256);
	T_ASSERT(!got->correlation_id || !strcmp(got->correlation_id, "c-1"));
	/* Cut short anywhere: refused, never read past the end. */
	for (end = b.buf; end < b.buf + b.len; end++) {
		p = b.buf;
		T_ASSERT(!evidence_decode(&pool, &p, end));
	}
	pool_release(&pool);
	buf_release(&b);
	free(e);
}

struct retire_world {
	struct snapshot snap;
	struct sub_snapshot *a, *b;
	struct evidence *page2;		/* a list call's page, not yet in snap */
};

/*
 * Records 0..3 in the snapshot: 0 the list page both subscriptions' info
 * cites, 1 and 2 their pricings, 3 A's automations that a target cites
 * too; the list's second page (4) is cited by A's alerts before the list
 * call ends and hands it to the snapshot.
 */
static void make_world(struct retire_world *w)
{
	struct target *t;
	size_t k;

	memset(w, 0, sizeof(*w));
	snapshot_init(&w->snap);
	w->a = snapshot_sub(&w->snap, SUB_A);
	w->b = snapshot_sub(&w->snap, SUB_B);
	w->a->scanned = w->b->scanned = 1;
	t = snapshot_add_target(&w->snap, "/subscriptions/" SUB_A "/resourceGroups/g/providers/"
				"Microsoft.OperationalInsights/workspaces/w", TARGET_WORKSPACE);
	for (k = 0; k < 4; k++)
		snapshot_add_evidence(&w->snap, NULL, record(k));
	dataset_cite(&w->a->info, w->snap.evidence[0]);
	dataset_cite(&w->b->info, w->snap.evidence[0]);
	dataset_cite(&w->a->sets[NEED_PRICINGS], w->snap.evidence[1]);
	dataset_cite(&w->b->sets[NEED_PRICINGS], w->snap.evidence[2]);
	dataset_cite(&w->a->sets[NEED_AUTOMATIONS], w->snap.evidence[3]);
	dataset_cite(&t->ds, w->snap.evidence[3]);
	w->page2 = record(4);
	dataset_cite(&w->a->sets[NEED_ALERTS], w->page2);
}

/* Sub's findings: one citing its pricings, one citing everything else. */
static void add_findings(struct finding_store *s, struct sub_snapshot *sub)
{
	struct findings fs = { 0 };
	struct finding *f = findings_add(&fs, &world_hand_check, sub, STATUS_PASS, NULL);
	size_t n;

	finding_cite(f, &sub->sets[NEED_PRICINGS]);
	f = findings_add(&fs, &world_hand_check, sub, STATUS_FAIL, NULL);
	finding_cite(f, &sub->info);
	for (n = 0; n < NEED__COUNT; n++)
		if (n != NEED_PRICINGS)
			finding_cite(f, &sub->sets[n]);
	finding_store_add(s, &fs);
}

/* What the reports read: the findings' evidence and every request. */
static void check_reports(const char *how, struct retire_world *w, const struct finding_store *s)
{
	struct evidence_reader rd = { 0 };
	struct finding_cursor c;
	size_t k;

	finding_cursor_open(&c, s);
	T_ASSERT(finding_cursor_block_of(&c, w->a) && c.n == 2);
	T_EQ_INT(how, 1, c.items[0].ev_n);
	same_record(how, 1, c.items[0].ev[0]);
	T_EQ_INT(how, 3, c.items[1].ev_n);
	same_record(how, 0, c.items[1].ev[0]);
	same_record(how, 4, c.items[1].ev[1]);	/* the page, pinned: index 4 now */
	same_record(how, 3, c.items[1].ev[2]);
	T_ASSERT(finding_cursor_block_of(&c, w->b) && c.n == 2);
	same_record(how, 2, c.items[0].ev[0]);
	same_record(how, 0, c.items[1].ev[0]);
	finding_cursor_close(&c);
	for (k = 0; k < w->snap.ev_n; k++)
		same_record(how, k, finding_store_evidence(s, &w->snap, k, &rd));
	evidence_reader_release(&rd);
}

void test_evidence_retire__records_leave_memory_when_no_one_cites_them(void)
{
	struct finding_store s;
	struct retire_world w;

	make_world(&w);
	finding_store_init(&s);
	finding_store_retire_from(&s, &w.snap);
	add_findings(&s, w.a);
	finding_store_retire(&s, w.a);
	T_EQ_INT("A read for", 10 + 11 + 13 + 14, sub_read_ms(w.a));
	T_EQ_INT("A's datasets cite nothing now", 0, w.a->sets[NEED_PRICINGS].ev_n + w.a->info.ev_n);
	T_ASSERT(!w.snap.evidence[1]);		/* A's alone: in the file */
	T_ASSERT(w.snap.evidence[0]);		/* B's info still cites the page */
	T_ASSERT(w.snap.evidence[3]);		/* the target still cites it */
	T_ASSERT(w.page2->pinned);		/* a block holds its address */
	add_findings(&s, w.b);
	finding_store_retire(&s, w.b);
	T_ASSERT(!w.snap.evidence[0] && !w.snap.evidence[2] && w.snap.evidence[3]);
	/* The list call ends: its page joins the snapshot, numbered 4. */
	snapshot_add_evidence(&w.snap, NULL, w.page2);
	finding_store_seal(&s);
	check_reports("retired", &w, &s);
	finding_store_release(&s);
	snapshot_release(&w.snap);
}

void test_evidence_retire__no_temporary_file_keeps_them(void)
{
	char *had = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	struct finding_store s;
	struct retire_world w;
	size_t k;

	setenv("TMPDIR", "/nonexistent/irscan-test", 1);
	make_world(&w);
	finding_store_init(&s);
	finding_store_retire_from(&s, &w.snap);
	add_findings(&s, w.a);
	finding_store_retire(&s, w.a);
	add_findings(&s, w.b);
	finding_store_retire(&s, w.b);
	for (k = 0; k < 4; k++)
		T_ASSERT(w.snap.evidence[k]);
	snapshot_add_evidence(&w.snap, NULL, w.page2);
	finding_store_seal(&s);
	check_reports("in memory", &w, &s);
	finding_store_release(&s);
	snapshot_release(&w.snap);
	if (had)
		setenv("TMPDIR", had, 1);
	else
		unsetenv("TMPDIR");
	free(had);
}
