/*
 * buf.c - growable, NUL-terminated, optionally capped byte buffer.
 * See buf.h for the invariants.  Allocation failure and size overflow
 * stop the program (xmalloc.h): a scan cannot continue without memory,
 * and making every append fallible only breeds unchecked returns.
 */
#include "util/buf.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <string.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->buf = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->buf);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *out;

	if (len)
		*len = b->len;
	out = b->alloc ? b->buf : xstrdup("");
	buf_init(b, b->max);
	return out;
}

char *buf_detach_fit(struct buf *b)
{
	size_t len = b->len;
	char *out = buf_detach(b, NULL);

	/* Findings keep tens of thousands of short strings: no slack. */
	return xrealloc(out, len + 1);
}

/* Make room for `extra` more bytes plus the NUL. */
static void buf_grow(struct buf *b, size_t extra)
{
	size_t need = xsize_add(xsize_add(b->len, extra), 1);
	size_t n;

	if (need <= b->alloc)
		return;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = xsize_add(n, n / 2 + 16);
	if (b->alloc) {
		b->buf = xrealloc(b->buf, n);
	} else {
		b->buf = xmalloc(n);
		b->buf[0] = '\0';
	}
	b->alloc = n;
}

void buf_addn(struct buf *b, const void *data, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

int buf_addn_capped(struct buf *b, const void *data, size_t n)
{
	if (b->max && (n > b->max || b->len > b->max - n))
		return -1;
	buf_addn(b, data, n);
	return 0;
}

void buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc ? b->alloc - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die("vsnprintf failed for format '%s'", fmt);
	if ((size_t)n + 1 > (b->alloc ? b->alloc - b->len : 0)) {
		buf_grow(b, (size_t)n);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
		if (n < 0)
			die("vsnprintf failed for format '%s'", fmt);
	}
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/*
 * Length of a valid UTF-8 sequence at s (at most n bytes), 0 if invalid.
 * With allow_c1 == 0, the C1 controls U+0080..U+009F count as invalid
 * (terminals interpret some of them).
 */
static size_t utf8_seq_len(const unsigned char *s, size_t n, int allow_c1)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = s[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Reject overlongs, surrogates, C1 controls and > U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
	    (!allow_c1 && cp >= 0x80 && cp < 0xA0))
		return 0;
	return len;
}

void buf_add_repr(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, l;

	while (i < n) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7F) {
			buf_addch(b, (char)c);
			i++;
		} else if (c >= 0x80 && (l = utf8_seq_len(s + i, n - i, 0))) {
			buf_addn(b, s + i, l);
			i += l;
		} else {
			if (c == '\n')
				buf_add(b, "\\n");
			else if (c == '\r')
				buf_add(b, "\\r");
			else if (c == '\t')
				buf_add(b, "\\t");
			else
				buf_addf(b, "\\x%02x", c);
			i++;
		}
	}
}

void buf_add_one_line(struct buf *b, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\r\n");

		buf_addn(b, s, n);
		s += n;
		if (!*s)
			break;
		s += strspn(s, "\r\n \t");
		if (*s)
			buf_add(b, b->len && b->buf[b->len - 1] == ':' ? " " : "; ");
	}
}

void buf_add_utf8(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, l;

	while (i < n) {
		if (s[i] < 0x80) {
			size_t j = i;

			while (j < n && s[j] < 0x80)
				j++;
			buf_addn(b, s + i, j - i);
			i = j;
		} else if ((l = utf8_seq_len(s + i, n - i, 1))) {
			buf_addn(b, s + i, l);
			i += l;
		} else {
			buf_add(b, "\xEF\xBF\xBD");	/* U+FFFD */
			i++;
		}
	}
}

void buf_add_xml_chars(struct buf *b, const char *str, size_t n)
{
	struct buf tmp = BUF_INIT;
	const unsigned char *s;
	size_t i;

	/* First valid UTF-8, then the code points XML 1.0 excludes. */
	buf_add_utf8(&tmp, str, n);
	s = (const unsigned char *)tmp.buf;
	for (i = 0; i < tmp.len; i++) {
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
			buf_add(b, "\xEF\xBF\xBD");
		} else if (s[i] == 0xEF && i + 2 < tmp.len && s[i + 1] == 0xBF &&
			   (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
			buf_add(b, "\xEF\xBF\xBD");	/* U+FFFE, U+FFFF */
			i += 2;
		} else {
			buf_addch(b, (char)s[i]);
		}
	}
	buf_release(&tmp);
}

static void add_html(struct buf *b, const char *str, int wrap)
{
	struct buf tmp = BUF_INIT;
	const char *p;

	buf_add_xml_chars(&tmp, str, strlen(str));
	for (p = tmp.buf; *p; p++) {
		switch (*p) {
		case '/': buf_add(b, wrap && p[1] ? "/<wbr>" : "/"); break;
		case '&': buf_add(b, "&amp;"); break;
		case '<': buf_add(b, "&lt;"); break;
		case '>': buf_add(b, "&gt;"); break;
		case '"': buf_add(b, "&quot;"); break;
		case '\'': buf_add(b, "&#39;"); break;
		case '\r': buf_add(b, "&#13;"); break;
		default: buf_addch(b, *p);
		}
	}
	buf_release(&tmp);
}

void buf_add_html(struct buf *b, const char *str)
{
	add_html(b, str, 0);
}

void buf_add_html_wrap(struct buf *b, const char *str)
{
	add_html(b, str, 1);
}

void buf_add_urlencoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_addch(b, (char)c);
		} else {
			buf_addch(b, '%');
			buf_addch(b, hex[c >> 4]);
			buf_addch(b, hex[c & 15]);
		}
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void buf_trim(struct buf *b)
{
	size_t start = 0;

	while (b->len && is_space(b->buf[b->len - 1]))
		b->len--;
	while (start < b->len && is_space(b->buf[start]))
		start++;
	if (start)
		memmove(b->buf, b->buf + start, b->len - start);
	b->len -= start;
	if (b->alloc)
		b->buf[b->len] = '\0';
}
