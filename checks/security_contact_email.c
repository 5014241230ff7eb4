/*
 * security-contact-email (ASB 10.3, CIS 2.1.18 / 3.1.13 / 9.1.13): a
 * security contact exists and its e-mail list holds at least one
 * syntactically valid address (the list split on ';' and ',', see
 * contacts.c).  Invalid entries are named so a typo is easy to spot.
 */
#include "checks/contact_util.h"
#include "util/buf.h"

static void eval(const struct check *self, const struct sub_snapshot *sub,
		 const struct check_params *p, struct findings *out)
{
	const struct contact_list *list;
	const struct security_contact *best = NULL;
	struct buf valid = BUF_INIT, invalid = BUF_INIT, all = BUF_INIT;
	size_t i, j, n_valid = 0, n_invalid = 0;
	int malformed = 0;
	struct finding *f;

	(void)p;
	list = contacts_for_check(self, sub, out, STATUS_FAIL);
	if (!list)
		return;
	for (i = 0; i < list->n; i++) {
		const struct security_contact *k = &list->items[i];

		malformed |= k->emails_malformed;
		for (j = 0; j < k->emails.n; j++) {
			const char *e = k->emails.v[j];
			int ok = email_is_valid(e);
			struct buf *dst = ok ? &valid : &invalid;

			if (ok) {
				n_valid++;
				if (!best)
					best = k;
			} else {
				n_invalid++;
			}
			buf_addf(dst, "%s'%s'", dst->len ? ", " : "", e);
			buf_addf(&all, "%s%s", all.len ? "; " : "", e);
		}
	}
	f = contact_finding(self, sub, best ? best : &list->items[0],
			    n_valid ? STATUS_PASS : STATUS_FAIL, out);
	finding_observe(f, "emails", "%s", all.buf);
	finding_observe(f, "valid_emails", "%zu", n_valid);
	if (n_valid && n_invalid)
		finding_message(f, "security contact e-mail is configured: %s "
				"(ignored %zu invalid entr%s: %s)", valid.buf,
				n_invalid, n_invalid == 1 ? "y" : "ies", invalid.buf);
	else if (n_valid)
		finding_message(f, "security contact e-mail is configured: %s",
				valid.buf);
	else if (malformed) {
		/* Addresses that could not be read may be valid ones. */
		f->status = STATUS_ERROR;
		finding_message(f, "could not read the security contact's e-mail "
				"addresses: 'emails' is not a string or a list of strings");
	} else if (n_invalid)
		finding_message(f, "the security contact has no valid e-mail "
				"address: %s %s not a valid address", invalid.buf,
				n_invalid == 1 ? "is" : "are");
	else
		finding_message(f, "a security contact exists but has no e-mail address");
	buf_release(&valid);
	buf_release(&invalid);
	buf_release(&all);
}

static const struct contact_fix fix = CONTACT_FIX(CONTACT_EMAILS);

const struct check check_security_contact_email = {
	.id = "security-contact-email",
	.title = "A security contact e-mail address is configured",
	.severity = SEV_HIGH,
	.control = {
		CONTACT_CONTROLS, [FW_CIS_AZURE_2_1_0] = "2.1.18",
		[FW_CIS_AZURE_3_0_0] = "3.1.13", [FW_CIS_AZURE_4_0_0] = "9.1.13",
	},
	.needs = NEED_BIT(NEED_SECURITY_CONTACTS),
	.remediation =
		"Portal: Microsoft Defender for Cloud > Environment settings > "
		"<subscription> > Email notifications > 'Additional email "
		"addresses', enter one or more addresses separated by commas "
		"and save (the API separates them with ';'; irscan accepts "
		"both).\n"
		CONTACT_AZ_PUT
		"ARM/Bicep: Microsoft.Security/securityContacts 'default', "
		"properties.emails = 'secops@example.com'.",
	.fix = &fix.fix,
	.eval = eval,
};
