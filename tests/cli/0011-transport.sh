#!/bin/sh
# Transport faults: a connection reset mid-body and a truncated body are
# retried; a response that never ends times out into an error; a body over
# the size cap is an error, not a truncated pass.  Other subscriptions in
# the same scan are unaffected.
. "$(dirname "$0")/lib.sh"

start_server tenant
S1=c0000001-0000-4000-8000-000000000001
S2=c0000003-0000-4000-8000-000000000003
P1=/subscriptions/$S1/providers/Microsoft.Security/securityContacts
fault() { curl -s -X POST -d "$1" "$BASE/_fake/faults" >/dev/null; }
reset() { curl -s -X POST "$BASE/_fake/reset" >/dev/null; }

fault '[{"path": "'$P1'", "kind": "reset", "times": 1}]'
scan -s "$S1" -o json:-
expect_rc 0 "reset mid-body, then success"
expect_json 'finding("security-contact-email", "'$S1'")["evidence"][0]["retries"]' 1 "the reset was retried"

reset
fault '[{"path": "'$P1'", "kind": "truncated", "times": 1}]'
scan -s "$S1" -o json:-
expect_rc 0 "truncated body, then success"

reset
fault '[{"path": "'$P1'", "kind": "hang"}]'
start=$(date +%s)
scan -s "$S1,$S2" --timeout 1 --max-retries 1 -o json:-
took=$(( $(date +%s) - start ))
expect_rc 1 "a hanging response (and a failing subscription)"
msg=$(jget "$OUT" 'finding("security-contact-email", "'$S1'")["message"]')
case $msg in
*"no complete answer within 1 s of sending the request (--timeout)"*) ok "hang becomes an error naming --timeout: $msg" ;;
*) not_ok "hang message" "$msg" ;;
esac
expect_json 'finding("security-contact-email", "'$S1'")["status"]' error "error, not pass"
expect_json 'finding("alert-notifications-high", "'$S2'")["status"]' pass "the other subscription is unaffected"
if [ "$took" -le 8 ]; then ok "bounded by --timeout ($took s)"; else not_ok "took $took s"; fi

reset
fault '[{"path": "'$P1'", "kind": "huge", "size_bytes": 40000000}]'
scan -s "$S1" -o json:-
expect_rc 3 "a 40 MB body"
expect_json '"ResponseTooLarge: response body larger than 33554432 bytes" in finding("security-contact-email", "'$S1'")["message"]' \
	True "over the size cap is an error"

for kind in html empty; do
	reset
	fault '[{"path": "'$P1'", "kind": "'$kind'"}]'
	scan -s "$S1" -o json:-
	expect_rc 3 "a 200 with $kind body"
	expect_json 'finding("security-contact-email", "'$S1'")["status"]' error "$kind body is an error"
done
for body in '[1, 2]' '"text"' '{"value": {"a": 1}}' '{"value": "x"}' '{"nextLink": 5}'; do
	reset
	fault '[{"path": "'$P1'", "kind": "wrongtype", "body": '"$body"'}]'
	scan -s "$S1" -o json:-
	expect_rc 3 "wrong JSON type $body"
done
reset
fault '[{"path": "'$P1'", "kind": "wrongtype", "body": {"value": [1, "x", null, {"properties": []}]}}]'
scan -s "$S1" --controls 10.3 -o json:-
expect_rc 3 "list items of the wrong types"
expect_json 'finding("alert-notifications-high", "'$S1'")["message"]' \
	"could not read security contacts: HTTP 200 UnexpectedResponse: item 0 of the list is not an object" "unreadable items are an error"
finish
