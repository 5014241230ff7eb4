#!/bin/sh
# -o markdown and -o csv / csv-bom (issue 17 items 3 and 4) from one scan
# of the whole test tenant (61 subscriptions: past the Markdown table's cap
# of 50), with subscription names made hostile for Markdown, HTML and
# spreadsheets.
#
# Markdown: rendered to HTML by cmark-gfm, GitHub's own GFM renderer
# (Debian's cmark-gfm, with the table, autolink, strikethrough and
# tagfilter extensions GitHub enables), and the HTML checked: tables are
# tables, the hostile names appear as text, the only links are irscan's,
# no tag but the summary's own; the page stays far under a job summary's
# 1 MiB.
# CSV: parsed back by Python's csv module against the JSON report of the
# same run (every row, every column, the hostile strings but for the
# neutralising quote, CRLF, the BOM only in csv-bom), and by LibreOffice
# Calc headless (libreoffice-calc-nogui: 85 MB to download, 30 s to
# install here), the spreadsheet the OWASP CSV injection advice is about:
# none of irscan's cells is a formula there, while the same hostile text
# unneutralised is one.
. "$(dirname "$0")/lib.sh"

id() { printf 'c%07x-0000-4000-8000-%012x' "$1" "$1"; }

# The tenant, with failing subscriptions renamed (in the table's first 50).
mkdir -p "$TMP/hostile"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/hostile/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
names = {
    2: "[x](javascript:alert(1)) ![i](http://e.co/i) | *b* _u_ `c` <script>x</script>",
    7: "@all www.evil.example https://evil.example/p a@b.example ~~s~~ <b>x</b> &amp; \\",
    3: '=HYPERLINK("http://evil.example/?"&A1,"click")',
    4: "+1+cmd|' /C calc'!A0",
    5: "-2+3",
    6: "@SUM(1,2)",
    0x20: "\tTabbed",
    0x21: "\rCarriage",
    0x22: 'He said "hi", then\nleft; ok\r\nbye',
}
for sub in s["subscriptions"]:
    n = int(sub["subscriptionId"][1:8], 16)
    if n in names:
        sub["displayName"] = names[n]
json.dump(s, open(sys.argv[2], "w"))
PY
start_server "$TMP/hostile"
R=$TMP/r
scan -A -o "markdown:$R.md" -o "csv:$R.csv" -o "csv-bom:$R.bom.csv" -o "json:$R.json"
expect_rc 1 "one scan: markdown, csv, csv-bom and json"

# --- Markdown ---
size=$(wc -c <"$R.md")
if [ "$size" -lt 262144 ]; then ok "the summary is $size bytes, under a quarter of a job summary's 1 MiB"
else not_ok "the summary is $size bytes"; fi
GFM="-e table -e autolink -e strikethrough -e tagfilter"
# shellcheck disable=SC2086
if cmark-gfm $GFM "$R.md" >"$R.md.html" 2>"$TMP/cmark.err"; then ok "cmark-gfm renders the summary"
else not_ok "cmark-gfm" "$(cat "$TMP/cmark.err")"; fi
python3 - "$R.md.html" "$R.json" "$R.md" <<'PY' || FAILED=$((FAILED + 1))
import html.parser, json, re, sys
page, d, md = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), open(sys.argv[3]).read()
HELP = "https://github.com/irscan/irscan#what-is-checked"
ZWSP = "\u200b"
fails = 0
def check(cond, msg, detail=""):
    global fails
    print(("ok" if cond else "not ok") + " - 0049-summaries: markdown: " + msg)
    if not cond:
        fails += 1
        if detail:
            print("#   " + str(detail)[:1500])

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.hrefs, self.tables, self.text, self.stack = [], [], [], [], []
        self.cell = None
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "a":
            self.hrefs.append(a.get("href"))
        if set(a) - {"href", "align", "class"}:
            self.tags.append("attr:" + ",".join(sorted(a)))
        if tag == "table":
            self.tables.append([])
        if tag == "tr":
            self.tables[-1].append([])
        if tag in ("td", "th"):
            self.cell = []
    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None
    def handle_data(self, t):
        self.text.append(t)
        if self.cell is not None:
            self.cell.append(t)
p = P()
p.feed(page)
allowed = {"h2", "h3", "p", "strong", "em", "code", "pre", "a", "ul", "li", "table", "thead", "tbody",
           "tr", "th", "td"}
check(set(p.tags) <= allowed, "only the summary's own elements (no script, img, b, raw HTML)",
      sorted(set(p.tags) - allowed))
check(p.hrefs and set(p.hrefs) == {HELP}, "every link is irscan's check reference, none from Azure",
      sorted(set(p.hrefs)))
text = "".join(p.text)
check("Non-compliant" in text and d["scan"]["exit_reason"] in text and "Exit 1" in text,
      "verdict line with the exit reason as the JSON says it")
counts = p.tables[0]
check([c.strip() for c in counts[0]] == list(d["summary"]) and
      [int(c) for c in counts[1]] == list(d["summary"].values()), "the counts table is the JSON summary",
      counts)
m = p.tables[1]
controls = [c["id"] for c in d["controls"]]
check([c.strip() for c in m[0]] == ["subscription"] + controls, "the matrix is a table: subscription x controls",
      m[0])
check(all(len(r) == len(m[0]) for r in m), "every matrix row has a cell per column (no cell break injected)",
      [r for r in m if len(r) != len(m[0])][:2])
subs = d["subscriptions"]
check(len(m) == 1 + 50 + 1 and "%d more subscriptions" % (len(subs) - 50) in m[-1][0],
      "50 subscriptions, then one row for the %d others" % (len(subs) - 50), [r[0] for r in m[-1:]])
rest = {s["id"] for s in subs} - {re.search(r"\(([^()]*)\)$", r[0].strip()).group(1) for r in m[1:-1]}
for j, c in enumerate(d["controls"]):
    want = {}
    for sid in rest:
        v = c["verdicts"].get(sid)
        if v:
            want[v] = want.get(v, 0) + 1
    got = {k: int(n) for n, k in re.findall(r"(\d+) ([a-z-]+)", m[-1][j + 1])}
    check(got == want, "the others' %s verdicts counted" % c["id"], (got, want))
def shown(s, n=80):
    s = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", s)
    s = re.sub(r"[\t\r\n\x7f\x80-\x9f]", " ", s)
    return s if len(s) <= n else s[:n] + "\u2026"
first = [r[0].replace(ZWSP, "").strip() for r in m[1:-1]]
for s in subs:
    if s["name"] and s["id"].startswith(("c0000002", "c0000007", "c0000003", "c0000004", "c0000050", "c0000022")):
        want = shown(s["name"]) + " (" + s["id"] + ")"
        check(want.strip() in first, "subscription name shown as text: %r" % s["name"][:40],
              [f for f in first if s["id"] in f])
fail = [f for f in d["findings"] if f["status"] == "fail"]
check("Failing findings (%d)" % len(fail) in text and "and %d more" % (len(fail) - 50) in text,
      "the first 50 of %d failing findings, then how many more" % len(fail))
items = [li for li in re.findall(r"<li>(.*?)</li>", page, re.S) if "</code></a> on " in li]
check(len(items) == 50 + min(50, sum(f["status"] == "error" for f in d["findings"])),
      "one list item per finding shown", len(items))
heads = re.compile(r"## \S+ irscan: |### (Controls |Failing findings|Could not evaluate|Absent since|How to fix)")
odd = [l for l in md.splitlines() if (l.startswith("#") and not heads.match(l)) or re.match(r"\s{4}|\t|>", l)]
check(not odd, "no line starts a heading, quote or code block but the summary's own", odd[:3])
sys.exit(1 if fails else 0)
PY

# --- CSV ---
check "csv-bom is the csv after a UTF-8 byte order mark, csv has none" python3 -c '
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
sys.exit(0 if b == b"\xef\xbb\xbf" + a and not a.startswith(b"\xef\xbb\xbf") else 1)' "$R.csv" "$R.bom.csv"
python3 - "$R.csv" "$R.json" <<'PY' || FAILED=$((FAILED + 1))
import csv, json, re, sys
raw, d = open(sys.argv[1], "rb").read(), json.load(open(sys.argv[2]))
fails = 0
def check(cond, msg, detail=""):
    global fails
    print(("ok" if cond else "not ok") + " - 0049-summaries: csv: " + msg)
    if not cond:
        fails += 1
        if detail:
            print("#   " + str(detail)[:1500])
# Record ends outside quotes: all CRLF.
ends, inq, i = [], False, 0
while i < len(raw):
    c = raw[i:i + 1]
    if c == b'"':
        inq = not inq
    elif not inq and c in (b"\r", b"\n"):
        ends.append(raw[i:i + 2] if c == b"\r" else c)
        i += 1 if c == b"\n" else 2
        continue
    i += 1
check(ends and all(e == b"\r\n" for e in ends) and raw.endswith(b"\r\n"), "every record ends in CRLF",
      set(ends))
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
header = ["subscription_id", "subscription_name", "control", "framework", "check", "status", "severity",
          "resource", "message", "baseline_state", "request_ids"]
check(rows[0] == header, "the header row", rows[0])
check(all(len(r) == len(header) for r in rows), "every row has the %d columns" % len(header),
      [r for r in rows if len(r) != len(header)][:2])
check(len(rows) == 1 + len(d["findings"]), "one row per finding", (len(rows), len(d["findings"])))
names = {s["id"]: s["name"] for s in d["subscriptions"]}
def cell(s):
    s = "" if s is None else re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", s)
    s = re.sub(r"([;,\t])([=+\-@])", r"\1'\2", s)   # a separator in some locale, then a starter
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s
bad = []
for f, r in zip(d["findings"], rows[1:]):
    ids = []
    for e in f["evidence"]:
        if e["request_id"] and e["request_id"] not in ids:
            ids.append(e["request_id"])
    want = [cell(x) for x in (f["subscription"], names[f["subscription"]], f["control"], d["scan"]["framework"],
                              f["check"], f["status"], f["severity"], f["resource"], f["message"], "",
                              " ".join(ids))]
    if r != want:
        bad.append((r, want))
check(not bad, "every row is its finding, strings as in the JSON but for the neutralising quote", bad[:1])
starts = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
check(not starts, "no cell starts with = + - @ tab or CR", starts[:3])
col = {r[0]: r[1] for r in rows[1:]}
want = {"c0000003": "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "c0000004": "'+1+cmd|' /C calc'!A0",
        "c0000005": "'-2+3", "c0000006": "'@SUM(1,2)", "c0000020": "'\tTabbed", "c0000021": "'\rCarriage",
        "c0000022": 'He said "hi", then\nleft; ok\r\nbye'}
got = {k: v for s, v in col.items() for k in want if s.startswith(k)}
check(got == want, "formula starters neutralised; quotes, commas, CR and LF kept", (got, want))
check(any("<script>alert('x')</script>" in c for r in rows for c in r), "HTML in a name is kept as text")
sys.exit(1 if fails else 0)
PY

# --- LibreOffice Calc reads the CSV: no cell of irscan's is a formula ---
printf 'a,b\r\n=1+1,x\r\n' >"$TMP/control.csv"
lo() {	# lo FILE: convert to flat ODS, the cells' formulas in attributes
	soffice -env:UserInstallation="file://$TMP/lo" --headless --norestore \
		--infilter="CSV:44,34,76,1" --convert-to fods --outdir "$TMP/lo-out" "$1" >"$TMP/lo.log" 2>&1
}
if command -v soffice >/dev/null 2>&1; then
	lo "$TMP/control.csv" && lo "$R.csv" || true
	if grep -q 'table:formula=' "$TMP/lo-out/control.fods" 2>/dev/null; then
		ok "LibreOffice makes an unneutralised =1+1 a formula (the check below can fail)"
	else
		not_ok "LibreOffice control conversion" "$(cat "$TMP/lo.log")"
	fi
	python3 - "$TMP/lo-out/r.fods" "$R.csv" <<'PY' || FAILED=$((FAILED + 1))
import csv, sys, xml.etree.ElementTree as ET
ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
try:
    doc = ET.parse(sys.argv[1])
except (OSError, ET.ParseError) as e:
    print("not ok - 0049-summaries: LibreOffice converted the CSV\n#   %s" % e)
    sys.exit(1)
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
T = "{%s}" % ns["table"]
formulas = [c.get(T + "formula") for c in doc.iter(T + "table-cell") if c.get(T + "formula")]
lo_rows = doc.findall(".//table:table-row", ns)
n = sum(int(r.get(T + "number-rows-repeated", "1")) for r in lo_rows
        if any(c.findall(".//text:p", ns) for c in r.findall("table:table-cell", ns)))
ok = not formulas and n == len(rows)
print(("ok" if not formulas else "not ok") + " - 0049-summaries: LibreOffice: no cell is a formula")
if formulas:
    print("#   " + repr(formulas[:3]))
print(("ok" if n == len(rows) else "not ok") + " - 0049-summaries: LibreOffice reads %d rows, as Python's csv (%d)"
      % (n, len(rows)))
sys.exit(0 if ok else 1)
PY
else
	not_ok "soffice not found: make deps installs libreoffice-calc-nogui"
fi

# --- with --baseline: new failures first, absent findings listed ---
# The baseline: the same tenant when "No Contact" still had its contact,
# from an irscan that did not yet run the five contact checks there (their
# findings are left out of it, so they are new now: with them, a passing
# contact finding that fails on the subscription now would be the same
# finding, updated), and a finding this run no longer has, with strings
# hostile to both formats (it is an input file).
mkdir -p "$TMP/before"
python3 - "$TMP/hostile/scenario.json" "$TMP/before/scenario.json" "$(id 1)" "$(id 2)" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
ok = [r for r in s["resources"] if r["path"] == "/subscriptions/%s/providers/Microsoft.Security/securityContacts" % sys.argv[3]][0]
for r in s["resources"]:
    if r["path"] == "/subscriptions/%s/providers/Microsoft.Security/securityContacts" % sys.argv[4]:
        r["api_versions"] = ok["api_versions"]
json.dump(s, open(sys.argv[2], "w"))
PY
stop_server
start_server "$TMP/before"
scan -A -o "json:$TMP/base.json"
python3 - "$TMP/base.json" "$(id 1)" "$(id 2)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
contact = {"security-contact-email", "security-contact-phone", "alert-notifications-high",
           "alert-notifications-owners", "attack-path-notifications"}
d["findings"] = [x for x in d["findings"] if not (x["subscription"] == sys.argv[3] and x["check"] in contact)]
f = dict([x for x in d["findings"] if x["subscription"] == sys.argv[2] and x["check"] == "export-target-exists"][0])
f.update(resource="/subscriptions/%s/gone|[z](javascript:alert(7))" % sys.argv[2], status="fail",
         message='=HYPERLINK("http://evil.example") <img src=x> `tick` *star*')
d["findings"].append(f)
json.dump(d, open(sys.argv[1], "w"))
PY
stop_server
start_server "$TMP/hostile"
scan -A --baseline "$TMP/base.json" --fail-on-new -o "markdown:$R.b.md" -o "csv:$R.b.csv" -o "json:$R.b.json"
expect_rc 1 "--baseline --fail-on-new: the contact findings of No Contact are new"
# shellcheck disable=SC2086
cmark-gfm $GFM "$R.b.md" >"$R.b.html" 2>"$TMP/cmark.err" || not_ok "cmark-gfm (baseline)" "$(cat "$TMP/cmark.err")"
python3 - "$R.b.html" "$R.b.json" "$R.b.md" <<'PY' || FAILED=$((FAILED + 1))
import html, json, re, sys
page, d, md = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), open(sys.argv[3]).read()
fails = 0
def check(cond, msg, detail=""):
    global fails
    print(("ok" if cond else "not ok") + " - 0049-summaries: markdown with a baseline: " + msg)
    if not cond:
        fails += 1
        print("#   " + str(detail)[:1500])
new = [f for f in d["findings"] if f["status"] == "fail" and f["baseline_state"] == "new"]
b = d["baseline"]
check(len(new) == 5 and b["new_failures"] == 5, "the JSON has the 5 new failures", (len(new), b))
text = re.sub(r"<[^>]+>", "", page)
check(re.search(r"5 new failures since \d{4}-\d\d-\d\dT", text) and "%d absent" % b["counts"]["absent"] in text,
      "the summary leads with the new failures since the baseline's date, and the counts")
items = [li for li in re.findall(r"<li>(.*?)</li>", page, re.S) if "</code></a> on " in li]
lead = [li for li in items[:5] if li.startswith("<strong>new since the baseline</strong>")]
later = [li for li in items[5:] if li.startswith("<strong>new since")]
check(len(lead) == 5 and "c0000002" in items[0] and not later,
      "the failing list starts with the 5 new ones", items[:6])
check(b["counts"]["absent"] >= 1 and "Absent since the baseline (%d)" % b["counts"]["absent"] in text,
      "the absent findings listed", b["counts"])
absent = html.unescape(text.replace("\u200b", ""))
check("/gone|[z](javascript:alert(7))" in absent and "javascript" not in re.findall(r'href="([^"]*)"', page).__str__(),
      "a hostile resource from the baseline file is text, not a link")
tags = set(re.findall(r"<([a-z0-9]+)", page))
check(tags <= {"h2", "h3", "p", "strong", "em", "code", "pre", "a", "ul", "li", "table", "thead", "tbody", "tr",
               "th", "td"}, "still only the summary's own elements", tags)
sys.exit(1 if fails else 0)
PY
python3 - "$R.b.csv" "$R.b.json" <<'PY' || FAILED=$((FAILED + 1))
import csv, json, sys
rows, d = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))), json.load(open(sys.argv[2]))
fails = 0
def check(cond, msg, detail=""):
    global fails
    print(("ok" if cond else "not ok") + " - 0049-summaries: csv with a baseline: " + msg)
    if not cond:
        fails += 1
        print("#   " + str(detail)[:1500])
n = len(d["findings"])
check([r[9] for r in rows[1:n + 1]] == [f["baseline_state"] for f in d["findings"]],
      "each finding's row has its baseline state")
tail = rows[n + 1:]
check(len(tail) == d["baseline"]["counts"]["absent"] and all(r[9] == "absent" and len(r) == 11 for r in tail),
      "then one row per absent baseline finding", tail[:2])
gone = [r for r in tail if r[7].endswith("/gone|[z](javascript:alert(7))")]
check(len(gone) == 1 and gone[0][5] == "fail" and
      gone[0][8] == "'=HYPERLINK(\"http://evil.example\") <img src=x> `tick` *star*",
      "the absent row keeps the baseline's status and message, formula neutralised", gone)
sys.exit(1 if fails else 0)
PY

# --- the size bound: every name as long and as costly to escape as can be ---
mkdir -p "$TMP/long"
python3 - "$SCENARIOS/tenant/scenario.json" "$TMP/long/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for sub in s["subscriptions"]:
    sub["displayName"] = '"' * 5000
json.dump(s, open(sys.argv[2], "w"))
PY
stop_server
start_server "$TMP/long"
scan -A -o "markdown:$TMP/long.md"
size=$(wc -c <"$TMP/long.md")
if [ "$size" -lt 300000 ] && ! grep -q '\(&quot;\)\{81\}' "$TMP/long.md"; then
	ok "names of 5,000 quotes are cut at 80 characters: $size bytes"
else
	not_ok "the summary of long names is $size bytes"
fi
stop_server
start_server "$TMP/hostile"

# --- a compliant subscription, a scan that could not run ---
scan -s "$(id 1)" -o "markdown:$TMP/ok.md" -o "csv:$TMP/ok.csv"
expect_rc 0 "compliant subscription"
expect_contains "$TMP/ok.md" "irscan: Needs a person" "markdown verdict of a passing scan with a manual finding"
expect_absent "$TMP/ok.md" "### Failing findings" "no failing list when nothing fails"
AZURE_CLIENT_SECRET=wrong-secret-0000 scan -s "$(id 1)" -o "markdown:$TMP/f.md" -o "csv:$TMP/f.csv"
expect_rc 3 "authentication fails"
expect_contains "$TMP/f.md" "irscan: Incomplete" "markdown of a scan that could not run says so"
check "its CSV is the header row alone" sh -c "[ \"\$(wc -l <'$TMP/f.csv')\" = 1 ] && head -c 15 '$TMP/f.csv' | grep -q '^subscription_id'"
finish
