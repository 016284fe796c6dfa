#!/bin/bash
# What the command inherits: no fd above 2 (runc CVE-2024-21626 leaked a
# host directory fd), no working directory outside the root, and no
# controlling terminal but a pty of its own, so TIOCSTI cannot type into
# the caller's terminal (bubblewrap CVE-2017-5226).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

pol fd <<EOF
policy fd
namespaces { unshare mount pid }
filesystem {
    root / readonly
    proc /proc
}
capabilities { }
EOF

exec 7</etc 8>"$T_TMP/leak" 9</
enf "$T_TMP/fd.polb" -- "$PROBE" fds cwd
assert_eq "fds: only 0 1 2 reach the command" "0 1 2" "$(val fds)"
assert_eq "cwd: / inside the root, not the caller's" "/" "$(val cwd)"

# A caller with stdin and stderr closed: they are /dev/null for the
# command, never the channel or another fd of enforce's.
OUT=$("$ENFORCE" "$T_TMP/fd.polb" -- /bin/sh -c 'readlink /proc/self/fd/0 /proc/self/fd/2' <&- 2>&-)
assert_eq "closed stdin and stderr: /dev/null inside" "/dev/null|/dev/null" "$(printf '%s\n' "$OUT" | paste -sd'|')"

# The runc exploit: a cwd through a leaked fd, /proc/self/fd/7.
pol fdcwd <<EOF
policy fdcwd
process { cwd /proc/self/fd/7 }
namespaces { unshare mount pid }
filesystem {
    root / readonly
    proc /proc
}
EOF
enf "$T_TMP/fdcwd.polb" -- "$PROBE" cwd create "$T_TMP/ran"
case "$RC" in
125) pass "cwd through a leaked fd: refused (125)"
     assert_contains "cwd through a leaked fd: one line" "$ERR" "enforce: cwd: /proc/self/fd/7" ;;
*) assert_eq "cwd through a leaked fd: not outside the root" "/" "$(val cwd)" ;;
esac
check "cwd through a leaked fd: the command did not run outside" test ! -e "$T_TMP/ran"
exec 7<&- 8>&- 9<&-

# TIOCSTI into the caller's terminal. script(1) gives enforce a terminal.
# The control run shows the ioctl works on this kernel without enforce, so
# the test can fail. By default the command's terminal is a pty of its own
# (TIOCSTI there types to the container itself, tests/escape/t_escape_pty.sh);
# `terminal inherit` passes the caller's, and then the new session is what
# refuses it.
# the policy above, and the caller's terminal passed as it is
sed 's/^policy fd$/policy fdinherit\nprocess { terminal inherit }/' "$T_TMP/fd.pol" | pol fdinherit
if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null)" = 0 ]; then
	skip "TIOCSTI" "the kernel refuses TIOCSTI for everyone (dev.tty.legacy_tiocsti=0)"
else
	ctl=$(script -qec "$PROBE tiocsti" /dev/null </dev/null 2>&1)
	assert_contains "control: TIOCSTI works on this terminal without enforce" "$ctl" "try tiocsti: ok"
	got=$(script -qec "$ENFORCE $T_TMP/fdinherit.polb -- $PROBE tiocsti tiocsti high devtty pid" /dev/null </dev/null 2>&1)
	assert_eq "terminal inherit: TIOCSTI refused (no controlling terminal)" 2 \
		"$(printf '%s\n' "$got" | grep -c 'try tiocsti: blocked: Operation not permitted')"
	assert_contains "terminal inherit: /dev/tty: no controlling terminal" "$got" "try devtty: blocked: No such device or address"
	got=$(script -qec "$ENFORCE $T_TMP/fd.polb -- $PROBE tiocsti devtty" /dev/null </dev/null 2>&1)
	assert_contains "terminal pty: TIOCSTI reaches only the container's own pty (allowed)" "$got" "try tiocsti: ok"
	assert_contains "terminal pty: /dev/tty is the container's pty" "$got" "try devtty: ok"
fi

nothing_left fds_tty
done_testing
