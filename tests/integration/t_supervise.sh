#!/bin/bash
# The outer enforce and the pid-1 reaper: the seven signals forwarded
# (with and without init), the command's status returned, orphans reaped,
# the container killed when enforce dies (PR_SET_PDEATHSIG), the supervisor
# not dumpable, and a new session.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

for init in on off; do
	pol "init_$init" <<EOF
policy init_$init
process { init $init }
namespaces { unshare mount pid ipc uts }
filesystem {
    root / readonly
    proc /proc
}
EOF
done

# wait_for FILE TEXT: until TEXT appears in FILE (bounded: 10 s).
wait_for() {
	for i in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

for init in on off; do
	for sig in INT TERM HUP QUIT USR1 USR2 WINCH; do
		num=$(kill -l "$sig")
		out=$T_TMP/out.$init.$sig # a fresh file: an old "ready" would race
		"$ENFORCE" "$T_TMP/init_$init.polb" -- "$PROBE" wait_signal 20 >"$out" 2>&1 &
		epid=$!
		if ! wait_for "$out" ready; then
			fail "init $init: SIG$sig forwarded" "the probe never got ready"
			kill -KILL "$epid"
			wait "$epid"
			continue
		fi
		kill -s "$sig" "$epid"
		wait "$epid"
		rc=$?
		assert_eq "init $init: SIG$sig forwarded, the command's status returned" "$((100 + num))" "$rc"
	done
done

enf "$T_TMP/init_on.polb" -- "$PROBE" pid
assert_eq "init on: the command's parent is pid 1, the reaper" "1" "$(val ppid)"
assert_eq "init on: the command is pid 2" "2" "$(val pid)"
enf "$T_TMP/init_off.polb" -- "$PROBE" pid
assert_eq "init off: the command is pid 1" "1" "$(val pid)"
assert_eq "a new session: the command's session is not the caller's" "1" "$(val sid)"

# Pid 1 runs enforce's code outside the command's filter: it confines itself
# (no_new_privs, a filter of its own) even when the policy asks for neither.
pol ptr <<EOF
policy ptr
process { no_new_privs off }
namespaces { unshare mount pid }
filesystem {
    root / readonly
    proc /proc
}
capabilities { keep sys_ptrace }
EOF
enf "$T_TMP/ptr.polb" -- /bin/sh -c 'grep -E "^(Seccomp|NoNewPrivs):" /proc/1/status /proc/self/status'
assert_contains "pid 1 has a seccomp filter of its own" "$OUT" "/proc/1/status:Seccomp:	2"
assert_contains "pid 1 has no_new_privs" "$OUT" "/proc/1/status:NoNewPrivs:	1"
assert_contains "the command has neither (the policy asks for none)" "$OUT" "/proc/self/status:Seccomp:	0"

# Orphans: a grandchild left sleeping is gone when enforce returns.
enf "$T_TMP/init_on.polb" -- "$PROBE" orphan 301 exit 7
assert_eq "orphan: the command's status" 7 "$RC"
check "orphan: no process left behind" sh -c "! pgrep -f -x '$PROBE orphan 301 exit 7' >/dev/null"

# enforce killed with SIGKILL: the container dies with it.
"$ENFORCE" "$T_TMP/init_on.polb" -- "$PROBE" sleep 302 >/dev/null 2>&1 &
epid=$!
for i in $(seq 100); do pgrep -f -x "$PROBE sleep 302" >/dev/null && break; sleep 0.1; done
check "pdeathsig: the command runs" sh -c "pgrep -f -x '$PROBE sleep 302' >/dev/null"
kill -KILL "$epid"
wait "$epid" 2>/dev/null
for i in $(seq 100); do pgrep -f -x "$PROBE sleep 302" >/dev/null || break; sleep 0.1; done
check "pdeathsig: the command died with enforce" sh -c "! pgrep -f -x '$PROBE sleep 302' >/dev/null"

# Not dumpable: run as the test user, the supervisor's /proc files belong
# to root, so the command (same uid) cannot open them.
pol ru <<EOF
policy ru
namespaces { unshare user mount pid }
filesystem {
    root / readonly
    proc /proc
}
EOF
as_user "$ENFORCE" "$T_TMP/ru.polb" -- "$PROBE" sleep 303 >/dev/null 2>&1 &
for i in $(seq 100); do pgrep -f -x "$PROBE sleep 303" >/dev/null && break; sleep 0.1; done
sup=$(pgrep -f "enforce $T_TMP/ru.polb -- $PROBE sleep 303" | head -1)
assert_eq "the supervisor is not dumpable (its /proc files are root's)" "root" "$(stat -c %U "/proc/$sup/environ" 2>&1)"
check "as the test user, the supervisor's environ cannot be read" sh -c "! setpriv --reuid $T_USER --regid $T_USER --clear-groups cat /proc/$sup/environ >/dev/null 2>&1"
kill -TERM "$sup"
wait

# With the pid namespace shared, the command sees the supervisor (its
# parent with init off): its exe (the enforce binary) stays out of reach,
# even for root in the container without CAP_SYS_PTRACE (runc CVE-2019-5736).
pol shared <<EOF
policy shared
process { init off }
namespaces { unshare mount }
filesystem { root / readonly }
capabilities { keep dac_override dac_read_search fowner }
EOF
enf "$T_TMP/shared.polb" -- "$PROBE" exe ppid exe_write ppid
assert_contains "shared pid ns: the supervisor's exe cannot be opened" "$OUT" "try exe: blocked: Permission denied"
assert_contains "shared pid ns: nor opened for writing" "$OUT" "try exe_write: blocked: Permission denied"
check "shared pid ns: not even its path is shown" sh -c "! printf '%s' \"\$1\" | grep -q '^exe:'" _ "$OUT"

nothing_left supervise
done_testing
