#!/usr/bin/env python3
"""citemplates.py - the CI templates of docs/ci/ for tests/cli/0024-ci-templates.sh (issue 9).

    citemplates.py check DOCS               the YAML files parse and have the structure the
                                            platforms need; one "ok -"/"not ok -" line each
    citemplates.py extract DOCS DIR         for each PLATFORM (github, azure, gitlab):
        DIR/PLATFORM.scan.sh    the scan step's script, verbatim
        DIR/PLATFORM.token.sh   the step writing the federated token file (github: the OIDC
                                request; gitlab: its before_script line)
        DIR/PLATFORM.uploads    the files later steps publish (the markdown summary
                                too), one a line, path macros as $VARIABLES
        DIR/github.baseline.sh  the step that fetches the last successful run's report and
                                sets IRSCAN_GATE (--baseline ... --fail-on-new)
        DIR/PLATFORM.outcome    "RC RESULT" for RC 0..3: what the pipeline makes of the scan's
                                exit code (passed, warning, failed); DIR/gitlab-allow.outcome:
                                the same with the allow_failure example uncommented
    citemplates.py scenario SRC DST FED SUB...
                                            DST/scenario.json: SRC's tenant with only the
                                            subscriptions SUB..., plus the federated client FED
                                            whose assertion is the content of DST/fed.jwt
    citemplates.py oidc-server PORTFILE BEARER VALUE
                                            a stand-in for GitHub's OIDC token endpoint: GET
                                            with "Authorization: bearer BEARER" and
                                            audience=api://AzureADTokenExchange gives
                                            {"value": VALUE}; anything else 401/400

The scan step is found by content (its script runs irscan); the check insists that it runs
nothing but irscan, so that running its lines is running the step.
"""
import http.server
import json
import os
import re
import sys
import threading
import urllib.parse

import yaml

TEST = "0024-ci-templates"
FILES = {"github": "github-actions.yml", "azure": "azure-pipelines.yml", "gitlab": "gitlab-ci.yml"}
AUDIENCE = "api://AzureADTokenExchange"
failed = 0


def ok(msg):
    print(f"ok - {TEST}: {msg}")


def not_ok(msg, detail=""):
    global failed
    failed += 1
    print(f"not ok - {TEST}: {msg}")
    if detail:
        print(f"#   {detail}")


def expect(cond, msg, detail=""):
    if cond:
        ok(msg)
    else:
        not_ok(msg, detail)
    return cond


def load(docs, platform):
    with open(os.path.join(docs, FILES[platform]), encoding="utf-8") as f:
        return yaml.safe_load(f)


def logical_lines(script):
    """Shell lines with backslash-newline continuations joined, comments and blanks dropped."""
    out, cur = [], ""
    for line in script.splitlines():
        if line.endswith("\\"):
            cur += line[:-1]
            continue
        cur += line
        if cur.strip() and not cur.strip().startswith("#"):
            out.append(cur.strip())
        cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def is_irscan(line):
    return re.match(r"(\./)?irscan\s", line + " ") is not None


# --- where each platform keeps its steps ---

def github_steps(doc):
    jobs = doc.get("jobs") or {}
    return [s for job in jobs.values() for s in job.get("steps", [])]


def github_scan(doc):
    return [s for s in github_steps(doc) if "run" in s and any(map(is_irscan, logical_lines(s["run"])))]


def azure_script_of(step):
    if "script" in step:
        return step["script"]
    if "bash" in step:
        return step["bash"]
    inputs = step.get("inputs") or {}
    return inputs.get("inlineScript") or inputs.get("script") or ""


def azure_scan(doc):
    return [s for s in doc.get("steps", []) if any(map(is_irscan, logical_lines(azure_script_of(s))))]


def gitlab_jobs(doc):
    return {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}


def gitlab_scan(doc):
    return [(k, j) for k, j in gitlab_jobs(doc).items()
            if any(is_irscan(line) for item in j["script"] for line in logical_lines(item))]


def scan_script(docs, platform):
    """The scan step's script as the platform runs it (GitLab: one command per item)."""
    doc = load(docs, platform)
    if platform == "github":
        return "\n".join(s["run"] for s in github_scan(doc))
    if platform == "azure":
        return "\n".join(azure_script_of(s) for s in azure_scan(doc))
    return "\n".join(item for _, j in gitlab_scan(doc) for item in j["script"])


def scan_lines(docs, platform):
    doc = load(docs, platform)
    if platform == "github":
        return [line for s in github_scan(doc) for line in logical_lines(s["run"])]
    if platform == "azure":
        return [line for s in azure_scan(doc) for line in logical_lines(azure_script_of(s))]
    return [line for _, j in gitlab_scan(doc) for item in j["script"] for line in logical_lines(item)]


# --- check ---

def check(docs):
    docs_readme = os.path.join(docs, "README.md")
    parsed = {}
    for platform, name in FILES.items():
        try:
            parsed[platform] = load(docs, platform)
            ok(f"{name} parses")
        except (OSError, yaml.YAMLError) as e:
            not_ok(f"{name} parses", str(e).replace("\n", " "))
    for platform in parsed:
        lines = scan_lines(docs, platform)
        irscan = [line for line in lines if is_irscan(line)]
        expect(len(irscan) == 1 and len(lines) == 1,
               f"{FILES[platform]}: the scan step runs exactly one irscan command and nothing else",
               repr(lines))
        for line in irscan:
            expect(not re.search(r"--(arm-endpoint|authority-host|ca-bundle)\b|127\.0\.0\.1|localhost", line),
                   f"{FILES[platform]}: no test endpoint in the irscan command", line)
            expect("${{" not in line and "$(" not in line,
                   f"{FILES[platform]}: the irscan command is plain shell (no CI macro)", line)

    g = parsed.get("github")
    if g:
        perms = g.get("permissions") or {}
        expect(perms.get("id-token") == "write", "github: permissions id-token: write", repr(perms))
        expect(perms.get("security-events") == "write", "github: permissions security-events: write", repr(perms))
        steps = github_steps(g)
        scan = github_scan(g)
        after = steps[steps.index(scan[0]) + 1:] if scan else []
        sarif = [s for s in after if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
        expect(len(sarif) == 1 and (sarif[0].get("with") or {}).get("category")
               and (sarif[0].get("with") or {}).get("sarif_file"),
               "github: upload-sarif after the scan, with sarif_file and a category", repr(sarif))
        junit = [s for s in after if re.search(r"junit", str(s.get("uses", "")) + json.dumps(s.get("with", {})))]
        expect(len(junit) >= 1, "github: the JUnit report is published", repr(after))
        uploads = [s for s in after if "uses" in s]
        expect(uploads and all("always()" in str(s.get("if", "")) for s in uploads),
               "github: every upload after the scan runs if: always()", repr([s.get("if") for s in uploads]))
        expect("continue-on-error" not in (scan[0] if scan else {}), "github: the scan step can fail the job")
        envs = {}
        for job in (g.get("jobs") or {}).values():
            envs.update(job.get("env") or {})
        expect({"AZURE_TENANT_ID", "AZURE_CLIENT_ID"} <= set(envs) and
               not any(re.search(r"secret", k, re.I) for k in envs),
               "github: tenant and client id in the job's environment, no secret", repr(envs))
        tok = github_token_step(g)
        expect(tok is not None and "AZURE_FEDERATED_TOKEN_FILE=" in tok["run"] and "GITHUB_ENV" in tok["run"]
               and AUDIENCE in tok["run"],
               "github: a step writes the OIDC token for Entra ID and sets AZURE_FEDERATED_TOKEN_FILE")
        build = [s for s in steps if "run" in s and re.search(r"\bmake\b.*\binstall\b", s["run"])]
        expect(build and steps.index(build[0]) < steps.index(scan[0]) if scan else False,
               "github: irscan is built and installed before the scan")
        md = markdown_output(scan_lines(docs, "github"))
        summ = [s for s in after if "run" in s and "GITHUB_STEP_SUMMARY" in s["run"]]
        expect(md and len(summ) == 1 and md in summ[0]["run"] and "always()" in str(summ[0].get("if", "")),
               "github: the scan writes -o markdown and a step after it, if: always(), appends it to "
               "$GITHUB_STEP_SUMMARY", repr(summ))
        base = github_baseline_step(g)
        run = base["run"] if base else ""
        artifact = [s for s in after if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
        name = (artifact[0].get("with") or {}).get("name") if artifact else None
        expect(base is not None and scan and steps.index(base) < steps.index(scan[0])
               and "gh run list" in run and "--status success" in run
               and f"--name {name}" in run and "irscan.json" in run,
               "github: before the scan, a step downloads the report of the last successful run "
               "(the artifact the run uploads)", run)
        expect(re.search(r"IRSCAN_GATE=--baseline \S+ --fail-on-new", run) and "GITHUB_ENV" in run
               and all("${IRSCAN_GATE" in line for line in scan_lines(docs, "github") if is_irscan(line)),
               "github: it gives the scan --baseline and --fail-on-new (IRSCAN_GATE)")
        expect(perms.get("actions") == "read", "github: permissions actions: read (to find the previous run)",
               repr(perms))

    a = parsed.get("azure")
    if a:
        steps = a.get("steps", [])
        scan = azure_scan(a)
        expect(len(scan) == 1 and scan[0].get("task", "").startswith("AzureCLI@")
               and (scan[0].get("inputs") or {}).get("azureSubscription")
               and "--auth cli" in azure_script_of(scan[0]),
               "azure: the scan runs in AzureCLI@2 with the service connection and --auth cli", repr(scan))
        after = steps[steps.index(scan[0]) + 1:] if scan else []
        ptr = [s for s in after if s.get("task", "").startswith("PublishTestResults@2")]
        expect(len(ptr) == 1 and (ptr[0].get("inputs") or {}).get("testResultsFormat") == "JUnit",
               "azure: PublishTestResults@2 with testResultsFormat JUnit", repr(ptr))
        cal = [s for s in after if (s.get("inputs") or {}).get("ArtifactName") == "CodeAnalysisLogs"
               or (s.get("inputs") or {}).get("artifact") == "CodeAnalysisLogs"]
        expect(len(cal) == 1 and str((cal[0].get("inputs") or {}).get("PathtoPublish", "")).endswith(".sarif"),
               "azure: the SARIF report published as the CodeAnalysisLogs artifact", repr(cal))
        expect(after and all(s.get("condition") in ("succeededOrFailed()", "always()") for s in after),
               "azure: every publish after the scan runs when the scan failed",
               repr([s.get("condition") for s in after]))
        build = [s for s in steps if re.search(r"\bmake\b.*\binstall\b", azure_script_of(s))]
        expect(build and scan and steps.index(build[0]) < steps.index(scan[0]),
               "azure: irscan is built and installed before the scan")
        md = markdown_output(scan_lines(docs, "azure"))
        summ = [u for u in azure_summaries(a, after)]
        expect(md and len(summ) == 1 and summ[0].endswith("/" + os.path.basename(md)),
               "azure: the scan writes -o markdown and a step uploads it with ##vso[task.uploadsummary]",
               repr((md, summ)))

    gl = parsed.get("gitlab")
    if gl:
        scan = gitlab_scan(gl)
        expect(len(scan) == 1, "gitlab: one job runs irscan", repr(list(gitlab_jobs(gl))))
        if scan:
            name, job = scan[0]
            art = job.get("artifacts") or {}
            expect(isinstance((art.get("reports") or {}).get("junit"), (str, list)),
                   "gitlab: artifacts:reports:junit", repr(art))
            expect(art.get("when") == "always", "gitlab: artifacts when: always (kept when the gate fails)")
            expect(any(str(p).endswith(".sarif") for p in art.get("paths", [])),
                   "gitlab: the SARIF report is an artifact", repr(art.get("paths")))
            expect(job.get("allow_failure") in (None, False),
                   "gitlab: the job gates (no allow_failure by default)", repr(job.get("allow_failure")))
            md = markdown_output(scan_lines(docs, "gitlab"))
            note = "\n".join(job.get("after_script") or [])
            expect(md and md in art.get("paths", []) and md in note
                   and "merge_requests/$CI_MERGE_REQUEST_IID/notes" in note,
                   "gitlab: the markdown summary is an artifact and, in a merge request, a note",
                   repr((md, note)))
            ids = job.get("id_tokens") or {}
            expect(any((v or {}).get("aud") == AUDIENCE for v in ids.values()),
                   "gitlab: an id_token for Entra ID's audience", repr(ids))
            expect("AZURE_FEDERATED_TOKEN_FILE" in (job.get("variables") or {}),
                   "gitlab: AZURE_FEDERATED_TOKEN_FILE is set for the job")
            # The commented allow_failure example must be valid YAML with the SPEC §3 meaning.
            alt = allowed_exit_codes(docs, uncomment=True)
            expect(alt == [1], "gitlab: the allow_failure example, uncommented, parses and allows only exit 1",
                   repr(alt))
    expect(os.path.exists(docs_readme), "docs/ci/README.md exists")
    if os.path.exists(docs_readme):
        text = open(docs_readme, encoding="utf-8").read()
        for word in list(FILES.values()) + ["IRSCAN_ARM_ENDPOINT", "IRSCAN_CA_BUNDLE", "exit code"]:
            expect(word in text, f"docs/ci/README.md mentions {word}")


def markdown_output(lines):
    """The PATH of the scan's -o markdown:PATH (quotes dropped), or None."""
    for line in lines:
        m = re.search(r"""-o\s+["']?markdown:([^\s"']+)""", line)
        if m:
            return m.group(1)
    return None


def azure_summaries(doc, steps):
    """The files the steps give ##vso[task.uploadsummary] (Azure's macros as they are)."""
    out = []
    for s in steps:
        out += re.findall(r"##vso\[task\.uploadsummary\]([^\s\"']+)", azure_script_of(s))
    return out


def github_baseline_step(doc):
    for s in github_steps(doc):
        if "run" in s and "gh run download" in s["run"]:
            return s
    return None


def github_token_step(doc):
    for s in github_steps(doc):
        if "run" in s and "ACTIONS_ID_TOKEN_REQUEST_URL" in s["run"]:
            return s
    return None


def allowed_exit_codes(docs, uncomment=False):
    """GitLab: the scan job's allow_failure exit codes ([] when it may not fail)."""
    path = os.path.join(docs, FILES["gitlab"])
    text = open(path, encoding="utf-8").read()
    if uncomment:
        text = re.sub(r"(?m)^(\s*)# (allow_failure:\s*)$", r"\1\2", text)
        text = re.sub(r"(?m)^(\s*)#   (exit_codes:.*)$", r"\1  \2", text)
    doc = yaml.safe_load(text)
    _, job = gitlab_scan(doc)[0]
    af = job.get("allow_failure")
    if af is True:
        return "any"
    if isinstance(af, dict):
        codes = af.get("exit_codes")
        return codes if isinstance(codes, list) else [codes]
    return []


def outcome(docs, platform, rc, allow=False):
    if rc == 0:
        return "passed"
    if platform == "gitlab":
        codes = allowed_exit_codes(docs, uncomment=allow)
        if codes == "any" or rc in codes:
            return "warning"
    return "failed"


def extract(docs, out):
    os.makedirs(out, exist_ok=True)
    for platform in FILES:
        files = {"scan.sh": scan_script(docs, platform), "token.sh": token_step(docs, platform),
                 "uploads": "\n".join(uploads(docs, platform)),
                 "outcome": "\n".join(f"{rc} {outcome(docs, platform, rc)}" for rc in range(4))}
        if platform == "github":
            base = github_baseline_step(load(docs, platform))
            files["baseline.sh"] = base["run"] if base else "exit 1"
        if platform == "gitlab":
            with open(os.path.join(out, "gitlab-allow.outcome"), "w", encoding="utf-8") as f:
                f.write("\n".join(f"{rc} {outcome(docs, platform, rc, True)}" for rc in range(4)) + "\n")
        for suffix, text in files.items():
            with open(os.path.join(out, f"{platform}.{suffix}"), "w", encoding="utf-8") as f:
                f.write(text + "\n")


def uploads(docs, platform):
    doc = load(docs, platform)
    out = []
    if platform == "github":
        for s in github_steps(doc):
            out += re.findall(r"cat (\S+) >>\"\$GITHUB_STEP_SUMMARY\"", s.get("run", ""))
            w = s.get("with") or {}
            for key in ("sarif_file", "report_paths", "path"):
                if key in w:
                    out += [p.strip() for p in str(w[key]).splitlines() if p.strip()]
    elif platform == "azure":
        macros = {"$(System.DefaultWorkingDirectory)": "$PWD",
                  "$(Build.ArtifactStagingDirectory)": "$BUILD_ARTIFACTSTAGINGDIRECTORY"}

        def expand(p):
            for k, v in macros.items():
                p = p.replace(k, v)
            return p
        for s in doc.get("steps", []):
            i = s.get("inputs") or {}
            if s.get("task", "").startswith("PublishTestResults@"):
                out.append(expand(i.get("searchFolder", "$(System.DefaultWorkingDirectory)")) + "/" +
                           i["testResultsFiles"])
            elif "PathtoPublish" in i:
                out.append(expand(i["PathtoPublish"]))
        out += [expand(p) for p in azure_summaries(doc, doc.get("steps", []))]
    else:
        for _, job in gitlab_scan(doc):
            art = job.get("artifacts") or {}
            out += [str(p) for p in art.get("paths", [])]
            junit = (art.get("reports") or {}).get("junit")
            out += junit if isinstance(junit, list) else [junit]
    return out


def token_step(docs, platform):
    doc = load(docs, platform)
    if platform == "github":
        s = github_token_step(doc)
        return s["run"] if s else ""
    lines = []
    for _, job in gitlab_scan(doc):
        lines += [line for item in job.get("before_script", []) for line in logical_lines(item)
                  if "AZURE_FEDERATED_TOKEN_FILE" in line]
    return "\n".join(lines)


def scenario(src, dst, fed, subs):
    with open(os.path.join(src, "scenario.json"), encoding="utf-8") as f:
        s = json.load(f)
    s["subscriptions"] = [x for x in s["subscriptions"] if x["subscriptionId"] in subs]
    s["clients"].append({"client_id": fed, "client_secret": "unused-fed-client-secret-24",
                         "federated_assertion_file": "fed.jwt"})
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(dst, "scenario.json"), "w", encoding="utf-8") as f:
        json.dump(s, f)


def oidc_server(portfile, bearer, value):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            if self.headers.get("Authorization", "").lower() != "bearer " + bearer.lower():
                code, body = 401, {"message": "bad bearer"}
            elif q.get("audience") != [AUDIENCE] or q.get("api-version") != ["2.0"]:
                code, body = 400, {"message": "audience must be " + AUDIENCE}
            else:
                code, body = 200, {"count": 1, "value": value}
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    tmp = portfile + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, portfile)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


def main(argv):
    cmd = argv[1]
    if cmd == "check":
        check(argv[2])
        return 1 if failed else 0
    if cmd == "extract":
        extract(argv[2], argv[3])
    elif cmd == "scenario":
        scenario(argv[2], argv[3], argv[4], argv[5:])
    elif cmd == "oidc-server":
        oidc_server(argv[2], argv[3], argv[4])
    else:
        sys.exit("unknown command " + cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
