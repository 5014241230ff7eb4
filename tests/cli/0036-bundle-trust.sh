#!/bin/sh
# What an evidence bundle is trusted for (issue 14, item 6 and the read
# side of item 1): `verify` of a signed bundle without a key does not say
# "verified" unless told to rely on the hashes alone (--skip-signature);
# --offline takes --verify-key and refuses a bundle whose signature fails;
# a bundle written by another irscan version is said so on stderr and in
# the report; a manifest marked "complete": false (an interrupted scan) is
# refused by both.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
openssl genpkey -algorithm ed25519 -out "$TMP/ed.key" 2>/dev/null
openssl pkey -in "$TMP/ed.key" -pubout -out "$TMP/ed.pub" 2>/dev/null
openssl genpkey -algorithm ed25519 -out "$TMP/other.key" 2>/dev/null
openssl pkey -in "$TMP/other.key" -pubout -out "$TMP/other.pub" 2>/dev/null

start_server tenant
scan -s "$S1" --evidence-dir "$TMP/signed" --sign-key "$TMP/ed.key" -q -o "json:$TMP/live.json"
LIVE_RC=$RC
scan -s "$S1" --evidence-dir "$TMP/unsigned" -q
expect_rc "$LIVE_RC" "an unsigned bundle of the same scan"
stop_server
VERSION=$(jget "$TMP/live.json" 'd["tool"]["version"]')
OUT=$TMP/live.json
expect_json '(d["scan"]["bundle_tool_version"], d["scan"]["bundle_signature"])' "(None, None)" \
	"a live scan's report has the bundle fields, null"

# edited NAME FROM PYTHON [KEY]: a copy of bundle FROM as $TMP/NAME whose
# manifest (as `m`) PYTHON edits, then re-hashed, and re-signed with KEY.
edited() {
	rm -rf "${TMP:?}/$1"
	cp -r "$TMP/$2" "$TMP/$1"
	python3 - "$TMP/$1" "$3" <<'PY'
import hashlib, json, os, sys
p = os.path.join(sys.argv[1], "manifest.json")
m = json.load(open(p))
exec(sys.argv[2])
t = json.dumps(m).encode()
open(p, "wb").write(t)
open(p + ".sha256", "w").write(hashlib.sha256(t).hexdigest() + "  manifest.json\n")
PY
	if [ -n "${4:-}" ]; then
		openssl pkeyutl -sign -inkey "$4" -rawin -in "$TMP/$1/manifest.json" \
			-out "$TMP/$1/manifest.json.sig"
	fi
}
offline() {	# offline DIR ARGS...: --offline DIR with a JSON report in $TMP/off.json
	d=$1
	shift
	rm -f "$TMP/off.json"
	run_irscan --offline "$TMP/$d" -o "json:$TMP/off.json" "$@"
}
lines() { grep -c '' "$1"; }

# --- verify: a signature present but not checked is not "verified" ---
run_irscan verify "$TMP/signed"
expect_rc 1 "verify of a signed bundle without --verify-key"
expect_contains "$OUT" "signature: manifest.json.sig was not checked: give --verify-key" \
	"  ... says the signature was not checked and how to check it"
expect_contains "$OUT" "not verified: 1 problem in $TMP/signed" "  ... and does not say verified"
run_irscan verify "$TMP/signed" --skip-signature
expect_rc 0 "verify --skip-signature: the hashes alone, by intent"
expect_contains "$OUT" "signed, signature not checked (--skip-signature)" "  ... and says what was not checked"
run_irscan verify "$TMP/signed" --verify-key "$TMP/ed.pub"
expect_rc 0 "verify --verify-key of the signed bundle"
run_irscan verify "$TMP/unsigned"
expect_rc 0 "verify of an unsigned bundle: nothing else to check"
expect_contains "$OUT" "not signed" "  ... says it is not signed"
run_irscan verify "$TMP/unsigned" --verify-key "$TMP/ed.pub"
expect_rc 1 "verify --verify-key of an unsigned bundle"
run_irscan verify "$TMP/signed" --verify-key "$TMP/ed.pub" --skip-signature
expect_rc 2 "--verify-key with --skip-signature: a usage error"
run_irscan -s "$S1" --skip-signature
expect_rc 2 "--skip-signature outside verify and --offline"

# --- --offline takes --verify-key ---
offline signed --verify-key "$TMP/ed.pub" -q
expect_rc "$LIVE_RC" "--offline --verify-key with the signer's key: evaluated"
OUT=$TMP/off.json
expect_json '(d["scan"]["bundle_signature"], d["scan"]["bundle_tool_version"])' "('valid', '$VERSION')" \
	"  ... the report says the signature was valid and which irscan wrote the bundle"
offline signed --verify-key "$TMP/other.pub" -q
expect_rc 2 "--offline --verify-key with another key: refused"
expect_contains "$ERR" "not a valid signature of manifest.json by this key" "  ... names the signature"
[ ! -e "$TMP/off.json" ] && ok "  ... and writes no report" || not_ok "a report was written"
offline unsigned --verify-key "$TMP/ed.pub" -q
expect_rc 2 "--offline --verify-key of an unsigned bundle: refused"
expect_contains "$ERR" "signature: cannot read" "  ... says the signature is missing"
offline signed --verify-key /nonexistent.pem -q
expect_rc 2 "--offline with an unreadable --verify-key"
offline signed --verify-key "$TMP/ed.key" -q
expect_rc 2 "--offline with a --verify-key that is no public key"
expect_contains "$ERR" "irscan: error: --verify-key: $TMP/ed.key holds no PEM public key" "  ... says so"
expect_absent "$ERR" '\n' "  ... in one line, with no escaped line break"
# The manifest edited and re-hashed: only the signature can tell.
edited tampered signed 'm["scan"]["tenant"] = "00000000-0000-4000-8000-000000000bad"'
offline tampered --verify-key "$TMP/ed.pub" -q
expect_rc 2 "--offline --verify-key: an edited, re-hashed manifest is refused"
expect_contains "$ERR" "signature: manifest.json.sig is not a valid signature" "  ... by its signature"
# Without a key the signature cannot be checked: said on stderr and in the report.
offline signed
expect_rc "$LIVE_RC" "--offline of a signed bundle without a key: evaluated"
expect_contains "$ERR" "warning: the evidence bundle is signed but its signature was not checked" \
	"  ... with a warning on stderr"
OUT=$TMP/off.json
expect_json 'd["scan"]["bundle_signature"]' "not-checked" "  ... and in the report"
offline signed --skip-signature
expect_absent "$ERR" "signature was not checked" "--offline --skip-signature: no warning, by intent"
OUT=$TMP/off.json
expect_json 'd["scan"]["bundle_signature"]' "not-checked" "  ... the report still says it"
offline unsigned
expect_rc "$LIVE_RC" "--offline of an unsigned bundle"
expect_absent "$ERR" "signature" "  ... no signature warning"
OUT=$TMP/off.json
expect_json 'd["scan"]["bundle_signature"]' "none" "  ... the report says it is not signed"

# --- a bundle from another irscan version ---
offline signed --verify-key "$TMP/ed.pub"
expect_absent "$ERR" "written by irscan" "the same version: no warning"
edited old signed 'm["tool"]["version"] = "0.0.1"' "$TMP/ed.key"
run_irscan verify "$TMP/old" --verify-key "$TMP/ed.pub"
expect_rc 0 "verify: another version's bundle verifies (the hashes do not depend on it)"
offline old --verify-key "$TMP/ed.pub" -o "html:$TMP/off.html"
expect_rc "$LIVE_RC" "--offline of another version's bundle: evaluated"
expect_contains "$ERR" "warning: the evidence bundle was written by irscan 0.0.1, this is irscan $VERSION" \
	"  ... said on stderr"
[ "$(grep -c 'written by irscan' "$ERR")" = 1 ] && ok "  ... in one line" || not_ok "warning lines" "$(cat "$ERR")"
OUT=$TMP/off.json
expect_json 'd["scan"]["bundle_tool_version"], d["tool"]["version"]' "('0.0.1', '$VERSION')" \
	"  ... and in the JSON report"
expect_contains "$TMP/off.html" "written by irscan <code>0.0.1</code>, not this version" "  ... and in the HTML report"
edited noversion signed 'del m["tool"]["version"]' "$TMP/ed.key"
offline noversion --verify-key "$TMP/ed.pub" -q
expect_rc 2 "--offline: a manifest without the tool version is malformed"

# --- an interrupted scan's manifest ("complete": false) ---
for key in "" "$TMP/ed.key"; do
	edited incomplete signed 'm["complete"] = False' "$key"
	run_irscan verify "$TMP/incomplete" ${key:+--verify-key "$TMP/ed.pub"}
	expect_rc 1 "verify refuses an incomplete bundle${key:+ (signed again)}"
	expect_contains "$OUT" "the evidence bundle is incomplete: the scan that wrote it was interrupted" \
		"  ... saying why"
	[ "$(lines "$OUT")" = 1 ] && ok "  ... in one line" || not_ok "verify output" "$(cat "$OUT")"
	offline incomplete ${key:+--verify-key "$TMP/ed.pub"} -q
	expect_rc 2 "--offline refuses an incomplete bundle${key:+ (signed again)}"
	expect_contains "$ERR" "the evidence bundle is incomplete: the scan that wrote it was interrupted" \
		"  ... saying why"
	[ "$(lines "$ERR")" = 1 ] && ok "  ... in one line" || not_ok "offline stderr" "$(cat "$ERR")"
	[ ! -e "$TMP/off.json" ] && ok "  ... and writes no report" || not_ok "a report was written"
done
edited complete signed 'm["complete"] = True' "$TMP/ed.key"
run_irscan verify "$TMP/complete" --verify-key "$TMP/ed.pub"
expect_rc 0 "verify: \"complete\": true is a complete bundle"
offline complete --verify-key "$TMP/ed.pub" -q
expect_rc "$LIVE_RC" "--offline: \"complete\": true is evaluated"
edited oddcomplete signed 'm["complete"] = "false"' "$TMP/ed.key"
run_irscan verify "$TMP/oddcomplete" --verify-key "$TMP/ed.pub"
expect_rc 1 "verify: \"complete\" that is not a boolean is malformed"
expect_contains "$OUT" "'complete' must be true or false" "  ... saying so"
offline oddcomplete --verify-key "$TMP/ed.pub" -q
expect_rc 2 "--offline: the same"
# Two "complete" keys: a reader keeping the first would see true.
rm -rf "$TMP/twice" && cp -r "$TMP/signed" "$TMP/twice"
python3 - "$TMP/twice" <<'PY'
import hashlib, os, sys
p = os.path.join(sys.argv[1], "manifest.json")
t = open(p, "rb").read().rstrip()
assert t.endswith(b"}")
t = b'{"complete": true, "complete": false, ' + t[1:]
open(p, "wb").write(t)
open(p + ".sha256", "w").write(hashlib.sha256(t).hexdigest() + "  manifest.json\n")
PY
run_irscan verify "$TMP/twice" --skip-signature
expect_rc 1 "verify: a manifest with a key given twice is refused"
expect_contains "$OUT" "field 'complete' appears twice" "  ... naming the key"
finish
