/*
 * remediation.c - --remediation-script: a bash script of `az` commands
 * that would fix the failing findings, one block per subscription, for a
 * person to review and run.  irscan only writes it, never runs it.
 *
 * Nothing from Azure reaches a command unless it passes a strict
 * character allow-list (subscription ids, plan names, resource ids,
 * e-mail addresses, phone numbers) and is single-quoted; everything else
 * from Azure appears only in comments, escaped by buf_add_repr, so no
 * newline can end a comment and no byte can drive the reader's terminal.
 * What only the user knows (the export workspace, the response Logic
 * App, a criticality value) comes from environment variables the script
 * checks before it uses them.  A Logic App's callback URL carries a
 * secret signature: the script asks Azure for it when it runs and hands
 * it to az in a private file, so it is never in this file nor in argv.
 */
#include "reports/report.h"
#include "model/resid.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/version.h"

#include <string.h>
#include <strings.h>

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define ID_CHARS NAME_CHARS "/._-()"
#define EMAIL_CHARS NAME_CHARS "._%+-@"
#define PHONE_CHARS "0123456789+-() ."

/* The functions every block calls; the values they need are checked. */
static const char prelude[] =
	"set -euo pipefail\n"
	"\n"
	"# need NAME REGEX: stop unless $NAME is set and matches.\n"
	"need() {\n"
	"\tlocal value=\"${!1:-}\"\n"
	"\tif [[ -z $value ]]; then\n"
	"\t\techo \"irscan-remediation: set $1 first (see the top of this script)\" >&2\n"
	"\t\texit 2\n"
	"\tfi\n"
	"\tif ! [[ $value =~ $2 ]]; then\n"
	"\t\techo \"irscan-remediation: $1 does not look right (expected $2)\" >&2\n"
	"\t\texit 2\n"
	"\tfi\n"
	"}\n"
	"need_emails() { need SECURITY_CONTACT_EMAILS '^[A-Za-z0-9._%+@;-]+$'; }\n"
	"need_phone() { need SECURITY_CONTACT_PHONE '^[0-9+(). -]+$'; }\n"
	"need_automation_place() {\n"
	"\tneed AUTOMATION_RESOURCE_GROUP '^[A-Za-z0-9._()-]+$'\n"
	"\tneed AUTOMATION_LOCATION '^[a-z0-9]+$'\n"
	"}\n"
	"\n"
	"# put_contact SUBSCRIPTION EMAILS PHONE ALERT_SEVERITY ATTACK_PATH_RISK ROLES_JSON\n"
	"# One PUT of the whole default contact: a PUT replaces the contact.\n"
	"put_contact() {\n"
	"\taz rest --method put --output none \\\n"
	"\t\t--url \"/subscriptions/$1/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview\" \\\n"
	"\t\t--body \"{\\\"properties\\\":{\\\"emails\\\":\\\"$2\\\",\\\"phone\\\":\\\"$3\\\",\\\"isEnabled\\\":true,"
	"\\\"notificationsByRole\\\":{\\\"state\\\":\\\"On\\\",\\\"roles\\\":$6},"
	"\\\"notificationsSources\\\":[{\\\"sourceType\\\":\\\"Alert\\\",\\\"minimalSeverity\\\":\\\"$4\\\"},"
	"{\\\"sourceType\\\":\\\"AttackPath\\\",\\\"minimalRiskLevel\\\":\\\"$5\\\"}]}}\"\n"
	"}\n"
	"\n"
	"# put_plan SUBSCRIPTION PLAN: the plan on (Standard tier; billed per resource).\n"
	"put_plan() {\n"
	"\taz rest --method put --output none \\\n"
	"\t\t--url \"/subscriptions/$1/providers/Microsoft.Security/pricings/$2?api-version=2024-01-01\" \\\n"
	"\t\t--body '{\"properties\":{\"pricingTier\":\"Standard\"}}'\n"
	"}\n"
	"\n"
	"# put_setting SUBSCRIPTION NAME KIND: a Defender for Cloud setting on\n"
	"# (WDATP, MCAS: DataExportSettings; Sentinel: AlertSyncSettings).\n"
	"put_setting() {\n"
	"\taz rest --method put --output none \\\n"
	"\t\t--url \"/subscriptions/$1/providers/Microsoft.Security/settings/$2?api-version=2022-05-01\" \\\n"
	"\t\t--body \"{\\\"kind\\\":\\\"$3\\\",\\\"properties\\\":{\\\"enabled\\\":true}}\"\n"
	"}\n"
	"\n"
	"# enforce_plan SUBSCRIPTION PLAN: the plan on for every resource of the\n"
	"# subscription (enforce: resources can no longer turn it off).\n"
	"enforce_plan() {\n"
	"\taz rest --method put --output none \\\n"
	"\t\t--url \"/subscriptions/$1/providers/Microsoft.Security/pricings/$2?api-version=2024-01-01\" \\\n"
	"\t\t--body '{\"properties\":{\"pricingTier\":\"Standard\",\"enforce\":\"True\"}}'\n"
	"}\n"
	"\n"
	"# put_automation SUBSCRIPTION NAME SOURCE ACTION_JSON_FILE: a workflow\n"
	"# automation on every event of SOURCE (Alerts, Assessments) of the\n"
	"# subscription, in $AUTOMATION_RESOURCE_GROUP (created if missing) at\n"
	"# $AUTOMATION_LOCATION.\n"
	"put_automation() {\n"
	"\tlocal body\n"
	"\tbody=$(mktemp)\n"
	"\tprintf '{\"location\":\"%s\",\"properties\":{\"description\":\"Created by the irscan remediation script\","
	"\"isEnabled\":true,\"scopes\":[{\"description\":\"subscription\",\"scopePath\":\"/subscriptions/%s\"}],"
	"\"sources\":[{\"eventSource\":\"%s\"}],\"actions\":[%s]}}' \\\n"
	"\t\t\"$AUTOMATION_LOCATION\" \"$1\" \"$3\" \"$(cat \"$4\")\" >\"$body\"\n"
	"\taz group create --subscription \"$1\" --name \"$AUTOMATION_RESOURCE_GROUP\" \\\n"
	"\t\t--location \"$AUTOMATION_LOCATION\" --output none\n"
	"\taz rest --method put --output none \\\n"
	"\t\t--url \"/subscriptions/$1/resourceGroups/$AUTOMATION_RESOURCE_GROUP/providers/Microsoft.Security/automations/$2?api-version=2019-01-01-preview\" \\\n"
	"\t\t--body \"@$body\"\n"
	"\trm -f \"$body\"\n"
	"}\n"
	"\n"
	"# export_events SUBSCRIPTION SOURCE NAME: continuous export of every event\n"
	"# of SOURCE (Alerts: alerts; Assessments: recommendations) to\n"
	"# $EXPORT_WORKSPACE_ID (a Log Analytics workspace id).\n"
	"export_events() {\n"
	"\tneed_automation_place\n"
	"\tneed EXPORT_WORKSPACE_ID '^/subscriptions/[A-Za-z0-9/._()-]+$'\n"
	"\tlocal action\n"
	"\taction=$(mktemp)\n"
	"\tprintf '{\"actionType\":\"Workspace\",\"workspaceResourceId\":\"%s\"}' \"$EXPORT_WORKSPACE_ID\" >\"$action\"\n"
	"\tput_automation \"$1\" \"$3\" \"$2\" \"$action\"\n"
	"\trm -f \"$action\"\n"
	"}\n"
	"\n"
	"# respond_to_events SUBSCRIPTION SOURCE NAME: run $RESPONSE_LOGIC_APP_ID\n"
	"# (trigger ${RESPONSE_LOGIC_APP_TRIGGER:-manual}) on every event of SOURCE.\n"
	"# Its callback URL is a secret: fetched now, kept in a private file, never\n"
	"# printed.\n"
	"respond_to_events() {\n"
	"\tneed_automation_place\n"
	"\tneed RESPONSE_LOGIC_APP_ID '^/subscriptions/[A-Za-z0-9/._()-]+/providers/Microsoft.Logic/workflows/[A-Za-z0-9._()-]+$'\n"
	"\tlocal action uri\n"
	"\turi=$(az rest --method post --query value --output tsv \\\n"
	"\t\t--url \"$RESPONSE_LOGIC_APP_ID/triggers/${RESPONSE_LOGIC_APP_TRIGGER:-manual}/listCallbackUrl?api-version=2016-06-01\")\n"
	"\taction=$(mktemp)\n"
	"\tprintf '{\"actionType\":\"LogicApp\",\"logicAppResourceId\":\"%s\",\"uri\":\"%s\"}' \\\n"
	"\t\t\"$RESPONSE_LOGIC_APP_ID\" \"$uri\" >\"$action\"\n"
	"\tput_automation \"$1\" \"$3\" \"$2\" \"$action\"\n"
	"\trm -f \"$action\"\n"
	"}\n";

/* s is non-empty, at most max bytes, and made only of `allowed`. */
static int is_safe(const char *s, const char *allowed, size_t max)
{
	size_t n;

	if (!s || !*s)
		return 0;
	n = strspn(s, allowed);
	return !s[n] && n <= max;
}

static const char *observed(const struct finding *f, const char *key)
{
	unsigned i;

	for (i = 0; f && i < f->obs_n; i++)
		if (!strcmp(f->obs[i].key, key))
			return f->obs[i].value;
	return NULL;
}

/* The findings of one subscription: items[from..to). */
struct sub_findings {
	const struct finding *items;
	size_t from, to;
};

static const struct finding *first_of(const struct sub_findings *s, const char *check,
				      int only_fail)
{
	size_t i;

	for (i = s->from; i < s->to; i++)
		if (!strcmp(s->items[i].check->id, check) &&
		    (!only_fail || s->items[i].status == STATUS_FAIL))
			return &s->items[i];
	return NULL;
}

static int has_status(const struct sub_findings *s, enum status st)
{
	size_t i;

	for (i = s->from; i < s->to; i++)
		if (s->items[i].status == st)
			return 1;
	return 0;
}

static int fails(const struct sub_findings *s, const char *check)
{
	return first_of(s, check, 1) != NULL;
}

static void comment(struct buf *b, const char *prefix, const char *text)
{
	buf_add(b, prefix);
	buf_add_repr(b, text, strlen(text));
	buf_addch(b, '\n');
}

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
 * any of them has a character this script does not put in a command.
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

static const char *const contact_checks[] = {
	"security-contact-email", "security-contact-phone", "alert-notifications-high",
	"alert-notifications-owners", "attack-path-notifications",
};

/*
 * The contact's current values are kept where the findings observed
 * them (a PUT replaces the contact); what a failing check wants comes
 * from the environment or is set to what the check requires.
 */
static void fix_contact(struct buf *b, const struct sub_findings *s, const char *sub)
{
	const struct finding *email = first_of(s, "security-contact-email", 0);
	const struct finding *phone = first_of(s, "security-contact-phone", 0);
	const struct finding *alerts = first_of(s, "alert-notifications-high", 0);
	const struct finding *owners = first_of(s, "alert-notifications-owners", 0);
	const struct finding *paths = first_of(s, "attack-path-notifications", 0);
	const char *emails = observed(email, "emails");
	const char *number = observed(phone, "phone");
	enum level severity = level_parse(observed(alerts, "minimal_severity"));
	enum level risk = level_parse(observed(paths, "minimal_risk_level"));
	enum level want_risk = level_parse(observed(paths, "required_minimal_risk"));
	struct buf kept = BUF_INIT;
	int keep_emails = !fails(s, "security-contact-email") && add_emails(&kept, emails);
	size_t i;

	buf_add(b, "# Security contact and notifications (");
	for (i = 0; i < sizeof(contact_checks) / sizeof(contact_checks[0]); i++)
		if (fails(s, contact_checks[i]))
			buf_addf(b, "%s%s", b->buf[b->len - 1] == '(' ? "" : ", ",
				 contact_checks[i]);
	buf_add(b, "):\n# one PUT of the whole default contact, which replaces it: "
		"check the kept values.\n");
	if (!keep_emails)
		buf_add(b, "need_emails\n");
	if (fails(s, "security-contact-phone"))
		buf_add(b, "need_phone\n");
	/* Levels are ordered Low < Medium < High < Critical in enum level. */
	if (severity < LEVEL_LOW || severity > LEVEL_HIGH)
		severity = LEVEL_HIGH;	/* High alerts (and above) are e-mailed */
	if (want_risk < LEVEL_LOW || want_risk > LEVEL_CRITICAL)
		want_risk = LEVEL_HIGH;
	if (risk < LEVEL_LOW || risk > want_risk)
		risk = want_risk;
	buf_addf(b, "put_contact '%s' ", sub);
	if (keep_emails)
		buf_addf(b, "'%s' ", kept.buf);
	else
		buf_add(b, "\"$SECURITY_CONTACT_EMAILS\" ");
	if (fails(s, "security-contact-phone"))
		buf_add(b, "\"$SECURITY_CONTACT_PHONE\" ");
	else if (is_safe(number, PHONE_CHARS, 64))
		buf_addf(b, "'%s' ", number);
	else
		buf_add(b, "\"${SECURITY_CONTACT_PHONE:-}\" ");
	buf_addf(b, "'%s' '%s' '", level_name(severity), level_name(risk));
	add_roles_json(b, fails(s, "alert-notifications-owners") ? NULL :
		       observed(owners, "notify_roles"));
	buf_add(b, "'\n\n");
	buf_release(&kept);
}

/* A failing plan that is Standard already: resources override it. */
static int on_for_subscription(const struct finding *f)
{
	const char *tier = observed(f, "pricing_tier");

	return tier && !strcasecmp(tier, "Standard");
}

static void fix_plans(struct buf *b, const struct sub_findings *s, const char *sub)
{
	size_t i;
	int any = 0;

	for (i = s->from; i < s->to; i++) {
		const struct finding *f = &s->items[i];
		const char *plan = observed(f, "plan");

		if (f->status != STATUS_FAIL || strcmp(f->check->id, "defender-plans-standard"))
			continue;
		if (!any++)
			buf_add(b, "# Defender plans (defender-plans-standard): Standard tier, "
				"billed per protected resource.\n");
		/* On but partly overridden by resources: enforce it on them. */
		if (is_safe(plan, NAME_CHARS, 80))
			buf_addf(b, "%s '%s' '%s'\n", on_for_subscription(f) ? "enforce_plan" :
				 "put_plan", sub, plan);
		else
			comment(b, "# not scripted: ", f->message ? f->message : "");
	}
	if (any)
		buf_addch(b, '\n');
}

static void fix_automations(struct buf *b, const struct sub_findings *s, const char *sub)
{
	const struct finding *gone = first_of(s, "export-target-exists", 1);
	size_t i;

	if (fails(s, "alerts-exported"))
		buf_addf(b, "# Continuous export (alerts-exported): every alert to "
			 "$EXPORT_WORKSPACE_ID.\nexport_events '%s' Alerts irscan-export-alerts\n\n",
			 sub);
	if (fails(s, "recommendations-exported"))
		buf_addf(b, "# Continuous export (recommendations-exported): every recommendation "
			 "to $EXPORT_WORKSPACE_ID.\nexport_events '%s' Assessments "
			 "irscan-export-recommendations\n\n", sub);
	if (gone) {
		buf_add(b, "# Export targets (export-target-exists): recreate the "
			"target, or point the export elsewhere (portal: Defender for "
			"Cloud > Continuous export); not scripted:\n");
		for (i = s->from; i < s->to; i++)
			if (s->items[i].status == STATUS_FAIL &&
			    !strcmp(s->items[i].check->id, "export-target-exists"))
				comment(b, "#   ", s->items[i].message ? s->items[i].message : "");
		buf_addch(b, '\n');
	}
	if (fails(s, "workflow-automation-alerts"))
		buf_addf(b, "# Automated response (workflow-automation-alerts): run "
			 "$RESPONSE_LOGIC_APP_ID on every alert.\nrespond_to_events '%s' Alerts "
			 "irscan-respond-to-alerts\n\n", sub);
	if (fails(s, "workflow-automation-recommendations"))
		buf_addf(b, "# Automated response (workflow-automation-recommendations): run "
			 "$RESPONSE_LOGIC_APP_ID on every recommendation.\nrespond_to_events '%s' "
			 "Assessments irscan-respond-to-recommendations\n\n", sub);
	for (i = s->from; i < s->to; i++) {
		const struct finding *f = &s->items[i];

		if (f->status != STATUS_FAIL || strcmp(f->check->id, "logic-app-enabled"))
			continue;
		comment(b, "# Logic App (logic-app-enabled): ", f->message ? f->message : "");
		if (observed(f, "state") && is_safe(f->resource, ID_CHARS, 1024) &&
		    !strncmp(f->resource, "/subscriptions/", 15))
			buf_addf(b, "az rest --method post --output none --url "
				 "'%s/enable?api-version=2016-06-01'\n\n", f->resource);
		else
			buf_add(b, "# not scripted: fix the automation's Logic App "
				"action in the portal.\n\n");
	}
}

static void fix_other(struct buf *b, const struct sub_findings *s, const char *sub,
		      const struct report *r)
{
	const struct strvec *tags = r->cfg ? &r->cfg->criticality_tags : NULL;
	const char *tag = tags && tags->n ? tags->v[0] : "criticality";

	if (fails(s, "subscription-criticality-tag")) {
		buf_add(b, "# Criticality tag (subscription-criticality-tag): set "
			"$CRITICALITY (e.g. high).\n");
		if (is_safe(tag, NAME_CHARS "_-.", 128))
			buf_addf(b, "need CRITICALITY '^[A-Za-z0-9._ -]+$'\n"
				 "az tag update --resource-id '/subscriptions/%s' --operation "
				 "Merge --tags \"%s=$CRITICALITY\" --output none\n\n", sub, tag);
		else
			buf_add(b, "# not scripted: the tag name has unexpected characters.\n\n");
	}
	if (fails(s, "high-alerts-triaged"))
		buf_addf(b, "# High alerts (high-alerts-triaged): triage them in Defender "
			 "for Cloud > Security alerts.\n# Closing or dismissing an alert is "
			 "a decision, not scripted.  To list them:\n# az rest --method get "
			 "--url '/subscriptions/%s/providers/Microsoft.Security/alerts?"
			 "api-version=2022-01-01' --query \"value[?properties.severity=='High' "
			 "&& properties.status=='Active'].[properties.timeGeneratedUtc, "
			 "properties.alertDisplayName]\" --output table\n\n", sub);
	if (fails(s, "ir-plan-attested") || fails(s, "ir-exercise-attested"))
		buf_add(b, "# Incident response plan / exercise (ir-plan-attested, "
			"ir-exercise-attested): review the document and record the review "
			"in the attestations file (--attestations); not an az change.\n\n");
}

/* The Defender for Cloud settings a failing check turns on. */
static const struct {
	const char *check, *setting, *kind, *what;
} setting_fixes[] = {
	{ "defender-endpoint-integration", "WDATP", "DataExportSettings",
	  "integration with Microsoft Defender for Endpoint" },
	{ "defender-cloud-apps-integration", "MCAS", "DataExportSettings",
	  "integration with Microsoft Defender for Cloud Apps" },
	{ "sentinel-alert-sync", "Sentinel", "AlertSyncSettings",
	  "bi-directional alert sync with Microsoft Sentinel" },
};

/* The checks beyond 10.1-10.5 (mcsb-v1, CIS). */
static void fix_family(struct buf *b, const struct sub_findings *s, const char *sub)
{
	size_t i;

	for (i = 0; i < sizeof(setting_fixes) / sizeof(setting_fixes[0]); i++)
		if (fails(s, setting_fixes[i].check))
			buf_addf(b, "# %s (%s): on.\nput_setting '%s' '%s' '%s'\n\n",
				 setting_fixes[i].what, setting_fixes[i].check, sub,
				 setting_fixes[i].setting, setting_fixes[i].kind);
	if (fails(s, "alert-suppression-reviewed"))
		buf_addf(b, "# Alert suppression rules (alert-suppression-reviewed): give each "
			 "rule a scope\n# and an expiry within a year, or delete it; a decision, "
			 "not scripted.  To list them:\n# az rest --method get --url "
			 "'/subscriptions/%s/providers/Microsoft.Security/alertsSuppressionRules?"
			 "api-version=2019-01-01-preview' --output table\n\n", sub);
	for (i = s->from; i < s->to; i++) {
		const struct finding *f = &s->items[i];

		if (f->status != STATUS_FAIL || strcmp(f->check->id, "alert-retention"))
			continue;
		comment(b, "# Retention (alert-retention): ", f->message ? f->message : "");
		buf_add(b, "# not scripted (longer retention is billed): raise the "
			"workspace's or the SecurityAlert table's retention, e.g.\n");
		if (is_safe(f->resource, ID_CHARS, 1024))
			buf_addf(b, "# az monitor log-analytics workspace table update --ids "
				 "'%s/tables/SecurityAlert' --total-retention-time 365\n",
				 f->resource);
		buf_addch(b, '\n');
	}
	if (fails(s, "ir-lessons-learned-attested"))
		buf_add(b, "# Lessons learned (ir-lessons-learned-attested): review the "
			"post-incident process and record the review in the attestations "
			"file (--attestations); not an az change.\n\n");
}

/* The findings of this block, as comments: what the block is about. */
static void list_findings(struct buf *b, const struct sub_findings *s, size_t *to_fix)
{
	size_t i;

	for (i = s->from; i < s->to; i++) {
		const struct finding *f = &s->items[i];

		if (f->status != STATUS_FAIL && f->status != STATUS_ERROR)
			continue;
		buf_addf(b, "#   %-5s %s: ", status_name(f->status), f->check->id);
		buf_add_repr(b, f->message ? f->message : "", f->message ? strlen(f->message) : 0);
		buf_addch(b, '\n');
		*to_fix += f->status == STATUS_FAIL;
	}
}

static void add_block(struct buf *b, const struct report *r, const struct sub_snapshot *sub,
		      const struct sub_findings *s)
{
	size_t to_fix = 0, i;
	struct buf label = BUF_INIT;

	report_sub_label(&label, sub);
	buf_add(b, "\n# --------------------------------------------------------------------\n");
	comment(b, "# Subscription ", label.buf);
	buf_release(&label);
	if (!sub->scanned) {
		buf_add(b, "# not scanned (Disabled or Deleted): nothing to do.\n");
		return;
	}
	list_findings(b, s, &to_fix);
	if (!resid_is_guid(sub->id, strlen(sub->id))) {
		buf_add(b, "# not scripted: the subscription id has unexpected characters.\n");
		return;
	}
	if (!to_fix) {
		buf_add(b, s->to > s->from && has_status(s, STATUS_ERROR) ?
			"# nothing scripted: irscan could not read what the errors above "
			"name; grant the read access and scan again.\n" :
			"# nothing to fix.\n");
		return;
	}
	buf_add(b, "# --------------------------------------------------------------------\n");
	for (i = 0; i < sizeof(contact_checks) / sizeof(contact_checks[0]); i++)
		if (fails(s, contact_checks[i])) {
			fix_contact(b, s, sub->id);
			break;
		}
	fix_plans(b, s, sub->id);
	fix_automations(b, s, sub->id);
	fix_family(b, s, sub->id);
	fix_other(b, s, sub->id, r);
}

static void add_header(struct buf *b, const struct report *r)
{
	buf_add(b, "#!/usr/bin/env bash\n# irscan remediation script, written by irscan ");
	buf_add(b, IRSCAN_VERSION);
	buf_add(b, " on ");
	clock_add_rfc3339(b, r->finished ? r->finished : r->started);
	buf_addf(b, " (framework %s%s).\n", framework_name(r->framework),
		 r->offline ? ", from an evidence bundle" : "");
	buf_add(b,
		"#\n"
		"# REVIEW EVERY BLOCK BEFORE RUNNING IT.  irscan never runs this script.\n"
		"# Each block changes one subscription with `az` so that its failing\n"
		"# findings pass; errors (data irscan could not read) are listed but not\n"
		"# scripted.  Sign in with `az login` as an identity with Security Admin\n"
		"# on the subscriptions (plus Contributor for the automation resource\n"
		"# group, Tag Contributor for tags, Logic App Contributor to enable a\n"
		"# Logic App).  The script stops at the first command that fails.\n"
		"#\n"
		"# Values only you know, set in the environment; a block that needs an\n"
		"# unset one stops and names it:\n"
		"#   SECURITY_CONTACT_EMAILS    e.g. secops@example.com;soc@example.com\n"
		"#   SECURITY_CONTACT_PHONE     e.g. +1-555-0100\n"
		"#   AUTOMATION_RESOURCE_GROUP  resource group for the automations (made if missing)\n"
		"#   AUTOMATION_LOCATION        its region, e.g. westeurope\n"
		"#   EXPORT_WORKSPACE_ID        Log Analytics workspace id for the alert export\n"
		"#   RESPONSE_LOGIC_APP_ID      Logic App run on every alert\n"
		"#   RESPONSE_LOGIC_APP_TRIGGER its trigger (default manual)\n"
		"#   CRITICALITY                value of the criticality tag\n"
		"#\n"
		"# Then scan again to confirm.\n\n");
	buf_add(b, prelude);
}

int report_remediation(const struct report *r, FILE *out)
{
	struct buf b = BUF_INIT;
	const struct finding *items = r->findings ? r->findings->items : NULL;
	size_t n = r->findings ? r->findings->n : 0;
	size_t i, at = 0;

	add_header(&b, r);
	for (i = 0; r->snap && i < r->snap->n; i++) {
		const struct sub_snapshot *sub = r->snap->subs[i];
		struct sub_findings s = { items, at, at };

		/* Findings come in the snapshot's order (scan_order_findings). */
		while (s.to < n && items[s.to].sub == sub)
			s.to++;
		at = s.to;
		add_block(&b, r, sub, &s);
		if (b.len > 1 << 20) {
			fwrite(b.buf, 1, b.len, out);
			buf_reset(&b);
		}
	}
	buf_add(&b, "\necho 'irscan-remediation: done; scan again to confirm.' >&2\n");
	fwrite(b.buf, 1, b.len, out);
	buf_release(&b);
	return fflush(out) || ferror(out) ? -1 : 0;
}
