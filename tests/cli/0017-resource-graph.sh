#!/bin/sh
# --resource-graph: automations, plans and alerts of many subscriptions per
# query, with the same findings as direct reads (evidence aside), fewer
# requests, paging by $skipToken, the quota respected, and a failed query
# falling back to direct reads.
. "$(dirname "$0")/lib.sh"

same_findings() {	# same_findings A.json B.json WHAT
	if python3 - "$1" "$2" <<'PY'
import json, sys
def load(p):
    d = json.load(open(p))
    return sorted(json.dumps({k: v for k, v in f.items() if k != "evidence"}, sort_keys=True)
                  for f in d["findings"])
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    diff = sorted(set(a) ^ set(b))[:3]
    print("# %d vs %d findings; first differences:\n# %s" % (len(a), len(b), "\n# ".join(diff)))
sys.exit(0 if a == b and a else 1)
PY
	then ok "$3"; else not_ok "$3"; fi
}

mkdir -p "$TMP/rg"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/rg/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
# The faults of the tenant hit direct reads only; keep the comparison about the data.
s["faults"] = [f for f in s["faults"] if "securityContacts" in f["path"]]
# Pages small enough to follow $skipToken often, large enough that batching still saves
# requests (a fully configured subscription lists 3 automations and 16 plans).
s["resource_graph_page_size"] = 10
# Small pages make many queries: a 1 s quota window keeps the waits short.
s["resource_graph_quota"] = {"limit": 15, "window_s": 1}
json.dump(s, open(sys.argv[2], "w"))
PY
start_server "$TMP/rg"

scan -A -o "json:$TMP/direct.json"
direct=$(logq 'len([x for x in L if x["auth"]])')
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -A --resource-graph -v -o "json:$TMP/graph.json"
graph=$(logq 'len([x for x in L if x["auth"]])')
same_findings "$TMP/direct.json" "$TMP/graph.json" "Resource Graph and direct reads give identical findings"
queries=$(logq 'len([x for x in L if x["path"].endswith("Microsoft.ResourceGraph/resources")])')
if [ "$graph" -lt "$direct" ] && [ "$queries" -ge 6 ]; then
	ok "$graph requests instead of $direct ($queries Resource Graph pages)"
else
	not_ok "request counts" "graph $graph direct $direct queries $queries"
fi
pages=$(logq 'len([x for x in L if x.get("arg") and x["arg"]["skip_token"]])')
if [ "$pages" -ge 3 ]; then ok "followed \$skipToken ($pages follow-up pages)"; else not_ok "skipToken paging" "$pages"; fi
per_sub=$(logq 'len([x for x in L if "/providers/Microsoft.Security/pricings" in x["path"] or "/providers/Microsoft.Security/alerts" in x["path"] or "/providers/Microsoft.Security/automations" in x["path"]])')
if [ "$per_sub" = 0 ]; then ok "no per-subscription reads of plans, alerts or automations"; else not_ok "direct reads" "$per_sub"; fi
OUT=$TMP/graph.json
expect_json '[e["method"] for e in findings("defender-plans-standard", "c0000001-0000-4000-8000-000000000001")[0]["evidence"] if "pricings" in e.get("url","") or "ResourceGraph" in e["url"]][:1]' '["POST"]' "evidence is the Resource Graph query"

# A failed query falls back to direct reads.
curl -s -X POST "$BASE/_fake/reset" >/dev/null
curl -s -X POST -d '[{"path": "/providers/Microsoft.ResourceGraph/resources", "status": 400, "code": "BadRequest", "message": "query failed"}]' "$BASE/_fake/faults" >/dev/null
scan -A --resource-graph -v -o "json:$TMP/fallback.json"
same_findings "$TMP/direct.json" "$TMP/fallback.json" "a failed query falls back to direct reads, same findings"
expect_contains "$ERR" "reading" "the fallback is reported (-v)"

# The Resource Graph quota is respected, not fatal.
stop_server
python3 - "$TMP/rg/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["resource_graph_quota"] = {"enforce": True, "limit": 10, "window_s": 1}
# The subscriptions of controls 10.1-10.5 (c0000001..c000005f): the pacing figures below were
# measured on them; the later variants (issues 13, 16, 19) are about other reads.
s["subscriptions"] = [x for x in s["subscriptions"] if int(x["subscriptionId"][1:8], 16) < 0x60]
json.dump(s, open(sys.argv[1], "w"))
PY
start_server "$TMP/rg"
# A new server renders its relative times anew: compare with its own direct read.
scan -A -o "json:$TMP/direct2.json"
curl -s -X POST "$BASE/_fake/reset" >/dev/null
scan -A --resource-graph -o "json:$TMP/quota.json"
same_findings "$TMP/direct2.json" "$TMP/quota.json" "over the Resource Graph quota: waited, same findings"
throttled=$(logq 'len([x for x in L if x["status"] == 429])')
waited=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["throttle_wait_ms"])' "$TMP/quota.json")
# Paced by the quota headers: few 429s (the first burst), and the wait reported.
if [ "$waited" -gt 0 ] && [ "$throttled" -le 16 ]; then
	ok "held back by the quota for $waited ms, $throttled answers 429"
else
	not_ok "quota pacing" "waited $waited ms, $throttled answers 429"
fi
finish
