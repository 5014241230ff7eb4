#!/bin/sh
# Issue 14, item 8: the progress line's total of subscriptions grows while
# the pages of the subscription list (-A) or of a management group's
# descendants (-m) arrive; until the last one it is shown as "≥N" (at
# least N), then as the final number.  With -s it is final from the start.
# The line counts Resource Manager requests, like every other output.
. "$(dirname "$0")/lib.sh"

# Every page of the list but the first comes 300 ms late, and the reads of
# the last subscription listed (for -m: No Contact, on the last page of
# mg-root's descendants) 600 ms late, so the line is redrawn both while
# the list arrives and after it.
last=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["subscriptions"][-1]["subscriptionId"])' \
	"$SCENARIOS/tenant/scenario.json")
cat >"$TMP/faults.json" <<EOF
[{"path": "/subscriptions", "skip": 1, "kind": "slow", "chunk_delay_ms": 1, "delay_ms": 300},
 {"path": "/providers/Microsoft.Management/managementGroups/mg-root/descendants", "skip": 1,
  "kind": "slow", "chunk_delay_ms": 1, "delay_ms": 300},
 {"path_prefix": "/subscriptions/$last/providers/", "kind": "slow", "chunk_delay_ms": 1, "delay_ms": 600},
 {"path_prefix": "/subscriptions/c0000002-0000-4000-8000-000000000002/providers/", "kind": "slow",
  "chunk_delay_ms": 1, "delay_ms": 600}]
EOF
start_server tenant --faults "$TMP/faults.json" --latency-ms 10

# on_tty ARGS...: run a scan on a pseudo-terminal, its screen in $TMP/tty.txt.
on_tty() {
	AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
		script -qec "$IRSCAN --arm-endpoint $BASE --authority-host $BASE $* -o json:$TMP/r.json" /dev/null \
		>"$TMP/tty.txt" 2>&1 </dev/null || true
}

# totals WHAT FINAL: the progress lines' totals: some "≥N" first, then
# only FINAL; never decreasing; never above FINAL.
totals() {
	python3 - "$TMP/tty.txt" "$2" <<'PY' >"$TMP/totals.out" 2>&1 && ok "$1: $(cat "$TMP/totals.out")" || not_ok "$1" "$(cat "$TMP/totals.out")"
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
final = int(sys.argv[2])
ticks = re.findall(r"irscan: (\d+)/(\u2265?)(\d+) subscriptions, (\d+) Resource Manager requests", text)
assert ticks, "no progress line: %r" % text[:300]
open_ = [int(t) for _, ge, t, _ in ticks if ge]
closed = [int(t) for _, ge, t, _ in ticks if not ge]
assert open_, "no '\u2265N' total while the list arrived: %s" % ticks[:5]
assert closed, "no final total after the list: %s" % ticks[-5:]
first_closed = [i for i, t in enumerate(ticks) if not t[1]][0]
assert all(t[1] == "" for t in ticks[first_closed:]), "\u2265 again after the list was complete"
assert set(closed) == {final}, (closed, final)
tot = [int(t[2]) for t in ticks]
assert tot == sorted(tot) and max(tot) <= final, tot
reqs = [int(t[3]) for t in ticks]
assert reqs == sorted(reqs), reqs
print("%d lines with \u2265 (%d..%d), then %d with %d" % (len(open_), min(open_), max(open_), len(closed), final))
PY
}

on_tty -A
scanned=$(jget "$TMP/r.json" 'sum(1 for s in d["subscriptions"] if s["state"] not in ("Disabled", "Deleted"))')
totals "-A: the total is '≥N' until the last page of the list" "$scanned"
n=$(jget "$TMP/r.json" 'd["scan"]["requests"]')
if grep -q "irscan 0\.[0-9.]*: .*, $n Resource Manager requests" "$TMP/tty.txt"; then
	ok "the summary line gives the same kind of count ($n)"
else
	not_ok "summary count" "$(grep -a '^irscan ' "$TMP/tty.txt" | head -3)"
fi

on_tty -m mg-root
scanned=$(jget "$TMP/r.json" 'sum(1 for s in d["subscriptions"] if s["state"] not in ("Disabled", "Deleted"))')
totals "-m: the total is '≥N' until the descendants and their reads are in" "$scanned"

on_tty -s c0000001-0000-4000-8000-000000000001,c0000002-0000-4000-8000-000000000002
if grep -q "$(printf '\342\211\245')" "$TMP/tty.txt"; then
	not_ok "-s: a '≥' total" "$(tr '\r' '\n' <"$TMP/tty.txt" | head -5)"
elif grep -q "/2 subscriptions, " "$TMP/tty.txt"; then
	ok "-s: the total is final from the start (/2)"
else
	not_ok "-s: no progress line" "$(head -c 300 "$TMP/tty.txt")"
fi
finish
