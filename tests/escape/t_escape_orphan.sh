#!/bin/bash
# Escape probe: the container outliving its supervisor. `kill -KILL` of
# enforce while the command runs (with a grandchild of its own left behind)
# must leave no process of the container and no cgroup: under every shipped
# base (default, hardened, host-ro) with and without `user 1000 1000`, the
# examples as they are, and the cases that take the lifeline instead of
# pid 1 (init off, no pid namespace of the container's own), as root and as
# the unprivileged test user. The kernel clears the parent-death signal at
# a uid change (the reproduction: hardened with `user 1000 1000` left init
# and the command running under the host's pid 1, its cgroup kept until a
# later run). See "Lifetime" in docs/enforce.md.
#
# The control: the same command outside enforce, its parent killed the same
# way, keeps running (so "nothing left" below is the fix, not the probe).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

# polb NAME: policy text on stdin, built with the bases and the examples.
polb() {
	cat >"$T_TMP/$1.pol"
	"$POLC" build -I "$TOP/policies" -I "$TOP/examples" "$T_TMP/$1.pol" -o "$T_TMP/$1.polb" \
		>"$T_TMP/$1.log" 2>&1 && chmod 644 "$T_TMP/$1.polb" && return 0
	fail "polc build $1" "$(tr '\n' ' ' <"$T_TMP/$1.log" | head -c 300)"
	return 1
}

CASES=""
for base in default hardened host-ro; do
	polb "o_$base" <<POL && CASES="$CASES o_$base"
policy o_$base
use $base
filesystem { root / readonly }
POL
	polb "o_${base}_user" <<POL && CASES="$CASES o_${base}_user"
policy o_${base}_user
use $base
process { user 1000 1000 }
filesystem { root / readonly }
POL
done
# the examples, as shipped (web and batch name `user 1000 1000` themselves)
mkdir -p /var/lib/polc-example/batch
for ex in hello web batch; do
	polb "o_ex_$ex" <<POL && CASES="$CASES o_ex_$ex"
policy o_ex_$ex
use $ex
POL
done
# where pid 1 and the namespace are not the whole answer: the lifeline
polb o_init_off <<POL && CASES="$CASES o_init_off"
policy o_init_off
use hardened
process {
    user 1000 1000
    init off
}
filesystem { root / readonly }
POL
polb o_no_pidns <<POL && CASES="$CASES o_no_pidns"
policy o_no_pidns
use default
process { user 1000 1000 }
namespaces { share pid }
filesystem { root / readonly }
POL

N=400
# running PATTERN: how many processes have exactly this command line.
running() { pgrep -f -x "$1" | wc -l; }
# The command: a shell that leaves an orphan (its subshell exits) and then
# becomes a sleep itself; both are "sleep N.25", a line of this test's own.
# /bin/sh and sleep run under every policy here (batch's Landlock executes
# only from /usr /lib /lib64 /bin).

# orphan_case LABEL POLB RUNNER [hostile]: the command and its grandchild
# run, enforce is killed, and within a bounded wait nothing of the run is
# left. RUNNER: root, or user (the test user).
orphan_case() {
	label=$1 blob=$2 runner=$3
	N=$((N + 1))
	pat="sleep $N.25"
	cmd=(/bin/sh -c "(sleep $N.25 &); exec sleep $N.25")
	# hostile: the command clears its own parent-death signal, and its
	# child leaves the process group and session, before both become sleeps
	[ "${4:-}" = hostile ] && cmd=(/usr/bin/python3 -c "import ctypes, os
ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)
if os.fork() == 0: os.setsid()
os.execv('/bin/sleep', ['sleep', '$N.25'])")
	# setpriv execs enforce: $! is enforce's pid either way
	if [ "$runner" = user ]; then
		setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- \
			"$ENFORCE" "$blob" -- "${cmd[@]}" >"$T_TMP/o.out" 2>&1 &
	else
		"$ENFORCE" "$blob" -- "${cmd[@]}" >"$T_TMP/o.out" 2>&1 &
	fi
	epid=$!
	for _ in $(seq 200); do
		[ "$(running "$pat")" -ge 2 ] && break
		kill -0 "$epid" 2>/dev/null || break
		sleep 0.05
	done
	if [ "$(running "$pat")" -lt 2 ]; then
		fail "$label: the command and its grandchild run" "$(head -c 300 "$T_TMP/o.out")"
		kill -KILL "$epid" 2>/dev/null
		wait "$epid" 2>/dev/null
		return
	fi
	kill -KILL "$epid"
	wait "$epid" 2>/dev/null
	for _ in $(seq 200); do
		[ "$(running "$pat")" = 0 ] && ! ls -d /sys/fs/cgroup/*/polc/enforce-"$epid"-* \
			/sys/fs/cgroup/polc/enforce-"$epid"-* >/dev/null 2>&1 && break
		sleep 0.05
	done
	left=$(pgrep -f -x "$pat" | tr '\n' ' ')
	assert_eq "$label: enforce killed: no process of the container left" "" "$left"
	cg=$(ls -d /sys/fs/cgroup/*/polc/enforce-"$epid"-* /sys/fs/cgroup/polc/enforce-"$epid"-* 2>/dev/null | tr '\n' ' ')
	assert_eq "$label: enforce killed: no cgroup left" "" "$cg"
	# never leave one to the next case, whatever the result
	for p in $left; do kill -KILL "$p" 2>/dev/null; done
}

# Control: the same command under a plain parent killed with SIGKILL lives on.
N=$((N + 1))
pat="sleep $N.25"
sh -c "/bin/sh -c '(sleep $N.25 &); exec sleep $N.25'; true" &
spid=$!
for _ in $(seq 200); do [ "$(running "$pat")" -ge 2 ] && break; sleep 0.05; done
kill -KILL "$spid"
wait "$spid" 2>/dev/null
sleep 0.2
assert_eq "control: outside enforce, the command and its grandchild outlive a killed parent" 2 "$(running "$pat")"
for p in $(pgrep -f -x "$pat"); do kill -KILL "$p"; done

# Rootless, web (`groups 1000`: setgroups is denied without privilege) and
# a user namespace without a pid namespace of its own (no fresh /proc) stop
# with 125 before the command: nothing can outlive anything there.
for cs in $CASES; do
	orphan_case "${cs#o_}" "$T_TMP/$cs.polb" root
	case $cs in
	o_ex_web | o_no_pidns)
		enf_user "$T_TMP/$cs.polb" -- /bin/true
		assert_eq "${cs#o_} rootless: refused before the command (125)" 125 "$RC" ;;
	*) orphan_case "${cs#o_} rootless" "$T_TMP/$cs.polb" user ;;
	esac
done

# A command that clears its own parent-death signal (PR_SET_PDEATHSIG 0)
# and a child that leaves its session: the lifeline still ends them, with
# init off (the command is pid 1) and without a pid namespace.
orphan_case "init_off, hostile command" "$T_TMP/o_init_off.polb" root hostile
orphan_case "init_off rootless, hostile command" "$T_TMP/o_init_off.polb" user hostile
orphan_case "no_pidns, hostile command" "$T_TMP/o_no_pidns.polb" root hostile
orphan_case "hardened_user, hostile command" "$T_TMP/o_hardened_user.polb" root hostile

# The lifeline itself killed during the run: enforce goes on and returns
# the command's status (its "done" costs no SIGPIPE). The lifeline is the
# child of enforce in the host's pid namespace (container pid 1 is not).
"$ENFORCE" "$T_TMP/o_hardened_user.polb" -- /bin/sh -c 'sleep 1; exit 3' >/dev/null 2>&1 &
epid=$!
life=""
for _ in $(seq 100); do
	for p in $(pgrep -P "$epid"); do
		[ "$(readlink /proc/$p/ns/pid)" = "$(readlink /proc/self/ns/pid)" ] && life=$p
	done
	[ -n "$life" ] && break
	sleep 0.02
done
if [ -n "$life" ]; then
	kill -KILL "$life"
	pass "the lifeline runs beside enforce (pid $life, the host's pid namespace)"
else
	fail "the lifeline runs beside enforce" "no child of $epid in the host's pid namespace"
fi
wait "$epid"
assert_eq "lifeline killed: enforce still returns the command's status" 3 "$?"

# The container killing its lifeline and then its supervisor: rootless
# with the host's pid namespace it runs as the caller's uid and sees both,
# and a child it put in a session of its own then outlived them (the
# attack run of 2026-12-03; the control below kills both, whether the
# child then outlives them is a race). Landlock's signal scope
# (ABI 6) refuses both kills, and the leftover goes with the container.
for sc in none signal; do
	polb "o_shared_$sc" <<EOF
policy o_shared_$sc
namespaces { unshare user mount ipc uts }
filesystem { root / readonly }
lsm {
    landlock {
        read /
        execute /
        write /dev
        scope $sc
    }
}
EOF
done
cat >"$T_TMP/killsup.sh" <<'SH'
#!/bin/sh
sup=$(awk '{print $4}' /proc/$PPID/stat)
life=$(for d in /proc/[0-9]*; do
	[ "$(awk '{print $4}' "$d/stat" 2>/dev/null)" = "$sup" ] && [ "${d#/proc/}" != "$PPID" ] && echo "${d#/proc/}"
done)
(setsid sh -c "exec sleep 300.$$" </dev/null >/dev/null 2>&1 &)
sleep 0.2
kill -KILL $life || echo "lifeline: refused"
sleep 0.1
kill -KILL "$sup" || echo "supervisor: refused"
SH
chmod 755 "$T_TMP/killsup.sh"
enf_user "$T_TMP/o_shared_none.polb" -- "$T_TMP/killsup.sh"
assert_eq "control: shared pid namespace, rootless, no signal scope: the lifeline and the supervisor killed from inside" \
	"137 " "$RC $OUT"
pgrep -u "$T_USER" -f '^sleep 300\.' | xargs -r kill -KILL
enf_user "$T_TMP/o_shared_signal.polb" -- "$T_TMP/killsup.sh"
assert_eq "scope signal: the lifeline and the supervisor cannot be killed from inside" \
	"lifeline: refused|supervisor: refused" "$(printf '%s\n' "$OUT" | paste -sd'|')"
assert_eq "scope signal: the command's status, nothing survives" "0 0" \
	"$RC $(pgrep -u "$T_USER" -f '^sleep 300\.' | wc -l)"
pgrep -u "$T_USER" -f '^sleep 300\.' | xargs -r kill -KILL

nothing_left escape_orphan
done_testing
