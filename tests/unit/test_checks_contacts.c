/*
 * test_checks_contacts.c - the five control 10.3 checks on recorded
 * securityContacts bodies of every API shape (fixtures/arm/), one row per
 * case: fixture, the api-version that answered, check, expected status
 * and a piece of the expected message.
 */
#include "t.h"
#include "checks/check.h"
#include "checks/contact_util.h"
#include "model/contacts.h"
#include "util/json.h"

#include <stdlib.h>

#define FIX "fixtures/arm/securityContacts/"
#define V17 "2017-08-01-preview"
#define V20 "2020-01-01-preview"
#define V23 "2023-12-01-preview"

struct row {
	const char *fixture;
	const char *api_version;
	const char *check;
	enum status expected;
	const char *message_part;
};

static const struct row rows[] = {
	/* 2023-12-01-preview, Microsoft's examples */
	{ "2023-12-01-preview_example-list.json", V23, "security-contact-email", STATUS_PASS, "john@contoso.com" },
	{ "2023-12-01-preview_example-list.json", V23, "security-contact-phone", STATUS_PASS, "(214)275-4038" },
	{ "2023-12-01-preview_example-list.json", V23, "alert-notifications-high", STATUS_PASS, "Medium and above" },
	{ "2023-12-01-preview_example-list.json", V23, "alert-notifications-owners", STATUS_PASS, "Owner" },
	{ "2023-12-01-preview_example-list.json", V23, "attack-path-notifications", STATUS_FAIL, "only for risk level Critical" },
	{ "2023-12-01-preview_example-get.json", V23, "alert-notifications-high", STATUS_PASS, "Medium" },
	/* The older example revision misspells AttackPath: no such source. */
	{ "2023-12-01-preview_example-legacy-layout.json", V23, "attack-path-notifications", STATUS_FAIL, "no notification source of type AttackPath" },
	{ "2023-12-01-preview_example-legacy-layout.json", V23, "alert-notifications-high", STATUS_PASS, "Medium" },
	/* 2023-12-01-preview, variants */
	{ "2023-12-01-preview_compliant.json", V23, "security-contact-email", STATUS_PASS, "secops@contoso.com" },
	{ "2023-12-01-preview_compliant.json", V23, "security-contact-phone", STATUS_PASS, "+1-425-555-0100" },
	{ "2023-12-01-preview_compliant.json", V23, "alert-notifications-high", STATUS_PASS, "Medium and above" },
	{ "2023-12-01-preview_compliant.json", V23, "alert-notifications-owners", STATUS_PASS, "owners" },
	{ "2023-12-01-preview_compliant.json", V23, "attack-path-notifications", STATUS_PASS, "High and above" },
	{ "2023-12-01-preview_empty.json", V23, "security-contact-email", STATUS_FAIL, "no security contact is configured" },
	{ "2023-12-01-preview_empty.json", V23, "security-contact-phone", STATUS_FAIL, "no security contact is configured" },
	{ "2023-12-01-preview_empty.json", V23, "alert-notifications-high", STATUS_FAIL, "no security contact is configured" },
	{ "2023-12-01-preview_empty.json", V23, "alert-notifications-owners", STATUS_FAIL, "no security contact is configured" },
	{ "2023-12-01-preview_empty.json", V23, "attack-path-notifications", STATUS_FAIL, "no security contact is configured" },
	{ "2023-12-01-preview_disabled.json", V23, "alert-notifications-high", STATUS_FAIL, "disabled (isEnabled is false)" },
	{ "2023-12-01-preview_disabled.json", V23, "alert-notifications-owners", STATUS_FAIL, "disabled" },
	{ "2023-12-01-preview_disabled.json", V23, "attack-path-notifications", STATUS_FAIL, "disabled" },
	{ "2023-12-01-preview_disabled.json", V23, "security-contact-email", STATUS_PASS, "secops@contoso.com" },
	{ "2023-12-01-preview_owners-off.json", V23, "alert-notifications-owners", STATUS_FAIL, "notifications by role are Off" },
	{ "2023-12-01-preview_owners-off.json", V23, "alert-notifications-high", STATUS_PASS, "Medium" },
	{ "2023-12-01-preview_roles-no-owner.json", V23, "alert-notifications-owners", STATUS_FAIL, "notified roles are AccountAdmin, ServiceAdmin" },
	{ "2023-12-01-preview_invalid-emails.json", V23, "security-contact-email", STATUS_FAIL, "'not-an-email', 'secops@', '@contoso.com', 'a b@contoso.com' are not a valid address" },
	{ "2023-12-01-preview_mixed-emails.json", V23, "security-contact-email", STATUS_PASS, "ignored 1 invalid entry: 'typo@contoso'" },
	/* The portal asks for addresses separated by commas (issue 13). */
	{ "2023-12-01-preview_comma-emails.json", V23, "security-contact-email", STATUS_PASS,
	  "configured: 'secops@contoso.com', 'oncall@contoso.com', 'soc@contoso.com'" },
	{ "2023-12-01-preview_no-emails.json", V23, "security-contact-email", STATUS_FAIL, "has no e-mail address" },
	{ "2023-12-01-preview_no-phone.json", V23, "security-contact-phone", STATUS_FAIL, "no phone number" },
	{ "2023-12-01-preview_high-only.json", V23, "alert-notifications-high", STATUS_PASS, "severity High only" },
	{ "2023-12-01-preview_high-only.json", V23, "attack-path-notifications", STATUS_PASS, "risk level Low and above" },
	{ "2023-12-01-preview_low.json", V23, "alert-notifications-high", STATUS_PASS, "Low and above" },
	{ "2023-12-01-preview_low.json", V23, "attack-path-notifications", STATUS_FAIL, "no notification source of type AttackPath" },
	{ "2023-12-01-preview_no-sources.json", V23, "alert-notifications-high", STATUS_FAIL, "no notification source of type Alert" },
	{ "2023-12-01-preview_unknown-severity.json", V23, "alert-notifications-high", STATUS_FAIL, "'Informational', which is not High, Medium or Low" },
	{ "2023-12-01-preview_unknown-severity.json", V23, "attack-path-notifications", STATUS_FAIL, "'Severe'" },
	{ "2023-12-01-preview_attack-critical.json", V23, "attack-path-notifications", STATUS_FAIL, "High and above is required" },
	{ "2023-12-01-preview_enabled-string.json", V23, "alert-notifications-high", STATUS_PASS, "Medium" },
	{ "2023-12-01-preview_enabled-string.json", V23, "alert-notifications-owners", STATUS_PASS, "owner" },
	/* Wrong JSON types everywhere: data that cannot be read is an error, never a pass, never a crash. */
	{ "2023-12-01-preview_wrong-types.json", V23, "security-contact-email", STATUS_ERROR, "could not read the security contact's e-mail addresses" },
	{ "2023-12-01-preview_wrong-types.json", V23, "security-contact-phone", STATUS_ERROR, "could not read the security contact's phone" },
	{ "2023-12-01-preview_wrong-types.json", V23, "alert-notifications-high", STATUS_ERROR, "isEnabled is neither true nor false" },
	{ "2023-12-01-preview_wrong-types.json", V23, "alert-notifications-owners", STATUS_ERROR, "could not tell whether the security contact is enabled" },
	{ "2023-12-01-preview_wrong-types.json", V23, "attack-path-notifications", STATUS_ERROR, "could not tell whether the security contact is enabled" },
	/* 2020-01-01-preview: emails as an array and as a string */
	{ "2020-01-01-preview_example-list.json", V20, "security-contact-email", STATUS_PASS, "Jane@contoso.com" },
	{ "2020-01-01-preview_example-list.json", V20, "alert-notifications-high", STATUS_PASS, "Low and above" },
	{ "2020-01-01-preview_example-list.json", V20, "alert-notifications-owners", STATUS_PASS, "Owner" },
	{ "2020-01-01-preview_example-list.json", V20, "attack-path-notifications", STATUS_NOT_APPLICABLE, "2020-01-01-preview" },
	{ "2020-01-01-preview_example-get.json", V20, "security-contact-email", STATUS_PASS, "john@contoso.com', 'jane@contoso.com" },
	{ "2020-01-01-preview_example-get.json", V20, "security-contact-phone", STATUS_PASS, "(214)275-4038" },
	{ "2020-01-01-preview_alerts-off.json", V20, "alert-notifications-high", STATUS_FAIL, "alert e-mails are off" },
	{ "2020-01-01-preview_no-severity.json", V20, "alert-notifications-high", STATUS_FAIL, "no minimal severity" },
	/* 2017-08-01-preview: one e-mail per contact, On/Off strings */
	{ "2017-08-01-preview_example-list.json", V17, "security-contact-email", STATUS_PASS, "john@contoso.com" },
	{ "2017-08-01-preview_example-list.json", V17, "alert-notifications-high", STATUS_PASS, "alert e-mails are on" },
	{ "2017-08-01-preview_example-list.json", V17, "alert-notifications-owners", STATUS_PASS, "alertsToAdmins On" },
	{ "2017-08-01-preview_example-list.json", V17, "attack-path-notifications", STATUS_NOT_APPLICABLE, "2017-08-01-preview" },
	{ "2017-08-01-preview_example-list-min.json", V17, "security-contact-phone", STATUS_FAIL, "no phone number" },
	{ "2017-08-01-preview_off.json", V17, "alert-notifications-high", STATUS_FAIL, "alert e-mails are off" },
	{ "2017-08-01-preview_off.json", V17, "alert-notifications-owners", STATUS_FAIL, "alertsToAdmins is Off" },
	{ "2017-08-01-preview_second-passes.json", V17, "alert-notifications-high", STATUS_PASS, "alert e-mails are on" },
	{ "2017-08-01-preview_second-passes.json", V17, "security-contact-email", STATUS_PASS, "ignored 1 invalid entry: 'bad-address'" },
	/* No contact through an old API: attack paths cannot apply. */
	{ "2023-12-01-preview_empty.json", V17, "attack-path-notifications", STATUS_NOT_APPLICABLE, "2017-08-01-preview" },
	/* An api-version we do not know: the content decides the shape. */
	{ "2020-01-01-preview_example-get.json", "2099-01-01", "alert-notifications-high", STATUS_PASS, "Low and above" },
	{ "2017-08-01-preview_off.json", "2099-01-01", "alert-notifications-owners", STATUS_FAIL, "alertsToAdmins is Off" },
};

/* A one-subscription snapshot whose contacts dataset is the fixture. */
static int load(struct sub_snapshot *sub, const char *fixture, const char *version)
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	struct contact_list *list = NULL;
	char *text;
	size_t len;
	cJSON *root;
	int rc = -1;

	memset(sub, 0, sizeof(*sub));
	sub->id = (char *)"20ff7fc3-e762-44dd-bd96-b71116dcdc23";
	sub->scanned = 1;
	buf_addf(&path, FIX "%s", fixture);
	text = t_read_file(path.buf, &len);
	if (!text) {
		T_FAIL("cannot read %s", path.buf);
		goto out;
	}
	root = json_parse(text, len);
	free(text);
	if (!root || contacts_parse(cJSON_GetObjectItem(root, "value"), version, &list, &err)) {
		T_FAIL("%s: %s", fixture, err.len ? err.buf : "not JSON");
		cJSON_Delete(root);
		goto out;
	}
	cJSON_Delete(root);
	sub->sets[NEED_SECURITY_CONTACTS].state = DATA_OK;
	sub->sets[NEED_SECURITY_CONTACTS].data = list;
	sub->sets[NEED_SECURITY_CONTACTS].free_data = contacts_free;
	sub->sets[NEED_SECURITY_CONTACTS].api_version = version;
	rc = 0;
out:
	buf_release(&path);
	buf_release(&err);
	return rc;
}

static void run_one(const struct sub_snapshot *sub, const char *check_id,
		    struct findings *out)
{
	const struct check *c = check_find(check_id);
	struct check_params p = { .attack_path_risk = LEVEL_HIGH };

	memset(out, 0, sizeof(*out));
	if (!c) {
		T_FAIL("no check '%s'", check_id);
		return;
	}
	c->eval(c, sub, &p, out);
}

void test_checks_contacts__table(void)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct sub_snapshot sub;
		struct findings out;
		int before = t_failed;

		if (load(&sub, r->fixture, r->api_version))
			continue;
		run_one(&sub, r->check, &out);
		T_EQ_INT("number of findings", 1, out.n);
		if (out.n) {
			T_EQ_STR("status", status_name(r->expected), status_name(out.items[0].status));
			T_CONTAINS("message", out.items[0].message, r->message_part);
			T_ASSERT(out.items[0].resource != NULL);
		}
		if (t_failed != before)
			fprintf(stderr, "  ^ row %zu: %s with %s, check %s\n", i,
				r->fixture, r->api_version, r->check);
		findings_release(&out);
		contacts_free(sub.sets[NEED_SECURITY_CONTACTS].data);
	}
}

/*
 * Unreadable data is an error naming status, code and permission, for
 * every check that reads Azure (the attested ones read nothing: manual).
 */
void test_checks_contacts__unreadable_is_error(void)
{
	size_t i, n;

	for (i = 0; check_registry[i]; i++) {
		const struct check *c = check_registry[i];
		int reads_azure = c->needs || !strcmp(c->id, "subscription-criticality-tag");
		struct snapshot snap;
		struct sub_snapshot sub;
		struct findings out;

		snapshot_init(&snap);
		memset(&sub, 0, sizeof(sub));
		sub.snap = &snap;
		sub.id = (char *)"20ff7fc3-e762-44dd-bd96-b71116dcdc23";
		sub.scanned = 1;
		for (n = 0; n <= NEED__COUNT; n++) {
			struct dataset *d = n < NEED__COUNT ? &sub.sets[n] : &sub.info;

			d->state = DATA_ERROR;
			d->err.status = 403;
			d->err.code = (char *)"AuthorizationFailed";
			d->err.message = (char *)"The client 'x' does not have authorization";
		}
		run_one(&sub, c->id, &out);
		T_EQ_INT(c->id, 1, out.n);
		if (out.n && reads_azure) {
			T_EQ_STR(c->id, "error", status_name(out.items[0].status));
			T_CONTAINS(c->id, out.items[0].message, "HTTP 403 AuthorizationFailed");
			T_CONTAINS(c->id, out.items[0].message, "permission Microsoft.");
		} else if (out.n) {
			T_EQ_STR(c->id, "manual", status_name(out.items[0].status));
		}
		findings_release(&out);

		/* A dataset never filled (a collection bug) is an error too. */
		memset(&sub.sets, 0, sizeof(sub.sets));
		memset(&sub.info, 0, sizeof(sub.info));
		run_one(&sub, c->id, &out);
		T_EQ_INT(c->id, 1, out.n);
		if (out.n && reads_azure)
			T_EQ_STR(c->id, "error", status_name(out.items[0].status));
		findings_release(&out);
	}
}

/* --attack-path-risk moves the bar. */
void test_checks_contacts__attack_path_threshold(void)
{
	static const struct {
		enum level want;
		enum status expected;
	} cases[] = {
		{ LEVEL_CRITICAL, STATUS_PASS },
		{ LEVEL_HIGH, STATUS_FAIL },
		{ LEVEL_LOW, STATUS_FAIL },
	};
	const struct check *c = check_find("attack-path-notifications");
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sub_snapshot sub;
		struct findings out;
		struct check_params p = { .attack_path_risk = cases[i].want };

		if (load(&sub, "2023-12-01-preview_attack-critical.json", V23))
			return;
		memset(&out, 0, sizeof(out));
		c->eval(c, &sub, &p, &out);
		T_EQ_INT("findings", 1, out.n);
		if (out.n)
			T_EQ_STR(level_name(cases[i].want), status_name(cases[i].expected),
				 status_name(out.items[0].status));
		findings_release(&out);
		contacts_free(sub.sets[NEED_SECURITY_CONTACTS].data);
	}
}

void test_checks_contacts__email_syntax(void)
{
	static const struct {
		const char *addr;
		int valid;
	} cases[] = {
		{ "john@contoso.com", 1 }, { "Jane.Doe+ir@sub.contoso.co.uk", 1 },
		{ "x@xn--bcher-kva.example", 1 }, { "a@b.io", 1 },
		{ "", 0 }, { "john", 0 }, { "john@", 0 }, { "@contoso.com", 0 },
		{ "john@contoso", 0 }, { "jo hn@contoso.com", 0 }, { "john@@contoso.com", 0 },
		{ "john@contoso..com", 0 }, { ".john@contoso.com", 0 }, { "john.@contoso.com", 0 },
		{ "jo..hn@contoso.com", 0 }, { "john@-contoso.com", 0 }, { "john@contoso.c", 0 },
		{ "john@contoso.123", 0 }, { "j\xc3\xb6hn@contoso.com", 0 }, { "john@contoso.com.", 0 },
		{ "a@b@c.com", 0 }, { "john@contoso.com\n", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (email_is_valid(cases[i].addr) != cases[i].valid)
			T_FAIL("email_is_valid('%s'): expected %d", cases[i].addr,
			       cases[i].valid);
}
