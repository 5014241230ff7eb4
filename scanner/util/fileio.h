/*
 * fileio.h - whole-file reads and writes with bounds and clear errors
 * (input files, evidence bundles).
 */
#ifndef IRSCAN_FILEIO_H
#define IRSCAN_FILEIO_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Read all of `path` into out (reset first), refusing files larger than
 * max bytes.  0, or -1 with "cannot read 'path': ..." or "'path' is
 * larger than N bytes" in err.
 */
int file_read(const char *path, size_t max, struct buf *out, struct buf *err);
/*
 * Write len bytes to a new file `path` (mode 0600; an existing file is an
 * error, so nothing is overwritten by accident).  0, or -1 with err.
 */
int file_write_new(const char *path, const void *data, size_t len, struct buf *err);

/* Is dir a directory with nothing in it (0 when it cannot be opened)? */
int dir_is_empty(const char *dir);

#endif
