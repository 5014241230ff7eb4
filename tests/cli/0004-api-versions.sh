#!/bin/sh
# The api-version fallback: where the service rejects 2023-12-01-preview
# (as a lagging cloud does), irscan asks for the older shapes, records which
# version answered, and keeps the rejected attempts as evidence.
. "$(dirname "$0")/lib.sh"

start_server tenant
S_2017=c0000007-0000-4000-8000-000000000007
S_2020=c0000008-0000-4000-8000-000000000008

scan -s "$S_2017" -o json:-
expect_rc 0 "2017-only subscription"
versions=$(logq '[x["query"].get("api-version") + ":" + str(x["status"]) for x in L if x["path"].endswith("securityContacts")]')
if [ "$versions" = '["2023-12-01-preview:400", "2020-01-01-preview:400", "2017-08-01-preview:200"]' ]; then
	ok "tried 2023, 2020, then 2017"
else
	not_ok "api-version sequence" "$versions"
fi
expect_json 'finding("security-contact-email", "'$S_2017'")["observed"]["api_version"]' 2017-08-01-preview "the answering version is recorded"
expect_json '[(e["api_version"], e["status"]) for e in finding("security-contact-email", "'$S_2017'")["evidence"]]' \
	'[["2023-12-01-preview", 400], ["2020-01-01-preview", 400], ["2017-08-01-preview", 200]]' "rejected attempts kept as evidence"

scan -s "$S_2020" -o json:-
expect_rc 0 "2020-only subscription"
expect_json 'finding("alert-notifications-owners", "'$S_2020'")["observed"]["api_version"]' 2020-01-01-preview "2020 recorded"
expect_json 'd["errors"]' '[]' "a version fallback is not an error"
finish
