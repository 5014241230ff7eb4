#!/bin/sh
# tests/fuzz/run.sh FUZZ_BUILD_DIR SECONDS TARGET... - `make fuzz`: run each
# target for SECONDS on its working corpus (FUZZ_BUILD_DIR/corpus/<target>,
# which keeps growing across runs, seeded from tests/fuzz/corpus/<target>),
# FUZZ_JOBS (default 1) at a time.  Prints one line per target with
# libFuzzer's final figures; a finding leaves its input in
# FUZZ_BUILD_DIR/artifacts/ and makes the exit status 1.
set -u
cd "$(dirname "$0")/../.." || exit 1
dir=$1
secs=$2
shift 2
jobs=${FUZZ_JOBS:-1}
mkdir -p "$dir/logs" "$dir/artifacts"

# fuzz TARGET: run one target, write its log.
fuzz() {
	t=$1
	work=$dir/corpus/$t
	dict=
	mkdir -p "$work"
	case $t in
	arm_page_* | arm_error | entra_token | cli_token | redact_body | waivers | attestations)
		dict=-dict=tests/fuzz/json.dict ;;
	esac
	"$dir/$t" -max_total_time="$secs" -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=2048 -artifact_prefix="$dir/artifacts/$t-" $dict \
		"$work" "tests/fuzz/corpus/$t" >"$dir/logs/$t.log" 2>&1
	echo $? >"$dir/logs/$t.rc"
}

# summary TARGET: its line from the log.
summary() {
	t=$1
	log=$dir/logs/$t.log
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	n=$(find "$dir/corpus/$t" -type f | wc -l)
	bytes=$(find "$dir/corpus/$t" -type f -exec cat {} + | wc -c)
	if [ "$(cat "$dir/logs/$t.rc")" = 0 ]; then
		st=ok
	else
		st="FINDING: $(grep -E '^(SUMMARY|.*invariant broken)' "$log" | head -1)"
		failed=1
	fi
	printf '%-22s %8s exec/s %10s runs  cov %5s  ft %6s  corpus %5s (%s bytes)  %s\n' \
		"$t" "${eps:-?}" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$n" "$bytes" "$st"
}

failed=0
echo "fuzzing each target for $secs s, $jobs at a time (logs in $dir/logs/)"
while [ $# -gt 0 ]; do
	batch=
	i=0
	while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
		fuzz "$1" &
		batch="$batch $1"
		i=$((i + 1))
		shift
	done
	wait
	for t in $batch; do
		summary "$t"
	done
done
[ $failed = 0 ] || echo "findings: see $dir/artifacts/ and the logs"
exit $failed
