/*
 * contact_util.c - shared plumbing of the securityContacts checks, and
 * their one block of the remediation script.
 */
#include "checks/contact_util.h"
#include "util/buf.h"

#include <string.h>

const char *contact_shape_version(enum contact_shape s)
{
	switch (s) {
	case SHAPE_2017: return "2017-08-01-preview";
	case SHAPE_2020: return "2020-01-01-preview";
	case SHAPE_2023: return "2023-12-01-preview";
	case SHAPE_UNKNOWN: break;
	}
	return "unknown";
}

enum status contact_not_enabled(const struct security_contact *k, struct finding *f,
				const char *consequence)
{
	if (k->enabled == ON_ON)
		return STATUS_UNSET;
	finding_observe(f, "is_enabled", "%s", k->enabled == ON_OFF ? "false" :
			k->enabled == ON_OTHER ? "unrecognised" : "unset");
	if (k->enabled == ON_OTHER) {
		/* Neither true nor false: whether e-mails go out is unknown. */
		finding_message(f, "could not tell whether the security contact is "
				"enabled: isEnabled is neither true nor false");
		return STATUS_ERROR;
	}
	finding_message(f, "the security contact is disabled (isEnabled is %s), so %s",
			k->enabled == ON_OFF ? "false" : "not true", consequence);
	return STATUS_FAIL;
}

const struct contact_list *contacts_for_check(const struct check *c,
					      const struct sub_snapshot *sub,
					      struct findings *out,
					      enum status no_contact_status)
{
	const struct dataset *d = &sub->sets[NEED_SECURITY_CONTACTS];
	const struct contact_list *list;
	struct finding *f;

	if (finding_unreadable(out, c, sub, d, need_name(NEED_SECURITY_CONTACTS),
			       CONTACTS_PERMISSION))
		return NULL;
	list = d->data;
	if (list && list->n)
		return list;
	if (no_contact_status == STATUS_UNSET)
		return NULL;
	f = findings_add(out, c, sub, no_contact_status, NULL);
	finding_cite(f, d);
	finding_observe(f, "contacts", "0");
	if (d->api_version)
		finding_observe(f, "api_version", "%s", d->api_version);
	finding_message(f, "no security contact is configured for the subscription");
	return NULL;
}

/*
 * The contact's resource id, built from the scanned subscription and the
 * contact's name rather than copied from the body: list answers of some
 * API versions spell the type "securityContact", and a finding's
 * resource must be the same whichever version answered, so SARIF
 * fingerprints and waivers stay stable.
 */
static void contact_resource(struct buf *b, const struct sub_snapshot *sub,
			     const struct security_contact *k)
{
	const char *name = k->name;
	size_t n = name ? strspn(name, "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") : 0;

	if (!name || !*name || name[n] || n > 90)
		name = "default";
	buf_addf(b, "/subscriptions/%s/providers/Microsoft.Security/"
		 "securityContacts/%s", sub->id, name);
}

struct finding *contact_finding(const struct check *c,
				const struct sub_snapshot *sub,
				const struct security_contact *k,
				enum status st, struct findings *out)
{
	struct buf id = BUF_INIT;
	struct finding *f;
	const struct dataset *d = &sub->sets[NEED_SECURITY_CONTACTS];

	contact_resource(&id, sub, k);
	f = findings_add(out, c, sub, st, id.buf);
	buf_release(&id);

	finding_cite(f, d);
	finding_observe(f, "api_version", "%s",
			d->api_version ? d->api_version
				       : contact_shape_version(k->shape));
	if (k->name)
		finding_observe(f, "contact", "%s", k->name);
	return f;
}

void contacts_eval_any(const struct check *c, const struct sub_snapshot *sub,
		       const struct check_params *p, struct findings *out,
		       contact_eval_fn fn)
{
	const struct contact_list *list;
	size_t i, first = out->n;

	list = contacts_for_check(c, sub, out, STATUS_FAIL);
	if (!list)
		return;
	for (i = 0; i < list->n; i++) {
		struct finding *f = contact_finding(c, sub, &list->items[i],
						    STATUS_UNSET, out);

		f->status = fn(&list->items[i], p, f);
		if (f->status == STATUS_PASS) {
			/* Only the passing contact's finding is kept. */
			while (out->n - 1 > first)
				findings_drop(out, first);
			return;
		}
	}
	while (out->n > first + 1)
		findings_drop(out, out->n - 1);
}

static int is_atext(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || (ch && strchr("!#$%&'*+/=?^_`{|}~-", ch));
}

static int local_part_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!is_atext((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

static int label_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-'))
			return 0;
	}
	return 1;
}

/* A top-level domain: letters only, or an IDN "xn--" label. */
static int tld_ok(const char *s, size_t n)
{
	size_t i;

	if (n >= 4 && !strncmp(s, "xn--", 4))
		return 1;
	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return 1;
}

static int domain_ok(const char *s, size_t n)
{
	size_t labels = 0;
	const char *p = s, *end = s + n;

	if (n < 3 || n > 253)
		return 0;
	while (p <= end) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		const char *stop = dot ? dot : end;

		if (!label_ok(p, (size_t)(stop - p)))
			return 0;
		labels++;
		if (!dot)
			return labels >= 2 && tld_ok(p, (size_t)(stop - p));
		p = dot + 1;
	}
	return 0;
}

int email_is_valid(const char *addr)
{
	const char *at = strchr(addr, '@');
	size_t n = strlen(addr);

	if (!at || n > 254 || strchr(at + 1, '@'))
		return 0;
	return local_part_ok(addr, (size_t)(at - addr)) &&
	       domain_ok(at + 1, n - (size_t)(at - addr) - 1);
}

#define EMAIL_CHARS FIX_NAME_CHARS "._%+-@"
#define PHONE_CHARS "0123456789+-() ."

/*
 * Notified roles as a JSON array: Owner, and the other roles the API
 * knows that were observed ("Owner, AccountAdmin" as the check wrote it).
 */
static void add_roles_json(struct buf *b, const char *seen)
{
	static const char *const known[] = { "AccountAdmin", "ServiceAdmin", "Contributor" };
	size_t i;

	buf_add(b, "[\"Owner\"");
	for (i = 0; seen && i < sizeof(known) / sizeof(known[0]); i++) {
		const char *at = strstr(seen, known[i]);
		size_t n = strlen(known[i]);

		/* A whole item of the ", "-separated list, nothing around it. */
		while (at && !((at == seen || at[-1] == ' ') && (!at[n] || at[n] == ',')))
			at = strstr(at + 1, known[i]);
		if (at)
			buf_addf(b, ",\"%s\"", known[i]);
	}
	buf_addch(b, ']');
}

/*
 * The observed addresses ("a@x; b@y") as the API's "a@x;b@y", or 0 when
 * any of them has a character the script does not put in a command.
 */
static int add_emails(struct buf *b, const char *seen)
{
	size_t start = b->len;

	while (seen && *seen) {
		size_t n = strcspn(seen, ";");

		if (!n || n > 254 || strspn(seen, EMAIL_CHARS) < n) {
			b->len = start;
			b->buf[start] = '\0';
			return 0;
		}
		buf_addf(b, "%s%.*s", b->len > start ? ";" : "", (int)n, seen);
		seen += n;
		seen += strspn(seen, "; ");
	}
	return b->len > start;
}

/* The first finding (a failing one if only_fail) about part p, or NULL. */
static const struct finding *part_finding(const struct fix_ctx *x, enum contact_part p,
					  int only_fail)
{
	size_t i;

	for (i = x->from; i < x->to; i++) {
		const struct finding *f = &x->items[i];
		const struct check_fix *fx = f->check->fix;

		if (fx && fx->write == contact_fix_block &&
		    ((const struct contact_fix *)fx)->part == p &&
		    (!only_fail || f->status == STATUS_FAIL))
			return f;
	}
	return NULL;
}

static int part_fails(const struct fix_ctx *x, enum contact_part p)
{
	return part_finding(x, p, 1) != NULL;
}

/*
 * The contact's current values are kept where the findings observed
 * them (a PUT replaces the contact); what a failing check wants comes
 * from the environment or is set to what the check requires.
 */
void contact_fix_block(struct buf *b, const struct fix_ctx *x)
{
	const struct finding *email = part_finding(x, CONTACT_EMAILS, 0);
	const struct finding *phone = part_finding(x, CONTACT_PHONE, 0);
	const struct finding *alerts = part_finding(x, CONTACT_ALERTS, 0);
	const struct finding *owners = part_finding(x, CONTACT_ROLES, 0);
	const struct finding *paths = part_finding(x, CONTACT_ATTACK_PATHS, 0);
	const char *emails = finding_lookup(email, "emails");
	const char *number = finding_lookup(phone, "phone");
	enum level severity = level_parse(finding_lookup(alerts, "minimal_severity"));
	enum level risk = level_parse(finding_lookup(paths, "minimal_risk_level"));
	enum level want_risk = level_parse(finding_lookup(paths, "required_minimal_risk"));
	int phone_fails = part_fails(x, CONTACT_PHONE);
	struct buf kept = BUF_INIT;
	int keep_emails = !part_fails(x, CONTACT_EMAILS) && add_emails(&kept, emails);
	const struct finding *f;
	int part;

	buf_add(b, "# Security contact and notifications (");
	for (part = 0; part < CONTACT_PART__COUNT; part++)
		if ((f = part_finding(x, (enum contact_part)part, 1)))
			buf_addf(b, "%s%s", b->buf[b->len - 1] == '(' ? "" : ", ", f->check->id);
	buf_add(b, "):\n# one PUT of the whole default contact, which replaces it: "
		"check the kept values.\n");
	if (!keep_emails)
		buf_add(b, "need_emails\n");
	if (phone_fails)
		buf_add(b, "need_phone\n");
	/* Levels are ordered Low < Medium < High < Critical in enum level. */
	if (severity < LEVEL_LOW || severity > LEVEL_HIGH)
		severity = LEVEL_HIGH;	/* High alerts (and above) are e-mailed */
	if (want_risk < LEVEL_LOW || want_risk > LEVEL_CRITICAL)
		want_risk = LEVEL_HIGH;
	if (risk < LEVEL_LOW || risk > want_risk)
		risk = want_risk;
	buf_addf(b, "put_contact '%s' ", x->sub);
	if (keep_emails)
		buf_addf(b, "'%s' ", kept.buf);
	else
		buf_add(b, "\"$SECURITY_CONTACT_EMAILS\" ");
	if (phone_fails)
		buf_add(b, "\"$SECURITY_CONTACT_PHONE\" ");
	else if (fix_is_safe(number, PHONE_CHARS, 64))
		buf_addf(b, "'%s' ", number);
	else
		buf_add(b, "\"${SECURITY_CONTACT_PHONE:-}\" ");
	buf_addf(b, "'%s' '%s' '", level_name(severity), level_name(risk));
	add_roles_json(b, part_fails(x, CONTACT_ROLES) ? NULL :
		       finding_lookup(owners, "notify_roles"));
	buf_add(b, "'\n\n");
	buf_release(&kept);
}
