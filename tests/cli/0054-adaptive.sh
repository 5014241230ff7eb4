#!/bin/sh
# Adaptive concurrency against Azure's read limits (fake server with
# --rate-limit: a bucket per subscription and principal, 429 + Retry-After
# when empty).  Limits not exceeded by design: no 429 at all, and the
# default goes past 16 in flight; --concurrency is a hard cap; limits
# exceeded: the same findings as without limits, a bounded number of 429s
# per subscription, each Retry-After waited out; over HTTP/2 the requests
# in flight share one connection.
. "$(dirname "$0")/lib.sh"

# A tenant of N subscriptions whose pricings, alerts and automations are
# served one item a page: some 27 reads per subscription, more than a
# bucket of 20 holds.
N=40
python3 "$ROOT/fixtures/scenarios/generate.py" "$TMP/gen" --bench $N
cp -r "$TMP/gen/bench" "$TMP/plain"	# one page a list: 6 reads a subscription
python3 - "$TMP/gen/bench/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["resources"]:
    if r["path"].rsplit("/", 1)[-1] in ("pricings", "alerts", "automations"):
        r["page_size"] = 1
json.dump(s, open(sys.argv[1], "w"))
PY
SCEN=$TMP/gen/bench
export AZURE_TENANT_ID=be7c4000-0000-4000-8000-00000000aaaa
export AZURE_CLIENT_ID=be7c411e-0000-4000-8000-000000000001
export AZURE_CLIENT_SECRET='bench~Secret.Value-0123456789'

# In flight at most, from the server's view: overlapping [ts, sent_ts].
inflight='(lambda ev: max(__import__("itertools").accumulate(d for _, d in sorted(ev))))([(x["ts"], 1) for x in L if x["auth"]] + [(x["sent_ts"], -1) for x in L if x["auth"]])'

# same_findings A.json B.json: prints "same", or how they differ.
same_findings() {
	python3 - "$1" "$2" <<'EOF' 2>&1 || true
import json, sys
def key(path):
    d = json.load(open(path))
    return sorted((f["subscription"], f["check"], f["resource"], f["status"], f["message"]) for f in d["findings"])
a, b = key(sys.argv[1]), key(sys.argv[2])
print("same" if a == b and a else "differ: %d vs %d findings, first: %s" % (len(a), len(b), [x for x in zip(a, b) if x[0] != x[1]][:2]))
EOF
}

# throttling_bounded MAX: every 429 in the log was waited out (no request
# of its subscription reached the server between the 429 and Retry-After,
# 1 s at these refill rates), and no subscription got more than MAX.
throttling_bounded() {
	python3 - "$LOG" "$1" <<'PY'
import json, sys, collections
L = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
arm = [x for x in L if x["auth"]]
def scope(x):
    p = x["path"].split("/")
    return p[2].lower() if len(p) > 2 and p[1].lower() == "subscriptions" else "tenant"
per = collections.Counter(scope(x) for x in arm if x["status"] == 429)
early = []
for x in arm:
    if x["status"] != 429:
        continue
    # Requests sent before irscan read this answer may still arrive; 20 ms
    # of slack covers the server's own scheduling.
    nxt = [y["ts"] for y in arm if scope(y) == scope(x) and y["ts"] > x["sent_ts"] + 0.02]
    if nxt and min(nxt) < x["sent_ts"] + 0.95:
        early.append((scope(x), round(min(nxt) - x["sent_ts"], 3)))
print("# %d 429s in %d scopes, most in one scope %d; requests before Retry-After: %s"
      % (sum(per.values()), len(per), max(per.values() or [0]), early[:3]))

sys.exit(0 if not early and max(per.values() or [0]) <= int(sys.argv[2]) else 1)
PY
}

# --- the reference: no limits enforced ---
start_server "$SCEN" --latency-ms 20
scan -A -o "json:$TMP/ref.json"
expect_rc 0 "a scan of $N subscriptions without limits"
n=$(logq "$inflight")
if [ "$n" -gt 16 ] && [ "$n" -le 64 ]; then ok "the default goes past 16 in flight on a large scope (saw $n, cap 64)"
else not_ok "default in flight past 16" "$n"; fi
OUT=$TMP/ref.json
expect_json 'd["scan"]["concurrency_limit_max"] > 16 and d["scan"]["concurrency_limit"] <= 64 and d["scan"]["parameters"]["concurrency"]' 64 \
	"the report says the bound grew past 16 and the cap is 64"
stop_server

# --- Azure's limits, not exceeded by design (≤ 250 reads a subscription) ---
start_server "$SCEN" --latency-ms 20 --rate-limit azure
scan -A -o "json:$TMP/azure.json"
expect_rc 0 "the same scan under Azure's limits (250 reads, 25/s)"
n=$(logq 'len([x for x in L if x["status"] == 429])')
if [ "$n" = 0 ]; then ok "not one 429 at the default concurrency"; else not_ok "429s under Azure's limits" "$n"; fi
OUT=$TMP/azure.json
expect_json '[d["scan"]["throttled_requests"], d["scan"]["throttled_scopes"], d["scan"]["retries"]]' '[0, 0, 0]' \
	"the report: no 429, no retry"
same_findings "$TMP/ref.json" "$TMP/azure.json" >"$TMP/cmp.out"
check "the same findings as without limits" grep -qx same "$TMP/cmp.out"

# --- --concurrency 16 is a hard cap ---
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -A --concurrency 16 -o "json:$TMP/c16.json"
n=$(logq "$inflight")
if [ "$n" -ge 8 ] && [ "$n" -le 16 ]; then ok "--concurrency 16 never has more than 16 in flight (saw $n)"
else not_ok "--concurrency 16" "$n in flight"; fi
OUT=$TMP/c16.json
expect_json 'd["scan"]["max_in_flight"] <= 16 and d["scan"]["concurrency_limit_max"] == 16' True \
	"... and the report's bound stayed at 16"
stop_server

# --- a small bucket (20 reads, 5/s) that every subscription outgrows ---
start_server "$SCEN" --latency-ms 20 --rate-limit 20:5
scan -A -o "json:$TMP/small.json"
expect_rc 0 "a scan whose subscriptions each need more reads than their bucket"
same_findings "$TMP/ref.json" "$TMP/small.json" >"$TMP/cmp.out"
check "the same findings as without limits" grep -qx same "$TMP/cmp.out"
throttling_bounded 2 >"$TMP/bounded.out" && ok "at most 2 429s per subscription, each Retry-After waited out $(cut -c3- "$TMP/bounded.out")" \
	|| not_ok "429s bounded and honoured" "$(cat "$TMP/bounded.out")"
OUT=$TMP/small.json
n=$(logq 'len([x for x in L if x["status"] == 429])')
expect_json 'd["scan"]["throttled_requests"]' "$n" "the report counts the 429s the server sent ($n)"
stop_server

# --- a bucket smaller than a subscription's first burst (3 reads, 2/s) ---
start_server "$TMP/plain" --latency-ms 20 --rate-limit 3:2
scan -A -o "json:$TMP/tiny.json"
cp "$ERR" "$TMP/tiny.txt"	# the console summary
expect_rc 0 "a bucket of 3: the scan still completes"
same_findings "$TMP/ref.json" "$TMP/tiny.json" >"$TMP/cmp.out"
check "the same findings as without limits" grep -qx same "$TMP/cmp.out"
throttling_bounded 2 >"$TMP/bounded.out" && ok "at most 2 429s per subscription, each Retry-After waited out $(cut -c3- "$TMP/bounded.out")" \
	|| not_ok "429s bounded and honoured" "$(cat "$TMP/bounded.out")"
OUT=$TMP/tiny.json
scopes=$(logq 'len({x["path"].split("/")[2].lower() for x in L if x["status"] == 429})')
expect_json '[d["scan"]["throttled_scopes"], d["scan"]["throttled_requests"] > 0]' \
	"[$scopes, true]" "the report names how many subscriptions were throttled ($scopes)"
expect_contains "$TMP/tiny.txt" "answers 429 (in $scopes scope" "the console says so too"
stop_server

# --- HTTP/2: the default's requests in flight share one connection ---
if ! command -v nghttpx >/dev/null 2>&1; then
	not_ok "nghttpx (Debian package nghttp2-proxy) is installed" "run make deps"
	finish
fi
make_test_ca
start_server "$SCEN" --latency-ms 20 --rate-limit azure
H2_PID=
trap 'kill $H2_PID 2>/dev/null || true; cleanup' EXIT
H2_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nghttpx --conf=/dev/null --frontend="127.0.0.1,$H2_PORT" --backend="127.0.0.1,${BASE##*:}" \
	--workers=1 --no-ocsp --no-via --errorlog-file="$TMP/h2.err" --accesslog-file="$TMP/h2.log" \
	--accesslog-format='$alpn $remote_port $status' \
	"$TMP/ca/server.key" "$TMP/ca/server.pem" 2>>"$TMP/h2.err" &
H2_PID=$!
i=0
until curl -sk --http2 -o /dev/null "https://127.0.0.1:$H2_PORT/" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 100 ] || { not_ok "nghttpx started" "$(tail -5 "$TMP/h2.err")"; finish; }
	sleep 0.05
done
: >"$TMP/h2.log"
curl -s -X POST "$BASE/_fake/reset" >/dev/null
BASE=https://127.0.0.1:$H2_PORT
scan -A --ca-bundle "$CA_PEM" -o "json:$TMP/h2.json"
sleep 0.3	# nghttpx writes its log line when the stream closes
n=$(logq "$inflight")
conns=$(awk '{ print $2 }' "$TMP/h2.log" | sort -u | wc -l)
reqs=$(wc -l <"$TMP/h2.log")
if [ "$n" -gt 16 ] && [ "$conns" -le 2 ] && ! grep -qv '^h2 ' "$TMP/h2.log"; then
	ok "over HTTP/2: $n in flight, $reqs requests on $conns connection(s)"
else
	not_ok "HTTP/2 multiplexing at the default" "$n in flight, $reqs requests, $conns connections"
fi
same_findings "$TMP/ref.json" "$TMP/h2.json" >"$TMP/cmp.out"
check "... and the same findings" grep -qx same "$TMP/cmp.out"
finish
