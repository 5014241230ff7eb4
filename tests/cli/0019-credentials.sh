#!/bin/sh
# The credential chain of SPEC §4 against a fake Entra ID that checks what
# the real one does: certificate assertions (PEM and PKCS#12, PS256,
# x5t#S256, x5c, aud/iss/sub/jti/nbf/exp, verified signature), workload
# identity federation (the file re-read after rotation), managed identity
# (App Service endpoint and IMDS, their headers, retries, user-assigned),
# the Azure CLI (a stub `az`: logged in, not logged in, hanging), `auto`
# picking the right one, per-cloud audiences, refresh during long scans,
# and no secret or token in any output.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
CERT_CLIENT=ce7c11e0-0000-4000-8000-000000000002
X5C_CLIENT=ce7c11e0-0000-4000-8000-000000000003
FED_CLIENT=fede7a7e-0000-4000-8000-000000000004
MI_SYSTEM=5a5a5a5a-0000-4000-8000-000000000005
MI_USER=0a0a0a0a-0000-4000-8000-000000000006
ID_HEADER='identity-header~Secret-0123456789'
P12_PASSWORD='p12-pass~word-0123'

# Keys and certificates made here: a PEM file with key and certificate,
# and the same as PKCS#12 with a password.
mkdir -p "$TMP/scen"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/scen/cert.pem" \
	-subj /CN=irscan-test -days 2 2>/dev/null
cat "$TMP/key.pem" "$TMP/scen/cert.pem" >"$TMP/both.pem"
openssl pkcs12 -export -inkey "$TMP/key.pem" -in "$TMP/scen/cert.pem" -out "$TMP/cert.p12" \
	-passout "pass:$P12_PASSWORD" 2>/dev/null
echo "federated-assertion-one.$(date +%s%N)" >"$TMP/scen/fed.jwt"

make_scenario() {	# make_scenario DIR TOKEN_LIFETIME_S
	python3 - "$SCENARIOS/tenant/scenario.json" "$1/scenario.json" "$2" <<PY
import json, sys
s = json.load(open(sys.argv[1]))
s["clients"] += [
    {"client_id": "$CERT_CLIENT", "client_secret": "unused-cert-client-secret-1", "certificate": "cert.pem"},
    {"client_id": "$X5C_CLIENT", "client_secret": "unused-cert-client-secret-2", "certificate": "cert.pem",
     "require_x5c": True},
    {"client_id": "$FED_CLIENT", "client_secret": "unused-fed-client-secret-3",
     "federated_assertion_file": "fed.jwt"},
]
s["managed_identity"] = {"identity_header": "$ID_HEADER", "system_client_id": "$MI_SYSTEM",
                         "user_assigned": ["$MI_USER"]}
s["token_lifetime_s"] = int(sys.argv[3])
json.dump(s, open(sys.argv[2], "w"))
PY
}
make_scenario "$TMP/scen" 3600
start_server "$TMP/scen"

# cred_scan ENV... -- ARGS...: irscan with only the given credential
# variables (none of the test's defaults), against the fake server.
cred_scan() {
	OUT=$TMP/out.json
	ERR=$TMP/err.txt
	RC=0
	set -- env -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_ID -u AZURE_TENANT_ID \
		-u AZURE_CLIENT_CERTIFICATE_PATH -u AZURE_FEDERATED_TOKEN_FILE -u IDENTITY_ENDPOINT \
		-u IDENTITY_HEADER PATH="$TMP/nopath:/usr/bin:/bin" "$@"
	"$@" >"$OUT" 2>"$ERR" || RC=$?
	sanitizer_clean
}
tokens() { logq 'len([x for x in L if x["path"].endswith("/oauth2/v2.0/token")])'; }
reset() { curl -s -X POST "$BASE/_fake/reset" >/dev/null; }
ARGS="--arm-endpoint $BASE --authority-host $BASE -o json:-"

# --- certificate, PEM with the key ---
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$CERT_CLIENT \
	AZURE_CLIENT_CERTIFICATE_PATH="$TMP/both.pem" "$IRSCAN" -v -s "$S1" $ARGS
expect_rc 0 "certificate (PEM key and certificate)"
expect_json 'd["scan"]["credential"]' "certificate" "the report names the credential"
expect_contains "$ERR" "signing in with the certificate credential" "verbose says which credential"
python3 - "$LOG" "$TMP/scen/cert.pem" "$BASE/$TEST_TENANT/oauth2/v2.0/token" "$CERT_CLIENT" <<'PY' &&
import base64, hashlib, json, ssl, sys
L = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
t = [x for x in L if x["path"].endswith("/oauth2/v2.0/token")]
a = t[0]["assertion"]
h, c = a["header"], a["claims"]
der = ssl.PEM_cert_to_DER_cert(open(sys.argv[2]).read())
x5t = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
assert t[0]["status"] == 200
assert h["alg"] == "PS256" and h["x5t#S256"] == x5t and "x5c" not in h, h
assert c["aud"] == sys.argv[3] and c["iss"] == c["sub"] == sys.argv[4], c
assert c["exp"] - c["nbf"] == 600 and len(c["jti"]) == 36, c
assert t[0]["form"]["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
assert "client_secret" not in t[0]["form"]
PY
	ok "the assertion: PS256, x5t#S256 of the certificate, aud, iss = sub, jti, 10 minutes" ||
	not_ok "certificate assertion"

# --- certificate, PKCS#12 with a password; a wrong password ---
reset
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$CERT_CLIENT \
	AZURE_CLIENT_CERTIFICATE_PATH="$TMP/cert.p12" AZURE_CLIENT_CERTIFICATE_PASSWORD="$P12_PASSWORD" \
	"$IRSCAN" -v -s "$S1" $ARGS
expect_rc 0 "certificate (PKCS#12 with AZURE_CLIENT_CERTIFICATE_PASSWORD)"
expect_absent "$ERR" "$P12_PASSWORD" "the password is never printed"
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$CERT_CLIENT \
	AZURE_CLIENT_CERTIFICATE_PATH="$TMP/cert.p12" AZURE_CLIENT_CERTIFICATE_PASSWORD=wrong \
	"$IRSCAN" --auth certificate -s "$S1" $ARGS
expect_rc 3 "PKCS#12 with a wrong password"
expect_contains "$ERR" "AZURE_CLIENT_CERTIFICATE_PASSWORD" "says the password may be wrong"

# --- x5c: required by the app (subject name / issuer), sent on request ---
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$X5C_CLIENT \
	AZURE_CLIENT_CERTIFICATE_PATH="$TMP/both.pem" "$IRSCAN" -s "$S1" $ARGS
expect_rc 3 "no x5c where the app requires the chain: refused"
reset
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$X5C_CLIENT AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true \
	AZURE_CLIENT_CERTIFICATE_PATH="$TMP/both.pem" "$IRSCAN" -s "$S1" $ARGS
expect_rc 0 "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true sends x5c"
got=$(logq '[x["assertion"]["header"].get("x5c") for x in L if x.get("assertion")][0]')
if [ "$got" = 1 ]; then ok "x5c holds the certificate"; else not_ok "x5c" "$got"; fi

# --- managed identity, App Service style; user-assigned ---
reset
cred_scan IDENTITY_ENDPOINT="$BASE/msi/token" IDENTITY_HEADER="$ID_HEADER" "$IRSCAN" -v -s "$S1" $ARGS
expect_rc 0 "managed identity (IDENTITY_ENDPOINT + IDENTITY_HEADER), chosen by auto"
expect_json 'd["scan"]["credential"]' "managed-identity" "reported as managed-identity"
expect_absent "$ERR" "$ID_HEADER" "the identity header is never printed"
got=$(logq '[x["query"].get("resource") for x in L if x["path"] == "/msi/token"]')
if [ "$got" = '[["https://management.azure.com/"]]' ] || [ "$got" = '["https://management.azure.com/"]' ]; then
	ok "asked for Resource Manager's audience"
else
	not_ok "managed identity resource" "$got"
fi
reset
cred_scan IDENTITY_ENDPOINT="$BASE/msi/token" IDENTITY_HEADER="$ID_HEADER" AZURE_CLIENT_ID=$MI_USER \
	"$IRSCAN" -s "$S1" $ARGS
expect_rc 0 "user-assigned identity (AZURE_CLIENT_ID)"
got=$(logq '"'$MI_USER'" in json.dumps([x["query"] for x in L if x["path"] == "/msi/token"])')
if [ "$got" = True ]; then ok "its client_id was sent"; else not_ok "user-assigned client_id"; fi
cred_scan IDENTITY_ENDPOINT="$BASE/msi/token" IDENTITY_HEADER=wrong-header "$IRSCAN" \
	--auth managed-identity -s "$S1" $ARGS
expect_rc 3 "a wrong IDENTITY_HEADER is refused"
expect_contains "$ERR" "managed identity endpoint" "and the message names the endpoint"

# --- IMDS: only with --auth managed-identity; 404 and 410 are retried ---
reset
curl -s -X POST -d '[{"path": "/metadata/identity/oauth2/token", "status": 404, "times": 1},
	{"path": "/metadata/identity/oauth2/token", "status": 410, "times": 1}]' "$BASE/_fake/faults" >/dev/null
cred_scan AZURE_POD_IDENTITY_AUTHORITY_HOST="$BASE" "$IRSCAN" --auth managed-identity -s "$S1" $ARGS
expect_rc 0 "IMDS (--auth managed-identity) after a 404 and a 410"
got=$(logq 'len([x for x in L if x["path"] == "/metadata/identity/oauth2/token"])')
if [ "$got" = 3 ]; then ok "IMDS asked three times (404, 410, 200)"; else not_ok "IMDS retries" "$got"; fi
reset
cred_scan AZURE_POD_IDENTITY_AUTHORITY_HOST="$BASE" "$IRSCAN" -s "$S1" $ARGS
expect_rc 3 "auto without IDENTITY_ENDPOINT: no managed identity"
got=$(logq 'len([x for x in L if x["path"].startswith("/metadata")])')
if [ "$got" = 0 ]; then ok "auto never probes IMDS"; else not_ok "IMDS probed by auto" "$got"; fi
expect_contains "$ERR" "managed-identity: IDENTITY_ENDPOINT is not set" "auto lists why each credential is not there"

# --- Azure CLI (a stub az on PATH) ---
AZ_ENV="AZ_STUB_LOG=$TMP/az.log AZ_STUB_TOKEN_URL=$BASE/$TEST_TENANT/oauth2/v2.0/token AZ_STUB_CLIENT_ID=$TEST_CLIENT AZ_STUB_SECRET=$TEST_SECRET"
az_scan() {	# az_scan MODE ARGS...
	mode=$1
	shift
	: >"$TMP/az.log"
	cred_scan $AZ_ENV AZ_STUB_MODE=$mode PATH="$ROOT/tests/tools/azstub:/usr/bin:/bin" "$IRSCAN" "$@"
}
az_scan ok -s "$S1" $ARGS
expect_rc 0 "Azure CLI (az logged in), chosen by auto"
expect_json 'd["scan"]["credential"]' "cli" "reported as cli"
expect_contains "$TMP/az.log" '["account", "get-access-token", "--resource", "https://management.azure.com/", "--output", "json"]' \
	"az was run with fixed arguments, no shell"
az_scan old -s "$S1" $ARGS
expect_rc 0 "an older az that gives only expiresOn (local time)"
az_scan notloggedin -s "$S1" $ARGS
expect_rc 3 "az not logged in"
expect_contains "$ERR" "run az login" "says to run az login"
start=$(date +%s)
az_scan hang --auth cli --timeout 2 -s "$S1" $ARGS
expect_rc 3 "a hanging az is killed"
if [ $(( $(date +%s) - start )) -lt 15 ]; then ok "within the timeout"; else not_ok "az timeout"; fi
expect_contains "$ERR" "did not finish within 2 s" "and says so"
cred_scan "$IRSCAN" --auth cli -s "$S1" $ARGS
expect_rc 3 "no az on PATH"
expect_contains "$ERR" "not found on PATH" "says az is missing"

# --- clouds: each asks for its own audience, whatever the hosts ---
for cloud in "AzureCloud https://management.azure.com" \
	"AzureUSGovernment https://management.usgovcloudapi.net" \
	"AzureChinaCloud https://management.chinacloudapi.cn"; do
	set -- $cloud
	reset
	scan --cloud "$1" -s "$S1" -o json:-
	got=$(logq '[x["form"]["scope"] for x in L if x.get("form")][0]')
	if [ "$RC" = 0 ] && [ "$got" = "$2/.default" ]; then ok "$1: scope $got"; else not_ok "$1 scope" "rc $RC, $got"; fi
	reset
	cred_scan IDENTITY_ENDPOINT="$BASE/msi/token" IDENTITY_HEADER="$ID_HEADER" "$IRSCAN" --cloud "$1" -s "$S1" $ARGS
	got=$(logq '[x["query"]["resource"] for x in L if x["path"] == "/msi/token"][0]')
	case $got in *"$2/"*) ok "$1: managed identity resource $2/" ;; *) not_ok "$1 MI resource" "$got" ;; esac
	az_scan ok --cloud "$1" -s "$S1" $ARGS
	expect_contains "$TMP/az.log" "\"--resource\", \"$2/\"" "$1: az --resource $2/"
done

# --- long scans: tokens expire and are refreshed (certificate, federation
# with the file rotated meanwhile, managed identity) ---
stop_server
mkdir -p "$TMP/short"
cp "$TMP/scen/cert.pem" "$TMP/scen/fed.jwt" "$TMP/short/"
make_scenario "$TMP/short" 2
start_server "$TMP/short" --latency-ms 20
ARGS="--arm-endpoint $BASE --authority-host $BASE -o json:-"
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$CERT_CLIENT \
	AZURE_CLIENT_CERTIFICATE_PATH="$TMP/both.pem" "$IRSCAN" -A --concurrency 2 $ARGS
n=$(tokens)
jtis=$(logq 'len({x["assertion"]["claims"]["jti"] for x in L if x.get("assertion")})')
if [ "$RC" -le 1 ] && [ "$n" -ge 2 ] && [ "$jtis" = "$n" ]; then ok "certificate: $n tokens in one scan, each assertion with its own jti"
else not_ok "certificate refresh" "rc $RC, $n tokens, $jtis jti"; fi
reset
( sleep 1.5; echo "federated-assertion-two.$(date +%s%N)" >"$TMP/short/fed.jwt.new" &&
	mv "$TMP/short/fed.jwt.new" "$TMP/short/fed.jwt" ) &
rotator=$!
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$FED_CLIENT AZURE_FEDERATED_TOKEN_FILE="$TMP/short/fed.jwt" \
	"$IRSCAN" -A --concurrency 2 $ARGS
wait "$rotator"
n=$(tokens)
bad=$(logq 'len([x for x in L if x["path"].endswith("/oauth2/v2.0/token") and x["status"] != 200])')
if [ "$RC" -le 1 ] && [ "$n" -ge 2 ] && [ "$bad" = 0 ]; then ok "federated: the file was rotated mid-scan and re-read ($n tokens, none refused)"
else not_ok "federated rotation" "rc $RC, $n tokens, $bad refused"; fi
expect_json 'd["scan"]["credential"]' "federated" "reported as federated"
reset
cred_scan IDENTITY_ENDPOINT="$BASE/msi/token" IDENTITY_HEADER="$ID_HEADER" "$IRSCAN" -A --concurrency 2 $ARGS
n=$(logq 'len([x for x in L if x["path"] == "/msi/token"])')
if [ "$RC" -le 1 ] && [ "$n" -ge 2 ]; then ok "managed identity: refreshed $n times in one scan"; else not_ok "MI refresh" "rc $RC, $n"; fi

# --- nothing secret in any output (the fake tokens start "fake-") ---
expect_absent "$OUT" "fake-" "no token in the report"
reset
cred_scan AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$FED_CLIENT AZURE_FEDERATED_TOKEN_FILE="$TMP/short/fed.jwt" \
	"$IRSCAN" -v -s "$S1" $ARGS
expect_absent "$ERR" "fake-" "no token in verbose output"
expect_absent "$ERR" "$(cat "$TMP/short/fed.jwt")" "no federated assertion in verbose output"
expect_absent "$OUT" "$(cat "$TMP/short/fed.jwt")" "no federated assertion in the report"
finish
