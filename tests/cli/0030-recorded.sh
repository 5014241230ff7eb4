#!/bin/sh
# Bodies Azure really returned (fixtures/recorded/, recorded by Microsoft's
# CLI, PowerShell and SDK test suites), served byte for byte at the
# api-version they were recorded with: irscan falls back to that version
# and gives the verdict each body supports.  The same bodies are checked
# through the parsers alone in tests/unit/test_recorded.c.
. "$(dirname "$0")/lib.sh"

start_server recorded
CLI=00000000-0000-0000-0000-000000000000
PS=487bb485-b5b0-471e-9c0d-10717612f869
AUTO=03b601f1-7eca-4496-8f8d-355219eee254
versions() {	# versions CHECK SUB: (api-version, status) of the finding's evidence
	jget "$OUT" '[(e["api_version"], e["status"]) for e in finding("'$1'", "'$2'")["evidence"]]'
}

# Azure CLI recordings: automations 2019-01-01-preview (the Event Hub id without its slash),
# contacts 2017-08-01-preview, pricings 2023-01-01.
scan -s "$CLI" --checks alerts-exported,export-target-exists,security-contact-email,defender-plans-standard -o json:-
expect_json 'finding("alerts-exported", "'$CLI'")["status"]' pass "recorded export: alerts exported"
expect_json 'finding("alerts-exported", "'$CLI'")["observed"]["exported_severities"]' \
	"High, Medium, Low, Informational" "... every severity, one rule set each"
expect_json "$(printf '%s' "sorted(set(x[0] for x in $(versions alerts-exported "$CLI")))")" \
	'["2019-01-01-preview", "2023-12-01-preview"]' "automations fell back to the recorded 2019-01-01-preview"
n=$(logq 'len([x for x in L if x["path"] == "/subscriptions/212f9889-769e-45ae-ab43-6da33674bd26/resourceGroups/ContosoSiemPipeRg/providers/Microsoft.EventHub/namespaces/contososiempipe-ns/eventhubs/surashed-test"])')
if [ "$n" = 1 ]; then ok "the Event Hub recorded without its leading slash is read at its normalised path"
else not_ok "event hub read" "$n"; fi
expect_json '[f["status"] for f in findings("export-target-exists", "'$CLI'") if f["resource"].endswith("/surashed-test")]' \
	'["fail"]' "it is not in this tenant: a 404 fail, not an unverified verdict"
expect_json '[f["message"] for f in findings("export-target-exists", "'$CLI'") if f["resource"].endswith("/surashed-test")][0].startswith("Event Hub")' \
	True "... about an Event Hub"
expect_json 'finding("security-contact-email", "'$CLI'")["status"]' pass "recorded 2017 contacts: e-mail configured"
expect_json '[x[0] for x in '"$(versions security-contact-email "$CLI")"']' \
	'["2023-12-01-preview", "2020-01-01-preview", "2017-08-01-preview"]' "contacts fell back twice"
expect_json '[f["status"] for f in findings("defender-plans-standard", "'$CLI'") if f["resource"].endswith("/KeyVaults")]' \
	'["fail"]' "recorded pricings: Key Vault plan Free is a fail"
expect_json '[f["status"] for f in findings("defender-plans-standard", "'$CLI'") if f["resource"].endswith("/Dns")]' \
	'["not-applicable"]' "recorded pricings: Dns deprecated"

# Azure PowerShell: the securityContacts 2020-01-01-preview bare array, pricings with P2.
scan -s "$PS" --checks security-contact-email,alert-notifications-high,alert-notifications-owners,defender-plans-standard -o json:-
expect_rc 0 "the bare-array contact list and the recorded plans pass"
expect_json '[x[0] for x in '"$(versions security-contact-email "$PS")"']' \
	'["2023-12-01-preview", "2020-01-01-preview"]' "the bare array answered the fallback"
expect_json 'finding("security-contact-email", "'$PS'")["message"]' \
	"security contact e-mail is configured: 'ascasc@microsoft.com'" "and its address is read"

# Azure PowerShell: eleven automations, the Logic App ones filtered on the alert's Version.
# No workspace list was recorded for that subscription, so the Sentinel search (a playbook
# there would count) cannot complete: an error that still names the filter, never a pass.
scan -s "$AUTO" --checks workflow-automation-alerts -o json:-
expect_json 'finding("workflow-automation-alerts", "'$AUTO'")["status"]' error \
	"a Logic App on alerts filtered by Version is no answer, and Sentinel could not be searched"
expect_json '"filter on Version Contains '"'"'3.'"'"'" in finding("workflow-automation-alerts", "'$AUTO'")["message"]' \
	True "... the message names the filter"

# Settings and suppression rules under mcsb-v1.
scan -s "$CLI,$PS" --framework mcsb-v1 --checks defender-endpoint-integration,defender-cloud-apps-integration,alert-suppression-reviewed -o json:-
expect_json 'finding("defender-endpoint-integration", "'$CLI'")["status"]' fail "recorded settings: WDATP off"
expect_json 'finding("defender-cloud-apps-integration", "'$CLI'")["status"]' pass "recorded settings: MCAS on"
expect_json 'finding("alert-suppression-reviewed", "'$CLI'")["observed"]["rules"]' 13 "13 recorded suppression rules read"
expect_json 'finding("defender-endpoint-integration", "'$PS'")["status"]' pass "recorded 2021-07-01 settings: WDATP on"
finish
