#!/bin/bash
# Rootless: enforce run by an unprivileged user builds the container in a
# user namespace (added when the policy names none), maps only the
# caller's own ids, and says clearly what it cannot do.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
is_root || { skip "rootless" "needs root to switch to $T_USER"; exit 0; }
uid=$(id -u "$T_USER")
gid=$(id -g "$T_USER")
make_rootfs "$uid"
mkdir -p "$T_TMP/out" && chown "$uid:$gid" "$T_TMP/out"

pol plain <<EOF
policy plain
namespaces { unshare mount pid ipc uts net }
process { hostname rl }
filesystem {
    root $R
    proc /proc
    dev /dev
    sysfs /sys
    tmpfs /tmp
    bind $T_TMP/out /mnt rw
}
capabilities { }
EOF
enf_user "$T_TMP/plain.polb" -- /bin/probe ids ns caps hostname create /mnt/made mounts
assert_eq "rootless: runs" 0 "$RC"
assert_eq "rootless: root inside" "0 0" "$(val uid)"
assert_eq "rootless: only the caller is mapped" "0 $uid 1" "$(echo $(val uid_map))"
assert_eq "rootless: setgroups denied (needed to write gid_map)" "deny" "$(val setgroups)"
check "rootless: a user namespace was added" test "$(val 'ns user')" != "$(stat -L -c %i /proc/self/ns/user)"
assert_eq "rootless: hostname in its uts namespace" "rl" "$(val hostname)"
assert_eq "rootless: no capabilities kept" "0000000000000000" "$(val CapEff)"
check "rootless: the file written is the caller's" test "$(stat -c %u "$T_TMP/out/made")" = "$uid"
assert_contains "rootless: fresh proc" "$OUT" " /proc rw,nosuid,nodev,noexec"
assert_contains "rootless: sysfs read-only" "$OUT" " /sys ro,nosuid,nodev,noexec"

# Without a network namespace of its own a fresh sysfs is refused; the
# host's /sys is bound instead, read-only all the way down.
pol nonet <<EOF
policy nonet
namespaces { unshare mount pid ipc }
filesystem {
    root $R
    proc /proc
    sysfs /sys
    dev /dev
    mqueue /dev/mqueue
}
EOF
enf_user "$T_TMP/nonet.polb" -- /bin/probe mounts write /sys/kernel/uevent_helper
assert_eq "rootless, no net namespace: runs" 0 "$RC"
sys_line=$(printf '%s\n' "$OUT" | awk '$6 == "/sys"' | head -1)
assert_contains "rootless, no net namespace: /sys read-only" "$sys_line" " /sys ro,nosuid,nodev,noexec"
check "rootless, no net namespace: every mount under /sys read-only" \
	test -z "$(printf '%s\n' "$OUT" | awk '$6 ~ "^/sys/" && $7 !~ "^ro,"')"
assert_contains "rootless: mqueue" "$OUT" " /dev/mqueue rw,nosuid,nodev,noexec"

pol asuser <<EOF
policy asuser
process { user 1000 1000 }
namespaces {
    unshare user mount pid
    uid_map 0 100000 65536
    gid_map 0 100000 65536
}
filesystem {
    root $R
    proc /proc
}
EOF
enf_user "$T_TMP/asuser.polb" -- /bin/probe ids
assert_eq "rootless with maps: runs" 0 "$RC"
assert_eq "rootless with maps: the policy's uid inside" "1000 1000" "$(val uid)"
assert_eq "rootless with maps: the caller mapped to it" "1000 $uid 1" "$(echo $(val uid_map))"
assert_contains "rootless with maps: says the wider map needs root" "$ERR" \
	"enforce: warning: rootless: only your own uid $uid and gid $gid are mapped"

pol join <<EOF
policy join
namespaces {
    unshare mount
    join net /proc/1/ns/net
}
EOF
enf_user "$T_TMP/join.polb" -- /bin/probe create /mnt/ran
assert_eq "rootless join: 125" 125 "$RC"
assert_contains "rootless join: says why" "$ERR" \
	"enforce: namespace: join net /proc/1/ns/net: rootless: entering another net namespace needs root"

pol cg <<EOF
policy cg
namespaces { unshare user mount pid }
filesystem { root $R }
cgroup { pids.max 10 }
EOF
enf_user "$T_TMP/cg.polb" -- /bin/probe create /mnt/ran
assert_eq "rootless cgroup without delegation: 125" 125 "$RC"
assert_contains "rootless cgroup: one line naming the cgroup step" "$ERR" "enforce: cgroup"
check "the command never ran" test ! -e "$T_TMP/out/ran"

enf_user --dry-run "$T_TMP/plain.polb" -- /bin/probe
assert_contains "rootless dry-run: says it is rootless" "$OUT" "rootless"
assert_contains "rootless dry-run: the user namespace it adds" "$OUT" "new user (rootless: added)"

nothing_left rootless
done_testing
