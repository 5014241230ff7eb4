/*
 * verify.c - `irscan verify DIR`: is this evidence bundle what its
 * manifest (and, with --verify-key, its signer) says it is?
 *
 * Prints one line per problem and a summary on stdout.  Exit 0 when every
 * file matches and nothing is missing or extra (and the signature is
 * valid when a key is given); 1 when the bundle does not verify or its
 * manifest cannot be read; 2 when the key itself cannot be used.
 *
 * A signed bundle checked without a key is not "verified": anyone can
 * edit a manifest and hash it again, only the signature shows who wrote
 * it, and a bundle that was signed was meant to be checked by it.  Saying
 * --skip-signature relies on the hashes alone, by intent.  An unsigned
 * bundle has nothing more to check, and verifies on its hashes.
 */
#include "evidence/verify.h"
#include "evidence/bundle.h"
#include "evidence/manifest.h"
#include "evidence/merged.h"
#include "util/msg.h"

#include <stdio.h>
#include <string.h>

/*
 * A merged bundle (merged.h): the merged manifest, each part against it
 * and as a bundle.  With --verify-key the merged manifest must be signed
 * by one of the keys (it alone says which parts there are), and each
 * signed part too; without, a signature anywhere is left unchecked, a
 * problem unless --skip-signature, as for one bundle.
 */
static int verify_merged(const struct config *cfg)
{
	struct merged mb;
	struct buf err = BUF_INIT, problems = BUF_INIT;
	size_t i, requests = 0;
	long count;
	int sig;

	if (merged_load(&mb, cfg->verify_dir, &err)) {
		printf("not verified: %s\n", err.buf);
		buf_release(&err);
		return 1;
	}
	count = merged_verify(&mb, &cfg->verify_keys, &problems);
	if (count < 0) {
		msg_usage("--verify-key: %s", problems.buf);
		buf_release(&problems);
		merged_release(&mb);
		return 2;
	}
	sig = merged_any_signed(&mb);
	if (sig && !cfg->verify_keys.n && !cfg->skip_signature) {
		buf_addf(&problems, "signature: the merged bundle holds signatures that were "
			 "not checked: give --verify-key FILE (or --skip-signature to rely on "
			 "the SHA-256 hashes alone)\n");
		count++;
	}
	fputs(problems.buf, stdout);
	for (i = 0; i < mb.n; i++)
		requests += mb.parts[i].m.n;
	if (count)
		printf("not verified: %ld problem%s in %s\n", count, count == 1 ? "" : "s",
		       cfg->verify_dir);
	else
		printf("verified: %s: a merged bundle of %zu part%s, %zu Resource Manager "
		       "requests, every SHA-256 matches; %s\n", cfg->verify_dir, mb.n,
		       mb.n == 1 ? "" : "s", requests,
		       cfg->verify_keys.n ? "signatures valid" :
		       sig ? "signed, signatures not checked (--skip-signature)" : "not signed");
	if (!count && mb.partial) {
		/* The merged manifest's words: shown escaped. */
		buf_reset(&err);
		buf_add_repr(&err, mb.partial, strlen(mb.partial));
		printf("partial: %s\n", err.buf);
	}
	buf_release(&err);
	buf_release(&problems);
	merged_release(&mb);
	return count ? 1 : 0;
}

int verify_run(const struct config *cfg)
{
	struct manifest m;
	struct buf err = BUF_INIT, problems = BUF_INIT;
	long count;
	size_t files = 0, i;
	int sig;

	if (merged_is(cfg->verify_dir))
		return verify_merged(cfg);
	if (manifest_load(&m, cfg->verify_dir, &err)) {
		printf("not verified: %s\n", err.buf);
		buf_release(&err);
		return 1;
	}
	count = manifest_verify(&m, &cfg->verify_keys, &problems);
	if (count < 0) {
		msg_usage("--verify-key: %s", problems.buf);
		buf_release(&problems);
		manifest_release(&m);
		return 2;
	}
	sig = manifest_is_signed(&m);
	if (sig && !cfg->verify_keys.n && !cfg->skip_signature) {
		buf_addf(&problems, "signature: %s was not checked: give --verify-key FILE "
			 "(or --skip-signature to rely on the SHA-256 hashes alone)\n",
			 BUNDLE_SIGNATURE);
		count++;
	}
	fputs(problems.buf, stdout);
	for (i = 0; i < m.n; i++)
		files += !!m.entries[i].file + !!m.entries[i].request_file;
	files += !!m.waivers.file + !!m.attestations.file;
	if (count)
		printf("not verified: %ld problem%s in %s\n", count, count == 1 ? "" : "s",
		       cfg->verify_dir);
	else
		printf("verified: %s: %zu Resource Manager requests, %zu files, every "
		       "SHA-256 matches; %s\n",
		       cfg->verify_dir, m.n, files,
		       cfg->verify_keys.n ? "signature valid" :
		       sig ? "signed, signature not checked (--skip-signature)" : "not signed");
	buf_release(&problems);
	manifest_release(&m);
	return count ? 1 : 0;
}
