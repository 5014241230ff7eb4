#!/usr/bin/env python3
"""crosscheck.py JSON JUNIT SARIF HTML - the four reports of one scan say the same thing.

Each format is read with a standard parser (json, xml.etree, html.parser) and reduced to a
set of (check, subscription, resource, status); every format must match the JSON report
finding for finding (SARIF carries fail, waived and manual as results and errors as tool
execution notifications, by design).  Prints "ok - ..." / "not ok - ..." lines.
"""
import html.parser
import json
import sys
import xml.etree.ElementTree as ET

failed = 0


def report(ok, what, detail=""):
    global failed
    print(("ok - " if ok else "not ok - ") + "crosscheck: " + what)
    if not ok:
        failed += 1
        print("#   " + detail[:2000])


def from_json(path):
    d = json.load(open(path, encoding="utf-8"))
    return d, {(f["check"], f["subscription"], f["resource"], f["status"]) for f in d["findings"]}


def from_junit(path):
    root = ET.parse(path).getroot()
    out = set()
    counts = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root.iter("testsuite"):
        props = {p.get("name"): p.get("value") for p in suite.iter("property")}
        sub = props.get("subscription")
        n = 0
        for case in suite.findall("testcase"):
            n += 1
            name = case.get("name")
            check, _, rest = name.partition(" [")
            resource = rest[:-1]
            status = "pass"
            if case.find("failure") is not None:
                status = "fail"
            elif case.find("error") is not None:
                status = "error"
            elif case.find("skipped") is not None:
                msg = case.find("skipped").get("message") or ""
                status = ("waived" if msg.startswith("waived") else
                          "manual" if msg.startswith("manual") else "not-applicable")
            if sub is not None:
                out.add((check, sub, resource, status))
        for k in counts:
            counts[k] += int(suite.get(k))
        if int(suite.get("tests")) != n:
            report(False, "junit suite test count", suite.get("name"))
    return root, out, counts


def from_sarif(path):
    d = json.load(open(path, encoding="utf-8"))
    run = d["runs"][0]
    results = set()
    for r in run["results"]:
        status = ("manual" if r.get("kind") == "review" else
                  "waived" if r.get("suppressions") else "fail")
        fqn = r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        results.add((r["ruleId"], r["properties"]["subscriptionId"], fqn, status))
    errors = set()
    for n in run["invocations"][0].get("toolExecutionNotifications", []):
        if "associatedRule" in n:
            errors.add((n["associatedRule"]["id"], n["properties"]["subscriptionId"],
                        n["properties"]["resource"], "error"))
    return d, results, errors


class Findings(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-check" in a:
            self.found.add((a["data-check"], a["data-sub"], a["data-resource"], a["data-status"]))


def main():
    jpath, xpath, spath, hpath = sys.argv[1:5]
    doc, js = from_json(jpath)
    _, ju, counts = from_junit(xpath)
    report(ju == js, "junit testcases = json findings (%d)" % len(js),
           "only json: %s; only junit: %s" % (sorted(js - ju)[:5], sorted(ju - js)[:5]))
    summ = doc["summary"]
    report(counts == {"tests": len(js), "failures": summ["fail"], "errors": summ["error"]},
           "junit counts = json summary", "%s vs %s" % (counts, summ))
    _, sres, serr = from_sarif(spath)
    want = {f for f in js if f[3] in ("fail", "waived", "manual")}
    report(sres == want, "sarif results = json fail/waived/manual (%d)" % len(want),
           "only json: %s; only sarif: %s" % (sorted(want - sres)[:5], sorted(sres - want)[:5]))
    want = {f for f in js if f[3] == "error"}
    report(serr == want, "sarif notifications = json errors (%d)" % len(want),
           "only json: %s; only sarif: %s" % (sorted(want - serr)[:5], sorted(serr - want)[:5]))
    p = Findings()
    p.feed(open(hpath, encoding="utf-8").read())
    report(p.found == js, "html findings = json findings",
           "only json: %s; only html: %s" % (sorted(js - p.found)[:5], sorted(p.found - js)[:5]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
