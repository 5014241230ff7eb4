/*
 * fuzz_baseline.c - a --baseline file (a JSON report of any irscan
 * version, or anything else), loaded as baseline_input.c loads a file,
 * then compared as --baseline and `irscan diff` compare: with itself,
 * with a run that found nothing, and from nothing.
 */
#include "fuzz.h"
#include "policy/baseline.h"

#include <stdio.h>
#include <string.h>

static char path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "%s/baseline.json", fuzz_dir());
	return 0;
}

static void compare(const struct baseline *b)
{
	struct baseline none = { 0 };
	struct baseline_cmp c;
	size_t i;

	/* The same findings: each matches itself, duplicates in order. */
	baseline_compare(b, b, &c);
	for (i = 0; i < b->n; i++)
		FUZZ_CHECK(c.states[i] == BASELINE_UNCHANGED && c.prior[i] == &b->items[i] &&
			   !baseline_worse(&c, i), "finding %zu against itself: %d", i,
			   (int)c.states[i]);
	FUZZ_CHECK(!c.absent_n && !c.not_rescanned, "absent %zu", c.absent_n);
	baseline_cmp_release(&c);
	/* A run of its scope that found nothing: all gone, or not looked at. */
	none.subscriptions = b->subscriptions;
	none.subscriptions_n = b->subscriptions_n;
	none.checks = b->checks;
	none.checks_n = b->checks_n;
	baseline_compare(b, &none, &c);
	FUZZ_CHECK(c.absent_n + c.not_rescanned == b->n && c.counts[BASELINE_ABSENT] == c.absent_n,
		   "%zu absent + %zu not rescanned of %zu", c.absent_n, c.not_rescanned, b->n);
	baseline_cmp_release(&c);
	/* From nothing: every finding new. */
	baseline_compare(&none, b, &c);
	FUZZ_CHECK(c.counts[BASELINE_NEW] == b->n, "%zu new of %zu", c.counts[BASELINE_NEW], b->n);
	baseline_cmp_release(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct baseline b;
	struct buf err = BUF_INIT;
	size_t i;

	fuzz_write(path, data, size);
	if (!baseline_load_report(path, &b, &err)) {
		FUZZ_CHECK(!err.len, "loaded with an error '%s'", err.buf);
		for (i = 0; i < b.n; i++)
			FUZZ_CHECK(b.items[i].check && *b.items[i].check &&
				   b.items[i].subscription && *b.items[i].subscription &&
				   b.items[i].status > STATUS_UNSET && b.items[i].status < STATUS__COUNT,
				   "finding %zu incomplete", i);
		FUZZ_CHECK(b.framework < FW__COUNT, "framework %d", (int)b.framework);
		compare(&b);
	} else {
		FUZZ_CHECK(err.len && !strchr(err.buf, '\n'), "refused without one line: '%s'",
			   err.buf ? err.buf : "");
	}
	baseline_release(&b);
	buf_release(&err);
	return 0;
}
