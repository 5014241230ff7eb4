#!/bin/sh
# A scan that passes (exit 0) with manual findings is not done: the HTML
# verdict leads with what still needs a person, not "No failing finding"
# alone; the console lists the manual findings and its last line, the
# JSON exit_reason and the SARIF exitCodeDescription say the same.  Once
# attested, the plain "No failing finding" comes back.
. "$(dirname "$0")/lib.sh"

id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
start_server tenant
R=$TMP/r
reason="no failing finding, but 2 manual findings need a person's review: control 10.1 on 2 subscriptions (record the review with --attestations)"

scan -s "$(id 1),$(id 7)" -o "json:$R.json" -o "sarif:$R.sarif" -o "html:$R.html"
expect_rc 0 "two compliant subscriptions without an attestation"
OUT=$R.json
expect_json 'd["summary"]["manual"]' 2 "... have a manual finding each"
expect_json 'd["scan"]["exit_reason"]' "$reason" "JSON: the exit reason says what still needs a person"
check "SARIF: exitCodeDescription says the same" python3 -c '
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
sys.exit(0 if inv["exitCodeDescription"] == sys.argv[2] and inv["exitCode"] == 0 else 1)' "$R.sarif" "$reason"
check "console: the last line is the same reason" sh -c '[ "$(tail -n 1 "$1")" = "exit 0: $2" ]' - "$ERR" "$reason"
check "console: the manual findings are listed under 'needs a person'" sh -c '
	grep -qx "needs a person:" "$1" && grep -q "^  Compliant Prod: no attestation covers .*\[ir-plan-attested medium\]$" "$1" &&
	grep -q "^  Legacy 2017: no attestation covers .*\[ir-plan-attested medium\]$" "$1"' - "$ERR"
expect_contains "$R.html" "<section class=\"verdict manual\" id=\"verdict\"><strong>Needs a person</strong>: no failing finding, but 2 manual findings need a person&#39;s review: control 10.1 on 2 subscriptions (record the review with --attestations) (exit code 0).</section>" \
	"HTML: the verdict leads with what still needs a person"
expect_absent "$R.html" "<strong>No failing finding</strong>" "HTML: not 'No failing finding' alone"

# Attested: nothing is left for a person.
today=$(date -u +%Y-%m-%d)
cat >"$TMP/a.json" <<JSON
{"attestations": [
 {"control": "10.1", "subscription": "$(id 1)", "document": "IR plan v3", "owner": "SecOps", "reviewed": "$today"},
 {"control": "10.1", "subscription": "$(id 7)", "document": "IR plan v3", "owner": "SecOps", "reviewed": "$today"}]}
JSON
scan -s "$(id 1),$(id 7)" --attestations "$TMP/a.json" -o "json:$R.json" -o "html:$R.html"
expect_rc 0 "the same subscriptions, attested"
OUT=$R.json
expect_json 'd["scan"]["exit_reason"]' "no failing finding" "JSON: plain 'no failing finding'"
check "console: nothing listed for a person" sh -c '! grep -q "needs a person" "$1" && [ "$(tail -n 1 "$1")" = "exit 0: no failing finding" ]' - "$ERR"
expect_contains "$R.html" "<section class=\"verdict pass\" id=\"verdict\"><strong>No failing finding</strong>: no failing finding (exit code 0).</section>" \
	"HTML: the plain verdict"
finish
