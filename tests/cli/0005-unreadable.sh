#!/bin/sh
# Data that cannot be read is an error finding (never a pass) naming the
# HTTP status, ARM code and missing permission; other subscriptions are
# unaffected; exit 3 when nothing fails outright.
. "$(dirname "$0")/lib.sh"

start_server tenant
S_OK=c0000001-0000-4000-8000-000000000001
S_403=c0000009-0000-4000-8000-000000000009
S_BAD=c000000a-0000-4000-8000-00000000000a

# The checks of 10.3 (list-checks): the contact checks, all reading securityContacts.
C103=$(catalogue ids asb-ir-2019 10.3)
N103=$(echo "$C103" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
scan -s "$S_403" --controls 10.3 -o json:-
expect_rc 3 "403 on securityContacts"
expect_json 'set(f["status"] for f in d["findings"])' "{'error'}" "every finding is error"
expect_json 'sorted(f["check"] for f in d["findings"])' "$C103" "one error finding per check of 10.3 ($N103)"
msg=$(jget "$OUT" 'finding("security-contact-email", "'$S_403'")["message"]')
case $msg in
*"HTTP 403 AuthorizationFailed"*"Microsoft.Security/securityContacts/read"*) ok "message names status, code and permission" ;;
*) not_ok "error message" "$msg" ;;
esac
expect_json 'd["errors"][0]["status"], d["errors"][0]["code"], d["errors"][0]["subscription"]' \
	"(403, 'AuthorizationFailed', '$S_403')" "errors array"
expect_json 'control("10.3", "'$S_403'")' error "control verdict error"
expect_contains "$ERR" "could not evaluate" "console lists the errors"

scan -s "$S_BAD" --controls 10.3 -o json:-
expect_rc 3 "malformed body"
msg=$(jget "$OUT" 'finding("alert-notifications-high", "'$S_BAD'")["message"]')
case $msg in
*"HTTP 200 MalformedResponse"*) ok "malformed body is an error: $msg" ;;
*) not_ok "malformed message" "$msg" ;;
esac

scan -s "$S_403,$S_OK,$S_BAD" -o json:-
expect_rc 3 "mixed scan"
expect_json 'control("10.3", "'$S_OK'")' pass "the readable subscription still passes"
expect_json '[control(c, "'$S_403'") for c in ("10.2", "10.3", "10.4", "10.5")]' \
	'["pass", "error", "pass", "pass"]' "only the unreadable control is an error"
expect_json 'd["summary"]["error"]' $((2 * N103)) "$((2 * N103)) error findings: the 10.3 checks of both unreadable subscriptions"

# An unknown subscription: 404 SubscriptionNotFound everywhere.
scan -s 00000000-0000-4000-8000-0000000000ff --controls 10.3 -o json:-
expect_rc 3 "unknown subscription"
expect_json 'finding("security-contact-email", "00000000-0000-4000-8000-0000000000ff")["message"]' \
	"could not read security contacts: HTTP 404 SubscriptionNotFound: The subscription '00000000-0000-4000-8000-0000000000ff' could not be found." "404 named"

# A failing finding wins over errors for the exit code.
scan -s "$S_403,c0000002-0000-4000-8000-000000000002" --controls 10.3 -o json:-
expect_rc 1 "a fail and an error: exit 1"
finish
