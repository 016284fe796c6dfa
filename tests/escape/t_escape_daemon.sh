#!/bin/bash
# Escape probe: a command that exits and leaves processes running, written
# as an attacker would (enforcer/orphans.c, docs/enforce.md "Lifetime").
# The leftovers setsid(), double fork, clear their parent-death signal,
# make themselves a subreaper with an orphan under it, disguise their comm
# as a zombie whose parent is 1 ("x) Z 1 1 1", for a naive /proc parser),
# fork faster than a kill loop; the command forges pid 1's report on every
# fd it holds, and (init on) a leftover takes pid 1's report socket
# (pidfd_getfd: the policy keeps every capability) and sends the report
# with forged credentials naming pid 1 while the command still runs; the
# command floods stderr with forged enforce lines. Asserted: nothing
# survives (ps, cgroups), the count is the real one, the status is the
# command's own (7), the real line comes last and says the real number.
# Every fork loop is bounded: pids.max 64 and a loop limit in the scripts.
#
# The controls: the same leftovers under a plain parent all survive it;
# the stolen socket is reached (the forged report is sent), so what holds
# is enforce's check, not luck.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

HIDE=$TOP/tests/escape/daemon/hide.py
CHURN=$TOP/tests/escape/daemon/churn.py
PY=/usr/bin/python3
cp "$HIDE" "$CHURN" "$T_TMP/"
chmod 644 "$T_TMP"/*.py
HIDE=$T_TMP/hide.py CHURN=$T_TMP/churn.py

for init in on off; do
	for pidns in unshare share; do
		ns="mount ipc uts net"
		[ "$pidns" = unshare ] && ns="$ns pid"
		pol "x_${init}_$pidns" <<POL
policy x_${init}_$pidns
process { init $init }
namespaces { unshare $ns }
filesystem {
    root / readonly
    tmpfs /run size=1M mode=755
}
cgroup {
    pids.max 64
    optional
}
POL
	done
done

real_line() {
	echo "enforce: the command exited and left $1 processes running; they were killed with the" \
		"container (run services in the foreground: nginx -g 'daemon off;', redis-server" \
		"--daemonize no, postgres rather than pg_ctl start; docs/services.md)"
}

# gone LABEL: nothing of this test runs (bounded wait), no cgroup left.
gone() {
	for _ in $(seq 100); do
		pgrep -f "$T_TMP" >/dev/null || break
		sleep 0.05
	done
	left=$(pgrep -f "$T_TMP" | tr '\n' ' ')
	assert_eq "$1: nothing survives" "" "$left"
	for p in $left; do kill -KILL "$p" 2>/dev/null; done
}

run_as() { if [ "$1" = user ]; then shift; enf_user "$@"; else shift; enf "$@"; fi; }

for init in on off; do
	for pidns in unshare share; do
		blob=$T_TMP/x_${init}_$pidns.polb
		for runner in root user; do
			# rootless without a pid namespace nor init: no cgroup, no handle
			[ "$runner/$init/$pidns" = user/off/share ] && continue
			L="init $init, pid $pidns, $runner"
			# init off with a pid namespace: the kernel kills them before
			# anyone can count: no line (docs/enforce.md)
			want=5 extra=""
			[ "$init" = on ] && want=6 extra=steal
			[ "$init/$pidns" = off/unshare ] && want=0
			run_as "$runner" "$blob" -- "$PY" "$HIDE" "$T_TMP" $extra flood
			assert_eq "$L: hide, forge, flood: the command's status" 7 "$RC"
			last=$(printf '%s\n' "$ERR" | tail -n 1)
			if [ "$want" = 0 ]; then
				assert_eq "$L: no line (the kernel killed them before any count)" \
					"0" "$(printf '%s\n' "$ERR" | grep -c 'docs/services.md)$')"
			else
				assert_eq "$L: the last line is enforce's, with the real count" "$(real_line "$want")" "$last"
				assert_eq "$L: and it is printed once" 1 \
					"$(printf '%s\n' "$ERR" | grep -c -F "$(real_line "$want")")"
			fi
			assert_eq "$L: the forged lines are the command's output, as it wrote them" 20000 \
				"$(printf '%s\n' "$ERR" | grep -c '(forged)$')"
			# as root (no user namespace) the policy's CAP_SYS_PTRACE reaches
			# pid 1's fds; rootless pid 1's memory belongs to the host's user
			# namespace (it never executed), where the container has no
			# capability: the theft itself is refused
			if [ "$init/$runner" = on/root ]; then
				assert_contains "$L: control: pid 1's report socket was taken and the forgery sent" \
					"$OUT" "try steal: sent 2"
			elif [ "$init" = on ]; then
				assert_contains "$L: pid 1's fds cannot be taken" "$OUT" "try steal: sent 0"
			fi
			[ "$init" = on ] && assert_eq "$L: /proc/1/fd/N of pid 1 does not reopen" "" \
				"$(printf '%s\n' "$OUT" | grep 'try proc1fd: ok')"
			gone "$L: hide, forge, flood"

			run_as "$runner" "$blob" -- "$PY" "$CHURN" "$T_TMP"
			assert_eq "$L: churn: the command's status" 0 "$RC"
			n=$(printf '%s\n' "$ERR" | sed -n 's/^enforce: the command exited and left \([0-9]*\) processes running; they were killed.*/\1/p')
			if [ "$init/$pidns" = off/unshare ]; then
				assert_eq "$L: churn: no line" "" "$n"
			elif [ -n "$n" ] && [ "$n" -ge 6 ] && [ "$n" -le 64 ]; then
				pass "$L: churn: one line, $n left (6 churners and what they forked then)"
			else
				fail "$L: churn: one line, 6 to 64 left" "$(printf '%s\n' "$ERR" | tail -n 2)"
			fi
			gone "$L: churn"
		done
	done
done

# Control: the same leftovers under a plain parent outlive it (no steal:
# there is no enforce pid 1 to steal from).
"$PY" "$HIDE" "$T_TMP" >"$T_TMP/control.out" 2>&1
for _ in $(seq 100); do [ "$(pgrep -f "$T_TMP/hide.py" | wc -l)" -ge 5 ] && break; sleep 0.05; done
assert_eq "control: outside enforce, the five leftovers outlive the command" 5 "$(pgrep -f "$T_TMP/hide.py" | wc -l)"
for p in $(pgrep -f "$T_TMP/hide.py"); do kill -KILL "$p"; done

nothing_left escape_daemon
done_testing
