#!/bin/bash
# The cgroup section enforced for real by enforce on this host's cgroups
# (hybrid on the build machine: v1 controllers plus a v2 hierarchy), as root:
# a memory hog is OOM-killed under memory.max and enforce says so in one
# line; a fork bomb stops at pids.max and is reported; cpu.max caps a busy
# loop (a generous bound on cpu/wall, plus the kernel's own throttle count);
# a device outside the allowed set cannot be opened after mknod; nothing is
# left under the parent after each run.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

if ! is_root; then
	skip "cgroup limits" "needs root (the rootless path is in t_rootless.sh)"
	exit 0
fi
cg_setup

cg_pol mem <<EOF
policy mem
namespaces { unshare pid ipc uts }
cgroup {
    memory.max 32M
    memory.swap.max 0
    parent $PARENT
}
EOF
cg_enf "$T_TMP/mem.polb" -- "$CGLOAD" hog 512
assert_eq "memory: the hog is killed (128+SIGKILL)" 137 "$RC"
assert_contains "memory: enforce reports the OOM kill" "$ERR" "enforce: cgroup: OOM kill: memory.max 32M reached"
assert_eq "memory: in one line" 1 "$(printf '%s\n' "$ERR" | grep -c 'enforce: cgroup:')"
cg_left "memory"
cg_enf "$T_TMP/mem.polb" -- "$CGLOAD" hog 8
assert_eq "memory: 8 MiB fits" "0 hog: survived 8 MiB" "$RC $OUT"
assert_eq "memory: nothing reported when no limit was hit" "" "$ERR"

cg_pol pids <<EOF
policy pids
namespaces { unshare pid ipc uts }
cgroup {
    pids.max 16
    parent $PARENT
}
EOF
cg_enf "$T_TMP/pids.polb" -- "$CGLOAD" bomb 5000
forked=$(printf '%s\n' "$OUT" | sed -n 's/^bomb: forked \([0-9]*\), then errno .* (\(.*\))$/\1 \2/p')
n=${forked% *}
if [ -n "$n" ] && [ "$n" -lt 16 ] && [ "${forked#* }" = EAGAIN ]; then
	pass "pids: the fork bomb stops below pids.max 16 ($OUT)"
else
	fail "pids: the fork bomb stops below pids.max 16" "$OUT"
fi
assert_contains "pids: enforce reports the pids.max hit" "$ERR" "enforce: cgroup: pids.max 16 reached"
cg_left "pids"

cg_pol cpu <<EOF
policy cpu
namespaces { unshare pid ipc uts }
cgroup {
    cpu.max 0.2
    parent $PARENT
}
EOF
cg_enf "$T_TMP/cpu.polb" -- "$CGLOAD" busy 1500
set -- $(printf '%s\n' "$OUT" | sed -n 's/^busy: cpu_us=\([0-9]*\) wall_us=\([0-9]*\) throttled=\(-*[0-9]*\)$/\1 \2 \3/p')
# the cap is 0.2 of wall time; 0.5 leaves room for any scheduling noise,
# and an uncapped loop on an idle CPU gets about 1.0
if [ $# = 3 ] && [ $(($1 * 2)) -lt "$2" ]; then
	pass "cpu: cpu.max 0.2 caps a busy loop ($1 us cpu in $2 us)"
else
	fail "cpu: cpu.max 0.2 caps a busy loop" "$OUT"
fi
if [ $# = 3 ] && [ "$3" -gt 0 ]; then
	pass "cpu: the kernel throttled it ($3 periods)"
else
	fail "cpu: the kernel throttled it" "$OUT"
fi
cg_left "cpu"

cg_pol dev <<EOF
policy dev
namespaces { unshare pid ipc uts }
process { cwd $T_TMP }
cgroup {
    devices {
        allow c 1:11 r
    }
    parent $PARENT
}
EOF
cg_enf "$T_TMP/dev.polb" -- "$CGLOAD" dev c 1 2 r
assert_eq "devices: c 1:2 (kmem) made with mknod cannot be opened" "dev: mknod=ok open=EPERM" "$OUT"
cg_enf "$T_TMP/dev.polb" -- "$CGLOAD" dev b 7 0 r
assert_eq "devices: a block device (loop0) cannot be opened" "dev: mknod=ok open=EPERM" "$OUT"
cg_enf "$T_TMP/dev.polb" -- "$CGLOAD" dev c 1 11 r
assert_eq "devices: the allowed c 1:11 r opens for reading" "dev: mknod=ok open=ok" "$OUT"
cg_enf "$T_TMP/dev.polb" -- "$CGLOAD" dev c 1 11 w
assert_eq "devices: but not for writing" "dev: mknod=ok open=EPERM" "$OUT"
cg_enf "$T_TMP/dev.polb" -- "$CGLOAD" dev c 1 3 w
assert_eq "devices: Docker's safe set (null) stays usable" "dev: mknod=ok open=ok" "$OUT"
cg_left "devices"

# Without a devices block no device rule is added (the host's apply).
cg_pol nodev <<EOF
policy nodev
namespaces { unshare pid ipc uts }
process { cwd $T_TMP }
cgroup {
    pids.max 64
    parent $PARENT
}
EOF
cg_enf "$T_TMP/nodev.polb" -- "$CGLOAD" dev c 1 11 r
assert_eq "devices: no devices block, no device rules" "dev: mknod=ok open=ok" "$OUT"

# --dry-run names the files and values, and changes nothing
cg_pol plan <<EOF
policy plan
namespaces { unshare pid ipc uts }
cgroup {
    memory.max 64M
    pids.max 32
    parent $PARENT
}
EOF
cg_enf --dry-run "$T_TMP/plan.polb" -- /bin/true
if [ -f "$CG_ROOT/memory/memory.limit_in_bytes" ]; then
	assert_contains "dry run: memory.max as v1 memory.limit_in_bytes" "$OUT" "memory.limit_in_bytes = 67108864"
else
	assert_contains "dry run: memory.max" "$OUT" "memory.max = 67108864"
fi
assert_eq "dry run: nothing created" "" "$(cg_leaves)"

# a limit the kernel refuses stops the run before the command
cg_pol badcpuset <<EOF
policy badcpuset
namespaces { unshare pid ipc uts }
cgroup {
    pids.max 32
    cpuset.cpus 4000
    parent $PARENT
}
EOF
cg_enf "$T_TMP/badcpuset.polb" -- "$CGLOAD" hog 1
assert_eq "refused limit: exit 125, the command not run" "125 " "$RC $OUT"
assert_contains "refused limit: one line naming the file" "$ERR" "cpuset.cpus"
cg_left "refused limit"
done_testing
