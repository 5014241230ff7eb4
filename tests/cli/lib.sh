# lib.sh - shared by the end-to-end tests in tests/cli/.
#
# Each test script sources this file, starts the fake ARM server on a
# scenario, runs the real irscan binary ($IRSCAN) against it over HTTP or
# HTTPS on loopback, and prints one "ok - ..." / "not ok - ..." line per
# assertion.  tests/run counts those lines.
set -eu
export LC_ALL=C

: "${IRSCAN:?set IRSCAN to the irscan binary}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/irscan-$TEST_NAME.XXXXXX")
SERVER_PID=
FAILED=0

# Credentials the scenarios accept (fixtures/scenarios/contacts).
TEST_TENANT=7e57a000-0000-4000-8000-00000000aaaa
TEST_CLIENT=1e57c11e-0000-4000-8000-000000000001
TEST_SECRET='irscan-test~Secret.Value-0123456789'

cleanup() {
	stop_server
	rm -rf "$TMP"
}
trap cleanup EXIT

ok() { printf 'ok - %s: %s\n' "$TEST_NAME" "$1"; }
not_ok() {
	printf 'not ok - %s: %s\n' "$TEST_NAME" "$1"
	[ $# -lt 2 ] || printf '#   %s\n' "$2"
	FAILED=$((FAILED + 1))
}

# check NAME COMMAND...: run a command, ok if it succeeds.
check() {
	name=$1
	shift
	if "$@" >"$TMP/check.out" 2>&1; then
		ok "$name"
	else
		not_ok "$name" "$(head -c 2000 "$TMP/check.out")"
	fi
}

# A test CA and a server certificate for 127.0.0.1 / localhost.
make_test_ca() {
	sh "$ROOT/fixtures/make-test-ca.sh" "$TMP/ca"
	CA_PEM=$TMP/ca/ca.pem
}

# start_server SCENARIO [fakearm options...]: sets BASE, HTTPS_BASE (with
# --https), LOG.  The scenario is a directory name under fixtures/scenarios.
start_server() {
	scen=$1
	shift
	LOG=$TMP/requests.jsonl
	rm -f "$TMP/ports.json"
	python3 "$ROOT/fixtures/fakearm/fakearm.py" --scenario "$ROOT/fixtures/scenarios/$scen" \
		--http --ports-file "$TMP/ports.json" --log "$LOG" "$@" 2>"$TMP/server.err" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$TMP/ports.json" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "fake server did not start: $(cat "$TMP/server.err")" >&2
			exit 1
		fi
		sleep 0.05
	done
	BASE=http://127.0.0.1:$(jport http)
	HTTPS_BASE=
	if grep -q https "$TMP/ports.json"; then
		HTTPS_BASE=https://127.0.0.1:$(jport https)
	fi
}

jport() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$TMP/ports.json" "$1"
}

stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}

# scan ARGS...: run irscan against the fake server with the test
# credentials; sets RC, OUT (stdout file), ERR (stderr file).
scan() {
	OUT=$TMP/out.json
	ERR=$TMP/err.txt
	RC=0
	AZURE_TENANT_ID=${AZURE_TENANT_ID-$TEST_TENANT} \
	AZURE_CLIENT_ID=${AZURE_CLIENT_ID-$TEST_CLIENT} \
	AZURE_CLIENT_SECRET=${AZURE_CLIENT_SECRET-$TEST_SECRET} \
		"$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" "$@" \
		>"$OUT" 2>"$ERR" || RC=$?
	sanitizer_clean
}

# run_irscan ARGS...: irscan with no defaults added; sets RC, OUT, ERR.
run_irscan() {
	OUT=$TMP/out.json
	ERR=$TMP/err.txt
	RC=0
	"$IRSCAN" "$@" >"$OUT" 2>"$ERR" || RC=$?
	sanitizer_clean
}

# Any sanitizer report is a failure of the test that ran the binary.
sanitizer_clean() {
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ERR" 2>/dev/null; then
		not_ok "sanitizer report from irscan $*" "$(head -c 3000 "$ERR")"
	fi
}

expect_rc() {
	if [ "$RC" = "$1" ]; then
		ok "$2 (exit $1)"
	else
		not_ok "$2: exit $RC, expected $1" "$(head -c 1500 "$ERR")"
	fi
}

# jq-like queries in Python: jget FILE EXPR, with the document as `d`.
jget() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def finding(check, sub):
    r = [f for f in d["findings"] if f["check"] == check and f["subscription"] == sub]
    return r[0] if len(r) == 1 else {"status": "missing or %d findings" % len(r), "message": ""}
r = eval(sys.argv[2])
print(json.dumps(r) if isinstance(r, (dict, list)) else r)
' "$@"
}

expect_json() {
	got=$(jget "$OUT" "$1" 2>&1) || true
	if [ "$got" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3: $1 is '$got', expected '$2'"
	fi
}

expect_contains() {
	if grep -qF -- "$2" "$1"; then
		ok "$3"
	else
		not_ok "$3: '$2' not in $(basename "$1")" "$(head -c 1500 "$1")"
	fi
}

expect_absent() {
	if grep -qF -- "$2" "$1"; then
		not_ok "$3: '$2' found in $(basename "$1")" "$(grep -F -- "$2" "$1" | head -c 500)"
	else
		ok "$3"
	fi
}

# Requests in the server log: logq EXPR, entries as `L` (a list).
logq() {
	python3 -c '
import json, sys
L = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
r = eval(sys.argv[2])
print(json.dumps(r) if isinstance(r, (dict, list)) else r)
' "$LOG" "$1"
}

finish() {
	exit $((FAILED > 0))
}
