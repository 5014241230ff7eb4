/*
 * merge_cmd.h - `irscan merge IN.json... -o FORMAT[:PATH]...`: one report
 * from the JSON reports of the shards of a scan or of several tenants'
 * scans, in every format, with the exit code of the whole (SPEC, issue 18).
 */
#ifndef IRSCAN_MERGE_CMD_H
#define IRSCAN_MERGE_CMD_H

#include <stddef.h>

#include "model/config.h"
#include "policy/report_load.h"

/* The exit code: as a scan's, for the merged findings; 2 when refused. */
int merge_run(struct config *cfg);

/*
 * merge_check.c: may these reports be merged?  Each refusal is one line
 * naming the files (and the subscription) and returns -1 (exit 2).
 * skip[i][k]: subscription k of part i is merged from an earlier part
 * (the same findings given twice); missing: the shards absent
 * (--allow-partial), each as {index, count, tenant}.
 */
int merge_check(const struct config *cfg, struct loaded_report *const *parts, size_t n,
		unsigned char **skip, struct report_missing_shard **missing, size_t *missing_n);

/*
 * merge_report_ev.c: the exchanges the findings cite, once each, as the
 * merged snapshot's evidence (the HTML lists them, findings link to
 * them by index), ordered by when they were made; each finding's
 * citations then point at those records.  A JSON report keeps only
 * cited exchanges: the others (a subscription list's pages) are not
 * listed again.
 */
void merge_report_evidence(struct snapshot *snap, struct findings *fs);
/*
 * merge_errors.c: the parts' errors in a scan's order (*out, *n; the
 * strings are the parts').
 */
void merge_errors(struct loaded_report *const *parts, size_t n, unsigned char *const *skip,
		  struct report_error **out, size_t *out_n);

#endif
