#!/bin/sh
# Evidence bundles (SPEC §6): --evidence-dir writes every response and a
# manifest with no secret in it; --offline re-evaluates the bundle without
# a socket and gives the same findings in every format, or other ones
# with other parameters; `irscan verify` catches any change, a missing or
# extra file, an edited manifest and a wrong signature; bad bundles are
# refused cleanly.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
SIG_SECRET=s1gSecretValue0123
SAS_SECRET=SasKeySecretValue0123=
EV=$TMP/ev

# The tenant, with secrets Azure should never return but a misbehaving API
# might: a Logic App callback URL with its sig, an Event Hub connection
# string.  None of them may reach the bundle or a report.
mkdir -p "$TMP/scen"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/scen/scenario.json" "$SIG_SECRET" "$SAS_SECRET" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["resources"]:
    if r["path"].endswith("c0000001-0000-4000-8000-000000000001/providers/Microsoft.Security/automations"):
        for body in r["api_versions"].values():
            for a in body["value"]:
                for act in a["properties"]["actions"]:
                    act["uri"] = ("https://prod-01.westeurope.logic.azure.com:443/workflows/x/triggers/"
                                  "manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers&sv=1.0&sig="
                                  + sys.argv[3])
                    act["connectionString"] = ("Endpoint=sb://ns.servicebus.windows.net/;"
                                               "SharedAccessKeyName=send;SharedAccessKey=" + sys.argv[4])
json.dump(s, open(sys.argv[2], "w"))
PY
cat >"$TMP/waivers.json" <<EOF
{"waivers": [{"check": "security-contact-phone", "subscription": "*", "reason": "no phone on call",
  "approved_by": "ciso@example.com", "expires": "2099-12-31"}]}
EOF
openssl genpkey -algorithm ed25519 -out "$TMP/ed.key" 2>/dev/null
openssl pkey -in "$TMP/ed.key" -pubout -out "$TMP/ed.pub" 2>/dev/null
openssl genpkey -algorithm ed25519 -out "$TMP/other.key" 2>/dev/null
openssl pkey -in "$TMP/other.key" -pubout -out "$TMP/other.pub" 2>/dev/null

start_server "$TMP/scen"

# --- live scan with a bundle ---
scan -A --waivers "$TMP/waivers.json" --evidence-dir "$EV" --sign-key "$TMP/ed.key" \
	-o "json:$TMP/live.json" -o "junit:$TMP/live.xml" -o "sarif:$TMP/live.sarif" -o "html:$TMP/live.html"
expect_rc 1 "live scan with --evidence-dir"
arm=$(logq 'len([x for x in L if x["auth"]])')
python3 - "$EV" "$arm" "$TMP/live.json" <<'PY' && ok "manifest: scan, identity, parameters, inputs and one entry per ARM request, every file hashed" || not_ok "manifest contents"
import hashlib, json, os, sys
d, arm = sys.argv[1], int(sys.argv[2])
m = json.load(open(os.path.join(d, "manifest.json")))
s = m["scan"]
assert m["format"] == "irscan-evidence/1" and m["tool"]["name"] == "irscan"
for k in ("started", "finished", "cloud", "arm_endpoint", "authority_host", "tenant", "client_id"):
    assert s[k], k
assert s["scope"]["all_subscriptions"] is True
assert s["parameters"]["framework"] == "asb-ir-2019" and s["parameters"]["alert_max_age_days"] == 7
w = s["inputs"]["waivers"]
assert w["file"] == "waivers.json" and w["sha256"] == hashlib.sha256(open(os.path.join(d, "waivers.json"), "rb").read()).hexdigest()
assert len(m["subscriptions"]) >= 10 and all(x["id"] for x in m["subscriptions"])
E = m["entries"]
# One entry per request; the server also saw the retried attempts.
assert sum(1 + e["retries"] for e in E) == arm, (len(E), arm)
assert [e["entry"] for e in E] == list(range(1, len(E) + 1))
for e in E:
    for k in ("method", "url", "api_version", "status", "request_id", "correlation_request_id", "date", "time", "retries", "duration_ms", "file", "sha256"):
        assert k in e, (k, e)
    assert "api-version=" in e["url"]
    if e["status"]:
        assert e["sha256"] == hashlib.sha256(open(os.path.join(d, e["file"]), "rb").read()).hexdigest(), e
assert any(e["status"] == 403 for e in E), "error responses are kept"
assert any(e["retries"] for e in E), "retried requests say so"
r = json.load(open(sys.argv[3]))
ev = [x for f in r["findings"] for x in f["evidence"]]
assert ev and all(x["entry"] and x["file"] and x["sha256"] for x in ev if x["status"])
assert all(E[x["entry"] - 1]["file"] == x["file"] for x in ev if x["entry"])
PY
OUT=$TMP/live.json
expect_json 'd["scan"]["evidence_dir"].endswith("/ev")' "True" "the report names the bundle"

# --- nothing secret in the bundle or the reports (the fake server's tokens
# are "fake-" and 43 random characters) ---
bad=$(grep -rlF -e "$TEST_SECRET" -e "$SIG_SECRET" -e "$SAS_SECRET" -e "Bearer " -e "client_secret" \
	"$EV" "$TMP/live.json" "$TMP/live.xml" "$TMP/live.sarif" "$TMP/live.html" || true)
pat=$(grep -rlE -e 'sig=[^R&"\\]' -e 'code=[^R&"\\]' -e '"connectionString" *: *"[^R]' \
	-e 'SharedAccessKey=[^R;"]' -e 'eyJ[A-Za-z0-9_-]{10,}\.' -e 'fake-[A-Za-z0-9_-]{20,}' \
	-i "$EV" "$TMP/live.json" "$TMP/live.html" || true)
if [ -z "$bad$pat" ]; then ok "no secret, token, sig, code or connection string in the bundle or reports"
else not_ok "secrets leaked" "$bad $pat"; fi
grep -rqF "sig=REDACTED" "$EV" && grep -rqF '"connectionString":"REDACTED"' "$EV" &&
	ok "the secret values are redacted, the rest of the body kept" || not_ok "redaction markers"

# --- verify ---
run_irscan verify "$EV" --verify-key "$TMP/ed.pub"
expect_rc 0 "verify: untouched bundle, signature valid"
expect_contains "$OUT" "signature valid" "verify says the signature is valid"
if openssl pkeyutl -verify -pubin -inkey "$TMP/ed.pub" -rawin -in "$EV/manifest.json" \
	-sigfile "$EV/manifest.json.sig" >/dev/null 2>&1; then
	ok "the signature also verifies with openssl alone"
else
	not_ok "openssl pkeyutl -verify"
fi
run_irscan verify "$EV" --verify-key "$TMP/other.pub"
expect_rc 1 "verify: another key's public key is refused"
(cd "$EV" && sha256sum -c --quiet manifest.json.sha256) && ok "manifest.json.sha256 checks with sha256sum" ||
	not_ok "sha256sum -c"

# One changed byte in any file, a removed file, an extra file, an edited manifest.
tamper() {	# tamper WHAT COMMAND...: on a copy of the bundle
	rm -rf "$TMP/t"
	cp -r "$EV" "$TMP/t"
	(cd "$TMP/t" && eval "$2")
	run_irscan verify "$TMP/t"
	expect_rc 1 "verify fails: $1"
	expect_contains "$OUT" "$3" "verify names it: $3"
}
flip='python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,\"rb\").read()); b[len(b)//2]^=1; open(p,\"wb\").write(b)"'
tamper "one byte of a response body" "$flip 000007.json" "changed: 000007.json"
tamper "one byte of the waivers copy" "$flip waivers.json" "changed: waivers.json"
tamper "a removed file" "rm 000003.json" "missing: 000003.json"
tamper "an extra file" "echo '{}' > 999999.json" "extra: 999999.json"
tamper "the manifest edited" "sed -i 's/\"status\":200/\"status\":201/' manifest.json" "changed: manifest.json"
rm -rf "$TMP/t" && cp -r "$EV" "$TMP/t" && sed -i 's/"status":200/"status":201/' "$TMP/t/manifest.json" &&
	sha256sum "$TMP/t/manifest.json" | sed "s|$TMP/t/||" >"$TMP/t/manifest.json.sha256"
run_irscan verify "$TMP/t" --verify-key "$TMP/ed.pub"
expect_rc 1 "verify fails: manifest edited and rehashed, but the signature catches it"

# --- offline: no server, no socket, same findings in every format ---
stop_server
NOSOCK_LOG=$TMP/sockets.log
: >"$NOSOCK_LOG"
RC=0
NOSOCKET_LOG=$NOSOCK_LOG LD_PRELOAD=$NOSOCKET ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
	"$IRSCAN" --offline "$EV" --arm-endpoint http://127.0.0.1:9 -q \
	-o "json:$TMP/off.json" -o "junit:$TMP/off.xml" -o "sarif:$TMP/off.sarif" -o "html:$TMP/off.html" \
	>"$TMP/out.txt" 2>"$TMP/err.txt" || RC=$?
ERR=$TMP/err.txt
sanitizer_clean
expect_rc 1 "offline scan of the bundle"
if [ -s "$NOSOCK_LOG" ]; then not_ok "offline opened sockets" "$(sort "$NOSOCK_LOG" | uniq -c)"
else ok "offline never opened a socket (socket/socketpair/connect intercepted)"; fi
python3 - "$TMP/live.json" "$TMP/off.json" <<'PY' && ok "JSON: the same findings, controls, errors and summary, finding for finding" || not_ok "offline JSON differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for k in ("findings", "controls", "errors", "summary", "subscriptions"):
    if a[k] != b[k]:
        print("# differs:", k); sys.exit(1)
assert b["scan"]["offline"] is True and a["scan"]["offline"] is False
assert a["scan"]["started"] == b["scan"]["started"] and a["scan"]["finished"] == b["scan"]["finished"]
assert a["scan"]["tenant"] == b["scan"]["tenant"] and a["scan"]["client_id"] == b["scan"]["client_id"]
assert a["scan"]["exit_code"] == b["scan"]["exit_code"]
PY
python3 - "$TMP/live.xml" "$TMP/off.xml" "$TMP/live.sarif" "$TMP/off.sarif" <<'PY' && ok "JUnit and SARIF: identical but for timestamps" || not_ok "offline JUnit/SARIF differ"
import json, re, sys
def junit(p):
    return re.sub(r' (timestamp|time|hostname)="[^"]*"', "", open(p).read())
def sarif(p):
    d = json.load(open(p))
    for inv in d["runs"][0].get("invocations", []):
        for k in ("startTimeUtc", "endTimeUtc"):
            inv.pop(k, None)
    return d
if junit(sys.argv[1]) != junit(sys.argv[2]):
    print("# junit differs"); sys.exit(1)
if sarif(sys.argv[3]) != sarif(sys.argv[4]):
    print("# sarif differs"); sys.exit(1)
PY
python3 - "$TMP/live.html" "$TMP/off.html" <<'PY' && ok "HTML: identical but for the line that says where the evidence is" || not_ok "offline HTML differs"
import re, sys
def norm(p):
    # Offline, the evidence line says so and waivers come from the bundle's copy.
    t = re.sub(r"<dt>Evidence</dt><dd>.*?</dd>", "", open(p).read())
    return re.sub(r"Waivers from <code>[^<]*</code>", "", t)
a, b = norm(sys.argv[1]), norm(sys.argv[2])
assert "evaluated offline" in open(sys.argv[2]).read()
if a != b:
    import difflib
    for l in list(difflib.unified_diff(a.split("><"), b.split("><"), lineterm=""))[:12]:
        print("# " + l[:200])
sys.exit(0 if a == b else 1)
PY

# --- offline with other parameters ---
run_irscan --offline "$EV" --alert-max-age 60 -o "json:$TMP/age.json" -q
OUT=$TMP/age.json
expect_json '[f["status"] for f in d["findings"] if f["check"] == "high-alerts-triaged"].count("fail") < '"$(jget "$TMP/live.json" '[f["status"] for f in d["findings"] if f["check"] == "high-alerts-triaged"].count("fail")')" \
	"True" "offline --alert-max-age 60: fewer untriaged alerts"
expect_json 'd["scan"]["parameters"]["alert_max_age_days"]' "60" "the new parameter is reported"
run_irscan --offline "$EV" --framework cis-azure-2.1.0 -o "json:$TMP/cis.json" -q
OUT=$TMP/cis.json
expect_json '{"2.1.1", "2.1.10"} <= {f["control"] for f in d["findings"] if f["check"] == "defender-plans-standard"}' \
	'True' "offline --framework cis-azure-2.1.0: CIS numbering"
OUT=$TMP/live.json
live_waived=$(jget "$TMP/live.json" 'd["summary"]["waived"]')
run_irscan --offline "$EV" --waivers /dev/null -o "json:$TMP/nw.json" -q
expect_rc 2 "offline --waivers with an invalid file: usage error"
echo '{"waivers": []}' >"$TMP/empty-waivers.json"
run_irscan --offline "$EV" --waivers "$TMP/empty-waivers.json" -o "json:$TMP/nw.json" -q
OUT=$TMP/nw.json
expect_json 'd["summary"]["waived"]' "0" "offline with other waivers: none waived (the live scan waived $live_waived)"
OUT=$TMP/off.json
expect_json 'd["summary"]["waived"]' "$live_waived" "offline by default applies the bundle's waivers"

# --- bad bundles: clear errors, never a crash or a read outside DIR ---
bad_bundle() {	# bad_bundle WHAT EDIT-PYTHON EXPECTED-TEXT
	rm -rf "$TMP/b"
	cp -r "$EV" "$TMP/b"
	python3 - "$TMP/b" <<PY
import json, os, sys
d = sys.argv[1]
$2
PY
	run_irscan verify "$TMP/b"
	expect_rc 1 "verify refuses $1"
	expect_contains "$OUT" "$3" "verify explains $1"
	run_irscan --offline "$TMP/b" -q -o "json:$TMP/b.json"
	expect_rc 2 "offline refuses $1"
	expect_contains "$ERR" "--offline" "offline explains $1"
}
bad_bundle "a truncated manifest" '
t = open(os.path.join(d, "manifest.json"), "rb").read()
open(os.path.join(d, "manifest.json"), "wb").write(t[:len(t) // 2])' "truncated or corrupt"
bad_bundle "a file name with .." '
p = os.path.join(d, "manifest.json"); m = json.load(open(p))
m["entries"][0]["file"] = "../../etc/passwd"; json.dump(m, open(p, "w"))' "not a plain name"
bad_bundle "an absolute file name" '
p = os.path.join(d, "manifest.json"); m = json.load(open(p))
m["entries"][1]["file"] = "/etc/passwd"; json.dump(m, open(p, "w"))' "not a plain name"
bad_bundle "a symbolic link out of the bundle" '
os.remove(os.path.join(d, "000002.json")); os.symlink("/etc/passwd", os.path.join(d, "000002.json"))' "symbolic link"
bad_bundle "a huge file" '
os.truncate(os.path.join(d, "000004.json"), 300 * 1024 * 1024)' "too large: 000004.json"
bad_bundle "a huge manifest" '
os.truncate(os.path.join(d, "manifest.json"), 600 * 1024 * 1024)' "is larger than"
bad_bundle "a wrong entry type" '
p = os.path.join(d, "manifest.json"); m = json.load(open(p))
m["entries"][2]["status"] = "200"; json.dump(m, open(p, "w"))' "entry 3 is malformed"
run_irscan verify "$TMP/nonexistent"
expect_rc 1 "verify of a missing directory"
expect_contains "$OUT" "cannot read" "and says why"

# --- usage ---
run_irscan --offline "$EV" -s "$S1"
expect_rc 2 "--offline with --subscription: the scope is the bundle's"
run_irscan --offline "$EV" --evidence-dir "$TMP/x"
expect_rc 2 "--offline with --evidence-dir"
run_irscan -s "$S1" --sign-key "$TMP/ed.key"
expect_rc 2 "--sign-key without --evidence-dir"
run_irscan verify
expect_rc 2 "verify without a directory"
start_server tenant
scan -s "$S1" --evidence-dir "$EV"
expect_rc 2 "--evidence-dir into a non-empty directory"
expect_contains "$ERR" "not empty" "and says why"

# Every way of choosing and reading subscriptions replays the same.
for mode in "--resource-graph -A" "-m mg-root"; do
	rm -rf "$TMP/ev2"
	scan $mode --evidence-dir "$TMP/ev2" -o "json:$TMP/l2.json"
	run_irscan --offline "$TMP/ev2" -q -o "json:$TMP/o2.json"
	if python3 - "$TMP/l2.json" "$TMP/o2.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(0 if a["findings"] == b["findings"] and len(a["findings"]) > 50 else 1)
PY
	then ok "$mode: offline gives the same findings"; else not_ok "$mode: offline differs"; fi
done

# RSA keys sign with RSA-PSS (SHA-256), checkable with openssl dgst.
openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 -out "$TMP/rsa.key" 2>/dev/null
openssl pkey -in "$TMP/rsa.key" -pubout -out "$TMP/rsa.pub" 2>/dev/null
rm -rf "$TMP/ev3"
scan -s "$S1" --evidence-dir "$TMP/ev3" --sign-key "$TMP/rsa.key" -q
run_irscan verify "$TMP/ev3" --verify-key "$TMP/rsa.pub"
expect_rc 0 "RSA-PSS signature round trip"
run_irscan verify "$TMP/ev3" --verify-key "$TMP/ed.pub"
expect_rc 1 "an Ed25519 key does not verify an RSA signature"
if openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 \
	-verify "$TMP/rsa.pub" -signature "$TMP/ev3/manifest.json.sig" "$TMP/ev3/manifest.json" >/dev/null 2>&1; then
	ok "the RSA-PSS signature verifies with openssl dgst"
else
	not_ok "openssl dgst -verify (RSA-PSS)"
fi
openssl genpkey -algorithm ed25519 -aes-128-cbc -pass pass:x -out "$TMP/enc.key" 2>/dev/null
rm -rf "$TMP/ev4"
scan -s "$S1" --evidence-dir "$TMP/ev4" --sign-key "$TMP/enc.key" -q
expect_rc 2 "an encrypted signing key is refused before scanning"
expect_contains "$ERR" "not an unencrypted PEM private key" "and says why"

# Offline, data the live scan did not read is an error, never a pass.
rm -rf "$TMP/ev5"
scan -s "$S1" --checks security-contact-email --evidence-dir "$TMP/ev5" -q
run_irscan --offline "$TMP/ev5" --checks alerts-exported -q -o "json:$TMP/o5.json"
expect_rc 3 "offline, a check whose data is not in the bundle"
OUT=$TMP/o5.json
expect_json 'finding("alerts-exported", "'"$S1"'")["status"]' "error" "that check is an error"
expect_json '"not in the evidence bundle" in finding("alerts-exported", "'"$S1"'")["message"]' "True" \
	"and says the bundle does not hold its data"
finish
