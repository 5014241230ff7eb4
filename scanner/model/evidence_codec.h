/*
 * evidence_codec.h - an evidence record as bytes and back, for the run's
 * temporary file (util/scratch.h): a subscription's findings carry copies
 * of the records they cite, and a record no dataset cites any longer
 * waits there for the HTML report's list of every request.
 *
 * The bytes are this process's own: fixed-size numbers in host order,
 * then each string as a 32-bit length and its bytes (no length for a
 * NULL string).  Nothing needs alignment.
 */
#ifndef IRSCAN_EVIDENCE_CODEC_H
#define IRSCAN_EVIDENCE_CODEC_H

#include "model/snapshot.h"
#include "util/buf.h"
#include "util/pool.h"

/* Append e to out. */
void evidence_encode(struct buf *out, const struct evidence *e);
/*
 * The record at *p (before end), its strings and itself in pool, *p past
 * it; NULL when the bytes are not one (damaged).  cites is 0.
 */
struct evidence *evidence_decode(struct pool *pool, const char **p, const char *end);

#endif
