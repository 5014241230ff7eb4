#!/bin/sh
# tests/fuzz/replay.sh FUZZ_BUILD_DIR - run every fuzz target once over each
# input of its seed corpus (tests/fuzz/corpus/<target>/, regressions
# included), no fuzzing: one "ok - fuzz replay <target>" or "not ok - ..."
# line per target, for tests/run.  A crash, a broken invariant, a sanitizer
# report or a leak fails the target.
set -u
cd "$(dirname "$0")/../.." || exit 1
dir=${1:-build/fuzz}
log=$(mktemp "${TMPDIR:-/tmp}/irscan-replay.XXXXXX")
trap 'rm -f "$log"' EXIT
failed=0

for corpus in tests/fuzz/corpus/*/; do
	t=$(basename "$corpus")
	n=$(find "$corpus" -type f | wc -l)
	if [ ! -x "$dir/$t" ]; then
		echo "not ok - fuzz replay $t: $dir/$t was not built"
		failed=1
		continue
	fi
	# Files, not the directory: each input runs once, nothing is added.
	if find "$corpus" -type f -print0 | sort -z |
		xargs -0 "$dir/$t" -timeout=20 -rss_limit_mb=2048 >"$log" 2>&1; then
		echo "ok - fuzz replay $t ($n inputs)"
	else
		echo "not ok - fuzz replay $t"
		grep -E 'ERROR|SUMMARY|invariant broken|Running:|runtime error' "$log" |
			tail -8 | sed 's/^/#   /'
		failed=1
	fi
done
exit $failed
