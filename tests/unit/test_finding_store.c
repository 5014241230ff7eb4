/*
 * test_finding_store.c - findings kept in a temporary file between
 * evaluation and the reports (policy/finding_store.h): what goes in comes
 * back, in report order, through the file or (no file) from memory.
 */
#include "t.h"
#include "world.h"
#include "policy/finding_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Subscriptions b..., a..., c...: evaluated out of order, as a scan does. */
static struct sub_snapshot subs[3];
static struct evidence ev = { .method = "GET", .url = "https://x/y", .status = 200 };
static struct dataset ds;

static void make_subs(void)
{
	static char *ids[] = { "b0000000-0000-4000-8000-000000000002",
			       "a0000000-0000-4000-8000-000000000001",
			       "c0000000-0000-4000-8000-000000000003" };
	static char *paths[] = { "/subscriptions/b0000000-0000-4000-8000-000000000002",
				 "/subscriptions/a0000000-0000-4000-8000-000000000001",
				 "/subscriptions/c0000000-0000-4000-8000-000000000003" };
	static const struct evidence *evs[1] = { &ev };
	size_t i;

	for (i = 0; i < 3; i++) {
		memset(&subs[i], 0, sizeof(subs[i]));
		subs[i].id = ids[i];
		subs[i].path = paths[i];
		subs[i].scanned = 1;
	}
	ds.ev = evs;
	ds.ev_n = 1;
}

/* Sub k's findings: k+1 of them, the first about the subscription itself. */
static void add_sub(struct finding_store *s, size_t k)
{
	struct findings fs = { 0 };
	size_t i;

	for (i = 0; i <= k; i++) {
		struct finding *f = findings_add(&fs, &world_hand_check, &subs[k],
						 i ? STATUS_FAIL : STATUS_PASS,
						 i ? "/subscriptions/x/providers/P/r" : NULL);

		finding_message(f, "message %zu of %s", i, subs[k].id);
		finding_observe(f, "n", "%zu", i);
		finding_observe(f, "empty", "%s", "");
		if (i == 1)
			finding_set_control(f, FW_CIS_AZURE_3_0_0, "8.1.3.1");
		if (i == 2)
			finding_cite(f, &ds);
	}
	finding_store_add(s, &fs);
	T_EQ_INT("the list is emptied", 0, fs.n);
}

static void check_store(const struct finding_store *s, const char *how)
{
	/* Report order: a (1 finding), b (2), c (3). */
	static const size_t order[] = { 1, 0, 2 };
	struct finding_cursor c;
	const struct finding *f;
	size_t b, i, index = 0;

	T_EQ_INT(how, 6, s->n);
	finding_cursor_open(&c, s);
	for (b = 0; b < 3; b++) {
		const struct sub_snapshot *sub = &subs[order[b]];

		T_ASSERT(finding_cursor_block_of(&c, sub));
		T_EQ_INT(how, order[b] + 1, c.n);
		for (i = 0; i < c.n; i++, index++) {
			char want[96];

			f = &c.items[i];
			snprintf(want, sizeof(want), "message %zu of %s", i, sub->id);
			T_EQ_STR(how, want, f->message);
			T_EQ_INT(how, index, f->index);
			T_ASSERT(f->sub == sub && f->check == &world_hand_check);
			T_EQ_INT(how, i ? STATUS_FAIL : STATUS_PASS, f->status);
			if (!i)
				T_ASSERT(f->resource == sub->path);
			else
				T_EQ_STR(how, "/subscriptions/x/providers/P/r", f->resource);
			T_EQ_INT(how, 2, f->obs_n);
			T_EQ_STR(how, "", finding_observed(f, "empty"));
			T_EQ_STR(how, i == 1 ? "8.1.3.1" : "10.3",
				 f->controls[i == 1 ? FW_CIS_AZURE_3_0_0 : FW_ASB_IR_2019]);
			T_EQ_INT(how, i == 2, f->ev_n);
			if (i == 2)
				T_ASSERT(f->ev[0] == &ev);
		}
	}
	T_ASSERT(!finding_cursor_block(&c));
	/* One by one, twice: the same six. */
	finding_cursor_rewind(&c);
	for (i = 0; (f = finding_cursor_next(&c)); i++)
		T_EQ_INT(how, i, f->index);
	T_EQ_INT(how, 6, i);
	finding_cursor_seek(&c, 1);
	T_ASSERT(finding_cursor_block_of(&c, &subs[0]));
	T_ASSERT(!finding_cursor_block_of(&c, &subs[0]));
	finding_cursor_close(&c);
}

void test_finding_store__spilled_and_read_back_in_order(void)
{
	struct finding_store s;

	make_subs();
	finding_store_init(&s);
	add_sub(&s, 0);
	add_sub(&s, 2);
	add_sub(&s, 1);
	T_EQ_INT("written to a file", 1, s.file.state);
	finding_store_seal(&s);
	check_store(&s, "spilled");
	finding_store_release(&s);
}

void test_finding_store__no_temporary_file_keeps_them_in_memory(void)
{
	struct finding_store s;
	char *had = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	make_subs();
	setenv("TMPDIR", "/nonexistent/irscan-test", 1);
	finding_store_init(&s);
	add_sub(&s, 0);
	add_sub(&s, 2);
	add_sub(&s, 1);
	T_EQ_INT("kept in memory", -1, s.file.state);
	finding_store_seal(&s);
	check_store(&s, "in memory");
	finding_store_release(&s);
	if (had)
		setenv("TMPDIR", had, 1);
	else
		unsetenv("TMPDIR");
	free(had);
}

void test_finding_store__wraps_a_list(void)
{
	struct findings fs = { 0 };
	struct finding_store s;
	struct finding_cursor c;

	make_subs();
	findings_add(&fs, &world_hand_check, &subs[1], STATUS_PASS, NULL);
	findings_add(&fs, &world_hand_check, &subs[0], STATUS_FAIL, NULL);
	findings_add(&fs, &world_hand_check, &subs[0], STATUS_FAIL, NULL);
	finding_store_wrap(&s, &fs);
	T_EQ_INT("findings", 3, s.n);
	T_EQ_INT("one block a subscription", 2, s.blocks_n);
	finding_cursor_open(&c, &s);
	T_ASSERT(finding_cursor_block_of(&c, &subs[1]) && c.items == fs.items);
	T_ASSERT(finding_cursor_block_of(&c, &subs[0]) && c.n == 2 && c.items[1].index == 2);
	finding_cursor_close(&c);
	finding_store_release(&s);
	findings_release(&fs);
}
