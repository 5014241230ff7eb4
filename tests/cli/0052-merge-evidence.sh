#!/bin/sh
# irscan merge --evidence (issue 18): evidence bundles of shards of one
# scan or of different tenants into one merged bundle.  Each part is kept
# byte for byte with its own signature; `irscan verify` checks the whole
# (the merged manifest, every part against it, every part as a bundle,
# each signature by one of the --verify-key keys) and catches every kind
# of tampering; `--offline` replays the parts without a socket into the
# findings of one run over all their subscriptions; inputs that cannot
# make one report are refused (exit 2) naming them.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
S2=c0000002-0000-4000-8000-000000000002
S3=c0000003-0000-4000-8000-000000000003
S4=c0000004-0000-4000-8000-000000000004
S9=c0000009-0000-4000-8000-000000000009

for k in a b m; do
	openssl genpkey -algorithm ed25519 -out "$TMP/$k.key" 2>/dev/null
	openssl pkey -in "$TMP/$k.key" -pubout -out "$TMP/$k.pub" 2>/dev/null
done

# rehash DIR: manifest.json.sha256 after an edit (what a forger can do).
rehash() {
	(cd "$1" && sha256sum manifest.json >manifest.json.sha256)
}

# offline DIR OUT.json [ARGS...]: --offline with sockets intercepted.
offline() {
	d=$1 o=$2
	shift 2
	: >"$TMP/sockets.log"
	RC=0
	NOSOCKET_LOG=$TMP/sockets.log LD_PRELOAD=$NOSOCKET \
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
		"$IRSCAN" --offline "$d" -o "json:$o" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt" || RC=$?
	ERR=$TMP/err.txt
	sanitizer_clean
	if [ -s "$TMP/sockets.log" ]; then
		not_ok "--offline $(basename "$d") opened sockets" "$(sort "$TMP/sockets.log" | uniq -c)"
	fi
}

# same_findings MERGED.json RUN.json...: the merged offline report holds
# the findings, verdicts, subscriptions and errors of the runs together
# (evidence aside: its request ids and files are each run's own).
same_findings() {
	python3 - "$@" <<'PY'
import json, sys
def strip(f):
    return json.dumps({k: v for k, v in f.items() if k != "evidence"}, sort_keys=True)
def err(e):
    return json.dumps({k: v for k, v in e.items() if k != "request_id"}, sort_keys=True)
m = json.load(open(sys.argv[1]))
runs = [json.load(open(p)) for p in sys.argv[2:]]
want = sorted(strip(f) for r in runs for f in r["findings"])
got = sorted(strip(f) for f in m["findings"])
assert got == want, ("findings", len(got), len(want), set(got) ^ set(want))
assert sorted(err(e) for e in m["errors"]) == sorted(err(e) for r in runs for e in r["errors"]), "errors"
assert sorted(s["id"] for s in m["subscriptions"]) == sorted(s["id"] for r in runs for s in r["subscriptions"])
for k in m["summary"]:
    assert m["summary"][k] == sum(r["summary"][k] for r in runs), k
verdicts = {}
for r in runs:
    for c in r["controls"]:
        verdicts.setdefault(c["id"], {}).update(c["verdicts"])
for c in m["controls"]:
    assert c["verdicts"] == verdicts.get(c["id"], {}), c["id"]
PY
}

start_server tenant

# --- the parts: three "shards" by subscription list, two of them signed by
# --- different keys, one overlapping another on S2; and the unsharded run.
scan -q -s "$S1,$S2" --evidence-dir "$TMP/b1" --sign-key "$TMP/a.key"
expect_rc 1 "part 1 (S1, S2) signed by key A"
scan -q -s "$S3,$S9" --evidence-dir "$TMP/b2" --sign-key "$TMP/b.key"
expect_rc 1 "part 2 (S3, S9 with a 403) signed by key B"
scan -q -s "$S2,$S4" --evidence-dir "$TMP/b3"
expect_rc 1 "part 3 (S2 again, S4) unsigned"
scan -q -s "$S1,$S2,$S3,$S4,$S9" -o "json:$TMP/all.json"
expect_rc 1 "the unsharded run over all five"
# For the refusals: another framework, other parameters.
scan -q -s "$S4" --framework mcsb-v1 --evidence-dir "$TMP/bfw"
scan -q -s "$S4" --alert-max-age 30 --evidence-dir "$TMP/bage"
# For the shards: one subscription each, unsigned.
for i in 1 2 3; do
	eval s=\$S$i
	scan -q -s "$s" --evidence-dir "$TMP/sh$i"
done
# Real shards (--shard K/3 of -A): each part replays as its shard, whose
# Sentinel search read the other shards' workspace lists too; the whole
# is no shard and holds no other shard's subscription.
scan -q -A -o "json:$TMP/tenant-all.json"
for i in 1 2 3; do
	scan -q -A --shard "$i/3" --evidence-dir "$TMP/rs$i"
done
stop_server
run_irscan merge --evidence --evidence-dir "$TMP/rsm" "$TMP/rs1" "$TMP/rs2" "$TMP/rs3"
expect_rc 0 "merge the three --shard K/3 bundles of -A"
offline "$TMP/rsm" "$TMP/rsm.json"
expect_rc 1 "--offline of the merged shards exits as the unsharded run (1)"
if same_findings "$TMP/rsm.json" "$TMP/tenant-all.json" 2>"$TMP/py.err"; then
	ok "  ... with the unsharded run's findings, verdicts, subscriptions and errors"
else
	not_ok "merged shards differ from the unsharded run" "$(tail -3 "$TMP/py.err")"
fi
OUT=$TMP/rsm.json
expect_json 'd["scan"]["shard"]' None "  ... and its report is not one shard's"

# --- merge ---
M=$TMP/merged
run_irscan merge --evidence --evidence-dir "$M" "$TMP/b1" "$TMP/b2" "$TMP/b3" \
	--verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub" --sign-key "$TMP/m.key"
expect_rc 0 "merge three bundles, inputs checked with keys A and B, the merge signed with M"
expect_contains "$ERR" "merged 3 parts into" "merge says what it did"
ok=1
for i in 1 2 3; do
	diff -r "$TMP/b$i" "$M/part-0$i" >/dev/null || ok=0
done
[ $ok = 1 ] && [ -z "$(find "$M" -type l)" ] && ok "each part is its bundle byte for byte (its signature too), no symbolic link" ||
	not_ok "parts differ from their bundles"
python3 - "$M" "$TMP" <<'PY' && ok "merged manifest: format, each part's directory, hashes, tenant, framework, version, shard, subscriptions" || not_ok "merged manifest"
import hashlib, json, os, sys
d, t = sys.argv[1], sys.argv[2]
raw = open(os.path.join(d, "manifest.json"), "rb").read()
assert raw.startswith(b'{"format":"irscan-evidence-merged/1"')
m = json.loads(raw)
assert m["tool"]["name"] == "irscan" and m["partial"] is None
assert sorted(os.listdir(d)) == ["manifest.json", "manifest.json.sha256", "manifest.json.sig", "part-01", "part-02", "part-03"]
assert open(os.path.join(d, "manifest.json.sha256")).read().split()[0] == hashlib.sha256(raw).hexdigest()
subs = {1: ["c0000001", "c0000002"], 2: ["c0000003", "c0000009"], 3: ["c0000002", "c0000004"]}
for i, p in enumerate(m["parts"], 1):
    pd = os.path.join(d, p["directory"])
    assert p["directory"] == "part-%02d" % i
    assert p["manifest_sha256"] == hashlib.sha256(open(os.path.join(pd, "manifest.json"), "rb").read()).hexdigest()
    sig = os.path.join(pd, "manifest.json.sig")
    assert p["signature_sha256"] == (hashlib.sha256(open(sig, "rb").read()).hexdigest() if os.path.exists(sig) else None)
    assert p["tenant"] == "7e57a000-0000-4000-8000-00000000aaaa" and p["framework"] == "asb-ir-2019"
    assert p["tool_version"] and p["shard"] is None and p["started"] and p["finished"]
    assert [s[:8] for s in p["subscriptions"]] == subs[i], p["subscriptions"]
assert m["parts"][2]["signature_sha256"] is None
PY

# --- verify ---
run_irscan verify "$M" --verify-key "$TMP/m.pub" --verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub"
expect_rc 0 "verify: the merge and every part, each signature by one of the keys"
expect_contains "$OUT" "a merged bundle of 3 parts" "verify says it is a merged bundle"
run_irscan verify "$M"
expect_rc 1 "verify without a key: signatures present, not checked"
run_irscan verify "$M" --skip-signature
expect_rc 0 "verify --skip-signature: the hashes alone, by intent"
run_irscan verify "$M" --verify-key "$TMP/m.pub" --verify-key "$TMP/a.pub"
expect_rc 1 "verify without part 2's key"
expect_contains "$OUT" "part-02: signature:" "  ... names the part whose signature does not verify"
run_irscan verify "$M" --verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub"
expect_rc 1 "verify without the merge's key: its manifest, which lists the parts, is not proven"
run_irscan verify "$M" --verify-key "$TMP/nope.pub"
expect_rc 2 "verify with a key file that is not there"

# --- offline: no socket, the findings of the unsharded run ---
offline "$M" "$TMP/off.json" --verify-key "$TMP/m.pub" --verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub"
expect_rc 1 "offline over the merged bundle: the exit code of the unsharded run"
same_findings "$TMP/off.json" "$TMP/all.json" &&
	ok "offline: findings, verdicts, errors, subscriptions and summary of the unsharded run (S2, in two parts, once)" ||
	not_ok "offline findings differ from the unsharded run's"
python3 - "$TMP/off.json" "$M" <<'PY' && ok "offline: evidence files named from the merged bundle's top (part-NN/...), signatures valid, requests of every part" || not_ok "offline report header or evidence"
import json, os, sys
r, d = json.load(open(sys.argv[1])), sys.argv[2]
ev = [x for f in r["findings"] for x in f["evidence"] if x["file"]]
assert ev and all(x["file"].startswith("part-0") and os.path.isfile(os.path.join(d, x["file"])) for x in ev)
assert {x["file"][:7] for x in ev} == {"part-01", "part-02", "part-03"}
assert r["scan"]["offline"] is True and r["scan"]["bundle_signature"] == "valid"
assert r["scan"]["tenant"] == "7e57a000-0000-4000-8000-00000000aaaa"
parts = [json.load(open(os.path.join(d, "part-0%d" % i, "manifest.json"))) for i in (1, 2, 3)]
assert r["scan"]["requests"] == sum(len(p["entries"]) for p in parts)
PY
offline "$M" "$TMP/off2.json"
expect_rc 1 "offline without keys still evaluates"
expect_contains "$ERR" "signatures that were not checked" "  ... and warns that the signatures were not checked"

# --- tampering: each is caught by verify (exit 1) and refused by --offline (exit 2) ---
tamper() {	# tamper NAME SHELL-CODE (run in a copy of the merged bundle as $T)
	T=$TMP/t
	rm -rf "$T" && cp -r "$M" "$T"
	eval "$2"
	run_irscan verify "$T" --verify-key "$TMP/m.pub" --verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub"
	expect_rc 1 "verify catches: $1"
	[ -z "${3:-}" ] || expect_contains "$OUT" "$3" "  ... and says '$3'"
	offline "$T" "$TMP/t.json" --verify-key "$TMP/m.pub" --verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub"
	expect_rc 2 "--offline refuses: $1"
}
tamper "a response file of a part changed" \
	'printf x >>"$T/part-02/000002.json"' "part-02: changed: 000002.json"
tamper "an unsigned part's manifest edited and rehashed" \
	'sed -i "s/\"status\":200/\"status\":201/" "$T/part-03/manifest.json"; rehash "$T/part-03"' \
	"part-03: changed: manifest.json"
tamper "a part's signature removed" 'rm "$T/part-01/manifest.json.sig"' "part-01: missing: manifest.json.sig"
tamper "a signature added to an unsigned part" 'cp "$T/part-01/manifest.json.sig" "$T/part-03/"' \
	"part-03: extra: manifest.json.sig"
tamper "a part removed" 'rm -r "$T/part-02"' "part-02"
tamper "a part added" 'cp -r "$T/part-01" "$T/part-04"' "extra: part-04"
tamper "a part replaced by a symbolic link" 'rm -r "$T/part-03"; ln -s "$TMP/b3" "$T/part-03"' "part-03"
tamper "a file added in a part" 'echo {} >"$T/part-01/000099.json"' "part-01: extra:"
tamper "the merged manifest edited" 'sed -i "s/\"partial\":null/\"partial\":\"x\"/" "$T/manifest.json"' \
	"changed: manifest.json"
tamper "the merged manifest edited and rehashed (a part dropped from it)" \
	'python3 -c "
import json, sys; p = sys.argv[1] + \"/manifest.json\"; m = json.load(open(p))
m[\"parts\"] = m[\"parts\"][:2]; open(p, \"w\").write(json.dumps(m, separators=(\",\", \":\")))" "$T"
	rm -r "$T/part-03"; rehash "$T"' "signature:"
tamper "the merged manifest rehashed after a part's hash was changed" \
	'sed -i "s/\"manifest_sha256\":\"[0-9a-f]/&0/" "$T/manifest.json"; rehash "$T"'

# --- two tenants: an MSSP's scans, one of them of the whole tenant (-A) ---
start_server demo
(
	export AZURE_TENANT_ID=3c0a7f10-5d2e-4b8a-9c1e-6f4d2a8b0c11
	export AZURE_CLIENT_ID=de300000-0000-4000-8000-00000000c11e
	export AZURE_CLIENT_SECRET=demo-only~not-a-real-secret-42
	scan -q -A --evidence-dir "$TMP/demo" -o "json:$TMP/demo-run.json"
)
stop_server
[ -s "$TMP/demo-run.json" ] && [ -f "$TMP/demo/manifest.json" ] && ok "the other tenant scanned with -A, with a bundle" ||
	not_ok "the other tenant's scan"
run_irscan merge --evidence --evidence-dir "$TMP/mt" "$TMP/b1" "$TMP/demo" --skip-signature
expect_rc 2 "merge takes no --skip-signature (without keys signatures are carried unchecked)"
run_irscan merge --evidence --evidence-dir "$TMP/mt" "$TMP/b1" "$TMP/demo"
expect_rc 0 "merge two tenants' bundles (one of -s, one of -A)"
offline "$TMP/mt" "$TMP/mt.json" --skip-signature
RUN1=$TMP/b1.json
offline "$TMP/b1" "$RUN1" --skip-signature
same_findings "$TMP/mt.json" "$RUN1" "$TMP/demo-run.json" &&
	ok "two tenants: each part's subscriptions from its own list, the findings of both runs" ||
	not_ok "two tenants' merged findings"
OUT=$TMP/mt.json
expect_json 'len(d["subscriptions"])' "$(jget "$TMP/demo-run.json" 'len(d["subscriptions"]) + 2')" \
	"two tenants: every subscription of both"
expect_json 'd["scan"]["tenant"]' "None" "two tenants: the report names no one tenant"

# --- a merge of merges is flat ---
run_irscan merge --evidence --evidence-dir "$TMP/mm" "$M" "$TMP/demo" \
	--verify-key "$TMP/m.pub" --verify-key "$TMP/a.pub" --verify-key "$TMP/b.pub"
expect_rc 0 "merge a merged bundle with another bundle"
run_irscan verify "$TMP/mm" --skip-signature
expect_rc 0 "  ... verifies"
expect_contains "$OUT" "a merged bundle of 4 parts" "  ... its parts are the merged bundle's three and the other one"

# --- refusals (exit 2, one line naming the inputs) ---
refuse() {	# refuse NAME EXPECTED-TEXT ARGS...
	n=$1 want=$2
	shift 2
	rm -rf "$TMP/r"
	run_irscan merge --evidence --evidence-dir "$TMP/r" "$@"
	expect_rc 2 "refused: $n"
	expect_contains "$ERR" "$want" "  ... says '$want'"
	[ ! -e "$TMP/r" ] && ! ls "$TMP" | grep -q '^r\.tmp' && ok "  ... and leaves nothing behind" ||
		not_ok "$n: output left behind"
}
refuse "different frameworks" "is a scan of framework asb-ir-2019, '$TMP/bfw' of mcsb-v1" "$TMP/b3" "$TMP/bfw"
refuse "different parameters" "different parameters (alert_max_age_days)" "$TMP/b3" "$TMP/bage"
mkdir "$TMP/plain"
refuse "a directory that is not a bundle" "'$TMP/plain' is not an evidence bundle" "$TMP/b3" "$TMP/plain"
refuse "a file" "is not an evidence bundle (not a directory)" "$TMP/b3" "$TMP/all.json"
rm -rf "$TMP/bad" && cp -r "$TMP/b3" "$TMP/bad" && printf x >>"$TMP/bad/000003.json"
refuse "an input that does not verify" "'$TMP/bad' does not verify" "$TMP/b1" "$TMP/bad"
refuse "a part signed by a key not given" "'$TMP/b2' does not verify" "$TMP/b1" "$TMP/b2" \
	--verify-key "$TMP/a.pub"
# S2 in b1 and (a forged, rehashed) b3 with another answer.
rm -rf "$TMP/b3x" && cp -r "$TMP/b3" "$TMP/b3x"
python3 - "$TMP/b3x" "$S2" <<'PY'
import hashlib, json, os, sys
d, s2 = sys.argv[1:]
p = os.path.join(d, "manifest.json")
m = json.load(open(p))
e = [e for e in m["entries"] if ("/subscriptions/" + s2 + "/") in e["url"] and e["file"]][0]
body = open(os.path.join(d, e["file"]), "rb").read() + b" "
open(os.path.join(d, e["file"]), "wb").write(body)
e["sha256"] = hashlib.sha256(body).hexdigest()
raw = json.dumps(m).encode()
open(p, "wb").write(raw)
open(p + ".sha256", "w").write(hashlib.sha256(raw).hexdigest() + "  manifest.json\n")
PY
refuse "a subscription in two parts with different answers" \
	"subscription $S2 is in '$TMP/b1' and '$TMP/b3x' with different recorded answers" "$TMP/b1" "$TMP/b3x"
mkdir "$TMP/full" && echo x >"$TMP/full/f"
run_irscan merge --evidence --evidence-dir "$TMP/full" "$TMP/b3"
expect_rc 2 "refused: an output directory that is not empty"
expect_contains "$ERR" "is not empty" "  ... says so"
run_irscan merge --evidence --evidence-dir "$TMP/all.json" "$TMP/b3"
expect_rc 2 "refused: an output that is a file"
run_irscan merge --evidence --evidence-dir "$TMP/no/such/dir" "$TMP/b3"
expect_rc 2 "refused before anything is copied: an output whose directory does not exist"
mkdir "$TMP/empty"
run_irscan merge --evidence --evidence-dir "$TMP/empty/" "$TMP/b3"
expect_rc 0 "an empty output directory (given with a trailing slash) is filled"
run_irscan verify "$TMP/empty"
expect_rc 0 "  ... and verifies"

# --- shards: the shard object of --shard K/N (forged here into unsigned bundles) ---
shard() {	# shard DIR K N M m
	python3 - "$@" <<'PY'
import hashlib, json, os, sys
d, k, n, scope, mine = sys.argv[1], *map(int, sys.argv[2:])
p = os.path.join(d, "manifest.json")
m = json.load(open(p))
m["shard"] = {"index": k, "count": n, "scope_subscriptions": scope, "subscriptions": mine}
m["scan"]["scope"]["subscriptions"] = ["c0000001-0000-4000-8000-000000000001", "c0000002-0000-4000-8000-000000000002", "c0000003-0000-4000-8000-000000000003"]
raw = json.dumps(m).encode()
open(p, "wb").write(raw)
open(p + ".sha256", "w").write(hashlib.sha256(raw).hexdigest() + "  manifest.json\n")
PY
}
shard "$TMP/sh1" 1 3 3 1
shard "$TMP/sh2" 2 3 3 1
shard "$TMP/sh3" 3 3 3 1
run_irscan merge --evidence --evidence-dir "$TMP/ms" "$TMP/sh3" "$TMP/sh1" "$TMP/sh2"
expect_rc 0 "merge the three shards of one scan"
python3 -c '
import json, sys
m = json.load(open(sys.argv[1] + "/manifest.json"))
assert [p["shard"]["index"] for p in m["parts"]] == [3, 1, 2] and m["partial"] is None' "$TMP/ms" &&
	ok "the merged manifest records each part's shard object" || not_ok "shard objects in the merged manifest"
refuse "a missing shard" "shard 2/3 of the scan of tenant 7e57a000-0000-4000-8000-00000000aaaa is missing" \
	"$TMP/sh1" "$TMP/sh3"
refuse "a shard given twice" "are both shard 1/3 of one scan" "$TMP/sh1" "$TMP/sh1" "$TMP/sh2" "$TMP/sh3"
run_irscan merge --evidence --evidence-dir "$TMP/mp" "$TMP/sh1" "$TMP/sh3" --allow-partial
expect_rc 0 "--allow-partial merges without the missing shard"
expect_contains "$ERR" "partial: shard 2/3" "  ... and warns that the bundle is partial"
run_irscan verify "$TMP/mp"
expect_rc 0 "a partial merged bundle verifies"
expect_contains "$OUT" "partial: shard 2/3" "  ... and verify says it is partial"
offline "$TMP/mp" "$TMP/mp.json"
expect_rc 3 "--offline of a partial bundle exits 3 (there is a failing finding, but not the whole scope)"
OUT=$TMP/mp.json
expect_json 'd["scan"]["exit_reason"].startswith("the evidence is partial (shard 2/3")' True \
	"  ... and the report says it is partial"
shard "$TMP/sh2" 2 3 4 1
refuse "shards of one scan with different scope sizes" "different scope sizes" "$TMP/sh1" "$TMP/sh2" "$TMP/sh3"
shard "$TMP/sh1" 1 3 4 1
shard "$TMP/sh3" 3 3 4 1
refuse "shards that do not add up to their scope" "the scope changed between their runs" \
	"$TMP/sh1" "$TMP/sh2" "$TMP/sh3"

# --- usage ---
run_irscan merge --evidence "$TMP/b3"
expect_rc 2 "merge --evidence without --evidence-dir"
run_irscan merge --evidence --evidence-dir "$TMP/u"
expect_rc 2 "merge --evidence without inputs"
run_irscan merge --evidence --evidence-dir "$TMP/u" "$TMP/b3" -s "$S1"
expect_rc 2 "merge --evidence with a scan option"
run_irscan --evidence --offline "$TMP/b3"
expect_rc 2 "--evidence outside merge"
run_irscan --allow-partial --offline "$TMP/b3"
expect_rc 2 "--allow-partial outside merge"
run_irscan --baseline "$M" --offline "$TMP/b3"
expect_rc 2 "--baseline of a merged bundle is refused clearly"
expect_contains "$ERR" "is a merged evidence bundle" "  ... says so"

finish
