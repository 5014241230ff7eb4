#!/bin/sh
# Issue 14, item 5: with -A the subscription's name, state and tags come
# from the subscription list, so the findings built on them
# (subscription-criticality-tag) cite the page of that list which held the
# subscription, in every report, live and offline; with -s and -m they
# cite the subscription's own read.  Only findings that rest on an input
# file alone (attestations) have no request to cite.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
NOTAG=c0000021-0000-4000-8000-000000000021
start_server tenant

# cites FILE BUNDLE HOW: every subscription-criticality-tag finding of the
# JSON report FILE cites exactly the request that returned its subscription.
cites() {
	python3 - "$1" "$2" "$3" <<'PY' >"$TMP/cites.out" 2>&1 && ok "$3: every subscription-criticality-tag finding cites its subscription's read" || not_ok "$3: criticality-tag evidence" "$(cat "$TMP/cites.out")"
import json, os, sys
r = json.load(open(sys.argv[1]))
m = json.load(open(os.path.join(sys.argv[2], "manifest.json")))
how = sys.argv[3]
E = m["entries"]
fs = [f for f in r["findings"] if f["check"] == "subscription-criticality-tag"]
assert fs, "no criticality-tag finding"
for f in fs:
    ev = f["evidence"]
    assert len(ev) == 1, (f["subscription"], ev)
    e = ev[0]
    entry = E[e["entry"] - 1]
    assert entry["url"] == e["url"] and entry["file"] == e["file"], (entry, e)
    body = json.load(open(os.path.join(sys.argv[2], e["file"])))
    if how.startswith("-A"):
        assert e["url"].split("?")[0].endswith("/subscriptions"), e["url"]
        ids = [s["subscriptionId"] for s in body["value"]]
        assert f["subscription"] in ids, (f["subscription"], ids, e["url"])
    else:
        assert body["subscriptionId"] == f["subscription"], (body, f["subscription"])
    assert e["status"] == 200 and e["request_id"], e
PY
}

# --- -A: 61 subscriptions in pages of 3 ---
scan -A --evidence-dir "$TMP/ev" -o json:"$TMP/all.json" -o html:"$TMP/all.html" -o sarif:"$TMP/all.sarif"
expect_rc 1 "-A with an evidence bundle"
pages=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(1 for e in m["entries"] if e["url"].split("?")[0].endswith("/subscriptions")))' "$TMP/ev/manifest.json")
if [ "$pages" -gt 2 ]; then ok "the subscription list came in $pages pages"; else not_ok "the list is paged" "$pages"; fi
cites "$TMP/all.json" "$TMP/ev" "-A"
OUT=$TMP/all.json
# An attested check without an attestation says so (checks/attest_util.c).
expect_json '[f["check"] for f in d["findings"] if not f["evidence"] and not f["message"].startswith("no attestation covers")]' '[]' \
	"-A: only attestation findings are without evidence"
status subscription-criticality-tag "$NOTAG" fail "no criticality tag"
python3 - "$TMP/all.html" "$NOTAG" <<'PY' >"$TMP/html.out" 2>&1 && ok "HTML: the tag finding links to its list page, not 'an input file'" || not_ok "HTML evidence of the tag finding" "$(cat "$TMP/html.out")"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
rows = re.findall(r'<tr data-check="subscription-criticality-tag" data-sub="%s"[^>]*>(.*?)</tr>' % sys.argv[2], html, re.S)
assert rows, "the finding's row is not in the HTML"
for row in rows:
    assert "no request: an input file" not in row, row
    assert re.search(r'href="#ev-\d+"', row), row
PY

# --- offline: the same citations, from the bundle ---
scan --offline "$TMP/ev" -o json:"$TMP/off.json"
expect_rc 1 "offline evaluation of the bundle"
cites "$TMP/off.json" "$TMP/ev" "-A, offline"
python3 - "$TMP/all.json" "$TMP/off.json" <<'PY' >"$TMP/same.out" 2>&1 && ok "offline: the same evidence, finding for finding" || not_ok "offline evidence" "$(cat "$TMP/same.out")"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda d: [(f["check"], f["subscription"], f["resource"], [e["entry"] for e in f["evidence"]]) for f in d["findings"]]
assert key(a) == key(b), [x for x, y in zip(key(a), key(b)) if x != y][:3]
PY

# --- -s: the subscription's own GET ---
scan -s "$S1,$NOTAG" --evidence-dir "$TMP/ev-s" -o json:"$TMP/s.json"
expect_rc 1 "-s with an evidence bundle"
cites "$TMP/s.json" "$TMP/ev-s" "-s"

# --- -m: the descendants list names them, each one's GET is the evidence ---
scan -m mg-root --evidence-dir "$TMP/ev-m" -o json:"$TMP/m.json"
expect_rc 1 "-m with an evidence bundle"
cites "$TMP/m.json" "$TMP/ev-m" "-m"
finish
