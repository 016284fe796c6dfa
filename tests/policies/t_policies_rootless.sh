#!/bin/sh
# The shipped bases' filters loaded into the real kernel by an unprivileged
# user (no_new_privs is all seccomp needs): the same calls as
# tests/unit/test_policies_kernel.c, run as the test user, each line
# prefixed "rootless:".
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || exit 1
bin=$TOP/$BUILD/tests/unit/test_policies_kernel
if ! is_root; then
	skip "rootless run of the kernel tests" "needs root to switch to $T_USER"
	exit 0
fi
if [ ! -x "$bin" ]; then
	fail "rootless run of the kernel tests" "$bin not built"
	exit 1
fi
out=$(as_user "$bin" 2>&1)
status=$?
printf '%s\n' "$out" | sed -n 's/^\(not \)\{0,1\}ok - /&rootless: /p'
n=$(printf '%s\n' "$out" | grep -c '^ok - ')
[ "$status" = 0 ] && [ "$n" -ge 30 ] && pass "rootless: all $n kernel checks ran as $T_USER" ||
	fail "rootless: kernel checks ran as $T_USER" "exit $status, $n passed"
done_testing
