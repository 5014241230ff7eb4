/*
 * attestations.h - people's statements for the controls no API can show
 * (SPEC §7): an incident response plan or exercise, its document, owner
 * and review date, for a control of a framework.
 */
#ifndef IRSCAN_ATTESTATIONS_H
#define IRSCAN_ATTESTATIONS_H

#include <time.h>

#include "buf.h"
#include "check.h"

struct attestation {
	char *control;
	enum framework framework;
	char *check;		/* optional: only this check */
	char *subscription;	/* "*" or an id */
	char *document;
	char *owner;
	char *reviewed;		/* YYYY-MM-DD as written */
	time_t reviewed_at;
	size_t index;
};

struct attestation_list {
	struct attestation *items;
	size_t n;
	char *file;
};

/*
 * Load and check the file: the control must exist in the framework, a
 * check it names must be a check of that control there (no other reads
 * it), the review date must not be in the future (beyond a day, for
 * time zones).
 * 0, or -1 with "'<file>': attestations[i]: field ..." in err.
 */
int attestations_load(const char *path, time_t now, struct attestation_list *out,
		      struct buf *err);
void attestations_release(struct attestation_list *l);
/*
 * The most recently reviewed attestation that covers check c for
 * subscription sub_id, or NULL.
 */
const struct attestation *attestation_for(const struct attestation_list *l,
					  const struct check *c, const char *sub_id);
/*
 * The same, but only an attestation that names check c in its "check"
 * field: for checks that read Azure and only fall back to a person's
 * word where no API can tell (alerts-exported's Defender XDR route), a
 * control-wide attestation must not settle them by accident.
 */
const struct attestation *attestation_for_check(const struct attestation_list *l,
						const struct check *c, const char *sub_id);

#endif
