#!/bin/sh
# A scan that outlives its token: the token is refreshed ahead of expiry
# and no request is refused.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/scen"
python3 - "$ROOT/fixtures/scenarios/contacts/scenario.json" "$TMP/scen/scenario.json" <<'PY'
import json, sys, os
s = json.load(open(sys.argv[1]))
s["token_lifetime_s"] = 2
s["faults"] = []
base = os.path.dirname(sys.argv[1])
for r in s["resources"]:
    r["api_versions"] = {k: os.path.join(base, v) for k, v in r["api_versions"].items()}
json.dump(s, open(sys.argv[2], "w"))
PY
ln -s "$TMP/scen" "$ROOT/fixtures/scenarios/.tmp-$$"
trap 'rm -f "$ROOT/fixtures/scenarios/.tmp-$$"; cleanup' EXIT
start_server ".tmp-$$" --latency-ms 150
scan -A --concurrency 2 -o json:-
expect_rc 1 "scan longer than the token lifetime (the tenant has failures)"
tokens=$(logq 'len([x for x in L if "oauth2" in x["path"]])')
refused=$(logq 'len([x for x in L if x["status"] == 401])')
if [ "$tokens" -ge 2 ] && [ "$refused" = 0 ]; then
	ok "refreshed $tokens times, no 401"
else
	not_ok "token refresh" "tokens $tokens, 401s $refused"
fi
expect_json 'd["summary"]["error"]' 0 "no error findings"
finish
