/*
 * automation_util.c - shared plumbing of the automation checks.
 *
 * A target that answers 404 does not exist (the automation points at a
 * deleted resource): that is a finding about the configuration, a fail.
 * Any other failure to read it (403, 5xx, timeout) proves nothing either
 * way: an error, with the reason.
 */
#include "automation_util.h"
#include "buf.h"

#include <string.h>

const struct automation_list *automations_for_check(const struct check *c,
						    const struct sub_snapshot *sub,
						    struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_AUTOMATIONS];

	if (finding_unreadable(out, c, sub, d, need_name(NEED_AUTOMATIONS),
			       AUTOMATIONS_PERMISSION))
		return NULL;
	return d->data;
}

const char *resource_name(const char *id)
{
	const char *slash;

	if (!id)
		return "(none)";
	slash = strrchr(id, '/');
	return slash && slash[1] ? slash + 1 : id;
}

enum status target_verdict(const struct target *t, struct finding *f,
			   const char *what, const char *permission)
{
	const struct fetch_error *e = &t->ds.err;
	struct buf m = BUF_INIT;

	finding_cite(f, &t->ds);
	if (!t->id_valid) {
		finding_message(f, "'%s' is not a %s resource id, so it cannot be the "
				"target", t->id, what);
		return STATUS_FAIL;
	}
	if (t->ds.state == DATA_OK)
		return STATUS_UNSET;
	if (t->ds.state == DATA_UNSET) {
		finding_message(f, "%s '%s' was not read", what, resource_name(t->id));
		return STATUS_ERROR;
	}
	finding_observe(f, "http_status", "%ld", e->status);
	if (e->code)
		finding_observe(f, "error_code", "%s", e->code);
	if (e->status == 404) {
		finding_message(f, "%s '%s' does not exist (HTTP 404 %s)", what,
				resource_name(t->id), e->code ? e->code : "");
		return STATUS_FAIL;
	}
	buf_addf(&m, "could not read %s '%s': ", what, resource_name(t->id));
	if (e->status)
		buf_addf(&m, "HTTP %ld ", e->status);
	buf_addf(&m, "%s%s%s", e->code ? e->code : "", e->code && e->message ? ": " : "",
		 e->message ? e->message : "");
	if (e->status == 403)
		buf_addf(&m, "; the identity needs permission %s there", permission);
	free(f->message);
	f->message = buf_detach(&m, NULL);
	return STATUS_ERROR;
}
