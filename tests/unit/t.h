/*
 * t.h - the unit test harness: assertions that print the input, the
 * expected and the actual value (curl's unit tests), and count failures
 * instead of aborting so one run reports every broken case.
 */
#ifndef IRSCAN_T_H
#define IRSCAN_T_H

#include <stdio.h>
#include <string.h>

extern int t_failed;	/* assertions failed in the current test */

#define T_FAIL(...) do { \
	fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	t_failed++; \
} while (0)

#define T_ASSERT(cond) do { if (!(cond)) T_FAIL("assertion failed: %s", #cond); } while (0)

#define T_EQ_INT(what, expected, actual) do { \
	long long t_e_ = (long long)(expected), t_a_ = (long long)(actual); \
	if (t_e_ != t_a_) \
		T_FAIL("%s: expected %lld, got %lld", (what), t_e_, t_a_); \
} while (0)

#define T_EQ_STR(what, expected, actual) do { \
	const char *t_e_ = (expected), *t_a_ = (actual); \
	if (!t_e_ || !t_a_ ? t_e_ != t_a_ : strcmp(t_e_, t_a_) != 0) \
		T_FAIL("%s: expected '%s', got '%s'", (what), t_e_ ? t_e_ : "(null)", \
		       t_a_ ? t_a_ : "(null)"); \
} while (0)

#define T_CONTAINS(what, haystack, needle) do { \
	const char *t_h_ = (haystack), *t_n_ = (needle); \
	if (!t_h_ || !strstr(t_h_, t_n_)) \
		T_FAIL("%s: expected to contain '%s', got '%s'", (what), t_n_, \
		       t_h_ ? t_h_ : "(null)"); \
} while (0)

/* Read a whole file (fixtures); NULL on error.  Caller frees. */
char *t_read_file(const char *path, size_t *len);

#endif
