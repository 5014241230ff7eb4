#!/bin/sh
# Waivers and attestations (SPEC §7): a valid waiver turns a fail into
# waived and keeps the original, an expired one changes nothing and says
# so; attestations decide the manual controls; a bad file is exit 2 naming
# the file, the entry and the field.
. "$(dirname "$0")/lib.sh"

start_server tenant
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
OK=$(id 1)
NOTAG=$(id 33)
today=$(date -u +%Y-%m-%d)
future=$(date -u -d '+30 days' +%Y-%m-%d)
past=$(date -u -d '-30 days' +%Y-%m-%d)
old=$(date -u -d '-400 days' +%Y-%m-%d)

# --- waivers ---
cat >"$TMP/w.json" <<JSON
{"waivers": [
 {"check": "subscription-criticality-tag", "subscription": "$NOTAG", "reason": "tagging lands in Q3",
  "approved_by": "CISO", "expires": "$future"}
]}
JSON
scan -s "$NOTAG" --controls 10.2 --waivers "$TMP/w.json" -o json:-
expect_rc 0 "the only failure is waived"
expect_json 'finding("subscription-criticality-tag", "'$NOTAG'")["status"]' waived "status waived"
expect_json 'finding("subscription-criticality-tag", "'$NOTAG'")["waiver"]' \
	'{"applied": true, "expired": false, "original_status": "fail", "reason": "tagging lands in Q3", "approved_by": "CISO", "expires": "'$future'", "subscription": "'$NOTAG'", "resource": null, "entry": 0}' \
	"the waiver and the original status are on the finding"
expect_json 'control("10.2", "'$NOTAG'")' pass "a waived finding counts as pass in the control verdict"
expect_json 'd["summary"]["waived"]' 1 "counted as waived"
expect_json 'd["scan"]["parameters"]["waivers_file"]' "$TMP/w.json" "the waivers file is named in the report"

cat >"$TMP/w.json" <<JSON
{"waivers": [
 {"check": "subscription-criticality-tag", "subscription": "*", "reason": "old exception",
  "approved_by": "CISO", "expires": "$past"},
 {"check": "subscription-criticality-tag", "subscription": "*", "resource": "/subscriptions/someone-else",
  "reason": "other resource", "approved_by": "CISO", "expires": "$future"}
]}
JSON
scan -s "$NOTAG" --controls 10.2 --waivers "$TMP/w.json" -o json:-
expect_rc 1 "an expired waiver changes nothing"
expect_json 'finding("subscription-criticality-tag", "'$NOTAG'")["status"]' fail "still fail"
msg=$(jget "$OUT" 'finding("subscription-criticality-tag", "'$NOTAG'")["message"]')
case $msg in
*"(a waiver matched but expired on $past: old exception)"*) ok "the finding says the waiver expired" ;;
*) not_ok "expired waiver message" "$msg" ;;
esac
expect_json 'finding("subscription-criticality-tag", "'$NOTAG'")["waiver"]["expired"]' True "marked expired"

cat >"$TMP/w.json" <<JSON
{"waivers": [{"check": "subscription-criticality-tag", "subscription": "*", "reason": "today",
  "approved_by": "CISO", "expires": "$today"}]}
JSON
scan -s "$NOTAG" --controls 10.2 --waivers "$TMP/w.json" -o json:-
expect_rc 0 "a waiver is valid through its expiry day"

# An error can be waived too; a pass is left alone.
cat >"$TMP/w.json" <<JSON
{"waivers": [{"check": "defender-plans-standard", "subscription": "$(id 35)", "reason": "RBAC pending",
  "approved_by": "CISO", "expires": "$future"},
 {"check": "security-contact-email", "subscription": "*", "reason": "n/a", "approved_by": "x", "expires": "$future"}]}
JSON
scan -s "$(id 35)" --controls 10.2,10.3 --waivers "$TMP/w.json" -o json:-
expect_rc 0 "the 403 error is waived"
expect_json 'finding("defender-plans-standard", "'$(id 35)'")["waiver"]["original_status"]' error "original status error kept"
expect_json 'finding("security-contact-email", "'$(id 35)'")["status"], finding("security-contact-email", "'$(id 35)'")["waiver"]' \
	"('pass', None)" "a passing finding is not waived"

bad() {	# bad NAME CONTENT EXPECTED-MESSAGE
	printf '%s' "$2" >"$TMP/bad.json"
	curl -s -X POST "$BASE/_fake/reset" >/dev/null
	scan -s "$OK" --waivers "$TMP/bad.json" -o json:-
	expect_rc 2 "waivers file: $1"
	expect_contains "$ERR" "$3" "  ... names it: $3"
	if [ "$(logq 'len(L)')" = 0 ]; then ok "  ... before anything is scanned"; else not_ok "requests were made"; fi
}
bad "not JSON" '{"waivers": [' "'$TMP/bad.json' is not a JSON object"
bad "no list" '{"exceptions": []}' "the top-level field 'waivers' is missing or not an array"
bad "missing field" '{"waivers": [{"check": "security-contact-email", "subscription": "*", "reason": "r", "approved_by": "a"}]}' \
	"waivers[0]: field 'expires' is missing"
bad "bad date" '{"waivers": [{}, {"check": "security-contact-email", "subscription": "*", "reason": "r", "approved_by": "a", "expires": "31/12/2026"}]}' \
	"waivers[0]: field 'check' is missing"
bad "bad date 2" '{"waivers": [{"check": "security-contact-email", "subscription": "*", "reason": "r", "approved_by": "a", "expires": "2026-02-30"}]}' \
	"waivers[0]: field 'expires' is not a date YYYY-MM-DD"
bad "unknown check" '{"waivers": [{"check": "no-such-check", "subscription": "*", "reason": "r", "approved_by": "a", "expires": "2030-01-01"}]}' \
	"waivers[0]: field 'check': unknown check 'no-such-check'"
bad "wrong type" '{"waivers": [{"check": "security-contact-email", "subscription": 5, "reason": "r", "approved_by": "a", "expires": "2030-01-01"}]}' \
	"waivers[0]: field 'subscription' must be a string"
bad "bad subscription" '{"waivers": [{"check": "security-contact-email", "subscription": "prod", "reason": "r", "approved_by": "a", "expires": "2030-01-01"}]}' \
	"field 'subscription' must be '*' or a subscription id"
bad "misspelt field" '{"waivers": [{"check": "security-contact-email", "subscription": "*", "reason": "r", "approved_by": "a", "expiry": "2030-01-01"}]}' \
	"waivers[0]: field 'expiry' is not a known field"
bad "empty reason" '{"waivers": [{"check": "security-contact-email", "subscription": "*", "reason": "  ", "approved_by": "a", "expires": "2030-01-01"}]}' \
	"field 'reason' is empty"
scan -s "$OK" --waivers "$TMP/does-not-exist.json"
expect_rc 2 "missing waivers file"
expect_contains "$ERR" "cannot read '$TMP/does-not-exist.json'" "names the file"

# --- attestations ---
scan -s "$OK" --controls 10.1 -o json:-
expect_rc 0 "no attestation: manual, exit 0"
expect_json 'finding("ir-plan-attested", "'$OK'")["status"]' manual "manual"
cat >"$TMP/a.json" <<JSON
{"attestations": [
 {"control": "10.1", "framework": "asb-ir-2019", "subscription": "*", "document": "IR plan v3 (SharePoint)",
  "owner": "SecOps lead", "reviewed": "$past"},
 {"control": "10.3", "framework": "asb-v1", "subscription": "$OK", "document": "Tabletop 2024",
  "owner": "SecOps lead", "reviewed": "$old"}
]}
JSON
scan -s "$OK" --controls 10.1 --attestations "$TMP/a.json" -o json:-
expect_rc 0 "fresh attestation"
expect_json 'finding("ir-plan-attested", "'$OK'")["status"]' pass "fresh attestation passes"
expect_json 'finding("ir-plan-attested", "'$OK'")["observed"]["document"], finding("ir-plan-attested", "'$OK'")["observed"]["reviewed"]' \
	"('IR plan v3 (SharePoint)', '$past')" "the attestation is the evidence"
scan -s "$OK" --controls 10.1 --attestations "$TMP/a.json" --attestation-max-age 20 -o json:-
expect_rc 1 "stale attestation"
expect_json '"30 days ago: more than the 20 days allowed" in finding("ir-plan-attested", "'$OK'")["message"]' True "stale: fail"
scan -s "$OK" --framework asb-v1 --controls 10.1,10.3 --attestations "$TMP/a.json" -o json:-
expect_json 'finding("ir-exercise-attested", "'$OK'")["status"]' fail "the exercise attestation is 400 days old"
expect_json 'finding("ir-plan-attested", "'$OK'")["control"]' "10.1" "asb-v1 numbering"
scan -s "$(id 2)" --framework mcsb-v1 --controls IR-1 --attestations "$TMP/a.json" -o json:-
expect_json 'finding("ir-exercise-attested", "'$(id 2)'")["status"]' manual "an attestation for another subscription does not count"
expect_json 'finding("ir-plan-attested", "'$(id 2)'")["status"], finding("ir-plan-attested", "'$(id 2)'")["control"]' \
	"('pass', 'IR-1')" "an attestation names its control in any framework; the report uses the chosen numbering"

badatt() {
	printf '%s' "$2" >"$TMP/bad.json"
	scan -s "$OK" --attestations "$TMP/bad.json" -o json:-
	expect_rc 2 "attestations file: $1"
	expect_contains "$ERR" "$3" "  ... names it: $3"
}
badatt "unknown control" '{"attestations": [{"control": "10.9", "subscription": "*", "document": "d", "owner": "o", "reviewed": "2026-01-01"}]}' \
	"attestations[0]: field 'control': no such control in the framework '10.9'"
badatt "unknown framework" '{"attestations": [{"control": "10.1", "framework": "iso", "subscription": "*", "document": "d", "owner": "o", "reviewed": "2026-01-01"}]}' \
	"field 'framework': unknown framework 'iso'"
badatt "future review" '{"attestations": [{"control": "10.1", "subscription": "*", "document": "d", "owner": "o", "reviewed": "2099-01-01"}]}' \
	"field 'reviewed': the date is in the future '2099-01-01'"
badatt "no owner" '{"attestations": [{"control": "10.1", "subscription": "*", "document": "d", "reviewed": "2026-01-01"}]}' \
	"attestations[0]: field 'owner' is missing"
finish
