#!/bin/sh
# Issue 17 item 2: `irscan diff OLD NEW` of two evidence bundles and of
# two JSON reports.  One subscription of the fake tenant is scanned once,
# then again after one setting was changed through fakearm's
# /_fake/resource or /_fake/subscription route (one case per kind of
# setting); the diff names the verdict change and the setting in words,
# with both scans' request ids, in the text, -o json: (parsed) and
# -o html: (escaped, a hostile value from Azure in a changed setting).
# Exit codes: 0 for identical scans, 1 when something got worse, 0 when
# things only got better or only a setting changed with the verdict held,
# 2 for usage errors.
. "$(dirname "$0")/lib.sh"

S=c0000001-0000-4000-8000-000000000001
P=/subscriptions/$S/providers/Microsoft.Security
HOSTILE='<script>alert(1)</script>&"x'"'"'y'
start_server tenant

# change PATH API-VERSION PYTHON: serve the scenario's body for PATH after
# running PYTHON on it (as `body`).
change() {
	python3 - "$BASE" "$SCENARIOS/tenant" "$@" <<'PY' >"$TMP/change.out" 2>&1 || not_ok "change $2" "$(cat "$TMP/change.out")"
import json, os, sys, urllib.request
base, scen, path, version, code = sys.argv[1:6]
d = json.load(open(os.path.join(scen, "scenario.json")))
body = [r for r in d["resources"] if r["path"].lower() == path.lower()][0]["api_versions"][version]
if isinstance(body, str):
    body = json.load(open(os.path.join(scen, body)))
exec(code)
req = urllib.request.Request(base + "/_fake/resource", method="POST",
                             data=json.dumps({"path": path, "api_version": version, "body": body}).encode())
assert json.load(urllib.request.urlopen(req)) == {"replaced": True}
PY
}

reset() {
	python3 -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_fake/reset", method="POST"))' "$BASE"
}

# snap NAME: scan S into $TMP/NAME (bundle) and $TMP/NAME.json (report).
snap() {
	scan -s "$S" -q --evidence-dir "$TMP/$1" -o "json:$TMP/$1.json"
	[ "$RC" -le 1 ] || not_ok "scan $1: exit $RC" "$(cat "$ERR")"
}

# diffs NAME: irscan diff of base and NAME, bundles then reports; leaves
# the bundles' text, JSON and HTML in $TMP/NAME.{txt,diff.json,html}.
diffs() {
	run_irscan diff --no-color "$TMP/base" "$TMP/$1" -o "json:$TMP/$1.diff.json" -o "html:$TMP/$1.html"
	cp "$OUT" "$TMP/$1.txt"
	BUNDLE_RC=$RC
	run_irscan diff --no-color "$TMP/base.json" "$TMP/$1.json" -o "json:$TMP/$1.rdiff.json"
	cp "$OUT" "$TMP/$1.rtxt"
	REPORT_RC=$RC
}

# expect CASE CHECK VERDICT SETTING RC [AS-TEXT]: the diff of CASE lists
# CHECK with VERDICT ("pass → fail") and SETTING in its JSON, its HTML
# (escaped) and its text (AS-TEXT: as the terminal is shown it, control
# characters escaped), with the request ids of both scans' findings; both
# diffs exit RC.
expect() {
	[ "$BUNDLE_RC" = "$5" ] && ok "$1: bundles: exit $5" || not_ok "$1: bundles: exit $BUNDLE_RC, expected $5" "$(cat "$TMP/$1.txt")"
	[ "$REPORT_RC" = "$5" ] && ok "$1: reports: exit $5" || not_ok "$1: reports: exit $REPORT_RC, expected $5" "$(cat "$TMP/$1.rtxt")"
	expect_contains "$TMP/$1.txt" "$2" "$1: the text names $2"
	expect_contains "$TMP/$1.txt" "$3" "$1: ... its verdict '$3'"
	expect_contains "$TMP/$1.txt" "${6:-$4}" "$1: ... and '${6:-$4}'"
	python3 - "$TMP" "$1" "$2" "$3" "$4" "$5" <<'PY' >"$TMP/expect.out" 2>&1 && ok "$1: JSON of the bundles' and of the reports' diff: the change, the setting, both request ids" || not_ok "$1: JSON" "$(cat "$TMP/expect.out")"
import json, os, sys
tmp, case, check, verdict, setting, rc = sys.argv[1:]
def ids(report, check):
    return [set(e["request_id"] for e in f["evidence"]) for f in json.load(open(report))["findings"]
            if f["check"] == check and f["subscription"] == "c0000001-0000-4000-8000-000000000001"]
for name in (case + ".diff.json", case + ".rdiff.json"):
    d = json.load(open(os.path.join(tmp, name)))
    assert d["exit_code"] == int(rc), d["exit_code"]
    assert d["old"]["framework"] == d["new"]["framework"] == "asb-ir-2019"
    [sub] = d["subscriptions"]
    assert sub["id"] == "c0000001-0000-4000-8000-000000000001" and sub["name"] == "Compliant Prod", sub["name"]
    [c] = [c for c in sub["checks"] if c["check"] == check]
    ch = [x for x in c["changes"] if x["verdict"] == verdict and any(s["text"] == setting for s in x["settings"])]
    assert len(ch) == 1, json.dumps(c, indent=1)
    ch = ch[0]
    assert (ch["trend"] == "worse") == (rc == "1"), ch["trend"]
    old, new = set(ch["old"]["request_ids"]), set(ch["new"]["request_ids"])
    assert old and new and not old & new, (old, new)
    assert old in ids(os.path.join(tmp, "base.json"), check), "old request ids are not the first scan's"
    assert new in ids(os.path.join(tmp, case + ".json"), check), "new request ids are not the second scan's"
    text = open(os.path.join(tmp, case + (".txt" if name.endswith(".diff.json") else ".rtxt"))).read()
    assert all(i in text for i in old | new), "the text lacks a request id"
PY
	python3 - "$TMP/$1.html" "$4" <<'PY' && ok "$1: HTML lists the setting, escaped" || not_ok "$1: HTML lacks the setting"
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read().replace("<wbr>", "")
want = html.escape(sys.argv[2]).replace("&#x27;", "&#39;")
assert "<li>" + re.sub("[\x00-\x08\x0b-\x1f\x7f]", "\ufffd", want) + "</li>" in page
PY
}

# --- a first scan, and an identical second one ---
snap base
snap same
diffs same
[ "$BUNDLE_RC$REPORT_RC" = 00 ] && ok "identical scans: exit 0 (bundles and reports)" || not_ok "identical scans: exit $BUNDLE_RC/$REPORT_RC" "$(cat "$TMP/same.txt")"
expect_contains "$TMP/same.txt" "0 changes: 0 worse, 0 better" "identical scans: no change"
expect_contains "$TMP/same.txt" "exit 0: nothing got worse" "identical scans: nothing got worse"
OUT=$TMP/same.json expect_json 'len(d["findings"])' "$(jget "$TMP/base.json" 'len(d["findings"])')" "the second scan has the first one's findings"
python3 - "$TMP/same.diff.json" "$TMP/same.rdiff.json" "$(jget "$TMP/base.json" 'len(d["findings"])')" <<'PY' && ok "identical scans: JSON: no subscription listed, every finding unchanged" || not_ok "identical scans: JSON"
import json, sys
for f in sys.argv[1:3]:
    d = json.load(open(f))
    assert d["subscriptions"] == [] and d["exit_code"] == 0
    assert d["summary"] == {"changes": 0, "worse": 0, "better": 0, "new": 0, "gone": 0, "changed": 0,
                            "unchanged": int(sys.argv[3]), "not_rescanned": 0}, d["summary"]
PY

# --- one case per kind of setting ---
change "$P/securityContacts" 2023-12-01-preview 'body["value"][0]["properties"]["emails"] = ""'
snap email
diffs email
expect email security-contact-email "pass → fail" \
	"security contact e-mail removed (was secops@contoso.com; oncall@contoso.com)" 1
# Signed bundles: --verify-key checks both scans' signatures before anything is compared.
openssl genpkey -algorithm ed25519 -out "$TMP/ed.key" 2>/dev/null
openssl pkey -in "$TMP/ed.key" -pubout -out "$TMP/ed.pub" 2>/dev/null
openssl genpkey -algorithm ed25519 -out "$TMP/other.key" 2>/dev/null
openssl pkey -in "$TMP/other.key" -pubout -out "$TMP/other.pub" 2>/dev/null
scan -s "$S" -q --evidence-dir "$TMP/signed-after" --sign-key "$TMP/ed.key"
reset
scan -s "$S" -q --evidence-dir "$TMP/signed-before" --sign-key "$TMP/ed.key"
run_irscan diff --verify-key "$TMP/ed.pub" "$TMP/signed-before" "$TMP/signed-after"
expect_rc 1 "signed bundles with their key: compared"
expect_contains "$OUT" "security contact e-mail removed" "signed bundles: the change is found"
run_irscan diff --verify-key "$TMP/other.pub" "$TMP/signed-before" "$TMP/signed-after"
expect_rc 2 "signed bundles with another key: refused"
expect_contains "$ERR" "diff: OLD:" "... naming the scan that does not verify"

change "$P/securityContacts" 2023-12-01-preview 'body["value"][0]["properties"]["phone"] = ""'
snap phone
diffs phone
expect phone security-contact-phone "pass → fail" "security contact phone removed (was +1-425-555-0100)" 1
reset

# A lower threshold is still a pass: the setting changed, nothing got worse.
change "$P/securityContacts" 2023-12-01-preview '
[s for s in body["value"][0]["properties"]["notificationsSources"] if s["sourceType"] == "Alert"][0]["minimalSeverity"] = "Low"'
snap severity
diffs severity
expect severity alert-notifications-high "still pass" "alert notifications minimal severity Medium → Low" 0
reset

change "$P/securityContacts" 2023-12-01-preview 'body["value"][0]["properties"]["notificationsByRole"] = {"state": "Off", "roles": []}'
snap owners
diffs owners
expect owners alert-notifications-owners "pass → fail" "alert notifications to roles On → Off" 1
expect_contains "$TMP/owners.txt" "roles notified of alerts removed (was Owner)" "owners: the roles are named"
reset

change "$P/automations" 2023-12-01-preview '
[a for a in body["value"] if a["name"] == "ExportToWorkspace"][0]["properties"]["isEnabled"] = False'
snap export
diffs export
expect export alerts-exported "pass → fail" "export ExportToWorkspace disabled" 1
expect export recommendations-exported "pass → fail" "export ExportToWorkspace disabled" 1
reset

change "$P/automations" 2023-12-01-preview '
[a for a in body["value"] if a["name"] == "ExportToWorkspace"][0]["properties"]["scopes"] = [{"description": "rg", "scopePath": "/subscriptions/c0000001-0000-4000-8000-000000000001/resourceGroups/rg-soc"}]'
snap scope
diffs scope
expect scope alerts-exported "pass → fail" \
	"export ExportToWorkspace scope narrowed: covers only /subscriptions/c0000001-0000-4000-8000-000000000001/resourceGroups/rg-soc" 1
reset

change "$P/automations" 2023-12-01-preview '
[a for a in body["value"] if a["name"] == "RespondToAlerts"][0]["properties"]["isEnabled"] = False'
snap automation
diffs automation
expect automation workflow-automation-alerts "pass → fail" "workflow automation RespondToAlerts disabled" 1
reset

change "$P/pricings" 2024-01-01 '
[p for p in body["value"] if p["name"] == "StorageAccounts"][0]["properties"]["pricingTier"] = "Free"'
snap plan
diffs plan
expect plan defender-plans-standard "pass → fail" "plan StorageAccounts Standard → Free" 1
reset

change "/subscriptions/$S/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-respond" 2019-05-01 \
	'body["properties"]["state"] = "Disabled"'
snap logicapp
diffs logicapp
expect logicapp logic-app-enabled "pass → fail" "Logic App la-respond Enabled → Disabled" 1
reset

# A hostile tag value from Azure: escaped in the text and the HTML.
python3 - "$BASE" "$S" "$HOSTILE" <<'PY' || not_ok "tag change"
import json, sys, urllib.request
body = json.dumps({"subscription": sys.argv[2], "tags": {"criticality": sys.argv[3] + "\033[31m"}}).encode()
assert json.load(urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_fake/subscription", data=body, method="POST"))) == {"changed": True}
PY
snap tag
diffs tag
expect tag subscription-criticality-tag "still pass" "tag criticality high → $HOSTILE$(printf '\033')[31m" 0 \
	"tag criticality high → $HOSTILE\\x1b[31m"
if grep -q "$(printf '\033')" "$TMP/tag.txt"; then not_ok "tag: an escape character reached the terminal text"; else ok "tag: no escape character in the text"; fi
python3 - "$TMP/tag.html" <<'PY' && ok "tag: HTML: self-contained, CSP, the hostile value escaped" || not_ok "tag: HTML"
import html.parser, sys
page = open(sys.argv[1], encoding="utf-8").read().replace("<wbr>", "")
assert "<script" not in page and "\033" not in page, "unescaped"
assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;x&#39;y" in page
assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'sha256-' in page
assert "http://" not in page.replace("http://127.0.0.1", "") and "https://" not in page
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
p = P()
p.feed(page)
assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags, p.tags
assert p.tags.count("table") == 1 and "h2" in p.tags
PY
reset

# --- only better: the diff the other way round ---
run_irscan diff --no-color "$TMP/plan" "$TMP/base" -o "json:$TMP/better.json"
expect_rc 0 "only better (fail → pass): exit 0"
expect_contains "$OUT" "fail → pass  (better)" "only better: the text says so"
OUT=$TMP/better.json expect_json 'd["summary"]["better"] >= 1 and d["summary"]["worse"] == 0 and d["exit_code"] == 0' True \
	"only better: JSON counts it as better, nothing worse"

# --- a subscription more in NEW: new findings; a failing one is worse ---
scan -s "$S",c0000002-0000-4000-8000-000000000002 -q -o "json:$TMP/two.json"
run_irscan diff "$TMP/base.json" "$TMP/two.json" -o "json:$TMP/two.diff.json"
expect_rc 1 "a subscription added with failing findings: exit 1"
expect_contains "$OUT" "subscriptions only in NEW: c0000002-0000-4000-8000-000000000002" "the added subscription is named"
OUT=$TMP/two.diff.json expect_json '[c["change"] for s in d["subscriptions"] for k in s["checks"] for c in k["changes"] if s["id"] == "c0000002-0000-4000-8000-000000000002"][0]' new \
	"its findings are new"
run_irscan diff "$TMP/two.json" "$TMP/base.json"
expect_rc 0 "the subscription left out again: exit 0 (not evaluated is not fixed)"
expect_contains "$OUT" "of OLD's not evaluated by NEW" "... and the findings not evaluated are counted"

# -o json to standard output: the text goes to stderr, the JSON parses.
run_irscan diff "$TMP/base.json" "$TMP/email.json" -o json
[ "$RC" = 1 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" && grep -q "security contact e-mail removed" "$ERR" \
	&& ok "-o json to stdout: JSON on stdout, the text on stderr, exit 1" || not_ok "-o json to stdout" "$(head -c 600 "$ERR")"
run_irscan diff -q "$TMP/base.json" "$TMP/email.json"
[ "$RC" = 1 ] && [ ! -s "$OUT" ] && ok "-q: no text, the exit code still says worse" || not_ok "-q: exit $RC"

# --- usage errors: exit 2 with one line saying why ---
scan -s "$S" -q --framework mcsb-v1 -o "json:$TMP/mcsb.json"
echo '{"tool": {"name": "irscan"}}' >"$TMP/notreport.json"
usage() {
	want=$1
	shift
	run_irscan diff "$@"
	if [ "$RC" = 2 ] && grep -q "$want" "$ERR" && [ "$(wc -l <"$ERR")" = 1 ] && [ ! -s "$OUT" ]; then
		ok "usage: diff $*: exit 2, '$want'"
	else
		not_ok "usage: diff $*: exit $RC" "$(cat "$ERR")"
	fi
}
usage "give the two scans" 
usage "give the two scans" "$TMP/base.json"
usage "unexpected argument" "$TMP/base.json" "$TMP/same.json" "$TMP/email.json"
usage "cannot read" "$TMP/missing.json" "$TMP/base.json"
usage "not an irscan JSON report" "$TMP/base.json" "$TMP/notreport.json"
usage "not an irscan JSON report" "$TMP/base.json" /dev/null
usage "compare two scans of one framework" "$TMP/base.json" "$TMP/mcsb.json"
usage "compare two scans of one framework" "$TMP/mcsb.json" "$TMP/same"
usage "irscan diff writes json or html" "$TMP/base.json" "$TMP/same.json" -o "sarif:$TMP/x.sarif"
usage "does not apply to irscan diff" "$TMP/base.json" "$TMP/same.json" --checks security-contact-email
usage "NEW: cannot read '.*manifest.json'" "$TMP/base.json" "$TMP"
[ ! -e "$TMP/x.sarif" ] && ok "usage: nothing written" || not_ok "usage: a report was written"

# --help and the completion know the command.
run_irscan --help
expect_contains "$OUT" "irscan diff OLD NEW" "--help shows irscan diff"
expect_contains "$OUT" "irscan diff: 0 nothing got worse; 1 a finding" "--help gives its exit codes"
run_irscan completion bash
expect_contains "$OUT" "diff" "the bash completion offers diff"

finish
