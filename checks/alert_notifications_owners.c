/*
 * alert-notifications-owners (ASB 10.3, CIS 2.1.17 / 3.1.12): alert
 * e-mails also go to the subscription's owners, who can act on them.
 */
#include "checks/contact_util.h"
#include "util/buf.h"

static const char *onoff_text(int v)
{
	return v == ON_ON ? "On" : v == ON_OFF ? "Off" : v == ON_OTHER ? "unrecognised" : "unset";
}

static enum status eval_one(const struct security_contact *k,
			    const struct check_params *p, struct finding *f)
{
	struct buf roles = BUF_INIT;
	size_t i;
	enum status st;

	(void)p;
	if (k->shape == SHAPE_2017) {
		finding_observe(f, "alerts_to_admins", "%s", onoff_text(k->admins));
		if (k->admins == ON_ON) {
			finding_message(f, "alert e-mails go to the subscription's "
					"administrators and owners (alertsToAdmins On)");
			return STATUS_PASS;
		}
		finding_message(f, "owners are not notified (alertsToAdmins is %s)",
				onoff_text(k->admins));
		return STATUS_FAIL;
	}
	if (k->shape == SHAPE_UNKNOWN) {
		finding_message(f, "the security contact's properties match no known "
				"API shape; role notifications could not be read");
		return STATUS_ERROR;
	}
	for (i = 0; i < k->roles.n; i++)
		buf_addf(&roles, "%s%s", i ? ", " : "", k->roles.v[i]);
	finding_observe(f, "notify_roles_state", "%s", onoff_text(k->roles_state));
	finding_observe(f, "notify_roles", "%s", roles.buf);
	st = k->shape == SHAPE_2023 ? contact_not_enabled(k, f, "owners are not notified")
				     : STATUS_UNSET;
	if (st != STATUS_UNSET) {
		/* contact_not_enabled said why */
	} else if (k->roles_state != ON_ON) {
		finding_message(f, "owners are not notified: notifications by role are %s",
				onoff_text(k->roles_state));
		st = STATUS_FAIL;
	} else if (strvec_find_ci(&k->roles, "Owner") < 0) {
		finding_message(f, "owners are not notified: notified roles are %s",
				roles.len ? roles.buf : "none");
		st = STATUS_FAIL;
	} else {
		finding_message(f, "alert e-mails go to subscription owners "
				"(notified roles: %s)", roles.buf);
		st = STATUS_PASS;
	}
	buf_release(&roles);
	return st;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	contacts_eval_any(self, sub, p, out, eval_one);
}

static const struct contact_fix fix = CONTACT_FIX(CONTACT_ROLES);

const struct check check_alert_notifications_owners = {
	.id = "alert-notifications-owners",
	.title = "Alert e-mails are sent to subscription owners",
	.severity = SEV_MEDIUM,
	.control = {
		CONTACT_CONTROLS, [FW_CIS_AZURE_2_1_0] = "2.1.17",
		[FW_CIS_AZURE_3_0_0] = "3.1.12", [FW_CIS_AZURE_4_0_0] = "9.1.12",
	},
	.needs = NEED_BIT(NEED_SECURITY_CONTACTS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Email notifications > 'All users with the "
		"following roles': select Owner, then save.\n"
		CONTACT_AZ_PUT
		"ARM/Bicep: Microsoft.Security/securityContacts 'default', "
		"properties.notificationsByRole = { state: 'On', roles: ['Owner'] }.",
	.fix = &fix.fix,
	.eval = eval,
};
