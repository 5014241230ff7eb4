/*
 * attest_util.c - evaluate an attested control.  The finding carries no
 * HTTP evidence (nothing was read from Azure); its observed values say
 * which attestation, from which file and entry, decided it.
 */
#include "checks/attest_util.h"
#include "checks/fix_util.h"

#include <string.h>
#include <strings.h>

void eval_attested(const struct check *self, const struct sub_snapshot *sub,
		   const struct check_params *p, struct findings *out,
		   const char *what)
{
	const struct attestation *a = attestation_for(p->attestations, self, sub->id);
	long max = p->attestation_max_age_days > 0 ? p->attestation_max_age_days : 365;
	struct finding *f;
	long age;

	if (!a) {
		f = findings_add(out, self, sub, STATUS_MANUAL, NULL);
		finding_message(f, "no attestation covers the %s: a person must confirm "
				"it (--attestations: control, document, owner, reviewed)",
				what);
		return;
	}
	age = (long)((p->now - a->reviewed_at) / 86400);
	if (age < 0)
		age = 0;
	f = findings_add(out, self, sub, age <= max ? STATUS_PASS : STATUS_FAIL, NULL);
	finding_observe(f, "document", "%s", a->document);
	finding_observe(f, "owner", "%s", a->owner);
	finding_observe(f, "reviewed", "%s", a->reviewed);
	finding_observe(f, "review_age_days", "%ld", age);
	finding_observe(f, "attestation", "%s, entry %zu",
			p->attestations->file ? p->attestations->file : "-", a->index);
	if (age <= max)
		finding_message(f, "%s '%s' (owner %s) was reviewed on %s, %ld day%s ago "
				"(at most %ld allowed)", what, a->document, a->owner,
				a->reviewed, age, age == 1 ? "" : "s", max);
	else
		finding_message(f, "%s '%s' (owner %s) was last reviewed on %s, %ld days "
				"ago: more than the %ld days allowed", what, a->document,
				a->owner, a->reviewed, age, max);
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

static void attest_plan_fix_block(struct buf *b, const struct fix_ctx *x)
{
	(void)x;
	buf_add(b, "# Incident response plan / exercise (ir-plan-attested, "
		"ir-exercise-attested): review the document and record the review "
		"in the attestations file (--attestations); not an az change.\n\n");
}

const struct check_fix attest_plan_fix = { .order = 170, .write = attest_plan_fix_block };
