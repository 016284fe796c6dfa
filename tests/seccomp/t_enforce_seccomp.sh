#!/bin/sh
# polc build + enforce with a syscalls section, for real: allowed calls run,
# errno rules answer, a kill_process default names the blocked syscall and
# kills (137) natively, through i386 int 0x80 and through x32, a default
# that is not kill_process kills silently (SIGSYS, 159), TIOCSTI with high
# bits set is caught; as root and as an unprivileged user in a user
# namespace (the listener is taken with pidfd_getfd from a rootless parent).
. "$(dirname "$0")/../lib/common.sh"
scratch
SC=$TESTBIN/sccall

pol() { # NAME TEXT: write and build T_TMP/NAME.polb
	printf '%s\n' "$2" >"$T_TMP/$1.pol"
	"$POLC" build "$T_TMP/$1.pol" -o "$T_TMP/$1.polb" >"$T_TMP/$1.build" 2>&1 ||
		{ fail "$1: polc build" "$(cat "$T_TMP/$1.build")"; return 1; }
	chmod 644 "$T_TMP/$1.polb"
}

# run WHO BLOB ARGS...: sets OUT (stdout+stderr) and RC
run() {
	who=$1 blob=$2; shift 2
	if [ "$who" = root ]; then
		OUT=$("$ENFORCE" "$blob" -- "$SC" "$@" 2>&1); RC=$?
	else
		OUT=$(as_user "$ENFORCE" "$blob" -- "$SC" "$@" 2>&1); RC=$?
	fi
}

expect() { # NAME WANT_RC NEEDLE
	if [ "$RC" = "$2" ]; then
		assert_contains "$1" "$OUT" "$3"
	else
		fail "$1" "exit $RC, want $2: $OUT"
	fi
}

pol notify 'policy notify
syscalls {
    default kill_process
    arch native x86 x32
    allow @system-service
    allow execve
    errno EPERM ioctl if request == TIOCSTI
    errno EACCES kcmp
    errno EXDEV mseal
}' || exit 1

pol nativeonly 'policy nativeonly
namespaces {
    unshare user pid
}
syscalls {
    default kill_process
    arch native
    allow @system-service
    allow execve
}' || exit 1

pol silent 'policy silent
syscalls {
    default errno ENOSYS
    arch native
    allow @system-service
    allow execve
    kill_process ptrace
}' || exit 1

# read() killed: enforce's child waits for the supervisor's ack with one
# read() after loading the filter; that call alone is let through.
pol noread 'policy noread
syscalls {
    default kill_process
    arch native
    allow execve brk arch_prctl set_tid_address set_robust_list rseq prlimit64
    allow mprotect readlink readlinkat getrandom uname write writev exit_group mmap
    allow newfstatat fstat ioctl getpid
}' || exit 1

run root "$T_TMP/notify.polb" native 39
expect "allowed getpid runs" 0 "errno=0"
run root "$T_TMP/notify.polb" native 312 0 0 0 0 0
expect "errno EACCES kcmp answers EACCES" 0 "errno=13"
run root "$T_TMP/notify.polb" native 16 0 0x100005412 0
expect "ioctl TIOCSTI with high bits set: EPERM" 0 "errno=1"
run root "$T_TMP/notify.polb" native 101
expect "ptrace: named, then killed" 137 "enforce: blocked syscall ptrace (101) in $SC"
run root "$T_TMP/notify.polb" i386 26
expect "i386 ptrace through int 0x80: named, killed" 137 "blocked syscall ptrace (26, i386 int 0x80)"
run root "$T_TMP/notify.polb" x32 521
expect "x32 ptrace: named, killed" 137 "blocked syscall ptrace (521, x32)"
run root "$T_TMP/notify.polb" native 462 0 0 0
expect "errno EXDEV mseal (unknown to libseccomp 2.5.4) by number" 0 "errno=18"
run root "$T_TMP/notify.polb" native 467 0 0 0 0 0
expect "open_tree_attr (unknown to libseccomp 2.5.4): named, killed" 137 "blocked syscall open_tree_attr (467)"

run root "$T_TMP/nativeonly.polb" i386 20
expect "x86 not listed: i386 getpid named, killed" 137 "blocked syscall getpid (20, i386 int 0x80)"
run root "$T_TMP/nativeonly.polb" x32 39
expect "x32 not listed: x32 getpid named, killed" 137 "blocked syscall getpid (39, x32)"

run root "$T_TMP/silent.polb" native 101
if [ "$RC" = 159 ] && ! printf %s "$OUT" | grep -q "blocked syscall"; then
	pass "default errno: kill_process ptrace kills with SIGSYS, no notify"
else
	fail "default errno: kill_process ptrace kills with SIGSYS, no notify" "exit $RC: $OUT"
fi
run root "$T_TMP/silent.polb" native 250
expect "default errno ENOSYS answers an unlisted call" 0 "errno=38"

run root "$T_TMP/noread.polb" native 39
expect "read() killed: the pre-exec ack still arrives, the command runs" 0 "errno=0"
run root "$T_TMP/noread.polb" native 0 0 0 0
expect "read() killed: the command's own read() is named and killed" 137 "blocked syscall read (0)"

# Rootless: a user namespace, the listener taken by an unprivileged parent.
run poltest "$T_TMP/nativeonly.polb" native 39
expect "rootless: allowed getpid runs" 0 "errno=0"
run poltest "$T_TMP/nativeonly.polb" native 101
expect "rootless: ptrace named, then killed" 137 "enforce: blocked syscall ptrace (101) in $SC"
run poltest "$T_TMP/notify.polb" native 16 0 0x100005412 0
expect "rootless: TIOCSTI with high bits set: EPERM" 0 "errno=1"

done_testing
