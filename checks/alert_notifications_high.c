/*
 * alert-notifications-high (ASB 10.3, CIS 2.1.19 / 3.1.14): Defender for
 * Cloud e-mails alerts of High severity (or a broader threshold).
 *
 * Each API shape says it differently (contacts.h); every threshold the
 * service knows (High, Medium, Low) includes High alerts, but a value we
 * do not recognise is not assumed to: it fails with the value named.
 * A 2023 contact with isEnabled false sends nothing, whatever else it says.
 */
#include "checks/contact_util.h"

static const char *threshold_text(enum level l)
{
	switch (l) {
	case LEVEL_HIGH: return "severity High only";
	case LEVEL_MEDIUM: return "severity Medium and above";
	case LEVEL_LOW: return "severity Low and above";
	default: return "an unknown severity";
	}
}

/* Evaluate one contact; the message goes into f. */
static enum status eval_one(const struct security_contact *k,
			    const struct check_params *p, struct finding *f)
{
	(void)p;
	switch (k->shape) {
	case SHAPE_2017:
		finding_observe(f, "alert_notifications", "%s",
				k->alerts == ON_ON ? "On" : k->alerts == ON_OFF ? "Off" : "unset");
		if (k->alerts == ON_ON) {
			finding_message(f, "alert e-mails are on (the 2017-08-01-preview "
					"API sends alerts of every severity)");
			return STATUS_PASS;
		}
		finding_message(f, "alert e-mails are off (alertNotifications is not On)");
		return STATUS_FAIL;
	case SHAPE_2020:
	case SHAPE_2023:
		break;
	case SHAPE_UNKNOWN:
		finding_message(f, "the security contact's properties match no known "
				"API shape; alert e-mail settings could not be read");
		return STATUS_ERROR;
	}
	if (k->shape == SHAPE_2023) {
		enum status st = contact_not_enabled(k, f, "no alert e-mails are sent");

		if (st != STATUS_UNSET)
			return st;
		finding_observe(f, "is_enabled", "true");
	}
	finding_observe(f, "alert_notifications", "%s", k->alerts == ON_ON ? "On" : "Off");
	finding_observe(f, "minimal_severity", "%s",
			k->alert_min_raw ? k->alert_min_raw : "");
	if (k->alerts != ON_ON) {
		finding_message(f, k->shape == SHAPE_2023
				? "alert e-mails are off: no notification source of type Alert"
				: "alert e-mails are off (alertNotifications.state is not On)");
		return STATUS_FAIL;
	}
	switch (k->alert_min) {
	case LEVEL_HIGH:
	case LEVEL_MEDIUM:
	case LEVEL_LOW:
		finding_message(f, "alert e-mails are on for %s",
				threshold_text(k->alert_min));
		return STATUS_PASS;
	case LEVEL_UNSET:
		finding_message(f, "alert e-mails are on but no minimal severity is set, "
				"so it cannot be shown that High alerts are sent");
		return STATUS_FAIL;
	default:
		finding_message(f, "alert e-mails are on with minimal severity '%s', "
				"which is not High, Medium or Low", k->alert_min_raw);
		return STATUS_FAIL;
	}
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	contacts_eval_any(self, sub, p, out, eval_one);
}

static const struct contact_fix fix = CONTACT_FIX(CONTACT_ALERTS);

const struct check check_alert_notifications_high = {
	.id = "alert-notifications-high",
	.title = "Alert e-mail notifications are on for High severity alerts",
	.severity = SEV_HIGH,
	.control = {
		CONTACT_CONTROLS, [FW_CIS_AZURE_2_1_0] = "2.1.19",
		[FW_CIS_AZURE_3_0_0] = "3.1.14", [FW_CIS_AZURE_4_0_0] = "9.1.14",
	},
	.needs = NEED_BIT(NEED_SECURITY_CONTACTS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Email notifications > 'Notify about alerts with "
		"the following severity (or higher)': tick it and choose High (or "
		"Medium/Low), then save.\n"
		CONTACT_AZ_PUT
		"ARM/Bicep: Microsoft.Security/securityContacts 'default', "
		"properties.isEnabled = true and properties.notificationsSources "
		"containing { sourceType: 'Alert', minimalSeverity: 'High' }.",
	.fix = &fix.fix,
	.eval = eval,
};
