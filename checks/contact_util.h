/*
 * contact_util.h - what the five control 10.3 checks share: getting the
 * contact list (or an error finding), naming the resource, the observed
 * values every contact finding carries, and their one block of the
 * remediation script.
 */
#ifndef IRSCAN_CONTACT_UTIL_H
#define IRSCAN_CONTACT_UTIL_H

#include "checks/check.h"
#include "checks/fix_util.h"

#define CONTACTS_PERMISSION "Microsoft.Security/securityContacts/read"

/*
 * Every contact check maps to the same control outside CIS.  The CIS
 * Microsoft Azure Foundations ids the contact checks add (2.1.17-2.1.19,
 * 3.1.12-3.1.14, 9.1.12-9.1.15) are those of turbot/steampipe-mod-azure-
 * compliance cis_v210/section_2.sp, cis_v300/section_3.pp and
 * cis_v400/section_9.pp (@14014a1e).
 */
#define CONTACT_CONTROLS \
	[FW_ASB_IR_2019] = "10.3", [FW_ASB_V1] = "10.4", [FW_MCSB_V1] = "IR-2"

/*
 * The `az` remediation shared by the contact checks: one PUT of a complete,
 * compliant default contact (a PUT replaces the contact, so a partial body
 * would switch other settings off).  The URL is relative: az prefixes the
 * Resource Manager of the cloud it is signed in to.
 */
#define CONTACT_AZ_PUT \
	"CLI: az rest --method put --url \"/" \
	"subscriptions/<subscription-id>/providers/Microsoft.Security/" \
	"securityContacts/default?api-version=2023-12-01-preview\" --body " \
	"'{\"properties\":{\"emails\":\"secops@example.com\",\"phone\":" \
	"\"+1-555-0100\",\"isEnabled\":true,\"notificationsByRole\":" \
	"{\"state\":\"On\",\"roles\":[\"Owner\"]},\"notificationsSources\":" \
	"[{\"sourceType\":\"Alert\",\"minimalSeverity\":\"Medium\"}," \
	"{\"sourceType\":\"AttackPath\",\"minimalRiskLevel\":\"High\"}]}}' " \
	"(keep your own addresses and phone; the PUT replaces the contact)\n"

/*
 * The subscription's contacts, or NULL after appending an error finding
 * (data unreadable).  When the list is empty, appends the fail finding
 * "no security contact is configured" (unless no_contact_status is
 * STATUS_UNSET) and also returns NULL.
 */
const struct contact_list *contacts_for_check(const struct check *c,
					      const struct sub_snapshot *sub,
					      struct findings *out,
					      enum status no_contact_status);
/* Add a finding about contact k of the list, citing the evidence. */
struct finding *contact_finding(const struct check *c,
				const struct sub_snapshot *sub,
				const struct security_contact *k,
				enum status st, struct findings *out);
/* Evaluates one contact: sets the message, returns the status. */
typedef enum status (*contact_eval_fn)(const struct security_contact *k,
				       const struct check_params *p,
				       struct finding *f);
/*
 * The subscription passes when any contact passes (several contacts
 * exist only in the 2017 API): one finding, for the first passing
 * contact, else for the first contact.  No contact at all: fail.
 */
void contacts_eval_any(const struct check *c, const struct sub_snapshot *sub,
		       const struct check_params *p, struct findings *out,
		       contact_eval_fn fn);
const char *contact_shape_version(enum contact_shape s);
/*
 * STATUS_UNSET when the (2023-shape) contact is enabled; else the
 * finding's message and status: fail when isEnabled is false or missing
 * ("..., so <consequence>"), error when it is neither true nor false.
 */
enum status contact_not_enabled(const struct security_contact *k, struct finding *f,
				const char *consequence);
/* Syntactic check of one e-mail address (RFC 5321 sizes, dot-atoms). */
int email_is_valid(const char *addr);

/*
 * The remediation script's block of the five checks (checks/fix_util.h)
 * is one PUT of the whole default contact, since a PUT replaces it: each
 * check's fix names the part of the contact its finding observed and
 * decides, and they share one block (one order, one write()).
 */
enum contact_part {
	CONTACT_EMAILS, CONTACT_PHONE, CONTACT_ALERTS, CONTACT_ROLES, CONTACT_ATTACK_PATHS,
	CONTACT_PART__COUNT
};
struct contact_fix {
	struct check_fix fix;	/* first: a check's .fix points here */
	enum contact_part part;
};
void contact_fix_block(struct buf *b, const struct fix_ctx *x);
#define CONTACT_FIX(p) { .fix = { .order = 10, .write = contact_fix_block }, .part = (p) }

#endif
