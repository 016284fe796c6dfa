#!/bin/bash
# On v1 and hybrid hosts enforce makes the cgroup after the clone, while the
# child builds its mounts (enforcer/run.c, settle()): the child may not go
# past its mounts until it has been placed in every hierarchy. Attacked the
# way a kill would: enforce SIGKILLed while the child waits (strace holds
# the parent in the syscall named, the child is not traced), with no pid
# namespace, init off (the child itself execs the command) and a user
# namespace, so neither the namespace's end nor the
# parent-death signal (cleared by setuid(0) in the new namespace) does the
# work. Then the command must never run, the child must end by itself, and
# the next run must leave nothing under the parent. Also: the cgroup
# namespace the child makes after it is placed is rooted at its cgroup.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

if ! is_root; then
	skip "cgroup settle" "needs root"
	exit 0
fi
cg_setup

cg_pol late <<EOF
policy late
namespaces { unshare user mount ipc uts }
process { init off }
cgroup {
    pids.max 16
    parent $PARENT
}
EOF
cg_pol cgns <<EOF
policy cgns
namespaces { unshare user mount pid ipc uts cgroup }
cgroup {
    pids.max 16
    parent $PARENT
}
EOF

# the child fails in its mounts: /tmp is a fresh tmpfs by then, so the
# overlay's lower layer (under /tmp on the host) is not found
mkdir -p "$T_TMP/low" "$T_TMP/up" "$T_TMP/wk"
cg_pol fails <<EOF
policy fails
namespaces { unshare user mount ipc uts }
process { init off }
filesystem {
    tmpfs /tmp
    overlay /tmp/ov lower $T_TMP/low upper $T_TMP/up work $T_TMP/wk
}
cgroup {
    pids.max 16
    parent $PARENT
}
EOF

not_in_file() { ! grep -q "$1" "$2"; }

# kill_in SYSCALL WHEN NAME: run enforce with the parent held 5 s in its
# WHEN-th SYSCALL; once the child waits, SIGKILL enforce.
kill_in() {
	strace -qq -o /dev/null -e trace="$1" -e inject="$1:delay_enter=5000000:when=$2" \
		"$ENFORCE" "$T_TMP/late.polb" -- /bin/echo RAN-$$ >"$T_TMP/out" 2>&1 &
	local tracer=$! sup="" kid="" held=no _
	# the child blocks in recvfrom (45) for the parent's word: stable
	# there for 5 s, since the parent is held
	for _ in $(seq 200); do
		sup=$(pgrep -P "$tracer" | head -1)
		[ -n "$sup" ] && kid=$(pgrep -P "$sup" | head -1)
		if [ -n "$kid" ] && [ "$(cut -d' ' -f1 "/proc/$kid/syscall" 2>/dev/null)" = 45 ]; then
			sleep 0.3
			[ "$(cut -d' ' -f1 "/proc/$kid/syscall" 2>/dev/null)" = 45 ] && { held=yes; break; }
		fi
		sleep 0.05
	done
	assert_eq "$3: enforce is held in $1 with its child waiting" yes "$held"
	in_leaf=$(grep -c "$PARENT" "/proc/$kid/cgroup" 2>/dev/null)
	assert_eq "$3: the child is in no cgroup of the container yet" 0 "${in_leaf:-0}"
	kill -KILL "$sup"
	wait "$tracer" 2>/dev/null
	local gone=no
	for _ in $(seq 100); do
		[ -d "/proc/$kid" ] || { gone=yes; break; }
		sleep 0.02
	done
	assert_eq "$3: the child ends by itself once enforce is gone" yes "$gone"
	check "$3: the command never ran" not_in_file "RAN-$$" "$T_TMP/out"
}

# held in the cgroup's creation: nothing of it exists yet
kill_in mkdir 2 "killed before the cgroup"
# held after it, in the lifeline's socketpair (the first is the channel's):
# the leaf exists, no lifeline yet to remove it; the next run's sweep does
kill_in socketpair 2 "killed before the lifeline"
"$ENFORCE" "$T_TMP/late.polb" -- /bin/true >/dev/null 2>&1
assert_eq "after both kills: the next run still works" 0 $?
cg_left "after both kills and one more run"

# The child fails in its mounts with the parent's word unread (its fsopen
# held), and is gone before the parent reads its channel (held in
# signalfd4, right after the word): the kernel reports ECONNRESET on the
# parent's end first, and the child's line behind it must still be the
# one printed (it once was taken for EOF: exit 125 and no line).
for i in 1 2; do
	ERR=$(strace -f -qq -o /dev/null -e trace=fsopen,signalfd4 \
		-e inject=fsopen:delay_enter=200000 -e inject=signalfd4:delay_enter=600000 \
		"$ENFORCE" "$T_TMP/fails.polb" -- /bin/echo RAN-$$ 2>&1)
	RC=$?
	assert_eq "child fails while the parent settles ($i): exit 125" 125 "$RC"
	assert_contains "child fails while the parent settles ($i): its line is printed" "$ERR" \
		"overlay /tmp/ov: layer $T_TMP/low: No such file or directory"
done
cg_left "a child that failed while the parent settled"

# The cgroup namespace is made after the child is placed: its root is the
# container's cgroup in every hierarchy, as seen from inside.
OUT=$("$ENFORCE" "$T_TMP/cgns.polb" -- /bin/cat /proc/self/cgroup 2>&1)
assert_eq "cgroup namespace: enforce ran the command" 0 $?
bad=$(printf '%s\n' "$OUT" | grep -v ':/$' || true)
assert_eq "cgroup namespace: every hierarchy's path inside is /" "" "$bad"
check "cgroup namespace: pids is among them" grep -q ':pids:/$' <<<"$OUT"
cg_left "cgroup namespace"

# A pure v2 host, as a private view of this one: cgroup2 mounted over
# /sys/fs/cgroup in a mount namespace of the test's own, whose root has no
# pids controller (it stays on v1 here). There the cgroup step runs before
# the clone; `optional` excuses the missing controller, and the step must
# not run again after the clone (it did: the warning twice, the egress
# step twice).
cg_pol v2opt <<EOF
policy v2opt
namespaces { unshare user mount ipc uts }
cgroup {
    pids.max 16
    optional
    parent $PARENT
}
EOF
ERR=$(unshare -m --propagation private sh -c \
	'umount -l /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup && exec "$0" -v "$@"' \
	"$ENFORCE" "$T_TMP/v2opt.polb" -- /bin/true 2>&1)
RC=$?
assert_eq "pure v2 view, controller missing, optional: the command ran" 0 "$RC"
assert_eq "pure v2 view: the step ran once, before the clone (one warning, one cgroup step)" \
	"1 1" "$(printf '%s\n' "$ERR" | grep -c 'going on without cgroup limits') $(printf '%s\n' "$ERR" | grep -c 'time: cgroup [0-9]')"
done_testing
