/*
 * attack-path-notifications (ASB 10.3): Defender for Cloud e-mails attack
 * paths at or above --attack-path-risk (default High).  Only the
 * 2023-12-01-preview API has attack path notifications: where the service
 * answered an older version, the check is not applicable, not a fail.
 */
#include "checks/contact_util.h"

#include <strings.h>

static enum status eval_one(const struct security_contact *k,
			    const struct check_params *p, struct finding *f)
{
	enum level want = p->attack_path_risk ? p->attack_path_risk : LEVEL_HIGH;
	enum status st;

	if (k->shape == SHAPE_2017 || k->shape == SHAPE_2020) {
		finding_message(f, "not applicable: the securityContacts API answered "
				"with version %s, which has no attack path notifications",
				contact_shape_version(k->shape));
		return STATUS_NOT_APPLICABLE;
	}
	if (k->shape == SHAPE_UNKNOWN) {
		finding_message(f, "the security contact's properties match no known "
				"API shape; attack path notifications could not be read");
		return STATUS_ERROR;
	}
	finding_observe(f, "required_minimal_risk", "%s", level_name(want));
	finding_observe(f, "minimal_risk_level", "%s",
			k->attack_min_raw ? k->attack_min_raw : "");
	if ((st = contact_not_enabled(k, f, "no attack path e-mails are sent")) != STATUS_UNSET)
		return st;
	if (k->attack_path != ON_ON) {
		finding_message(f, "attack path e-mails are off: no notification source "
				"of type AttackPath");
		return STATUS_FAIL;
	}
	if (k->attack_min == LEVEL_UNSET || k->attack_min == LEVEL_OTHER) {
		finding_message(f, "attack path e-mails have minimal risk level '%s', "
				"which is not Critical, High, Medium or Low",
				k->attack_min_raw ? k->attack_min_raw : "");
		return STATUS_FAIL;
	}
	if (k->attack_min > want) {
		finding_message(f, "attack path e-mails are on only for risk level %s; "
				"%s and above is required", level_name(k->attack_min),
				level_name(want));
		return STATUS_FAIL;
	}
	finding_message(f, "attack path e-mails are on for risk level %s and above",
			level_name(k->attack_min));
	return STATUS_PASS;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct dataset *d = &sub->sets[NEED_SECURITY_CONTACTS];
	struct finding *f;

	/* No contact read through an older API: nothing to ask for. */
	if (d->state == DATA_OK && d->data &&
	    !((const struct contact_list *)d->data)->n && d->api_version &&
	    strcasecmp(d->api_version, "2023-12-01-preview")) {
		f = findings_add(out, self, sub, STATUS_NOT_APPLICABLE, NULL);
		finding_cite(f, d);
		finding_observe(f, "api_version", "%s", d->api_version);
		finding_message(f, "not applicable: the securityContacts API answered "
				"with version %s, which has no attack path notifications",
				d->api_version);
		return;
	}
	contacts_eval_any(self, sub, p, out, eval_one);
}

static const struct contact_fix fix = CONTACT_FIX(CONTACT_ATTACK_PATHS);

const struct check check_attack_path_notifications = {
	.id = "attack-path-notifications",
	.title = "Attack path e-mail notifications are on",
	.severity = SEV_LOW,
	.control = {
		/* CIS: 4.0.0 added the item (2.1.0 and 3.0.0 have none). */
		CONTACT_CONTROLS, [FW_CIS_AZURE_4_0_0] = "9.1.15",
	},
	.needs = NEED_BIT(NEED_SECURITY_CONTACTS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Email notifications > 'Notify about attack paths "
		"with the following risk level (or higher)': tick it and choose "
		"High (or lower), then save.\n"
		CONTACT_AZ_PUT
		"ARM/Bicep: Microsoft.Security/securityContacts 'default', "
		"properties.notificationsSources containing { sourceType: "
		"'AttackPath', minimalRiskLevel: 'High' }.",
	.fix = &fix.fix,
	.eval = eval,
};
