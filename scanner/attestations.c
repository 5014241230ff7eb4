/*
 * attestations.c - load attestations and find the one for a check.  An
 * attestation covers a check when the check maps to the attested control
 * in the attestation's framework (so one IR-1 attestation of mcsb-v1
 * covers both the plan and the exercise), optionally narrowed by "check".
 */
#include "attestations.h"
#include "inputfile.h"
#include "xmalloc.h"

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

static int load_entry(const struct input_entry *e, void *item, void *ctx,
		      struct buf *err)
{
	struct attestation *a = item;
	time_t now = *(const time_t *)ctx;
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
	if (day > now + 86400)
		return entry_fail(e, err, "reviewed", "the date is in the future", reviewed);
	a->control = xstrdup(control_lookup(f, control)->id);
	a->framework = f;
	a->check = check ? xstrdup(check_find(check)->id) : NULL;
	a->subscription = xstrdup(sub);
	a->document = xstrdup(doc);
	a->owner = xstrdup(owner);
	a->reviewed = xstrdup(reviewed);
	a->reviewed_at = day;
	a->index = e->idx;
	return 0;
}

int attestations_load(const char *path, time_t now, struct attestation_list *out,
		      struct buf *err)
{
	void *items;

	memset(out, 0, sizeof(*out));
	if (input_load_entries(path, "attestations", sizeof(struct attestation),
			       load_entry, &now, &items, &out->n, err)) {
		out->items = items;
		attestations_release(out);
		return -1;
	}
	out->items = items;
	out->file = xstrdup(path);
	return 0;
}

void attestations_release(struct attestation_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].control);
		free(l->items[i].check);
		free(l->items[i].subscription);
		free(l->items[i].document);
		free(l->items[i].owner);
		free(l->items[i].reviewed);
	}
	free(l->items);
	free(l->file);
	memset(l, 0, sizeof(*l));
}

static const struct attestation *find(const struct attestation_list *l,
				      const struct check *c, const char *sub_id,
				      int check_named)
{
	const struct attestation *best = NULL;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		const struct attestation *a = &l->items[i];
		const char *mapped = c->control[a->framework];

		if (!mapped || strcasecmp(mapped, a->control))
			continue;
		if (a->check ? strcasecmp(a->check, c->id) != 0 : check_named)
			continue;
		if (strcmp(a->subscription, "*") && strcasecmp(a->subscription, sub_id))
			continue;
		if (!best || a->reviewed_at > best->reviewed_at)
			best = a;
	}
	return best;
}

const struct attestation *attestation_for(const struct attestation_list *l,
					  const struct check *c, const char *sub_id)
{
	return find(l, c, sub_id, 0);
}

const struct attestation *attestation_for_check(const struct attestation_list *l,
						const struct check *c, const char *sub_id)
{
	return find(l, c, sub_id, 1);
}
