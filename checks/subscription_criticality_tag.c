/*
 * subscription-criticality-tag (ASB 10.2): the subscription carries a tag
 * that tells responders how critical it is (one of --criticality-tags,
 * default criticality, environment, env) with a non-empty value, so
 * alerts from it can be prioritised.  Tag names compare case-insensitively
 * as ARM's do.
 */
#include "checks/check.h"
#include "checks/fix_util.h"
#include "model/config.h"
#include "util/buf.h"

#include <ctype.h>
#include <string.h>

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct strvec *want = p->criticality_tags;
	struct buf names = BUF_INIT, have = BUF_INIT, empty = BUF_INIT;
	struct finding *f;
	size_t i;

	if (finding_unreadable(out, self, sub, &sub->info, "the subscription",
			       "Microsoft.Resources/subscriptions/read"))
		return;
	if (sub->tags_malformed) {
		f = findings_add(out, self, sub, STATUS_ERROR, NULL);
		finding_cite(f, &sub->info);
		finding_message(f, "could not read the subscription's tags: 'tags' is "
				"not an object of string values");
		return;
	}
	for (i = 0; want && i < want->n; i++) {
		const char *v = sub_tag(sub, want->v[i]);

		buf_addf(&names, "%s%s", i ? ", " : "", want->v[i]);
		if (v && !blank(v)) {
			f = findings_add(out, self, sub, STATUS_PASS, NULL);
			finding_cite(f, &sub->info);
			finding_observe(f, "tag", "%s", want->v[i]);
			finding_observe(f, "value", "%s", v);
			finding_message(f, "tag '%s' = '%s' lets alerts from this "
					"subscription be prioritised", want->v[i], v);
			goto out;
		}
		if (v)
			buf_addf(&empty, "%s'%s'", empty.len ? ", " : "", want->v[i]);
	}
	for (i = 0; i < sub->tag_keys.n; i++)
		buf_addf(&have, "%s%s", i ? ", " : "", sub->tag_keys.v[i]);
	f = findings_add(out, self, sub, STATUS_FAIL, NULL);
	finding_cite(f, &sub->info);
	finding_observe(f, "tags", "%s", have.buf);
	finding_message(f, "no criticality tag: none of %s is set with a value%s%s%s; %s%s",
			names.len ? names.buf : "(no tag names configured)",
			empty.len ? " (empty: " : "", empty.buf, empty.len ? ")" : "",
			have.len ? "its tags are: " : "the subscription has no tags",
			have.buf);
out:
	buf_release(&names);
	buf_release(&have);
	buf_release(&empty);
}

/* The first --criticality-tags name, set to a value only the user knows. */
static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	const struct strvec *tags = x->cfg ? &x->cfg->criticality_tags : NULL;
	const char *tag = tags && tags->n ? tags->v[0] : "criticality";

	buf_add(b, "# Criticality tag (subscription-criticality-tag): set "
		"$CRITICALITY (e.g. high).\n");
	if (fix_is_safe(tag, FIX_NAME_CHARS "_-.", 128))
		buf_addf(b, "need CRITICALITY '^[A-Za-z0-9._ -]+$'\n"
			 "az tag update --resource-id '/subscriptions/%s' --operation "
			 "Merge --tags \"%s=$CRITICALITY\" --output none\n\n", x->sub, tag);
	else
		buf_add(b, "# not scripted: the tag name has unexpected characters.\n\n");
}

static const struct check_fix fix = { .order = 150, .write = fix_block };

const struct check check_subscription_criticality_tag = {
	.id = "subscription-criticality-tag",
	.title = "The subscription is tagged with its criticality",
	.severity = SEV_LOW,
	.control = {
		[FW_ASB_IR_2019] = "10.2", [FW_ASB_V1] = "10.2", [FW_MCSB_V1] = "IR-5",
	},
	.needs = 0,	/* the subscription itself is always read */
	.remediation =
		"Portal: Subscriptions > <subscription> > Tags: add 'criticality' "
		"(or 'environment') with a value such as high, production.\n"
		"CLI: az tag update --resource-id /subscriptions/<subscription-id> "
		"--operation merge --tags criticality=high\n"
		"ARM/Bicep: Microsoft.Resources/tags 'default' at subscription "
		"scope, properties.tags.criticality = 'high'.",
	.fix = &fix,
	.eval = eval,
};
