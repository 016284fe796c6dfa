#!/bin/bash
# Namespaces: all eight new, shared ones left alone, joined ones entered
# (net, uts, pid from another process), loopback up in a new net
# namespace, explicit and default id maps.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
make_rootfs

host_ns() { stat -L -c %i "/proc/self/ns/$1"; }

pol all <<EOF
policy all
namespaces { unshare user mount pid net uts ipc cgroup time }
filesystem {
    root /
    proc /proc
    sysfs /sys
}
EOF
enf "$T_TMP/all.polb" -- "$PROBE" ns pid
assert_eq "all eight: runs" 0 "$RC"
for ns in user mnt pid net uts ipc cgroup time; do
	inside=$(val "ns $ns")
	if [ -n "$inside" ] && [ "$inside" != "$(host_ns $ns)" ]; then
		pass "new $ns namespace"
	else
		fail "new $ns namespace" "inside [$inside] host [$(host_ns $ns)]"
	fi
done
assert_eq "new pid namespace: the command is pid 2 under the init" "2" "$(val pid)"
enf "$T_TMP/all.polb" -- /bin/cat /sys/class/net/lo/flags /sys/class/net/lo/operstate
assert_contains "new net namespace: lo is up (IFF_UP)" "$OUT" "0x9"

pol few <<EOF
policy few
process { init off }
namespaces { unshare mount }
filesystem { root / readonly }
EOF
enf "$T_TMP/few.polb" -- "$PROBE" ns
for ns in user pid net uts ipc cgroup time; do
	assert_eq "shared $ns namespace is the host's" "$(host_ns $ns)" "$(val "ns $ns")"
done
check "unshared mount namespace is new" test "$(val 'ns mnt')" != "$(host_ns mnt)"

# Join namespaces of another process by path.
unshare --net --uts --ipc --cgroup --time --pid --fork --mount-proc sh -c "hostname joined-uts; exec sleep 300" \
	</dev/null >/dev/null 2>&1 &
HELPER=$!
for i in $(seq 50); do
	SLEEPER=$(pgrep -P "$HELPER" | head -1)
	[ -n "$SLEEPER" ] && [ "$(cat /proc/$SLEEPER/comm)" = sleep ] && break
	sleep 0.1
done
pol join <<EOF
policy join
process { init off }
namespaces {
    unshare mount
    join net /proc/$SLEEPER/ns/net
    join uts /proc/$SLEEPER/ns/uts
    join pid /proc/$SLEEPER/ns/pid
    join ipc /proc/$SLEEPER/ns/ipc
    join cgroup /proc/$SLEEPER/ns/cgroup
    join time /proc/$SLEEPER/ns/time
}
filesystem { root / readonly }
EOF
enf "$T_TMP/join.polb" -- "$PROBE" ns hostname pid
assert_eq "join: runs" 0 "$RC"
assert_eq "joined net namespace" "$(stat -L -c %i /proc/$SLEEPER/ns/net)" "$(val 'ns net')"
assert_eq "joined uts namespace" "joined-uts" "$(val hostname)"
assert_eq "joined pid namespace" "$(stat -L -c %i /proc/$SLEEPER/ns/pid)" "$(val "ns pid")"
check "joined pid namespace: not pid 1 there (its init is the sleeper)" test "$(val pid)" != 1
for ns in ipc cgroup time; do
	assert_eq "joined $ns namespace" "$(stat -L -c %i /proc/$SLEEPER/ns/$ns)" "$(val "ns $ns")"
done
assert_eq "enforce itself went back to its own namespaces" "$(host_ns net)" "$(stat -L -c %i /proc/self/ns/net)"

# Join its mount namespace too (then no filesystem section may change it),
# with its pid namespace, whose proc is the one mounted there.
pol joinmnt <<EOF
policy joinmnt
process { init off }
namespaces {
    join mount /proc/$SLEEPER/ns/mnt
    join pid /proc/$SLEEPER/ns/pid
}
EOF
enf "$T_TMP/joinmnt.polb" -- "$PROBE" ns cwd
assert_eq "joined mount namespace" "$(stat -L -c %i /proc/$SLEEPER/ns/mnt)" "$(val 'ns mnt')"
assert_eq "enforce went back to its own mount namespace" "$(host_ns mnt)" "$(stat -L -c %i /proc/self/ns/mnt)"
kill -KILL "$SLEEPER" 2>/dev/null
wait "$HELPER" 2>/dev/null

# Join a user namespace (made by another process) and unshare the rest in it.
unshare --user --map-root-user sleep 300 </dev/null >/dev/null 2>&1 &
UHELPER=$!
for i in $(seq 50); do
	[ "$(stat -L -c %i /proc/$UHELPER/ns/user 2>/dev/null)" != "$(host_ns user)" ] && break
	sleep 0.1
done
pol joinuser <<EOF
policy joinuser
process { init off }
namespaces {
    join user /proc/$UHELPER/ns/user
    unshare mount uts
}
filesystem { root / readonly }
EOF
enf "$T_TMP/joinuser.polb" -- "$PROBE" ns ids
assert_eq "join user: runs" 0 "$RC"
assert_eq "joined user namespace" "$(stat -L -c %i /proc/$UHELPER/ns/user)" "$(val 'ns user')"
check "join user: mount namespace new, made inside it" test "$(val 'ns mnt')" != "$(host_ns mnt)"
assert_eq "join user: root there (its map)" "0 0" "$(val uid)"
kill -KILL "$UHELPER" 2>/dev/null
wait "$UHELPER" 2>/dev/null

pol badjoin <<EOF
policy badjoin
namespaces { join net /nonexistent/ns/net }
EOF
enf "$T_TMP/badjoin.polb" -- "$PROBE" exit 0
assert_eq "join of a missing path: 125" 125 "$RC"
assert_contains "join of a missing path: one line" "$ERR" "enforce: namespace: join net /nonexistent/ns/net: No such file or directory"

# Explicit maps.
pol maps <<EOF
policy maps
process { user 5 5 }
namespaces {
    unshare user mount pid
    uid_map 0 200000 1000
    gid_map 0 300000 1000
}
filesystem {
    root $R
    proc /proc
}
EOF
chown -R 200000:300000 "$R"
enf "$T_TMP/maps.polb" -- /bin/probe ids
assert_eq "explicit maps: runs" 0 "$RC"
assert_contains "uid_map written as given" "$(val uid_map)" "0     200000       1000"
assert_contains "gid_map written as given" "$(val gid_map)" "0     300000       1000"
assert_eq "uid 5 inside" "5 5" "$(val uid)"

nothing_left namespaces
done_testing
