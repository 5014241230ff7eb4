/*
 * fuzz_attestations.c - an attestations file (--attestations), loaded
 * as scan.c does, then looked up for every check.
 */
#include "fuzz.h"
#include "checks/attest_util.h"
#include "policy/attest_file.h"
#include "checks/check.h"

#include <stdio.h>
#include <string.h>

static char path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "%s/attestations.json", fuzz_dir());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const time_t now = 1780000000;	/* 2026-05-28 */
	struct attestation_list l;
	struct buf err = BUF_INIT;
	size_t i;

	fuzz_write(path, data, size);
	if (!attestations_load(path, now, &l, &err)) {
		FUZZ_CHECK(!err.len, "loaded with an error '%s'", err.buf);
		for (i = 0; i < l.n; i++) {
			const struct attestation *a = &l.items[i];

			FUZZ_CHECK(a->framework < FW__COUNT &&
				   control_lookup(a->framework, a->control) &&
				   a->reviewed_at <= now + 86400 && a->document && a->owner,
				   "attestation %zu not checked", i);
		}
		for (i = 0; check_registry[i]; i++) {
			const struct attestation *a = attestation_for(
				&l, check_registry[i], "00000000-0000-0000-0000-000000000001");

			FUZZ_CHECK(!a || (a >= l.items && a < l.items + l.n), "stray attestation");
		}
		attestations_release(&l);
	} else {
		FUZZ_CHECK(err.len, "failed without a reason");
	}
	buf_release(&err);
	return 0;
}
