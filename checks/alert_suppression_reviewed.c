/*
 * alert-suppression-reviewed (MCSB IR-3): no alert suppression rule
 * silently dismisses a whole alert type everywhere and for good.  A rule
 * that is Enabled, has no suppressionAlertsScope (so it dismisses every
 * alert of its type on every resource) and no expiry within a year (none
 * at all defaults to "the maximum allowed expiration date",
 * alertsSuppressionRules.json 2019-01-01-preview) fails: incidents built
 * from those alerts never happen.  A rule with a scope or a nearer expiry,
 * or one that is Disabled or Expired, is a reviewed exception; each rule
 * is listed with its alert type, reason and comment.  No rules: pass.
 */
#include "checks/check.h"
#include "checks/fix_util.h"
#include "util/buf.h"
#include "model/suppression.h"

#include <strings.h>

#define SUPPRESSION_PERMISSION "Microsoft.Security/alertsSuppressionRules/read"
#define YEAR_S ((time_t)365 * 86400)
/* Rules described in `observed`; the count says how many there are. */
#define RULES_SHOWN 50

/* Suppressing now: Enabled and not past its expiry. */
static int active(const struct suppression_rule *r, time_t now)
{
	return r->state && !strcasecmp(r->state, "Enabled") &&
	       (r->expiration == (time_t)-1 || r->expiration > now);
}

/* Active, everywhere, for more than a year (or with no expiry). */
static int broad(const struct suppression_rule *r, time_t now)
{
	return active(r, now) && !r->scope &&
	       (r->expiration == (time_t)-1 || r->expiration > now + YEAR_S);
}

static void describe(struct buf *b, const struct suppression_rule *r)
{
	buf_addf(b, "%s%s: alert type '%s', %s", b->len ? "; " : "",
		 r->name ? r->name : "?", r->alert_type ? r->alert_type : "?",
		 r->state ? r->state : "no state");
	buf_addf(b, ", expires %s", r->expiration_raw ? r->expiration_raw : "never set");
	buf_addf(b, ", scope %s", r->scope ? r->scope : "none (every resource)");
	buf_addf(b, ", reason '%s'", r->reason ? r->reason : "");
	if (r->comment)
		buf_addf(b, ", comment '%s'", r->comment);
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_SUPPRESSION];
	const struct suppression_list *l;
	struct buf rules = BUF_INIT, bad = BUF_INIT, odd = BUF_INIT;
	size_t i, n_bad = 0, n_odd = 0, n_active = 0;
	struct finding *f;

	if (finding_unreadable(out, self, sub, d, need_name(NEED_SUPPRESSION),
			       SUPPRESSION_PERMISSION))
		return;
	l = d->data;
	for (i = 0; l && i < l->n; i++) {
		const struct suppression_rule *r = &l->items[i];
		const char *name = r->name ? r->name : "?";

		if (i < RULES_SHOWN)
			describe(&rules, r);
		n_active += active(r, p->now);
		if (r->malformed || !r->state) {
			buf_addf(&odd, "%s'%s'", n_odd++ ? ", " : "", name);
		} else if (broad(r, p->now)) {
			buf_addf(&bad, "%s'%s' (alert type '%s'%s)", n_bad++ ? ", " : "", name,
				 r->alert_type ? r->alert_type : "?",
				 r->expiration_raw ? ", expiring more than a year ahead" :
				 ", no expiry");
		}
	}
	f = findings_add(out, self, sub, n_bad ? STATUS_FAIL : n_odd ? STATUS_ERROR :
			 STATUS_PASS, NULL);
	finding_cite(f, d);
	finding_observe(f, "rules", "%zu", l ? l->n : 0);
	finding_observe(f, "active_rules", "%zu", n_active);
	if (rules.len)
		finding_observe(f, "rule_list", "%s%s", rules.buf,
				l->n > RULES_SHOWN ? "; ..." : "");
	if (n_bad)
		finding_message(f, "%zu alert suppression rule%s dismiss%s every alert of "
				"%s type on every resource with no expiry within a year: %s",
				n_bad, n_bad == 1 ? "" : "s", n_bad == 1 ? "es" : "",
				n_bad == 1 ? "its" : "their", bad.buf);
	else if (n_odd)
		finding_message(f, "could not read %zu alert suppression rule%s (a state, "
				"alert type, reason, comment or expiry of the wrong type): %s",
				n_odd, n_odd == 1 ? "" : "s", odd.buf);
	else if (l && l->n)
		finding_message(f, "%zu alert suppression rule%s, each scoped, expiring "
				"within a year, disabled or expired (%zu active)", l->n,
				l->n == 1 ? "" : "s", n_active);
	else
		finding_message(f, "no alert suppression rule dismisses alerts");
	buf_release(&rules);
	buf_release(&bad);
	buf_release(&odd);
}

static void fix_block(struct buf *b, const struct fix_ctx *x)
{
	buf_addf(b, "# Alert suppression rules (alert-suppression-reviewed): give each "
		 "rule a scope\n# and an expiry within a year, or delete it; a decision, "
		 "not scripted.  To list them:\n# az rest --method get --url "
		 "'/subscriptions/%s/providers/Microsoft.Security/alertsSuppressionRules?"
		 "api-version=2019-01-01-preview' --output table\n\n", x->sub);
}

static const struct check_fix fix = { .order = 120, .write = fix_block };

const struct check check_alert_suppression_reviewed = {
	.id = "alert-suppression-reviewed",
	.title = "Alert suppression rules are scoped or expire",
	.severity = SEV_MEDIUM,
	.control = {
		[FW_MCSB_V1] = "IR-3",
	},
	.needs = NEED_BIT(NEED_SUPPRESSION),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Security alerts > "
		"Suppression rules: for each rule that covers a whole alert type, "
		"add conditions (entities, resources) that limit it to the known "
		"benign case and set an expiration date within a year, or delete "
		"it.\n"
		"CLI: az security alerts-suppression-rule update --rule-name <rule> "
		"--alert-type <type> --reason <reason> --state Enabled "
		"--expiration-date-utc <YYYY-MM-DD> --comment <why>; then az security "
		"alerts-suppression-rule upsert_scope --rule-name <rule> --field "
		"<entity field> --contains-substring <value>\n"
		"ARM/Bicep: Microsoft.Security/alertsSuppressionRules '<rule>', "
		"properties.suppressionAlertsScope.allOf[] conditions and "
		"properties.expirationDateUtc within a year.",
	.fix = &fix,
	.eval = eval,
};
