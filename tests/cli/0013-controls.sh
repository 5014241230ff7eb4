#!/bin/sh
# Controls 10.2, 10.4 and 10.5 end to end: pass, fail, error and
# not-applicable for each check on the tenant's variants, and the reads
# that follow from others (targets, Sentinel) made only when needed.
. "$(dirname "$0")/lib.sh"

start_server tenant
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
OK=$(id 1)

# --- 10.2 ---
scan -s "$(id 32),$(id 33),$(id 34),$(id 35)" --controls 10.2 -o json:-
expect_rc 1 "control 10.2 variants"
status defender-plans-standard "$(id 32)" fail "AppServices (Defender for App Service) is off: pricing tier Free" /pricings/AppServices
status defender-plans-standard "$(id 32)" pass "VirtualMachines (Defender for Servers) is on" /pricings/VirtualMachines
status defender-plans-standard "$(id 32)" not-applicable "deprecated, replaced by Containers" /pricings/KubernetesService
status subscription-criticality-tag "$(id 33)" fail "(empty: 'env'); its tags are: owner, env"
status high-alerts-triaged "$(id 34)" fail "2 Active High alerts are older than 7 days; the oldest, 'Ransomware indicators detected'"
status defender-plans-standard "$(id 35)" error "HTTP 403 AuthorizationFailed"
status subscription-criticality-tag "$(id 35)" pass "tag 'criticality' = 'high'"
expect_json 'finding("high-alerts-triaged", "'$(id 34)'")["observed"]["alerts_read"]' 8 "all three pages of alerts read"
pages=$(logq 'len([x for x in L if x["path"].endswith("/alerts") and "'$(id 34)'" in x["path"]])')
if [ "$pages" = 4 ]; then ok "the old High alert was on page 3 of 4"; else not_ok "alert pages" "$pages"; fi
scan -s "$(id 34)" --controls 10.2 --alert-max-age 15 -o json:-
status high-alerts-triaged "$(id 34)" fail "1 Active High alert is older than 15 days"
scan -s "$(id 34)" --controls 10.2 --alert-max-age 30 -o json:-
status high-alerts-triaged "$(id 34)" pass "no Active High alert is older than 30 days (2 Active High, 8 alerts read)"
scan -s "$(id 32)" --controls 10.2 --required-plans VirtualMachines,KeyVaults -o json:-
expect_rc 0 "--required-plans: only the named plans must be on"
status defender-plans-standard "$(id 32)" not-applicable "not in --required-plans" /pricings/AppServices
scan -s "$(id 33)" --controls 10.2 --criticality-tags owner -o json:-
status subscription-criticality-tag "$(id 33)" pass "tag 'owner' = 'app-team'"

# --- 10.4 and 10.5 ---
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$(id 64),$(id 65),$(id 66),$(id 67),$(id 68),$(id 69)" --controls 10.4,10.5 -o json:-
expect_rc 1 "controls 10.4 and 10.5 variants"
status alerts-exported "$(id 64)" fail "export 'ExportAssessments' sends Assessments, not Alerts"
# Its recommendation export's target counts too (10.4 asks for both halves).
status export-target-exists "$(id 64)" pass "Log Analytics workspace 'law-soc' exists (target of export 'ExportAssessments')"
status recommendations-exported "$(id 64)" pass "recommendations are exported continuously by 'ExportAssessments'"
status alerts-exported "$(id 65)" fail "alert export 'ExportRgOnly' covers only /subscriptions/$(id 65)/resourceGroups/rg-app"
status export-target-exists "$(id 65)" pass "Log Analytics workspace 'law-soc' exists"
status alerts-exported "$(id 66)" pass "exported continuously by 'ExportToWorkspace'"
status workflow-automation-alerts "$(id 66)" pass "'ExportToWorkspace'"
status alerts-exported "$(id 67)" pass "exported continuously by 'ExportToDeleted'"
status export-target-exists "$(id 67)" fail "Log Analytics workspace 'law-deleted' does not exist (HTTP 404 ResourceNotFound): export 'ExportToDeleted' sends alerts nowhere"
status logic-app-enabled "$(id 68)" fail "Logic App 'la-respond' is Disabled, so automation 'RespondToAlerts' triggers nothing"
status workflow-automation-alerts "$(id 68)" pass "'RespondToAlerts'"
status logic-app-enabled "$(id 69)" error "could not read Logic App 'la-central': HTTP 403 AuthorizationFailed"
expect_json 'finding("logic-app-enabled", "'$(id 69)'")["resource"]' \
	"/subscriptions/0f0f0f0f-0000-4000-8000-0000000000ff/resourceGroups/rg-central/providers/Microsoft.Logic/workflows/la-central" \
	"the Logic App in another subscription is the resource"
pages=$(logq 'len([x for x in L if x["path"].endswith("/automations") and "'$(id 66)'" in x["path"]])')
if [ "$pages" = 3 ]; then ok "the relevant automation was on page 2 of 3"; else not_ok "automation pages" "$pages"; fi

curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$(id 71),$(id 72),$(id 73),$(id 74),$(id 75)" --controls 10.4,10.5 -o json:-
status alerts-exported "$(id 71)" fail "no enabled automation exports Alerts; no Microsoft Sentinel workspace"
status workflow-automation-alerts "$(id 71)" fail "no enabled workflow automation runs a Logic App on alerts"
status logic-app-enabled "$(id 71)" not-applicable "no enabled automation runs a Logic App"
status alerts-exported "$(id 72)" error "HTTP 403 AuthorizationFailed"
status workflow-automation-alerts "$(id 72)" error "Microsoft.Security/automations/read"
status alerts-exported "$(id 73)" pass "to an Event Hub"
status export-target-exists "$(id 73)" pass "Event Hub 'defender-alerts' exists"
status alerts-exported "$(id 74)" fail "alert export 'ExportToWorkspace' is disabled"
status workflow-automation-alerts "$(id 74)" fail "'RespondToAlerts' would run a Logic App on alerts but is disabled"
status export-target-exists "$(id 74)" not-applicable "no enabled automation exports alerts"
# The plain workspace (no Sentinel onboarding) was looked at and skipped.
plain=$(logq 'len([x for x in L if "law-plain/providers/Microsoft.SecurityInsights/onboardingStates" in x["path"]])')
conns=$(logq 'len([x for x in L if "law-plain/providers/Microsoft.SecurityInsights/dataConnectors" in x["path"]])')
if [ "$plain" = 1 ] && [ "$conns" = 0 ]; then ok "a workspace without Sentinel is skipped, not an error"; else not_ok "plain workspace" "$plain $conns"; fi

# Automations answered only by the 2019-01-01-preview API.
scan -s "$(id 77)" --controls 10.4,10.5 -o json:-
expect_rc 0 "automations through the older API version"
expect_json '[(e["api_version"], e["status"]) for e in finding("alerts-exported", "'$(id 77)'")["evidence"]]' \
	'[["2023-12-01-preview", 400], ["2019-01-01-preview", 200]]' "fell back to 2019-01-01-preview"

# Sentinel instead of continuous export.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$(id 70)" --checks alerts-exported,export-target-exists -o json:-
expect_rc 0 "Sentinel connector instead of continuous export"
status alerts-exported "$(id 70)" pass "alerts reach Microsoft Sentinel: workspace 'law-sentinel' has the Defender for Cloud connector"
status export-target-exists "$(id 70)" not-applicable "no enabled automation exports alerts"
WS=/subscriptions/$(id 70)/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel
scan -s "$(id 76)" --controls 10.4 -o json:-
status alerts-exported "$(id 76)" fail "no Microsoft Sentinel workspace (0 searched)"
scan -s "$(id 76)" --controls 10.4 --sentinel-workspace "$WS" -o json:-
status alerts-exported "$(id 76)" pass "workspace 'law-sentinel'"
scan -s "$(id 76),$(id 70)" --controls 10.4 -o json:-
status alerts-exported "$(id 76)" pass "workspace 'law-sentinel'"
# A part of the search that cannot be read makes "no export" an error.
curl -s -X POST -d '[{"path": "/subscriptions/'$(id 76)'/providers/Microsoft.OperationalInsights/workspaces", "status": 403}]' "$BASE/_fake/faults" >/dev/null
scan -s "$(id 76)" --controls 10.4 -o json:-
status alerts-exported "$(id 76)" error "Microsoft Sentinel could not be fully searched"

# A compliant tenant pays nothing for the Sentinel search or for unneeded targets.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$OK" -o json:-
expect_rc 0 "compliant subscription"
n=$(logq 'len([x for x in L if "SecurityInsights" in x["path"] or x["path"].endswith("/workspaces")])')
if [ "$n" = 0 ]; then ok "no Sentinel search when every export is in place"; else not_ok "Sentinel requests" "$n"; fi
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$OK" --checks workflow-automation-alerts -o json:-
n=$(logq 'len([x for x in L if x["auth"]])')
if [ "$n" = 2 ]; then ok "one check, two reads (subscription, automations)"; else not_ok "reads for one check" "$n"; fi
finish
