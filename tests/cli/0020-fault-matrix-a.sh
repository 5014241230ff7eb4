#!/bin/sh
# Fault matrix (issue 8), per-subscription endpoints: the subscription
# read, securityContacts, pricings, alerts, automations, the export
# targets (Log Analytics workspace, Event Hub), the Logic App, and the
# Microsoft Sentinel search (workspace list, onboardingStates,
# dataConnectors).  Each cell (an HTTP status 400..504, a reset, a
# truncated body, a body of the wrong JSON type, an empty 200, HTML, a
# 50 MB body, a response that never ends; the transient ones also once)
# is a fault on its own subscription, all in ONE scan
# (tests/cli/faultmatrix.py builds the tenant and judges the report):
# the checks fed by that endpoint are errors naming what could not be read
# (a 404 on an export target or Logic App: fail, it is gone), a fault
# that happens once is retried into the baseline's findings, and every
# other finding of every subscription is the baseline's.
. "$(dirname "$0")/lib.sh"

FM=$ROOT/tests/cli/faultmatrix.py
python3 "$FM" scenario "$TMP/m"
start_server "$TMP/m"
SUBS=$(cat "$TMP/m/subs.txt")
# Short timeouts keep the hanging cells (timeout, one retry, timeout) to a
# few seconds; a 50 MB answer meets an 8 MB cap.
# Under valgrind (make check-valgrind) everything is slower: longer timeouts.
TO=2 BOUND=30
[ "${VALGRIND:-0}" != 1 ] || TO=20 BOUND=240
OPTS="--timeout $TO --max-retries 1 --max-response-mb 8 --concurrency 32"

scan -s "$SUBS" $OPTS -q -o "json:$TMP/base.json"
expect_rc 0 "baseline: $(echo "$SUBS" | tr ',' '\n' | wc -l) compliant subscriptions"

curl -s -X POST "$BASE/_fake/reset" >/dev/null
curl -s -X POST --data-binary "@$TMP/m/faults.json" "$BASE/_fake/faults" >/dev/null
start=$(date +%s)
RC=0
AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
	timeout $((BOUND * 3)) "$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" -s "$SUBS" $OPTS \
	-o "json:$TMP/out.json" >/dev/null 2>"$TMP/err.txt" || RC=$?
took=$(($(date +%s) - start))
ERR=$TMP/err.txt
sanitizer_clean
# A 404 export target or Logic App is a fail, which outranks the errors (SPEC §3).
expect_rc 1 "the matrix scan"
if [ "$took" -le "$BOUND" ]; then ok "the matrix scan ends in bounded time ($took s)"; else not_ok "the matrix scan took $took s"; fi
if grep -qE 'Segmentation|Assertion|Aborted|double free|malloc\(\)' "$ERR"; then
	not_ok "no crash output on stderr" "$(head -c 1000 "$ERR")"
else
	ok "no crash output on stderr"
fi
expect_contains "$ERR" "could not evaluate" "the console lists what could not be evaluated"
# Per cell: one line each.
python3 "$FM" assess "$TMP/m" "$TMP/base.json" "$TMP/out.json" "$LOG" >"$TMP/assess.txt" || true
cat "$TMP/assess.txt"
bad=$(grep -c '^not ok' "$TMP/assess.txt" || true)
FAILED=$((FAILED + bad))
n=$(grep -c '^ok' "$TMP/assess.txt" || true)
[ $((n + bad)) -ge 290 ] || not_ok "every cell reported" "$n ok and $bad not ok lines"

# The exit code of each kind of cell alone: an error only is 3, a 404
# (gone) export target is a fail, 1.
cell() { python3 -c 'import json,sys; print([c["sub"] for c in json.load(open(sys.argv[1]))["cells"] if c["endpoint"] == sys.argv[2] and c["cell"] == sys.argv[3]][0])' "$TMP/m/cells.json" "$1" "$2"; }
scan -s "$(cell contacts 503)" $OPTS -q -o json:-
expect_rc 3 "contacts 503 alone: an error and no failure"
scan -s "$(cell workspace 404)" $OPTS -q -o json:-
expect_rc 1 "a dangling export target alone: a failure"
scan -s "$(cell alerts html)" $OPTS -q -o json:-
expect_rc 3 "an HTML answer for alerts alone: an error"
finish
