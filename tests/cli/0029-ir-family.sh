#!/bin/sh
# The incident-response family beyond 10.1-10.5 (issue 16), end to end:
# mcsb-v1 lists IR-1 to IR-7, the new checks pass, fail and error on the
# tenant's variants, response in Sentinel counts, cis-azure-4.0.0 is
# selectable, the default framework's verdicts and reads are unchanged,
# and a fully configured subscription costs what docs/performance.md says.
. "$(dirname "$0")/lib.sh"

start_server tenant
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
OK=$(id 1)

run_irscan list-checks --framework mcsb-v1
for c in IR-1 IR-2 IR-3 IR-4 IR-5 IR-6 IR-7; do
	n=$(awk -v c="$c" 'NR > 1 && ($2 == c || $2 == c ".*")' "$OUT" | wc -l)
	if [ "$n" -ge 1 ]; then ok "mcsb-v1 lists $c ($n checks)"; else not_ok "mcsb-v1 has no check for $c"; fi
done
run_irscan list-checks --framework cis-azure-4.0.0
expect_rc 0 "cis-azure-4.0.0 is selectable"
expect_contains "$OUT" "defender-endpoint-integration 9.1.3.3" "CIS 4.0.0 9.1.3.3 is the Endpoint integration"
expect_absent "$OUT" "defender-cloud-apps-integration" "CIS 4.0.0 has no Defender for Cloud Apps item"
run_irscan list-checks
expect_absent "$OUT" "alert-retention" "the default framework does not run the new checks"

# A fully configured subscription passes every new check (attestations aside).
scan -s "$OK" --framework mcsb-v1 -o json:-
for c in defender-endpoint-integration defender-cloud-apps-integration alert-suppression-reviewed \
	 sentinel-alert-sync alert-retention; do
	expect_json 'finding("'$c'", "'$OK'")["status"]' pass "$c passes on the compliant subscription"
done
status ir-lessons-learned-attested "$OK" manual "lessons-learned review"
expect_json '[c["id"] for c in d["controls"]]' '["IR-1", "IR-2", "IR-3", "IR-4", "IR-5", "IR-6", "IR-7"]' \
	"IR-1 to IR-7 in the report"
n=$(logq 'len([x for x in L if x["auth"]])')
if [ "$n" = 10 ]; then ok "mcsb-v1: 10 reads for a fully configured subscription (7 + settings, suppression rules, SecurityAlert table)"
else not_ok "reads under mcsb-v1" "$n"; fi
# The settings answer before the automations: no Sentinel search starts on a half-read subscription.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
curl -s -X POST -d '[{"path": "/subscriptions/'$OK'/providers/Microsoft.Security/automations", "kind": "slow", "chunk_delay_ms": 150}]' \
	"$BASE/_fake/faults" >/dev/null
scan -s "$OK" --framework mcsb-v1 -o json:-
n=$(logq 'len([x for x in L if x["auth"] and (x["path"].endswith("/workspaces") or "SecurityInsights" in x["path"])])')
if [ "$n" = 0 ]; then ok "late automations: still no Sentinel search for a fully configured subscription"
else not_ok "Sentinel search started before the automations were read" "$n"; fi
# The default framework: same reads as before the family was added.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$OK" -o json:-
expect_rc 0 "default framework on the compliant subscription"
n=$(logq 'len([x for x in L if x["auth"]])')
if [ "$n" = 7 ]; then ok "asb-ir-2019: still 7 reads"; else not_ok "reads under asb-ir-2019" "$n"; fi
expect_absent "$OUT" '"check": "alert-retention"' "no new check in the default report"

# Variants.
scan -s "$(id 120),$(id 121),$(id 122),$(id 123),$(id 124)" --framework mcsb-v1 -o json:-
expect_rc 1 "the variants fail"
status defender-endpoint-integration "$(id 120)" fail "settings/WDATP enabled false"
status defender-cloud-apps-integration "$(id 120)" fail "settings/MCAS enabled false"
status alert-suppression-reviewed "$(id 121)" fail "'dismissAllPowerShell' (alert type 'SuspiciousPowerShell', no expiry)"
expect_json 'finding("alert-suppression-reviewed", "'$(id 121)'")["observed"]["rules"]' 3 "every rule is counted"
status alert-retention "$(id 122)" fail "SecurityAlert keeps them 30 days (totalRetentionInDays); at least 90 days are required"
status sentinel-alert-sync "$(id 123)" fail "bi-directional alert sync is off"
status alert-retention "$(id 123)" fail "SecurityIncident keeps them 60 days"
status defender-endpoint-integration "$(id 124)" error "Microsoft.Security/settings/read"
status alert-suppression-reviewed "$(id 124)" error "HTTP 403 AuthorizationFailed"
expect_json 'sorted(e["what"] for e in d["errors"] if e["subscription"] == "'$(id 124)'")' \
	'["Defender for Cloud settings", "alert suppression rules"]' "both unreadable reads are in errors[]"
scan -s "$(id 122)" --framework mcsb-v1 --checks alert-retention --min-retention-days 30 -o json:-
status alert-retention "$(id 122)" pass "at least 30 days are required"
scan -s "$(id 122)" --framework mcsb-v1 --checks alert-retention --min-retention-days 0 -o json:-
expect_rc 2 "--min-retention-days 0 is a usage error"

# The reports under mcsb-v1 stay valid with the new checks and their messages.
R=$TMP/mcsb
scan -s "$OK,$(id 120),$(id 121),$(id 122),$(id 123),$(id 124),$(id 111)" --framework mcsb-v1 \
	-o "junit:$R.xml" -o "sarif:$R.sarif" -o "html:$R.html"
check "mcsb-v1 JUnit valid under the junit-10 XSD" \
	xmllint --noout --schema "$ROOT/tests/schemas/jenkinsci-xunit-plugin_junit-10.xsd" "$R.xml"
check "mcsb-v1 SARIF valid against the 2.1.0 schema" \
	/usr/bin/jsonschema -i "$R.sarif" "$ROOT/tests/schemas/sarif-schema-2.1.0.json"
check "mcsb-v1 SARIF has a rule for every new check, tagged with its IR control" python3 -c '
import json, sys
rules = {r["id"]: r for r in json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]}
want = {"alert-retention": "IR-4", "alert-suppression-reviewed": "IR-3", "sentinel-alert-sync": "IR-3",
        "defender-endpoint-integration": "IR-3", "defender-cloud-apps-integration": "IR-3",
        "ir-lessons-learned-attested": "IR-7"}
sys.exit(0 if all(c in rules and any(ctl in t for t in rules[c]["properties"]["tags"]) for c, ctl in want.items()) else 1)' "$R.sarif"
check "mcsb-v1 HTML names IR-4 and IR-7" sh -c 'grep -q "IR-4" "$1" && grep -q "IR-7" "$1"' - "$R.html"

# Response in Sentinel (IR-6): a playbook on every Defender for Cloud incident.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$(id 112),$(id 113)" --controls 10.5 -o json:-
status workflow-automation-alerts "$(id 112)" pass "where automation rule 'Respond to Defender for Cloud incidents' runs playbook 'pb-contain'"
status workflow-automation-alerts "$(id 113)" fail "runs only when IncidentSeverity Equals High"
n=$(logq 'len([x for x in L if x["path"].endswith("/automationRules")])')
if [ "$n" = 2 ]; then ok "the automation rules of the two Sentinel workspaces were read"; else not_ok "automation rule reads" "$n"; fi

# Attested lessons learned.
cat >"$TMP/att.json" <<EOF
{"attestations": [{"control": "IR-7", "framework": "mcsb-v1", "subscription": "*",
  "document": "Post-incident review process", "owner": "SecOps lead", "reviewed": "$(date -u +%Y-%m-%d)"}]}
EOF
scan -s "$OK" --framework mcsb-v1 --checks ir-lessons-learned-attested --attestations "$TMP/att.json" -o json:-
status ir-lessons-learned-attested "$OK" pass "Post-incident review process"

# Offline: the new reads replay, --min-retention-days re-evaluates.
rm -rf "$TMP/ev"
scan -s "$OK,$(id 122),$(id 123)" --framework mcsb-v1 --evidence-dir "$TMP/ev" -o json:"$TMP/live.json"
run_irscan --offline "$TMP/ev" -q -o json:"$TMP/off.json"
if python3 - "$TMP/live.json" "$TMP/off.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(0 if a["findings"] == b["findings"] else 1)
PY
then ok "offline gives the same findings under mcsb-v1"; else not_ok "offline differs under mcsb-v1"; fi
run_irscan --offline "$TMP/ev" -q --min-retention-days 30 -o json:-
expect_json 'finding("alert-retention", "'$(id 122)'")["status"]' pass "--min-retention-days re-evaluates offline"
finish
