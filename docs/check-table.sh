#!/bin/sh
# docs/check-table.sh IRSCAN - the README's table of checks and their
# control ids in every framework, made from `irscan list-checks` (the
# check registry is the one source; tests/cli/0026-readme.sh compares).
set -eu
irscan=${1:?usage: docs/check-table.sh path/to/irscan}
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
print("| check | severity | " + " | ".join(fws) + " | what it verifies |")
print("|---|---|" + "---|" * len(fws) + "---|")
for c in order:
    r = rows[c]
    print(f"| `{c}` | {r['severity']} | " + " | ".join(r.get(fw, "–") for fw in fws) + f" | {r['title']} |")
PY
