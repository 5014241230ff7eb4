#!/bin/sh
# Scope and throttling at scale: a management group with nested groups,
# a 429 storm on one subscription that does not stall the others, pacing
# on a low read quota, --max-rate, and the progress line on a terminal.
. "$(dirname "$0")/lib.sh"

id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
start_server tenant

# --- management group: descendants across pages, nested groups ---
scan -m mg-root -o json:-
expect_rc 1 "management group scan"
pages=$(logq 'len([x for x in L if x["path"].endswith("/descendants")])')
if [ "$pages" -ge 3 ]; then ok "descendants read over $pages pages"; else not_ok "descendant pages" "$pages"; fi
expect_json 'sorted((s["id"], s["scanned"]) for s in d["subscriptions"])' \
	"[[\"$(id 1)\", true], [\"$(id 2)\", true], [\"$(id 13)\", false], [\"$(id 32)\", true], [\"$(id 33)\", true]]" \
	"every subscription of the tree, nested groups included; the disabled one skipped"
expect_json '[(s["name"], s["state"]) for s in d["subscriptions"] if not s["scanned"]]' '[["Disabled Sub", "Disabled"]]' "skipped with its state"
n=$(logq 'len([x for x in L if "'$(id 13)'/providers" in x["path"]])')
if [ "$n" = 0 ]; then ok "nothing read from the disabled subscription"; else not_ok "disabled subscription read" "$n"; fi
scan -m no-such-group -o json:-
expect_rc 3 "unknown management group"
expect_contains "$ERR" "cannot list subscriptions: HTTP 404" "one clear line"

# --- a 429 storm on one subscription holds back only that subscription ---
curl -s -X POST "$BASE/_fake/reset" >/dev/null
STORM=$(id 1)
curl -s -X POST -d '[{"path_prefix": "/subscriptions/'$STORM'/", "status": 429, "headers": {"Retry-After": "2"}, "times": 3}]' "$BASE/_fake/faults" >/dev/null
OTHERS="$(id 2),$(id 3),$(id 4),$(id 5),$(id 6),$(id 32),$(id 33),$(id 34)"
scan -s "$STORM,$OTHERS" --concurrency 8 -o json:-
expect_rc 1 "scan through a 429 storm"
expect_json '[f["status"] for f in d["findings"] if f["subscription"] == "'$STORM'" and f["status"] == "error"]' '[]' \
	"the throttled subscription completes without errors"
python3 - "$LOG" "$STORM" <<'PY' && ok "others finished before the storm ended; the storm's scope waited Retry-After" || not_ok "429 storm"
import json, sys
L = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
storm = sys.argv[2]
arm = [x for x in L if x["auth"]]
t0 = min(x["ts"] for x in arm)
first429 = min(x["ts"] for x in arm if x["status"] == 429)
others_done = max(x["sent_ts"] for x in arm if storm not in x["path"])
storm_after = [x["ts"] for x in arm if storm in x["path"] and x["ts"] > first429 + 0.05]
ok = others_done - t0 < 1.5 and storm_after and min(storm_after) >= first429 + 1.95
print("# others done after %.2f s; storm resumed %.2f s after its first 429" % (others_done - t0, (min(storm_after) - first429) if storm_after else -1))
sys.exit(0 if ok else 1)
PY
expect_json 'd["scan"]["retries"] >= 3 and d["scan"]["retry_wait_ms"] + d["scan"]["throttle_wait_ms"] >= 2000' True "the report says what was waited"

# --- a subscription low on reads is paced ---
mkdir -p "$TMP/low"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/low/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["faults"] = []
s["rate_limit"] = {"bucket": 12, "refill_per_s": 5, "enforce": False}
json.dump(s, open(sys.argv[2], "w"))
PY
stop_server
start_server "$TMP/low"
scan -s "$(id 1)" --concurrency 1 -o json:-
python3 - "$LOG" "$(id 1)" <<'PY' && ok "requests of a subscription low on reads are spaced out" || not_ok "pacing"
import json, sys
L = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
ts = [x["ts"] for x in L if x["auth"] and sys.argv[2] in x["path"]]
gaps = [b - a for a, b in zip(ts[1:], ts[2:])]
print("# gaps: " + ", ".join("%.0f ms" % (g * 1000) for g in gaps))
sys.exit(0 if gaps and min(gaps) >= 0.12 else 1)
PY
stop_server
start_server tenant

# --- --max-rate ---
scan -s "$(id 1),$(id 2),$(id 3),$(id 4)" --max-rate 10 -o json:-
python3 - "$LOG" <<'PY' && ok "--max-rate 10: never more than a burst of 10 plus 10 a second" || not_ok "max rate"
import json, sys
ts = sorted(x["ts"] for x in (json.loads(l) for l in open(sys.argv[1]) if l.strip()) if x["auth"])
worst = max((sum(1 for u in ts if t <= u < t + 1.0) for t in ts), default=0)
print("# %d requests, at most %d in one second" % (len(ts), worst))
sys.exit(0 if len(ts) >= 25 and worst <= 20 else 1)
PY

# --- progress: a line on a terminal, nothing otherwise ---
scan -s "$(id 1),$(id 2)" -o json:"$TMP/p.json"
if grep -q "$(printf '\r')" "$ERR"; then not_ok "progress written to a non-terminal"; else ok "no progress line when stderr is not a terminal"; fi
AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
	script -qec "$IRSCAN -s $(id 1),$(id 2) --arm-endpoint $BASE --authority-host $BASE --max-rate 5 -o json:$TMP/p.json" /dev/null \
	>"$TMP/tty.txt" 2>&1 || true
if grep -q "subscriptions, [0-9]* Resource Manager requests" "$TMP/tty.txt" && grep -q "findings:" "$TMP/tty.txt"; then
	ok "progress line on a terminal, then the summary"
else
	not_ok "progress on a terminal" "$(head -c 500 "$TMP/tty.txt")"
fi
AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
	script -qec "$IRSCAN -q -s $(id 1) --arm-endpoint $BASE --authority-host $BASE --max-rate 5 -o json:$TMP/p.json" /dev/null \
	>"$TMP/tty.txt" 2>&1 || true
if [ -s "$TMP/tty.txt" ]; then not_ok "-q printed something" "$(cat -v "$TMP/tty.txt" | head -c 300)"; else ok "-q: no progress line"; fi
# --- subscriptions are evaluated as their data completes, in any order:
# the findings (and their order) must not depend on which answer came first.
stop_server
start_server tenant --latency-ms 5
scan -A --concurrency 1 -o "json:$TMP/c1.json"
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -A --concurrency 64 -o "json:$TMP/c64.json"
if python3 - "$TMP/c1.json" "$TMP/c64.json" <<'PY'
import json, sys
def load(p):
    d = json.load(open(p))
    return [json.dumps({k: v for k, v in f.items() if k != "evidence"}, sort_keys=True)
            for f in d["findings"]]
a, b = load(sys.argv[1]), load(sys.argv[2])
for x, y in zip(a, b):
    if x != y:
        print("# first difference:\n# %s\n# %s" % (x[:400], y[:400]))
        break
sys.exit(0 if a == b and len(a) > 100 else 1)
PY
then ok "same findings in the same order at --concurrency 1 and 64"; else not_ok "findings depend on answer order"; fi
finish
