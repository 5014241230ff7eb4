#!/bin/sh
# A fully configured subscription end to end: every check passes but the
# manual 10.1 (no attestation given), in 7 ARM requests; every field of the
# SPEC §5 JSON is present; evidence matches what the server logged.  The
# checks expected are those list-checks names (the registry), not a copy.
. "$(dirname "$0")/lib.sh"

SUB=c0000001-0000-4000-8000-000000000001
CHECKS=$(catalogue ids asb-ir-2019)
start_server tenant
scan -s "$SUB" -o json:-
expect_rc 0 "compliant subscription"
expect_json '[d["summary"][k] for k in ("fail", "error", "manual", "waived")]' '[0, 0, 1, 0]' \
	"nothing fails or is an error; one manual finding (10.1)"
expect_json '[f["check"] for f in d["findings"] if f["status"] == "manual"]' '["ir-plan-attested"]' \
	"the manual one is the 10.1 plan (no attestation given)"
expect_json '[(f["check"], f["resource"].rsplit("/", 1)[1]) for f in d["findings"] if f["status"] == "not-applicable"]' \
	'[["defender-plans-standard", "KubernetesService"], ["defender-plans-standard", "ContainerRegistry"]]' \
	"not applicable: only the deprecated Defender plans"
PASS=$(jget "$OUT" 'd["summary"]["pass"]')
expect_json 'd["summary"]["pass"] == sum(f["status"] == "pass" for f in d["findings"]) == len(d["findings"]) - d["summary"]["manual"] - d["summary"]["not-applicable"] > 0' True \
	"every other finding passes ($PASS)"
expect_json 'sorted(set(f["check"] for f in d["findings"]))' "$CHECKS" \
	"every check of asb-ir-2019 ran (the $(echo "$CHECKS" | tr ',' '\n' | wc -l) of list-checks)"
expect_json '[(c["id"], c["verdicts"]["'$SUB'"]) for c in d["controls"]]' \
	'[["10.1", "manual"], ["10.2", "pass"], ["10.3", "pass"], ["10.4", "pass"], ["10.5", "pass"]]' "control verdicts in order"
expect_json '[c["cis"] for c in d["controls"] if c["id"] == "10.3"][0]' '["19.5"]' "control carries its CIS ids"
arm=$(logq 'len([x for x in L if x["auth"]])')
if [ "$arm" -le 7 ]; then ok "a fully configured subscription costs $arm ARM requests"; else not_ok "ARM requests" "$arm"; fi
expect_json 'd["subscriptions"]' '[{"id": "'$SUB'", "name": "Compliant Prod", "state": "Enabled", "scanned": true}]' "subscription with name and state"
expect_json 'sorted(d.keys())' '["baseline", "controls", "errors", "findings", "scan", "subscriptions", "summary", "tool"]' "top-level fields"
expect_json 'all(k in d["scan"] for k in ("started","finished","cloud","tenant","framework","offline"))' True "scan fields"
expect_json 'd["scan"]["offline"], d["scan"]["framework"], d["scan"]["cloud"], d["scan"]["tenant"]' \
	"(False, 'asb-ir-2019', 'AzureCloud', '7e57a000-0000-4000-8000-00000000aaaa')" "scan values"
expect_json 'all(set(("check","control","mappings","subscription","resource","status","severity","title","message","remediation","evidence","waiver","baseline_state")) <= set(f) for f in d["findings"])' True "finding fields"
expect_json 'finding("security-contact-email", "'$SUB'")["mappings"]' \
	'{"asb-ir-2019": "10.3", "asb-v1": "10.4", "mcsb-v1": "IR-2", "cis-azure-2.1.0": "2.1.18", "cis-azure-3.0.0": "3.1.13", "cis-azure-4.0.0": "9.1.13"}' "mappings"
expect_json 'finding("security-contact-email", "'$SUB'")["resource"]' \
	"/subscriptions/$SUB/providers/Microsoft.Security/securityContacts/default" "resource is the contact id"
expect_json 'finding("security-contact-email", "'$SUB'")["waiver"]' None "waiver null"
expect_json 'sorted(d["summary"])' \
	'["error", "fail", "manual", "not-applicable", "pass", "waived"]' "summary keys"
expect_json 'd["errors"]' '[]' "no errors"
# Evidence: the URL with api-version, status and the server's request id.
ev_id=$(jget "$OUT" 'finding("alert-notifications-high", "'$SUB'")["evidence"][0]["request_id"]')
expect_json 'finding("alert-notifications-high", "'$SUB'")["evidence"][0]["url"]' \
	"$BASE/subscriptions/$SUB/providers/Microsoft.Security/securityContacts?api-version=2023-12-01-preview" "evidence URL with api-version"
expect_json 'finding("alert-notifications-high", "'$SUB'")["evidence"][0]["status"]' 200 "evidence status"
expect_json '__import__("re").fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", finding("alert-notifications-high", "'$SUB'")["evidence"][0]["time"]) is not None' True "evidence time (UTC, ms)"
expect_json 'sorted(finding("alert-notifications-high", "'$SUB'")["evidence"][0])' \
	'["api_version", "correlation_request_id", "date", "duration_ms", "entry", "error", "file", "method", "request_id", "retries", "sha256", "status", "time", "url"]' "evidence fields"
if [ -n "$ev_id" ] && [ "$ev_id" != None ] && [ "$(logq 'len([x for x in L if x["path"].endswith("/securityContacts")])')" = 1 ]; then
	ok "evidence request id $ev_id present; contacts read once for five checks"
else
	not_ok "evidence request id or single read" "$ev_id"
fi
expect_json 'finding("alert-notifications-high", "'$SUB'")["observed"]["minimal_severity"]' Medium "observed values"
# The token request asked for the cloud's Resource Manager /.default scope,
# even with --arm-endpoint pointing elsewhere (a proxy, this test server).
expect_json 'True' True "json parses"
got=$(logq '[x["form"]["scope"] for x in L if "form" in x and x["form"]][0]')
if [ "$got" = "https://management.azure.com/.default" ]; then ok "token scope is Resource Manager's /.default"; else not_ok "token scope" "$got"; fi
expect_contains "$ERR" "findings: $PASS pass, 0 fail, 0 error, 1 manual" "console summary on stderr"
scan -q -s "$SUB" -o "json:$TMP/report.json"
expect_rc 0 "report to a file"
if [ ! -s "$OUT" ] && [ ! -s "$ERR" ] && [ -s "$TMP/report.json" ]; then ok "-q: nothing on stdout/stderr, report in the file"; else not_ok "-q output" "$(cat "$ERR")"; fi
finish
