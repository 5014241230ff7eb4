/*
 * fix_util.c - the vocabulary of the remediation script's blocks: the
 * environment variables they read and the shell functions they call,
 * written once at the top of the script, and the helpers the checks'
 * fixes share (fix_util.h).
 */
#include "checks/fix_util.h"

#include <string.h>

const char fix_environment[] =
	"# Values only you know, set in the environment; a block that needs an\n"
	"# unset one stops and names it:\n"
	"#   SECURITY_CONTACT_EMAILS    e.g. secops@example.com;soc@example.com\n"
	"#   SECURITY_CONTACT_PHONE     e.g. +1-555-0100\n"
	"#   AUTOMATION_RESOURCE_GROUP  resource group for the automations (made if missing)\n"
	"#   AUTOMATION_LOCATION        its region, e.g. westeurope\n"
	"#   EXPORT_WORKSPACE_ID        Log Analytics workspace id for the alert export\n"
	"#   RESPONSE_LOGIC_APP_ID      Logic App run on every alert\n"
	"#   RESPONSE_LOGIC_APP_TRIGGER its trigger (default manual)\n"
	"#   CRITICALITY                value of the criticality tag\n";

/* The functions every block calls; the values they need are checked. */
const char fix_functions[] =
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

int fix_is_safe(const char *s, const char *allowed, size_t max)
{
	size_t n;

	if (!s || !*s)
		return 0;
	n = strspn(s, allowed);
	return !s[n] && n <= max;
}

void fix_comment(struct buf *b, const char *prefix, const char *text)
{
	if (!text)
		text = "";
	buf_add(b, prefix);
	buf_add_repr(b, text, strlen(text));
	buf_addch(b, '\n');
}

/* f is a failing finding of a check this block is for. */
static int fix_mine(const struct fix_ctx *x, const struct finding *f)
{
	return f->status == STATUS_FAIL && f->check->fix &&
	       f->check->fix->order == x->fix->order;
}

const struct finding *fix_next(const struct fix_ctx *x, size_t *i)
{
	while (*i < x->to) {
		const struct finding *f = &x->items[(*i)++];

		if (fix_mine(x, f))
			return f;
	}
	return NULL;
}

const struct check *fix_check(const struct fix_ctx *x)
{
	size_t i = x->from;
	const struct finding *f = fix_next(x, &i);

	return f ? f->check : NULL;
}
