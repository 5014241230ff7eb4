#!/bin/sh
# HTTPS: verified against --ca-bundle; without it the test CA is not
# trusted and nothing is sent.
. "$(dirname "$0")/lib.sh"

make_test_ca
start_server tenant --https --cert "$TMP/ca/server.pem" --key "$TMP/ca/server.key"
SUB=c0000001-0000-4000-8000-000000000001
ORIG_BASE=$BASE
BASE=$HTTPS_BASE

scan -s "$SUB" --ca-bundle "$CA_PEM" -o json:-
expect_rc 0 "HTTPS with --ca-bundle"
expect_json 'finding("security-contact-email", "'$SUB'")["evidence"][0]["url"][:8]' "https://" "evidence shows https"

scan -s "$SUB" -o json:-
expect_rc 3 "HTTPS without the test CA"
expect_contains "$ERR" "certificate" "certificate problem named"
BASE=$ORIG_BASE
tokens=$(logq 'len([x for x in L if x["listener"] == "https" and "oauth2" in x["path"]])')
if [ "$tokens" = 1 ]; then ok "no request got through the failed handshake"; else not_ok "https token requests" "$tokens"; fi

# A localhost name works too (the certificate names it).
BASE=$(echo "$HTTPS_BASE" | sed 's/127.0.0.1/localhost/')
scan -s "$SUB" --ca-bundle "$CA_PEM" -o json:-
expect_rc 0 "https://localhost with --ca-bundle"
finish
