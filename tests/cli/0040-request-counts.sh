#!/bin/sh
# Issue 14, item 8: every output counts requests the same way and says
# what it counts: "Resource Manager requests" are the ARM (and Resource
# Graph) reads, one per URL, as the evidence lists them and the bundle's
# manifest has entries; token requests are not among them and retries are
# counted apart.  Console, JSON, HTML and `irscan verify` agree; an offline
# evaluation reports the bundle's requests and does not claim to have made
# the ones it read from the bundle.
. "$(dirname "$0")/lib.sh"

S1=c0000001-0000-4000-8000-000000000001
S2=c0000002-0000-4000-8000-000000000002
cat >"$TMP/faults.json" <<EOF
[{"path": "/subscriptions/$S1/providers/Microsoft.Security/securityContacts", "status": 429,
  "headers": {"Retry-After": "1"}, "times": 1}]
EOF
start_server tenant --faults "$TMP/faults.json"

scan -s "$S1,$S2" --evidence-dir "$TMP/ev" -o json:"$TMP/r.json" -o html:"$TMP/r.html"
expect_rc 1 "a scan with one retried request"
cp "$ERR" "$TMP/console.txt"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$TMP/ev/manifest.json")
retried=$(python3 -c 'import json,sys; print(sum(e["retries"] for e in json.load(open(sys.argv[1]))["entries"]))' "$TMP/ev/manifest.json")
arm=$(logq 'len([x for x in L if not x["path"].endswith("/oauth2/v2.0/token")])')
all=$(logq 'len(L)')
if [ "$retried" = 1 ] && [ "$arm" = $((n + 1)) ] && [ "$all" -gt "$arm" ]; then
	ok "the bundle has $n requests, one retried; the server saw $arm ARM and $((all - arm)) token requests"
else
	not_ok "the scenario" "entries $n, retried $retried, ARM $arm, all $all"
fi

head -n 1 "$TMP/console.txt" >"$TMP/first"
expect_contains "$TMP/first" ", $n Resource Manager requests (1 retried" "console: $n Resource Manager requests, 1 retried"
OUT=$TMP/r.json
expect_json 'd["scan"]["requests"]' "$n" "JSON scan.requests: the same $n"
expect_json 'd["scan"]["retries"]' 1 "JSON scan.retries: 1"
expect_json 'd["scan"]["http_requests"]' "$all" "JSON scan.http_requests: every HTTP request sent, token and retry included ($all)"
expect_contains "$TMP/r.html" "(UTC), $n Resource Manager requests, 1 retried" "HTML header: the same $n"
expect_contains "$TMP/r.html" "<summary>$n Resource Manager requests</summary>" "HTML evidence table: the same $n"
run_irscan verify "$TMP/ev"
expect_rc 0 "verify"
expect_contains "$OUT" ": $n Resource Manager requests, " "verify: the same $n"

# --- offline: the bundle's requests, none made ---
scan --offline "$TMP/ev" -o json:"$TMP/off.json" -o html:"$TMP/off.html"
expect_rc 1 "offline"
head -n 1 "$ERR" >"$TMP/first"
expect_contains "$TMP/first" "evaluated offline from the bundle's $n Resource Manager requests (1 retried)" "console offline: the bundle's $n"
OUT=$TMP/off.json
expect_json 'd["scan"]["requests"]' "$n" "JSON offline: scan.requests is the bundle's $n"
expect_json 'd["scan"]["retries"]' 1 "JSON offline: scan.retries is the bundle's 1"
expect_json 'd["scan"]["http_requests"]' 0 "JSON offline: no HTTP request sent"
expect_contains "$TMP/off.html" "(UTC), $n Resource Manager requests, 1 retried" "HTML offline header: the same $n"

# A narrower re-evaluation reads fewer responses, and says so.
scan --offline "$TMP/ev" --controls 10.2 -o json:"$TMP/off2.json" -o html:"$TMP/off2.html"
expect_rc 0 "offline, control 10.2 only"
read_n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len({e["entry"] for f in d["findings"] for e in f["evidence"]}))' "$TMP/off2.json")
head -n 1 "$ERR" >"$TMP/first"
case $(cat "$TMP/first") in
*"evaluated offline from the bundle's $n Resource Manager requests (1 retried; "*" of them read for the selected checks)"*)
	ok "console: the bundle's $n requests, and how many of them were read" ;;
*) not_ok "console, narrower offline evaluation" "$(cat "$TMP/first")" ;;
esac
if [ "$read_n" -lt "$n" ]; then ok "fewer responses were read ($read_n of $n)"; else not_ok "the narrower evaluation read all $n"; fi
OUT=$TMP/off2.json
expect_json 'd["scan"]["requests"]' "$n" "JSON: still the bundle's $n requests"
expect_contains "$TMP/off2.html" " of the bundle's $n Resource Manager requests" "HTML evidence table: a part of the bundle's $n"
finish
