#!/bin/sh
# The HTML report of make demo's tenant, printed and read as people do.
# Printed with headless Chromium (--print-to-pdf), it holds everything:
# as many pages, and the same text, as the same report with every
# <details> opened, and among that text the remediation, the passing
# findings and the request table.  Read at 1,400 and at 400 CSS pixels,
# its tables keep words whole: no line break between two letters or
# digits in any cell (a break at a space or after '/' or '-' is fine;
# ids wrap at '/'), the page itself never scrolls sideways, and at 1,400
# px no table needs to; at 400 px a wide table scrolls in its own box.
# Widths are set through the DevTools protocol (tests/tools/htmllayout.py).
. "$(dirname "$0")/lib.sh"

start_server demo
H=$TMP/report.html
AZURE_TENANT_ID=3c0a7f10-5d2e-4b8a-9c1e-6f4d2a8b0c11 AZURE_CLIENT_ID=de300000-0000-4000-8000-00000000c11e \
AZURE_CLIENT_SECRET='demo-only~not-a-real-secret-42' scan -A -o "html:$H" -o "json:$TMP/report.json"
expect_rc 1 "the demo tenant is scanned (failing findings, as make demo says)"

# The same report with every section opened: the stylesheet, and so its
# hash in the Content-Security-Policy, is unchanged.
python3 - "$H" "$TMP/open.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
opened = re.sub(r"<details(?![^>]* open[ >])([^>]*)>", r"<details\1 open>", page)
open(sys.argv[2], "w", encoding="utf-8").write(opened)
PY
check "the opened copy has no closed section" sh -c '! grep -qE "<details( class=\"[a-z]+\")?>" "$1" && grep -q "<details open>" "$1"' - "$TMP/open.html"

pdf() {	# pdf HTML PDF
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/chromium" --no-pdf-header-footer --print-to-pdf="$2" \
		"file://$1" >/dev/null 2>&1 || true
}
pdf "$H" "$TMP/report.pdf"
pdf "$TMP/open.html" "$TMP/open.pdf"
pages=$(pdfinfo "$TMP/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
open_pages=$(pdfinfo "$TMP/open.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
if [ -n "$pages" ] && [ "$pages" = "$open_pages" ]; then
	ok "printed, the report has as many pages as with every section opened ($pages)"
else
	not_ok "printed: ${pages:-no} pages, ${open_pages:-no} with every section opened"
fi
pdftotext "$TMP/report.pdf" "$TMP/report.txt" 2>/dev/null || true
pdftotext "$TMP/open.pdf" "$TMP/open.txt" 2>/dev/null || true
check "... and the same text" sh -c 'test -s "$1" && cmp -s "$1" "$2"' - "$TMP/report.txt" "$TMP/open.txt"

# pdftotext joins a word broken at a line's end hyphen: compare without
# white space and hyphens.
python3 - "$TMP/report.txt" "$TMP/report.json" "$H" >"$TMP/py.out" 2>&1 <<'PY' || true
import json, re, sys
squash = lambda s: re.sub(r"[\s\u00ad-]+", "", s)
text = open(sys.argv[1], encoding="utf-8").read()
flat = squash(text)
d = json.load(open(sys.argv[2]))
page = open(sys.argv[3], encoding="utf-8").read()
def ok(c, what, why=""):
    print(("ok - " if c else "not ok - ") + "0032-html-print: " + what)
    if not c and why:
        print("#   " + why)
rem = sorted({f["remediation"] for f in d["findings"]})
miss = [r[:60] for r in rem if squash(r)[:200] not in flat]
ok(rem and not miss, "the printed text holds the remediation of every check with findings (%d)" % len(rem),
   "missing: %s" % miss[:3])
passing = sorted({f["message"] for f in d["findings"] if f["status"] in ("pass", "not-applicable")})
miss = [m for m in passing if squash(m) not in flat]
ok(passing and not miss, "... every passing and not-applicable finding's message (%d)" % len(passing),
   "missing: %s" % miss[:3])
rows = len(re.findall(r'<tr id="ev-\d+">', page))
methods = len(re.findall(r"\b(?:GET|POST)\b", text.split("Evidence: every request made")[-1]))
ok(rows > 0 and methods == rows and "Evidencefile" in flat and "xmsrequestid" in flat,
   "... and the request table: its header and a method for each of its %d rows (%d)" % (rows, methods))
PY
cat "$TMP/py.out"

# Tables at 1,400 and at 400 CSS pixels.
for width in 1400 400; do
	python3 "$ROOT/tests/tools/htmllayout.py" "$H" "$width" >"$TMP/layout.json" 2>"$TMP/layout.err" || true
	python3 - "$TMP/layout.json" "$width" >"$TMP/py.out" 2>&1 <<'PY' || not_ok "layout at $width px" "$(cat "$TMP/layout.err")"
import json, sys
d = json.load(open(sys.argv[1]))
w = int(sys.argv[2])
def ok(c, what, why=""):
    print(("ok - " if c else "not ok - ") + "0032-html-print: " + what)
    if not c and why:
        print("#   " + why)
ok(d["width"] == w and d["tables"] > 10, "laid out %d px wide with every section open (%d tables)" % (w, d["tables"]))
b = d["broken"]
ok(not b, "at %d px no word in a table cell is broken across lines" % w,
   "%d broken, e.g. %s" % (len(b), "; ".join("%r in %r" % (x["word"], x["cell"]) for x in b[:4])))
ok(d["page_overflow"] <= 0, "at %d px the page itself does not scroll sideways" % w,
   "%d px too wide" % d["page_overflow"])
if w >= 1400:
    ok(d["scrolled"] == 0, "at %d px every table fits its box" % w, "%d tables scroll" % d["scrolled"])
PY
	cat "$TMP/py.out"
done

# Ids wrap at '/': the escaping helper puts a <wbr> after each '/' of an id.
check "an ARM id in a table wraps at '/' (a <wbr> after each)" \
	grep -qF '<td class="id"><code>/<wbr>subscriptions/<wbr>d1000002-0000-4000-8000-000000000002/<wbr>providers/<wbr>' "$H"
finish
