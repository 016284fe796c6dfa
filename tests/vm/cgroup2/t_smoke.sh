#!/bin/sh
# The cgroup v2 VM is what it claims: cgroup2 is the only cgroup file
# system mounted, v1 controllers cannot be mounted (cgroup_no_v1=all), and
# the v2 root offers the controllers the cgroup tests use.
. /tests/lib/common.sh
scratch

assert_contains "booted with cgroup_no_v1=all" "$(cat /proc/cmdline)" cgroup_no_v1=all
assert_eq "one cgroup2 mount, at /sys/fs/cgroup" /sys/fs/cgroup \
	"$(awk '$3 == "cgroup2" { print $2 }' /proc/mounts)"
assert_eq "no cgroup v1 mount" 0 "$(awk '$3 == "cgroup"' /proc/mounts | wc -l)"
mkdir "$T_TMP/v1"
if mount -t cgroup -o memory cgroup "$T_TMP/v1" 2>/dev/null; then
	umount "$T_TMP/v1"
	fail "a v1 controller cannot be mounted" "mount -t cgroup -o memory succeeded"
else
	pass "a v1 controller cannot be mounted"
fi
ctrls=$(cat /sys/fs/cgroup/cgroup.controllers)
for c in cpu memory pids io; do
	assert_contains "v2 root offers $c" " $ctrls " " $c "
done
done_testing
