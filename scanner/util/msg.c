/*
 * msg.c - stderr messages, see msg.h.
 */
#include "util/msg.h"
#include "util/buf.h"
#include "util/redact.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static enum msg_level level = MSG_NORMAL;
static int use_color;

void msg_setup(enum msg_level l, int color)
{
	level = l;
	use_color = color;
}

enum msg_level msg_level(void)
{
	return level;
}

int msg_color(void)
{
	return use_color;
}

static void emit(const char *kind, const char *color, const char *fmt,
		 va_list ap)
{
	struct buf raw = BUF_INIT, line = BUF_INIT;

	buf_vaddf(&raw, fmt, ap);
	redact_secrets(&raw);
	buf_add(&line, "irscan: ");
	if (kind) {
		if (color && use_color)
			buf_addf(&line, "\033[%sm%s:\033[0m ", color, kind);
		else
			buf_addf(&line, "%s: ", kind);
	}
	buf_add_repr(&line, raw.buf, raw.len);
	buf_addch(&line, '\n');
	fflush(stderr);
	if (write(STDERR_FILENO, line.buf, line.len) < 0) {
		/* Nowhere left to report a failing stderr. */
	}
	buf_release(&raw);
	buf_release(&line);
}

int msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("error", "1;31", fmt, ap);
	va_end(ap);
	return -1;
}

void msg_warn(const char *fmt, ...)
{
	va_list ap;

	if (level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	emit("warning", "1;33", fmt, ap);
	va_end(ap);
}

void msg_note(const char *fmt, ...)
{
	va_list ap;

	if (level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	emit(NULL, NULL, fmt, ap);
	va_end(ap);
}

void msg_verbose(const char *fmt, ...)
{
	va_list ap;

	if (level < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	emit(NULL, NULL, fmt, ap);
	va_end(ap);
}

int msg_usage(const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	msg_error("%s (see 'irscan --help')", b.buf);
	buf_release(&b);
	return -1;
}

void msg_raw(const char *text, size_t len)
{
	if (level < MSG_NORMAL)
		return;
	fflush(stderr);
	if (write(STDERR_FILENO, text, len) < 0) {
		/* Nowhere left to report a failing stderr. */
	}
}
