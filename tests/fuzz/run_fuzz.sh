#!/bin/sh
# Builds every libFuzzer target (make fuzz-build: tests/fuzz/fuzz_*.c into
# build-fuzz/fuzz/) and runs each for a bounded time over its seeds (see
# seeds_of: its own tests/fuzz/corpus/<name>/, where a crash's input is
# kept once fixed, plus the tree's policies for every target that reads a
# policy). New inputs go to a scratch directory, never into the
# repository; a crash leaves its input in build-fuzz/artifacts/. What the
# commands print is discarded (-close_fd_mask=3); the sanitizers' reports
# still reach the log. TAP lines for tests/run.sh.
#   FUZZ_SECONDS  time per target (default 15: 21 targets, about 5.5
#                 minutes in make check; make fuzz gives each 300)
#   FUZZ_TARGETS  names to run (default: all)
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
: "${FUZZ_SECONDS:=15}"
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

# seeds_of NAME: the directories a target starts from.
POLICY_SEEDS="tests/fuzz/corpus/parser policies examples tests/blob/policies"
seeds_of() {
	case $1 in
	reader) dirs=tests/fuzz/corpus/reader ;;
	import_compose) dirs=tests/fuzz/corpus/import_compose ;; # Compose files, not policies
	import) dirs="tests/fuzz/corpus/import tests/policies/ref" ;;
	import_oci) dirs=tests/fuzz/corpus/import_oci ;;
	parser) dirs=$POLICY_SEEDS ;;
	learn) dirs=tests/fuzz/corpus/learn ;; # traces, not policies
	userdb) dirs=tests/fuzz/corpus/userdb ;; # /etc/passwd and /etc/group files
	*) dirs="tests/fuzz/corpus/$1 $POLICY_SEEDS" ;;
	esac
	for d in $dirs; do [ -d "$d" ] && printf '%s ' "$d"; done
}

WORK=$(mktemp -d /tmp/polfuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for bin in build-fuzz/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	target=$(basename "$bin")
	name=${target#fuzz_}
	if [ -n "${FUZZ_TARGETS:-}" ]; then
		case " $FUZZ_TARGETS " in *" $name "*|*" $target "*) ;; *) continue ;; esac
	fi
	seeds=$(seeds_of "$name")
	mkdir -p "$WORK/$name"
	# shellcheck disable=SC2086 # a list of directories
	nseeds=$(find $seeds -type f | wc -l)
	log=$LOG/$name.log
	# -timeout: one input taking 10 s is a hang; rss limit: a leak or bomb
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -close_fd_mask=3 -artifact_prefix="build-fuzz/artifacts/$name-" \
		"$WORK/$name" $seeds >"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
	if [ "$status" = 0 ] && [ -n "$execs" ]; then
		echo "ok - $target: ${execs} executions in ${FUZZ_SECONDS} s from $nseeds seeds, ${cov:-cov ?}, no crash"
	else
		echo "not ok - $target: exit $status after ${execs:-?} executions # see $log"
		grep -E 'ERROR|SUMMARY|artifact' "$log" | head -5 | sed 's/^/# /'
		FAILED=$((FAILED + 1))
	fi
done
[ "$FAILED" = 0 ]
