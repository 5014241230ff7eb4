#!/usr/bin/env python3
"""tests/fuzz/seeds.py [BUNDLE_DIR...] - write the seed corpora of tests/fuzz/corpus/.

Seeds are the recorded ARM bodies (fixtures/arm/, fixtures/recorded/, ../shared/azure-arm/examples/:
responses.200.body, a get wrapped in {"value": [...]}), a few variants of each
(wrong JSON types, hostile strings, an empty list), and hand-written token
answers, az CLI outputs, ARM error bodies, waivers and attestations files.
BUNDLE_DIR arguments are evidence bundles (irscan --evidence-dir) packed into
manifest seeds: manifest.json, then NAME NUL CONTENT NUL per file.

Only files named seed-* are written (others, such as regression inputs, are
kept).  Run from the repository root; the output is deterministic.
"""
import glob
import json
import os
import random
import sys

OUT = "tests/fuzz/corpus"
EXAMPLES = "../shared/azure-arm/examples"
HOSTILE = ["<script>alert(1)</script>", "\u001b[31mred\u001b[0m", "a\r\nb", "]]>&amp;\"'",
           "\u0000nul", "\ud800", "x" * 300, "", "é🙂", "%s%n%x"]

# target -> (fixture directories, example name parts)
PAGES = {
    "arm_page_contacts": (["securityContacts"], ["securityContacts"]),
    "arm_page_pricings": (["pricings"], ["pricings"]),
    "arm_page_alerts": (["alerts"], ["alerts"]),
    "arm_page_automations": (["automations"], ["automations"]),
    "arm_page_workspaces": (["workspaces"], ["OperationalInsights_workspaces"]),
    "arm_page_onboarding": (["onboardingStates"], ["onboardingStates"]),
    "arm_page_connectors": (["dataConnectors"], ["dataConnectors"]),
    "arm_page_settings": (["settings"], ["settings"]),
    "arm_page_suppression": (["alertsSuppressionRules"], ["alertsSuppressionRules"]),
    "arm_page_rules": (["automationRules"], ["automationRules"]),
}
RG_KINDS = {"arm_page_pricings", "arm_page_alerts", "arm_page_automations"}


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    elif not isinstance(data, bytes):
        data = json.dumps(data, separators=(",", ":")).encode("utf-8", "surrogatepass")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def as_list(body):
    return body if isinstance(body.get("value"), list) else {"value": [body]}


def mutate(value, rng, how):
    """A copy of value with leaves replaced: wrong types or hostile strings."""
    if isinstance(value, dict):
        return {k: mutate(v, rng, how) for k, v in value.items()}
    if isinstance(value, list):
        return [mutate(v, rng, how) for v in value]
    if how == "types" and rng.random() < 0.5:
        return rng.choice([None, 0, -1, 1e308, True, [], {}, "", [value], {"value": value}])
    if how == "hostile" and isinstance(value, str) and rng.random() < 0.5:
        return rng.choice(HOSTILE)
    return value


def pages():
    for target, (dirs, parts) in PAGES.items():
        bodies = []
        for d in dirs:
            for p in sorted(glob.glob("fixtures/arm/%s/*.json" % d)):
                bodies.append((os.path.basename(p), json.load(open(p))))
            # Bodies Azure really returned; a bare array is the page it answers.
            for p in sorted(glob.glob("fixtures/recorded/%s/*.json" % d)):
                body = json.load(open(p))
                bodies.append(("recorded-" + os.path.basename(p),
                               {"value": body} if isinstance(body, list) else as_list(body)))
        for p in sorted(glob.glob(EXAMPLES + "/*.json")):
            if any(part in p for part in parts):
                ex = json.load(open(p))
                body = ex.get("responses", {}).get("200", {}).get("body")
                if isinstance(body, dict):
                    bodies.append(("example-" + os.path.basename(p), as_list(body)))
        rng = random.Random(target)
        for name, body in bodies:
            write(target, name, body)
        # Variants of the first few bodies only: the corpus stays small.
        for name, body in bodies[:4]:
            for how in ("types", "hostile"):
                write(target, how + "-" + name, mutate(body, rng, how))
        write(target, "empty.json", {"value": []})
        write(target, "empty-items.json", {"value": [{}, {"properties": None}, {"properties": []}]})
        write(target, "next.json", {"value": [{"id": "/x", "properties": {}}],
                                    "nextLink": "https://management.azure.com/x?$skipToken=1"})
        if target in RG_KINDS:
            for p in sorted(glob.glob(EXAMPLES + "/Microsoft.ResourceGraph_*.json")):
                ex = json.load(open(p))
                body = ex["responses"]["200"]["body"]
                write(target, "rg-" + os.path.basename(p), {"value": body.get("data", [])})


ARM_ERRORS = [
    {"error": {"code": "AuthorizationFailed", "message": "The client 'x' does not have "
               "authorization to perform action 'Microsoft.Security/securityContacts/read'"}},
    {"error": {"code": "InvalidApiVersionParameter", "message": "The api-version '2099-01-01' is invalid."}},
    {"error": {"code": "NoRegisteredProviderFound", "message": "No registered resource provider found"}},
    {"error": {"code": "SubscriptionNotFound", "message": "The subscription 'x' could not be found.",
               "details": [{"code": "Inner", "message": "inner"}]}},
    {"Error": {"Code": "ResourceNotFound", "Message": "PascalCase"}},
    {"code": "BadRequest", "message": "top level"},
    {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret.\r\nTrace ID: 1"},
    {"error": {"code": 429, "message": ["not", "a", "string"]}},
    {"error": None},
    {"error": "x"},
    {"error": {"code": "\u001b]0;title\u0007", "message": "<b>markup</b>"}},
]


def errors():
    for i, e in enumerate(ARM_ERRORS):
        write("arm_error", "%02d.json" % i, e)
    write("arm_error", "html.txt", "<html><body><h1>502 Bad Gateway</h1></body></html>")
    write("arm_error", "empty.txt", "")
    write("arm_error", "truncated.json", '{"error": {"code": "Throttled", "mess')
    write("arm_error", "array.json", "[]")


def tokens():
    jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2ln"
    entra = [
        {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": jwt},
        {"token_type": "Bearer", "expires_in": "86399", "expires_on": "1780000000",
         "resource": "https://management.azure.com/", "access_token": jwt},   # IMDS
        {"token_type": "Bearer", "expires_on": 1780003600, "access_token": jwt},   # App Service
        {"token_type": "bearer", "expires_in": 60, "access_token": jwt},
        {"token_type": "pop", "expires_in": 3599, "access_token": jwt},
        {"token_type": "Bearer", "expires_in": 0, "access_token": jwt},
        {"token_type": "Bearer", "expires_in": -5, "access_token": jwt},
        {"token_type": "Bearer", "expires_in": 1e300, "access_token": jwt},
        {"token_type": "Bearer", "expires_in": "3599abc", "access_token": jwt},
        {"token_type": "Bearer", "expires_in": 3599, "access_token": ""},
        {"token_type": "Bearer", "expires_in": 3599, "access_token": 5},
        {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret "
         "provided.\r\nTrace ID: 1\r\nCorrelation ID: 2", "error_codes": [7000215]},
        {"error": "invalid_request\nsecond line", "error_description": "x"},
        {"message": "An unexpected error occured while fetching the AAD Token."},
        {"error": "unauthorized_client", "error_description": "\u001b[2J" + "y" * 400},
    ]
    for i, t in enumerate(entra):
        write("entra_token", "%02d.json" % i, t)
    write("entra_token", "html.txt", "<html>login</html>")
    write("entra_token", "empty.txt", "")

    cli = [
        {"accessToken": jwt, "expiresOn": "2026-05-28 12:00:00.000000", "expires_on": 1780000000,
         "subscription": "00000000-0000-0000-0000-000000000001",
         "tenant": "7e57a000-0000-4000-8000-00000000aaaa", "tokenType": "Bearer"},
        {"accessToken": jwt, "expiresOn": "2026-05-28 12:00:00.000000", "tokenType": "Bearer"},
        {"accessToken": jwt, "expires_on": "1780000000", "tokenType": "Bearer"},
        {"accessToken": jwt, "expiresOn": "9999-99-99 99:99:99", "tokenType": "Bearer"},
        {"accessToken": jwt, "expiresOn": "-2147483648-1-1 0:0:0", "tokenType": "Bearer"},
        {"accessToken": jwt, "expiresOn": "2026-13-45 25:61:61.5", "tokenType": "Bearer"},
        {"accessToken": jwt, "expires_on": 1e300, "tokenType": "Bearer"},
        {"accessToken": jwt, "expires_on": -1, "tokenType": "pop"},
        {"accessToken": "", "tokenType": "Bearer"},
        {"tokenType": "Bearer"},
    ]
    for i, t in enumerate(cli):
        write("cli_token", "%02d.json" % i, t)
    write("cli_token", "login.txt", "ERROR: Please run 'az login' to setup account.\n")
    write("cli_token", "warning.txt", "WARNING: a warning\n" + json.dumps(cli[0]))
    write("cli_token", "empty.txt", "")


def redact():
    sig = ("https://prod-01.westeurope.logic.azure.com:443/workflows/x/triggers/manual/paths/"
           "invoke?api-version=2016-10-01&sp=%2Ftriggers&sv=1.0&sig=s1gSecret")
    cs = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=Sas="
    bodies = [
        {"value": [{"properties": {"actions": [{"actionType": "LogicApp", "uri": sig},
                                               {"actionType": "EventHub", "connectionString": cs}]}}]},
        {"properties": {"primaryKey": "k1", "secondaryKey": "k2", "password": "p", "clientSecret": "s"}},
        {"a": "x\\u0026sig=abc&sig=def", "b": "AccountKey=zzz;Password=yyy;sharedaccesssignature=sv"},
        {"access_token": "t", "refresh_token": "r", "id_token": "i", "apiKey": ["k", {"x": 1}]},
        {"nested": {"sasToken": {"not": "a string"}, "connectionString": None}},
        {"connectionString": "SharedAccessKey="},
        {"uri": "https://x/?sig=" + "a" * 200 + "&sig=b"},
        {"k\u00e9y": "\u0000", "password": "\ud83d\ude00"},
    ]
    for i, b in enumerate(bodies):
        write("redact_body", "%02d.json" % i, b)
    write("redact_body", "text.txt", "not json: password=hunter2&sig=abc")
    write("redact_body", "escaped.json", '{"pass\\u0077ord": "x", "u": "a\\u0026sig=1"}')
    for p in sorted(glob.glob("fixtures/arm/automations/*.json")):
        write("redact_body", "fixture-" + os.path.basename(p), open(p, "rb").read())


def waivers():
    ok = {"check": "security-contact-email", "subscription": "*", "reason": "r",
          "approved_by": "a", "expires": "2030-01-01"}
    files = [
        {"waivers": [ok]},
        {"waivers": [dict(ok, subscription="00000000-0000-0000-0000-000000000001",
                          resource="/subscriptions/00000000-0000-0000-0000-000000000001/"
                          "resourceGroups/rg/providers/Microsoft.Logic/workflows/x")]},
        {"waivers": [dict(ok, expires="2020-02-29"), dict(ok, check="logic-app-enabled")]},
        {"waivers": []},
        {"waivers": [dict(ok, expires="2026-02-30")]},
        {"waivers": [dict(ok, expires="99999-01-01")]},
        {"waivers": [dict(ok, check="no-such-check")]},
        {"waivers": [dict(ok, subscription=5)]},
        {"waivers": [dict(ok, reason="  ")]},
        {"waivers": [dict(ok, expiry="2030-01-01")]},
        {"waivers": [{}]},
        {"exceptions": []},
        {"waivers": [ok, None, 3, []]},
    ]
    for i, w in enumerate(files):
        write("waivers", "%02d.json" % i, w)
    write("waivers", "truncated.json", '{"waivers": [')
    write("waivers", "empty.txt", "")

    ok = {"control": "10.1", "framework": "asb-ir-2019", "subscription": "*",
          "document": "IR plan v3", "owner": "SecOps lead", "reviewed": "2026-01-01"}
    files = [
        {"attestations": [ok]},
        {"attestations": [ok, dict(ok, control="10.3", framework="asb-v1",
                                   subscription="00000000-0000-0000-0000-000000000001")]},
        {"attestations": [dict(ok, framework="mcsb-v1", control="IR-1", check="ir-plan-attested")]},
        {"attestations": [dict(ok, control="10.9")]},
        {"attestations": [dict(ok, framework="iso")]},
        {"attestations": [dict(ok, reviewed="2099-01-01")]},
        {"attestations": [dict(ok, reviewed="2026-05-29")]},
        {"attestations": [{k: v for k, v in ok.items() if k != "owner"}]},
        {"attestations": [dict(ok, check="no-such-check")]},
        {"attestations": []},
        {"attestations": {}},
    ]
    for i, a in enumerate(files):
        write("attestations", "%02d.json" % i, a)


def manifests(bundles):
    for n, d in enumerate(bundles):
        data = open(os.path.join(d, "manifest.json"), "rb").read()
        for name in sorted(os.listdir(d)):
            if name != "manifest.json":
                data += b"\0" + name.encode() + b"\0" + open(os.path.join(d, name), "rb").read()
        write("manifest", "bundle%d" % n, data)
        # The same with a symbolic link in place of a file.
        write("manifest", "bundle%d-link" % n,
              data + b"\0@000001.json\0\0extra.json\0{}")
    write("manifest", "not-json", b"{\"format\": ")
    write("manifest", "empty-object", b"{}")
    write("manifest", "wrong-types",
          b'{"format": "irscan-evidence/1", "scan": [], "entries": {}, "subscriptions": 5}')


def reports():
    rng = random.Random("reports")
    for i in range(24):
        n = rng.choice([16, 64, 256, 1024])
        data = bytes(rng.getrandbits(8) for _ in range(n))
        if i % 3 == 0:
            # Readable strings, so markup and escapes reach the writers.
            data = bytes(b for s in rng.choices(HOSTILE, k=n // 8)
                         for b in bytes([len(s.encode("utf-8", "surrogatepass")) & 0xff])
                         + s.encode("utf-8", "surrogatepass"))
            data = bytes([rng.getrandbits(8) for _ in range(8)]) + data
        write("reports", "%02d" % i, data)


def baselines():
    """--baseline files: the reports of fixtures/baselines/, cut down and varied."""
    for p in sorted(glob.glob("fixtures/baselines/*.json")):
        d = json.load(open(p))
        d["findings"] = d["findings"][:6] + d["findings"][:2]    # two duplicates
        write("baseline", os.path.basename(p), d)
    f = {"check": "security-contact-email", "subscription": "00000000-0000-0000-0000-000000000001",
         "resource": None, "status": "fail", "severity": "high", "message": HOSTILE[0],
         "observed": {"emails": ""}, "evidence": [{"request_id": "r"}, {"request_id": None}]}
    files = [
        {"tool": {"name": "irscan"}, "findings": [f, dict(f, check="SECURITY-contact-email"), f]},
        {"tool": {"name": "irscan", "version": "0.0.1"},
         "scan": {"started": "2026-01-01T00:00:00Z", "framework": "cis-azure-3.0.0", "tenant": None,
                  "parameters": {"checks": ["a", "b"]}},
         "subscriptions": [{"id": f["subscription"], "scanned": True}, {"id": "x", "scanned": False}],
         "findings": [f, dict(f, check="a", status="pass")]},
        {"tool": {"name": "irscan"}, "findings": [dict(f, status="bogus")]},
        {"tool": {"name": "irscan"}, "findings": [dict(f, message=3)]},
        {"tool": {"name": "irscan"}, "findings": [dict(f, observed={"k": 1})]},
        {"tool": {"name": "irscan"}, "scan": {"started": "soon"}, "findings": []},
        {"tool": {"name": "trivy"}, "findings": []},
        {"tool": {"name": "irscan"}, "findings": {}},
        {"tool": {"name": "irscan"}, "findings": [None, 3, []]},
    ]
    for i, b in enumerate(files):
        write("baseline", "%02d.json" % i, b)
    write("baseline", "truncated.json", '{"tool": {"name": "irscan"}, "findings": [')


def main():
    baselines()
    pages()
    errors()
    tokens()
    redact()
    waivers()
    manifests(sys.argv[1:])
    reports()


if __name__ == "__main__":
    main()
