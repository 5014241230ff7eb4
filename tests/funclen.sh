#!/bin/sh
# tests/funclen.sh - no function of the product longer than 80 lines
# (issue 15: a hub that grows past a screen gets split into named steps).
# Counts the lines between a function's opening and closing brace, both
# in column 0 as the style writes them (STYLE: K&R, function braces on
# their own line).  Prints every function over the limit and exits 1.
#
#   sh tests/funclen.sh [LIMIT] [DIR...]     (80; scanner checks reports)
set -u
cd "$(dirname "$0")/.." || exit 2
limit=${1:-80}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- scanner checks reports
find "$@" -name '*.c' | sort | xargs awk -v limit="$limit" '
	FNR == 1 { start = 0 }
	/^[A-Za-z_].*\(/ { name = $0; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name) }
	/^\{/ { start = FNR; fn = name }
	/^\}/ && start {
		n = FNR - start - 1
		if (n > limit) { printf "funclen: %s:%d: %s is %d lines (at most %d)\n", FILENAME, start, fn, n, limit; bad = 1 }
		if (n > longest) { longest = n; where = FILENAME ": " fn }
		start = 0
	}
	END {
		if (bad) exit 1
		printf "funclen: no function over %d lines (longest: %s, %d)\n", limit, where, longest
	}' || exit 1
