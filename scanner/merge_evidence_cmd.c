/*
 * merge_evidence_cmd.c - `irscan merge --evidence`, see
 * merge_evidence_cmd.h: the configuration into a merge request, the
 * answer into messages and an exit code.
 */
#include "merge_evidence_cmd.h"
#include "evidence/merge.h"
#include "util/interrupt.h"
#include "util/msg.h"
#include "util/sign.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

int merge_evidence_cmd(const struct config *cfg)
{
	char *out = xstrdup(cfg->evidence_dir);
	size_t n = strlen(out);
	const struct merge_request rq = {
		.inputs = &cfg->merge_inputs,
		.out = out,
		.sign_key = cfg->sign_key,
		.verify_keys = &cfg->verify_keys,
		.allow_partial = cfg->allow_partial,
	};
	struct merge_result res = { .partial = BUF_INIT };
	struct buf err = BUF_INIT, sig = BUF_INIT;
	int rc;

	/* "OUT/" is OUT: its temporary sibling is named after it. */
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	/* A key that cannot sign is found before anything is copied. */
	if (cfg->sign_key && sign_data(cfg->sign_key, "", 0, &sig, &err)) {
		msg_usage("--sign-key: %s", err.buf);
		rc = 2;
		goto done;
	}
	interrupt_setup();
	rc = merge_evidence(&rq, &res, &err);
	if (interrupt_signal()) {
		/* The temporary directory is removed, OUT is not written. */
		msg_error("interrupted (%s): %s not written", interrupt_name(interrupt_signal()),
			  cfg->evidence_dir);
		rc = interrupt_exit_code(interrupt_signal());
	} else if (rc == 2)
		msg_error("%s", err.buf);
	else if (rc)
		msg_error("merge: %s", err.buf);
	else if (res.partial.len)
		msg_warn("merged %zu part%s into %s, which is partial: %s", res.parts,
			 res.parts == 1 ? "" : "s", cfg->evidence_dir, res.partial.buf);
	else
		msg_note("merged %zu part%s into %s", res.parts, res.parts == 1 ? "" : "s",
			 cfg->evidence_dir);
done:
	free(out);
	buf_release(&res.partial);
	buf_release(&err);
	buf_release(&sig);
	return rc;
}
