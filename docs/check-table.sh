#!/bin/sh
# docs/check-table.sh IRSCAN [README.md] - the README's table of checks
# and their control ids in every framework, made from `irscan list-checks`
# (the check registry is the one source; tests/cli/0026-readme.sh
# compares).  Printed, or written into the file given, between its
# <!-- check-table ...--> and <!-- /check-table --> lines.
set -eu
irscan=${1:?usage: docs/check-table.sh path/to/irscan [README.md]}
update=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fws="asb-ir-2019 asb-v1 mcsb-v1 cis-azure-2.1.0 cis-azure-3.0.0 cis-azure-4.0.0"
for fw in $fws; do
	"$irscan" list-checks --framework "$fw" >"$tmp/$fw"
done
python3 - "$tmp" $fws <<'PY'
import sys
d, fws = sys.argv[1], sys.argv[2:]
rows, order = {}, []
for fw in fws:
    for line in open(f"{d}/{fw}").read().splitlines()[1:]:
        check, control, severity, title = line.split(None, 3)
        if check not in rows:
            rows[check] = {"severity": severity, "title": title}
            order.append(check)
        rows[check][fw] = control
out = open(d + "/table", "w")
print("| check | severity | " + " | ".join(fws) + " | what it verifies |", file=out)
print("|---|---|" + "---|" * len(fws) + "---|", file=out)
for c in order:
    r = rows[c]
    print(f"| `{c}` | {r['severity']} | " + " | ".join(r.get(fw, "–") for fw in fws) + f" | {r['title']} |", file=out)
out.close()
PY
if [ -z "$update" ]; then
	cat "$tmp/table"
	exit 0
fi
grep -q '^<!-- /check-table -->$' "$update" || { echo "$update: no <!-- /check-table --> line" >&2; exit 1; }
awk -v table="$tmp/table" '
	/^<!-- check-table[:]/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
	/^<!-- \/check-table -->$/ { skip = 0 }
	!skip' "$update" >"$tmp/new"
cat "$tmp/new" >"$update"
