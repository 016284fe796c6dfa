#!/bin/sh
# Builds every libFuzzer target (make fuzz-build: tests/fuzz/fuzz_*.c into
# build-fuzz/fuzz/) and runs each for a bounded time over its corpus,
# tests/fuzz/corpus/<name>/ (name without the fuzz_ prefix). New inputs go
# to a scratch directory, never into the repository; a crash leaves its
# input in build-fuzz/artifacts/. TAP lines for tests/run.sh.
#   FUZZ_SECONDS  time per target (default 30)
#   FUZZ_TARGETS  names to run (default: all)
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
: "${FUZZ_SECONDS:=30}"
FAILED=0
LOG=build-fuzz/logs
mkdir -p "$LOG" build-fuzz/artifacts

if ! command -v clang >/dev/null 2>&1; then
	echo "ok - fuzz targets # SKIP clang not installed"
	exit 0
fi
if ! make -s fuzz-build >"$LOG/build.log" 2>&1; then
	echo "not ok - fuzz build # see $LOG/build.log"
	tail -20 "$LOG/build.log" | sed 's/^/# /'
	exit 1
fi
echo "ok - fuzz build"

WORK=$(mktemp -d /tmp/polfuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for bin in build-fuzz/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	target=$(basename "$bin")
	name=${target#fuzz_}
	if [ -n "${FUZZ_TARGETS:-}" ]; then
		case " $FUZZ_TARGETS " in *" $name "*|*" $target "*) ;; *) continue ;; esac
	fi
	seeds=tests/fuzz/corpus/$name
	[ -d "$seeds" ] || seeds=tests/fuzz/corpus/$target
	mkdir -p "$WORK/$name"
	nseeds=$(ls "$seeds" 2>/dev/null | wc -l)
	log=$LOG/$name.log
	# -timeout: one input taking 10 s is a hang; rss limit: a leak or bomb
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$name-" \
		"$WORK/$name" $( [ -d "$seeds" ] && echo "$seeds" ) >"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$status" = 0 ] && [ -n "$execs" ]; then
		echo "ok - $target: ${execs} executions in ${FUZZ_SECONDS} s from $nseeds seeds, no crash"
	else
		echo "not ok - $target: exit $status after ${execs:-?} executions # see $log"
		grep -E 'ERROR|SUMMARY|artifact' "$log" | head -5 | sed 's/^/# /'
		FAILED=$((FAILED + 1))
	fi
done
[ "$FAILED" = 0 ]
