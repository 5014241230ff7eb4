#!/bin/sh
# The console summary people read in a terminal or a CI log: an aligned
# subscriptions x controls matrix, colour only for a terminal (never with
# NO_COLOR, --no-color, TERM=dumb or a pipe), counts per status that agree
# with the JSON report, the exit reason on one line, -v one line per
# request, -q nothing; names from Azure cannot drive the terminal.
. "$(dirname "$0")/lib.sh"

start_server tenant
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
SUBS="$(id 1),$(id 2),$(id 3),$(id 9),$(id 80)"
ESC=$(printf '\033')

scan -s "$SUBS" -o json:"$TMP/r.json"
expect_rc 1 "a scan with failures"
cp "$ERR" "$TMP/plain.txt"
check "not a terminal: no escape sequence at all" sh -c '! grep -q "$1" "$2"' - "$ESC" "$TMP/plain.txt"
check "the hostile subscription name is shown escaped" grep -qF '"Q" \x01\x1b[31m' "$TMP/plain.txt"

python3 - "$TMP/plain.txt" "$TMP/r.json" "$RC" >"$TMP/py.out" 2>&1 <<'PYEOF' || not_ok "the summary could be checked" "$(cat "$TMP/py.out")"
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
d = json.load(open(sys.argv[2]))
def ok(c, what):
    print(("ok - " if c else "not ok - ") + "0025-console: " + what)
head = [i for i, l in enumerate(lines) if l.startswith("  subscription ")]
ok(len(head) == 1, "one matrix header")
h = lines[head[0]]
ids = re.findall(r"\S+", h)[1:]
cols = [h.index(" " + c + " ") + 1 if c != ids[-1] else h.rindex(" " + c) + 1 for c in ids]
rows = lines[head[0] + 1: head[0] + 1 + len(d["subscriptions"])]
aligned = all(r[c - 1] == " " and r[c] != " " for r in rows for c in cols)
ok(aligned and len(rows) == 5, "every row's statuses start under their control (%d rows, %d columns)" % (len(rows), len(cols)))
ok(not [l for l in lines if l != l.rstrip()], "no trailing blanks")
want = {s: set() for s in [s["id"] for s in d["subscriptions"]]}
cells_ok = True
for r, s in zip(rows, d["subscriptions"]):
    for c, ctl in zip(cols, ids):
        st = r[c:].split()[0]
        fs = [f["status"] for f in d["findings"] if f["subscription"] == s["id"] and f["control"].split(".")[0:2] == ctl.split(".")[0:2]]
        worst = next((x for x in ("error", "fail", "manual", "pass") if x in fs), None)
        cells_ok &= worst is None or st == worst or (worst == "pass" and st in ("pass", "waived", "not-applicable"))
ok(cells_ok, "each cell is the control's worst status in the JSON report")
cnt = [l for l in lines if l.startswith("findings: ")]
sm = d["summary"]
ok(cnt == ["findings: %d pass, %d fail, %d error, %d manual, %d waived, %d not-applicable" % (
    sm["pass"], sm["fail"], sm["error"], sm["manual"], sm["waived"], sm["not-applicable"])],
   "the counts per status agree with the JSON summary")
ok(lines[-1] == "exit %s: %s" % (sys.argv[3], d["scan"]["exit_reason"]) and "\n" not in d["scan"]["exit_reason"],
   "the last line is the exit code and its reason, one line")
PYEOF
cat "$TMP/py.out"

# On a terminal (script(1) gives irscan a pseudo-terminal).
on_tty() {	# on_tty ENV... : the console of a scan run on a terminal
	env "$@" AZURE_TENANT_ID="$TEST_TENANT" AZURE_CLIENT_ID="$TEST_CLIENT" \
		AZURE_CLIENT_SECRET="$TEST_SECRET" script -qec \
		"$IRSCAN --arm-endpoint $BASE --authority-host $BASE -s $SUBS $NO_COLOR_OPT" \
		/dev/null >"$TMP/tty.txt" 2>&1 </dev/null || true
}
NO_COLOR_OPT=
on_tty TERM=xterm
check "a terminal gets colour (pass green, fail red, error magenta)" \
	sh -c 'grep -q "$1\[32mpass" "$2" && grep -q "$1\[31mfail" "$2" && grep -q "$1\[35merror" "$2"' - "$ESC" "$TMP/tty.txt"
check "... and still no escape sequence from the tenant's strings (shown escaped)" grep -qF '\x1b[31m' "$TMP/tty.txt"
on_tty TERM=xterm NO_COLOR=1
check "NO_COLOR=1 on a terminal: no colour" sh -c '! grep -q "$1\[3" "$2" && grep -q "exit 1" "$2"' - "$ESC" "$TMP/tty.txt"
on_tty TERM=dumb
check "TERM=dumb: no colour" sh -c '! grep -q "$1\[3" "$2" && grep -q "exit 1" "$2"' - "$ESC" "$TMP/tty.txt"
NO_COLOR_OPT=--no-color
on_tty TERM=xterm
check "--no-color on a terminal: no colour" sh -c '! grep -q "$1\[3" "$2" && grep -q "exit 1" "$2"' - "$ESC" "$TMP/tty.txt"

# -v: one line per request; -q: nothing.
scan -s "$SUBS" -v -o json:"$TMP/r.json"
n=$(grep -cE '^irscan: (GET|POST) https?://[^ ]+ -> [0-9]{3}' "$ERR" || true)
# scan.http_requests counts every HTTP request sent (scan.requests only
# the Resource Manager ones, as the evidence lists them).
reqs=$(jget "$TMP/r.json" 'd["scan"]["http_requests"]')
check "-v: one line per request (token included), with method, URL, status and time ($n lines, $reqs requests)" \
	sh -c '[ "$1" = "$2" ] && grep -qE " -> 200 \([0-9]+ ms\)$" "$3"' - "$n" "$reqs" "$ERR"
scan -s "$SUBS"
check "without -v: no request lines" sh -c '! grep -qE "^irscan: (GET|POST) " "$1"' - "$ERR"
scan -s "$SUBS" -q -o json:"$TMP/r.json"
check "-q: nothing on stderr, exit code unchanged" sh -c '[ ! -s "$1" ] && [ "$2" = 1 ]' - "$ERR" "$RC"
finish
