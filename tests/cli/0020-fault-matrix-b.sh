#!/bin/sh
# Fault matrix (issue 8), tenant-level endpoints: the token endpoint, the
# subscription list (-A), the management group's descendants (-m) and
# Resource Graph (--resource-graph).  A fault there concerns the whole
# scan, so each cell is its own scan of a small tenant (an export to a
# workspace, one to an Event Hub, one subscription with Sentinel only).
# Expected: a fault that happens once is retried into the baseline's
# findings; one that persists stops the scan with exit 3 and one clear
# "irscan: error" line (no pass reported), except Resource Graph, whose
# failed queries fall back to the direct reads: the same findings.
# The four endpoints run side by side, each against its own fake server.
. "$(dirname "$0")/lib.sh"

FM=$ROOT/tests/cli/faultmatrix.py
# Under valgrind (make check-valgrind) everything is slower.
HANG_TO=1 BOUND=60
[ "${VALGRIND:-0}" != 1 ] || HANG_TO=10 BOUND=900
export BOUND
python3 "$FM" small "$TMP/small"
OUTD=$TMP/cells
mkdir -p "$OUTD"

# base MODE ARGS...: the baseline of a scan mode, into $OUTD/base-MODE.*
base() {
	mode=$1
	shift
	scan "$@" -q -o "json:$OUTD/base-$mode.json"
	echo "$RC" >"$OUTD/base-$mode.rc"
}

# run_endpoint EP ARGS...: every cell of EP, one scan each, against a
# server of its own (in a subshell: its own TMP, server and variables).
run_endpoint() {
	ep=$1
	shift
	(
		TMP=$TMP/$ep
		mkdir -p "$TMP" "$OUTD/$ep"
		trap stop_server EXIT
		start_server "$TMP/../small"
		python3 "$FM" cells "$ep" >"$TMP/cells.txt"
		tab=$(printf '\t')
		while IFS=$tab read -r name fault; do
			curl -s -X POST "$BASE/_fake/reset" >/dev/null
			curl -s -X POST -d "$fault" "$BASE/_fake/faults" >/dev/null
			# Only the hanging cells need a short timeout.
			case $name in hang*) to=$HANG_TO ;; *) to=10 ;; esac
			t0=$(date +%s.%N)
			RC=0
			AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
				timeout "$BOUND" "$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" "$@" \
				--timeout $to --max-retries 1 --max-response-mb 8 -q \
				-o "json:$OUTD/$ep/$name.json" >/dev/null 2>"$OUTD/$ep/$name.err" || RC=$?
			echo "$RC" >"$OUTD/$ep/$name.rc"
			python3 -c 'import sys; print("%.1f" % (float(sys.argv[2]) - float(sys.argv[1])))' \
				"$t0" "$(date +%s.%N)" >"$OUTD/$ep/$name.time"
		done <"$TMP/cells.txt"
		stop_server
	)
}

start_server "$TMP/small"
base A -A
expect_rc 0 "baseline -A"
base m -m mg-fault
expect_rc 0 "baseline -m"
base rg -A --resource-graph
expect_rc 0 "baseline -A --resource-graph"
stop_server

start=$(date +%s)
run_endpoint token -A &
p1=$!
run_endpoint subscriptions -A &
p2=$!
run_endpoint managementgroup -m mg-fault &
p3=$!
run_endpoint resourcegraph -A --resource-graph &
p4=$!
wait $p1 $p2 $p3 $p4 || true
took=$(($(date +%s) - start))
if [ "$took" -le "$BOUND" ]; then ok "all tenant-level cells in $took s"; else not_ok "tenant-level cells took $took s"; fi
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$OUTD"/*/*.err >"$TMP/san.txt" 2>/dev/null; then
	not_ok "sanitizer reports" "$(cat "$TMP/san.txt")"
else
	ok "no sanitizer report in any cell"
fi
python3 "$FM" tassess "$OUTD" >"$TMP/assess.txt" || true
cat "$TMP/assess.txt"
bad=$(grep -c '^not ok' "$TMP/assess.txt" || true)
n=$(grep -c '^ok' "$TMP/assess.txt" || true)
FAILED=$((FAILED + bad))
[ $((n + bad)) -ge 104 ] || not_ok "every cell reported" "$n ok and $bad not ok lines"
finish
