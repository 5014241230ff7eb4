#!/bin/sh
# Issue 18 item 2: `irscan merge IN.json... -o FORMAT[:PATH]`.  A scan of
# the fake tenant (waivers, attestations, hostile strings, errors) is
# merged from its own JSON report (the round trip: the same findings,
# controls, summary and exit code), and from "shards" cut from it by the
# splitter below exactly as `--shard K/N` assigns subscriptions (SHA-256
# of the lower-case id, first 8 bytes big-endian, mod N, plus 1): the
# merge equals the unsharded run in every format once the time, duration
# and merge lines are set aside.  Two tenants are grouped by tenant in the
# HTML, Markdown and console; every refusal exits 2 naming its files;
# --allow-partial records what is missing and exits 3 at least.
. "$(dirname "$0")/lib.sh"

XSD=$ROOT/tests/schemas/jenkinsci-xunit-plugin_junit-10.xsd
MT=${SARIF_MULTITOOL:-$ROOT/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }
today=$(date -u +%Y-%m-%d)
future=$(date -u -d '+30 days' +%Y-%m-%d)
FORMATS="json:json html:html markdown:md junit:xml sarif:sarif csv:csv csv-bom:bom.csv"

cat >"$TMP/w.json" <<JSON
{"waivers": [
 {"check": "subscription-criticality-tag", "subscription": "$(id 33)", "reason": "tags <b>soon</b> & \"later\"",
  "approved_by": "CISO", "expires": "$future"},
 {"check": "defender-plans-standard", "subscription": "$(id 35)", "reason": "RBAC pending", "approved_by": "CISO",
  "expires": "$future"}]}
JSON
cat >"$TMP/a.json" <<JSON
{"attestations": [{"control": "10.1", "subscription": "$(id 1)", "document": "IR plan <v3>", "owner": "SecOps",
  "reviewed": "$today"}]}
JSON

# outs BASE: -o arguments for every format, into BASE.<ext>.
outs() {
	for f in $FORMATS; do printf -- '-o %s:%s.%s ' "${f%%:*}" "$1" "${f#*:}"; done
}

# merge BASE IN...: irscan merge into every format at BASE.*; RC, ERR.
merge() {
	b=$1
	shift
	# shellcheck disable=SC2046
	run_irscan merge --no-color "$@" $(outs "$b")
	cp "$ERR" "$b.console"
}

# split WHOLE N DIR: shards 1..N of WHOLE as DIR/shard-K.json (the splitter).
split() {
	python3 - "$@" <<'PY'
import copy, hashlib, json, os, sys
whole, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
d = json.load(open(whole))
def shard(sid):
    h = hashlib.sha256(sid.lower().encode()).digest()[:8]
    return int.from_bytes(h, "big") % n + 1
os.makedirs(out, exist_ok=True)
for k in range(1, n + 1):
    p = copy.deepcopy(d)
    mine = {s["id"].lower() for s in d["subscriptions"] if shard(s["id"]) == k}
    p["subscriptions"] = [s for s in d["subscriptions"] if s["id"].lower() in mine]
    p["findings"] = [f for f in d["findings"] if f["subscription"].lower() in mine]
    # A subscription's own errors go with it; the tenant's and shared
    # reads' errors are in every shard (each shard reads them again).
    own = ("subscription", "security contacts", "Defender plans (pricings)", "security alerts",
           "workflow automations", "Log Analytics workspaces", "Defender for Cloud settings",
           "alert suppression rules")
    p["errors"] = [e for e in d["errors"] if e["what"] not in own or e["subscription"] is None
                   or e["subscription"].lower() in mine]
    for c in p["controls"]:
        c["verdicts"] = {s: v for s, v in c["verdicts"].items() if s.lower() in mine}
    p["scan"]["shard"] = {"index": k, "count": n, "scope_subscriptions": len(d["subscriptions"]),
                          "subscriptions": len(mine)}
    p["scan"]["requests"] = d["scan"]["requests"] // n
    json.dump(p, open(os.path.join(out, "shard-%d.json" % k), "w"), indent=1)
PY
}

# same_json A B WHAT: findings, controls, subscriptions, errors, summary,
# exit code and reason agree.
same_json() {
	if python3 - "$1" "$2" >"$TMP/cmp.out" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [k for k in ("subscriptions", "controls", "findings", "errors", "summary") if a[k] != b[k]]
bad += ["scan." + k for k in ("exit_code", "exit_reason", "framework", "tenant", "parameters")
        if a["scan"][k] != b["scan"][k]]
print(bad)
sys.exit(1 if bad else 0)
PY
	then ok "$3"; else not_ok "$3" "$(cat "$TMP/cmp.out")"; fi
}

# norm FILE: the text less what differs by nature between a run and its
# merge: times, durations, the merge line, evidence numbering (a merged
# HTML lists the exchanges the findings cite, numbered again).
norm() {
	python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", "TIME", t)
t = re.sub(r'time="[0-9.]+"', 'time=""', t)
t = re.sub(r"\d+ ms\b", "N ms", t)
t = re.sub(r"<dt>Merged</dt><dd>[^<]*</dd>", "", t)
t = re.sub(r"[^\n]*Merged from \d+ JSON reports?[^\n]*\n", "", t)
t = re.sub(r"#?ev-\d+", "ev-N", t)
t = re.sub(r">#\d+<", ">#N<", t)
t = re.sub(r'<h2 id="evidence">.*?</table>', "EVIDENCE", t, flags=re.S)
t = re.sub(r"\d+ Resource Manager requests( \([^)]*\))?(, \d+ retried)?", "N requests", t)
# A JSON report names the attestations' file, not its entries.
t = re.sub(r"(<h3>Attestations from .*?</tr>).*?</table>", r"\1</table>", t, flags=re.S)
t = re.sub(r", [0-9.]+ s held back by throttling", "", t)
t = re.sub(r", \d+ answers? 429 \(in \d+ scopes?\)", "", t)
t = re.sub(r"\n\n+", "\n\n", t)
sys.stdout.write(t)
PY
}

# same_text A B WHAT: equal after norm.
same_text() {
	norm "$1" >"$TMP/n1"
	norm "$2" >"$TMP/n2"
	if cmp -s "$TMP/n1" "$TMP/n2"; then ok "$3"; else not_ok "$3" "$(diff "$TMP/n1" "$TMP/n2" | head -c 1500)"; fi
}

# same_all A B WHAT: every format of merge B equals run A's.
same_all() {
	same_json "$1.json" "$2.json" "$3: JSON findings, controls, summary, exit code"
	for f in html md xml sarif csv bom.csv console; do
		same_text "$1.$f" "$2.$f" "$3: $f equals the run's"
	done
}

start_server tenant
W=$TMP/whole
# shellcheck disable=SC2046
scan -A --no-color --waivers "$TMP/w.json" --attestations "$TMP/a.json" $(outs "$W")
cp "$ERR" "$W.console"
WRC=$RC
expect_rc 1 "the unsharded scan"

# --- the round trip ---
M=$TMP/m1
merge "$M" "$W.json"
[ "$RC" = "$WRC" ] && ok "merging one report exits as its scan ($RC)" || not_ok "round trip exit $RC, scan $WRC" "$(cat "$ERR")"
same_all "$W" "$M" "round trip"
OUT=$M.json
expect_json 'd["merge"]["parts"][0]["file"] == "'"$W.json"'" and d["merge"]["missing_shards"] == []' True "merge.parts names the file"
expect_json 'd["merge"]["parts"][0]["sha256"]' "$(sha256sum "$W.json" | cut -d' ' -f1)" "merge.parts has the file's SHA-256"
expect_json 'd["scan"]["tenants"] == [d["scan"]["tenant"]] and d["scan"]["tenant"] is not None' True "one tenant: scan.tenant kept, scan.tenants lists it"

# --- shards ---
split "$W.json" 3 "$TMP/s3"
M=$TMP/m3
merge "$M" "$TMP/s3/shard-3.json" "$TMP/s3/shard-1.json" "$TMP/s3/shard-2.json"
[ "$RC" = "$WRC" ] && ok "three shards merge with the unsharded exit code ($RC)" || not_ok "shards exit $RC" "$(cat "$ERR")"
same_all "$W" "$M" "3 shards"
OUT=$M.json
expect_json '[p["shard"]["index"] for p in d["merge"]["parts"]]' '[3, 1, 2]' "merge.parts records each shard"

# edit IN OUT PYTHON: OUT is IN after PYTHON ran on it as `d`.
edit() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
}

# refused WHAT NEEDLE IN...: merge exits 2 with one line that says NEEDLE.
refused() {
	what=$1
	needle=$2
	shift 2
	run_irscan merge -q "$@" -o "json:$TMP/refused.json"
	if [ "$RC" = 2 ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -qF -- "$needle" "$ERR" && [ ! -e "$TMP/refused.json" ]; then
		ok "refused: $what (exit 2, one line, no report)"
	else
		not_ok "refused: $what: exit $RC" "$(cat "$ERR")"
	fi
}

# --- real shards: three runs of --shard K/3 ---
mkdir -p "$TMP/r3"
for k in 1 2 3; do
	scan -A -q --waivers "$TMP/w.json" --attestations "$TMP/a.json" --shard "$k/3" -o "json:$TMP/r3/shard-$k.json"
done
run_irscan merge -q "$TMP/r3/shard-1.json" "$TMP/r3/shard-2.json" "$TMP/r3/shard-3.json" -o "json:$TMP/real3.json"
[ "$RC" = "$WRC" ] && ok "three --shard K/3 runs merge with the unsharded exit code ($RC)" || not_ok "real shards exit $RC" "$(cat "$ERR")"
if python3 - "$W.json" "$TMP/real3.json" >"$TMP/cmp.out" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
# Two runs: the same findings, read by other requests.
def plain(fs):
    return [{k: v for k, v in f.items() if k != "evidence"} for f in fs]
def err(es):
    return sorted(json.dumps({k: v for k, v in e.items() if k != "request_id"}, sort_keys=True) for e in es)
bad = [k for k in ("subscriptions", "controls", "summary") if a[k] != b[k]]
bad += ["findings"] if plain(a["findings"]) != plain(b["findings"]) else []
bad += ["errors"] if err(a["errors"]) != err(b["errors"]) else []
bad += ["scan." + k for k in ("exit_code", "exit_reason") if a["scan"][k] != b["scan"][k]]
print(bad)
sys.exit(1 if bad else 0)
PY
then ok "three --shard K/3 runs merge into the unsharded run's findings, controls, summary and exit code"; else not_ok "real shards" "$(cat "$TMP/cmp.out")"; fi
run_irscan merge -q "$TMP/r3/shard-1.json" "$TMP/r3/shard-3.json" -o "json:$TMP/real2.json"
expect_rc 2 "a --shard run missing is refused"

# --- a shard given twice, a shard missing ---
M=$TMP/twice
merge "$M" "$TMP/s3/shard-1.json" "$TMP/s3/shard-2.json" "$TMP/s3/shard-1.json" "$TMP/s3/shard-3.json"
[ "$RC" = "$WRC" ] && ok "a shard given twice is merged once (exit $RC)" || not_ok "twice: exit $RC" "$(cat "$ERR")"
expect_contains "$M.console" "with the same findings: merged once" "... and stderr says so"
same_json "$W.json" "$M.json" "a shard given twice: JSON equals the run's"
refused "a shard missing" "shard 2 of 3 of the scan of '$TMP/s3/shard-1.json' is missing" \
	"$TMP/s3/shard-1.json" "$TMP/s3/shard-3.json"
M=$TMP/partial
merge "$M" --allow-partial "$TMP/s3/shard-1.json" "$TMP/s3/shard-3.json"
expect_rc 3 "--allow-partial: exit 3 (what was not scanned cannot look compliant)"
OUT=$M.json
expect_json 'd["merge"]["missing_shards"] == [{"index": 2, "count": 3, "tenant": d["scan"]["tenant"]}]' True "merge.missing_shards records shard 2 of 3"
expect_json 'd["scan"]["exit_code"] == 3 and d["scan"]["exit_reason"].startswith("1 shard of the scan is missing (--allow-partial); ")' True "the exit reason leads with the missing shard"
sed 's/\\//g' "$M.md" >"$M.md.txt"	# Markdown escapes its punctuation
for f in html md.txt console; do
	expect_contains "$M.$f" "NOT SCANNED, missing (--allow-partial): shard 2 of 3" "--allow-partial: $f names the missing shard"
done
expect_contains "$M.sarif" "1 shard of the scan is missing (--allow-partial)" "--allow-partial: SARIF carries the exit reason"
edit "$TMP/s3/shard-1.json" "$TMP/relabel.json" 'd["scan"]["shard"]["index"] = 2'
refused "a shard under another index" "says it is shard 2/3, but its subscription" \
	"$TMP/s3/shard-1.json" "$TMP/relabel.json" "$TMP/s3/shard-3.json"

# --- refusals ---
edit "$TMP/s3/shard-1.json" "$TMP/other.json" '
f = [f for f in d["findings"] if f["status"] == "pass"][0]
f["status"] = "fail"
SUB = f["subscription"]
open(sys.argv[2] + ".sub", "w").write(SUB)'
refused "one subscription, different findings" \
	"subscription $(cat "$TMP/other.json.sub") is in both '$TMP/s3/shard-1.json' and '$TMP/other.json' with different findings" \
	"$TMP/s3/shard-1.json" "$TMP/s3/shard-2.json" "$TMP/s3/shard-3.json" "$TMP/other.json"
edit "$W.json" "$TMP/fw.json" 'd["scan"]["framework"] = "mcsb-v1"'
refused "two frameworks" "'$W.json' is a asb-ir-2019 scan and '$TMP/fw.json' a mcsb-v1 scan" "$W.json" "$TMP/fw.json"
edit "$W.json" "$TMP/param.json" 'd["scan"]["parameters"]["alert_max_age_days"] = 30'
refused "parameters that change verdicts" "'$W.json' and '$TMP/param.json' ran different checks or parameters" "$W.json" "$TMP/param.json"
edit "$W.json" "$TMP/checks.json" 'd["scan"]["parameters"]["checks"].pop()'
refused "another check selection" "ran different checks or parameters" "$W.json" "$TMP/checks.json"
edit "$W.json" "$TMP/unknown.json" 'd["findings"][3]["check"] = "no-such-<check>"'
refused "an unknown check id" "'$TMP/unknown.json': findings[3].check 'no-such-<check>' is not a check this irscan knows" "$TMP/unknown.json"
edit "$W.json" "$TMP/type.json" 'd["findings"][0]["observed"] = {"a": 1}'
refused "a field of another type" "'$TMP/type.json': findings[0].observed must hold only strings" "$TMP/type.json"
echo '{"tool": {"name": "trivy"}, "findings": []}' >"$TMP/trivy.json"
refused "another tool's JSON" "'$TMP/trivy.json': not an irscan JSON report" "$W.json" "$TMP/trivy.json"
echo 'hello' >"$TMP/text.json"
refused "not JSON" "'$TMP/text.json': not an irscan JSON report" "$TMP/text.json"
refused "a missing file" "$TMP/none.json" "$TMP/none.json"
truncate -s 300M "$TMP/huge.json"
refused "a file too large" "$TMP/huge.json" "$TMP/huge.json"
rm -f "$TMP/huge.json"
run_irscan merge -o json:-
expect_rc 2 "merge without inputs is a usage error"
run_irscan merge "$W.json" --subscription "$(id 1)"
expect_rc 2 "a scan option is refused by merge"
expect_contains "$ERR" "does not apply to irscan merge" "... saying so"

# --- --fail-on ---
run_irscan merge -q --fail-on never "$W.json" -o "json:$TMP/never.json"
OUT=$TMP/never.json
expect_json 'd["scan"]["parameters"]["fail_on"] == "never" and d["scan"]["exit_code"] == 3' True "--fail-on never: the merged exit code leaves failures out (3: errors remain)"
expect_rc 3 "... and merge exits with it"
edit "$TMP/s3/shard-1.json" "$TMP/high1.json" 'd["scan"]["parameters"]["fail_on"] = "high"'
edit "$TMP/s3/shard-2.json" "$TMP/high2.json" 'd["scan"]["parameters"]["fail_on"] = "high"'
edit "$TMP/s3/shard-3.json" "$TMP/high3.json" 'd["scan"]["parameters"]["fail_on"] = "high"'
run_irscan merge -q "$TMP/high1.json" "$TMP/high2.json" "$TMP/high3.json" -o "json:$TMP/high.json"
OUT=$TMP/high.json
expect_json 'd["scan"]["parameters"]["fail_on"]' high "the parts' fail-on when all agree"
run_irscan merge -q "$TMP/high1.json" "$TMP/s3/shard-2.json" "$TMP/high3.json" -o "json:$TMP/mixed.json"
OUT=$TMP/mixed.json
expect_json 'd["scan"]["parameters"]["fail_on"]' low "the product default when they do not"

# --- two tenants ---
# Tenant B: the same scan as another tenant's (every id moved to d...),
# under a tenant id that is no GUID but hostile, as an edited file may be.
TB='<b>&"'"'"'tenant-B'
TB=$TB edit "$W.json" "$TMP/b.json" '
import os
s = json.dumps(d).replace("c00000", "d00000")
d.clear(); d.update(json.loads(s))
d["scan"]["tenant"] = os.environ["TB"]'
M=$TMP/tenants
merge "$M" "$TMP/s3/shard-2.json" "$TMP/b.json" "$TMP/s3/shard-1.json" "$TMP/s3/shard-3.json"
expect_rc 1 "two tenants merge (exit 1: failures)"
OUT=$M.json
TB=$TB expect_json 'd["scan"]["tenant"] is None and d["scan"]["tenants"] == ["7e57a000-0000-4000-8000-00000000aaaa", __import__("os").environ["TB"]]' True "scan.tenant is null and scan.tenants lists both"
expect_json 'len(d["subscriptions"]) == 122 and d["summary"] == {k: 2 * v for k, v in json.load(open("'"$W.json"'"))["summary"].items()}' True "both tenants' subscriptions, the summary of the whole"
expect_json '[s["id"] for s in d["subscriptions"]] == sorted(s["id"] for s in d["subscriptions"])' True "subscriptions sorted like a scan's"
count() { grep -c "$2" "$1" || true; }
[ "$(count "$M.html" '<h3 class="tenant">Tenant ')" = 2 ] && ok "HTML: a heading per tenant" || not_ok "HTML tenant headings" "$(grep -o '<h3 class="tenant">[^/]*' "$M.html")"
expect_contains "$M.html" '<h3 class="tenant">Tenant 7e57a000-0000-4000-8000-00000000aaaa: 60 subscriptions scanned; ' "HTML: tenant A's heading with its counts"
expect_contains "$M.html" 'Tenant &lt;b&gt;&amp;&quot;&#39;tenant-B: 60 subscriptions scanned' "HTML: tenant B's heading, escaped"
[ "$(count "$M.md" '^#### Tenant ')" = 2 ] && ok "Markdown: a heading per tenant" || not_ok "Markdown tenant headings" "$(grep '^####' "$M.md")"
expect_contains "$M.md" '#### Tenant 7e57a000\-0000\-4000\-8000\-00000000aaaa\: 60 subscriptions scanned' "Markdown: tenant A's heading"
[ "$(count "$M.console" '^  Tenant ')" = 2 ] && ok "console: a heading per tenant" || not_ok "console tenant headings" "$(cat "$M.console")"
python3 - "$M.console" "$TB" <<'PY' && ok "console: each tenant's rows under its heading" || not_ok "console rows by tenant" "$(head -c 1500 "$M.console")"
import sys
lines = open(sys.argv[1]).read().splitlines()
heads = [i for i, l in enumerate(lines) if l.startswith("  Tenant ")]
a = lines[heads[0] + 1:heads[1]]
b = lines[heads[1] + 1:heads[1] + 62]
assert heads[0].__class__ is int and len(heads) == 2
assert all(" c00000" in l for l in a) and len(a) == 61, a[:3]
assert all(" d00000" in l for l in b), b[:3]
PY
check "two tenants: JUnit valid under the XSD" xmllint --noout --schema "$XSD" "$M.xml"
"$MT" validate "$M.sarif" --rule-kind "Sarif;Ghas" -o "$TMP/mt.sarif" --log ForceOverwrite >"$TMP/mt.txt" 2>&1 || true
if grep -q "Analysis completed successfully" "$TMP/mt.txt" && ! grep -qE ': (error|warning) ' "$TMP/mt.txt"; then
	ok "two tenants: SARIF clean under the SARIF multitool"
else
	not_ok "two tenants: SARIF multitool" "$(head -c 2000 "$TMP/mt.txt")"
fi
python3 - "$M.html" <<'PY' && ok "two tenants: HTML well-formed (every element closed, in order)" || not_ok "HTML well-formed"
import html.parser, sys
VOID = {"meta", "br", "wbr", "hr", "img", "link", "input", "col"}
class P(html.parser.HTMLParser):
    stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, tag
p = P(convert_charrefs=True)
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
assert p.stack == [], p.stack
PY
check "two tenants: JSON parses" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$M.json"
# Azure's (and the edited file's) strings: never raw where markup is read.
for f in html xml; do
	expect_absent "$M.$f" "<script>alert(" "$f: a hostile subscription name is escaped"
	expect_absent "$M.$f" '<b>&"' "$f: a hostile tenant is escaped"
done
expect_absent "$M.sarif" "<b>&\"" "SARIF: a hostile tenant is JSON-escaped"
expect_absent "$M.md" "<script>" "Markdown: the hostile name is escaped"
expect_absent "$M.md" "<b>" "Markdown: the hostile tenant is escaped"
python3 - "$M.csv" <<'PY' && ok "CSV: hostile strings quoted, every row as wide as the header" || not_ok "CSV rows"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert all(len(r) == len(rows[0]) for r in rows)
assert any("<script>alert('x')</script>" in c for r in rows for c in r)
PY
if grep -q "$(printf '\033')" "$M.console"; then not_ok "console: a raw escape character"; else ok "console: control characters shown escaped"; fi
edit "$TMP/b.json" "$TMP/b-none.json" 'd["scan"]["tenant"] = None'
run_irscan merge -q "$W.json" "$TMP/b-none.json" -o "json:$TMP/none.json" -o "html:$TMP/none.html"
OUT=$TMP/none.json
expect_json 'd["scan"]["tenants"] == ["7e57a000-0000-4000-8000-00000000aaaa", "unknown"]' True "a report naming no tenant, beside another tenant's: grouped as unknown"
[ "$(count "$TMP/none.html" '<h3 class="tenant">Tenant ')" = 2 ] && ok "... under its own heading, none of its subscriptions left out" || not_ok "unknown tenant heading"

finish
