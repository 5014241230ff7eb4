/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz/ share: a scratch
 * directory per process for the parsers that read files, a reader that
 * takes numbers and strings from the fuzzer's bytes, the checks run on
 * a parsed snapshot, and the validity tests of the outputs.
 *
 * A target may only report what the program could really do: each one
 * builds its input the way collection, the CLI or a scan would (the same
 * gates, the same invariants), so that a crash here is a crash there.
 */
#ifndef IRSCAN_FUZZ_H
#define IRSCAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "model/snapshot.h"
#include "util/strvec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The process's scratch directory (made on first use, removed at exit). */
const char *fuzz_dir(void);
/* Remove every entry of dir (one level, and empty subdirectories). */
void fuzz_clear_dir(const char *dir);
/* Write a file; aborts on failure (the harness, not the target, broke). */
void fuzz_write(const char *path, const void *data, size_t n);

/* Reading the fuzzer's bytes: past the end, bytes are 0 and strings "". */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
	struct strvec keep;	/* strings handed out, freed by fuzz_in_release */
};
void fuzz_in_init(struct fuzz_in *in, const uint8_t *data, size_t size);
void fuzz_in_release(struct fuzz_in *in);
unsigned fuzz_byte(struct fuzz_in *in);
/* A string of up to 255 bytes (a length byte, then the bytes; a NUL ends it early). */
const char *fuzz_str(struct fuzz_in *in);
/* The same, or NULL when the next byte is odd. */
const char *fuzz_str_or_null(struct fuzz_in *in);

/*
 * Evaluate every check of every framework on each scanned subscription of
 * snap, as scan.c does (the data is released afterwards), and drop the
 * findings.
 */
void fuzz_eval_checks(struct snapshot *snap);

/* The length of the longest valid UTF-8 prefix of s[0..n) (n: all valid;
 * no overlongs, surrogates or > U+10FFFF). */
size_t fuzz_utf8_prefix(const char *s, size_t n);
/* Check that text is valid UTF-8, else show where it is not. */
#define FUZZ_CHECK_UTF8(what, text, len) do { \
	size_t ok_ = fuzz_utf8_prefix(text, len); \
	size_t from_ = ok_ > 40 ? ok_ - 40 : 0; \
	FUZZ_CHECK(ok_ == (len), "%s is not UTF-8 at byte %zu: %.*s", what, ok_, \
		   (int)((len) - from_ > 80 ? 80 : (len) - from_), (text) + from_); \
} while (0)

/* Report a broken invariant and abort, so libFuzzer keeps the input. */
#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) \
		fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
} while (0)
void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

#endif
