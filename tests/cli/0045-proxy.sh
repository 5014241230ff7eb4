#!/bin/sh
# Issue 14, item 8: libcurl takes a proxy from https_proxy / HTTPS_PROXY /
# ALL_PROXY unless NO_PROXY covers the host.  When a connection through a
# dead proxy fails, the error names the proxy (host:port and the variable
# it came from), never its user name or password, instead of looking like
# an unreachable token or Resource Manager endpoint.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
USER=proxyuser
PASS=Pr0xy-Passw0rd-42
make_test_ca
start_server tenant --https --cert "$TMP/ca/server.pem" --key "$TMP/ca/server.key"
PORT=${HTTPS_BASE##*:}
# A port nothing listens on: the dead proxy.
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY || true

# through VAR VALUE [ARGS...]: a scan over HTTPS with VAR=VALUE set.
through() {
	var=$1
	value=$2
	shift 2
	OUT=$TMP/out.json
	ERR=$TMP/err.txt
	RC=0
	env "$var=$value" AZURE_TENANT_ID="$TEST_TENANT" AZURE_CLIENT_ID="$TEST_CLIENT" \
		AZURE_CLIENT_SECRET="$TEST_SECRET" "$IRSCAN" --ca-bundle "$CA_PEM" --max-retries 0 \
		-s "$S1" -o json:"$TMP/r.json" "$@" >"$OUT" 2>"$ERR" || RC=$?
	sanitizer_clean
}
no_credentials_shown() {
	if grep -qF -e "$USER" -e "$PASS" "$ERR" "$TMP/r.json"; then
		not_ok "$1: the proxy's user or password is shown" "$(grep -F -e "$USER" -e "$PASS" "$ERR" "$TMP/r.json" | head -c 500)"
	else
		ok "$1: neither the proxy's user nor its password is shown"
	fi
}

through https_proxy "http://$USER:$PASS@127.0.0.1:$DEAD" --arm-endpoint "$HTTPS_BASE" --authority-host "$HTTPS_BASE"
expect_rc 3 "https_proxy pointing at a dead proxy"
expect_contains "$ERR" "cannot reach the token endpoint $HTTPS_BASE: through proxy 127.0.0.1:$DEAD (https_proxy): " \
	"the error names the proxy and the variable"
expect_contains "$TMP/r.json" "through proxy 127.0.0.1:$DEAD (https_proxy)" "... in the JSON report too"
no_credentials_shown "https_proxy"

through HTTPS_PROXY "$USER:$PASS@127.0.0.1:$DEAD" --arm-endpoint "$HTTPS_BASE" --authority-host "$HTTPS_BASE"
expect_rc 3 "HTTPS_PROXY without a scheme"
expect_contains "$ERR" "through proxy 127.0.0.1:$DEAD (HTTPS_PROXY): " "names HTTPS_PROXY"
no_credentials_shown "HTTPS_PROXY"

through ALL_PROXY "socks5h://$USER:$PASS@127.0.0.1:$DEAD" --arm-endpoint "$HTTPS_BASE" --authority-host "$HTTPS_BASE"
expect_rc 3 "ALL_PROXY with a SOCKS proxy"
expect_contains "$ERR" "through proxy 127.0.0.1:$DEAD (ALL_PROXY): " "names ALL_PROXY"
no_credentials_shown "ALL_PROXY"

# NO_PROXY covers the host: libcurl connects directly, and so the scan works.
OUT=$TMP/out.json
RC=0
env https_proxy="http://127.0.0.1:$DEAD" NO_PROXY="example.com, 127.0.0.0/8" \
	AZURE_TENANT_ID="$TEST_TENANT" AZURE_CLIENT_ID="$TEST_CLIENT" AZURE_CLIENT_SECRET="$TEST_SECRET" \
	"$IRSCAN" --ca-bundle "$CA_PEM" -s "$S1" --arm-endpoint "$HTTPS_BASE" --authority-host "$HTTPS_BASE" \
	>"$OUT" 2>"$TMP/err.txt" || RC=$?
expect_rc 0 "NO_PROXY covering 127.0.0.0/8: no proxy, the scan works"

# Only Resource Manager through the proxy (no_proxy names the sign-in host):
# the findings that could not be read name it.
OUT=$TMP/out.json
RC=0
env https_proxy="http://127.0.0.1:$DEAD" no_proxy=localhost \
	AZURE_TENANT_ID="$TEST_TENANT" AZURE_CLIENT_ID="$TEST_CLIENT" AZURE_CLIENT_SECRET="$TEST_SECRET" \
	"$IRSCAN" --ca-bundle "$CA_PEM" --max-retries 0 -s "$S1" --arm-endpoint "$HTTPS_BASE" \
	--authority-host "https://localhost:$PORT" -o json:"$TMP/r.json" >"$OUT" 2>"$TMP/err.txt" || RC=$?
expect_rc 3 "sign-in direct (no_proxy=localhost), Resource Manager through the dead proxy"
OUT=$TMP/r.json
expect_json '[e["message"] for e in d["errors"] if "through proxy 127.0.0.1:'"$DEAD"' (https_proxy): " not in e["message"]]' '[]' \
	"every read error names the proxy"
expect_json 'len(d["errors"]) > 0' True "... and there are read errors"

# Without a proxy, a dead endpoint is not blamed on one.
OUT=$TMP/out.json
RC=0
env AZURE_TENANT_ID="$TEST_TENANT" AZURE_CLIENT_ID="$TEST_CLIENT" AZURE_CLIENT_SECRET="$TEST_SECRET" \
	"$IRSCAN" --max-retries 0 -s "$S1" --arm-endpoint "https://127.0.0.1:$DEAD" \
	--authority-host "https://127.0.0.1:$DEAD" >"$OUT" 2>"$TMP/err.txt" || RC=$?
expect_rc 3 "no proxy, a dead endpoint"
expect_absent "$TMP/err.txt" "proxy" "no proxy is named"
finish
