#!/bin/sh
# tests/lint.sh - what `make lint` runs: cppcheck and clang-tidy (its
# checks in .clang-tidy) over every C file of the scanner, the checks and
# the reports.  Prints the findings and exits non-zero on any.
set -u
cd "$(dirname "$0")/.." || exit 2
FILES=$(ls scanner/*.c scanner/*/*.c checks/*.c reports/*.c)
FLAGS="-std=c11 -D_DEFAULT_SOURCE -Iscanner -I. $(pkg-config --cflags libcurl libcjson libxml-2.0 openssl)"
rc=0

# The include rule of docs/architecture.md: no file includes a higher layer.
sh tests/layers.sh || rc=1
# No function over 80 lines.
sh tests/funclen.sh || rc=1

# cppcheck: warnings, performance and portability, and style but for the
# scope of variables (declarations at the top of a block are the style).
# __GNUC__ makes it see that die() does not return.
if ! cppcheck --enable=warning,style,performance,portability --std=c11 --inline-suppr \
	--quiet --error-exitcode=1 --suppress=missingIncludeSystem --suppress=variableScope \
	-D_DEFAULT_SOURCE -D__GNUC__ -Iscanner -I. $FILES; then
	echo "lint: cppcheck found problems"
	rc=1
fi

# clang-tidy, two files at a time (the machines have two cores).
out=$(printf '%s\n' $FILES | xargs -P2 -I{} sh -c "clang-tidy --quiet {} -- $FLAGS 2>/dev/null" )
if printf '%s\n' "$out" | grep -qE ': (warning|error):'; then
	printf '%s\n' "$out" | grep -E -A3 ': (warning|error):'
	echo "lint: clang-tidy found problems"
	rc=1
fi
[ $rc = 0 ] && echo "lint: cppcheck and clang-tidy clean ($(echo $FILES | wc -w) files)"
exit $rc
