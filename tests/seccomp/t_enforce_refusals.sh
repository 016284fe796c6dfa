#!/bin/sh
# Refusals that do not kill are not silent under -v: each syscall refused
# with an errno is named with the errno and the entry it came through
# (native, i386 int 0x80), the caller still gets exactly that errno; a
# call refused for an argument names the argument and its value (a kill,
# and an errno); without -v the errno refusals stay quiet and the filter
# is the blob's own. As root and rootless.
. "$(dirname "$0")/../lib/common.sh"
scratch
SC=$TESTBIN/sccall

printf '%s\n' 'policy refusals
namespaces {
    unshare user pid
}
syscalls {
    default kill_process
    arch native x86 x32
    allow @system-service
    allow execve
    allow personality if persona == 0xffffffff
    errno EPERM ioctl if request == TIOCSTI
    errno EACCES kcmp
    errno EPERM @namespaces
    kill_process ptrace
}' >"$T_TMP/r.pol"
"$POLC" build "$T_TMP/r.pol" -o "$T_TMP/r.polb" >"$T_TMP/b.out" 2>&1 ||
	{ fail "polc build" "$(cat "$T_TMP/b.out")"; exit 1; }
chmod 644 "$T_TMP/r.polb"

run() { # WHO [-v] ARGS...: OUT (stderr without the -v step lines), RC
	who=$1; shift
	if [ "$who" = root ]; then set -- "$ENFORCE" "$@"; else set -- as_user "$ENFORCE" "$@"; fi
	OUT=$("$@" 2>&1 | grep -v '^enforce: [a-z_0-9-]*: '); RC=$?
}

for who in root "$T_USER"; do
	run "$who" -v "$T_TMP/r.polb" -- "$SC" native 312 1 1
	assert_contains "$who -v: kcmp refused with EACCES is named, with its rule's line" "$OUT" "enforce: refused kcmp: EACCES by r.pol:12 (312) in $SC"
	assert_contains "$who -v: ... and the caller gets EACCES" "$OUT" "errno=13"
	run "$who" -v "$T_TMP/r.polb" -- "$SC" i386 349 1 1
	assert_contains "$who -v: i386 kcmp is named with its entry" "$OUT" "enforce: refused kcmp: EACCES by r.pol:12 (349, i386 int 0x80) in $SC"
	assert_contains "$who -v: ... EACCES" "$OUT" "errno=13"
	run "$who" -v "$T_TMP/r.polb" -- "$SC" native 308 0 0
	assert_contains "$who -v: a refusal by a group names the group" "$OUT" "enforce: refused setns: EPERM by @namespaces (308) in $SC"
	assert_contains "$who -v: ... EPERM" "$OUT" "errno=1"
	run "$who" -v "$T_TMP/r.polb" -- "$SC" native 16 0 0x5412
	assert_contains "$who -v: an errno for an argument names it" "$OUT" "enforce: refused ioctl(request=0x5412): EPERM by r.pol:11 (16)"
	assert_contains "$who -v: ... EPERM" "$OUT" "errno=1"
	run "$who" -v "$T_TMP/r.polb" -- "$SC" native 16 0 0x5401
	case $OUT in *refused*) fail "$who -v: an ioctl the blob allows is not named" "$OUT" ;; *) pass "$who -v: an ioctl the blob allows is not named" ;; esac
	run "$who" "$T_TMP/r.polb" -- "$SC" native 135 0x1234
	assert_contains "$who: a kill for an argument names the argument" "$OUT" "enforce: blocked syscall personality (135) in $SC: personality(persona=0x1234)"
	run "$who" "$T_TMP/r.polb" -- "$SC" native 101
	assert_contains "$who: a kill whatever the arguments names the call alone, and its rule" "$OUT" "enforce: blocked syscall ptrace (101) in $SC, by r.pol:14"
	run "$who" "$T_TMP/r.polb" -- "$SC" native 169 0
	assert_contains "$who: a kill by the default names no rule" "$OUT" "enforce: blocked syscall reboot (169) in $SC"
	case $OUT in *", by"*) fail "$who: ... no origin for the default" "$OUT" ;; *) pass "$who: ... no origin for the default" ;; esac
	run "$who" "$T_TMP/r.polb" -- "$SC" native 312 1 1
	case $OUT in *refused*) fail "$who: without -v errno refusals stay quiet" "$OUT" ;;
	*errno=13*) pass "$who: without -v errno refusals stay quiet (still EACCES)" ;;
	*) fail "$who: without -v, EACCES" "$OUT" ;; esac
done

done_testing
