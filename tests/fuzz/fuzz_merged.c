/*
 * fuzz_merged.c - a merged evidence bundle, as `irscan verify` and
 * `--offline` read it: the merged manifest, and one part beside it.
 *
 * Input: the merged manifest's bytes, NUL, part-01's manifest.json, NUL,
 * then any number of part-01's files, each as NAME NUL CONTENT NUL (plain
 * names only).  The bundle is loaded and verified (without a key, and
 * against an Ed25519 key made at start-up that signed nothing), then
 * opened as --offline does.
 */
#include "fuzz.h"
#include "evidence/bundle.h"
#include "evidence/merged.h"
#include "evidence/offline.h"
#include "model/config.h"
#include "util/msg.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[4200], part[4300], pub[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	FILE *f;

	(void)argc;
	(void)argv;
	msg_setup(MSG_QUIET, 0);
	snprintf(dir, sizeof(dir), "%s/merged", fuzz_dir());
	snprintf(part, sizeof(part), "%s/part-01", dir);
	snprintf(pub, sizeof(pub), "%s/pub.pem", fuzz_dir());
	if (mkdir(dir, 0700) || !key || !(f = fopen(pub, "w")) ||
	    !PEM_write_PUBKEY(f, key) || fclose(f))
		abort();
	EVP_PKEY_free(key);
	return 0;
}

/* The next NUL-ended piece of the input (the rest when there is no NUL). */
static const char *piece(const char **p, const char *end, size_t *len)
{
	const char *start = *p, *nul = memchr(start, 0, (size_t)(end - start));

	*len = nul ? (size_t)(nul - start) : (size_t)(end - start);
	*p = nul ? nul + 1 : end;
	return start;
}

static void write_bundle(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *s, *name;
	char path[4500];
	size_t n, nlen;

	fuzz_clear_dir(part);
	fuzz_clear_dir(dir);
	if (mkdir(part, 0700))
		abort();
	s = piece(&p, end, &n);
	snprintf(path, sizeof(path), "%s/%s", dir, BUNDLE_MANIFEST);
	fuzz_write(path, s, n);
	s = piece(&p, end, &n);
	snprintf(path, sizeof(path), "%s/%s", part, BUNDLE_MANIFEST);
	fuzz_write(path, s, n);
	while (p < end) {
		name = piece(&p, end, &nlen);
		s = piece(&p, end, &n);
		if (!nlen || nlen > 100 || memchr(name, '/', nlen) || name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%.*s", part, (int)nlen, name);
		fuzz_write(path, s, n);
	}
}

static void open_offline(void)
{
	struct config cfg;
	struct merged mb;

	config_init(&cfg);
	cfg.offline_dir = strdup(dir);
	if (!offline_open_merged(&cfg, &mb)) {
		FUZZ_CHECK(mb.n >= 1 && cfg.cloud && cfg.arm_endpoint, "opened without parts");
		merged_release(&mb);
	}
	config_release(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *one[] = { pub, NULL };
	const struct strvec keys = { .v = one, .n = 1 };
	struct buf err = BUF_INIT, problems = BUF_INIT;
	struct merged mb;
	long count;

	write_bundle(data, size);
	if (merged_load(&mb, dir, &err)) {
		FUZZ_CHECK(err.len, "refused without a reason");
		buf_release(&err);
		return 0;
	}
	FUZZ_CHECK(mb.n >= 1 && mb.n <= MERGED_MAX_PARTS, "%zu parts", mb.n);
	count = merged_verify(&mb, NULL, &problems);
	FUZZ_CHECK(count >= 0 && (count == 0) == (problems.len == 0),
		   "%ld problems: '%s'", count, problems.buf);
	buf_reset(&problems);
	count = merged_verify(&mb, &keys, &problems);
	FUZZ_CHECK(count > 0, "verified against a key that signed nothing: '%s'", problems.buf);
	merged_release(&mb);
	buf_release(&problems);
	buf_release(&err);
	open_offline();
	return 0;
}
