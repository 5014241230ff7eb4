/*
 * security-contact-phone (ASB 10.3): the security contact has a phone
 * number, so Microsoft can call someone about an incident.
 */
#include "contact_util.h"

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
		finding_message(f, "security contact phone is set: %s", k->phone);
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
	finding_message(f, "the security contact has no phone number");
}

const struct check check_security_contact_phone = {
	.id = "security-contact-phone",
	.title = "The security contact has a phone number",
	.severity = SEV_LOW,
	.control = {
		CONTACT_CONTROLS,
	},
	.needs = NEED_BIT(NEED_SECURITY_CONTACTS),
	.remediation =
		"Portal: the phone number of the security contact is not shown in "
		"the current Defender for Cloud portal, so set it through the "
		"API.\n"
		CONTACT_AZ_PUT
		"ARM/Bicep: Microsoft.Security/securityContacts 'default', "
		"properties.phone.",
	.eval = eval,
};
