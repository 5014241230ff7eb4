/*
 * buf.h - the one growable string buffer of irscan.
 *
 * Invariants (git's strbuf): `buf` is never NULL (BUF_INIT points at a
 * shared empty string), it is always NUL-terminated, it may hold NUL bytes,
 * and `len + 1` bytes are valid.  Callers never reason about `alloc`.
 *
 * `max` is an optional hard cap (curl's dynbuf): when non-zero, an append
 * that would make `len` exceed it fails with -1 and leaves the buffer
 * unchanged.  Network bodies, files and headers use it so that an
 * oversized input becomes an error, never a silently truncated value.
 * Running out of memory stops the program: no caller checks for it.
 */
#ifndef IRSCAN_BUF_H
#define IRSCAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;	/* 0 = unlimited; else the largest allowed len */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0 }

#if defined(__GNUC__)
#define BUF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define BUF_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define BUF_PRINTF(f, a)
#define BUF_WARN_UNUSED
#endif

void buf_init(struct buf *b, size_t max);
/* Free the contents; the buffer is then empty and reusable. */
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
/* Hand the memory to the caller (who frees it); the buffer becomes empty. */
char *buf_detach(struct buf *b, size_t *len);
/* buf_detach, the block shrunk to the string: for strings kept long. */
char *buf_detach_fit(struct buf *b);

/*
 * Appenders.  The plain ones are for buffers without a cap and cannot
 * fail; the *_capped ones return -1 when `max` would be exceeded.
 */
void buf_add(struct buf *b, const char *s);
void buf_addn(struct buf *b, const void *data, size_t n);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) BUF_PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) BUF_PRINTF(2, 0);
int buf_addn_capped(struct buf *b, const void *data, size_t n) BUF_WARN_UNUSED;

/*
 * Append untrusted bytes for a terminal or a log line: printable ASCII and
 * valid UTF-8 sequences are copied, control characters and stray bytes
 * become \n, \t, \xNN escapes (sds's sdscatrepr), so a resource name can
 * never inject terminal escape sequences.
 */
void buf_add_repr(struct buf *b, const char *s, size_t n);
/*
 * Append text that may hold several lines (one per credential tried) as
 * one line: each line break and the indent after it become "; ", or a
 * space after a line that ends in ':'.  For the one-line exit reason.
 */
void buf_add_one_line(struct buf *b, const char *s);
/*
 * Append bytes as valid UTF-8: invalid sequences become U+FFFD, so a
 * report built from Azure strings is always valid JSON/XML text.
 */
void buf_add_utf8(struct buf *b, const char *s, size_t n);
/*
 * Append as text XML 1.0 can carry: valid UTF-8, with the C0 controls it
 * forbids (all but tab, newline, carriage return) and U+FFFE/U+FFFF
 * replaced by U+FFFD.  The XML writer escapes markup; this only makes
 * the characters legal.
 */
void buf_add_xml_chars(struct buf *b, const char *s, size_t n);
/*
 * Append HTML-escaped text, safe in element content and in quoted
 * attribute values: & < > " ' escaped, other control characters and
 * invalid UTF-8 replaced by U+FFFD (newline and tab are kept).
 */
void buf_add_html(struct buf *b, const char *s);
/*
 * The same for element content only, with a <wbr> after each '/' but a
 * last one: an ARM id or a URL then wraps between its segments instead
 * of letter by letter, and copies whole (<wbr> adds no character).
 */
void buf_add_html_wrap(struct buf *b, const char *s);
/* application/x-www-form-urlencoded / RFC 3986 percent-encoding. */
void buf_add_urlencoded(struct buf *b, const char *s);
/* Remove trailing and leading ASCII whitespace. */
void buf_trim(struct buf *b);

#endif
