#!/bin/sh
# Input files that must not pass silently (issue 14, item 7): a key given
# twice in a waivers or attestations file (cJSON keeps both and reads the
# first), a NUL in a string (the C string ends there), an attestation
# naming a check outside its control (it would settle nothing), and an
# empty --checks or --controls list (it would run everything).  Each is a
# usage error (exit 2) before any request, naming the file, the entry and
# the field.
. "$(dirname "$0")/lib.sh"

start_server tenant
SUB=c0000001-0000-4000-8000-000000000001

# refused KIND NAME CONTENT EXPECTED: --KIND file CONTENT is exit 2, names
# EXPECTED, and nothing was requested.
refused() {
	printf '%s' "$3" >"$TMP/in.json"
	curl -s -X POST "$BASE/_fake/reset" >/dev/null
	scan -s "$SUB" "--$1" "$TMP/in.json" -o json:-
	expect_rc 2 "$1: $2"
	expect_contains "$ERR" "'$TMP/in.json': $4" "  ... names the file, the entry and the field: $4"
	nothing_requested "$1: $2"
}

# nothing_requested LABEL: the server log holds no request.
nothing_requested() {
	if [ "$(logq 'len(L)')" = 0 ]; then ok "  ... before anything is scanned"
	else not_ok "$1: requests were made"; fi
}

W='"check": "security-contact-phone", "subscription": "*", "reason": "r", "approved_by": "a", "expires": "2099-01-01"'
A='"control": "10.1", "subscription": "*", "owner": "o", "reviewed": "2020-01-01"'

# --- a key twice: the first one is what cJSON reads, the second is lost ---
refused waivers "the list twice" \
	'{"waivers": [], "waivers": [{'"$W"'}]}' "field 'waivers' appears twice"
refused waivers "a field twice in an entry" \
	'{"waivers": [{'"$W"'}, {'"$W"', "expires": "2000-01-01"}]}' "waivers[1]: field 'expires' appears twice"
refused attestations "the list twice" \
	'{"attestations": [{'"$A"', "document": "d"}], "attestations": []}' "field 'attestations' appears twice"
refused attestations "a field twice in an entry" \
	'{"attestations": [{'"$A"', "document": "d", "subscription": "'$SUB'"}]}' \
	"attestations[0]: field 'subscription' appears twice"

# --- a NUL in a string: "d\u0000x" would be read as "d" ---
refused attestations "an escaped NUL in a value" \
	'{"attestations": [{'"$A"', "document": "d\u0000x"}]}' \
	"attestations[0]: field 'document' holds a NUL character"
refused waivers "an escaped NUL in a value" \
	'{"waivers": [{'"$W"'}, {'"$W"', "resource": "/subscriptions/x\u0000/y"}]}' \
	"waivers[1]: field 'resource' holds a NUL character"
refused waivers "an escaped NUL in a field name" \
	'{"waivers": [{'"$W"', "resource\u0000x": "/subscriptions/x"}]}' \
	"waivers[0]: field 'resource' has a NUL character"
printf '{"attestations": [{%s, "document": "d\000x"}]}' "$A" >"$TMP/raw.json"
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -s "$SUB" --attestations "$TMP/raw.json" -o json:-
expect_rc 2 "attestations: a raw NUL byte in a value"
expect_contains "$ERR" "'$TMP/raw.json': attestations[0]: field 'document' holds a NUL character" \
	"  ... names the file, the entry and the field"
# A backslash before "u0000" is not a NUL: the text is kept as written.
TODAY=$(date -u +%Y-%m-%d)
printf '%s' '{"attestations": [{"control": "10.1", "subscription": "*", "owner": "o", "reviewed": "'$TODAY'",
  "document": "C:\\u0000\\plan.docx"}]}' >"$TMP/ok.json"
scan -s "$SUB" --checks ir-plan-attested --attestations "$TMP/ok.json" -o json:-
expect_rc 0 "an escaped backslash before u0000 is not a NUL"
expect_json 'finding("ir-plan-attested", "'$SUB'")["observed"]["document"]' 'C:\u0000\plan.docx' \
	"  ... and the document is read whole"

# --- an attestation naming a check outside its control ---
refused attestations "a check of another control" \
	'{"attestations": [{'"$A"', "document": "d", "check": "security-contact-email"}]}' \
	"attestations[0]: field 'check': 'security-contact-email' is not a check of control 10.1 in asb-ir-2019 (it is 10.3)"
refused attestations "a check with no control in the framework" \
	'{"attestations": [{'"$A"', "document": "d", "check": "ir-exercise-attested"}]}' \
	"attestations[0]: field 'check': 'ir-exercise-attested' is not a check of control 10.1 in asb-ir-2019 (it has no control there)"
# The same check under a framework where it is in the control is accepted.
cat >"$TMP/ok.json" <<EOF
{"attestations": [{"control": "10.3", "framework": "asb-v1", "check": "ir-exercise-attested",
  "subscription": "*", "document": "Tabletop", "owner": "o", "reviewed": "$TODAY"}]}
EOF
scan -s "$SUB" --framework asb-v1 --checks ir-exercise-attested --attestations "$TMP/ok.json" -o json:-
expect_rc 0 "an attestation naming a check of its control is accepted"
expect_json 'finding("ir-exercise-attested", "'$SUB'")["status"]' pass "  ... and settles it"

# --- an empty check or control list would run every check ---
for list in "" "," " , "; do
	for opt in --checks --controls; do
		curl -s -X POST "$BASE/_fake/reset" >/dev/null
		scan -s "$SUB" "$opt" "$list" -o json:-
		expect_rc 2 "$opt '$list'"
		expect_contains "$ERR" "$opt: no " "  ... says the list is empty"
		nothing_requested "$opt '$list'"
	done
done
scan -s "$SUB" --checks ",security-contact-email," -o json:-
expect_rc 0 "--checks with stray commas around one id runs that check"
expect_json 'sorted({f["check"] for f in d["findings"]})' '["security-contact-email"]' "  ... and only it"
finish
