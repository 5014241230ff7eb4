#!/bin/sh
# Nothing lost (issue 14, items 1 and 4): whatever stops a scan - Ctrl-C,
# SIGTERM, SIGHUP, kill -9, a reader that closes stdout, a bad path given
# after a good one - a report file is either the previous complete one or
# the new complete one, no temporary file is left (kill -9 aside), and the
# exit code is the documented one (128 + signal; 141 for a closed stdout;
# 2 for a path that cannot be written, found before any request).
. "$(dirname "$0")/lib.sh"

# A slow tenant: -A takes about 8 s at 200 ms per answer.
start_server tenant --latency-ms 200
cd "$TMP"
mkdir out

# previous: reports from an earlier run, compared byte for byte afterwards.
previous() {
	rm -rf out && mkdir out
	printf '{"previous": "json"}\n' >out/r.json
	printf '<previous sarif/>\n' >out/r.sarif
	cp out/r.json prev.json
	cp out/r.sarif prev.sarif
}

# untouched LABEL: the previous reports are as they were, nothing else in out/.
untouched() {
	if cmp -s out/r.json prev.json && cmp -s out/r.sarif prev.sarif; then
		ok "$1: previous reports byte-identical"
	else
		not_ok "$1: previous reports changed" "$(head -c 300 out/r.json)"
	fi
	left=$(ls -A out | grep -v -x -e r.json -e r.sarif -e ev || true)
	if [ -z "$left" ]; then ok "$1: no temporary file left"; else not_ok "$1: left behind" "$left"; fi
}

# A background job of a script starts with SIGINT ignored (POSIX), and
# irscan keeps a disposition it inherits as ignored (nohup): start it with
# the default dispositions, as from a terminal or a CI runner.  Called
# with & only: exec replaces the background subshell, so $! is irscan.
fg_irscan() {
	exec python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$IRSCAN" "$@"
}

# stop_after SIGNAL SECONDS [irscan options]: start a scan, signal it.
stop_after() {
	sig=$1 after=$2
	shift 2
	RC=0
	AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
		fg_irscan --arm-endpoint "$BASE" --authority-host "$BASE" -A \
		-o json:out/r.json -o sarif:out/r.sarif "$@" >out.txt 2>err.txt &
	pid=$!
	# The clock starts when irscan runs (python has exec'd it).
	i=0
	while [ $i -lt 200 ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" != "$(readlink -f "$IRSCAN")" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep "$after"
	kill -s "$sig" "$pid" 2>/dev/null || true
	wait "$pid" || RC=$?
	ERR=$TMP/err.txt
	sanitizer_clean
}

for case in "INT 0.3 130 sign-in" "INT 1.5 130 collection" "INT 4 130 late-collection" \
	"TERM 2 143 collection" "HUP 2 129 collection"; do
	set -- $case
	previous
	stop_after "$1" "$2"
	expect_rc "$3" "SIG$1 after $2 s ($4)"
	expect_contains err.txt "interrupted (SIG$1): no report written, previous reports unchanged" \
		"SIG$1 ($4) says interrupted"
	untouched "SIG$1 after $2 s"
done

# With --evidence-dir: the bundle's manifest says it is incomplete.
previous
stop_after INT 2 --evidence-dir out/ev
expect_rc 130 "SIGINT with --evidence-dir"
untouched "SIGINT with --evidence-dir"
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["complete"])' out/ev/manifest.json 2>&1 || true)
if [ "$got" = False ]; then ok "interrupted bundle: manifest.json says \"complete\": false"; else not_ok "manifest complete" "$got"; fi
expect_contains err.txt "the evidence bundle is marked incomplete" "the console says the bundle is incomplete"
run_irscan verify out/ev
expect_rc 1 "verify refuses the interrupted bundle"
cat "$OUT" "$ERR" >verify.txt
expect_contains verify.txt "the evidence bundle is incomplete: the scan that wrote it was interrupted" "verify says why"
run_irscan --offline out/ev -o json
expect_rc 2 "--offline refuses the interrupted bundle"
expect_contains "$ERR" "the evidence bundle is incomplete: the scan that wrote it was interrupted" "--offline says why"
if ls out/ev/*.tmp out/ev/.entries* >/dev/null 2>&1; then not_ok "scratch files left in the bundle" "$(ls -A out/ev | head)"; else ok "no scratch file left in the bundle"; fi

# A finished scan: the reports replace the previous ones, nothing else left.
previous
scan -A -o json:out/r.json -o sarif:out/r.sarif -q
expect_rc 1 "a finished scan"
if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out/r.json && ! cmp -s out/r.json prev.json; then
	ok "the finished scan replaced the JSON report"
else
	not_ok "JSON report not replaced"
fi
left=$(ls -A out | grep -v -x -e r.json -e r.sarif || true)
if [ -z "$left" ]; then ok "no temporary file after a finished scan"; else not_ok "left behind" "$left"; fi
mode=$(stat -c %a out/r.json)
if [ "$mode" = "$(printf '%o' $((0666 & ~$(umask))))" ]; then ok "a new report gets the mode fopen would give ($mode)"; else not_ok "mode $mode"; fi

# blocked_writing: start a scan whose JSON is complete in its temporary
# file while the HTML goes to a FIFO nobody reads, so the scan blocks
# there; sets pid once the temporary file is there.
blocked_writing() {
	previous
	mkfifo out/fifo
	AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
		"$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" -s c0000001-0000-4000-8000-000000000001 \
		-o json:out/r.json -o html:out/fifo >out.txt 2>err.txt &
	pid=$!
	i=0
	while [ $i -lt 100 ] && ! ls -A out | grep -q '^\.r\.json\.irscan-'; do sleep 0.1; i=$((i + 1)); done
	sleep 0.2
}

blocked_writing
RC=0
kill -TERM "$pid"
wait "$pid" || RC=$?
expect_rc 143 "SIGTERM while writing the reports"
rm -f out/fifo
untouched "SIGTERM while writing"

blocked_writing
kill -KILL "$pid"
wait "$pid" || true
if cmp -s out/r.json prev.json; then ok "kill -9 while writing: the previous JSON report is intact"; else not_ok "kill -9 changed the report"; fi
rm -f out/fifo out/.r.json.irscan-*

# A reader that closes standard output: exit 141, nothing said, no file replaced.
previous
RC=$( { AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
	"$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" -A -o json -o sarif:out/r.sarif \
	2>err.txt && echo 0 >rc.txt || echo $? >rc.txt; } | head -c 10 >/dev/null; cat rc.txt)
expect_rc 141 "stdout closed by its reader (SIGPIPE)"
if grep -q 'irscan: error' err.txt; then not_ok "a closed stdout is said" "$(grep 'irscan: error' err.txt)"; else ok "a closed stdout is not an error line"; fi
untouched "stdout closed"

# Paths are checked before the first request: nothing is touched.
path_refused() {	# path_refused LABEL MESSAGE-PART irscan-options...
	label=$1 part=$2
	shift 2
	previous
	curl -s -X POST "$BASE/_fake/reset" >/dev/null
	scan -s c0000001-0000-4000-8000-000000000001 -o json:out/r.json "$@"
	expect_rc 2 "$label"
	expect_contains "$ERR" "$part" "$label: says why"
	untouched "$label"
	n=$(logq 'len(L)')
	if [ "$n" = 0 ]; then ok "$label: no request sent"; else not_ok "$label: $n requests sent"; fi
}
path_refused "a second report in a missing directory" "cannot write the sarif report to 'out/none/r.sarif': directory 'out/none'" \
	-o sarif:out/none/r.sarif
path_refused "a report path that is a directory" "it is a directory" -o sarif:out
path_refused "--evidence-dir that is a file" "--evidence-dir: cannot create 'out/r.sarif'" --evidence-dir out/r.sarif
path_refused "two names of one file" "would both be written to" -o sarif:./out/../out/r.json
previous
ln -s r.json out/link.json
scan -s c0000001-0000-4000-8000-000000000001 -o json:out/r.json -o sarif:out/link.json
expect_rc 2 "a symbolic link to another output"
expect_contains "$ERR" "would both be written to 'out/link.json'" "a symbolic link to another output: says why"
rm -f out/link.json
path_refused "--remediation-script onto a report" "two reports cannot both go to out/r.json" \
	--remediation-script out/r.json
previous
scan -s c0000001-0000-4000-8000-000000000001 -o json -o sarif:/dev/stdout
expect_rc 2 "/dev/stdout beside '-'"
expect_contains "$ERR" "would both be written to '/dev/stdout'" "/dev/stdout beside '-': says why"

# irscan merge stops as cleanly: its reports are written whole to temporary
# files and renamed at the end, so a signal while it writes (here: blocked
# opening a FIFO nobody reads, after the JSON is complete in its temporary
# file) leaves the previous reports as they were and no temporary file.
scan -s c0000001-0000-4000-8000-000000000001 -o json:part.json --evidence-dir part-ev
expect_rc 0 "a part to merge, and its evidence bundle"
previous
mkfifo out/fifo
"$IRSCAN" merge part.json -o json:out/r.json -o html:out/fifo >out.txt 2>err.txt &
pid=$!
i=0
while [ $i -lt 100 ] && ! ls -A out | grep -q '^\.r\.json\.irscan-'; do sleep 0.1; i=$((i + 1)); done
sleep 0.2
RC=0
kill -TERM "$pid"
wait "$pid" || RC=$?
expect_rc 143 "merge: SIGTERM while writing the reports"
expect_contains err.txt "interrupted (SIGTERM): no report written, previous reports unchanged" \
	"merge: says it was interrupted"
rm -f out/fifo
untouched "merge: SIGTERM while writing"

# irscan merge --evidence copies the parts into OUT.tmp-XXXXXX and renames
# it at the end: a signal while it copies (strace delivers SIGTERM as it
# makes the first part's directory, after the temporary one) removes the
# copy and leaves no OUT.
if command -v strace >/dev/null; then
	RC=0
	# LeakSanitizer cannot run under ptrace: off for this one process.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -o /dev/null -e trace=mkdir,mkdirat -e inject=mkdir,mkdirat:signal=SIGTERM:when=2 \
		"$IRSCAN" merge --evidence --evidence-dir out/merged part-ev >out.txt 2>err.txt || RC=$?
	expect_rc 143 "merge --evidence: SIGTERM while copying the parts"
	expect_contains err.txt "interrupted (SIGTERM): out/merged not written" \
		"merge --evidence: says it was interrupted"
	left=$(ls -A out | grep -v -x -e r.json -e r.sarif || true)
	if [ -z "$left" ]; then ok "merge --evidence: neither OUT nor its temporary copy left"; else not_ok "merge --evidence: left behind" "$left"; fi
	RC=0
	"$IRSCAN" merge --evidence --evidence-dir out/merged part-ev >out.txt 2>err.txt || RC=$?
	expect_rc 0 "merge --evidence: the same merge, not interrupted"
	RC=0
	"$IRSCAN" verify out/merged >out.txt 2>err.txt || RC=$?
	expect_rc 0 "merge --evidence: and it verifies"
else
	not_ok "strace is missing (make deps installs it)"
fi

cd /
[ "$FAILED" = 0 ]
