#!/bin/sh
# -A lists subscriptions across every page (nextLink), scans the Enabled
# ones and lists the others as skipped with their state.
. "$(dirname "$0")/lib.sh"

start_server tenant
# The expected numbers come from the scenario itself.
total=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["subscriptions"]))' "$SCENARIOS/tenant/scenario.json")
enabled=$((total - 1))
scan -A -o json:-
expect_rc 1 "whole tenant (failures and unreadable subscriptions)"
pages=$(logq 'len([x for x in L if x["path"] == "/subscriptions"])')
if [ "$pages" = $(( (total + 2) / 3 )) ]; then ok "followed nextLink over $pages pages"; else not_ok "subscription pages" "$pages"; fi
expect_json 'len(d["subscriptions"])' "$total" "$total subscriptions listed"
expect_json 'len([s for s in d["subscriptions"] if s["scanned"]])' "$enabled" "$enabled scanned"
expect_json '[(s["name"], s["state"]) for s in d["subscriptions"] if not s["scanned"]]' '[["Disabled Sub", "Disabled"]]' "the disabled one is skipped with its state"
expect_json 'len({f["subscription"] for f in d["findings"]})' "$enabled" "findings for every scanned subscription"
expect_json '"c000000d-0000-4000-8000-00000000000d" in d["controls"][0]["verdicts"]' False "no verdict for a skipped subscription"
skipped=$(logq 'len([x for x in L if "c000000d" in x["path"]])')
if [ "$skipped" = 0 ]; then ok "nothing read from the skipped subscription"; else not_ok "skipped subscription was read"; fi
expect_json 'd["summary"]["fail"] > 10 and d["summary"]["error"] > 10' True "summary"
expect_contains "$ERR" "skipped (state Disabled)" "console shows the skipped subscription"

# A tenant that lists no subscription: nothing to scan, exit 3.
curl -s -X POST -d '[{"path": "/subscriptions", "kind": "wrongtype", "body": {"value": []}}]' "$BASE/_fake/faults" >/dev/null
scan -A -o json:-
expect_rc 3 "no subscription visible"
expect_contains "$ERR" "no subscription could be scanned" "exit reason"

# Listing fails: the scan cannot run.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
curl -s -X POST -d '[{"path": "/subscriptions", "status": 403}]' "$BASE/_fake/faults" >/dev/null
scan -A -o json:-
expect_rc 3 "listing forbidden"
expect_contains "$ERR" "cannot list subscriptions: HTTP 403 AuthorizationFailed" "one clear line"
expect_json 'd["scan"]["fatal_error"] is not None and d["findings"] == []' True "report says why"

# A nextLink to another host is not followed (the token would go there).
curl -s -X POST "$BASE/_fake/reset" >/dev/null
curl -s -X POST -d '[{"path": "/subscriptions", "kind": "wrongtype", "body": {"value": [], "nextLink": "https://evil.example.com/subscriptions?api-version=2022-12-01"}}]' "$BASE/_fake/faults" >/dev/null
scan -A -o json:-
expect_rc 3 "foreign nextLink"
expect_contains "$ERR" "UnsafeNextLink" "refused to follow it"
finish
