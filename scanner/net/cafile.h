/*
 * cafile.h - is a --ca-bundle file one libcurl can load?
 *
 * libcurl (OpenSSL) reads CAINFO only when a transfer starts, so a file
 * that holds no certificate would first fail at sign-in, as "cannot reach
 * the token endpoint".  The same OpenSSL call checks it while the command
 * line is read.
 */
#ifndef IRSCAN_CAFILE_H
#define IRSCAN_CAFILE_H

#include "util/buf.h"

/* 0 when path holds PEM certificates OpenSSL loads; -1 with the reason
 * ("'<path>' holds no PEM certificate ...") in err. */
int cafile_check(const char *path, struct buf *err);

#endif
