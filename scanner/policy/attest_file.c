/*
 * attest_file.c - load the --attestations file (see attest_file.h): an
 * attestation names a control of a framework, optionally one check of it.
 */
#include "policy/attest_file.h"
#include "checks/check.h"
#include "util/inputfile.h"
#include "util/xmalloc.h"

#include <string.h>
#include <strings.h>

static const char *const attestation_keys[] = {
	"control", "framework", "check", "subscription", "document", "owner",
	"reviewed", NULL,
};

static int entry_fail(const struct input_entry *e, struct buf *err,
		      const char *field, const char *what, const char *value)
{
	buf_addf(err, "'%s': attestations[%zu]: field '%s': %s '%s'", e->path,
		 e->idx, field, what, value);
	return -1;
}

/* What every entry is loaded with: the scan time, the list's pool. */
struct load_ctx {
	time_t now;
	struct pool *strings;
};

static int load_entry(const struct input_entry *e, void *item, void *ctx,
		      struct buf *err)
{
	const struct load_ctx *c = ctx;
	const char *control, *fw, *check, *sub, *doc, *owner, *reviewed, *has;
	enum framework f = FW_ASB_IR_2019;
	time_t day;

	if (input_only_keys(e, attestation_keys, err) ||
	    input_string(e, "control", 1, &control, err) ||
	    input_string(e, "framework", 0, &fw, err) ||
	    input_string(e, "check", 0, &check, err) ||
	    input_subscription(e, &sub, err) ||
	    input_string(e, "document", 1, &doc, err) ||
	    input_string(e, "owner", 1, &owner, err) ||
	    input_date(e, "reviewed", &reviewed, &day, err))
		return -1;
	if (fw && framework_parse(fw, &f))
		return entry_fail(e, err, "framework", "unknown framework", fw);
	if (!control_lookup(f, control))
		return entry_fail(e, err, "control", "no such control in the framework",
				  control);
	if (check && !check_find(check))
		return entry_fail(e, err, "check", "unknown check", check);
	/* Only a check of the attested control reads it: any other would
	 * be settled by nothing, and the attestation would pass silently. */
	has = check ? check_find(check)->control[f] : NULL;
	if (check && (!has || strcasecmp(has, control_lookup(f, control)->id))) {
		buf_addf(err, "'%s': attestations[%zu]: field 'check': '%s' is not a check of "
			 "control %s in %s (it %s%s)", e->path, e->idx, check_find(check)->id,
			 control_lookup(f, control)->id, framework_name(f),
			 has ? "is " : "has no control there", has ? has : "");
		return -1;
	}
	if (day > c->now + 86400)
		return entry_fail(e, err, "reviewed", "the date is in the future", reviewed);
	*(struct attestation *)item = (struct attestation){
		.control = pool_strdup(c->strings, control_lookup(f, control)->id),
		.framework = f,
		.check = check ? pool_strdup(c->strings, check_find(check)->id) : NULL,
		.subscription = pool_strdup(c->strings, sub),
		.document = pool_strdup(c->strings, doc),
		.owner = pool_strdup(c->strings, owner),
		.reviewed = pool_strdup(c->strings, reviewed),
		.reviewed_at = day,
		.index = e->idx,
	};
	return 0;
}

int attestations_load(const char *path, time_t now, struct attestation_list *out,
		      struct buf *err)
{
	struct load_ctx c = { .now = now, .strings = &out->strings };
	void *items;

	*out = (struct attestation_list){ .strings = POOL_INIT };
	if (input_load_entries(path, "attestations", sizeof(struct attestation),
			       load_entry, &c, &items, &out->n, err)) {
		out->items = items;
		attestations_release(out);
		return -1;
	}
	out->items = items;
	out->file = pool_strdup(&out->strings, path);
	return 0;
}
