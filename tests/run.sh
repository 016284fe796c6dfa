#!/bin/sh
# Runs every test of the suite and prints one closing line "N passed, N failed".
# Usage: tests/run.sh [PHASE...]   (phases: unit shell fuzz san vm; default all)
#
# A test is either a C unit-test binary under $BUILD/tests/unit/ or an
# executable script tests/<area>/t_*.sh. Both print TAP-style lines
# ("ok - x", "not ok - x", "ok - x # SKIP why"); this script counts them.
# A test program that exits non-zero without printing "not ok" counts as one
# failure, so a crash is never silent.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
: "${BUILD:=build}"
export TOP BUILD
LOG_DIR=$TOP/$BUILD/test-logs
mkdir -p "$LOG_DIR"
PASSED=0 FAILED=0 SKIPPED=0

ensure_test_user() {
	[ "$(id -u)" = 0 ] || return 0
	id poltest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin poltest
}

# run_one LABEL CMD...: run, echo failures, tally
run_one() {
	label=$1; shift
	log=$LOG_DIR/$(echo "$label" | tr '/ ' '__').log
	"$@" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log" | tr -d ' ')
	s=$(grep -c '^ok .*# SKIP' "$log" | tr -d ' ')
	f=$(grep -c '^not ok' "$log" | tr -d ' ')
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $label exited with status $status" >>"$log"
		f=1
	fi
	PASSED=$((PASSED + p - s)); SKIPPED=$((SKIPPED + s)); FAILED=$((FAILED + f))
	printf '%-48s %4d passed %3d failed %3d skipped\n' "$label" $((p - s)) "$f" "$s"
	[ "$f" = 0 ] || grep -E '^not ok' "$log" | sed 's/^/    /' | head -20
}

phase_unit() {
	for t in "$BUILD"/tests/unit/test_*; do
		[ -x "$t" ] || continue
		run_one "unit/$(basename "$t")" "$t"
	done
}

phase_shell() {
	for t in tests/*/t_*.sh; do
		[ -x "$t" ] || continue
		run_one "${t#tests/}" "$t"
	done
}

# Helpers run inside containers (tests/bin/) are staged outside the
# checkout: policies mount a fresh tmpfs on /tmp, which would hide them
# when the checkout lives under /tmp (as a CI clone may).
STAGE_ROOT=/var/lib/polc-tests
stage_testbin() { # DIR: copy DIR's helpers to a fresh directory, export TESTBIN
	if [ "$(id -u)" != 0 ]; then
		TESTBIN=$1; export TESTBIN; return
	fi
	mkdir -p "$STAGE_ROOT" && chmod 755 "$STAGE_ROOT"
	TESTBIN=$(mktemp -d "$STAGE_ROOT/bin.XXXXXX")
	chmod 755 "$TESTBIN"
	cp -p "$1"/* "$TESTBIN"/ 2>/dev/null
	rm -f "$TESTBIN"/*.d
	export TESTBIN
}
unstage_testbin() {
	case "${TESTBIN:-}" in "$STAGE_ROOT"/bin.*) rm -rf "$TESTBIN" ;; esac
	rmdir "$STAGE_ROOT" 2>/dev/null
	unset TESTBIN
}
trap unstage_testbin EXIT

phase_san() {
	# The whole suite again under ASan+UBSan, with the sanitizer binaries.
	# BUILD is named: the environment's BUILD=build would win over the
	# Makefile's SAN default and overwrite the normal build.
	make -s SAN=1 BUILD=build-san all tests >"$LOG_DIR/san-build.log" 2>&1 ||
		{ echo "not ok - sanitizer build" >>"$LOG_DIR/san-build.log"; FAILED=$((FAILED + 1)); tail -20 "$LOG_DIR/san-build.log"; return; }
	saved=$BUILD; BUILD=build-san
	export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	POLC=$TOP/build-san/polc ENFORCE=$TOP/build-san/enforce
	export POLC ENFORCE
	unstage_testbin
	stage_testbin "$TOP/build-san/tests/bin"
	for t in build-san/tests/unit/test_*; do
		[ -x "$t" ] && run_one "san/unit/$(basename "$t")" "$t"
	done
	for t in tests/*/t_*.sh; do
		[ -x "$t" ] && run_one "san/${t#tests/}" "$t"
	done
	unset POLC ENFORCE ASAN_OPTIONS UBSAN_OPTIONS
	unstage_testbin
	BUILD=$saved
	stage_testbin "$TOP/$BUILD/tests/bin"
}

phase_fuzz() {
	for t in tests/fuzz/run_*.sh; do
		[ -x "$t" ] && run_one "fuzz/$(basename "$t")" "$t"
	done
}

phase_vm() {
	[ -x tests/vm/run.sh ] || return 0
	run_one "vm" tests/vm/run.sh
}

ensure_test_user
stage_testbin "$TOP/$BUILD/tests/bin"
phases=${*:-unit shell fuzz san vm}
for ph in $phases; do "phase_$ph"; done
echo "$SKIPPED skipped (logs in $LOG_DIR)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
