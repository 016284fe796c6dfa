#!/bin/bash
# Signals reach a command that changed uid inside the container. With init
# on, pid 1 is the container's root without CAP_KILL; once the command is
# another uid (setpriv, a daemon's own setuid) kill(2) from pid 1 fails with
# EPERM, and so would pidfd_send_signal (the same permission check, made at
# send time). The supervisor, outside, signals the command through a pidfd
# instead: no capability is granted to the container for it. Then the
# attacker's side: the container still cannot signal the supervisor or the
# host's processes, and holds nothing that reaches them.
#
# Rootless, only the caller's uid is mapped, so no command can change uid
# there (setuid to any other id is EINVAL): the rootless runs show the
# signal takes the same path (the supervisor's pidfd of the command) and
# arrives, with and without a pid namespace.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

# uid 1000 inside is host uid 101000: nobody's on the host
for pidns in pid ""; do
	name=su_${pidns:-nopid}
	pol "$name" <<EOF
policy $name
process { init on }
namespaces { unshare user mount $pidns }
filesystem { root / readonly }
capabilities { keep setuid setgid }
EOF
done
pol ru_pid <<EOF
policy ru_pid
namespaces { unshare user mount pid }
filesystem { root / readonly }
EOF
pol ru_nopid <<EOF
policy ru_nopid
namespaces { unshare user mount }
filesystem { root / readonly }
EOF

wait_for() {
	for i in $(seq 100); do
		grep -qx "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# term_case LABEL AS POLB ARGS...: SIGTERM to enforce (run as root, or as
# the test user when AS is "user") once the probe (last in ARGS) is ready;
# the probe exits 100+15 when the signal came.
term_case() {
	label=$1 polb=$3
	as=()
	[ "$2" = user ] && as=(setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups --)
	shift 3
	out=$T_TMP/out.$RANDOM$RANDOM
	# no function or subshell between: $! is enforce itself
	"${as[@]}" "$ENFORCE" -v "$polb" -- "$@" >"$out" 2>&1 &
	epid=$!
	if ! wait_for "$out" ready; then
		fail "$label" "the probe never got ready: $(tr '\n' ' ' <"$out" | head -c 300)"
		kill -KILL "$epid"
		wait "$epid"
		return
	fi
	kill -TERM "$epid"
	wait "$epid"
	rc=$?
	assert_eq "$label: SIGTERM reached the command (status 115)" 115 "$rc"
	assert_contains "$label: sent by the supervisor to the command's pidfd" \
		"$(cat "$out")" "forwarding signal 15 to the command"
}
to1000=(setpriv --reuid=1000 --regid=1000 --clear-groups --)
term_case "root, pid ns, uid 1000 inside" root "$T_TMP/su_pid.polb" "${to1000[@]}" "$PROBE" wait_signal 20
term_case "root, no pid ns, uid 1000 inside" root "$T_TMP/su_nopid.polb" "${to1000[@]}" "$PROBE" wait_signal 20
term_case "root, pid ns, the container's root" root "$T_TMP/su_pid.polb" "$PROBE" wait_signal 20
term_case "rootless, pid ns" user "$T_TMP/ru_pid.polb" "$PROBE" wait_signal 20
term_case "rootless, no pid ns" user "$T_TMP/ru_nopid.polb" "$PROBE" wait_signal 20

# The supervisor held in its first poll (strace on it alone) until pid 1's
# two packets (its report socket, then the command's pidfd) and the
# signal all wait: it must take the command's pidfd before it forwards,
# or the signal goes to pid 1, whose kill the uid-1000 command refuses.
# The probe's "ready" would come through the held supervisor (it relays
# a file's output), so readiness is read from the probe's own SigCgt.
out=$T_TMP/held.out
strace -qq -o /dev/null -e trace=poll -e inject=poll:delay_enter=3000000:when=1 \
	"$ENFORCE" "$T_TMP/su_pid.polb" -- "${to1000[@]}" "$PROBE" wait_signal 21 >"$out" 2>&1 &
tracer=$!
caught=no
for i in $(seq 100); do
	probe_pid=$(pgrep -n -x probe) # by its name: enforce and pid 1 carry the same arguments
	cgt=$(sed -n 's/^SigCgt:\s*//p' "/proc/$probe_pid/status" 2>/dev/null)
	[ -n "$cgt" ] && [ $((0x$cgt & 0x4000)) != 0 ] && { caught=yes; break; }
	sleep 0.02
done
assert_eq "supervisor held: the probe catches SIGTERM while enforce is held" yes "$caught"
kill -TERM "$(pgrep -P "$tracer" | head -1)"
wait "$tracer"
assert_eq "supervisor held while the signal comes: it reached the command (status 115)" 115 $?

# The uid change is real: the command is host uid 101000.
enf "$T_TMP/su_pid.polb" -- "${to1000[@]}" /bin/sh -c 'id -u; grep -E "^Cap(Prm|Eff|Bnd)" /proc/self/status'
assert_contains "the command runs as uid 1000 inside" "$OUT" "1000"
# CAP_KILL is bit 5 (0x20): kept nowhere, not even the bounding set
bnd=$(printf '%s\n' "$OUT" | sed -n 's/^CapBnd:\s*//p')
check "no CAP_KILL in the container's bounding set ($bnd)" test $((0x$bnd & 0x20)) = 0

# ---- attacks ---------------------------------------------------------------
# Host processes to aim at: one of root's, one of the test user's.
cp /bin/sleep "$T_TMP/victim-sleep"
chmod 755 "$T_TMP/victim-sleep"
"$T_TMP/victim-sleep" 600 &
root_victim=$!
setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- "$T_TMP/victim-sleep" 600 &
user_victim=$!

# aim POLB PREFIX...: inside, `kill -TERM` the supervisor, and both
# victims, with no pid namespace (their pids are the host's); prints one
# line per target, "NAME: sent" or "NAME: refused".
aim() {
	polb=$1
	shift
	out=$T_TMP/aim.$RANDOM$RANDOM
	"$ENFORCE" "$polb" -- "$@" /bin/sh -c '
		sup=$(sed -n "s/^PPid:\s*//p" /proc/$PPID/status) # init -> enforce
		for t in sup:$sup root:$1 user:$2; do
			kill -TERM "${t#*:}" 2>/dev/null && echo "${t%%:*}: sent" || echo "${t%%:*}: refused"
		done
		ls /proc/self/fd | tr "\n" " "; echo' _ "$root_victim" "$user_victim" >"$out" 2>&1
	echo "status: $?"
	cat "$out"
}
OUT=$(aim "$T_TMP/su_nopid.polb" "${to1000[@]}")
assert_contains "attack, uid 1000 inside, no pid ns: the supervisor refused" "$OUT" "sup: refused"
assert_contains "attack, uid 1000 inside: a host root process refused" "$OUT" "root: refused"
assert_contains "attack, uid 1000 inside: a host $T_USER process refused" "$OUT" "user: refused"
OUT=$(aim "$T_TMP/su_nopid.polb")
assert_contains "attack, the container's root, no pid ns: the supervisor refused" "$OUT" "sup: refused"
assert_contains "attack, the container's root: a host root process refused" "$OUT" "root: refused"
assert_contains "attack, the container's root: a host $T_USER process refused" "$OUT" "user: refused"
# only the shell's 0-2 and the fd of ls's own /proc read: no channel, no pidfd
check "attack: the command holds no fd of the supervisor's (fds: $(printf '%s\n' "$OUT" | tail -1))" \
	test "$(printf '%s\n' "$OUT" | tail -1)" = "0 1 2 3 "
assert_contains "attack: the supervisor lived to report the command's status 0" "$OUT" "status: 0"
check "attack: the host's root process lives" kill -0 "$root_victim"
check "attack: the host's $T_USER process lives" kill -0 "$user_victim"

kill "$root_victim" "$user_victim"
wait "$root_victim" "$user_victim" 2>/dev/null
nothing_left signal_uid
done_testing
