#!/bin/sh
# A scan that outlives its token: the token is refreshed ahead of expiry
# and no request is refused.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/scen"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/scen/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["token_lifetime_s"] = 2
s["faults"] = []
json.dump(s, open(sys.argv[2], "w"))
PY
start_server "$TMP/scen" --latency-ms 150
scan -s c0000001-0000-4000-8000-000000000001,c0000003-0000-4000-8000-000000000003 \
	-s c0000005-0000-4000-8000-000000000005 --concurrency 1 -o json:-
expect_rc 1 "scan longer than the token lifetime (two subscriptions fail 10.3)"
tokens=$(logq 'len([x for x in L if "oauth2" in x["path"]])')
refused=$(logq 'len([x for x in L if x["status"] == 401])')
if [ "$tokens" -ge 2 ] && [ "$refused" = 0 ]; then
	ok "refreshed $tokens times, no 401"
else
	not_ok "token refresh" "tokens $tokens, 401s $refused"
fi
expect_json 'd["summary"]["error"]' 0 "no error findings"
finish
