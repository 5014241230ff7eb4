#!/bin/sh
# Nothing hung (issue 14, items 2 and 3): a Retry-After irscan will not
# wait ends that read at once and holds back no other request; --deadline
# bounds the whole scan against a server that never answers; --timeout
# counts from when a request is sent, and the errors name the real cause.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001	# Compliant Prod
S2=c0000002-0000-4000-8000-000000000002	# No Contact
CONTACT_CHECKS=$(catalogue ids asb-ir-2019 10.3)	# they read securityContacts

start_server tenant
# Both subscriptions' reads get a 429 asking for an hour.
P1=/subscriptions/$S1/providers/Microsoft.Security/securityContacts
curl -s -X POST "$BASE/_fake/faults" -d '[{"path": "'$P1'", "status": 429, "headers": {"Retry-After": "3600"}}]' >/dev/null
start=$(date +%s)
scan -s "$S1,$S2" --deadline 10s -v -o json:-
took=$(( $(date +%s) - start ))
expect_rc 1 "Retry-After: 3600 on the contacts of one subscription (the other fails)"
if [ "$took" -le 15 ]; then ok "ends at once, well inside --deadline 10s ($took s)"; else not_ok "Retry-After 3600 took $took s"; fi
status security-contact-email "$S1" error "not retried: Azure asked to wait 3600 s (Retry-After), longer than the 300 s irscan waits"
expect_json 'sorted(set(f["check"] for f in d["findings"] if f["subscription"] == "'$S1'" and f["status"] == "error"))' \
	"$CONTACT_CHECKS" "only the contact checks of that subscription are errors: its other reads were not held back"
status security-contact-email "$S2" fail "no security contact"
expect_contains "$ERR" "not retried: Retry-After 3600 s is longer than irscan waits (300 s)" "-v says why it is not retried"
n=$(logq 'len([e for e in L if e["path"].lower() == "'$P1'".lower()])')
if [ "$n" = 1 ]; then ok "the refused wait is asked once"; else not_ok "asked $n times"; fi

# The token endpoint asking for an hour: sign-in ends at once, saying why.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
curl -s -X POST "$BASE/_fake/faults" -d '[{"path": "/'$TEST_TENANT'/oauth2/v2.0/token", "method": "POST", "status": 429, "headers": {"Retry-After": "3600"}}]' >/dev/null
start=$(date +%s)
scan -s "$S1" -o json:-
took=$(( $(date +%s) - start ))
expect_rc 3 "Retry-After: 3600 on the token endpoint"
if [ "$took" -le 15 ]; then ok "sign-in ends at once ($took s)"; else not_ok "token Retry-After 3600 took $took s"; fi
expect_contains "$ERR" "(not retried: it asked to wait 3600 s (Retry-After), longer than the 300 s irscan waits)" \
	"the sign-in error says why it was not retried"
curl -s -X POST "$BASE/_fake/reset" >/dev/null

# A server that accepts connections and never answers (ARM only; sign-in works).
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(128)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    held.append(s.accept())
' "$TMP/hung.port" &
HUNG=$!
i=0
while [ ! -s "$TMP/hung.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
HUNG_BASE=http://127.0.0.1:$(cat "$TMP/hung.port")

hung_scan() {
	OUT=$TMP/out.json
	ERR=$TMP/err.txt
	RC=0
	start=$(date +%s)
	AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
		timeout 120 "$IRSCAN" --arm-endpoint "$HUNG_BASE" --authority-host "$BASE" \
		-o json:"$OUT" -o sarif:"$TMP/out.sarif" "$@" 2>"$ERR" || RC=$?
	took=$(( $(date +%s) - start ))
	sanitizer_clean
}

# Every subscription read hangs: --deadline ends the scan, reports written.
hung_scan -s "$S1,$S2" --deadline 4s
expect_rc 3 "a server that never answers, --deadline 4s"
if [ "$took" -le 8 ]; then ok "ends within the deadline ($took s)"; else not_ok "took $took s with --deadline 4s"; fi
expect_json 'd["scan"]["exit_code"]' 3 "the JSON report says exit 3"
expect_contains "$ERR" "the scan reached its deadline (--deadline 4 s)" "stderr names the deadline"
expect_contains "$OUT" "no answer before the scan's deadline (--deadline: 4 s)" "the errors name the deadline"
got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]; print(r["exitCode"], r["executionSuccessful"])' "$TMP/out.sarif" 2>&1 || true)
case $got in 3\ *) ok "the SARIF report says exitCode 3" ;; *) not_ok "SARIF exitCode" "$got" ;; esac
expect_absent "$ERR" "Failed to resolve host" "no misleading resolver message"

# --timeout: each request is bounded from its send, none waits behind the
# first hung connection, and the message says what happened.
hung_scan -s "$S1,$S2" --timeout 2 --max-retries 0 --concurrency 16
expect_rc 3 "a server that never answers, --timeout 2"
if [ "$took" -le 8 ]; then ok "--timeout 2 bounds every request from its send ($took s)"; else not_ok "took $took s with --timeout 2"; fi
msgs=$(jget "$OUT" 'sorted(set(e["message"] for e in d["errors"]))')
case $msgs in
*"Failed to resolve"*|*"after 0 ms"*) not_ok "a request lost its time waiting" "$msgs" ;;
*"no complete answer within 2 s of sending the request (--timeout)"*) ok "the errors say no answer came within --timeout of the send" ;;
*) not_ok "timeout message" "$msgs" ;;
esac
expect_json 'd["scan"]["exit_code"]' 3 "the JSON report says exit 3"

kill "$HUNG" 2>/dev/null || true
wait "$HUNG" 2>/dev/null || true

# --deadline values.
for v in 0 90 90s 15m 1h; do
	run_irscan list-checks --deadline "$v"
	expect_rc 0 "--deadline $v is accepted"
done
for v in -1 10x 1.5m "" 8d; do
	run_irscan list-checks --deadline "$v"
	expect_rc 2 "--deadline '$v' is refused"
done

[ "$FAILED" = 0 ]
