/*
 * test_fix.c - the checks' blocks of --remediation-script
 * (checks/fix_util.h).  The writer writes one block per .order, so two
 * fixes with one order must be one block (the same write()); every
 * block names its check and ends with an empty line, whatever the finding
 * observed; nothing unsafe reaches a command or ends a comment.
 */
#include "t.h"
#include "checks/check.h"
#include "checks/fix_util.h"
#include "model/config.h"
#include "util/buf.h"

#define SUB "20ff7fc3-e762-44dd-bd96-b71116dcdc23"

/* Checks share an order only when they share a block. */
void test_fix__one_block_per_order(void)
{
	size_t i, j;

	for (i = 0; check_registry[i]; i++) {
		const struct check_fix *a = check_registry[i]->fix;

		if (a && !a->write)
			T_FAIL("%s: a fix without write()", check_registry[i]->id);
		for (j = 0; a && j < i; j++) {
			const struct check_fix *b = check_registry[j]->fix;

			if (b && b->order == a->order && b->write != a->write)
				T_FAIL("%s and %s: two blocks with order %u", check_registry[j]->id,
				       check_registry[i]->id, a->order);
		}
	}
}

/* One failing finding of each check, nothing observed: a whole block. */
void test_fix__every_block_names_its_check(void)
{
	struct config cfg;
	size_t i;

	config_init(&cfg);
	for (i = 0; check_registry[i]; i++) {
		const struct check *c = check_registry[i];
		struct finding f = {
			.check = c, .status = STATUS_FAIL,
			.resource = "/subscriptions/" SUB, .message = "it fails",
		};
		struct fix_ctx x = {
			.items = &f, .from = 0, .to = 1, .sub = SUB, .cfg = &cfg, .fix = c->fix,
		};
		struct buf b = BUF_INIT;

		if (!c->fix)
			continue;
		c->fix->write(&b, &x);
		T_CONTAINS(c->id, b.buf, c->id);
		if (b.len < 2 || strcmp(b.buf + b.len - 2, "\n\n"))
			T_FAIL("%s: the block does not end with an empty line: '%s'", c->id, b.buf);
		buf_release(&b);
	}
	config_release(&cfg);
}

void test_fix__is_safe(void)
{
	static const struct {
		const char *s, *allowed;
		size_t max;
		int expected;
	} rows[] = {
		{ "VirtualMachines", FIX_NAME_CHARS, 80, 1 },
		{ "", FIX_NAME_CHARS, 80, 0 },
		{ NULL, FIX_NAME_CHARS, 80, 0 },
		{ "Virtual Machines", FIX_NAME_CHARS, 80, 0 },
		{ "plan';rm -rf ~;'", FIX_NAME_CHARS, 80, 0 },
		{ "/subscriptions/x/resourceGroups/rg-1/providers/A.B/c/d(e)", FIX_ID_CHARS, 1024, 1 },
		{ "/subscriptions/x/$(id)", FIX_ID_CHARS, 1024, 0 },
		{ "abcd", FIX_NAME_CHARS, 3, 0 },
		{ "abc", FIX_NAME_CHARS, 3, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		T_EQ_INT(rows[i].s ? rows[i].s : "(null)", rows[i].expected,
			 fix_is_safe(rows[i].s, rows[i].allowed, rows[i].max));
}

void test_fix__comment_cannot_end_itself(void)
{
	struct buf b = BUF_INIT;

	fix_comment(&b, "# ", "a\nrm -rf ~\x1b[2J");
	T_EQ_STR("escaped", "# a\\nrm -rf ~\\x1b[2J\n", b.buf);
	buf_reset(&b);
	fix_comment(&b, "# ", NULL);
	T_EQ_STR("no text", "# \n", b.buf);
	buf_release(&b);
}
