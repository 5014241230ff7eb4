/*
 * waivers.h - accepted exceptions (SPEC §7).  A matching, unexpired
 * waiver turns a fail or error finding into `waived`, keeping the
 * original status, the reason, the approver and the expiry on the
 * finding.  An expired waiver changes nothing, and the finding says it
 * matched and expired.
 */
#ifndef IRSCAN_WAIVERS_H
#define IRSCAN_WAIVERS_H

#include <time.h>

#include "util/buf.h"
#include "util/pool.h"
#include "checks/check.h"

/* Its strings are in the list's pool. */
struct waiver {
	const char *check;
	const char *subscription;	/* "*" or a subscription id */
	const char *resource;	/* NULL: any resource of the subscription */
	const char *reason;
	const char *approved_by;
	const char *expires;	/* YYYY-MM-DD as written */
	time_t expires_end;	/* the end of that day, UTC */
	size_t index;		/* position in the file, for reports */
};

struct waiver_list {
	struct waiver *items;
	size_t n;
	const char *file;
	struct pool strings;	/* file and every string of the items */
};

/* 0, or -1 with "'<file>': waivers[i]: field ..." in err. */
int waivers_load(const char *path, struct waiver_list *out, struct buf *err);
/* Free the items and their strings; l is then empty (file NULL). */
void waivers_release(struct waiver_list *l);
/* Apply to every fail/error finding (see the file comment). */
void waivers_apply(const struct waiver_list *l, struct findings *fs, time_t now);

#endif
