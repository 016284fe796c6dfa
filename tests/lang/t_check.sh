#!/bin/sh
# polc check: exit status, the JSON form, colour only on a terminal and
# never with NO_COLOR, and the warnings that name a risk. The warnings are
# polc audit's failed checks (one risk model, compiler/review/audit_checks.c),
# each tagged with the check's id; the texts below are the table's.
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || exit 1
scratch

printf 'syscalls {\n    allow opnat\n}\n' > "$T_TMP/bad.pol"
cat > "$T_TMP/good.pol" <<'POL'
policy good
process {
    user 1000 1000
}
namespaces {
    unshare user mount pid net ipc uts cgroup
}
filesystem {
    root /srv/rootfs
}
cgroup {
    pids.max 64
    memory.max 64M
    cpu.max 0.5
}
lsm {
    landlock {
        read /usr
    }
}
syscalls {
    arch native
    allow read write
}
POL
cat > "$T_TMP/risky.pol" <<'POL'
policy risky
process {
    no_new_privs off
}
namespaces {
    unshare mount
}
filesystem {
    bind / /host rw
    bind /var/run/docker.sock
}
capabilities {
    keep sys_admin
}
syscalls {
    default allow
    allow ptrace mount
}
POL

assert_status "check: a clean policy exits 0" 0 "$POLC" check "$T_TMP/good.pol"
assert_status "check: an error exits 1" 1 "$POLC" check "$T_TMP/bad.pol"
assert_status "check: warnings alone exit 0" 0 "$POLC" check "$T_TMP/risky.pol"
assert_status "check: any file with an error fails the run" 1 "$POLC" check "$T_TMP/good.pol" "$T_TMP/bad.pol"
assert_status "check: no file is a usage error" 2 "$POLC" check
assert_status "check: a missing file exits 1" 1 "$POLC" check "$T_TMP/none.pol"
out=$("$POLC" check "$T_TMP/good.pol" 2>&1)
assert_eq "check: a clean policy prints nothing" "" "$out"

# --json: one document on stdout
out=$(cd "$T_TMP" && "$POLC" check --json bad.pol 2>/dev/null)
assert_contains "json: the finding" "$out" '{"file":"bad.pol","line":2,"column":11,"severity":"error","message":"unknown syscall '"'"'opnat'"'"'","suggestion":"openat","rule":null}'
assert_contains "json: the counts" "$out" '"errors":1,"warnings":0}'
if command -v python3 >/dev/null 2>&1; then
	check "json: parses as JSON" python3 -c 'import json,sys; json.loads(sys.stdin.read())' <<EOF2
$out
EOF2
fi

# Colour: never into a pipe, never with NO_COLOR, on a terminal otherwise.
out=$("$POLC" check "$T_TMP/bad.pol" 2>&1)
case "$out" in *"$(printf '\033')"*) fail "no colour into a pipe" ;; *) pass "no colour into a pipe" ;; esac
if command -v script >/dev/null 2>&1; then
	out=$(script -qec "$POLC check $T_TMP/bad.pol" /dev/null 2>&1)
	case "$out" in *"$(printf '\033[1;31m')error"*) pass "colour on a terminal" ;; *) fail "colour on a terminal" ;; esac
	out=$(NO_COLOR=1 script -qec "$POLC check $T_TMP/bad.pol" /dev/null 2>&1)
	case "$out" in *"$(printf '\033')"*) fail "NO_COLOR: no colour on a terminal" ;; *) pass "NO_COLOR: no colour on a terminal" ;; esac
else
	skip "colour on a terminal" "script(1) not installed"
fi

# Warnings name the risk, at the setting that takes it.
out=$("$POLC" check "$T_TMP/risky.pol" 2>&1)
for want in \
	"risky.pol:3:5: warning: no_new_privs off: without no_new_privs a setuid binary or file capability raises privilege [no_new_privs_off]" \
	"risky.pol:9:5: warning: writable host / at /host: a writable host bind of /" \
	"risky.pol:10:5: warning: read-only host /var/run/docker.sock at /var/run/docker.sock: a container runtime's socket" \
	"risky.pol:13:10: warning: keeps sys_admin: CAP_SYS_ADMIN: mount, cgroup release_agent (CVE-2022-0492), BPF, keyrings: most container escapes start here [cap_sys_admin]" \
	"risky.pol:16:5: warning: default allow: every syscall not named gets through" \
	"risky.pol:16:5: warning: allows ioctl(TIOCSTI)" \
	"risky.pol:17:11: warning: allows ptrace process_vm_readv process_vm_writev: ptrace and process_vm_*" \
	"risky.pol:17:18: warning: allows mount fsopen fsmount move_mount open_tree mount_setattr umount2 pivot_root: the mount family allowed" \
	"risky.pol:1:1: warning: shares the host's pid namespace" \
	"risky.pol:1:1: warning: shares the host's net namespace" \
	"risky.pol:1:1: warning: no pids.max" \
	"risky.pol:1:1: warning: runs as the caller (root when started by root) without a user namespace: root inside is root on the host"; do
	assert_contains "risk warning: ${want#*warning: }" "$out" "$want"
done
out=$("$POLC" check --no-warnings "$T_TMP/risky.pol" 2>&1)
assert_eq "--no-warnings: nothing to say" "" "$out"
printf 'policy bare\n' > "$T_TMP/bare.pol"
out=$("$POLC" check "$T_TMP/bare.pol" 2>&1)
assert_contains "a policy without syscalls section is warned about" "$out" "bare.pol:1:1: warning: no syscalls section: no seccomp filter"

printf 'namespaces {\n    unshare mount\n}\nfilesystem {\n    proc /proc\n}\n' > "$T_TMP/proc.pol"
out=$("$POLC" check "$T_TMP/proc.pol" 2>&1)
assert_contains "proc without a pid namespace is warned about" "$out" "proc.pol:5:5: warning: proc without 'unshare pid' shows the host's processes: a proc mounted in the host's pid namespace"
out=$("$POLC" check --no-warnings "$T_TMP/proc.pol" 2>&1)
assert_eq "--no-warnings silences it" "" "$out"

# Namespace creation: decided by asking the compiled filter about every
# combination of the CLONE_NEW* bits. A conditional allow warns only when
# some combination gets through, and the warning names the first
# (new_userns for CLONE_NEWUSER, new_namespaces for the others).
# check_ns NAME RULE WANT: WANT "" means no unshare/clone warning at all.
check_ns() {
	printf 'syscalls {\n    %s\n}\n' "$2" > "$T_TMP/ns.pol"
	got=$("$POLC" check "$T_TMP/ns.pol" 2>&1 | grep -E 'warning: allows (unshare|clone)')
	if [ -z "$3" ]; then
		assert_eq "$1" "" "$got"
	else
		assert_contains "$1" "$got" "ns.pol:2:$3"
	fi
}
check_ns "unshare: every CLONE_NEW* clear (hardened.pol's): no warning" \
	"allow unshare if flags & 0x7e020080 == 0" ""
check_ns "clone: every CLONE_NEW* clear (hardened.pol's): no warning" \
	"allow clone if flags & 0x7e020000 == 0" ""
check_ns "unshare: flags == CLONE_FILES creates no namespace: no warning" \
	"allow unshare if flags == CLONE_FILES or flags == CLONE_FS" ""
check_ns "unshare: flags < CLONE_NEWNS creates no namespace: no warning" \
	"allow unshare if flags < 0x20000 and flags & 0x80 == 0" ""
check_ns "unshare without a condition: warned" \
	"allow unshare" "11: warning: allows unshare(CLONE_NEWUSER): "
check_ns "clone without a condition: warned" \
	"allow clone" "11: warning: allows clone(CLONE_NEWUSER): "
check_ns "unshare: CLONE_NEWTIME left possible: warned, naming it" \
	"allow unshare if flags & 0x7e020000 == 0" "11: warning: allows unshare(CLONE_NEWTIME): "
check_ns "clone: only CLONE_NEWUSER cleared: warned, naming CLONE_NEWNS" \
	"allow clone if flags & CLONE_NEWUSER == 0" "11: warning: allows clone(CLONE_NEWNS): "
check_ns "unshare: one case of the condition leaves CLONE_NEWUSER: warned" \
	"allow unshare if flags == 0 or flags == CLONE_NEWUSER" "11: warning: allows unshare(CLONE_NEWUSER): "
check_ns "unshare: a != test forces nothing: warned" \
	"allow unshare if flags != CLONE_NEWUSER" "11: warning: allows unshare(CLONE_NEWUSER|CLONE_NEWNS): "
for p in policies/hardened.pol examples/web.pol; do
	out=$("$POLC" check "$p" 2>&1)
	case "$out" in
	*"allows unshare"* | *"allows clone"*) fail "$p: no namespace warning (its conditions clear every CLONE_NEW*)" ;;
	*) pass "$p: no namespace warning (its conditions clear every CLONE_NEW*)" ;;
	esac
done

# socketcall on i386 bypasses socket's argument conditions.
# check_sc NAME ARCH SOCKETCALL-RULES WANT: WANT "" means no such warning.
check_sc() {
	printf 'syscalls {\n    arch %s\n    allow socket if domain in { AF_UNIX AF_INET }\n%s\n}\n' "$2" "$3" > "$T_TMP/sc.pol"
	got=$("$POLC" check "$T_TMP/sc.pol" 2>&1 | grep -A3 -E 'socketcall.*SYS_SOCKET')
	if [ -z "$4" ]; then
		assert_eq "$1" "" "$got"
	else
		assert_contains "$1" "$got" "$4"
		assert_contains "$1: the note names the socket rule" "$got" "sc.pol:3:11: note: the socket rule it bypasses is here"
	fi
}
check_sc "socketcall allowed on x86 with a checked socket: warned at the socketcall rule" \
	"x86_64 x86" "    allow socketcall" \
	"sc.pol:4:11: warning: allows socketcall on x86, while socket has argument conditions: socketcall(SYS_SOCKET) passes the family in memory the filter cannot read, so it bypasses them: socketcall(SYS_SOCKET) on i386 hides socket's arguments from the filter"
check_sc "socketcall through a group is warned too" \
	"x86_64 x86" "    allow @sc
}
group @sc { socketcall
" "sc.pol:4:11: warning: allows socketcall on x86"
check_sc "socketcall if call == 1: warned" \
	"x86" "    allow socketcall if call == 1" \
	"sc.pol:4:11: warning: allows socketcall with a condition that admits SYS_SOCKET (1) on x86"
check_sc "socketcall if the args pointer is tested only: warned" \
	"x86" "    allow socketcall if args != 0" \
	"sc.pol:4:11: warning: allows socketcall with a condition that admits SYS_SOCKET (1) on x86"
check_sc "default allow lets socketcall through: warned at the default" \
	"x86" "    default allow" "sc.pol:4:5: warning: the default allows socketcall on x86"
check_sc "socketcall if call != 1: no warning" "x86_64 x86" "    allow socketcall if call != 1" ""
check_sc "socketcall if call >= 2: no warning" "x86" "    allow socketcall if call >= 2" ""
check_sc "SYS_SOCKET refused before the fallback allow: no warning" \
	"x86" "    errno EPERM socketcall if call == 1
    allow socketcall" ""
check_sc "no x86 among the architectures: no warning" "x86_64" "    allow socketcall" ""
printf 'syscalls {\n    arch x86\n    allow socket socketcall\n}\n' > "$T_TMP/sc2.pol"
out=$("$POLC" check "$T_TMP/sc2.pol" 2>&1)
case "$out" in *SYS_SOCKET*) fail "socket without conditions: nothing to bypass, no warning" ;; *) pass "socket without conditions: nothing to bypass, no warning" ;; esac
out=$("$POLC" check policies/default.pol 2>&1)
case "$out" in *SYS_SOCKET*) fail "default.pol (socketcall if call != 1): no socketcall warning" ;; *) pass "default.pol (socketcall if call != 1): no socketcall warning" ;; esac

# Errors about settings that cannot work together.
printf 'filesystem {\n    tmpfs /tmp\n}\n' > "$T_TMP/nomnt.pol"
out=$("$POLC" check "$T_TMP/nomnt.pol" 2>&1)
assert_contains "mounts without a mount namespace: an error" "$out" "nomnt.pol:2:5: error: mounts need a mount namespace of their own: add 'unshare mount'"
printf 'namespaces {\n    uid_map 0 1000 1\n}\n' > "$T_TMP/nouser.pol"
out=$("$POLC" check "$T_TMP/nouser.pol" 2>&1)
assert_contains "id maps without a user namespace: an error" "$out" "nouser.pol:2:5: error: uid_map and gid_map need a user namespace: add 'unshare user'"

exit $((T_FAILED > 0))
