/*
 * fuzz_waivers.c - a waivers file (--waivers), loaded as scan.c does,
 * then applied to a fail and an error finding of every check.
 */
#include "fuzz.h"
#include "checks/check.h"
#include "policy/waivers.h"

#include <stdio.h>
#include <string.h>

static char path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "%s/waivers.json", fuzz_dir());
	return 0;
}

static void apply(const struct waiver_list *l)
{
	struct snapshot snap;
	struct sub_snapshot *sub;
	struct findings fs;
	size_t i;

	snapshot_init(&snap);
	memset(&fs, 0, sizeof(fs));
	sub = snapshot_sub(&snap, "00000000-0000-0000-0000-000000000001");
	for (i = 0; check_registry[i]; i++) {
		struct finding *f = findings_add(&fs, check_registry[i], sub, STATUS_FAIL, NULL);

		finding_message(f, "fails");
		findings_add(&fs, check_registry[i], sub, STATUS_ERROR,
			     "/subscriptions/00000000-0000-0000-0000-000000000001/"
			     "resourceGroups/rg/providers/Microsoft.Logic/workflows/x");
	}
	waivers_apply(l, &fs, 1780000000);
	for (i = 0; i < fs.n; i++) {
		const struct finding *f = &fs.items[i];

		FUZZ_CHECK(f->status == STATUS_WAIVED ? f->waiver && !f->waiver_expired &&
			   (f->waived_from == STATUS_FAIL || f->waived_from == STATUS_ERROR) :
			   (f->status == STATUS_FAIL || f->status == STATUS_ERROR),
			   "finding %zu: status %d", i, (int)f->status);
	}
	findings_release(&fs);
	snapshot_release(&snap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct waiver_list l;
	struct buf err = BUF_INIT;
	size_t i;

	fuzz_write(path, data, size);
	if (!waivers_load(path, &l, &err)) {
		FUZZ_CHECK(!err.len, "loaded with an error '%s'", err.buf);
		for (i = 0; i < l.n; i++)
			FUZZ_CHECK(l.items[i].check && check_find(l.items[i].check) &&
				   l.items[i].subscription && l.items[i].reason &&
				   l.items[i].approved_by && l.items[i].expires,
				   "waiver %zu incomplete", i);
		apply(&l);
		waivers_release(&l);
	} else {
		FUZZ_CHECK(err.len, "failed without a reason");
		FUZZ_CHECK(!l.n && !l.items, "failed load left %zu waivers", l.n);
	}
	buf_release(&err);
	return 0;
}
