#!/bin/sh
# deploy/ (issue 18): the Kubernetes manifests and the GitHub matrix workflow,
# checked offline, and the Indexed Job run on this machine.
#
# 1. Every manifest parses (a key given twice is an error) and is valid
#    against the API schemas of Kubernetes 1.36 (npm kubernetes-models, in
#    build/tools by `make test-tools`), unknown fields refused as the API
#    server's strict field validation does; broken copies prove the
#    validator says no.  tests/tools/deploycheck.py checks what the schemas
#    cannot: workload identity, shard counts, $(VAR) references, volumes,
#    locked-down pods, no secrets, the kustomization; the workflow against
#    GitHub's schema (npm @action-validator) and its matrix, needs,
#    permissions and artifacts.
# 2. The Job simulation itself, with a stand-in irscan: the pods' argv and
#    environment as the kubelet resolves them, the workload identity
#    variables only where the webhook would add them, and the merge Job
#    waiting for every shard before it merges.
# 3. The real thing (the issue's "done when"): the shard Job's N pods run
#    irscan at once with JOB_COMPLETION_INDEX=0..N-1 against the fake
#    server, signing in with a federated token file as under workload
#    identity; the merge Job merges them; the merged bundle verifies and
#    evaluates offline to the same findings; the merged report has exactly
#    the findings and exit code of one unsharded scan.  The same for the
#    CronJob variant.  Skipped ("# SKIP") while this irscan has no `merge`
#    command or no --shards.
. "$(dirname "$0")/lib.sh"

DEPLOY=$ROOT/deploy
DC=$ROOT/tests/tools/deploycheck.py
DT=${DEPLOY_TOOLS:-$ROOT/build/tools/node_modules}
export TEST_NAME
PY=/usr/bin/python3
$PY -c 'import yaml' 2>/dev/null || PY=python3

# --- 1. the manifests against Kubernetes' schemas ---
if [ ! -f "$DT/kubernetes-models/package.json" ] || [ ! -f "$DT/@action-validator/cli/cli.mjs" ]; then
	not_ok "the validators are not installed in $DT (make test-tools)"
	finish
fi
$PY "$DC" yaml "$DEPLOY" "$TMP/objects.json" || true
node "$ROOT/tests/tools/k8svalidate.mjs" "$DT" "$TMP/objects.json" || true
$PY "$DC" check "$DEPLOY" || true
if node "$DT/@action-validator/cli/cli.mjs" "$DEPLOY/github/irscan-matrix.yml" >"$TMP/av.out" 2>&1; then
	ok "irscan-matrix.yml is valid under GitHub's workflow schema, its needs resolved"
else
	not_ok "irscan-matrix.yml under GitHub's workflow schema" "$(head -c 1500 "$TMP/av.out")"
fi

# What `kubectl apply -k` would send, with and without the projected-token
# patch, is valid too (kubectl's kustomize works offline; its apply and
# --dry-run=client do not: they ask the API server for its schemas).
if command -v kubectl >/dev/null 2>&1; then
	rm -rf "$TMP/kz" && cp -R "$DEPLOY" "$TMP/kz"
	printf 'patches:\n  - path: projected-token-patch.yaml\n' >>"$TMP/kz/kubernetes/kustomization.yaml"
	for variant in plain patched; do
		d=$DEPLOY/kubernetes
		[ $variant = plain ] || d=$TMP/kz/kubernetes
		mkdir -p "$TMP/render-$variant/kubernetes"
		if kubectl kustomize "$d" >"$TMP/render-$variant/kubernetes/all.yaml" 2>"$TMP/kz.err"; then
			$PY "$DC" yaml "$TMP/render-$variant" "$TMP/render-$variant.json" >/dev/null
			if node "$ROOT/tests/tools/k8svalidate.mjs" "$DT" "$TMP/render-$variant.json" >"$TMP/kz.out" 2>&1; then
				ok "kubectl kustomize ($variant): $(grep -c '^ok' "$TMP/kz.out") objects, every one valid"
			else not_ok "kubectl kustomize ($variant): invalid output" "$(grep -A1 '^not ok' "$TMP/kz.out")"; fi
		else
			not_ok "kubectl kustomize ($variant)" "$(head -c 1500 "$TMP/kz.err")"
		fi
	done
	$PY - "$TMP/render-patched.json" <<'PY' && ok "the patch gives the shard container the webhook's variables and the projected token, its own kept" || not_ok "the projected-token patch"
import json, sys
job = [o["doc"] for o in json.load(open(sys.argv[1])) if o["doc"]["kind"] == "Job" and o["doc"]["metadata"]["name"] == "irscan-shards"][0]
spec = job["spec"]["template"]["spec"]
c = spec["containers"][0]
env = [e["name"] for e in c["env"]]
ok = env.index("JOB_COMPLETION_INDEX") < env.index("SHARD_DIR") and {"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST"} <= set(env) \
    and {m["name"] for m in c["volumeMounts"]} == {"out", "tmp", "azure-identity-token"} and len(spec["volumes"]) == 3
sys.exit(0 if ok else 1)
PY
else
	echo "# SKIP kubectl kustomize: no kubectl here"
fi

# broken NAME PYTHON: a copy of the shard Job changed by PYTHON (on `d`) must
# be refused by the schema validator.
broken() {
	$PY - "$TMP/objects.json" "$TMP/broken.json" "$2" <<'PY'
import json, sys
objs = json.load(open(sys.argv[1]))
d = [o for o in objs if o["file"] == "shards-job.yaml"][0]["doc"]
c = d["spec"]["template"]["spec"]["containers"][0]
exec(sys.argv[3])
json.dump([{"file": "broken", "doc": d}], open(sys.argv[2], "w"))
PY
	if node "$ROOT/tests/tools/k8svalidate.mjs" "$DT" "$TMP/broken.json" >"$TMP/broken.out" 2>&1; then
		not_ok "the schema validator accepts $1" "$(cat "$TMP/broken.out")"
	else
		ok "the schema validator refuses $1: $(sed -n 's/^#   //p' "$TMP/broken.out" | head -1 | cut -c1-100)"
	fi
}
broken "a misspelled field" 'd["spec"]["completionz"] = d["spec"].pop("completions")'
broken "a misspelled nested field" 'c["securityContext"]["readOnlyRootFileSystem"] = True'
broken "a field at the wrong level" 'c["serviceAccountName"] = "irscan"'
broken "a string for an integer" 'd["spec"]["completions"] = "4"'
broken "a completion mode that does not exist" 'd["spec"]["completionMode"] = "indexed"'
broken "a malformed quantity" 'c["resources"]["limits"]["memory"] = "256 MB"'
broken "a kind that does not exist" 'd["kind"] = "IndexedJob"'
broken "a field of an API version it is not in" 'd["apiVersion"] = "batch/v1beta1"'

# The same manifests changed in the ways deploycheck.py is for.
mutate() {	# mutate NAME FILE PYTHON-on-text
	rm -rf "$TMP/mut" && cp -R "$DEPLOY" "$TMP/mut"
	$PY -c 'import sys; p = sys.argv[1]; s = open(p).read(); exec(sys.argv[2]); open(p, "w").write(s)' \
		"$TMP/mut/$2" "$3"
}
mutate dup kubernetes/shards-job.yaml 's = s.replace("  completions: 4\n", "  completions: 4\n  completions: 5\n")'
$PY "$DC" yaml "$TMP/mut" "$TMP/mut.json" >"$TMP/mut.out" 2>&1 || true
if grep -q "^not ok.*shards-job.yaml parses" "$TMP/mut.out"; then
	ok "a key given twice is refused"
else not_ok "a key given twice went through"; fi
# expect_refused NAME WHAT: deploycheck check of $TMP/mut has a "not ok" line matching WHAT.
expect_refused() {
	$PY "$DC" check "$TMP/mut" >"$TMP/mut.out" 2>&1 || true
	if grep "^not ok" "$TMP/mut.out" | grep -q -- "$2"; then ok "deploycheck refuses $1"
	else not_ok "deploycheck did not refuse $1" "$(grep '^not ok' "$TMP/mut.out" | head -5)"; fi
}
mutate shards kubernetes/shards-job.yaml 's = s.replace("  completions: 4", "  completions: 5")'
expect_refused "--shards that differs from completions" "irscan --shards equals completions"
mutate var kubernetes/shards-job.yaml 's = s.replace("json:$(SHARD_DIR)", "json:$(SHARD_DIRECTORY)")'
expect_refused "a \$(VAR) that names no variable" 'every \$(VAR) names a variable'
mutate order kubernetes/shards-job.yaml 'i = s.rindex("            - name: JOB_COMPLETION_INDEX"); j = s.index("            - name: SHARD_DIR", i); k = s.index("          volumeMounts:", j); s = s[:i] + s[j:k] + s[i:j] + s[k:]'
expect_refused "SHARD_DIR defined before JOB_COMPLETION_INDEX" 'every \$(VAR) names a variable'
mutate label kubernetes/shards-job.yaml 's = s.replace("azure.workload.identity/use: \"true\"", "azure.workload.identity/use: \"false\"")'
expect_refused "a shard pod the webhook would not mutate" "azure.workload.identity/use"
mutate root kubernetes/merge-job.yaml 's = s.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", 1)'
expect_refused "a writable root filesystem" "read-only root filesystem"
mutate tmp kubernetes/shards-job.yaml 's = s.replace("            - name: tmp\n              mountPath: /tmp\n", "")'
expect_refused "a scan with no writable /tmp on a read-only root" "a writable TMPDIR"
mutate secret kubernetes/shards-job.yaml 's = s.replace("            - name: SHARD_DIR\n", "            - name: AZURE_CLIENT_SECRET\n              value: hunter2\n            - name: SHARD_DIR\n", 1)'
expect_refused "a secret in a manifest" "no secret"
mutate rwo kubernetes/pvc.yaml 's = s.replace("ReadWriteMany", "ReadWriteOnce")'
expect_refused "a volume only one node can mount" "ReadWriteMany"
mutate waits kubernetes/merge-job.yaml 's = s.replace("value: \"4\"", "value: \"3\"")'
expect_refused "a merge that waits for fewer shards than run" "waits for as many shards"
mutate needs github/irscan-matrix.yml 's = s.replace("  merge:\n    needs: shard\n", "  merge:\n")'
expect_refused "a merge job that does not wait for the matrix" "merge needs the matrix"
mutate legs github/irscan-matrix.yml 's = s.replace("shard: [1, 2, 3, 4]", "shard: [1, 2, 3]")'
expect_refused "a matrix that leaves a shard out" "one leg per shard"
for change in 's.replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1)' \
	's.replace("needs: shard", "needs: shards")' 's.replace("id-token: write", "id-token: writable")'; do
	mutate wf github/irscan-matrix.yml "s = $change"
	if node "$DT/@action-validator/cli/cli.mjs" "$TMP/mut/github/irscan-matrix.yml" >"$TMP/av.out" 2>&1; then
		not_ok "GitHub's workflow schema accepts $change"
	else ok "GitHub's workflow schema refuses $change"; fi
done

# --- 2. the simulation, with a stand-in irscan ---
OUTV=$TMP/stub-out
STUB_LOG=$TMP/stub.log
mkdir -p "$OUTV" "$TMP/stubbin"
ln -s "$ROOT/tests/tools/irscan-stub" "$TMP/stubbin/irscan"
: >"$STUB_LOG"
set -- --volume "out=$OUTV" --env "PATH=$TMP/stubbin:/usr/bin:/bin" --env "STUB_LOG=$STUB_LOG" \
	--webhook-env AZURE_CLIENT_ID=wi-client --webhook-env AZURE_TENANT_ID=wi-tenant \
	--webhook-env AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token \
	--webhook-env AZURE_AUTHORITY_HOST=https://login.microsoftonline.com/ --timeout 60
# The merge Job first: it must wait for the shards.
$PY "$DC" job "$DEPLOY/kubernetes/merge-job.yaml" irscan-merge "$@" --logs "$TMP/stub-logs" \
	--override wait-for-shards:POLL_SECONDS=1 >"$TMP/stub-merge.out" 2>&1 &
MERGE_PID=$!
sleep 2
if [ ! -s "$STUB_LOG" ] && grep -q "waiting for the shards: 0 of 4" "$TMP/stub-logs/irscan-merge.wait-for-shards.out" 2>/dev/null; then
	ok "stand-in: the merge Job waits while no shard has written its report"
else
	not_ok "stand-in: the merge Job did not wait" "$(cat "$STUB_LOG" "$TMP/stub-merge.out")"
fi
RC=0
$PY "$DC" job "$DEPLOY/kubernetes/shards-job.yaml" irscan-shards "$@" --logs "$TMP/stub-logs" \
	>"$TMP/stub-shards.out" 2>&1 || RC=$?
expect_rc 0 "stand-in: the shard Job's 4 pods ran their init container and irscan"
MRC=0
wait "$MERGE_PID" || MRC=$?
RC=$MRC
expect_rc 0 "stand-in: the merge Job ran once the shards were there"
$PY - "$STUB_LOG" "$OUTV" <<'PY' && ok "stand-in: each pod's argv and environment are what the kubelet would give" || not_ok "stand-in: argv and environment" "$(cat "$STUB_LOG")"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
out = sys.argv[2]
wi = {"AZURE_CLIENT_ID": "wi-client", "AZURE_TENANT_ID": "wi-tenant",
      "AZURE_FEDERATED_TOKEN_FILE": "/var/run/secrets/azure/tokens/azure-identity-token",
      "AZURE_AUTHORITY_HOST": "https://login.microsoftonline.com/"}
scans = sorted((e for e in log if e["argv"][0] != "merge"), key=lambda e: e["env"]["JOB_COMPLETION_INDEX"])
bad = []
for k, e in enumerate(scans):
    want = ["--shards", "4", "--all-subscriptions", "--fail-on", "never", "--deadline", "50m", "--quiet",
            "-o", f"json:{out}/shard-{k}/report.json", "--evidence-dir", f"{out}/shard-{k}/evidence"]
    env = dict(wi, JOB_COMPLETION_INDEX=str(k), SHARD_DIR=f"{out}/shard-{k}")
    if e["argv"] != want or e["env"] != env:
        bad.append((k, e))
merges = [e for e in log if e["argv"][0] == "merge"]
shards = [f"{out}/shard-{k}" for k in range(4)]
want_ev = ["merge", "--evidence", "--evidence-dir", f"{out}/merged/evidence"] + [s + "/evidence" for s in shards]
want_rep = ["merge"] + [s + "/report.json" for s in shards] + ["--fail-on", "low",
    "-o", f"html:{out}/merged/report.html", "-o", f"json:{out}/merged/report.json", "-o", f"sarif:{out}/merged/report.sarif"]
if len(scans) != 4 or bad or [m["argv"] for m in merges] != [want_ev, want_rep] or any(m["env"] for m in merges) \
        or log[-2:] != merges:
    print("# scans %d, bad %r, merges %r" % (len(scans), bad, merges))
    sys.exit(1)
PY

# --- 3. the Indexed Job against the fake server ---
missing=
"$IRSCAN" merge --help >/dev/null 2>&1 || missing="'merge'"
"$IRSCAN" --help 2>/dev/null | grep -q -- '--shards' || missing="${missing:+$missing and }'--shards'"
if [ -n "$missing" ]; then
	echo "# SKIP the Indexed Job against the fake server: this irscan has no $missing yet"
	finish
fi

abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
IRSCAN_ABS=$(abs "$IRSCAN")
[ -z "${VG_IRSCAN:-}" ] || export VG_IRSCAN="$(abs "$VG_IRSCAN")"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$IRSCAN_ABS" >"$TMP/bin/irscan"
chmod +x "$TMP/bin/irscan"

# The tenant scenario (61 subscriptions: passing, failing, unreadable, one
# disabled) plus the federated client the pods sign in as: its assertion is
# the projected token the kubelet would write.
FED_CLIENT=fede7a7e-0000-4000-8000-000000000053
mkdir -p "$TMP/scen" "$TMP/tokens"
echo "projected-service-account-token.$(date +%s%N)" >"$TMP/tokens/azure-identity-token"
$PY - "$SCENARIOS/tenant/scenario.json" "$TMP/scen/scenario.json" "$FED_CLIENT" "$(cat "$TMP/tokens/azure-identity-token")" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["clients"].append({"client_id": sys.argv[3], "federated_assertion": sys.argv[4]})
json.dump(s, open(sys.argv[2], "w"))
PY
start_server "$TMP/scen"

# The unsharded scan the shards must add up to, signed in as the pods are
# (the federated client: its id is in the 403 messages of the findings).
AZURE_CLIENT_ID=$FED_CLIENT AZURE_CLIENT_SECRET= \
AZURE_FEDERATED_TOKEN_FILE=$TMP/tokens/azure-identity-token \
	scan -A -o json:"$TMP/full.json"
FULL_RC=$RC
case $FULL_RC in 1|3) ok "the unsharded scan ran (exit $FULL_RC)" ;; *) not_ok "the unsharded scan: exit $FULL_RC" "$(head -c 1500 "$ERR")" ;; esac

# simulate VARIANT SHARD-FILE SHARD-JOB MERGE-FILE MERGE-JOB [JOB-NAMES...]
# runs the merge Job and the shard Job at once, the way `kubectl apply -k`
# starts them; sets RUN (the directory of the variant's outputs).
simulate() {
	variant=$1 sfile=$2 sjob=$3 mfile=$4 mjob=$5 sname=${6:-$3} mname=${7:-$5}
	V=$TMP/$variant
	mkdir -p "$V/out"
	curl -s -X POST "$BASE/_fake/reset" >/dev/null
	set -- --volume "out=$V/out" \
		--env "PATH=$TMP/bin:/usr/bin:/bin" --env "IRSCAN_ARM_ENDPOINT=$BASE" \
		--env "ASAN_OPTIONS=${ASAN_OPTIONS:-}" --env "UBSAN_OPTIONS=${UBSAN_OPTIONS:-}" \
		--webhook-env "AZURE_CLIENT_ID=$FED_CLIENT" --webhook-env "AZURE_TENANT_ID=$TEST_TENANT" \
		--webhook-env "AZURE_FEDERATED_TOKEN_FILE=$TMP/tokens/azure-identity-token" \
		--webhook-env "AZURE_AUTHORITY_HOST=$BASE" --timeout 300
	[ -z "${VG_IRSCAN:-}" ] || set -- "$@" --env "VG_IRSCAN=$VG_IRSCAN" --env "VGLOG_DIR=${VGLOG_DIR:-}"
	$PY "$DC" job "$DEPLOY/kubernetes/$mfile" "$mjob" --job-name "$mname" "$@" --logs "$V/logs" \
		--override wait-for-shards:POLL_SECONDS=1 >"$V/merge.out" 2>&1 &
	mpid=$!
	$PY "$DC" job "$DEPLOY/kubernetes/$sfile" "$sjob" --job-name "$sname" "$@" --logs "$V/logs" \
		>"$V/shards.out" 2>&1 || true
	wait "$mpid" || true
	# The merge Job's outcome is its last container's exit code: the pod
	# stops at the first container that fails.
	MRC=$(sed -n 's/^pod [^ ]*: \([a-z-]*\) exit \([0-9]*\)$/\1 \2/p' "$V/merge.out" | tail -1)
	if cat "$V"/logs/*.err | grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:'; then
		not_ok "$variant: sanitizer report" "$(cat "$V"/logs/*.err | head -c 3000)"
	fi
	RUN=$V/out
	case $variant in cron) RUN=$V/out/runs/$sname ;; esac
}

# judge VARIANT: the shards, the merged report and bundle against the unsharded scan.
judge() {
	variant=$1
	$PY - "$TMP/full.json" "$RUN" "$V/shards.out" <<'PY' && ok "$variant: 4 shards of the whole scope, each subscription in one; a shard exits 3 exactly when it has an unreadable control" || not_ok "$variant: the shards" "$(cat "$V/shards.out")"
import json, re, sys
full = json.load(open(sys.argv[1]))
run = sys.argv[2]
rcs = {int(m.group(1).rsplit("-", 1)[1]): int(m.group(2))
       for m in re.finditer(r"^pod (\S+): irscan exit (\d+)$", open(sys.argv[3]).read(), re.M)}
seen, bad = [], []
M = len(full["subscriptions"])
for k in range(4):
    r = json.load(open(f"{run}/shard-{k}/report.json"))
    sh = r["scan"]["shard"]
    subs = [s["id"] for s in r["subscriptions"]]
    seen += subs
    errors = any(f["status"] == "error" for f in r["findings"]) or bool(r["errors"])
    if sh != {"index": k + 1, "count": 4, "scope_subscriptions": M, "subscriptions": len(subs)} \
            or rcs.get(k) != (3 if errors else 0):
        bad.append((k, sh, rcs.get(k), errors))
if bad or sorted(seen) != sorted(s["id"] for s in full["subscriptions"]):
    print("# %r; %d of %d subscriptions" % (bad, len(set(seen)), M))
    sys.exit(1)
PY
	ERR=$V/logs/$(ls "$V/logs" | sed -n 's/\.merge\.err$//p' | head -1).merge.err
	if [ "$MRC" = "merge $FULL_RC" ]; then
		ok "$variant: the merge Job ends with irscan merge's exit $FULL_RC, the unsharded scan's"
	else
		not_ok "$variant: the merge Job's last container and exit code: '$MRC', expected 'merge $FULL_RC'" \
			"$(cat "$V/merge.out"; cat "$V"/logs/*merge*.err | head -c 1500)"
	fi
	compare "$variant: the merged report" "$RUN/merged/report.json"
	run_irscan verify "$RUN/merged/evidence"
	expect_rc 0 "$variant: the merged evidence bundle verifies"
	# The gate's severity, as the merge step gives it (the shards recorded never).
	run_irscan --offline "$RUN/merged/evidence" --fail-on low -q -o json:"$V/offline.json"
	expect_rc "$FULL_RC" "$variant: --offline on the merged bundle"
	compare "$variant: --offline on the merged bundle" "$V/offline.json"
	check "$variant: the merged SARIF is valid SARIF 2.1.0" \
		/usr/bin/jsonschema -i "$RUN/merged/report.sarif" "$ROOT/tests/schemas/sarif-schema-2.1.0.json"
	if [ -s "$RUN/merged/report.html" ]; then ok "$variant: the merged HTML report"; else not_ok "$variant: no merged HTML report"; fi
}

# compare NAME REPORT: REPORT has exactly the unsharded scan's subscriptions,
# findings, control verdicts and summary.
compare() {
	$PY - "$TMP/full.json" "$2" <<'PY' && ok "$1: the same findings, verdicts and summary as the unsharded scan" || not_ok "$1 differs from the unsharded scan"
import json, sys
try:
    a, b = (json.load(open(p)) for p in sys.argv[1:3])
except (OSError, ValueError) as e:
    print("# %s" % e)
    sys.exit(1)
def findings(d):
    return sorted((f["check"], f["subscription"], f["resource"].lower(), f["status"], f["severity"], f["message"])
                  for f in d["findings"])
def subs(d):
    return sorted((s["id"], s["name"], s["state"]) for s in d["subscriptions"])
def verdicts(d):
    return sorted((c["id"], sorted(c["verdicts"].items())) for c in d["controls"])
diff = [k for k, f in (("findings", findings), ("subscriptions", subs), ("verdicts", verdicts),
                       ("summary", lambda d: d["summary"])) if f(a) != f(b)]
if diff:
    fa, fb = set(findings(a)), set(findings(b))
    print("# differ: %s; only unsharded %r; only merged %r" % (diff, sorted(fa - fb)[:3], sorted(fb - fa)[:3]))
    sys.exit(1)
print("# %d findings, %d subscriptions" % (len(a["findings"]), len(a["subscriptions"])))
PY
}

simulate job shards-job.yaml irscan-shards merge-job.yaml irscan-merge
judge job
# The CronJob variant: both CronJobs' Jobs of one scheduled time T.
simulate cron cronjob.yaml irscan-nightly-shards cronjob.yaml irscan-nightly-merge \
	irscan-nightly-shards-29420000 irscan-nightly-merge-29420000
judge cron

# --- the GitHub matrix: each leg's token and scan steps verbatim, its
# artifact laid out as download-artifact does, the merge step verbatim ---
G=$TMP/gh
$PY "$DC" gh-steps "$DEPLOY/github/irscan-matrix.yml" "$G"
OIDC_BEARER=actions-request-token-0053
$PY "$ROOT/tests/cli/citemplates.py" oidc-server "$TMP/oidc.port" "$OIDC_BEARER" \
	"$(cat "$TMP/tokens/azure-identity-token")" 2>"$TMP/oidc.err" &
OIDC_PID=$!
trap 'kill "$OIDC_PID" 2>/dev/null; cleanup' EXIT
i=0
while [ ! -s "$TMP/oidc.port" ]; do
	i=$((i + 1))
	[ $i -le 200 ] || { not_ok "the OIDC stand-in did not start" "$(cat "$TMP/oidc.err")"; finish; }
	sleep 0.05
done
OIDC_URL="http://127.0.0.1:$(cat "$TMP/oidc.port")/token?api-version=2.0"
curl -s -X POST "$BASE/_fake/reset" >/dev/null
N=$(cat "$G/shards")
mkdir -p "$G/merge/shards"
legs_ok=0
k=1
while [ "$k" -le "$N" ]; do
	W=$G/leg-$k
	mkdir -p "$W/runner"
	: >"$W.env"
	# GitHub's default shell: bash -e -o pipefail; GITHUB_ENV carries the
	# token step's variables to the scan step.
	set -- env -i PATH="$TMP/bin:/usr/bin:/bin" SHARDS="$N" AZURE_TENANT_ID="$TEST_TENANT" \
		AZURE_CLIENT_ID="$FED_CLIENT" IRSCAN_ARM_ENDPOINT="$BASE" AZURE_AUTHORITY_HOST="$BASE" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" VG_IRSCAN="${VG_IRSCAN:-}" \
		VGLOG_DIR="${VGLOG_DIR:-}"
	(cd "$W" && "$@" ACTIONS_ID_TOKEN_REQUEST_URL="$OIDC_URL" ACTIONS_ID_TOKEN_REQUEST_TOKEN="$OIDC_BEARER" \
		RUNNER_TEMP="$W/runner" GITHUB_ENV="$W.env" bash --noprofile --norc -eo pipefail "$G/token.sh") \
		>"$W.token.out" 2>&1 || true
	while IFS= read -r line; do set -- "$@" "$line"; done <"$W.env"
	RC=0
	(cd "$W" && "$@" bash --noprofile --norc -eo pipefail "$G/scan-$k.sh") >"$W.out" 2>"$W.err" || RC=$?
	ERR=$W.err
	sanitizer_clean
	case $RC in 0|3) [ -s "$W/irscan-shard.json" ] && legs_ok=$((legs_ok + 1)) ;; esac
	mkdir -p "$G/merge/shards/irscan-shard-$k"
	while IFS= read -r p; do
		[ ! -e "$W/$p" ] || cp -R "$W/$p" "$G/merge/shards/irscan-shard-$k/"
	done <"$G/uploads"
	k=$((k + 1))
done
if [ "$legs_ok" = "$N" ]; then ok "github: the $N legs signed in with their OIDC token and scanned their shard"
else not_ok "github: $legs_ok of $N legs scanned" "$(cat "$G"/leg-*.token.out "$G"/leg-*.err | head -c 2000)"; fi
RC=0
(cd "$G/merge" && env -i PATH="$TMP/bin:/usr/bin:/bin" SHARDS="$N" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" VG_IRSCAN="${VG_IRSCAN:-}" VGLOG_DIR="${VGLOG_DIR:-}" \
	bash --noprofile --norc -eo pipefail "$G/merge.sh") >"$G/merge.out" 2>"$G/merge.err" || RC=$?
ERR=$G/merge.err
sanitizer_clean
expect_rc "$FULL_RC" "github: the merge step, verbatim, fails the job with the unsharded scan's exit code"
compare "github: the merged irscan.json" "$G/merge/irscan.json"
run_irscan verify "$G/merge/irscan-evidence"
expect_rc 0 "github: the merged evidence bundle verifies"
missing=
for f in irscan.sarif irscan.html irscan.md; do
	[ -s "$G/merge/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "github: the files the later steps publish are written"
else not_ok "github: published but not written:$missing"; fi
rm -rf "$G/merge/shards/irscan-shard-2"
RC=0
(cd "$G/merge" && env -i PATH="$TMP/bin:/usr/bin:/bin" SHARDS="$N" bash --noprofile --norc -eo pipefail \
	"$G/merge.sh") >"$G/merge.out" 2>"$G/merge.err" || RC=$?
ERR=$G/merge.out
expect_rc 3 "github: a leg that left no report fails the merge step"
expect_contains "$G/merge.out" "of $N shard reports" "  ... and says how many are there"
stop_server
finish
