/*
 * attest_file.h - read the --attestations file, every entry checked
 * against the check catalogue and the frameworks' controls.
 */
#ifndef IRSCAN_ATTEST_FILE_H
#define IRSCAN_ATTEST_FILE_H

#include <time.h>

#include "model/attestations.h"
#include "util/buf.h"

/*
 * Load and check the file: the control must exist in the framework, a
 * check it names must be a check of that control there (no other reads
 * it), the review date must not be in the future (beyond a day, for
 * time zones).
 * 0, or -1 with "'<file>': attestations[i]: field ..." in err.
 */
int attestations_load(const char *path, time_t now, struct attestation_list *out,
		      struct buf *err);

#endif
