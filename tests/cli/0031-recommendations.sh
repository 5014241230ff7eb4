#!/bin/sh
# The other half of 10.4 and 10.5 (issue 19): recommendations exported
# and answered by a Logic App, end to end on the tenant's variants: no
# Assessments source, Assessments to a workspace, scoped to a resource
# group, rule sets without High, the weekly snapshot only, a Logic App on
# recommendations present, absent, disabled; not part of mcsb-v1 or CIS;
# the demo tenant shows the new findings.
. "$(dirname "$0")/lib.sh"

start_server tenant
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
OK=$(id 1)

scan -s "$OK,$(id 128),$(id 129),$(id 130),$(id 131),$(id 132),$(id 133)" --controls 10.4,10.5 -o json:-
expect_rc 1 "the recommendation variants fail"
status recommendations-exported "$OK" pass "recommendations are exported continuously by 'ExportToWorkspace' to a Log Analytics workspace (unhealthy severities: High, Medium, Low)"
status workflow-automation-recommendations "$OK" pass "through 'RespondToRecommendations'"
expect_json '[(c["id"], c["verdicts"]["'$OK'"]) for c in d["controls"]]' '[["10.4", "pass"], ["10.5", "pass"]]' \
	"10.4 and 10.5 pass on the compliant subscription with both halves"
status recommendations-exported "$(id 128)" fail "export 'ExportToWorkspace' sends Alerts, not Assessments"
status workflow-automation-recommendations "$(id 128)" fail "'RespondToAlerts' runs a Logic App for Alerts, not Assessments"
expect_json 'finding("alerts-exported", "'$(id 128)'")["status"]' pass "the alert half still passes"
status recommendations-exported "$(id 129)" fail "recommendation export 'ExportRecommendations' covers only /subscriptions/$(id 129)/resourceGroups/rg-app"
status workflow-automation-recommendations "$(id 129)" fail "'RespondToRecommendations' runs a Logic App on recommendations of only"
status recommendations-exported "$(id 130)" fail "recommendation export 'ExportRecommendations' exports only recommendations of severity Medium, Low, not High"
status workflow-automation-recommendations "$(id 130)" pass "(unhealthy severities High, Medium)"
status workflow-automation-recommendations "$(id 131)" fail "'RespondToRecommendations' would run a Logic App on recommendations but is disabled"
status logic-app-enabled "$(id 132)" fail "Logic App 'la-recommendations' is Disabled, so automation 'RespondToRecommendations' triggers nothing" /la-recommendations
status workflow-automation-recommendations "$(id 132)" pass "'RespondToRecommendations'"
status recommendations-exported "$(id 133)" pass "only the weekly snapshot (AssessmentsSnapshot) is exported"
expect_json 'finding("recommendations-exported", "'$(id 133)'")["observed"]["source"]' AssessmentsSnapshot "the snapshot source is observed"

# A Sentinel route carries alerts, not recommendations.
scan -s "$(id 70)" --controls 10.4 -o json:-
status alerts-exported "$(id 70)" pass "alerts reach Microsoft Sentinel"
status recommendations-exported "$(id 70)" fail "Microsoft Sentinel's Defender for Cloud connector carries alerts only"

# A recommendation export's target counts in export-target-exists.
scan -s "$(id 64)" --checks export-target-exists,recommendations-exported -o json:-
expect_rc 0 "an Assessments-only export to an existing workspace"
status export-target-exists "$(id 64)" pass "target of export 'ExportAssessments'"

# Not part of mcsb-v1 or the CIS frameworks.
for fw in mcsb-v1 cis-azure-2.1.0 cis-azure-3.0.0 cis-azure-4.0.0; do
	run_irscan list-checks --framework "$fw"
	expect_absent "$OUT" "recommendations" "$fw has no recommendation check"
done
run_irscan list-checks --framework asb-v1
expect_contains "$OUT" "recommendations-exported            10.5" "asb-v1 numbers it 10.5"
expect_contains "$OUT" "workflow-automation-recommendations 10.6" "and 10.6"

# The remediation script creates the missing automations by event source.
scan -s "$(id 128)" --remediation-script "$TMP/fix.sh" -o json:/dev/null
expect_contains "$TMP/fix.sh" "export_events 'c0000080-0000-4000-8000-000000000080' Assessments irscan-export-recommendations" \
	"the script exports recommendations"
expect_contains "$TMP/fix.sh" "respond_to_events 'c0000080-0000-4000-8000-000000000080' Assessments irscan-respond-to-recommendations" \
	"and answers them"
stop_server

# make demo's tenant shows the new findings.
start_server demo
AZURE_TENANT_ID=3c0a7f10-5d2e-4b8a-9c1e-6f4d2a8b0c11 AZURE_CLIENT_ID=de300000-0000-4000-8000-00000000c11e \
AZURE_CLIENT_SECRET='demo-only~not-a-real-secret-42' scan -A -o json:-
expect_json 'sorted(set(f["status"] for f in d["findings"] if f["check"] == "recommendations-exported"))' \
	'["fail", "pass"]' "the demo tenant shows recommendations exported and not"
finish
