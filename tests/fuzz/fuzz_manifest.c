/*
 * fuzz_manifest.c - an evidence bundle, as `irscan verify` and
 * `--offline` read it: manifest.json and the files beside it.
 *
 * Input: the manifest's bytes, then any number of files, each as
 * NAME NUL CONTENT NUL.  Only plain names are written (a bundle is a
 * directory of plain files); a name starting with '@' makes a symbolic
 * link to manifest.json instead, which the reader must refuse to follow.
 * The bundle is loaded and verified (without a key, and against an
 * Ed25519 key made at start-up, so manifest.json.sig is read too), then
 * opened as --offline does, which takes the scan's scope and parameters
 * from it.
 */
#include "fuzz.h"
#include "evidence/bundle.h"
#include "model/config.h"
#include "evidence/manifest.h"
#include "util/msg.h"
#include "evidence/offline.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4200], pub[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	FILE *f;

	(void)argc;
	(void)argv;
	msg_setup(MSG_QUIET, 0);
	snprintf(dir, sizeof(dir), "%s/bundle", fuzz_dir());
	snprintf(pub, sizeof(pub), "%s/pub.pem", fuzz_dir());
	if (mkdir(dir, 0700) || !key || !(f = fopen(pub, "w")) ||
	    !PEM_write_PUBKEY(f, key) || fclose(f))
		abort();
	EVP_PKEY_free(key);
	return 0;
}

static int plain_name(const char *s, size_t n)
{
	return n && n <= 100 && !memchr(s, '/', n) && strcmp(s, ".") && strcmp(s, "..");
}

/* Write the bundle the input describes into dir (emptied first). */
static void write_bundle(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	const char *nul = memchr(p, 0, size);
	char path[4400], target[4400];

	fuzz_clear_dir(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, BUNDLE_MANIFEST);
	fuzz_write(path, p, nul ? (size_t)(nul - p) : size);
	p = nul ? nul + 1 : end;
	while (p < end) {
		const char *name = p, *content;
		size_t nlen, clen;

		if (!(nul = memchr(p, 0, (size_t)(end - p))))
			break;
		nlen = (size_t)(nul - name);
		content = nul + 1;
		nul = memchr(content, 0, (size_t)(end - content));
		clen = nul ? (size_t)(nul - content) : (size_t)(end - content);
		p = nul ? nul + 1 : end;
		if (name[0] == '@' && plain_name(name + 1, nlen - 1)) {
			snprintf(path, sizeof(path), "%s/%.*s", dir, (int)nlen - 1, name + 1);
			snprintf(target, sizeof(target), "%s/%s", dir, BUNDLE_MANIFEST);
			if (symlink(target, path))
				continue;
		} else if (plain_name(name, nlen)) {
			snprintf(path, sizeof(path), "%s/%.*s", dir, (int)nlen, name);
			fuzz_write(path, content, clen);
		}
	}
}

static int is_guid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void open_offline(void)
{
	struct config cfg;
	struct manifest m;
	size_t i;

	config_init(&cfg);
	cfg.offline_dir = strdup(dir);
	memset(&m, 0, sizeof(m));
	if (!offline_open(&cfg, &m)) {
		/* What the scan will use: the scope as the command line would allow it. */
		for (i = 0; i < cfg.subscriptions.n; i++)
			FUZZ_CHECK(is_guid(cfg.subscriptions.v[i]),
				   "offline scope subscription '%s' is not a GUID",
				   cfg.subscriptions.v[i]);
		FUZZ_CHECK(cfg.cloud && cfg.arm_endpoint && cfg.authority_host, "no endpoints");
		FUZZ_CHECK(cfg.framework < FW__COUNT && cfg.fail_on <= SEV_NEVER,
			   "framework %d, fail-on %d", (int)cfg.framework, (int)cfg.fail_on);
		manifest_release(&m);
	}
	config_release(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT, problems = BUF_INIT;
	struct manifest m;
	long count;
	size_t i;

	write_bundle(data, size);
	if (manifest_load(&m, dir, &err)) {
		FUZZ_CHECK(err.len, "refused without a reason");
		buf_release(&err);
		return 0;
	}
	for (i = 0; i < m.n; i++)
		FUZZ_CHECK(m.entries[i].entry == i + 1 && m.entries[i].method &&
			   m.entries[i].url && !m.entries[i].used, "entry %zu", i + 1);
	count = manifest_verify(&m, NULL, &problems);
	FUZZ_CHECK(count >= 0 && (count == 0) == (problems.len == 0),
		   "%ld problems: '%s'", count, problems.buf);
	buf_reset(&problems);
	{
		char *one[] = { pub, NULL };
		const struct strvec keys = { .v = one, .n = 1 };

		count = manifest_verify(&m, &keys, &problems);
	}
	FUZZ_CHECK(count > 0, "verified against a key that signed nothing: '%s'",
		   problems.buf);
	manifest_release(&m);
	buf_release(&problems);
	buf_release(&err);
	open_offline();
	return 0;
}
