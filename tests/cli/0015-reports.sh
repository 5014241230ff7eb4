#!/bin/sh
# JUnit, SARIF and HTML from one scan of a mixed tenant (pass, fail, error,
# manual, waived, not-applicable, hostile strings): each valid under the
# real validators, and all four reports agreeing finding for finding.
. "$(dirname "$0")/lib.sh"

XSD=$ROOT/tests/schemas/jenkinsci-xunit-plugin_junit-10.xsd
SCHEMA=$ROOT/tests/schemas/sarif-schema-2.1.0.json
MT=${SARIF_MULTITOOL:-$ROOT/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
today=$(date -u +%Y-%m-%d)
future=$(date -u -d '+30 days' +%Y-%m-%d)

cat >"$TMP/w.json" <<JSON
{"waivers": [
 {"check": "subscription-criticality-tag", "subscription": "$(id 33)", "reason": "tags <b>soon</b> & \"later\"",
  "approved_by": "CISO", "expires": "$future"},
 {"check": "defender-plans-standard", "subscription": "$(id 35)", "reason": "RBAC pending", "approved_by": "CISO",
  "expires": "$future"}]}
JSON
cat >"$TMP/a.json" <<JSON
{"attestations": [{"control": "10.1", "subscription": "$(id 1)", "document": "IR plan <v3>", "owner": "SecOps",
  "reviewed": "$today"}]}
JSON
start_server tenant
R=$TMP/r
scan -A --waivers "$TMP/w.json" --attestations "$TMP/a.json" \
	-o "json:$R.json" -o "junit:$R.xml" -o "sarif:$R.sarif" -o "html:$R.html"
expect_rc 1 "one scan, four reports"
OUT=$R.json
expect_json 'all(d["summary"][s] > 0 for s in d["summary"])' True "every status occurs in the tenant"

# --- JUnit ---
check "JUnit valid under the Jenkins xunit junit-10 XSD" xmllint --noout --schema "$XSD" "$R.xml"
check "JUnit classnames have exactly one dot" python3 -c '
import sys, xml.etree.ElementTree as ET
bad = [c.get("classname") for c in ET.parse(sys.argv[1]).iter("testcase") if c.get("classname").count(".") != 1]
sys.exit(1 if bad else 0)' "$R.xml"
check "JUnit timestamps are UTC without zone" python3 -c '
import re, sys, xml.etree.ElementTree as ET
sys.exit(0 if all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", s.get("timestamp")) for s in ET.parse(sys.argv[1]).iter("testsuite")) else 1)' "$R.xml"

# --- SARIF ---
check "SARIF valid against the SARIF 2.1.0 schema" /usr/bin/jsonschema -i "$R.sarif" "$SCHEMA"
"$MT" validate "$R.sarif" --rule-kind "Sarif;Ghas" -o "$TMP/mt.sarif" --log ForceOverwrite >"$TMP/mt.txt" 2>&1 || true
if grep -q "Analysis completed successfully" "$TMP/mt.txt" && ! grep -qE ': (error|warning) ' "$TMP/mt.txt"; then
	ok "SARIF clean under the SARIF multitool (Sarif;Ghas rules)"
else
	not_ok "SARIF multitool" "$(head -c 2000 "$TMP/mt.txt")"
fi
check "SARIF relative artifact URIs, startLine 1, ARM id as logical location" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); run = d["runs"][0]
ok = all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("azure/subscriptions/")
         and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
         and r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] in r["message"]["text"]
         for r in run["results"])
ok = ok and run["invocations"][0]["executionSuccessful"] is False and run["automationDetails"]["id"].startswith("irscan/asb-ir-2019/")
ok = ok and all(r["ruleId"] == run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] for r in run["results"])
sys.exit(0 if ok else 1)' "$R.sarif"
check "SARIF levels, kinds and suppressions" python3 -c '
import json, sys
rs = json.load(open(sys.argv[1]))["runs"][0]["results"]
kinds = {(r["kind"], r["level"], bool(r.get("suppressions"))) for r in rs}
need = {("review", "none", False), ("fail", "error", True), ("fail", "note", True)}
sys.exit(0 if need <= kinds and all(k[0] in ("fail", "review") for k in kinds) else 1)' "$R.sarif"
fp() { python3 -c '
import json, sys
print(json.dumps(sorted((r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in json.load(open(sys.argv[1]))["runs"][0]["results"])))' "$1"; }
fp "$R.sarif" >"$TMP/fp1"
scan -A --waivers "$TMP/w.json" --attestations "$TMP/a.json" -o "sarif:$TMP/again.sarif"
fp "$TMP/again.sarif" >"$TMP/fp2"
if cmp -s "$TMP/fp1" "$TMP/fp2" && [ -s "$TMP/fp1" ]; then ok "fingerprints identical across two runs"; else not_ok "fingerprints differ"; fi

# --- all four agree ---
python3 "$ROOT/tests/tools/crosscheck.py" "$R.json" "$R.xml" "$R.sarif" "$R.html" || FAILED=$((FAILED + 1))

# --- HTML ---
H=$R.html
expect_contains "$H" "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-" "CSP meta tag"
python3 - "$H" <<'PY' && ok "no script, no external load: only #anchors, no src, no url(), no @import" || not_ok "HTML loads or runs something"
import html.parser, sys
bad = []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "iframe", "img", "object", "embed", "base", "form"):
            bad.append(tag)
        for k, v in attrs:
            if k in ("src", "srcset", "action") or k.startswith("on"):
                bad.append(k)
            if k == "href" and not (v or "").startswith("#"):
                bad.append(v)
            if k == "style":
                bad.append("style attribute")
    def handle_data(self, d):
        if self.lasttag == "style" and ("url(" in d or "@import" in d):
            bad.append("css load")
P().feed(open(sys.argv[1]).read())
print("# found:", bad[:5]) if bad else None
sys.exit(1 if bad else 0)
PY
expect_contains "$H" "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Q&quot;" "hostile subscription name escaped"
expect_contains "$H" "Export&quot;&gt;&lt;img src=x onerror=alert(3)&gt;" "hostile automation name escaped"
expect_contains "$H" "&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;" "hostile alert name escaped"
expect_contains "$H" "tags &lt;b&gt;soon&lt;/b&gt; &amp; &quot;later&quot;" "waiver reason from a file escaped"
if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037]')" "$H"; then not_ok "control characters in the HTML"; else ok "no control characters in the HTML"; fi
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --user-data-dir="$TMP/chromium" --dump-dom "file://$H" \
	>"$TMP/dom.html" 2>"$TMP/chromium.err" || true
if [ -s "$TMP/dom.html" ]; then ok "headless Chromium rendered the report"; else not_ok "Chromium" "$(tail -5 "$TMP/chromium.err")"; fi
check "the rendered page holds no script or image element" sh -c "! grep -qE '<(script|img)' '$TMP/dom.html'"
python3 - "$TMP/dom.html" <<'PY' && ok "rendered text: title, verdict, matrix, controls, evidence" || not_ok "rendered text"
import html.parser, sys
class T(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.t = []
    def handle_data(self, d): self.t.append(d)
p = T(); p.feed(open(sys.argv[1]).read()); text = " ".join(p.t)
need = ["Incident response compliance report", "Non-compliant", "Controls × subscriptions",
        "10.5 Automate the response to security alerts", "Evidence: every request made",
        "<script>alert('x')</script> & \"Q\"", "IR plan <v3>"]
missing = [n for n in need if n not in text]
print("# missing:", missing) if missing else None
sys.exit(1 if missing else 0)
PY
check "Chromium prints the report to PDF" sh -c "chromium --headless --no-sandbox --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir='$TMP/chromium' --no-pdf-header-footer --print-to-pdf='$TMP/r.pdf' 'file://$H' >/dev/null 2>&1; \
	test -s '$TMP/r.pdf' && head -c 5 '$TMP/r.pdf' | grep -q '%PDF'"

# --- stdout, other frameworks, a scan that could not run ---
scan -s "$(id 1)" -o sarif:- -o junit:"$TMP/cis.xml" --framework cis-azure-2.1.0
check "SARIF on standard output" /usr/bin/jsonschema -i "$OUT" "$SCHEMA"
check "CIS classnames keep one dot" sh -c "grep -q 'classname=\"cis-azure-2_1_0.2_1_1\"' '$TMP/cis.xml' && xmllint --noout --schema '$XSD' '$TMP/cis.xml'"
AZURE_CLIENT_SECRET=wrong-secret-0000 scan -s "$(id 1)" -o "junit:$TMP/f.xml" -o "sarif:$TMP/f.sarif" -o "html:$TMP/f.html"
expect_rc 3 "authentication fails"
check "JUnit of a scan that could not run is valid and in error" sh -c "xmllint --noout --schema '$XSD' '$TMP/f.xml' && grep -q '<error type=\"scan-failed\"' '$TMP/f.xml'"
check "SARIF of a scan that could not run says so" python3 -c '
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
sys.exit(0 if not inv["executionSuccessful"] and "AADSTS7000215" in inv["toolExecutionNotifications"][0]["message"]["text"] else 1)' "$TMP/f.sarif"
expect_contains "$TMP/f.html" "The scan could not run:" "HTML of a scan that could not run says so"
expect_absent "$TMP/f.html" "wrong-secret-0000" "the secret is in no report"
expect_absent "$TMP/f.sarif" "wrong-secret-0000" "the secret is in no report (SARIF)"
finish
