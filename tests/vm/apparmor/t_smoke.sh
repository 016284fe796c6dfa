#!/bin/sh
# The AppArmor VM is what it claims: AppArmor is the enabled major LSM,
# no apparmor_parser is installed (a deployment host: profiles arrive
# compiled), a profile compiled on the host loads when written to
# apparmorfs/.replace, and that profile confines a busybox command (its
# label in /proc/PID/attr/current, a file it denies denied).
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

assert_eq "apparmor enabled (module parameter)" Y "$(cat /sys/module/apparmor/parameters/enabled)"
assert_contains "apparmor in the active LSM list" "$(cat /sys/kernel/security/lsm)" apparmor
assert_eq "this shell is unconfined" unconfined "$(cat /proc/self/attr/current)"

# The feature ABI the lane's blobs are compiled for (polc build
# --apparmor-features tests/vm/apparmor/kernel.features) is this kernel's.
# The console keeps this kernel's features between two marker lines, which
# tests/vm/apparmor/update-features.sh copies out when the kernel changes.
{
	echo "polvm: apparmor features begin"
	"$TESTBIN/aa_features"
	echo "polvm: apparmor features end"
} >&2
"$TESTBIN/aa_features" /tests/vm/apparmor/kernel.features
case $? in
0) pass "the shipped features file (kernel.features) is this kernel's" ;;
*) fail "the shipped features file (kernel.features) is this kernel's" \
	"it differs: run tests/vm/apparmor/update-features.sh on the host after this run" ;;
esac

assert_eq "no apparmor_parser in the guest" "none" \
	"$(command -v apparmor_parser || ls /sbin/apparmor_parser /usr/sbin/apparmor_parser /etc/apparmor 2>/dev/null || echo none)"
check "a profile compiled on the host loads (written to .replace)" aa_load polvm-smoke
assert_contains "the profile is loaded in enforce mode" \
	"$(cat /sys/kernel/security/apparmor/profiles)" "polvm-smoke (enforce)"

echo secret >/etc/polvm-secret
# Exec a busybox command under the profile: the shell asks for it on exec.
# (echo, not printf: busybox's echo reports a failed write, printf does not.)
confined() { sh -c 'echo -n "exec polvm-smoke" >/proc/self/attr/exec && exec "$@"' sh "$@"; }
assert_eq "a confined command carries the profile" "polvm-smoke (enforce)" \
	"$(confined cat /proc/self/attr/current)"
assert_eq "unconfined, the file is readable" secret "$(cat /etc/polvm-secret)"
# The label is read first, in the same confined shell, so a denial can
# only come from the profile's deny rule and not from a failed change.
out=$(confined sh -c 'cat /proc/self/attr/current; cat /etc/polvm-secret' 2>&1)
status=$?
case $status:$out in
[1-9]*:"polvm-smoke (enforce)"*"Permission denied"*) pass "confined, the file the profile denies is denied" ;;
*) fail "confined, the file the profile denies is denied" "status $status, output [$out]" ;;
esac
check "the profile is removed (written to .remove)" aa_remove polvm-smoke
assert_eq "... and is gone from the profile list" "" \
	"$(grep '^polvm-smoke ' /sys/kernel/security/apparmor/profiles)"
rm -f /etc/polvm-secret
done_testing
