/*
 * outfile.h - where the reports go: every path checked before the first
 * request, and every report file either the previous complete one or
 * the new complete one, whatever happens.
 *
 * A path that is (or will be) a regular file is written to a temporary
 * file beside it (same directory, so same file system) and renamed onto
 * it only once complete.  A device or FIFO (/dev/null, /dev/full, a named
 * pipe) and standard output cannot be replaced that way: they are
 * written in place, once.
 */
#ifndef IRSCAN_OUTFILE_H
#define IRSCAN_OUTFILE_H

#include "util/buf.h"
#include "model/config.h"

/*
 * Resolve every output of cfg (reports and --remediation-script) and
 * check it can be written: its directory exists and is writable, it is
 * not a directory, and no two outputs are the same file (compared by
 * device and inode, so /dev/stdout beside '-' and two names of one file
 * are caught).  Nothing is created or truncated.  0, or -1 after a
 * usage message.
 */
int outfile_check(struct config *cfg);
/* Start (or start again) writing o: o->fp is ready.  0, or -1 with err. */
int outfile_open(struct output *o, struct buf *err);
/*
 * Finish writing o (writer_failed: the report writer said so): flush,
 * and for a temporary file sync it to disk.  0, or the errno of the
 * failure with err naming the path and the cause.
 */
int outfile_finish(struct output *o, int writer_failed, struct buf *err);
/* Rename o's temporary file onto its target.  0, or -1 with err. */
int outfile_commit(struct output *o, struct buf *err);
/* Close o and remove its temporary file, if any (the target is untouched). */
void outfile_discard(struct output *o);
/*
 * Every output of cfg, or none: each written whole by write(ctx, o) to
 * o->fp, then all renamed into place; on a failure none is (the targets
 * keep what they held) and the error is said on stderr.  0 or -1.  For
 * the commands whose outputs are all of one kind (diff, merge).  After a
 * signal (interrupt_signal()) no more is written or renamed, and -1 is
 * returned without a message: the caller says it was interrupted.
 */
typedef int (*outfile_write_fn)(const void *ctx, const struct output *o);
int outfile_write_all(struct config *cfg, outfile_write_fn write, const void *ctx);
/* How an output is named in messages: its path, or "standard output". */
const char *outfile_name(const struct output *o);

#endif
