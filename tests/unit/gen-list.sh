#!/bin/sh
# Print one T(name) line per unit test function found in the given files:
# every function `void test_<module>__<case>(void)` is a test (git's clar).
set -eu
for f in "$@"; do
	sed -n 's/^void \(test_[a-z0-9_]*__[a-z0-9_]*\)(void)$/T(\1)/p' "$f"
done
