#!/usr/bin/env python3
"""deploycheck.py - deploy/ for tests/cli/0053-deploy.sh (issue 18).

    deploycheck.py yaml DEPLOY OUT.json     parse every YAML file of DEPLOY/kubernetes (a
                                            duplicate key is an error, as the API server's
                                            strict field validation makes it) into OUT.json,
                                            the objects for k8svalidate.mjs
    deploycheck.py check DEPLOY             what the schemas cannot say: workload identity,
                                            shard counts, $(VAR) references, volumes, the
                                            locked-down pods, no secrets, the kustomization,
                                            the GitHub workflow's matrix, needs, permissions
                                            and artifacts
    deploycheck.py gh-steps WORKFLOW OUT    the matrix workflow's token, scan (one per leg) and
                                            merge steps as scripts, for running them verbatim
    deploycheck.py job FILE NAME [OPTIONS]  run the pods of the Job (or CronJob) NAME of FILE
                                            on this machine the way Kubernetes would start
                                            them (below)

Every check prints one "ok -"/"not ok -" line; the exit code is 1 when one failed.

`job` simulates a Job: an Indexed Job's pods run with indexes 0..completions-1, at most
`parallelism` at once; each pod runs its init containers in order, then its container,
each an argv (command + args) started without a shell, with the container's env resolved
as the kubelet does: `value` with $(VAR) expanded from the variables defined before it,
`fieldRef` from the pod's metadata (the completion index annotation, the job-name label,
the pod's name and namespace), then $(VAR) in command and args from all of them; $$ is a
literal $, an undefined $(VAR) stays as written.  References:
https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
Options:
    --volume NAME=DIR       the volume NAME is the host directory DIR: a container's mountPath
                            of it is replaced by DIR in its resolved env, command and args
    --webhook-env K=V       what the workload identity webhook would add (AZURE_CLIENT_ID,
                            ...): only to pods labelled azure.workload.identity/use: "true"
    --env K=V               the image's environment (PATH, endpoints for the fake server)
    --override C:K=V        set K=V in container C's env (the one deviation a test may ask for:
                            a shorter poll interval)
    --job-name NAME         the Job's name (a CronJob's Jobs are NAME-T); default: metadata.name
    --logs DIR              DIR/POD.CONTAINER.out and .err; --timeout S: per container
Prints "pod P: CONTAINER exit RC" per container run; exits 0 when every pod succeeded.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

import yaml

TEST = "0053-deploy"
failed = 0
WI_USE = "azure.workload.identity/use"
WI_CLIENT = "azure.workload.identity/client-id"
WI_TENANT = "azure.workload.identity/tenant-id"
INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index"


def ok(msg):
    print(f"ok - {TEST}: {msg}")


def not_ok(msg, detail=""):
    global failed
    failed += 1
    print(f"not ok - {TEST}: {msg}")
    if detail:
        print("#   " + str(detail).replace("\n", "\n#   ")[:2000])


def expect(cond, msg, detail=""):
    if cond:
        ok(msg)
    else:
        not_ok(msg, detail)
    return bool(cond)


# ---- YAML ------------------------------------------------------------------------------

class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _mapping(loader, node, deep=False):
    keys = set()
    for k, _ in node.value:
        key = loader.construct_object(k, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", k.start_mark)
        keys.add(key)
    return loader.construct_mapping(node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.load_all(f, Loader=StrictLoader) if d is not None]


def k8s_files(deploy):
    d = os.path.join(deploy, "kubernetes")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith((".yaml", ".yml")))


def cmd_yaml(deploy, out):
    objects = []
    for path in k8s_files(deploy):
        name = os.path.basename(path)
        try:
            docs = load_all(path)
        except yaml.YAMLError as e:
            not_ok(f"{name} parses", e)
            continue
        ok(f"{name} parses ({len(docs)} document{'s' if len(docs) != 1 else ''})")
        objects += [{"file": name, "doc": d} for d in docs if d.get("kind") != "Kustomization"]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(objects, f)


# ---- what the schemas cannot say -----------------------------------------------------------

def objects(deploy):
    out = []
    for path in k8s_files(deploy):
        try:
            out += [(os.path.basename(path), d) for d in load_all(path)]
        except yaml.YAMLError:
            pass  # cmd_yaml says so
    return out


def pod_specs(obj):
    """(job spec, pod template) of a Job or a CronJob."""
    if obj.get("kind") == "Job":
        return obj.get("spec", {}), obj.get("spec", {}).get("template", {})
    if obj.get("kind") == "CronJob":
        js = obj.get("spec", {}).get("jobTemplate", {}).get("spec", {})
        return js, js.get("template", {})
    return None, None


def containers(podspec):
    return [("init", c) for c in podspec.get("initContainers", [])] + \
           [("main", c) for c in podspec.get("containers", [])]


VAR_REF = re.compile(r"\$\((\w+)\)")


def refs(s):
    """$(VAR) references of a string, $$ escapes skipped."""
    return VAR_REF.findall(re.sub(r"\$\$", "", s))


def check_container(where, c):
    sc = c.get("securityContext", {})
    expect(sc.get("allowPrivilegeEscalation") is False and sc.get("readOnlyRootFilesystem") is True
           and sc.get("capabilities", {}).get("drop") == ["ALL"],
           f"{where}: no privilege escalation, read-only root filesystem, every capability dropped", sc)
    res = c.get("resources", {})
    expect(all(res.get(k, {}).get(r) for k in ("requests", "limits") for r in ("cpu", "memory")),
           f"{where}: CPU and memory requests and limits", res)
    # $(VAR): env values may use variables defined before them, command and args any.
    defined, bad = [], []
    for e in c.get("env", []):
        bad += [f"env {e['name']}: $({r})" for r in refs(str(e.get("value", ""))) if r not in defined]
        defined.append(e["name"])
    for s in c.get("command", []) + c.get("args", []):
        bad += [f"$({r}) in command/args" for r in refs(str(s)) if r not in defined]
    expect(not bad, f"{where}: every $(VAR) names a variable defined before it", bad)
    secretish = [e["name"] for e in c.get("env", [])
                 if "secretKeyRef" in e.get("valueFrom", {}) or
                 re.search(r"SECRET|PASSWORD|SAS|KEY$", e["name"]) and e.get("value")]
    expect(not secretish and not c.get("envFrom"), f"{where}: no secret in its environment", secretish)


def check_pod(where, tmpl, volumes_ok, sa_names):
    spec = tmpl.get("spec", {})
    psc = spec.get("securityContext", {})
    expect(psc.get("runAsNonRoot") is True and psc.get("runAsUser", 0) != 0,
           f"{where}: runs as a non-root user", psc)
    expect(spec.get("automountServiceAccountToken") is False,
           f"{where}: no Kubernetes API token mounted", spec.get("automountServiceAccountToken"))
    vols = {v["name"]: v for v in spec.get("volumes", [])}
    expect(not any("secret" in v for v in vols.values()), f"{where}: no Secret volume")
    mounts = [m["name"] for _, c in containers(spec) for m in c.get("volumeMounts", [])]
    expect(all(m in vols for m in mounts), f"{where}: every volumeMount names a volume of the pod",
           [m for m in mounts if m not in vols])
    claims = [v["persistentVolumeClaim"]["claimName"] for v in vols.values() if "persistentVolumeClaim" in v]
    expect(all(c in volumes_ok for c in claims),
           f"{where}: its claims are ReadWriteMany PersistentVolumeClaims of deploy/", claims)
    if tmpl.get("metadata", {}).get("labels", {}).get(WI_USE) is not None:
        expect(tmpl["metadata"]["labels"][WI_USE] == "true" and spec.get("serviceAccountName") in sa_names,
               f"{where}: label {WI_USE}: \"true\" and a service account annotated for workload identity",
               (tmpl["metadata"]["labels"], spec.get("serviceAccountName")))
    for kind, c in containers(spec):
        check_container(f"{where} {kind} container {c.get('name')}", c)
        if scans(c):
            # The root is read-only: the findings' temporary file needs a volume.
            tmp = env_value(c, "TMPDIR") or "/tmp"
            paths = [m["mountPath"] for m in c.get("volumeMounts", [])]
            expect(any(tmp == p or tmp.startswith(p.rstrip("/") + "/") for p in paths),
                   f"{where} {kind} container {c.get('name')}: a writable TMPDIR ({tmp}) "
                   "for the findings' temporary file", paths)


def scans(c):
    """Does the container run an irscan scan (not merge, verify, diff)?"""
    a = c.get("command", []) + c.get("args", [])
    return bool(a) and a[0] == "irscan" and not (len(a) > 1 and a[1] in ("merge", "verify", "diff"))


def shards_arg(c):
    a = c.get("command", []) + c.get("args", [])
    return next((a[i + 1] for i, x in enumerate(a[:-1]) if x == "--shards"), None)


def check_indexed(where, js, tmpl):
    spec = tmpl.get("spec", {})
    n = js.get("completions")
    scanner = [c for c in spec.get("containers", []) if c.get("command", [None])[0] == "irscan"]
    expect(js.get("completionMode") == "Indexed" and isinstance(n, int) and n >= 1 and
           1 <= js.get("parallelism", n) <= n and spec.get("restartPolicy") == "Never",
           f"{where}: an Indexed Job of {n} completions, parallelism at most that, restartPolicy Never")
    expect(len(scanner) == 1 and shards_arg(scanner[0]) == str(n),
           f"{where}: irscan --shards equals completions ({n})", scanner and shards_arg(scanner[0]))
    env = [e["name"] for e in scanner[0].get("env", [])] if scanner else []
    expect("JOB_COMPLETION_INDEX" in env, f"{where}: JOB_COMPLETION_INDEX declared before the variables using it")
    args = " ".join(scanner[0].get("args", [])) if scanner else ""
    expect(all(o in args for o in ("--all-subscriptions", "--fail-on never", "-o json:", "--evidence-dir")),
           f"{where}: the shard scans the whole scope, does not gate, writes its JSON report and evidence", args)
    names = {c.get("name") for _, c in containers(spec)}
    rules = js.get("podFailurePolicy", {}).get("rules", [])
    expect(all(r.get("onExitCodes", {}).get("containerName", next(iter(names))) in names for r in rules),
           f"{where}: podFailurePolicy names its containers")
    return n


def env_value(c, name):
    return next((e.get("value") for e in c.get("env", []) if e["name"] == name), None)


def check_k8s(deploy):
    objs = objects(deploy)
    by_kind = {}
    for f, o in objs:
        by_kind.setdefault(o.get("kind"), []).append((f, o))
    sas = {o["metadata"]["name"]: o for _, o in by_kind.get("ServiceAccount", [])}
    wi_sas = {n for n, o in sas.items()
              if {WI_CLIENT, WI_TENANT} <= set(o["metadata"].get("annotations", {}))}
    expect(wi_sas, "a ServiceAccount annotated with the workload identity client-id and tenant-id",
           list(sas))
    for n, o in sas.items():
        ids = [o["metadata"].get("annotations", {}).get(k, "") for k in (WI_CLIENT, WI_TENANT)]
        expect(all(re.fullmatch(r"[0-9a-f-]{36}", i) for i in ids), f"ServiceAccount {n}: the ids are GUIDs", ids)
    rwx = {o["metadata"]["name"] for _, o in by_kind.get("PersistentVolumeClaim", [])
           if "ReadWriteMany" in o.get("spec", {}).get("accessModes", [])}
    expect(rwx, "a ReadWriteMany PersistentVolumeClaim for the shards' outputs")
    counts, waiting = {}, []
    for f, o in by_kind.get("Job", []) + by_kind.get("CronJob", []):
        if f == "projected-token-patch.yaml":
            continue
        where = f"{f} {o['kind']} {o['metadata']['name']}"
        js, tmpl = pod_specs(o)
        check_pod(where, tmpl, rwx, wi_sas)
        if js.get("completionMode") == "Indexed":
            counts[f] = check_indexed(where, js, tmpl)
        waiting += [(f, where, env_value(c, "SHARDS")) for _, c in containers(tmpl.get("spec", {}))
                    if env_value(c, "SHARDS")]
    # merge-job.yaml waits for shards-job.yaml's shards; cronjob.yaml's merge for its own.
    for f, where, s in waiting:
        n = counts.get(f, counts.get("shards-job.yaml"))
        expect(s == str(n), f"{where}: waits for as many shards as the Indexed Job runs ({n})", s)
    check_patch(deploy, by_kind)
    check_kustomization(deploy)


def check_patch(deploy, by_kind):
    """projected-token-patch.yaml: the webhook's additions, for the shard Job's container."""
    patch = [o for f, o in by_kind.get("Job", []) if f == "projected-token-patch.yaml"]
    if not expect(len(patch) == 1, "projected-token-patch.yaml: one Job patch"):
        return
    target = [o for f, o in by_kind.get("Job", []) if f == "shards-job.yaml"]
    spec = patch[0]["spec"]["template"]["spec"]
    c = spec["containers"][0]
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    vol = spec["volumes"][0]
    token = vol["projected"]["sources"][0]["serviceAccountToken"]
    mount = next(m for m in c["volumeMounts"] if m["name"] == vol["name"])
    expect(target and patch[0]["metadata"]["name"] == target[0]["metadata"]["name"] and
           c["name"] in [x["name"] for x in target[0]["spec"]["template"]["spec"]["containers"]],
           "projected-token-patch.yaml: patches the shard Job's irscan container")
    expect(set(env) == {"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST"},
           "projected-token-patch.yaml: the four variables the webhook injects", sorted(env))
    expect(token.get("audience") == "api://AzureADTokenExchange" and
           env.get("AZURE_FEDERATED_TOKEN_FILE") == mount["mountPath"] + "/" + token.get("path", ""),
           "projected-token-patch.yaml: AZURE_FEDERATED_TOKEN_FILE is the projected token for Entra ID's audience",
           (token, env.get("AZURE_FEDERATED_TOKEN_FILE")))


def check_kustomization(deploy):
    d = os.path.join(deploy, "kubernetes")
    k = load_all(os.path.join(d, "kustomization.yaml"))[0]
    listed = k.get("resources", []) + [p["path"] for p in k.get("patches", [])]
    expect(k.get("kind") == "Kustomization" and all(os.path.isfile(os.path.join(d, r)) for r in listed),
           "kustomization.yaml: every resource it lists exists", listed)
    text = open(os.path.join(d, "kustomization.yaml"), encoding="utf-8").read()
    others = [os.path.basename(p) for p in k8s_files(deploy)
              if os.path.basename(p) not in listed + ["kustomization.yaml"] and os.path.basename(p) not in text]
    expect(not others, "kustomization.yaml: names every manifest (the optional ones commented)", others)


# ---- the GitHub workflow -------------------------------------------------------------------

def check_workflow(deploy):
    path = os.path.join(deploy, "github", "irscan-matrix.yml")
    try:
        wf = load_all(path)[0]
    except (OSError, yaml.YAMLError) as e:
        not_ok("irscan-matrix.yml parses", e)
        return
    ok("irscan-matrix.yml parses")
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    expect(isinstance(on, dict) and "schedule" in on and "workflow_dispatch" in on,
           "irscan-matrix.yml: runs on a schedule and by hand")
    perms = wf.get("permissions", {})
    expect(perms.get("id-token") == "write" and all(v in ("read", "none") for k, v in perms.items() if k != "id-token"),
           "irscan-matrix.yml: permissions id-token: write (OIDC), everything else read at most", perms)
    jobs = wf.get("jobs", {})
    shard, merge = jobs.get("shard", {}), jobs.get("merge", {})
    n = wf.get("env", {}).get("SHARDS")
    legs = shard.get("strategy", {}).get("matrix", {}).get("shard")
    expect(isinstance(n, int) and legs == list(range(1, n + 1)) and shard.get("strategy", {}).get("fail-fast") is False,
           f"irscan-matrix.yml: one leg per shard 1..{n}, none cancelled when another fails", legs)
    steps = shard.get("steps", [])
    scan = [s for s in steps if re.search(r"^\s*irscan ", s.get("run", ""), re.M)]
    run = scan[0]["run"] if len(scan) == 1 else ""
    expect('--shard "${{ matrix.shard }}/$SHARDS"' in run and "--fail-on never" in run and
           "json:irscan-shard.json" in run and "--evidence-dir irscan-evidence" in run and "--auth federated" in run,
           "irscan-matrix.yml: each leg scans its shard with --fail-on never into its JSON report and bundle", run)
    token = [s for s in steps if "ACTIONS_ID_TOKEN_REQUEST_URL" in s.get("run", "")]
    expect(token and "audience=api://AzureADTokenExchange" in token[0]["run"] and
           "AZURE_FEDERATED_TOKEN_FILE=" in token[0]["run"],
           "irscan-matrix.yml: the leg's OIDC token for Entra ID's audience in AZURE_FEDERATED_TOKEN_FILE")
    up = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    expect(up and up[0].get("if") == "always()" and up[0]["with"]["name"] == "irscan-shard-${{ matrix.shard }}" and
           "irscan-shard.json" in up[0]["with"]["path"] and "irscan-evidence/" in up[0]["with"]["path"],
           "irscan-matrix.yml: each leg uploads its report and bundle as irscan-shard-K, whatever its exit code")
    msteps = merge.get("steps", [])
    expect(merge.get("needs") in ("shard", ["shard"]) and merge.get("if") == "${{ !cancelled() }}",
           "irscan-matrix.yml: merge needs the matrix and runs after failed legs too", (merge.get("needs"), merge.get("if")))
    expect(merge.get("permissions", {}).get("security-events") == "write",
           "irscan-matrix.yml: the merge job may upload SARIF (security-events: write)")
    down = [s for s in msteps if str(s.get("uses", "")).startswith("actions/download-artifact@")]
    expect(down and down[0]["with"].get("pattern") == "irscan-shard-*" and down[0]["with"].get("path") == "shards"
           and "merge-multiple" not in down[0]["with"],
           "irscan-matrix.yml: merge downloads every leg's artifact into shards/irscan-shard-K/")
    mrun = [s for s in msteps if "irscan merge" in s.get("run", "")]
    mtext = mrun[0]["run"] if mrun else ""
    expect(mrun and "if" not in mrun[0] and "irscan merge --evidence --evidence-dir irscan-evidence shards/*/irscan-evidence" in mtext
           and "irscan merge shards/*/irscan-shard.json" in mtext and "sarif:irscan.sarif" in mtext
           and '"$SHARDS"' in mtext,
           "irscan-matrix.yml: the merge step (the gate) checks every shard is there, merges bundles and reports")
    sarif = [s for s in msteps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    expect(sarif and sarif[0].get("if", "").startswith("always()") and sarif[0]["with"].get("sarif_file") == "irscan.sarif"
           and sarif[0]["with"].get("category"),
           "irscan-matrix.yml: the merged SARIF goes to code scanning, whatever the gate said")
    keep = [s for s in msteps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    expect(keep and keep[0].get("if") == "always()" and all(p in keep[0]["with"]["path"] for p in
                                                            ("irscan.json", "irscan.html", "irscan-evidence/")),
           "irscan-matrix.yml: the merged report and bundle are kept as an artifact")


def check_readme(deploy):
    text = open(os.path.join(deploy, "README.md"), encoding="utf-8").read()
    links = [l.split("#")[0] for l in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in l]
    missing = [l for l in links if not os.path.exists(os.path.join(deploy, l))]
    expect(links and not missing, f"deploy/README.md: the {len(links)} files it links to exist", missing)
    named = [os.path.basename(p) for p in k8s_files(deploy)] + ["irscan-matrix.yml"]
    expect(all(n in text for n in named), "deploy/README.md: names every file of deploy/",
           [n for n in named if n not in text])


def cmd_check(deploy):
    check_k8s(deploy)
    check_workflow(deploy)
    check_readme(deploy)


# ---- the simulation ----------------------------------------------------------------------

def expand(s, env):
    """Kubernetes' $(VAR) expansion: $$ is $, an unknown $(VAR) stays."""
    out, i = [], 0
    while i < len(s):
        if s.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        m = VAR_REF.match(s, i)
        if m and m.group(1) in env:
            out.append(env[m.group(1)])
            i = m.end()
            continue
        out.append(s[i])
        i += 1
    return "".join(out)


def field_ref(path, meta):
    m = re.fullmatch(r"metadata\.(annotations|labels)\['([^']+)'\]", path)
    if m:
        return meta[m.group(1)].get(m.group(2), "")
    if path in ("metadata.name", "metadata.namespace"):
        return meta[path.split(".")[1]]
    raise SystemExit(f"deploycheck: fieldRef {path} is not simulated")


def map_mounts(s, mounts):
    for mount, host in mounts:
        s = re.sub(r"(?<![\w.-])" + re.escape(mount) + r"(?=/|$|[\s\"'])", host, s)
    return s


def run_container(c, meta, opts, pod, logs):
    env = {}
    for e in c.get("env", []):
        if "value" in e:
            env[e["name"]] = expand(str(e["value"]), env)
        else:
            env[e["name"]] = field_ref(e["valueFrom"]["fieldRef"]["fieldPath"], meta)
    for key, val in opts["override"].get(c["name"], {}).items():
        env[key] = val
    mounts = [(m["mountPath"], opts["volumes"][m["name"]]) for m in c.get("volumeMounts", [])
              if m["name"] in opts["volumes"]]
    argv = [map_mounts(expand(str(a), env), mounts) for a in c.get("command", []) + c.get("args", [])]
    env = {k: map_mounts(v, mounts) for k, v in env.items()}
    full = dict(opts["env"])
    if meta["labels"].get(WI_USE) == "true":
        full.update(opts["webhook"])
    full.update(env)
    base = os.path.join(logs, f"{pod}.{c['name']}")
    with open(base + ".argv", "w", encoding="utf-8") as f:
        json.dump({"argv": argv, "env": env}, f)
    with open(base + ".out", "wb") as out, open(base + ".err", "wb") as err:
        try:
            return subprocess.run(argv, env=full, stdout=out, stderr=err, timeout=opts["timeout"],
                                  check=False).returncode
        except subprocess.TimeoutExpired:
            return 124


def run_pod(tmpl, meta, opts, pod, logs):
    spec = tmpl["spec"]
    for c in spec.get("initContainers", []) + spec["containers"]:
        rc = run_container(c, meta, opts, pod, logs)
        print(f"pod {pod}: {c['name']} exit {rc}", flush=True)
        if rc != 0:
            return rc
    return 0


def cmd_job(argv):
    path, name, rest = argv[0], argv[1], argv[2:]
    opts = {"volumes": {}, "webhook": {}, "env": {}, "override": {}, "timeout": 600}
    job_name, logs = None, "."
    while rest:
        opt, val = rest[0], rest[1]
        rest = rest[2:]
        if opt in ("--volume", "--webhook-env", "--env"):
            k, v = val.split("=", 1)
            opts[{"--volume": "volumes", "--webhook-env": "webhook", "--env": "env"}[opt]][k] = v
        elif opt == "--override":
            cname, kv = val.split(":", 1)
            k, v = kv.split("=", 1)
            opts["override"].setdefault(cname, {})[k] = v
        elif opt == "--job-name":
            job_name = val
        elif opt == "--logs":
            logs = val
        elif opt == "--timeout":
            opts["timeout"] = float(val)
        else:
            raise SystemExit(f"deploycheck: unknown option {opt}")
    obj = next(o for o in load_all(path) if o["metadata"]["name"] == name)
    js, tmpl = pod_specs(obj)
    job_name = job_name or name
    indexed = js.get("completionMode") == "Indexed"
    n = js.get("completions", 1)
    os.makedirs(logs, exist_ok=True)

    def one(i):
        labels = dict(tmpl.get("metadata", {}).get("labels", {}))
        labels.update({"batch.kubernetes.io/job-name": job_name, "job-name": job_name})
        annotations = {INDEX_ANNOTATION: str(i)} if indexed else {}
        pod = f"{job_name}-{i}" if indexed else job_name
        meta = {"labels": labels, "annotations": annotations, "name": pod,
                "namespace": obj["metadata"].get("namespace", "default")}
        return run_pod(tmpl, meta, opts, pod, logs)

    with concurrent.futures.ThreadPoolExecutor(max_workers=js.get("parallelism", n)) as ex:
        rcs = list(ex.map(one, range(n)))
    return 0 if all(rc == 0 for rc in rcs) else 1


def cmd_gh_steps(path, out):
    """The matrix workflow's steps as the runner would run them: OUT/token.sh, OUT/scan-K.sh
    per leg (its ${{ }} expressions replaced, as GitHub does before the shell sees the
    script), OUT/merge.sh, OUT/uploads (the paths each leg uploads), OUT/shards (N)."""
    wf = load_all(path)[0]
    n = wf["env"]["SHARDS"]
    shard, merge = wf["jobs"]["shard"], wf["jobs"]["merge"]
    os.makedirs(out, exist_ok=True)

    def write(name, text):
        if "${{" in text:
            raise SystemExit(f"deploycheck: {name}: an expression left: {text}")
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text if text.endswith("\n") else text + "\n")

    steps = shard["steps"]
    write("token.sh", next(s["run"] for s in steps if "ACTIONS_ID_TOKEN_REQUEST_URL" in s.get("run", "")))
    scan = next(s["run"] for s in steps if re.search(r"^\s*irscan ", s.get("run", ""), re.M))
    for k in shard["strategy"]["matrix"]["shard"]:
        write(f"scan-{k}.sh", scan.replace("${{ matrix.shard }}", str(k)).replace("${{ env.SHARDS }}", str(n)))
    up = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    write("uploads", up["with"]["path"])
    write("merge.sh", next(s["run"] for s in merge["steps"] if "irscan merge" in s.get("run", "")))
    write("shards", str(n))


def main(argv):
    if len(argv) == 3 and argv[0] == "yaml":
        cmd_yaml(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "check":
        cmd_check(argv[1])
    elif len(argv) == 3 and argv[0] == "gh-steps":
        cmd_gh_steps(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "job":
        return cmd_job(argv[1:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
