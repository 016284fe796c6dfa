# Shared helpers for shell tests. Source it from a test script:
#   . "$(dirname "$0")/../lib/common.sh"
# Each check prints one TAP-style line that tests/run.sh counts:
#   ok - name            a pass
#   not ok - name # why  a failure
#   ok - name # SKIP why a skip (only where the machine cannot show it)
# Binaries come from the environment (tests/run.sh sets them):
#   POLC ENFORCE TESTBIN (helper programs such as the probe) TOP (repo root)

: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${BUILD:=build}"
: "${POLC:=$TOP/$BUILD/polc}"
: "${ENFORCE:=$TOP/$BUILD/enforce}"
: "${TESTBIN:=$TOP/$BUILD/tests/bin}"
export TOP BUILD POLC ENFORCE TESTBIN

T_FAILED=0
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1${2:+ # $2}"; T_FAILED=$((T_FAILED + 1)); }
skip() { echo "ok - $1 # SKIP $2"; }

# check NAME CMD...: pass when CMD exits 0
check() {
	name=$1; shift
	if "$@"; then pass "$name"; else fail "$name" "command failed: $*"; fi
}

# assert_eq NAME EXPECTED ACTUAL
assert_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected [$2] got [$3]"; fi
}

# assert_contains NAME HAYSTACK NEEDLE
assert_contains() {
	case "$2" in
	*"$3"*) pass "$1" ;;
	*) fail "$1" "[$3] not in [$(printf %s "$2" | head -c 400)]" ;;
	esac
}

# assert_status NAME EXPECTED CMD...: runs CMD, compares its exit status
assert_status() {
	name=$1; want=$2; shift 2
	"$@" >/dev/null 2>&1
	got=$?
	if [ "$got" = "$want" ]; then pass "$name"; else fail "$name" "exit $got, want $want"; fi
}

# A scratch directory removed when the script exits.
scratch() {
	T_TMP=$(mktemp -d /tmp/poltest.XXXXXX)
	chmod 755 "$T_TMP"
	trap 'rm -rf "$T_TMP"' EXIT
}

is_root() { [ "$(id -u)" = 0 ]; }

# The unprivileged user tests run as (created by tests/run.sh when missing).
T_USER=${T_USER:-poltest}
# AS_USER: the same as a command prefix, for a helper that execs its
# arguments (a shell function cannot be exec'd).
AS_USER="setpriv --reuid $T_USER --regid $T_USER --clear-groups --"
as_user() { $AS_USER "$@"; }

done_testing() { [ "$T_FAILED" = 0 ]; }
