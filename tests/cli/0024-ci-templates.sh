#!/bin/sh
# The CI templates of docs/ci/ (issue 9): the YAML parses and has what each
# platform needs (tests/cli/citemplates.py check), and each scan step's
# irscan command runs verbatim with bash, `irscan` on PATH, against the fake
# server over HTTPS with the endpoints and the CA given only through the
# environment (IRSCAN_ARM_ENDPOINT, AZURE_AUTHORITY_HOST, IRSCAN_CA_BUNDLE).
# GitHub signs in with the token its OIDC step fetched (run verbatim against
# a stand-in endpoint), GitLab with its id_token written by before_script,
# Azure Pipelines through a stand-in `az`.  A compliant tenant must pass the
# gate, a non-compliant one fail it (exit 1) and one with an unreadable
# control fail it too (exit 3); in each case every file the later steps
# publish exists, JUnit and SARIF validate, the evidence bundle verifies.
# GitHub's baseline step runs verbatim with a stand-in `gh`: the first run
# finds no earlier run and gates on everything; a second run of the
# non-compliant tenant gets the first run's report as --baseline with
# --fail-on-new and passes (nothing new); "accept" passes with --fail-on never.
. "$(dirname "$0")/lib.sh"

CT=$ROOT/tests/cli/citemplates.py
DOCS=$ROOT/docs/ci
XSD=$ROOT/tests/schemas/jenkinsci-xunit-plugin_junit-10.xsd
SCHEMA=$ROOT/tests/schemas/sarif-schema-2.1.0.json
FED_CLIENT=fede7a7e-0000-4000-8000-000000000024
OK_SUB=c0000001-0000-4000-8000-000000000001	# Compliant Prod
BAD_SUB=c0000002-0000-4000-8000-000000000002	# No Contact
ERR_SUB=c0000009-0000-4000-8000-000000000009	# Forbidden (contacts: 403)

# PyYAML: Debian's python3-yaml (what /usr/bin/python3 sees).
PY=/usr/bin/python3
$PY -c 'import yaml' 2>/dev/null || PY=python3

# --- the files and their structure ---
$PY "$CT" check "$DOCS" || true
X=$TMP/extracted
if ! $PY "$CT" extract "$DOCS" "$X" 2>"$TMP/extract.err"; then
	not_ok "the scan steps could not be extracted" "$(cat "$TMP/extract.err")"
	finish
fi

# --- irscan on PATH, as `make install` would put it ---
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
IRSCAN_ABS=$(abs "$IRSCAN")
[ -z "${VG_IRSCAN:-}" ] || export VG_IRSCAN="$(abs "$VG_IRSCAN")"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$IRSCAN_ABS" >"$TMP/bin/irscan"
chmod +x "$TMP/bin/irscan"

# --- the stand-in for GitHub's OIDC token endpoint ---
echo "github-oidc-assertion.$(date +%s%N)" >"$TMP/assertion"
ASSERTION=$(cat "$TMP/assertion")
OIDC_BEARER="actions-request-token-0024"
$PY "$CT" oidc-server "$TMP/oidc.port" "$OIDC_BEARER" "$ASSERTION" 2>"$TMP/oidc.err" &
OIDC_PID=$!
trap 'kill "$OIDC_PID" 2>/dev/null; cleanup' EXIT
i=0
while [ ! -s "$TMP/oidc.port" ]; do
	i=$((i + 1))
	[ $i -le 200 ] || { echo "OIDC stand-in did not start: $(cat "$TMP/oidc.err")" >&2; exit 1; }
	sleep 0.05
done
OIDC_URL="http://127.0.0.1:$(cat "$TMP/oidc.port")/token?api-version=2.0"

make_test_ca

# A stand-in for the GitHub CLI: `run list` prints the id of the previous
# run when GH_STUB_PREVIOUS names its artifact's directory, `run download`
# copies it to --dir; every call is logged.
mkdir -p "$TMP/ghstub"
cat >"$TMP/ghstub/gh" <<'SH'
#!/bin/sh
echo "gh $*" >>"$GH_STUB_LOG"
case "$1 $2" in
"run list") [ -z "${GH_STUB_PREVIOUS:-}" ] || echo 4242 ;;
"run download")
	[ -n "${GH_STUB_PREVIOUS:-}" ] && [ "$3" = 4242 ] || { echo "no such run" >&2; exit 1; }
	while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir=$2; shift; done
	mkdir -p "$dir" && cp -R "$GH_STUB_PREVIOUS"/. "$dir"/ ;;
*) exit 1 ;;
esac
SH
chmod +x "$TMP/ghstub/gh"

# step PLATFORM TENANT EXPECTED_RC: run the platform's token step (if any)
# and its scan step in a fresh working directory, as the runner would.
step() {
	platform=$1 tenant=$2 want=$3
	W=$TMP/run/$platform-$tenant
	STAGE=$TMP/run/$platform-$tenant.staging
	mkdir -p "$W" "$STAGE" "$TMP/run/$platform-$tenant.runner"
	ERR=$W.err
	: >"$ERR"
	set -- env -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_CERTIFICATE_PATH -u IDENTITY_ENDPOINT \
		-u AZURE_SUBSCRIPTION_ID -u AZURE_FEDERATED_TOKEN_FILE \
		PATH="$TMP/bin:/usr/bin:/bin" IRSCAN_ARM_ENDPOINT="$HTTPS_BASE" \
		AZURE_AUTHORITY_HOST="$HTTPS_BASE" IRSCAN_CA_BUNDLE="$CA_PEM" AZURE_TENANT_ID="$TEST_TENANT"
	case $platform in
	github)
		# GitHub's default shell: bash -e -o pipefail; GITHUB_ENV carries
		# the token step's variables to the later steps.
		: >"$W.github_env"
		RC=0
		(cd "$W" && "$@" ACTIONS_ID_TOKEN_REQUEST_URL="$OIDC_URL" \
			ACTIONS_ID_TOKEN_REQUEST_TOKEN="$OIDC_BEARER" RUNNER_TEMP="$W.runner" \
			GITHUB_ENV="$W.github_env" bash --noprofile --norc -eo pipefail "$X/$platform.token.sh") \
			>"$W.token.out" 2>&1 || RC=$?
		if [ "$RC" = 0 ] && grep -q '^AZURE_FEDERATED_TOKEN_FILE=' "$W.github_env" &&
			[ "$(cat "$(sed -n 's/^AZURE_FEDERATED_TOKEN_FILE=//p' "$W.github_env")")" = "$ASSERTION" ]; then
			ok "github/$tenant: the OIDC step wrote the token and AZURE_FEDERATED_TOKEN_FILE"
		else
			not_ok "github/$tenant: OIDC step (exit $RC)" "$(cat "$W.token.out" "$W.github_env")"
		fi
		# The baseline step: the last successful run's report, if any.
		RC=0
		(cd "$W" && "$@" PATH="$TMP/ghstub:/usr/bin:/bin" GH_TOKEN=token-0024 \
			GITHUB_REPOSITORY=owner/repo GITHUB_WORKFLOW=irscan GITHUB_REF_NAME=main \
			ACCEPT="${GH_ACCEPT:-}" GH_STUB_PREVIOUS="${GH_PREVIOUS:-}" GH_STUB_LOG="$W.gh.log" \
			GITHUB_ENV="$W.github_env" bash --noprofile --norc -eo pipefail "$X/$platform.baseline.sh") \
			>"$W.baseline.out" 2>&1 || RC=$?
		expect_rc 0 "github/$tenant: the baseline step"
		set -- "$@" AZURE_CLIENT_ID="$FED_CLIENT"
		while IFS= read -r line; do set -- "$@" "$line"; done <"$W.github_env"
		set -- "$@" bash --noprofile --norc -eo pipefail "$X/$platform.scan.sh"
		;;
	gitlab)
		# GitLab gives the id_token as a variable; before_script writes it.
		FED_FILE=$W.runner/azure-federated-token
		RC=0
		(cd "$W" && "$@" AZURE_ID_TOKEN="$ASSERTION" AZURE_FEDERATED_TOKEN_FILE="$FED_FILE" \
			bash -e "$X/$platform.token.sh") >"$W.token.out" 2>&1 || RC=$?
		if [ "$RC" = 0 ] && [ "$(cat "$FED_FILE" 2>/dev/null)" = "$ASSERTION" ]; then
			ok "gitlab/$tenant: before_script wrote the id_token to AZURE_FEDERATED_TOKEN_FILE"
		else
			not_ok "gitlab/$tenant: token line (exit $RC)" "$(cat "$W.token.out")"
		fi
		set -- "$@" AZURE_CLIENT_ID="$FED_CLIENT" AZURE_FEDERATED_TOKEN_FILE="$FED_FILE" \
			bash -e "$X/$platform.scan.sh"
		;;
	azure)
		# AzureCLI@2 has signed az in; the stand-in gets a token as the
		# service connection's principal.  Predefined variables are in the
		# environment (Build.ArtifactStagingDirectory and so on).
		set -- "$@" PATH="$TMP/bin:$ROOT/tests/tools/azstub:/usr/bin:/bin" \
			AZ_STUB_TOKEN_URL="$BASE/$TEST_TENANT/oauth2/v2.0/token" \
			AZ_STUB_CLIENT_ID="$TEST_CLIENT" AZ_STUB_SECRET="$TEST_SECRET" \
			BUILD_ARTIFACTSTAGINGDIRECTORY="$STAGE" SYSTEM_DEFAULTWORKINGDIRECTORY="$W" \
			bash "$X/$platform.scan.sh"
		;;
	esac
	RC=0
	(cd "$W" && "$@") >"$W.out" 2>"$ERR" || RC=$?
	sanitizer_clean
	expect_rc "$want" "$platform/$tenant: the scan step, verbatim"
	got=$(sed -n "s/^$RC //p" "$X/$platform.outcome")
	case $want in 0) pipeline=passed ;; *) pipeline=failed ;; esac
	if [ "$got" = "$pipeline" ]; then ok "$platform/$tenant: the pipeline $got"
	else not_ok "$platform/$tenant: the pipeline $got, expected $pipeline"; fi

	# What the later steps publish exists.
	missing=
	for p in $(cat "$X/$platform.uploads"); do
		f=$(cd "$W" && BUILD_ARTIFACTSTAGINGDIRECTORY=$STAGE eval "echo \"$p\"")
		case $f in /*) ;; *) f=$W/$f ;; esac
		if [ -d "$f" ]; then [ -n "$(ls -A "$f")" ] || missing="$missing $p"
		elif [ ! -s "$f" ]; then missing="$missing $p"; fi
	done
	if [ -z "$missing" ]; then ok "$platform/$tenant: every published file exists"
	else not_ok "$platform/$tenant: published but not written:$missing" "$(head -c 1500 "$ERR")"; fi
	check "$platform/$tenant: JUnit valid under the Jenkins xunit XSD" \
		xmllint --noout --schema "$XSD" "$W/irscan.junit.xml"
	check "$platform/$tenant: SARIF valid against the SARIF 2.1.0 schema" \
		/usr/bin/jsonschema -i "$W/irscan.sarif" "$SCHEMA"
	json=$W/irscan.json
	[ -f "$json" ] || json=$STAGE/irscan.json
	ev=$W/irscan-evidence
	[ -d "$ev" ] || ev=$STAGE/irscan-evidence
	case $platform in azure) cred=cli ;; *) cred=federated ;; esac
	OUT=$json
	expect_json 'd["scan"]["credential"], d["scan"]["tenant"]' "('$cred', '$TEST_TENANT')" \
		"$platform/$tenant: signed in to the tenant with the $cred credential"
	run_irscan verify "$ev"
	expect_rc 0 "$platform/$tenant: the evidence bundle verifies"
}

for tenant in compliant noncompliant unreadable; do
	case $tenant in
	compliant) subs=$OK_SUB want=0 ;;
	noncompliant) subs="$OK_SUB $BAD_SUB" want=1 ;;
	unreadable) subs="$OK_SUB $ERR_SUB" want=3 ;;
	esac
	# shellcheck disable=SC2086
	$PY "$CT" scenario "$SCENARIOS/tenant" "$TMP/$tenant" "$FED_CLIENT" $subs
	cp "$TMP/assertion" "$TMP/$tenant/fed.jwt"
	start_server "$TMP/$tenant" --https --cert "$TMP/ca/server.pem" --key "$TMP/ca/server.key"
	for platform in github azure gitlab; do
		step "$platform" "$tenant" "$want"
	done
	n=$(logq 'len([x for x in L if x["listener"] == "http" and x["auth"]])')
	if [ "$n" = 0 ]; then ok "$tenant: irscan spoke only HTTPS, verified with IRSCAN_CA_BUNDLE"
	else not_ok "$tenant: $n ARM requests over plain HTTP"; fi
	stop_server
done

# GitHub's baseline: the second run of the non-compliant tenant, the first
# run's artifact as the previous successful run's.
$PY "$CT" scenario "$SCENARIOS/tenant" "$TMP/again" "$FED_CLIENT" $OK_SUB $BAD_SUB
cp "$TMP/assertion" "$TMP/again/fed.jwt"
start_server "$TMP/again" --https --cert "$TMP/ca/server.pem" --key "$TMP/ca/server.key"
FIRST=$TMP/run/github-noncompliant
if grep -q '^IRSCAN_GATE' "$FIRST.github_env" || ! grep -q 'run list.*--status success' "$FIRST.gh.log"; then
	not_ok "github: the first run asked for the last successful run and got no baseline" "$(cat "$FIRST.gh.log" "$FIRST.github_env")"
else
	ok "github: the first run asked for the last successful run, found none: no baseline"
fi
GH_PREVIOUS=$FIRST step github noncompliant-baseline 0
W=$TMP/run/github-noncompliant-baseline
expect_contains "$W.gh.log" "--name irscan-reports" "github: the previous run's irscan-reports artifact downloaded"
expect_contains "$W.github_env" "IRSCAN_GATE=--baseline irscan-baseline/irscan.json --fail-on-new" "github: IRSCAN_GATE set"
expect_contains "$W/irscan.md" "0 new failures since" "github: the job summary says nothing is new since the baseline"
OUT=$W/irscan.json
expect_json 'd["baseline"]["counts"]["unchanged"] > 0 and d["baseline"]["new_failures"] == 0' True \
	"github: the scan compared with the first run's report"
GH_ACCEPT=true step github noncompliant-accept 0
expect_contains "$TMP/run/github-noncompliant-accept.github_env" "IRSCAN_GATE=--fail-on never" "github: accept records the state without gating"
stop_server

# GitLab's commented example: exit 1 a warning, 2 and 3 still failures.
for rc in 0 1 2 3; do
	got=$(sed -n "s/^$rc //p" "$X/gitlab-allow.outcome")
	case $rc in 0) want=passed ;; 1) want=warning ;; *) want=failed ;; esac
	if [ "$got" = "$want" ]; then ok "gitlab with allow_failure exit_codes [1]: exit $rc is $got"
	else not_ok "gitlab with allow_failure: exit $rc is $got, expected $want"; fi
done
finish
