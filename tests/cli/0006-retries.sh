#!/bin/sh
# 429 with Retry-After and 503 are retried; the retry waits as told; a 4xx
# is never retried; the retry budget is respected.
. "$(dirname "$0")/lib.sh"

start_server tenant
S_429=c000000b-0000-4000-8000-00000000000b
S_503=c000000c-0000-4000-8000-00000000000c
S_403=c0000009-0000-4000-8000-000000000009

scan -s "$S_429" -o json:-
expect_rc 0 "429 then success"
gap=$(logq '(lambda t: round(t[1] - t[0], 3))([x["ts"] for x in L if x["path"].endswith("securityContacts")])')
statuses=$(logq '[x["status"] for x in L if x["path"].endswith("securityContacts")]')
if [ "$statuses" = "[429, 200]" ] && python3 -c "import sys; sys.exit(0 if float('$gap') >= 1.0 else 1)"; then
	ok "retried after Retry-After: 1 (waited ${gap}s)"
else
	not_ok "429 retry" "statuses $statuses gap $gap"
fi
expect_json 'finding("security-contact-email", "'$S_429'")["evidence"][0]["retries"]' 1 "evidence counts the retry"
expect_json 'd["scan"]["retries"]' 1 "scan counts the retry"

scan -s "$S_503" -o json:-
expect_rc 0 "503 then success"
expect_json 'finding("security-contact-email", "'$S_503'")["status"]' pass "503 retried to a pass"

# A 403 is not retried.
n=$(logq 'len(L)')
scan -s "$S_403" -o json:-
m=$(logq 'len([x for x in L[int('"$n"'):] if x["path"].endswith("securityContacts")])')
if [ "$m" = 1 ]; then ok "403 asked once"; else not_ok "403 retried" "$m requests"; fi

# The retry budget: a 503 forever, --max-retries 2 -> 3 attempts, then error.
curl -s -X POST -d '[{"path": "/subscriptions/c0000001-0000-4000-8000-000000000001/providers/Microsoft.Security/securityContacts", "status": 503, "headers": {"Retry-After": "0"}}]' "$BASE/_fake/faults" >/dev/null
n=$(logq 'len(L)')
scan -s c0000001-0000-4000-8000-000000000001 --max-retries 2 -o json:-
expect_rc 3 "503 forever is an error"
m=$(logq 'len([x for x in L[int('"$n"'):] if x["path"].endswith("securityContacts")])')
if [ "$m" = 3 ]; then ok "--max-retries 2 made 3 attempts"; else not_ok "attempts" "$m"; fi
expect_json 'finding("security-contact-email", "c0000001-0000-4000-8000-000000000001")["message"]' \
	"could not read security contacts: HTTP 503 ServiceUnavailable: The service is temporarily unavailable. Please try again later." "503 message" || true
finish
