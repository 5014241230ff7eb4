#!/bin/sh
# Exit codes that never disagree (issue 14, item 4): when a report or the
# evidence bundle cannot be written, the exit code is 3 and the console's
# last line, the JSON exit_code and the SARIF exitCode all say 3; stderr
# names the path and the cause.  A full disk is simulated without
# LD_PRELOAD: /dev/full, and a file size limit (ulimit -f).
. "$(dirname "$0")/lib.sh"

S1=c0000002-0000-4000-8000-000000000002	# No Contact: fails, exit 1 normally
start_server tenant
cd "$TMP"

# agree LABEL CODE: console, JSON and SARIF all say CODE.
agree() {
	last=$(grep '^exit ' "$ERR" | tail -1 | cut -d: -f1)
	json=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["exit_code"])' r.json 2>&1 || true)
	sarif=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]["exitCode"])' r.sarif 2>&1 || true)
	if [ "$RC" = "$2" ] && [ "$last" = "exit $2" ] && [ "$json" = "$2" ] && [ "$sarif" = "$2" ]; then
		ok "$1: exit code, console, JSON and SARIF all say $2"
	else
		not_ok "$1: exit $RC, console '$last', JSON $json, SARIF $sarif (expected $2)"
	fi
}

scan -s "$S1" -o json:r.json -o sarif:r.sarif
agree "a failing subscription" 1

scan -s "$S1" -o json:r.json -o sarif:r.sarif -o html:/dev/full
agree "the HTML report to /dev/full" 3
expect_contains "$ERR" "cannot write the html report to '/dev/full': No space left on device" \
	"stderr names the path and the cause"
got=$(jget r.json 'd["scan"]["exit_reason"]')
case $got in
"cannot write the html report to '/dev/full': No space left on device; besides, "*) ok "the JSON exit reason says which report failed" ;;
*) not_ok "JSON exit reason" "$got" ;;
esac

scan -s "$S1" -o json:r.json -o sarif:r.sarif --remediation-script /dev/full
agree "the remediation script to /dev/full" 3

# Standard output on /dev/full: the other reports say 3 as well.
RC=0
AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
	"$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" -s "$S1" \
	-o json:r.json -o sarif:r.sarif -o html >/dev/full 2>err.txt || RC=$?
ERR=$TMP/err.txt
agree "the HTML report to a standard output on /dev/full" 3
expect_contains "$ERR" "cannot write the html report to standard output: No space left on device" \
	"stderr says standard output could not be written"

# The evidence bundle on a full disk: a file size limit makes its writes
# fail (EFBIG); the reports go to a pipe and /dev/null, which it does not limit.
# (stdout and stderr go through cat: files written by irscan itself would
# be limited too.)
rm -rf ev
{
	(
		ulimit -f 4
		AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
			"$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" -A --evidence-dir ev \
			-o json 2>&3 && echo 0 >rc.txt || echo $? >rc.txt
	) | cat >out.json
} 3>&1 | cat >err.txt
RC=$(cat rc.txt)
ERR=$TMP/err.txt
sanitizer_clean
expect_rc 3 "an evidence bundle that cannot be written (file size limit)"
expect_contains err.txt "--evidence-dir: the evidence bundle is incomplete: cannot write" "stderr says which file could not be written"
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["scan"]; print(d["exit_code"], d["exit_reason"][:50])' out.json 2>&1 || true)
case $got in
"3 the evidence bundle could not be written"*) ok "the JSON report says 3, because of the evidence" ;;
*) not_ok "JSON exit code with a failed bundle" "$got" ;;
esac
last=$(grep '^exit ' err.txt | tail -1 | cut -d: -f1)
if [ "$last" = "exit 3" ]; then ok "the console says exit 3"; else not_ok "console says '$last'"; fi
if [ -e ev/manifest.json ]; then not_ok "an incomplete bundle got a manifest"; else ok "no manifest for a bundle that could not be written"; fi

cd /
[ "$FAILED" = 0 ]
