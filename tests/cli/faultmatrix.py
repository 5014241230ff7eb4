#!/usr/bin/env python3
"""faultmatrix.py - the fault matrix of tests/cli/0020-fault-matrix-*.sh (issue 8).

    faultmatrix.py scenario DIR           DIR/scenario.json: one subscription per cell of the
                                          per-subscription matrix (+ untouched controls), and
                                          DIR/cells.json, DIR/faults.json, DIR/subs.txt
    faultmatrix.py small DIR              DIR/scenario.json: three subscriptions (export to a
                                          workspace, to an Event Hub, Sentinel only) and a
                                          management group over them, for the tenant-level cells
    faultmatrix.py cells ENDPOINT         the tenant-level cells of ENDPOINT, one line each:
                                          NAME<TAB>FAULT-JSON
    faultmatrix.py assess DIR BASE.json OUT.json LOG.jsonl
                                          one "ok -"/"not ok -" line per cell of the
                                          per-subscription matrix
    faultmatrix.py tassess DIR            the tenant-level cells: DIR/<endpoint>/<n>.{json,rc,err}
                                          against DIR/base-<mode>.json

Every cell is a fault of the fake server (fixtures/fakearm/README.md, "Faults") on one
endpoint: an HTTP status (400 ... 504), a connection reset or a truncated body, a body of the
wrong JSON type, an empty 200, a 200 with HTML, a 50 MB body, a response that never ends;
the transient ones (429, 5xx, reset, truncated, hang) both always and once (then the retry
must give the baseline's findings).
"""
import copy
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "fixtures", "scenarios"))
import generate as g  # noqa: E402

TENANT = "7e57a000-0000-4000-8000-00000000aaaa"
CLIENT = "1e57c11e-0000-4000-8000-000000000001"
SECRET = "irscan-test~Secret.Value-0123456789"
MG = "/providers/Microsoft.Management/managementGroups/mg-fault"

# endpoint: (subscription kind, what an error message names).  The checks an
# endpoint feeds are those whose baseline finding cites it (fed_checks): the
# registry decides, so a new check over the same data needs no change here,
# and a check that read an endpoint without citing it would show up as an
# "unaffected" check that changed.
ENDPOINTS = {
    "subscription": ("W", "the subscription"),
    "contacts": ("W", "security contacts"),
    "pricings": ("W", "Defender plans"),
    "alerts": ("W", "security alerts"),
    "automations": ("W", "workflow automations"),
    "workspace": ("W", "Log Analytics workspace 'law-soc'"),
    "eventhub": ("E", "Event Hub 'defender-alerts'"),
    "logicapp": ("W", "Logic App 'la-respond'"),
    "workspaces": ("S", "workspaces of subscription"),
    "onboarding": ("S", "workspace law-sentinel"),
    "connectors": ("S", "workspace law-sentinel"),
}
# The Sentinel search: what its error message names first.
SENTINEL = {
    "workspaces": "the Log Analytics workspaces of subscription %s: ",
    "onboarding": "the Sentinel onboarding state of workspace %s: ",
    "connectors": "the Sentinel data connectors of workspace %s: ",
}
# Targets: a 404 means the resource is gone, a fail (SPEC §2).
TARGETS = ("workspace", "eventhub", "logicapp")

STATUSES = (400, 401, 403, 404, 409, 429, 500, 502, 503, 504)
TRANSIENT = (429, 500, 502, 503, 504)
# What the message must show for a cell (besides what could not be read).
CODES = {400: "BadRequest", 401: "InvalidAuthenticationToken", 403: "AuthorizationFailed",
         404: "ResourceNotFound", 409: "Conflict", 429: "TooManyRequests",
         500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable",
         504: "GatewayTimeout"}


def cells():
    """(name, fault without path, expectation, message marker)."""
    out = []
    for s in STATUSES:
        f = {"status": s}
        if s == 429:
            f["headers"] = {"Retry-After": "1"}
        out.append(("%d" % s, f, "error", "HTTP %d %s" % (s, CODES[s])))
    for s in TRANSIENT:
        f = {"status": s, "times": 1}
        if s == 429:
            f["headers"] = {"Retry-After": "1"}
        out.append(("%d once" % s, f, "same", None))
    out += [
        ("reset", {"kind": "reset"}, "error", "IncompleteResponse"),
        ("reset once", {"kind": "reset", "times": 1}, "same", None),
        ("truncated", {"kind": "truncated"}, "error", "IncompleteResponse"),
        ("truncated once", {"kind": "truncated", "times": 1}, "same", None),
        ("wrongtype array", {"kind": "wrongtype", "body": []}, "error",
         "MalformedResponse: the response body is not a JSON object"),
        ("wrongtype field", {"kind": "wrongtype"}, "field", None),
        ("empty", {"kind": "empty"}, "error", "MalformedResponse: the response body is empty"),
        ("html", {"kind": "html"}, "error",
         "MalformedResponse: the response body is not a JSON object"),
        ("huge", {"kind": "huge", "size_bytes": 50000000}, "error", "ResponseTooLarge"),
        ("hang", {"kind": "hang"}, "error", "no complete answer within"),
        # A wait irscan will not honour ends the read at once (issue 14).
        ("429 Retry-After 3600", {"status": 429, "headers": {"Retry-After": "3600"}}, "error",
         "Azure asked to wait 3600 s (Retry-After)"),
        ("hang once", {"kind": "hang", "times": 1}, "same", None),
    ]
    return out


def sub_id(e, c):
    return "fa{:02x}{:04x}-0000-4000-8000-{:06x}{:06x}".format(e, c, e, c)


def sentinel_ws(s):
    return g.workspace_id(s, "rg-sentinel", "law-sentinel")


def add_sub(t, s, name, kind):
    if kind == "W":
        t.subscription(s, name)
    elif kind == "E":
        t.subscription(s, name, autos={"value": [
            g.automation(s, "ExportToEventHub", ["Alerts", "Assessments"],
                         [g.export_action(s, "EventHub")]),
            g.automation(s, "RespondToAlerts", ["Alerts", "Assessments"], [g.logic_action(s)])]})
        t.resource(g.eventhub_id(s), g.V_EVENTHUB, g.eventhub(g.eventhub_id(s)))
    else:
        ws = sentinel_ws(s)
        # Alerts through Sentinel; recommendations (which Sentinel does not carry) exported.
        t.subscription(s, name, workspaces=[ws], autos={"value": [
            g.automation(s, "ExportRecommendations", ["Assessments"], [g.export_action(s)]),
            g.automation(s, "RespondToAlerts", ["Alerts", "Assessments"], [g.logic_action(s)])]})
        t.sentinel_workspace(ws, [s])


def endpoint_path(ep, s):
    p = "/subscriptions/" + s
    return {
        "subscription": p,
        "contacts": p + "/providers/Microsoft.Security/securityContacts",
        "pricings": p + "/providers/Microsoft.Security/pricings",
        "alerts": p + "/providers/Microsoft.Security/alerts",
        "automations": p + "/providers/Microsoft.Security/automations",
        "workspace": g.workspace_id(s),
        "eventhub": g.eventhub_id(s),
        "logicapp": g.logic_app_id(s),
        "workspaces": p + "/providers/Microsoft.OperationalInsights/workspaces",
        "onboarding": sentinel_ws(s) + "/providers/Microsoft.SecurityInsights/onboardingStates",
        "connectors": sentinel_ws(s) + "/providers/Microsoft.SecurityInsights/dataConnectors",
    }[ep]


def field_body(ep, s, scen):
    """The real body of ep with one value of the wrong JSON type where it matters, and what
    the finding(s) may be then: a status set (never pass where the value decides)."""
    res = {r["path"].lower(): r for r in scen["resources"]}

    def real(path):
        r = res[path.lower()]
        v = max(r["api_versions"])
        b = r["api_versions"][v]
        if isinstance(b, str):
            with open(b, encoding="utf-8") as f:
                b = json.load(f)
        return copy.deepcopy(b)

    path = endpoint_path(ep, s)
    if ep == "subscription":
        b = copy.deepcopy([x for x in scen["subscriptions"] if x["subscriptionId"] == s][0])
        b["tags"] = ["criticality", "high"]            # array for object
        return b, {"subscription-criticality-tag": ("error",)}
    b = real(path)
    if ep == "contacts":
        for c in b["value"]:
            c["properties"]["isEnabled"] = "yes"         # string for bool
        return b, {"alert-notifications-high": ("error",)}
    if ep == "pricings":
        for p in b["value"]:
            p["properties"]["pricingTier"] = True        # bool for string
        return b, {"defender-plans-standard": ("fail", "error", "not-applicable")}
    if ep == "alerts":
        # A stale High alert whose status is a bool: it could be Active.
        a = g.alert(s, 7, "High", "Active", "2020-01-01T00:00:00.0000000Z")
        a["properties"]["status"] = True
        return {"value": [a]}, {"high-alerts-triaged": ("fail", "error")}
    if ep == "automations":
        for a in b["value"]:
            a["properties"]["isEnabled"] = "yes"         # string for bool
        return b, {"alerts-exported": ("error",),
                   "workflow-automation-alerts": ("error",),
                   "export-target-exists": ("not-applicable",),
                   "logic-app-enabled": ("not-applicable",)}
    if ep in ("workspace", "eventhub"):
        # The check is existence: a 200 with the resource object proves it, whatever
        # its properties hold.
        b["properties"] = ["not", "an", "object"]
        return b, {"export-target-exists": ("pass",)}
    if ep == "logicapp":
        b["properties"]["state"] = True                  # bool for string
        return b, {"logic-app-enabled": ("error",)}
    if ep == "workspaces":
        for w in b["value"]:
            w["id"] = {"id": w["id"]}                    # object for string
        return b, {"alerts-exported": ("error",)}
    if ep == "onboarding":
        return {"value": {"name": "default"}}, {"alerts-exported": ("error",)}  # object for array
    if ep == "connectors":
        for c in b["value"]:
            if c.get("kind") == "AzureSecurityCenter":
                c["properties"]["dataTypes"]["alerts"]["state"] = True
        return b, {"alerts-exported": ("error",)}
    raise KeyError(ep)


def write_scenario(d):
    t = g.Tenant(TENANT, CLIENT, SECRET, 0)
    cellv = []
    ctl = []
    for kind in "WES":
        s = sub_id(0xff, ord(kind))
        add_sub(t, s, "control " + kind, kind)
        ctl.append(s)
    for e, ep in enumerate(ENDPOINTS):
        kind = ENDPOINTS[ep][0]
        for c, (name, fault, expect, marker) in enumerate(cells()):
            s = sub_id(e, c)
            add_sub(t, s, "%s %s" % (ep, name), kind)
            cellv.append({"sub": s, "endpoint": ep, "cell": name, "fault": fault,
                          "expect": expect, "marker": marker, "path": endpoint_path(ep, s)})
    faults = []
    for x in cellv:
        f = dict(x["fault"], id="%s %s" % (x["endpoint"], x["cell"]), path=x["path"])
        if x["expect"] == "field":
            f["body"], x["allowed"] = field_body(x["endpoint"], x["sub"], t.s)
        faults.append(f)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "scenario.json"), "w") as f:
        json.dump(t.s, f)
    with open(os.path.join(d, "cells.json"), "w") as f:
        json.dump({"cells": cellv, "controls": ctl}, f)
    with open(os.path.join(d, "faults.json"), "w") as f:
        json.dump(faults, f)
    with open(os.path.join(d, "subs.txt"), "w") as f:
        f.write(",".join(ctl + [x["sub"] for x in cellv]) + "\n")


def write_small(d):
    t = g.Tenant(TENANT, CLIENT, SECRET, 0)
    members = []
    for kind in "WES":
        s = sub_id(0xfe, ord(kind))
        add_sub(t, s, "small " + kind, kind)
        members.append({"id": "%s/subscriptions/%s" % (MG, s),
                        "type": "Microsoft.Management/managementGroups/subscriptions",
                        "name": s, "properties": {"displayName": "small " + kind,
                                                  "parent": {"id": MG}}})
    t.resource(MG + "/descendants", ("2023-04-01", "2021-04-01", "2020-05-01"),
               {"value": members})
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "scenario.json"), "w") as f:
        json.dump(t.s, f)


# ---- tenant-level endpoints: one scan per cell ----------------------------------------------

TENANT_ENDPOINTS = {
    # endpoint: (path, method, scan mode)
    "token": ("/%s/oauth2/v2.0/token" % TENANT, "POST", "A"),
    "subscriptions": ("/subscriptions", "GET", "A"),
    "managementgroup": (MG + "/descendants", "GET", "m"),
    "resourcegraph": ("/providers/Microsoft.ResourceGraph/resources", "POST", "rg"),
}


def tenant_cells(ep):
    path, method, _ = TENANT_ENDPOINTS[ep]
    out = []
    for name, fault, expect, marker in cells():
        f = dict(fault, path=path, method=method, id="%s %s" % (ep, name))
        if expect == "field":
            f["body"] = {"token": {"token_type": "Bearer", "expires_in": "soon",
                                   "access_token": ["fake"]},
                         "subscriptions": {"value": [{"subscriptionId": 5, "state": True}]},
                         "managementgroup": {"value": {"name": "x"}},
                         "resourcegraph": {"totalRecords": "x", "count": 1,
                                           "data": {"id": 1}}}[ep]
        out.append((name.replace(" ", "-"), f))
    return out


# ---- assessment -----------------------------------------------------------------------------

def load(p):
    with open(p) as f:
        return json.load(f)


def key(f):
    return (f["check"], f["subscription"], (f["resource"] or "").lower())


def by_sub(d):
    out = {}
    for f in d["findings"]:
        out.setdefault(f["subscription"], {})[key(f)] = f
    return out


def same(a, b):
    """Differences between two subscriptions' findings (status and message)."""
    diff = []
    for k in sorted(set(a) | set(b)):
        fa, fb = a.get(k), b.get(k)
        if not fa or not fb:
            diff.append("%s only in %s" % (k[0], "baseline" if fa else "fault run"))
        elif (fa["status"], fa["message"]) != (fb["status"], fb["message"]):
            diff.append("%s: %s '%s' -> %s '%s'" % (k[0], fa["status"], fa["message"][:120],
                                                    fb["status"], fb["message"][:160]))
    return diff


def fed_checks(b, path):
    """The checks of a subscription's baseline findings b that cite path."""
    path = path.lower()
    return {k[0] for k, f in b.items()
            if any(e["url"].split("?")[0].lower().endswith(path) for e in f["evidence"])}


def judge_cell(x, base, got, log):
    """'' when the cell's outcome is right, else why not; and a short outcome."""
    ep, what = x["endpoint"], ENDPOINTS[x["endpoint"]][1]
    b, o = base.get(x["sub"], {}), got.get(x["sub"], {})
    if not o:
        return "no findings for the subscription", ""
    affected = fed_checks(b, x["path"])
    if not affected:
        return "no baseline finding cites %s" % x["path"], ""
    if x["expect"] == "same":
        d = same(b, o)
        if d:
            return "; ".join(d[:3]), ""
        seen = log.get(x["path"].lower(), [])
        if len(seen) != 2 or not seen[0][1] or seen[1][1] or seen[1][0] != 200:
            return "same findings, but the server saw %s for %s (expected the fault, then 200)" % (
                seen, x["path"]), ""
        return "", "retried after the fault (HTTP %s), then as baseline" % seen[0][0]
    # Unaffected checks of this subscription: as in the baseline.
    d = same({k: v for k, v in b.items() if k[0] not in affected},
             {k: v for k, v in o.items() if k[0] not in affected})
    if d:
        return "unaffected checks changed: " + "; ".join(d[:3]), ""
    hit = [f for k, f in o.items() if k[0] in affected]
    if not hit:
        return "no finding of %s" % ", ".join(sorted(affected)), ""
    if x["expect"] == "field":
        # The checks the wrong value decides: never a pass (unless the
        # check is about existence, which a 200 object proves).
        allowed = x["allowed"]
        hit = [f for f in hit if f["check"] in allowed]
        bad = [f for f in hit if f["status"] not in allowed[f["check"]]]
        if bad or not hit:
            return "%s is %s (%s), expected one of %s" % (
                bad[0]["check"], bad[0]["status"], bad[0]["message"][:200],
                allowed[bad[0]["check"]]) if bad else "no finding of %s" % list(allowed), ""
        return "", "; ".join("%s %s" % (f["check"], f["status"]) for f in hit) + \
            ": " + hit[0]["message"][:100]
    status = "error"
    marker = x["marker"]
    if x["cell"] == "404" and ep in TARGETS:
        status, marker = "fail", "does not exist (HTTP 404 ResourceNotFound)"
    # The checks of a dataset that could not be read; the automations' target
    # checks have nothing to look at then, so they say so as errors too.
    if ep in SENTINEL:
        hit = [f for f in hit if f["check"] == "alerts-exported"]
        what = SENTINEL[ep] % (x["sub"] if ep == "workspaces" else sentinel_ws(x["sub"]))
    for f in hit:
        if f["status"] != status:
            return "%s is %s, expected %s: %s" % (f["check"], f["status"], status,
                                                  f["message"][:200]), ""
        m = f["message"]
        if ep in SENTINEL and what in m:
            # This subscription's own gap comes first, with its reason.
            m = m[m.index(what):][:len(what) + 700]
        if marker not in m:
            return "%s message lacks '%s': %s" % (f["check"], marker, m[:300]), ""
        if what not in m:
            return "%s message does not name %s: %s" % (f["check"], what, m[:300]), ""
        if x["cell"] == "403" and status == "error" and "permission" not in m:
            return "%s: 403 message names no permission: %s" % (f["check"], m[:300]), ""
        if "HTTP 0 " in m:
            return "%s: message shows HTTP 0: %s" % (f["check"], m[:300]), ""
    m = hit[0]["message"]
    if ep in SENTINEL:
        m = m[m.index(what):]
    return "", "%s: %s" % (status, m[:110])


def assess(d, basep, outp, logp):
    meta = load(os.path.join(d, "cells.json"))
    log = {}
    with open(logp) as f:
        for line in f:
            e = json.loads(line)
            log.setdefault(e["path"].lower(), []).append((e["status"], e["fault"]))
    base, got = by_sub(load(basep)), by_sub(load(outp))
    rep = load(outp)
    bad = 0
    for x in meta["cells"]:
        why, outcome = judge_cell(x, base, got, log)
        name = "fault %s %s" % (x["endpoint"], x["cell"])
        if why:
            bad += 1
            print("not ok - 0020-fault-matrix-a: %s\n#   %s" % (name, why))
        else:
            print("ok - 0020-fault-matrix-a: %s: %s; others unaffected" % (name, outcome))
    # Untouched subscriptions of each kind: exactly the baseline.
    for s in meta["controls"]:
        diff = same(base.get(s, {}), got.get(s, {}))
        if diff or not got.get(s):
            print("not ok - 0020-fault-matrix-a: control subscription %s unchanged\n#   %s"
                  % (s, "; ".join(diff[:3]) or "no findings"))
        else:
            print("ok - 0020-fault-matrix-a: untouched subscription %s: same findings" % s)
    # Every error cell is in the errors array with its URL.
    errs = set((e["subscription"], e["url"].split("?")[0].lower()) for e in rep["errors"])
    missing = [x for x in meta["cells"] if x["expect"] == "error" and
               not (x["cell"] == "404" and x["endpoint"] in TARGETS) and
               x["endpoint"] not in ("onboarding", "connectors", "workspace", "eventhub",
                                     "logicapp") and
               not any(s == x["sub"] and u.endswith(x["path"].lower()) for s, u in errs)]
    if missing:
        print("not ok - 0020-fault-matrix-a: errors array lists every unreadable dataset\n#   %s"
              % "; ".join("%s %s" % (x["endpoint"], x["cell"]) for x in missing[:5]))
    else:
        print("ok - 0020-fault-matrix-a: the errors array lists every unreadable dataset")
    return 0


def tassess(d):
    """Tenant-level cells: DIR/<ep>/<cell>.{json,rc,err}; baselines DIR/base-<mode>.{json,rc}."""
    for ep, (path, method, mode) in TENANT_ENDPOINTS.items():
        basef = os.path.join(d, "base-%s.json" % mode)
        base = by_sub(load(basef))
        base_rc = open(os.path.join(d, "base-%s.rc" % mode)).read().strip()
        for name, fault in tenant_cells(ep):
            stem = os.path.join(d, ep, name)
            if not os.path.exists(stem + ".rc"):
                continue
            rc = open(stem + ".rc").read().strip()
            err = open(stem + ".err", errors="replace").read()
            secs = open(stem + ".time").read().strip()
            label = "fault %s %s" % (ep, name.replace("-", " ").replace("wrongtype ", "wrongtype "))
            why, outcome = "", ""
            try:
                out = load(stem + ".json")
            except (OSError, ValueError):
                out = None
            recovers = fault.get("times") == 1 or ep == "resourcegraph"
            if re.search(r"Sanitizer|runtime error|Segmentation|Assertion|Aborted", err):
                why = "crash or sanitizer output: " + err[:300]
            elif float(secs) > float(os.environ.get("BOUND", "60")) / 3:
                why = "took %s s" % secs
            elif recovers:
                # Once: the retry recovers.  Resource Graph: a failed query
                # falls back to the direct reads.  Same findings either way.
                if rc != base_rc:
                    why = "exit %s, baseline %s: %s" % (rc, base_rc, err[-300:])
                elif out is None:
                    why = "no report"
                else:
                    diff = []
                    got = by_sub(out)
                    for s in set(base) | set(got):
                        diff += same(base.get(s, {}), got.get(s, {}))
                    if diff:
                        why = "; ".join(diff[:3])
                    elif fault.get("times") == 1 and out["scan"].get("retries", 0) < 1:
                        why = "no retry counted"
                    else:
                        outcome = ("recovered after a retry" if fault.get("times") == 1 else
                                   "fell back to direct reads") + ", same findings (exit %s)" % rc
            else:
                # One line that says why (an unusable subscription list is
                # only warned about, then "no subscription could be scanned").
                line = [l for l in err.splitlines()
                        if l.startswith(("irscan: error", "irscan: warning"))]
                if rc != "3":
                    why = "exit %s, expected 3: %s" % (rc, err[-300:])
                elif not line:
                    why = "no 'irscan: error' or warning line: " + err[-300:]
                else:
                    outcome = "exit 3: " + line[0][:150]
                    m = fault.get("status")
                    if m and str(m) not in line[0]:
                        why = "the error line does not show HTTP %s: %s" % (m, line[0])
                    if out and any(f["status"] == "pass" for f in out.get("findings", [])):
                        why = "a pass although the scan could not run"
            if why:
                print("not ok - 0020-fault-matrix-b: %s\n#   %s" % (label, why))
            else:
                print("ok - 0020-fault-matrix-b: %s: %s (%s s)" % (label, outcome, secs))
    return 0


def main(a):
    if a[:1] == ["scenario"] and len(a) == 2:
        write_scenario(a[1])
    elif a[:1] == ["small"] and len(a) == 2:
        write_small(a[1])
    elif a[:1] == ["cells"] and len(a) == 2:
        for name, f in tenant_cells(a[1]):
            print("%s\t%s" % (name, json.dumps(f)))
    elif a[:1] == ["assess"] and len(a) == 5:
        return assess(*a[1:])
    elif a[:1] == ["tassess"] and len(a) == 2:
        return tassess(a[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
