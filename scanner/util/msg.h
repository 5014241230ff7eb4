/*
 * msg.h - every line irscan writes to stderr goes through here.
 *
 * One line per call, written with a single write, prefixed "irscan: ",
 * with control characters escaped (git's vfreportf) and registered
 * secrets blanked (redact.h), so neither a hostile resource name nor a
 * server that echoes a credential can reach the terminal raw.
 * msg_error() returns -1 so callers can `return msg_error(...)`.
 */
#ifndef IRSCAN_MSG_H
#define IRSCAN_MSG_H

#include "util/xmalloc.h"

enum msg_level { MSG_QUIET = 0, MSG_NORMAL = 1, MSG_VERBOSE = 2 };

void msg_setup(enum msg_level level, int color);
enum msg_level msg_level(void);
int msg_color(void);

int msg_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void msg_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
void msg_note(const char *fmt, ...) PRINTF_LIKE(1, 2);
void msg_verbose(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* A usage error: one line ending in a hint to run --help; returns -1. */
int msg_usage(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Write text (possibly several lines) to stderr as is, unless quiet. */
void msg_raw(const char *text, size_t len);

#endif
