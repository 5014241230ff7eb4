#!/bin/sh
# Small command-line defects of issue 14 (item 8): every one-line error
# is one line (no literal \n), a CA bundle that holds no certificate is a
# usage error before any connection, -v with -q is refused, a word after
# `--` is named as an unexpected argument, --fail-on offers only
# severities some check has, and -q still says why a scan exits 3.
. "$(dirname "$0")/lib.sh"

SUB=c0000001-0000-4000-8000-000000000001
FAILING=c0000002-0000-4000-8000-000000000002
FORBIDDEN=c0000009-0000-4000-8000-000000000009
NOWHERE="--arm-endpoint http://127.0.0.1:9 --authority-host http://127.0.0.1:9"
unset AZURE_SUBSCRIPTION_ID IRSCAN_CA_BUNDLE || true

# usage WHAT ARGS...: exit 2 with one error line.
usage() {
	what=$1
	shift
	run_irscan "$@"
	expect_rc 2 "$what"
	if [ "$(wc -l <"$ERR")" -eq 1 ] && grep -q '^irscan: error: ' "$ERR"; then
		ok "$what: one line"
	else
		not_ok "$what: expected one error line" "$(cat "$ERR")"
	fi
}
# no_literal_newline FILE WHAT: no "\n" escape in any line.
no_literal_newline() {
	if grep -qF '\n' "$1"; then
		not_ok "$2: a literal \\n in the output" "$(grep -F '\n' "$1" | head -c 600)"
	else
		ok "$2: no literal \\n"
	fi
}

# --- -v and -q exclude each other ---
for pair in "-vq" "-qv" "-v -q" "--quiet --verbose"; do
	# shellcheck disable=SC2086
	usage "$pair refused" -s "$SUB" $pair $NOWHERE
	expect_contains "$ERR" "-q and -v exclude each other" "  ... and says why ($pair)"
done

# --- a word after -- is an unexpected argument, not a command ---
usage "-- extra" -s "$SUB" -- extra
expect_contains "$ERR" "unexpected argument 'extra'" "names the argument after --"
expect_absent "$ERR" "unknown command" "does not call it a command"
usage "scan -- extra" scan -s "$SUB" -- extra
expect_contains "$ERR" "unexpected argument 'extra'" "after the scan command too"
usage "a misspelt command is still one" frobnicate
expect_contains "$ERR" "unknown command 'frobnicate'" "a first word without -- is a command"

# --- --fail-on offers only what some check can fail with ---
run_irscan list-checks
if awk 'NR > 1 && $3 == "critical"' "$OUT" | grep -q .; then
	not_ok "the catalogue has no critical check (this test assumes so)"
else
	ok "no check in the catalogue is critical"
fi
usage "--fail-on critical" -s "$SUB" --fail-on critical $NOWHERE
expect_contains "$ERR" "no check has severity critical" "says no check is critical"
expect_contains "$ERR" "never" "  ... and offers never (to leave failures out of the exit code)"
run_irscan --help
expect_absent "$OUT" "high, critical" "--help does not offer --fail-on critical"
run_irscan completion bash
expect_absent "$OUT" "critical never" "the completion does not offer critical"
for s in low medium high never; do
	run_irscan -s "$SUB" --fail-on "$s" --checks no-such-check $NOWHERE
	expect_absent "$ERR" "--fail-on" "--fail-on $s is accepted"
done

# --- a CA bundle without a certificate is refused before any connection ---
printf 'not a certificate\n' >"$TMP/junk.pem"
openssl genpkey -algorithm ed25519 -out "$TMP/key-only.pem" 2>/dev/null
start_server tenant
usage "non-PEM --ca-bundle" -s "$SUB" --ca-bundle "$TMP/junk.pem" --arm-endpoint "$BASE" --authority-host "$BASE"
expect_contains "$ERR" "--ca-bundle: '$TMP/junk.pem' holds no PEM certificate" "names the option and the file"
usage "--ca-bundle with a key and no certificate" -s "$SUB" --ca-bundle "$TMP/key-only.pem" --arm-endpoint "$BASE" --authority-host "$BASE"
IRSCAN_CA_BUNDLE=$TMP/junk.pem run_irscan -s "$SUB" --arm-endpoint "$BASE" --authority-host "$BASE"
expect_rc 2 "non-PEM IRSCAN_CA_BUNDLE"
expect_contains "$ERR" "IRSCAN_CA_BUNDLE: '$TMP/junk.pem' holds no PEM certificate" "names the variable and the file"
n=$(logq 'len(L)')
if [ "$n" = 0 ]; then ok "no request was sent for a bad CA bundle"; else not_ok "requests sent before the CA bundle was checked: $n"; fi
make_test_ca
scan -s "$SUB" --ca-bundle "$CA_PEM" -o json:"$TMP/ca.json"
expect_rc 0 "a PEM CA bundle is accepted"

# --- no credentials: each line one line, and so is the exit reason ---
AZURE_TENANT_ID= AZURE_CLIENT_ID= AZURE_CLIENT_SECRET= PATH=/nonexistent \
	scan -s "$SUB" -o json:"$TMP/nocred.json"
expect_rc 3 "no credentials"
OUT=$TMP/nocred.json
no_literal_newline "$ERR" "no credentials, console"
last=$(tail -n 1 "$ERR")
case $last in
"exit 3: the scan could not run: no credentials: --auth auto found none configured"*"secret: set AZURE_TENANT_ID"*"cli: "*)
	ok "the exit line names every credential tried, on one line" ;;
*) not_ok "the exit line" "$last" ;;
esac
expect_json 'chr(10) in d["scan"]["exit_reason"]' False "JSON exit_reason is one line"
expect_json 'd["scan"]["fatal_error"].count(chr(10))' 5 "JSON fatal_error keeps one line per credential"
AZURE_TENANT_ID= AZURE_CLIENT_ID= AZURE_CLIENT_SECRET= PATH=/nonexistent \
	scan -s "$SUB" -q
expect_rc 3 "no credentials, -q"
no_literal_newline "$ERR" "no credentials, -q"
expect_contains "$ERR" "irscan: error: no credentials" "-q: the reason is still said"

# --- verify --verify-key with a file that is no key: one line ---
openssl genpkey -algorithm ed25519 -out "$TMP/ed.key" 2>/dev/null
scan -s "$SUB" --evidence-dir "$TMP/ev" --sign-key "$TMP/ed.key"
expect_rc 0 "a signed bundle"
usage "verify --verify-key junk.pem" verify "$TMP/ev" --verify-key "$TMP/junk.pem"
no_literal_newline "$ERR" "verify --verify-key junk.pem"
expect_contains "$ERR" "holds no PEM public key or certificate (see 'irscan --help')" "says what is wrong with the key"

# --- -q and exit 3: the one-line reason is printed ---
scan -s "$FORBIDDEN" -q -o json:"$TMP/q.json"
expect_rc 3 "-q, a subscription whose contacts cannot be read"
reason=$(jget "$TMP/q.json" 'd["scan"]["exit_reason"]')
if [ "$(cat "$ERR")" = "irscan: error: exit 3: $reason" ]; then
	ok "-q with exit 3: one line with the reason ('$reason')"
else
	not_ok "-q with exit 3 prints the reason" "$(cat "$ERR")"
fi
scan -s "$FAILING" -q
expect_rc 1 "-q, failing findings"
if [ -s "$ERR" ]; then not_ok "-q with exit 1 printed something" "$(cat "$ERR")"; else ok "-q with exit 1: nothing on stderr"; fi
finish
