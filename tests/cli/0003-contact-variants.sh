#!/bin/sh
# Every securityContacts variant end to end, one subscription each, all in
# one scan: statuses, messages and exit codes.
. "$(dirname "$0")/lib.sh"

start_server tenant
S_OK=c0000001-0000-4000-8000-000000000001
S_NONE=c0000002-0000-4000-8000-000000000002
S_MEDIUM=c0000003-0000-4000-8000-000000000003
S_DISABLED=c0000004-0000-4000-8000-000000000004
S_OWNERS=c0000005-0000-4000-8000-000000000005
S_EMAILS=c0000006-0000-4000-8000-000000000006
S_2017=c0000007-0000-4000-8000-000000000007
S_2020=c0000008-0000-4000-8000-000000000008

status() {	# status CHECK SUB EXPECTED MESSAGE-PART
	expect_json 'finding("'$1'", "'$2'")["status"]' "$3" "$1 on $2 is $3"
	got=$(jget "$OUT" 'finding("'$1'", "'$2'")["message"]')
	case $got in
	*"$4"*) ok "$1 on $2 says '$4'" ;;
	*) not_ok "$1 on $2 message" "$got" ;;
	esac
}

scan -s "$S_NONE" -o json:-
expect_rc 1 "no contact fails"
for c in security-contact-email security-contact-phone alert-notifications-high alert-notifications-owners attack-path-notifications; do
	status "$c" "$S_NONE" fail "no security contact is configured"
done
expect_json 'finding("security-contact-email", "'$S_NONE'")["resource"]' "/subscriptions/$S_NONE" "resource is the subscription"

scan -s "$S_MEDIUM,$S_DISABLED,$S_OWNERS" -s "$S_EMAILS" -s "$S_2017" -s "$S_2020" -o json:-
expect_rc 1 "variants"
status alert-notifications-high "$S_MEDIUM" pass "Medium and above"
status attack-path-notifications "$S_MEDIUM" fail "only for risk level Critical"
status alert-notifications-high "$S_DISABLED" fail "isEnabled is false"
status alert-notifications-owners "$S_DISABLED" fail "disabled"
status alert-notifications-owners "$S_OWNERS" fail "notifications by role are Off"
status alert-notifications-high "$S_OWNERS" pass "Medium"
status security-contact-email "$S_EMAILS" fail "not a valid address"
status security-contact-email "$S_2017" pass "john@contoso.com"
status alert-notifications-owners "$S_2017" pass "alertsToAdmins On"
status attack-path-notifications "$S_2017" not-applicable "2017-08-01-preview"
status security-contact-email "$S_2020" pass "Jane@contoso.com"
status alert-notifications-high "$S_2020" pass "Low and above"
status attack-path-notifications "$S_2020" not-applicable "2020-01-01-preview"
expect_json 'len(d["subscriptions"])' 6 "six subscriptions"
expect_json '[s["id"] for s in d["subscriptions"]] == sorted(s["id"] for s in d["subscriptions"])' True "stable order"
expect_json 'control("10.3", "'$S_2020'")' pass "2020 shape passes 10.3"
expect_json 'control("10.3", "'$S_OWNERS'")' fail "owners off fails 10.3"
# Fewer checks, and --fail-on decides the exit code.
scan -s "$S_2017" --checks attack-path-notifications -o json:-
expect_rc 0 "only not-applicable findings"
expect_json 'control("10.3", "'$S_2017'")' not-applicable "control not applicable"
scan -s "$S_MEDIUM" --fail-on medium -o json:-
expect_rc 0 "a low-severity failure below --fail-on medium"
scan -s "$S_MEDIUM" -o json:-
expect_rc 1 "the same failure at --fail-on low"
scan -s "$S_MEDIUM" --attack-path-risk Critical -o json:-
expect_rc 0 "--attack-path-risk Critical accepts Critical-only notifications"
scan -s "$S_NONE" --fail-on never -o json:-
expect_rc 0 "--fail-on never"
scan -s "$S_NONE" --controls 10.3 --checks security-contact-phone -o json:-
expect_rc 1 "one check selected"
expect_json '[f["check"] for f in d["findings"]]' '["security-contact-phone"]' "--checks selects"
scan -s "$S_OK" --framework cis-azure-3.0.0 -o json:-
expect_rc 0 "CIS 3.0.0 framework"
# The controls: those list-checks maps checks to, and one per Defender plan.
cis_controls() {	# cis_controls FRAMEWORK: what the report's controls must be
	jget "$OUT" 'sorted(set('"$(catalogue controls "$1")"') | {f["mappings"]["'"$1"'"] for f in findings("defender-plans-standard", "'$S_OK'")}, key=lambda c: [int(x) for x in c.split(".")])'
}
expect_json 'sorted({f["mappings"]["cis-azure-3.0.0"] for f in findings("defender-plans-standard", "'$S_OK'")}, key=lambda c: [int(x) for x in c.split(".")])' \
	'["3.1.3.1", "3.1.4.1", "3.1.5.1", "3.1.6.1", "3.1.7.2", "3.1.7.3", "3.1.7.4", "3.1.8.1", "3.1.9.1", "3.1.16"]' \
	"CIS 3.0.0: one control per Defender plan (Dns as [LEGACY] 3.1.16)"
expect_json '[c["id"] for c in d["controls"]]' "$(cis_controls cis-azure-3.0.0)" \
	"CIS 3.0.0 controls: the plans' and those of list-checks (the Defender for Cloud Apps and Endpoint integrations, the contact), in order"
CIS3=$(catalogue ids cis-azure-3.0.0)
expect_json 'sorted({f["check"] for f in d["findings"]})' "$CIS3" \
	"every check list-checks names under CIS 3.0.0 ran"
expect_json 'len(d["findings"]) == len(findings("defender-plans-standard", "'$S_OK'")) + len('"$CIS3"') - 1' True \
	"one finding per check, one per plan ($(jget "$OUT" 'len(d["findings"])'))"
expect_json '[f["check"] for f in d["findings"] if not f["mappings"]["cis-azure-3.0.0"]]' '[]' \
	"only findings with a CIS 3.0.0 control"
expect_json 'sorted(f["mappings"]["cis-azure-3.0.0"] for f in findings("defender-plans-standard", "'$S_OK'"))[:3]' \
	'["3.1.16", "3.1.3.1", "3.1.4.1"]' "each plan finding carries its own CIS id"
scan -s "$S_OK" --framework cis-azure-4.0.0 -o json:-
expect_rc 0 "CIS 4.0.0 framework"
expect_json 'sorted({f["mappings"]["cis-azure-4.0.0"] for f in findings("defender-plans-standard", "'$S_OK'")}, key=lambda c: [int(x) for x in c.split(".")])' \
	'["9.1.3.1", "9.1.4.1", "9.1.5.1", "9.1.6.1", "9.1.7.2", "9.1.7.3", "9.1.7.4", "9.1.8.1", "9.1.9.1", "9.1.17"]' \
	"CIS 4.0.0: one control per Defender plan ([LEGACY] DNS 9.1.17)"
expect_json '[c["id"] for c in d["controls"]]' "$(cis_controls cis-azure-4.0.0)" \
	"CIS 4.0.0 controls: the plans' and those of list-checks (Endpoint integration, contact, notifications, attack paths), in order"
finish
