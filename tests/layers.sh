#!/bin/sh
# tests/layers.sh - the include rule of docs/architecture.md, checked by
# `make lint`: a file may include headers of its own layer and of the
# layers below it, never of a layer above.  Prints every include that
# breaks the rule (file:line, its layer, the header's) and exits 1.
#
# The layers, lowest first.  A layer may include those listed after its
# name (and itself); the app layer (scanner/*.c, *.h at the top) all.
set -u
cd "$(dirname "$0")/.." || exit 2

allowed() {	# allowed LAYER: the layers LAYER may include
	case $1 in
	util)     echo "util" ;;
	net)      echo "util net" ;;
	model)    echo "util model" ;;
	auth)     echo "util net model auth" ;;
	arm)      echo "util net model auth arm" ;;
	checks)   echo "util model checks" ;;
	policy)   echo "util model checks policy" ;;
	collect)  echo "util net model auth arm checks collect" ;;
	evidence) echo "util net model auth arm checks collect policy evidence" ;;
	reports)  echo "util net model checks policy reports" ;;
	app)      echo "util net model auth arm checks policy collect evidence reports app" ;;
	*)        echo "" ;;
	esac
}

layer_of() {	# layer_of PATH (relative to the repository)
	case $1 in
	scanner/*/*) d=${1#scanner/}; echo "${d%%/*}" ;;
	scanner/*)   echo app ;;
	checks/*)    echo checks ;;
	reports/*)   echo reports ;;
	*)           echo unknown ;;
	esac
}

# Where a quoted include resolves: next to the file, else under scanner/
# or the repository root (-Iscanner -I.).
resolve() {	# resolve FILE HEADER
	dir=$(dirname "$1")
	for c in "$dir/$2" "scanner/$2" "$2"; do
		[ -f "$c" ] && { echo "${c#./}"; return; }
	done
	echo ""
}

bad=0
for f in scanner/*.[ch] scanner/*/*.[ch] checks/*.[ch] reports/*.[ch]; do
	from=$(layer_of "$f")
	ok=" $(allowed "$from") "
	if [ "$ok" = "  " ]; then
		echo "layers: $f: a folder no layer names (add it to tests/layers.sh and docs/architecture.md)"
		bad=1
		continue
	fi
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' > "${TMPDIR:-/tmp}/layers.$$"
	while read -r line h; do
		p=$(resolve "$f" "$h")
		if [ -z "$p" ]; then
			echo "layers: $f:$line: \"$h\" is no header of the project"
			bad=1
			continue
		fi
		to=$(layer_of "$p")
		case $ok in
		*" $to "*) ;;
		*) echo "layers: $f:$line: $from includes $p ($to, a higher layer)"; bad=1 ;;
		esac
	done < "${TMPDIR:-/tmp}/layers.$$"
	rm -f "${TMPDIR:-/tmp}/layers.$$"
done
[ $bad = 0 ] && echo "layers: every include goes to the same or a lower layer"
exit $bad
