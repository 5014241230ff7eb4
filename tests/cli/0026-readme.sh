#!/bin/sh
# The README stays true to the code: its table of checks is what the
# check registry says under every framework (`sh docs/check-table.sh
# build/irscan README.md` writes it), its Debian package list is the
# Makefile's, every option it mentions exists, every permission a check
# can lack is in its Azure roles table, and the files it links to exist.
. "$(dirname "$0")/lib.sh"

README=$ROOT/README.md
between() {	# between MARKER FILE: the lines between <!-- MARKER and <!-- /MARKER -->
	sed -n "/^<!-- $1[:]/,/^<!-- \/$1 -->/p" "$2" | sed '1d;$d'
}

sh "$ROOT/docs/check-table.sh" "$IRSCAN" >"$TMP/table.want"
between check-table "$README" >"$TMP/table.got"
check "the table of checks is the registry's, under every framework" \
	diff "$TMP/table.want" "$TMP/table.got"

sed -n '/^DEBIAN_PKGS :=/,/^[^	]/p' "$ROOT/Makefile" | sed '$d' | tr -d '\\' |
	sed 's/DEBIAN_PKGS :=//' | tr -s ' \t\n' '\n' | sed '/^$/d' | sort >"$TMP/pkgs.want"
between debian-packages "$README" | sed 's/^[^`]*`//; s/`.*//' | tr ' ' '\n' |
	sed '/^$/d' | sort >"$TMP/pkgs.got"
check "the Debian packages listed are the Makefile's DEBIAN_PKGS" \
	diff "$TMP/pkgs.want" "$TMP/pkgs.got"

"$IRSCAN" --help >"$TMP/help.txt"
# Options of other tools the README quotes: curl --parallel, az login --tenant,
# az account get-access-token --resource.
grep -oE '(^|[ `(])--[a-z][a-z0-9-]+' "$README" | sed 's/^[ `(]//' | sort -u |
	grep -vxE -- '--(parallel|tenant|resource)' >"$TMP/opts"
missing=""
while read -r o; do
	grep -qE -- "$o( |$|,)" "$TMP/help.txt" || missing="$missing $o"
done <"$TMP/opts"
check "every --option the README names exists ($(wc -l <"$TMP/opts") named)" \
	sh -c '[ -z "$1" ] || { echo "unknown:$1"; exit 1; }' - "$missing"

# Every permission irscan names when a read is refused is in the Azure
# roles table: each check's reads are refused in turn (a 403 on the
# subscription, on its providers, then on its resource groups, where the
# export targets, Logic Apps and workspaces live) and its error findings
# name what is missing.  Every check of the catalogue names one, or reads
# nothing from Azure (attested: manual without --attestations).  The
# registry decides which checks run, so a new check over data already
# read needs nothing new here.
OK=c0000001-0000-4000-8000-000000000001
roles=$(sed -n '/^### Azure roles/,/^### /p' "$README")
start_server tenant
: >"$TMP/named"
for fault in '"path": "/subscriptions/'$OK'"' '"path_prefix": "/subscriptions/'$OK'/providers/"' \
	'"path_prefix": "/subscriptions/'$OK'/resourceGroups/"'; do
	curl -s -X POST "$BASE/_fake/reset" >/dev/null
	curl -s -X POST -d "[{$fault, \"status\": 403}]" "$BASE/_fake/faults" >/dev/null
	for fw in asb-v1 mcsb-v1 cis-azure-2.1.0; do
		scan -s "$OK" --framework "$fw" -q -o json:-
		python3 -c '
import json, re, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["status"] == "error":
        for p in re.findall(r"permission (Microsoft\.[A-Za-z./]+[a-z])", f["message"]):
            print(f["check"], p)
    elif f["message"].startswith("no attestation covers"):
        print(f["check"], "-")' "$OUT" >>"$TMP/named"
	done
done
missing=""
while read -r c p; do
	[ "$p" != - ] || continue
	case $roles in
	*"\`$p\`"*) ;;
	*) missing="$missing $c:$p" ;;
	esac
done <"$TMP/named"
for fw in asb-v1 mcsb-v1 cis-azure-2.1.0; do
	"$IRSCAN" list-checks --framework "$fw" | awk 'NR > 1 { print $1 }'
done | sort -u >"$TMP/checks"
awk '{ print $1 }' "$TMP/named" | sort -u | comm -23 "$TMP/checks" - >"$TMP/silent"
check "every check names a permission when its reads are refused, or reads nothing from Azure" \
	sh -c '[ ! -s "$1" ] || { echo "named none:" $(cat "$1"); exit 1; }' - "$TMP/silent"
check "every permission a refused read names is in the Azure roles table ($(grep -vc ' -$' "$TMP/named") findings)" \
	sh -c '[ -z "$1" ] || { echo "not listed:$1"; exit 1; }' - "$missing"

missing=""
for f in $(grep -oE '\]\([^)#]+\)' "$README" | sed 's/^](//; s/)$//' | grep -v '^https\?:'); do
	[ -e "$ROOT/$f" ] || missing="$missing $f"
done
check "every file the README links to exists" \
	sh -c '[ -z "$1" ] || { echo "missing:$1"; exit 1; }' - "$missing"
finish
