#!/bin/sh
# Command line: help, version, list-checks, and every usage error is one
# clear line with exit 2, before anything connects.
. "$(dirname "$0")/lib.sh"

run_irscan --help
expect_rc 0 "--help"
expect_contains "$OUT" "--subscription" "help lists options"
run_irscan --version
expect_rc 0 "--version"
expect_contains "$OUT" "irscan 0." "version printed"
# list-checks is a table: the id column as wide as the longest id listed
# (at least 28), then control and severity (8 each), one space apart.
# Rows are compared with the spacing squeezed, so a longer id added to the
# catalogue changes no expectation here.
table_fits() {
	python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
w = max([28] + [len(l.split()[0]) for l in lines[1:]])
bad = [l for l in lines if len(l) < w + 20 or l[w] != " " or l[w + 9] != " " or l[w + 18] != " "
       or l[:w].rstrip() != l.split()[0] or not l[w + 1:w + 9].strip() or not l[w + 10:w + 18].strip()]
sys.exit("not in columns of %d, 8, 8: %r" % (w, bad[:2]) if bad or len(lines) < 2 else 0)' "$OUT"
}
row() {	# row TEXT NAME: list-checks printed TEXT, spacing squeezed
	if tr -s ' ' <"$OUT" | grep -qF -- "$1"; then ok "$2"; else not_ok "$2: '$1' not listed" "$(cat "$OUT")"; fi
}
run_irscan list-checks
expect_rc 0 "list-checks"
row "security-contact-email 10.3 high" "list-checks row"
check "the columns fit the longest id listed" table_fits
run_irscan list-checks --framework cis-azure-2.1.0
expect_rc 0 "list-checks for CIS 2.1.0"
row "alert-notifications-owners 2.1.17" "CIS numbering"
expect_absent "$OUT" "security-contact-phone" "checks without a CIS control are left out"
row "defender-plans-standard 2.1.* high" "per-plan CIS items shown as a section"
check "the columns fit the longest id listed (CIS 2.1.0)" table_fits
run_irscan list-checks --framework asb-v1
row "ir-exercise-attested 10.3 low" "asb-v1 has the exercise check"
run_irscan list-checks
expect_absent "$OUT" "ir-exercise-attested" "asb-ir-2019 has no exercise check"
for c in ir-plan-attested defender-plans-standard subscription-criticality-tag high-alerts-triaged \
	alerts-exported export-target-exists workflow-automation-alerts logic-app-enabled; do
	expect_contains "$OUT" "$c" "catalogue lists $c"
done

SUB=c0000001-0000-4000-8000-000000000001
usage() {
	what=$1
	shift
	run_irscan "$@"
	expect_rc 2 "$what"
	lines=$(wc -l <"$ERR")
	if [ "$lines" -eq 1 ] && grep -q '^irscan: error: ' "$ERR"; then
		ok "$what: one line"
	else
		not_ok "$what: expected one error line" "$(cat "$ERR")"
	fi
}
unset AZURE_SUBSCRIPTION_ID || true
usage "unknown option" --bogus
usage "unknown short option" -Z
usage "missing value" -s
usage "bad subscription id" -s not-a-guid
usage "empty subscription list" -s ,
usage "no scope" scan
usage "-A with -s" -A -s "$SUB"
usage "bad concurrency" -s "$SUB" --concurrency 0
usage "concurrency not a number" -s "$SUB" --concurrency 4x
usage "bad timeout" -s "$SUB" --timeout -1
usage "bad max-retries" -s "$SUB" --max-retries 99
usage "unknown cloud" -s "$SUB" --cloud Mars
usage "unknown output format" -s "$SUB" -o xml
usage "report path is a directory" -s "$SUB" -o "html:$TMP" --arm-endpoint http://127.0.0.1:9 --authority-host http://127.0.0.1:9
usage "two reports to stdout" -s "$SUB" -o json -o json:-
usage "unknown check" -s "$SUB" --checks no-such-check
usage "unknown control" -s "$SUB" --controls 99.9
usage "control of another framework" -s "$SUB" --controls IR-2
usage "unknown framework" -s "$SUB" --framework nist
usage "bad fail-on" -s "$SUB" --fail-on severe
usage "bad attack path risk" -s "$SUB" --attack-path-risk Huge
usage "unknown command" frobnicate
usage "unreadable CA bundle" -s "$SUB" --ca-bundle /nonexistent/ca.pem
usage "offline with a scope" --offline "$TMP" -s "$SUB"
usage "offline with --resource-graph" --offline "$TMP" --resource-graph
usage "unreadable signing key" -s "$SUB" --evidence-dir "$TMP/ev" --sign-key /nonexistent/key.pem
usage "--verify-key outside verify" -s "$SUB" --verify-key /dev/null
usage "verify of two directories" verify "$TMP" "$TMP"
usage "evidence dir that is a file" -s "$SUB" --evidence-dir /dev/null --arm-endpoint http://127.0.0.1:9 --authority-host http://127.0.0.1:9
usage "unwritable output" -s "$SUB" -o json:/nonexistent/dir/r.json --arm-endpoint http://127.0.0.1:9 --authority-host http://127.0.0.1:9
usage "empty check selection" -s "$SUB" --framework cis-azure-2.1.0 --checks security-contact-phone
usage "bad alert max age" -s "$SUB" --alert-max-age 0
usage "bad attestation max age" -s "$SUB" --attestation-max-age x
usage "empty criticality tags" -s "$SUB" --criticality-tags ,
usage "empty required plans" -s "$SUB" --required-plans ' '
usage "sentinel workspace not a workspace id" -s "$SUB" --sentinel-workspace /subscriptions/x/resourceGroups/r/providers/Microsoft.Logic/workflows/w
usage "sentinel workspace with a query" -s "$SUB" --sentinel-workspace '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w?x=1'
usage "unreadable waivers file" -s "$SUB" --waivers /nonexistent/w.json --arm-endpoint http://127.0.0.1:9 --authority-host http://127.0.0.1:9
usage "unreadable attestations file" -s "$SUB" --attestations /nonexistent/a.json --arm-endpoint http://127.0.0.1:9 --authority-host http://127.0.0.1:9

# Plain http:// only to loopback, refused before any connection is made.
start=$(date +%s)
usage "http:// to a non-loopback ARM endpoint" -s "$SUB" --arm-endpoint http://10.255.255.1
usage "http:// to a non-loopback authority" -s "$SUB" --authority-host http://login.example.com
usage "loopback look-alike host" -s "$SUB" --arm-endpoint http://127.0.0.1.example.com
AZURE_AUTHORITY_HOST=http://example.com run_irscan -s "$SUB"
expect_rc 2 "http:// in AZURE_AUTHORITY_HOST"
expect_contains "$ERR" "AZURE_AUTHORITY_HOST" "the message names the variable"
IRSCAN_ARM_ENDPOINT=http://10.255.255.1 run_irscan -s "$SUB"
expect_rc 2 "http:// to a non-loopback host in IRSCAN_ARM_ENDPOINT"
expect_contains "$ERR" "IRSCAN_ARM_ENDPOINT" "the message names the variable"
IRSCAN_CA_BUNDLE=/nonexistent/ca.pem run_irscan -s "$SUB" --arm-endpoint http://127.0.0.1:9
expect_rc 2 "unreadable IRSCAN_CA_BUNDLE"
expect_contains "$ERR" "IRSCAN_CA_BUNDLE: cannot read '/nonexistent/ca.pem'" "the message names the variable and file"
if [ $(( $(date +%s) - start )) -le 3 ]; then ok "refused at once, no connection attempt"; else not_ok "refusals took too long"; fi

# AZURE_SUBSCRIPTION_ID is the default scope.
AZURE_SUBSCRIPTION_ID=not-a-guid run_irscan --arm-endpoint http://127.0.0.1:9
expect_rc 2 "AZURE_SUBSCRIPTION_ID is validated"
finish
