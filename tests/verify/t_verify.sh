#!/bin/bash
# polc verify PID BLOB: a process under enforce is ok setting by setting;
# processes started by unshare, by bwrap, or by enforce with another blob
# are named difference by difference (at least one per kind of setting);
# root and rootless; a process that names its mounts to forge output lines
# gets one line per setting all the same.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
enforce_test_setup
is_root || { skip "verify" "needs root to run the rootless half as $T_USER"; exit 0; }
command -v bwrap >/dev/null || { fail "bwrap installed" "tools/packages.txt lists bubblewrap"; exit 1; }
make_rootfs
mkdir -p "$T_TMP/data" "$T_TMP/other" "$R/extra"
BGPIDS="" MATCHES=""

# start MATCH CMD...: run CMD in the background; $PID is the process whose
# command line is exactly MATCH once it is there.
start() {
	MATCH=$1; shift
	MATCHES="$MATCHES|$MATCH"
	"$@" >"$T_TMP/bg.out" 2>&1 &
	BGPIDS="$BGPIDS $!"
	PID=""
	for _ in $(seq 150); do
		PID=$(pgrep -n -x -f "$MATCH") && break
		sleep 0.1
	done
	[ -n "$PID" ] || fail "started: $MATCH" "$(cat "$T_TMP/bg.out")"
}
# The watched process first, with SIGKILL: unshare --fork ignores SIGTERM
# while it waits, and a pid namespace's init ignores it too.
stop_all() {
	IFS='|'
	for m in $MATCHES; do [ -n "$m" ] && pkill -KILL -x -f "$m" 2>/dev/null; done
	unset IFS
	MATCHES=""
	for p in $BGPIDS; do kill "$p" 2>/dev/null; done
	for p in $BGPIDS; do wait "$p" 2>/dev/null; done
	BGPIDS=""
}
trap 'stop_all; rm -rf "$T_TMP"' EXIT

# verify PID BLOB [as_user]: $OUT, $RC
verify() {
	OUT=$($3 "$POLC" verify "$1" "$2" 2>&1)
	RC=$?
}
line() { # the line of setting $1
	printf '%s\n' "$OUT" | while IFS= read -r l; do
		case "$l" in "$1: "*) printf '%s\n' "$l"; break ;; esac
	done
}
differs() { # NAME SETTING TEXT
	l=$(line "$2")
	case "$l" in
	"$2: differs: "*"$3"*) pass "$1" ;;
	*) fail "$1" "[$l] for [$2: differs: ...$3...]" ;;
	esac
}
is_ok() { # NAME SETTING
	l=$(line "$2")
	case "$l" in "$2: ok"*) pass "$1" ;; *) fail "$1" "[$l]" ;; esac
}

pol good <<EOF
policy good
use default
namespaces {
    unshare user mount pid ipc uts net cgroup
    uid_map 0 100000 65536
    gid_map 0 100000 65536
}
process {
    user 1000 1000
    groups 1000 2000
    rlimit nofile 512 1024
}
filesystem {
    root $R readonly
    proc /proc
    dev /dev
    tmpfs /tmp size=16M
    bind $T_TMP/data /data rw nosuid nodev
    symlink /proc/self/fd /tmp/fd
}
capabilities { keep net_bind_service
    ambient net_bind_service }
cgroup { memory.max 256M
    pids.max 64 }
lsm { selinux system_u:system_r:container_t:s0 optional }
EOF
# the same container as seen by a different blob: one change per kind
pol other <<EOF
policy other
use hardened
namespaces {
    unshare user mount pid ipc uts cgroup
    share net
    uid_map 0 200000 65536
    gid_map 0 200000 65536
}
process {
    user 1001 1000
    groups 1000
    rlimit nofile 256 512
}
filesystem {
    root $T_TMP/other readonly
    proc /proc
    dev /dev
    tmpfs /tmp size=32M
    bind $T_TMP/other /data nosuid nodev
    bind $T_TMP/data /extra
    symlink /proc/self/exe /tmp/fd
}
capabilities { keep chown }
cgroup { memory.max 128M
    pids.max 64 }
lsm { apparmor polc-test-profile }
EOF

# ---- under enforce: every setting ok -----------------------------------
start "/bin/probe sleep 301" "$ENFORCE" "$T_TMP/good.polb" -- /bin/probe sleep 301
verify "$PID" "$T_TMP/good.polb"
assert_eq "under enforce: exit 0" 0 "$RC"
assert_contains "under enforce: summary" "$OUT" " 0 differ, 0 not checked"
for s in namespaces.user namespaces.net namespaces.time uid_map gid_map user.uid user.gid groups \
	capabilities.bounding capabilities.inheritable capabilities.permitted \
	capabilities.effective capabilities.ambient no_new_privs rlimit.nofile seccomp cgroup \
	cgroup.pids.max lsm.selinux root "mount bind /data" "mount tmpfs /tmp" "mount proc /proc" \
	"mount symlink /tmp/fd" mounts; do
	is_ok "under enforce: $s ok" "$s"
done
assert_contains "under enforce: seccomp compared instruction by instruction" "$(line seccomp)" \
	"the blob's program"
notok=$(printf '%s\n' "$OUT" | sed '$d' | grep -v ': ok')
assert_eq "under enforce: one line per setting, each ok" "" "$notok"
JOUT=$("$POLC" verify "$PID" "$T_TMP/good.polb" --json)
check "--json: parses, no difference" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1]); assert d["differ"]==0 and len(d["results"])>20' "$JOUT"

# ---- the same process against another blob -----------------------------
verify "$PID" "$T_TMP/other.polb"
assert_eq "another blob: exit 1" 1 "$RC"
differs "namespace shared by the blob, new in the process" namespaces.net "a new one, the blob shares"
differs "uid map" uid_map "the blob maps 0 200000 65536, the process has 0 100000 65536"
differs "gid map" gid_map "the blob maps 0 200000 65536"
differs "user" user.uid "the blob sets 1001"
differs "groups" groups "the blob sets 1 supplementary groups, the process has 2"
differs "capability bounding set" capabilities.bounding "holds net_bind_service"
differs "capability ambient set" capabilities.ambient "holds net_bind_service"
differs "rlimit" rlimit.nofile "the blob sets 256 512, the process has 512 1024"
differs "seccomp program" seccomp "none of the 1 filters is the blob's program"
differs "cgroup limit" cgroup.memory.limit_in_bytes "268435456, the blob sets 134217728"
differs "LSM label" lsm.apparmor "AppArmor is not active for this process; the blob requires polc-test-profile"
differs "root" root "not $T_TMP/other"
differs "mount source" "mount bind /data" "not a bind of $T_TMP/other"
differs "mount target" "mount bind /extra" "nothing is mounted there"
differs "tmpfs size" "mount tmpfs /tmp" "the blob sets size=32768k"
differs "symlink" "mount symlink /tmp/fd" "not a symlink to /proc/self/exe"
stop_all

# mount flags alone: the same bind, read-only and noexec in the blob
sed "s|bind $T_TMP/data /data rw nosuid nodev|bind $T_TMP/data /data nosuid nodev noexec|" \
	"$T_TMP/good.pol" | pol flags
start "/bin/probe sleep 302" "$ENFORCE" "$T_TMP/good.polb" -- /bin/probe sleep 302
verify "$PID" "$T_TMP/flags.polb"
differs "mount flags" "mount bind /data" "lacks ro noexec"
assert_eq "mount flags: nothing else differs" 1 "$(printf '%s\n' "$OUT" | grep -c ': differs: ')"
# the reaper (pid 1 inside) is the command's parent and carries a filter
# of its own, not the blob's: verify tells them apart
INIT=$(sed -n 's/^PPid:\t//p' "/proc/$PID/status")
verify "$INIT" "$T_TMP/good.polb"
differs "the reaper is not the command: its own filter" seccomp "none of the"
stop_all

# descendants on a host-view root: the command (sh) and its child (sleep)
pol hostview <<EOF
policy hostview
use default
namespaces { unshare mount pid ipc uts net }
filesystem {
    root / readonly
    proc /proc
    tmpfs /tmp
}
capabilities { }
EOF
start "/bin/sleep 303" "$ENFORCE" "$T_TMP/hostview.polb" -- /bin/sh -c '/bin/sleep 303; exit 0'
verify "$PID" "$T_TMP/hostview.polb"
assert_eq "a descendant of the command: exit 0" 0 "$RC"
assert_contains "a descendant: its seccomp is the blob's" "$(line seccomp)" "the blob's program"
SH=$(sed -n 's/^PPid:\t//p' "/proc/$PID/status")
verify "$SH" "$T_TMP/hostview.polb"
assert_eq "the command itself (sh): exit 0" 0 "$RC"
stop_all

# a joined namespace: the one the blob's path names, or another
start "/bin/sleep 310" unshare --net --fork /bin/sleep 310
NETNS_PID=$PID
pol joined <<EOF
policy joined
use default
namespaces { unshare mount pid ipc uts
    join net /proc/$NETNS_PID/ns/net }
filesystem { root / readonly
    proc /proc
    tmpfs /tmp }
capabilities { }
EOF
start "/bin/sleep 311" "$ENFORCE" "$T_TMP/joined.polb" -- /bin/sleep 311
verify "$PID" "$T_TMP/joined.polb"
is_ok "joined net namespace: the one the path names" namespaces.net
assert_contains "joined: says so" "$(line namespaces.net)" "(joined /proc/$NETNS_PID/ns/net)"
start "/bin/sleep 312" unshare --net --fork /bin/sleep 312
verify "$PID" "$T_TMP/joined.polb"
differs "another net namespace than the one the blob joins" namespaces.net \
	"the blob joins /proc/$NETNS_PID/ns/net"
stop_all

# ---- unshare ------------------------------------------------------------
start "/bin/sleep 304" unshare --user --map-root-user --mount --pid --fork /bin/sleep 304
verify "$PID" "$T_TMP/good.polb"
assert_eq "unshare: exit 1" 1 "$RC"
differs "unshare: net namespace not unshared" namespaces.net "the host's, the blob unshares it"
differs "unshare: its own uid map" uid_map "the process has 0 0 1"
differs "unshare: all capabilities" capabilities.effective "holds"
differs "unshare: no_new_privs" no_new_privs "off, the blob sets it"
differs "unshare: no seccomp" seccomp "no filter is loaded"
is_ok "unshare: no cgroup, and the blob's is optional (from default.pol)" cgroup
differs "unshare: the host's root" root "not $R"
differs "unshare: mounts" "mount bind /data" "nothing is mounted there"
printf 'policy strictcg\ncgroup { pids.max 64 }\n' | pol strictcg
verify "$PID" "$T_TMP/strictcg.polb"
differs "unshare: no cgroup, a required one in the blob" cgroup "not a leaf under the blob's parent 'polc'"
stop_all

# ---- bwrap --------------------------------------------------------------
start "/bin/sleep 305" bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev \
	--tmpfs /tmp --cap-drop ALL /bin/sleep 305
verify "$PID" "$T_TMP/good.polb"
assert_eq "bwrap: exit 1" 1 "$RC"
differs "bwrap: root" root "not $R"
differs "bwrap: tmpfs size" "mount tmpfs /tmp" "the blob sets size=16384k"
differs "bwrap: no seccomp" seccomp "no filter is loaded"
differs "bwrap: uid map" uid_map "the blob maps 0 100000 65536"
differs "bwrap: mounts the blob does not make" mounts "the blob does not make"
verify "$PID" "$T_TMP/hostview.polb"
differs "bwrap vs a host-view blob: namespaces" namespaces.user "a new one, the blob shares"
stop_all

# ---- rootless -----------------------------------------------------------
uid=$(id -u "$T_USER")
make_rootfs "$uid"
pol rl <<EOF
policy rl
use default
namespaces { unshare mount pid ipc uts net }
process { rlimit nofile 512 1024 }
filesystem {
    root $R readonly
    proc /proc
    dev /dev
    tmpfs /tmp
}
capabilities { }
EOF
start "/bin/probe sleep 306" as_user "$ENFORCE" "$T_TMP/rl.polb" -- /bin/probe sleep 306
verify "$PID" "$T_TMP/rl.polb" as_user
assert_eq "rootless: exit 0" 0 "$RC"
is_ok "rootless: the user namespace enforce adds" namespaces.user
is_ok "rootless: uid map" uid_map
is_ok "rootless: capabilities" capabilities.effective
is_ok "rootless: rlimit" rlimit.nofile
is_ok "rootless: root" root
assert_contains "rootless: seccomp not read back, said so" "$(line seccomp)" \
	"seccomp: not checked: mode filter, 1 filter loaded, programs not compared: "
OUT=$(as_user "$POLC" verify --strict "$PID" "$T_TMP/rl.polb" 2>&1); RC=$?
assert_eq "rootless: --strict counts what was not checked" 1 "$RC"
verify "$PID" "$T_TMP/rl.polb"
assert_eq "root verifying a rootless container: exit 0" 0 "$RC"
assert_contains "root verifying a rootless container: seccomp compared" "$(line seccomp)" "the blob's program"
verify "$PID" "$T_TMP/good.polb" as_user
assert_eq "rootless: another blob: exit 1" 1 "$RC"
differs "rootless: another blob: uid map" uid_map "the blob maps 0 100000 65536"
stop_all
start "/bin/sleep 307" as_user unshare --user --map-root-user --fork /bin/sleep 307
verify "$PID" "$T_TMP/rl.polb" as_user
differs "rootless unshare: mount namespace" namespaces.mount "the host's, the blob unshares it"
differs "rootless unshare: capabilities" capabilities.bounding "holds"
stop_all

# ---- hostile /proc: a process names its mount to forge lines ------------
evil="$T_TMP/evil
seccomp: ok (forged)"
mkdir -p "$evil"
start "/bin/sleep 308" unshare --mount --fork /bin/sh -c \
	"mount -t tmpfs none '$evil' && exec /bin/sleep 308"
verify "$PID" "$T_TMP/hostview.polb"
assert_eq "hostile mount name: one seccomp line" 1 "$(printf '%s\n' "$OUT" | grep -c '^seccomp: ')"
check "hostile mount name: no forged line" sh -c "! printf '%s\n' \"\$1\" | grep -q '^seccomp: ok (forged)'" _ "$OUT"
stop_all

# ---- errors -------------------------------------------------------------
assert_status "no such process: exit 2" 2 "$POLC" verify 999999999 "$T_TMP/good.polb"
assert_status "not a pid: exit 2" 2 "$POLC" verify 12x "$T_TMP/good.polb"
assert_status "a bad blob: exit 2" 2 "$POLC" verify $$ "$T_TMP/good.pol"
nothing_left "verify"
done_testing
