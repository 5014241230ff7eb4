#!/bin/sh
# The README stays true to the code: its table of checks is what the
# check registry says under every framework, its Debian package list is
# the Makefile's, every option it mentions exists, every check has its
# Azure permissions listed, and the files it links to exist.
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

for fw in asb-v1 mcsb-v1 cis-azure-2.1.0; do
	"$IRSCAN" list-checks --framework "$fw" | awk 'NR > 1 { print $1 }'
done | sort -u >"$TMP/checks"
missing=""
roles=$(sed -n '/^### Azure roles/,/^### /p' "$README")
while read -r c; do
	case $roles in
	*"\`$c\`"*) ;;
	*"\`${c%-*}-*\`"*) ;;
	*) missing="$missing $c" ;;
	esac
done <"$TMP/checks"
check "every check has its permissions in the Azure roles table" \
	sh -c '[ -z "$1" ] || { echo "not listed:$1"; exit 1; }' - "$missing"

missing=""
for f in $(grep -oE '\]\([^)#]+\)' "$README" | sed 's/^](//; s/)$//' | grep -v '^https\?:'); do
	[ -e "$ROOT/$f" ] || missing="$missing $f"
done
check "every file the README links to exists" \
	sh -c '[ -z "$1" ] || { echo "missing:$1"; exit 1; }' - "$missing"
finish
