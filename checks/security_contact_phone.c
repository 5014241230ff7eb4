/*
 * security-contact-phone (ASB 10.3): the security contact has a phone
 * number, as the control text of the Azure Security Benchmark (2019 10.3,
 * v1 10.4) asks.
 *
 * Microsoft no longer uses the number: the built-in policy b4d66858-c922-
 * 44e3-9566-5cdb7a7be744 is "[Deprecated]: A security contact phone
 * number should be provided for your subscription", "deprecated because
 * phone numbers are no longer used in any scenario by Azure Security
 * Center" (Azure/azure-policy, built-in-policies/policyDefinitions/
 * Security Center/ASC_Security_contact_phone_number.json @7e7e3142), and
 * the portal has no phone field.  So the check stays for the two ASB
 * frameworks whose text asks for it, has no Microsoft cloud security
 * benchmark mapping, and its message says the number is not used.
 */
#include "checks/contact_util.h"

#include <ctype.h>

static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct contact_list *list;
	const struct security_contact *k = NULL;
	struct finding *f;
	size_t i;

	(void)p;
	list = contacts_for_check(self, sub, out, STATUS_FAIL);
	if (!list)
		return;
	for (i = 0; i < list->n && !k; i++)
		if (has_text(list->items[i].phone))
			k = &list->items[i];
	if (k) {
		f = contact_finding(self, sub, k, STATUS_PASS, out);
		finding_observe(f, "phone", "%s", k->phone);
		finding_message(f, "security contact phone is set: %s (as the "
				"benchmark asks; Defender for Cloud itself no longer "
				"uses phone numbers)", k->phone);
		return;
	}
	for (i = 0; i < list->n; i++)
		if (list->items[i].phone_malformed) {
			/* A phone that could not be read may be a number. */
			f = contact_finding(self, sub, &list->items[i], STATUS_ERROR, out);
			finding_message(f, "could not read the security contact's phone: "
					"'phone' is not a string");
			return;
		}
	f = contact_finding(self, sub, &list->items[0], STATUS_FAIL, out);
	finding_observe(f, "phone", "%s", "");
	finding_message(f, "the security contact has no phone number, which the "
			"benchmark's control text asks for (Defender for Cloud itself "
			"no longer uses phone numbers: Microsoft deprecated its phone "
			"policy)");
}

static const struct contact_fix fix = CONTACT_FIX(CONTACT_PHONE);

const struct check check_security_contact_phone = {
	.id = "security-contact-phone",
	.title = "The security contact has a phone number",
	.severity = SEV_LOW,
	.control = {
		/* Not MCSB IR-2: Microsoft no longer uses the number (above). */
		[FW_ASB_IR_2019] = "10.3", [FW_ASB_V1] = "10.4",
	},
	.needs = NEED_BIT(NEED_SECURITY_CONTACTS),
	.remediation =
		"Note: Defender for Cloud no longer uses the phone number (Microsoft "
		"deprecated the policy 'A security contact phone number should be "
		"provided'); set it only because the benchmark text asks for it.\n"
		"Portal: the phone number of the security contact is not shown in "
		"the current Defender for Cloud portal, so set it through the "
		"API.\n"
		CONTACT_AZ_PUT
		"ARM/Bicep: Microsoft.Security/securityContacts 'default', "
		"properties.phone.",
	.fix = &fix.fix,
	.eval = eval,
};
