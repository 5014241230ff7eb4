#!/bin/sh
# --remediation-script: the bash script of az commands that would fix the
# failing findings.  It is run here with a stub `az` that records every
# call, and the calls are checked: one per fix, none for what passes or
# could not be read, bodies that say what the checks want, kept values
# kept, nothing from Azure outside quotes or comments, no Logic App
# callback URL in the file, temporary files removed.
. "$(dirname "$0")/lib.sh"

start_server tenant
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
FIX=$TMP/fix.sh

scan -A --remediation-script "$FIX" --evidence-dir "$TMP/bundle" -o json:"$TMP/r.json"
expect_rc 1 "scan -A with --remediation-script (failing findings: exit 1)"
check "the script is written and is valid bash" bash -n "$FIX"
check "it starts with a bash shebang and says it must be reviewed" \
	sh -c 'head -1 "$1" | grep -qx "#!/usr/bin/env bash" && grep -q "REVIEW EVERY BLOCK" "$1"' - "$FIX"
check "no control character in the file (hostile names are escaped)" \
	sh -c '! tr -d "\n\t" <"$1" | LC_ALL=C grep -q "[[:cntrl:]]"' - "$FIX"
check "the hostile subscription name appears only in comments" \
	sh -c 'grep -n "script>alert" "$1" | grep -qv "^[0-9]*:#" && exit 1; grep -q "script>alert" "$1"' - "$FIX"

# A stub az: records each call as a JSON array (@file bodies read in).
mkdir -p "$TMP/bin" "$TMP/tmp"
cat >"$TMP/bin/az" <<'EOF'
#!/usr/bin/env python3
import json, os, sys
args = [open(a[1:]).read() if a.startswith("@") else a for a in sys.argv[1:]]
with open(os.environ["AZ_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
if any("listCallbackUrl" in a for a in args):
    print("https://prod-00.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sp=run&sig=STUBSECRETSIG")
sys.exit(int(os.environ.get("AZ_EXIT", "0")))
EOF
chmod +x "$TMP/bin/az"
AZ_LOG=$TMP/az.log
export AZ_LOG

# run_fix [VAR=value...]: run the script with the stub; sets FIX_RC.
run_fix() {
	: >"$AZ_LOG"
	FIX_RC=0
	env PATH="$TMP/bin:$PATH" TMPDIR="$TMP/tmp" "$@" bash "$FIX" >"$TMP/fix.out" 2>"$TMP/fix.err" || FIX_RC=$?
}

run_fix
check "without the values it needs it stops (exit 2) and names the first one" \
	sh -c '[ "$1" = 2 ] && grep -q "set SECURITY_CONTACT_EMAILS first" "$2"' - "$FIX_RC" "$TMP/fix.err"
check "... before any az call" sh -c '[ ! -s "$1" ]' - "$AZ_LOG"

ALL_VALUES="SECURITY_CONTACT_EMAILS=secops@example.com SECURITY_CONTACT_PHONE=+1-555-0100
AUTOMATION_RESOURCE_GROUP=rg-security AUTOMATION_LOCATION=westeurope
EXPORT_WORKSPACE_ID=/subscriptions/0f0f0f0f-0000-4000-8000-0000000000ff/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc
RESPONSE_LOGIC_APP_ID=/subscriptions/0f0f0f0f-0000-4000-8000-0000000000ff/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-respond
CRITICALITY=high"
# shellcheck disable=SC2086
run_fix $ALL_VALUES
check "with every value set it runs to the end (exit 0)" sh -c '[ "$1" = 0 ]' - "$FIX_RC"
cat "$TMP/fix.err" | sed 's/^/# /' | head -5
check "temporary body files are removed" sh -c '[ -z "$(ls -A "$1")" ]' - "$TMP/tmp"
check "the Logic App callback URL is not in the script" \
	sh -c '! grep -q "sig=\|STUBSECRETSIG" "$1"' - "$FIX"

py_rc=0
python3 - "$AZ_LOG" "$TMP/r.json" "$(id 1)" >"$TMP/calls.out" 2>&1 <<'EOF' || py_rc=$?
import json, re, sys
calls = [json.loads(line) for line in open(sys.argv[1])]
report = json.load(open(sys.argv[2]))
fails = {}
for f in report["findings"]:
    if f["status"] == "fail":
        fails.setdefault(f["subscription"], set()).add(f["check"])

def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + "0022-remediation: " + what)

def url(c):
    return c[c.index("--url") + 1] if "--url" in c else ""

def body(c):
    return json.loads(c[c.index("--body") + 1]) if "--body" in c else None

contacts = [c for c in calls if c[:3] == ["rest", "--method", "put"] and "/securityContacts/default" in url(c)]
plans = [c for c in calls if c[:3] == ["rest", "--method", "put"] and "/pricings/" in url(c)]
autos = [c for c in calls if c[:3] == ["rest", "--method", "put"] and "/automations/" in url(c)]
groups = [c for c in calls if c[:2] == ["group", "create"]]
callbacks = [c for c in calls if "listCallbackUrl" in url(c)]
enables = [c for c in calls if url(c).endswith("/enable?api-version=2016-06-01")]
tags = [c for c in calls if c[:2] == ["tag", "update"]]
sub_of = lambda c: re.search(r"/subscriptions/([0-9a-f-]{36})", url(c) or " ".join(c)).group(1)

contact_subs = sorted(s for s, ch in fails.items() if ch & {"security-contact-email", "security-contact-phone",
    "alert-notifications-high", "alert-notifications-owners", "attack-path-notifications"})
ok(sorted(sub_of(c) for c in contacts) == contact_subs,
   "one contact PUT per subscription with a failing contact check (%d)" % len(contact_subs))
for c in contacts:
    b = body(c)["properties"]
    srcs = {s["sourceType"]: s for s in b["notificationsSources"]}
    good = (b["isEnabled"] is True and b["notificationsByRole"]["state"] == "On"
            and "Owner" in b["notificationsByRole"]["roles"]
            and srcs["Alert"]["minimalSeverity"] in ("Low", "Medium", "High")
            and srcs["AttackPath"]["minimalRiskLevel"] in ("Low", "Medium", "High")
            and b["emails"] and all("@" in e for e in b["emails"].split(";")))
    ok(good, "contact PUT for %s asks for what the checks want" % sub_of(c))
kept = [c for c in contacts if sub_of(c) == "c0000003-0000-4000-8000-000000000003"]
ok(kept and body(kept[0])["properties"]["emails"] == "john@contoso.com;Jane@contoso.com"
   and body(kept[0])["properties"]["phone"] == "(214)275-4038",
   "a contact whose e-mail check passed keeps its addresses and phone")
given = [c for c in contacts if sub_of(c) == "c0000002-0000-4000-8000-000000000002"]
ok(given and body(given[0])["properties"]["emails"] == "secops@example.com"
   and body(given[0])["properties"]["phone"] == "+1-555-0100",
   "a contact without addresses gets SECURITY_CONTACT_EMAILS / _PHONE")
plan_of = lambda c: (sub_of(c)[-2:], url(c).split("/pricings/")[1].split("?")[0])
off = sorted(plan_of(c) for c in plans if body(c) == {"properties": {"pricingTier": "Standard"}})
enforced = sorted(plan_of(c) for c in plans
                  if body(c) == {"properties": {"pricingTier": "Standard", "enforce": "True"}})
ok(off == [("20", "AppServices"), ("20", "OpenSourceRelationalDatabases"), ("67", "Dns")],
   "one pricing PUT (Standard) per plan that is off (Dns beside Servers P2 is not applicable)")
ok(enforced == [("68", "StorageAccounts")] and len(plans) == len(off) + len(enforced),
   "a Standard plan that resources override (PartiallyCovered) is enforced, not put again")
exp = sorted(s for s, ch in fails.items() if "alerts-exported" in ch)
resp = sorted(s for s, ch in fails.items() if "workflow-automation-alerts" in ch)
exp_recs = sorted(s for s, ch in fails.items() if "recommendations-exported" in ch)
resp_recs = sorted(s for s, ch in fails.items() if "workflow-automation-recommendations" in ch)
ok(sorted(sub_of(c) for c in autos if "irscan-export-alerts" in url(c)) == exp,
   "an alert export automation per subscription failing alerts-exported (%d)" % len(exp))
ok(sorted(sub_of(c) for c in autos if "irscan-respond-to-alerts" in url(c)) == resp,
   "a Logic App automation per subscription failing workflow-automation-alerts (%d)" % len(resp))
ok(sorted(sub_of(c) for c in autos if "irscan-export-recommendations" in url(c)) == exp_recs
   and exp_recs,
   "a recommendation export automation per subscription failing recommendations-exported (%d)"
   % len(exp_recs))
ok(sorted(sub_of(c) for c in autos if "irscan-respond-to-recommendations" in url(c)) == resp_recs
   and resp_recs,
   "a Logic App automation per subscription failing workflow-automation-recommendations (%d)"
   % len(resp_recs))
good = True
for c in autos:
    b = json.loads(c[c.index("--body") + 1])
    p = b["properties"]
    s = sub_of(c)
    a = p["actions"][0]
    good &= (b["location"] == "westeurope" and p["isEnabled"] is True
             and p["scopes"][0]["scopePath"] == "/subscriptions/" + s
             and p["sources"] == [{"eventSource": "Assessments" if "recommendations" in url(c)
                                   else "Alerts"}]
             and "/resourceGroups/rg-security/" in url(c)
             and (a["actionType"] == "Workspace" and a["workspaceResourceId"].endswith("/law-soc")
                  or a["actionType"] == "LogicApp" and a["logicAppResourceId"].endswith("/la-respond")
                  and a["uri"].endswith("sig=STUBSECRETSIG")))
ok(autos and good, "automation bodies: enabled, subscription scope, Alerts or Assessments, the given target, the fetched callback URL")
ok(len(callbacks) == len(resp) + len(resp_recs) and len(groups) == len(autos),
   "the callback URL is fetched per response automation, the resource group made per automation")
ok(sorted(url(c) for c in enables) == [
       "/subscriptions/c0000044-0000-4000-8000-000000000044/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-respond/enable?api-version=2016-06-01",
       "/subscriptions/c0000084-0000-4000-8000-000000000084/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-recommendations/enable?api-version=2016-06-01"],
   "each disabled Logic App (of alerts, of recommendations) is enabled, and only they")
tagged = sorted(s for s, ch in fails.items() if "subscription-criticality-tag" in ch)
ok(sorted(c[c.index("--resource-id") + 1].split("/")[2] for c in tags) == tagged
   and all(c[c.index("--tags") + 1] == "criticality=high" and "Merge" in c for c in tags),
   "a merged criticality tag per untagged subscription")
ok(not [c for c in calls if sys.argv[3] in " ".join(c)], "no call for the compliant subscription")
total = len(contacts) + len(plans) + len(autos) + len(groups) + len(callbacks) + len(enables) + len(tags)
ok(total == len(calls), "no other az call (%d calls)" % len(calls))
EOF
cat "$TMP/calls.out"
[ "$py_rc" = 0 ] || not_ok "the az calls could be checked" "python exited $py_rc"

# The failing az call stops the script.
# shellcheck disable=SC2086
run_fix $ALL_VALUES AZ_EXIT=1
check "a failing az call stops the script" sh -c '[ "$1" != 0 ] && [ "$(wc -l <"$2")" = 1 ]' - "$FIX_RC" "$AZ_LOG"

# Offline, from the evidence bundle: the same script.
cp "$FIX" "$TMP/fix.live"
scan --offline "$TMP/bundle" --remediation-script "$FIX"
check "offline re-evaluation writes the same script (header aside)" \
	bash -c 'diff <(sed 2d "$1") <(sed 2d "$2")' - "$TMP/fix.live" "$FIX"

# A compliant subscription: nothing to run.
scan -s "$(id 1)" --remediation-script "$FIX"
expect_rc 0 "compliant subscription"
run_fix
check "compliant: the script says nothing to fix and makes no az call" \
	sh -c '[ "$1" = 0 ] && grep -q "nothing to fix" "$2" && [ ! -s "$3" ]' - "$FIX_RC" "$FIX" "$AZ_LOG"

# To standard output, next to a report in a file.
scan -s "$(id 1)" --remediation-script - -o json:"$TMP/r2.json"
check "--remediation-script - writes to standard output" \
	sh -c 'head -1 "$1" | grep -qx "#!/usr/bin/env bash"' - "$OUT"
scan -s "$(id 1)" --remediation-script - -o json
expect_rc 2 "the script and a report cannot both go to standard output"
finish
