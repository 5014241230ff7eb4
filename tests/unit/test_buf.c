/*
 * test_buf.c - unit tests of util/buf.c.
 */
#include "t.h"
#include "util/buf.h"

#include <stdlib.h>

void test_buf__append_and_cap(void)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t n;

	T_EQ_STR("empty buffer", "", b.buf);
	buf_addf(&b, "%s-%d", "a", 42);
	buf_add(&b, "/x");
	T_EQ_STR("addf", "a-42/x", b.buf);
	T_EQ_INT("len", 6, b.len);
	buf_release(&b);

	buf_init(&b, 8);
	T_EQ_INT("within cap", 0, buf_addn_capped(&b, "12345678", 8));
	T_EQ_INT("over cap fails", -1, buf_addn_capped(&b, "9", 1));
	T_EQ_STR("unchanged after failure", "12345678", b.buf);
	s = buf_detach(&b, &n);
	T_EQ_INT("detached len", 8, n);
	T_EQ_STR("after detach", "", b.buf);
	free(s);

	buf_add(&b, "  \t trimmed \n");
	buf_trim(&b);
	T_EQ_STR("trim", "trimmed", b.buf);
	buf_release(&b);
}

void test_buf__repr_escapes_terminal_controls(void)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "evil\033[2Jname", "evil\\x1b[2Jname" },
		{ "line\nbreak\ttab", "line\\nbreak\\ttab" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },		/* valid UTF-8 kept */
		{ "bad\xff\xfe", "bad\\xff\\xfe" },		/* stray bytes escaped */
		{ "c1\xc2\x9b" "31m", "c1\\xc2\\x9b31m" },	/* C1 CSI escaped */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		buf_add_repr(&b, cases[i].in, strlen(cases[i].in));
		T_EQ_STR(cases[i].in, cases[i].out, b.buf);
		buf_release(&b);
	}
}

void test_buf__one_line(void)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "none configured:\n  secret: set X\n  cli: no az", "none configured: secret: set X; cli: no az" },
		{ "a\r\nb\n\n\tc\n", "a; b; c" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		buf_add(&b, "");
		buf_add_one_line(&b, cases[i].in);
		T_EQ_STR(cases[i].in, cases[i].out, b.buf);
		buf_release(&b);
	}
}

void test_buf__utf8_and_urlencode(void)
{
	struct buf b = BUF_INIT;

	buf_add_utf8(&b, "ok\xc3\xa9\xff!", 6);
	T_EQ_STR("invalid byte replaced", "ok\xc3\xa9\xef\xbf\xbd!", b.buf);
	buf_reset(&b);
	buf_add_urlencoded(&b, "a b&c=d/~_.-");
	T_EQ_STR("urlencode", "a%20b%26c%3Dd%2F~_.-", b.buf);
	buf_release(&b);
}

void test_buf__html_and_wrapped_ids(void)
{
	struct buf b = BUF_INIT;

	buf_add_html(&b, "<a href='x'>&\"/</a>\x01");
	T_EQ_STR("escaped", "&lt;a href=&#39;x&#39;&gt;&amp;&quot;/&lt;/a&gt;\xef\xbf\xbd", b.buf);
	buf_reset(&b);
	buf_add_html_wrap(&b, "/subscriptions/s/resourceGroups/<g>/");
	T_EQ_STR("a break after each '/' but the last",
		 "/<wbr>subscriptions/<wbr>s/<wbr>resourceGroups/<wbr>&lt;g&gt;/", b.buf);
	buf_reset(&b);
	buf_add_html_wrap(&b, "</td>");
	T_EQ_STR("markup in an id stays text", "&lt;/<wbr>td&gt;", b.buf);
	buf_release(&b);
}
