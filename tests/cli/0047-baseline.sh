#!/bin/sh
# --baseline FILE|DIR and --fail-on-new (issue 17): findings matched with
# an earlier scan's across order and case changes, a subscription added
# and one gone, a check newly failing, fixed, reworded; every state in
# the JSON, SARIF baselineState valid under the schema and the multitool,
# JUnit under the XSD, the HTML and console leads; --fail-on-new exit
# codes with --fail-on thresholds; a bundle as the baseline; the reports
# older irscan versions wrote (fixtures/baselines/); and the usage errors.
. "$(dirname "$0")/lib.sh"

XSD=$ROOT/tests/schemas/jenkinsci-xunit-plugin_junit-10.xsd
SCHEMA=$ROOT/tests/schemas/sarif-schema-2.1.0.json
MT=${SARIF_MULTITOOL:-$ROOT/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
S2=c0000002-0000-4000-8000-000000000002		# no contact: five failures
S20=c0000020-0000-4000-8000-000000000020	# two plans off
S3=c0000003-0000-4000-8000-000000000003		# one low failure
EV=$TMP/ev

# One live scan into a bundle; the runs compared below evaluate it
# offline, so that nothing but the baseline differs between them.
start_server tenant
scan -s "$S2,$S20,$S3" -q --evidence-dir "$EV" -o "json:$TMP/live.json"
expect_rc 1 "the live scan into a bundle"
run_irscan --offline "$EV" -q -o "json:$TMP/cur.json"
expect_rc 1 "the bundle offline, no baseline"
OUT=$TMP/cur.json
expect_json '[f["baseline_state"] for f in d["findings"] if "baseline_state" not in f or f["baseline_state"] is not None]' '[]' \
	"without a baseline every finding has baseline_state null"
expect_json '"baseline" in d and d["baseline"] is None' True "without a baseline the baseline object is null"

# mk NAME PYTHON: a baseline made by editing the offline report (d) with python.
mk() {
	python3 - "$TMP/cur.json" "$TMP/$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
F = d["findings"]
def one(check, sub, end=""):
    r = [f for f in F if f["check"] == check and f["subscription"] == sub and f["resource"].endswith(end)]
    assert len(r) == 1, (check, sub, end, len(r))
    return r[0]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
}
S2=$S2 S20=$S20 S3=$S3 export S2 S20 S3
# Same findings, reversed, every id in upper case (Azure changes the case of ids).
mk same 'import os
for f in F:
    f["check"] = f["check"].upper(); f["subscription"] = f["subscription"].upper(); f["resource"] = f["resource"].upper()
F.reverse()'
# Every kind of change at once.
mk changes 'import os
S2, S20, S3 = os.environ["S2"], os.environ["S20"], os.environ["S3"]
one("security-contact-phone", S2)["status"] = "pass"             # newly failing now
fixed = one("security-contact-email", S20); fixed["status"] = "fail"   # fixed now
one("alert-notifications-high", S2)["message"] = "older wording"  # reworded
F.remove(one("defender-plans-standard", S20, "/AppServices"))     # new now
gone = dict(one("security-contact-email", S2))
gone["resource"] += "/gone"; gone["message"] = "</td><script>alert(1)</script> & gone"
F.append(gone)                                                    # absent now
F[:] = [f for f in F if f["subscription"] != S3]                  # S3 added since
d["subscriptions"] = [s for s in d["subscriptions"] if s["id"] != S3]
old_sub = dict(gone); old_sub["subscription"] = "c0000099-0000-4000-8000-000000000099"
F.append(old_sub)                                                 # a subscription not scanned now
d["subscriptions"].append({"id": old_sub["subscription"], "name": "Sold", "state": "Enabled", "scanned": True})
retired = dict(gone); retired["check"] = "retired-check"
F.append(retired)                                                 # a check this scan did not run
F.reverse()'
mk low 'import os; one("security-contact-phone", os.environ["S2"])["status"] = "pass"'
mk reworded 'import os; one("alert-notifications-high", os.environ["S2"])["message"] = "older wording"'
mk manual 'import os; one("alert-notifications-owners", os.environ["S2"])["status"] = "manual"'
mk error 'import os; one("alert-notifications-owners", os.environ["S2"])["status"] = "error"'

# --- matching across runs ---
run_irscan --offline "$EV" -q --baseline "$TMP/same.json" -o "json:$TMP/same.out.json"
expect_rc 1 "reordered, upper-cased baseline: the failures still fail without --fail-on-new"
OUT=$TMP/same.out.json
expect_json 'sorted(set(f["baseline_state"] for f in d["findings"]))' '["unchanged"]' \
	"order and case changes: every finding unchanged"
expect_json '[d["baseline"]["counts"], d["baseline"]["not_rescanned"], d["baseline"]["absent"]]' \
	'[{"new": 0, "unchanged": '"$(jget "$TMP/cur.json" 'len(d["findings"])')"', "updated": 0, "absent": 0}, 0, []]' \
	"counts: all unchanged, none absent or not rescanned"
run_irscan --offline "$EV" -q --baseline "$TMP/same.json" --fail-on-new -o "json:$TMP/same.out.json"
OUT=$TMP/same.out.json
expect_rc 0 "--fail-on-new with only the baseline's failures"
expect_json 'd["scan"]["exit_reason"].split(",")[0]' "no new failing finding at or above --fail-on since the baseline" "  ... and says why"

R=$TMP/ch
run_irscan --offline "$EV" --baseline "$TMP/changes.json" -o "json:$R.json" -o "sarif:$R.sarif" \
	-o "junit:$R.xml" -o "html:$R.html"
expect_rc 1 "every kind of change, --fail-on low"
cp "$ERR" "$TMP/ch.console"
OUT=$R.json
expect_json '[f["baseline_state"] for f in findings("security-contact-phone", "'$S2'")]' '["updated"]' "pass -> fail: updated"
expect_json '[f["baseline_state"] for f in findings("security-contact-email", "'$S20'")]' '["updated"]' "fail -> pass (fixed): updated"
expect_json '[f["baseline_state"] for f in findings("alert-notifications-high", "'$S2'")]' '["updated"]' "message changed: updated"
expect_json '[f["baseline_state"] for f in findings("defender-plans-standard", "'$S20'") if f["resource"].endswith("/AppServices")]' \
	'["new"]' "a failure the baseline did not have: new"
expect_json 'sorted(set(f["baseline_state"] for f in d["findings"] if f["subscription"] == "'$S3'"))' '["new"]' \
	"a subscription added since: all its findings new"
expect_json '[(a["check"], a["resource"].endswith("/gone"), a["status"], a["severity"], a["message"]) for a in d["baseline"]["absent"]]' \
	'[["security-contact-email", true, "fail", "high", "</td><script>alert(1)</script> & gone"]]' \
	"a finding gone: absent, listed once with its check, status, severity, message"
expect_json 'd["baseline"]["not_rescanned"]' 2 "a subscription not scanned and a check not run: not rescanned, not absent"
expect_json 'd["baseline"]["counts"]["new"] == sum(f["baseline_state"] == "new" for f in d["findings"]) and d["baseline"]["counts"]["updated"] == 3' \
	True "counts agree with the findings"
expect_json 'sorted(k for k in d["baseline"])' \
	'["absent", "counts", "file", "framework", "kind", "new_failures", "not_rescanned", "scanned", "tenant", "tool_version"]' \
	"the baseline object's fields"
expect_json '[d["baseline"]["kind"], d["baseline"]["file"] == "'"$TMP/changes.json"'", d["baseline"]["scanned"] == d["scan"]["started"], d["baseline"]["new_failures"]]' \
	'["report", true, true, 3]' "kind, file, scan time, new failures"
expect_json 'sorted(d["scan"]["parameters"]["checks"])' "$(catalogue ids asb-ir-2019)" "the report records the checks it ran (a later baseline tells absent from not rescanned)"

# The exit code, the console, the JSON and the SARIF say the same.
check "exit code and reason agree in JSON, SARIF and the console" python3 -c '
import json, sys
j = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))["runs"][0]["invocations"][0]
con = open(sys.argv[3]).read().strip().splitlines()[-1]
ok = j["scan"]["exit_code"] == s["exitCode"] == int(sys.argv[4]) and j["scan"]["exit_reason"] == s["exitCodeDescription"]
ok = ok and con == "exit %s: %s" % (sys.argv[4], j["scan"]["exit_reason"])
sys.exit(0 if ok else 1)' "$R.json" "$R.sarif" "$TMP/ch.console" "$RC"
expect_contains "$TMP/ch.console" "3 new failures since $(jget "$R.json" 'd["scan"]["started"]') (baseline $TMP/changes.json): $(jget "$R.json" 'd["baseline"]["counts"]["new"]') new, 3 updated, $(jget "$R.json" 'd["baseline"]["counts"]["unchanged"]') unchanged, 1 absent, 2 not rescanned" \
	"console leads with the new failures"

# --- SARIF ---
check "SARIF with baselineState valid against the SARIF 2.1.0 schema" /usr/bin/jsonschema -i "$R.sarif" "$SCHEMA"
"$MT" validate "$R.sarif" --rule-kind "Sarif;Ghas" -o "$TMP/mt.sarif" --log ForceOverwrite >"$TMP/mt.txt" 2>&1 || true
if grep -q "Analysis completed successfully" "$TMP/mt.txt" && ! grep -qE ': (error|warning) ' "$TMP/mt.txt"; then
	ok "SARIF with baselineState clean under the SARIF multitool (Sarif;Ghas rules)"
else
	not_ok "SARIF multitool" "$(head -c 2000 "$TMP/mt.txt")"
fi
check "SARIF: every result has the JSON finding's state; absent findings get no result" python3 -c '
import json, sys
j = json.load(open(sys.argv[1])); run = json.load(open(sys.argv[2]))["runs"][0]
state = {(f["check"], f["resource"]): f["baseline_state"] for f in j["findings"]}
rs = run["results"]
ok = len(rs) > 0 and all(r["baselineState"] == state[(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])] for r in rs)
ok = ok and {r["baselineState"] for r in rs} == {"new", "updated", "unchanged"}
ok = ok and not any(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].endswith("/gone") for r in rs)
b = run["properties"]["baseline"]
ok = ok and b["absent"] == 1 and b["newFailures"] == 3 and b["notRescanned"] == 2
sys.exit(0 if ok else 1)' "$R.json" "$R.sarif"
run_irscan --offline "$EV" -q -o "sarif:$TMP/plain.sarif"
check "SARIF without a baseline: no baselineState" sh -c "! grep -q baselineState '$TMP/plain.sarif'"

# --- JUnit ---
check "JUnit with baseline states valid under the Jenkins xunit junit-10 XSD" xmllint --noout --schema "$XSD" "$R.xml"
check "JUnit: each failure's message says its state first" python3 -c '
import sys, xml.etree.ElementTree as ET
msg = {c.get("name"): c.find("failure").get("message") for c in ET.parse(sys.argv[1]).iter("testcase") if c.find("failure") is not None}
def m(check, end):
    return [v for k, v in msg.items() if k.startswith(check + " [") and k.endswith(end + "]")]
S2 = sys.argv[2]
ok = m("security-contact-phone", S2)[0].startswith("updated since the baseline (was pass): ")
ok = ok and m("defender-plans-standard", "/AppServices")[0].startswith("new since the baseline: ")
ok = ok and m("alert-notifications-high", S2)[0] == "updated since the baseline: " + m("alert-notifications-high", S2)[0].split(": ", 1)[1]
ok = ok and all(v.split(" since the baseline", 1)[0] in ("new", "updated", "unchanged") for v in msg.values())
sys.exit(0 if ok else 1)' "$R.xml" "$S2"

# --- HTML ---
expect_contains "$R.html" "<p id=\"baseline\"><strong>3 new failures since $(jget "$R.json" 'd["scan"]["started"]')</strong>" \
	"HTML leads with the new failures near the verdict"
expect_contains "$R.html" "&lt;script&gt;alert(1)&lt;/<wbr>script&gt; &amp; gone" "HTML absent list: the message escaped"
expect_absent "$R.html" "<script>alert(1)" "HTML: no raw script from the baseline file"
check "HTML: a state badge on every finding, as the JSON has it; the absent list" python3 -c '
import html.parser, json, sys
j = json.load(open(sys.argv[1]))
want = {(f["check"], f["subscription"], f["resource"]): f["baseline_state"] for f in j["findings"]}
got, badges, absent = {}, [], []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-baseline" in a:
            got[(a["data-check"], a["data-sub"], a["data-resource"])] = a["data-baseline"]
        if tag == "span" and (a.get("class") or "").startswith("bs bs-"):
            badges.append(a["class"][6:])
        if a.get("id") == "absent":
            absent.append(1)
P().feed(open(sys.argv[2]).read())
ok = got == want and sorted(badges) == sorted(want.values()) and absent
sys.exit(0 if ok else 1)' "$R.json" "$R.html"
python3 "$ROOT/tests/tools/crosscheck.py" "$R.json" "$R.xml" "$R.sarif" "$R.html" || FAILED=$((FAILED + 1))

# --- --fail-on-new exit codes ---
fon() {	# fon BASELINE EXPECTED-RC WHAT [OPTIONS...]
	b=$1 want=$2 what=$3
	shift 3
	run_irscan --offline "$EV" -q --baseline "$TMP/$b.json" --fail-on-new "$@" -o "json:$TMP/fon.json"
	OUT=$TMP/fon.json
	expect_rc "$want" "$what"
}
fon changes 1 "--fail-on-new: new and newly failing findings"
expect_json 'd["scan"]["exit_reason"]' \
	"3 new failing findings since the baseline of $(jget "$TMP/fon.json" 'd["scan"]["started"]') at or above severity low" \
	"  ... the reason counts the new ones and names the baseline's date"
fon changes 1 "--fail-on-new --fail-on high: the new high failure" --fail-on high
expect_json 'd["scan"]["exit_reason"].split(" since")[0]' "1 new failing finding" "  ... only it counts"
fon low 1 "--fail-on-new: a low check newly failing" --fail-on low
fon low 0 "--fail-on-new --fail-on medium: the newly failing low check does not count" --fail-on medium
fon reworded 0 "--fail-on-new: a failure reworded is not new"
fon manual 1 "--fail-on-new: manual -> fail is worse (updated)"
fon error 1 "--fail-on-new: error -> fail is worse (updated)"
fon same 0 "--fail-on-new --fail-on never" --fail-on never

# --- a bundle as the baseline ---
run_irscan --offline "$EV" -q --baseline "$EV" --fail-on-new -o "json:$TMP/b.json"
expect_rc 0 "the bundle as its own baseline, re-evaluated in-process"
OUT=$TMP/b.json
expect_json '[d["baseline"]["kind"], sorted(set(f["baseline_state"] for f in d["findings"])), d["baseline"]["tool_version"]]' \
	'["bundle", ["unchanged"], "'"$(jget "$TMP/cur.json" 'd["tool"]["version"]')"'"]' "  ... kind bundle, every finding unchanged"
run_irscan --offline "$EV" -q --framework mcsb-v1 --alert-max-age 1 --baseline "$EV" -o "json:$TMP/b.json"
OUT=$TMP/b.json
expect_json '[d["baseline"]["framework"], d["baseline"]["counts"]["new"], d["baseline"]["counts"]["absent"]]' \
	'["mcsb-v1", 0, 0]' "a bundle baseline is judged with this scan's framework and parameters"
scan -s "$S2,$S20,$S3" -q --baseline "$EV" -o "json:$TMP/b.json"
OUT=$TMP/b.json
expect_json '[d["baseline"]["kind"], d["baseline"]["counts"]["new"], d["baseline"]["counts"]["absent"], d["baseline"]["counts"]["unchanged"] > 50]' \
	'["bundle", 0, 0, true]' "a live scan against the bundle of the same tenant: nothing new, nothing absent"
cp -r "$EV" "$TMP/ev-bad"
f=$(ls "$TMP/ev-bad"/*.json | grep -v manifest | head -1)
printf ' ' >>"$f"
run_irscan --offline "$EV" -q --baseline "$TMP/ev-bad"
expect_rc 2 "a baseline bundle that does not verify"
expect_contains "$ERR" "--baseline: $TMP/ev-bad does not verify" "  ... says so"

openssl genpkey -algorithm ed25519 -out "$TMP/ed.key" 2>/dev/null
openssl pkey -in "$TMP/ed.key" -pubout -out "$TMP/ed.pub" 2>/dev/null
openssl genpkey -algorithm ed25519 -out "$TMP/other.key" 2>/dev/null
openssl pkey -in "$TMP/other.key" -pubout -out "$TMP/other.pub" 2>/dev/null
scan -s "$S2" -q --evidence-dir "$TMP/signed" --sign-key "$TMP/ed.key"
scan -s "$S2" -q --baseline "$TMP/signed" --verify-key "$TMP/ed.pub" --fail-on-new -o "json:$TMP/b.json"
expect_rc 0 "a signed bundle as the baseline, its signature checked with --verify-key"
scan -s "$S2" -q --baseline "$TMP/signed" --verify-key "$TMP/other.pub"
expect_rc 2 "  ... and refused with another key"
expect_contains "$ERR" "signed does not verify (irscan verify lists the problems); first: signature:" "  ... saying why"

# --- reports of older irscan versions (fixtures/baselines/README.md) ---
for fx in irscan-0.1.0-report irscan-0.1.0-stripped; do
	B=$ROOT/fixtures/baselines/$fx.json
	scan -s "$S2,$S20" -q --baseline "$B" -o "json:$TMP/old.json"
	expect_rc 1 "$fx as the baseline: loads"
	OUT=$TMP/old.json
	expect_json '[d["baseline"]["counts"], d["baseline"]["framework"], d["baseline"]["tool_version"]]' \
		'[{"new": 0, "unchanged": '"$(jget "$B" 'len(d["findings"])')"', "updated": 0, "absent": 0}, "asb-ir-2019", "0.1.0"]' \
		"  ... every finding matched, none new or absent"
	scan -s "$S2,$S20" -q --baseline "$B" --fail-on-new -o "json:$TMP/old.json"
	expect_rc 0 "  ... --fail-on-new: only its failures"
	scan -s "$S2,$S20,$S3" -q --baseline "$B" --fail-on-new -o "json:$TMP/old.json"
	OUT=$TMP/old.json
	expect_rc 1 "  ... a subscription added with a failure: new"
	expect_json 'sorted(set(f["baseline_state"] for f in d["findings"] if f["subscription"] == "'$S3'"))' '["new"]' \
		"  ... its findings are new"
done

# --- usage errors, before any request ---
mk tenant 'd["scan"]["tenant"] = "11111111-0000-4000-8000-000000000000"'
mk notreport 'd["tool"]["name"] = "trivy"'
mk notarray 'd["findings"] = {}'
mk badstatus 'F[3]["status"] = "broken"'
mk badtype 'F[2]["message"] = 42'
before=$(logq 'len(L)')
u() {	# u EXPECTED-MESSAGE WHAT ARGS...
	want=$1 what=$2
	shift 2
	scan -s "$S2" -q "$@"
	expect_rc 2 "$what"
	expect_contains "$ERR" "$want" "  ... says why"
}
u "is a scan of framework asb-ir-2019, this one of mcsb-v1" "a baseline of another framework" \
	--baseline "$TMP/same.json" --framework mcsb-v1
u "is a scan of tenant 11111111-0000-4000-8000-000000000000, this one of $TEST_TENANT" \
	"a baseline of another tenant" --baseline "$TMP/tenant.json"
u "cannot read '$TMP/missing.json'" "an unreadable baseline" --baseline "$TMP/missing.json"
u "'$TMP/notreport.json': not an irscan JSON report: field 'tool.name'" "a JSON file of another tool" \
	--baseline "$TMP/notreport.json"
u "'$R.sarif': not an irscan JSON report" "a SARIF file as the baseline" --baseline "$R.sarif"
u "field 'findings' is missing or not an array" "findings not an array" --baseline "$TMP/notarray.json"
u "findings[3].status is not a status this irscan knows" "an unknown status" --baseline "$TMP/badstatus.json"
u "findings[2].message must be a string" "a field of the wrong type" --baseline "$TMP/badtype.json"
mkdir "$TMP/emptydir"
u "--baseline: cannot read '$TMP/emptydir/manifest.json'" "a directory that is not a bundle" \
	--baseline "$TMP/emptydir"
check "  ... in one line" sh -c '[ "$(wc -l <"$1")" -eq 1 ]' - "$ERR"
u "--fail-on-new needs --baseline" "--fail-on-new without --baseline" --fail-on-new
if [ "$(logq 'len(L)')" = "$before" ]; then ok "no request was sent by any of them"; else not_ok "requests sent before a usage error"; fi
run_irscan --offline "$EV" -q --baseline "$TMP/tenant.json"
expect_rc 2 "offline: the bundle's tenant against the baseline's"
check "each error is one line" sh -c '[ "$(wc -l <"$1")" -le 1 ]' - "$ERR"

# A managed identity: the tenant is known only once the subscriptions
# are read, so another tenant's baseline is refused then, no report written.
ID_HEADER='identity-header~Secret-0123456789'
mkdir -p "$TMP/mi"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/mi/scenario.json" "$ID_HEADER" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["managed_identity"] = {"identity_header": sys.argv[3], "system_client_id": "5a5a5a5a-0000-4000-8000-000000000005",
                         "user_assigned": []}
json.dump(s, open(sys.argv[2], "w"))
PY
stop_server
start_server "$TMP/mi"
mi() {
	OUT=$TMP/out.json ERR=$TMP/err.txt RC=0
	env -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_ID -u AZURE_TENANT_ID IDENTITY_ENDPOINT="$BASE/msi/token" \
		IDENTITY_HEADER="$ID_HEADER" "$IRSCAN" --arm-endpoint "$BASE" --authority-host "$BASE" \
		-s "$S2" -q "$@" >"$OUT" 2>"$ERR" || RC=$?
	sanitizer_clean
}
mi --baseline "$TMP/same.json" --fail-on-new -o "json:$TMP/mi.json"
expect_rc 0 "managed identity, a baseline of its tenant"
mi --baseline "$TMP/tenant.json" -o "json:$TMP/mi-other.json" --evidence-dir "$TMP/mi-ev"
expect_rc 2 "managed identity, a baseline of another tenant: refused once the tenant is known"
expect_contains "$ERR" "is a scan of tenant 11111111-0000-4000-8000-000000000000, this one (known once its subscriptions were read) of $TEST_TENANT: no report written" \
	"  ... says why"
check "  ... no report written, the evidence bundle finished" sh -c '! test -e "$1" && "$2" verify "$3" >/dev/null 2>&1' \
	- "$TMP/mi-other.json" "$IRSCAN" "$TMP/mi-ev"

finish
