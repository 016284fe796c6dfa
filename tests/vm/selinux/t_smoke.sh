#!/bin/sh
# The SELinux VM is what it claims: SELinux is the enabled major LSM, the
# lane's policy is loaded and enforcing, an exec label asked through
# /proc/self/attr/exec is the label after exec, and test_t is denied a
# secret_t file that kernel_t reads (so denials really happen).
. /tests/lib/common.sh
scratch

assert_contains "selinux in the active LSM list" "$(cat /sys/kernel/security/lsm)" selinux
assert_eq "selinux enforcing" 1 "$(cat /sys/fs/selinux/enforce)"
assert_eq "policy is MLS" 1 "$(cat /sys/fs/selinux/mls)"
assert_eq "this shell runs as kernel_t" system_u:system_r:kernel_t:s0 \
	"$(tr -d '\000' </proc/self/attr/current)"

label=system_u:system_r:test_t:s0:c1,c2
as_label() { sh -c 'echo -n "$0" >/proc/self/attr/exec && exec "$@"' "$@"; }
assert_eq "the exec label asked for is the label after exec" "$label" \
	"$(as_label "$label" sh -c 'tr -d "\000" </proc/self/attr/current')"

mkdir "$T_TMP/secret"
mount -t tmpfs -o context=system_u:object_r:secret_t:s0 tmpfs "$T_TMP/secret"
echo secret >"$T_TMP/secret/file"
assert_eq "kernel_t reads a secret_t file" secret "$(cat "$T_TMP/secret/file")"
# The label is read first, in the same confined shell, so a denial can
# only come from the secret_t rule and not from a failed transition.
out=$(as_label "$label" sh -c 'tr -d "\000" </proc/self/attr/current; echo; cat "$1"' sh "$T_TMP/secret/file" 2>&1)
status=$?
case $status:$out in
[1-9]*:"$label"*"Permission denied"*) pass "test_t is denied the secret_t file (enforcing, not permissive)" ;;
*) fail "test_t is denied the secret_t file (enforcing, not permissive)" "status $status, output [$out]" ;;
esac
out=$(as_label system_u:system_r:no_such_t:s0 true 2>&1)
assert_contains "an exec label the policy does not know is refused" "$out" "Invalid argument"
umount "$T_TMP/secret"
done_testing
