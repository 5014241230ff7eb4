#!/bin/sh
# --shard K/N and --shards N (issue 18): the usage errors, refused before
# any request; shards 1..N (N = 3 and 4) of the whole tenant, each run
# alone, whose findings together are exactly the unsharded run's, no
# subscription in two shards, the scope's size in each; --shards N with
# JOB_COMPLETION_INDEX 0..N-1 as --shard 1/N..N/N; the request log: a
# shard reads none of another shard's subscriptions' own data (only the
# Sentinel search's workspace lists, which span the scope); -s and -m
# scopes; a shard with no subscription of its own (exit 0, a valid empty
# report); the manifest's "shard", and the bundle offline as that shard.
. "$(dirname "$0")/lib.sh"

# The contract's partition, computed apart from irscan: SHA-256 of the
# lower-case id, its first 8 bytes big-endian, mod N, plus 1.
shard_of() {
	python3 -c 'import hashlib, sys
h = hashlib.sha256(sys.argv[1].lower().encode()).digest()
print(int.from_bytes(h[:8], "big") % int(sys.argv[2]) + 1)' "$1" "$2"
}

reset() { curl -s -X POST "$BASE/_fake/reset" >/dev/null; }

start_server tenant

# --- usage errors: exit 2, one line, no request sent ---
bad() {
	reset
	scan -A "$@" -o json:-
	lines=$(wc -l <"$ERR")
	sent=$(logq 'len(L)')
	if [ "$RC" = 2 ] && [ "$lines" = 1 ] && [ "$sent" = 0 ]; then
		ok "refused before any request: $* ($(cut -c1-90 "$ERR"))"
	else
		not_ok "$*: exit $RC, $lines lines, $sent requests" "$(cat "$ERR")"
	fi
}
for v in 0/4 5/4 a/b 1/0 1/1001 /4 1/ 4 +1/4 "1 /4" 2/4x; do
	bad --shard "$v"
done
expect_contains "$ERR" "--shard: '2/4x' is not K/N" "the message names the value"
bad --shards 1001
bad --shards 0
bad --shards 4				# no JOB_COMPLETION_INDEX
expect_contains "$ERR" "JOB_COMPLETION_INDEX is not set" "says what is missing"
for idx in 4 -1 x 1.0 "" " 1"; do
	JOB_COMPLETION_INDEX=$idx
	export JOB_COMPLETION_INDEX
	bad --shards 4
done
expect_contains "$ERR" "is not a whole number from 0 to 3" "JOB_COMPLETION_INDEX out of range"
JOB_COMPLETION_INDEX=1
export JOB_COMPLETION_INDEX
bad --shard 2/4 --shards 4
expect_contains "$ERR" "--shard and --shards exclude each other" "both given"
unset JOB_COMPLETION_INDEX
run_irscan --offline "$TMP" --shard 1/2
expect_rc 2 "--offline takes the shard from the bundle"
expect_contains "$ERR" "drop --shard" "says so"
run_irscan diff a.json b.json --shard 1/2
expect_rc 2 "irscan diff has no shard"

# --- the whole tenant, unsharded, then in shards ---
reset
scan -A -q -o "json:$TMP/all.json"
expect_rc 1 "unsharded scan of the tenant"
OUT=$TMP/all.json
expect_json 'd["scan"]["shard"]' None "unsharded: scan.shard is null"
for n in 3 4; do
	for k in $(seq 1 $n); do
		reset
		scan -A -q --shard "$k/$n" -o "json:$TMP/s$k-$n.json"
		cp "$LOG" "$TMP/log$k-$n.jsonl"
		case $RC in 0|1) ok "shard $k/$n alone (exit $RC)" ;;
		*) not_ok "shard $k/$n: exit $RC" "$(cat "$ERR")" ;; esac
	done
done

# Findings compared on what a person reads: check, subscription,
# resource, status, message; sorted.
python3 - "$TMP" <<'PY' && ok "shards 1..N (N = 3, 4) together: exactly the unsharded findings, subscriptions and scope" || not_ok "union of the shards"
import hashlib, json, sys
t = sys.argv[1]
def load(name):
    return json.load(open("%s/%s.json" % (t, name)))
def key(d):
    return sorted((f["check"], f["subscription"], f.get("resource") or "", f["status"],
                   f["message"]) for f in d["findings"])
def shard(i, n):
    return int.from_bytes(hashlib.sha256(i.lower().encode()).digest()[:8], "big") % n + 1
a = load("all")
subs = sorted(s["id"] for s in a["subscriptions"])
bad = []
for n in (3, 4):
    union, seen = [], []
    for k in range(1, n + 1):
        d = load("s%d-%d" % (k, n))
        mine = [s["id"] for s in d["subscriptions"]]
        want = {"index": k, "count": n, "scope_subscriptions": len(subs), "subscriptions": len(mine)}
        if d["scan"]["shard"] != want:
            bad.append("N=%d K=%d: scan.shard %r" % (n, k, d["scan"]["shard"]))
        if any(shard(i, n) != k for i in mine):
            bad.append("N=%d K=%d holds another shard's subscription" % (n, k))
        if any(f["subscription"] not in mine for f in d["findings"]):
            bad.append("N=%d K=%d: a finding of a subscription it does not list" % (n, k))
        union += key(d)
        seen += mine
        print("# N=%d shard %d: %d subscriptions, %d findings" % (n, k, len(mine), len(d["findings"])))
    if sorted(seen) != subs:
        bad.append("N=%d: subscriptions %d listed, %d distinct, %d unsharded"
                   % (n, len(seen), len(set(seen)), len(subs)))
    if sorted(union) != key(a):
        only = sorted(set(key(a)) ^ set(union))[:3]
        bad.append("N=%d: findings differ (%d vs %d), e.g. %r" % (n, len(union), len(a["findings"]), only))
    for s in ("pass", "fail", "error", "manual"):
        got = sum(load("s%d-%d" % (k, n))["summary"][s] for k in range(1, n + 1))
        if got != a["summary"][s]:
            bad.append("N=%d: summary %s %d vs %d" % (n, s, got, a["summary"][s]))
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
PY

# The request log of each shard: none of another shard's subscriptions'
# own reads (its subscription object, Defender, contacts, automations,
# alerts, settings...).  The Sentinel search spans the scope as the
# unsharded scan's does: it reads every subscription's workspace list,
# and the workspaces and automation targets are shared reads.
python3 - "$TMP" <<'PY' && ok "each shard read only its own subscriptions (the Sentinel search's workspace lists aside)" || not_ok "a shard read another shard's subscription"
import hashlib, json, re, sys
t = sys.argv[1]
def shard(i, n):
    return int.from_bytes(hashlib.sha256(i.lower().encode()).digest()[:8], "big") % n + 1
bad = []
for n in (3, 4):
    for k in range(1, n + 1):
        L = [json.loads(x) for x in open("%s/log%d-%d.jsonl" % (t, k, n)) if x.strip()]
        own, search, other = 0, 0, []
        for x in L:
            m = re.match(r"/subscriptions/([0-9a-fA-F-]{36})(/.*)?$", x["path"])
            if not m or "/resourcegroups/" in x["path"].lower():
                continue
            rest = m.group(2) or ""
            if shard(m.group(1), n) == k:
                own += 1
            elif rest.lower() == "/providers/microsoft.operationalinsights/workspaces":
                search += 1
            else:
                other.append(x["path"])
        print("# N=%d shard %d: %d reads of its subscriptions, %d workspace lists of others"
              % (n, k, own, search))
        if other or not own:
            bad.append("N=%d K=%d: %d reads of others, e.g. %s" % (n, k, len(other), other[:2]))
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
PY

# --- --shards N: the index from a Kubernetes Indexed Job ---
for i in 0 1 2 3; do
	reset
	JOB_COMPLETION_INDEX=$i scan -A -q --shards 4 -o "json:$TMP/j$i.json"
	k=$((i + 1))
	python3 - "$TMP/j$i.json" "$TMP/s$k-4.json" <<'PY' && ok "--shards 4 with JOB_COMPLETION_INDEX=$i is --shard $k/4" || not_ok "--shards 4, index $i"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
key = lambda d: sorted((f["check"], f["subscription"], f.get("resource") or "", f["status"], f["message"]) for f in d["findings"])
sys.exit(0 if key(a) == key(b) and a["scan"]["shard"] == b["scan"]["shard"] else 1)
PY
done

# --- -s and -m scopes ---
S1=c0000001-0000-4000-8000-000000000001
S2=c0000002-0000-4000-8000-000000000002
S3=c0000003-0000-4000-8000-000000000003
S20=c0000020-0000-4000-8000-000000000020
LIST="$S1,$S2,$S3,$S20"
reset
scan -s "$LIST" -q -o "json:$TMP/given.json"
for k in 1 2; do
	reset
	scan -s "$LIST" -q --shard "$k/2" -o "json:$TMP/given$k.json"
	cp "$LOG" "$TMP/glog$k.jsonl"
done
python3 - "$TMP" "$LIST" <<'PY' && ok "-s: the shards of a given list together are the whole list's scan; no GET of another shard's subscription" || not_ok "-s shards"
import hashlib, json, sys
t, given = sys.argv[1], sys.argv[2].split(",")
shard = lambda i: int.from_bytes(hashlib.sha256(i.encode()).digest()[:8], "big") % 2 + 1
key = lambda d: sorted((f["check"], f["subscription"], f.get("resource") or "", f["status"], f["message"]) for f in d["findings"])
a = json.load(open(t + "/given.json"))
u, ok = [], True
for k in (1, 2):
    d = json.load(open("%s/given%d.json" % (t, k)))
    u += key(d)
    mine = sorted(i for i in given if shard(i) == k)
    ok &= sorted(s["id"] for s in d["subscriptions"]) == mine
    ok &= d["scan"]["shard"] == {"index": k, "count": 2, "scope_subscriptions": 4, "subscriptions": len(mine)}
    L = [json.loads(x) for x in open("%s/glog%d.jsonl" % (t, k)) if x.strip()]
    ok &= not [x for x in L if x["path"] in ["/subscriptions/" + i for i in given if shard(i) != k]]
    print("# shard %d of 2: %s" % (k, mine))
sys.exit(0 if ok and sorted(u) == key(a) else 1)
PY

reset
scan -m mg-root -q -o "json:$TMP/mg.json"
for k in 1 2 3; do
	reset
	scan -m mg-root -q --shard "$k/3" -o "json:$TMP/mg$k.json"
done
python3 - "$TMP" <<'PY' && ok "-m: the shards of a management group together are its unsharded scan" || not_ok "-m shards"
import json, sys
t = sys.argv[1]
key = lambda d: sorted((f["check"], f["subscription"], f.get("resource") or "", f["status"], f["message"]) for f in d["findings"])
a = json.load(open(t + "/mg.json"))
ds = [json.load(open("%s/mg%d.json" % (t, k))) for k in (1, 2, 3)]
subs = sorted(s["id"] for d in ds for s in d["subscriptions"])
ok = subs == sorted(s["id"] for s in a["subscriptions"])
ok &= all(d["scan"]["shard"]["scope_subscriptions"] == len(a["subscriptions"]) for d in ds)
ok &= sorted(sum((key(d) for d in ds), [])) == key(a)
sys.exit(0 if ok else 1)
PY

# --- a shard with no subscription of its own: a valid empty report, exit 0 ---
other=$(( $(shard_of "$S1" 2) % 2 + 1 ))
reset
scan -s "$S1" --shard "$other/2" -o "json:$TMP/empty.json" -o "html:$TMP/empty.html" \
	-o "markdown:$TMP/empty.md" -o "sarif:$TMP/empty.sarif" -o "junit:$TMP/empty.xml"
expect_rc 0 "shard $other/2 of a one-subscription scope holds nothing: not an error"
OUT=$TMP/empty.json
expect_json 'd["scan"]["shard"]' "{\"index\": $other, \"count\": 2, \"scope_subscriptions\": 1, \"subscriptions\": 0}" "scan.shard says 0 of 1"
expect_json '(d["findings"], d["subscriptions"], d["scan"]["exit_code"])' '([], [], 0)' "no findings, no subscriptions"
expect_contains "$ERR" "shard $other of 2: 0 of 1 subscription" "the console names the shard"
if grep -q "no subscription could be scanned" "$ERR"; then not_ok "an empty shard is not an error" "$(cat "$ERR")"; else ok "no error line"; fi
expect_contains "$TMP/empty.html" "shard $other of 2: 0 of 1 subscription" "the HTML header names the shard"
expect_contains "$TMP/empty.md" "shard $other of 2: 0 of 1 subscription" "the Markdown summary names the shard"
expect_contains "$TMP/empty.sarif" '"shard"' "SARIF run properties carry the shard"
n=$(logq 'len([x for x in L if x["path"].startswith("/subscriptions/")])')
if [ "$n" = 0 ]; then ok "the empty shard sent no subscription read"; else not_ok "empty shard reads" "$n"; fi
# A scope that is empty as a whole stays exit 3, sharded or not.
reset
curl -s -X POST -d '[{"path": "/subscriptions", "kind": "wrongtype", "body": {"value": []}}]' "$BASE/_fake/faults" >/dev/null
scan -A --shard 1/2 -o json:-
expect_rc 3 "an empty scope is an error for every shard too"

# --- evidence: the manifest's "shard", the bundle offline as that shard ---
reset
mine=$(shard_of "$S2" 2)
scan -s "$S1,$S2,$S3,$S20" --shard "$mine/2" -q --evidence-dir "$TMP/ev" -o "json:$TMP/ev.json" \
	-o "junit:$TMP/ev.xml"
python3 - "$TMP/ev/manifest.json" "$TMP/ev.json" <<'PY' && ok "the manifest's \"shard\" is the report's scan.shard" || not_ok "manifest shard"
import json, sys
m, r = (json.load(open(p)) for p in sys.argv[1:])
print("# %s" % json.dumps(m["shard"]))
sys.exit(0 if m["shard"] == r["scan"]["shard"] and m["shard"]["count"] == 2 else 1)
PY
expect_contains "$TMP/ev.xml" "<property name=\"shard\" value=\"$mine/2\"/>" "JUnit suites carry the shard"
check "a shard's SARIF is valid against the SARIF 2.1.0 schema" \
	/usr/bin/jsonschema -i "$TMP/empty.sarif" "$ROOT/tests/schemas/sarif-schema-2.1.0.json"
check "a shard's JUnit is valid under the Jenkins xunit junit-10 XSD" \
	xmllint --noout --schema "$ROOT/tests/schemas/jenkinsci-xunit-plugin_junit-10.xsd" "$TMP/ev.xml"
run_irscan verify "$TMP/ev"
expect_rc 0 "the shard's bundle verifies"
run_irscan --offline "$TMP/ev" -q -o "json:$TMP/off.json"
python3 - "$TMP/off.json" "$TMP/ev.json" <<'PY' && ok "offline, the bundle is evaluated as its shard: the same findings and scan.shard" || not_ok "offline shard"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
key = lambda d: sorted((f["check"], f["subscription"], f.get("resource") or "", f["status"], f["message"]) for f in d["findings"])
sys.exit(0 if key(a) == key(b) and a["scan"]["shard"] == b["scan"]["shard"] else 1)
PY
# A manifest whose "shard" is malformed is refused, not guessed at.
cp -r "$TMP/ev" "$TMP/ev-bad"
python3 - "$TMP/ev-bad/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["shard"]["index"] = m["shard"]["count"] + 1
json.dump(m, open(sys.argv[1], "w"))
PY
run_irscan --offline "$TMP/ev-bad" --skip-signature -q -o json:-
expect_rc 2 "a manifest with shard index > count"
expect_contains "$ERR" "'shard' is malformed" "says which field"
finish
