#!/bin/sh
# Client secret credentials: token errors are one line, exit 3, and the
# secret is never printed or written; missing credentials are explained.
. "$(dirname "$0")/lib.sh"

start_server tenant
SUB=c0000001-0000-4000-8000-000000000001
WRONG='Wrong~Secret.0000000000000000'

AZURE_CLIENT_SECRET=$WRONG scan -v -s "$SUB" -o json:-
expect_rc 3 "wrong client secret"
expect_contains "$ERR" "AADSTS7000215" "Entra error code shown"
if grep -c 'irscan: error:' "$ERR" | grep -qx 1; then ok "one error line"; else not_ok "error lines" "$(cat "$ERR")"; fi
expect_absent "$ERR" "$WRONG" "secret not on stderr"
expect_absent "$OUT" "$WRONG" "secret not in the report"
expect_absent "$ERR" "Trace ID" "no trace noise"
expect_json 'd["scan"]["fatal_error"][:21]' "authentication failed" "report says authentication failed"
arm=$(logq 'len([x for x in L if x["path"].startswith("/subscriptions")])')
if [ "$arm" = 0 ]; then ok "no ARM request without a token"; else not_ok "ARM requests" "$arm"; fi

AZURE_TENANT_ID=00000000-0000-4000-8000-000000000000 scan -s "$SUB"
expect_rc 3 "unknown tenant"
expect_contains "$ERR" "AADSTS90002" "tenant error shown"

AZURE_CLIENT_ID=00000000-0000-4000-8000-000000000000 scan -s "$SUB"
expect_rc 3 "unknown client"
expect_contains "$ERR" "AADSTS700016" "client error shown"

AZURE_CLIENT_SECRET= scan -s "$SUB"
expect_rc 3 "no credentials"
expect_contains "$ERR" "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET" "says what to set"

AZURE_TENANT_ID='../../evil' scan -s "$SUB"
expect_rc 3 "tenant id with a path"
expect_contains "$ERR" "AZURE_TENANT_ID is not a tenant id" "refused"

# A good run with -v: requests are logged, the secret and token are not.
scan -v -s "$SUB" -o json:-
expect_rc 0 "good credentials"
expect_contains "$ERR" "GET $BASE/subscriptions/$SUB/providers/Microsoft.Security/securityContacts?api-version=2023-12-01-preview -> 200" "verbose request line"
expect_absent "$ERR" "$TEST_SECRET" "secret not in verbose output"
expect_absent "$ERR" "fake-" "token not in verbose output"
expect_absent "$OUT" "fake-" "token not in the report"
expect_json 'd["scan"]["client_id"], d["scan"]["credential"]' "('$TEST_CLIENT', 'secret')" "identity in the report: client id only"

# Token endpoint throttled once: retried.
curl -s -X POST -d '[{"path": "/'$TEST_TENANT'/oauth2/v2.0/token", "status": 429, "headers": {"Retry-After": "1"}, "times": 1}]' "$BASE/_fake/faults" >/dev/null
scan -s "$SUB" -o json:-
expect_rc 0 "token endpoint 429 then success"

# AZURE_AUTHORITY_HOST without a scheme means https://.
AZURE_TENANT_ID=$TEST_TENANT AZURE_CLIENT_ID=$TEST_CLIENT AZURE_CLIENT_SECRET=$TEST_SECRET \
AZURE_AUTHORITY_HOST=127.0.0.1:1 run_irscan -s "$SUB" --arm-endpoint "$BASE" --timeout 2 --max-retries 0
expect_rc 3 "bare AZURE_AUTHORITY_HOST is used as https://"
expect_contains "$ERR" "https://127.0.0.1:1" "https was assumed"
finish
