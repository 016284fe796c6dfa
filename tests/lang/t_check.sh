#!/bin/sh
# polc check: exit status, the JSON form, colour only on a terminal and
# never with NO_COLOR, and the warnings that name a risk.
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || exit 1
scratch

printf 'syscalls {\n    allow opnat\n}\n' > "$T_TMP/bad.pol"
cat > "$T_TMP/good.pol" <<'POL'
policy good
namespaces {
    unshare user mount pid net ipc uts cgroup
}
filesystem {
    root /srv/rootfs
}
cgroup {
    pids.max 64
}
syscalls {
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
assert_contains "json: the finding" "$out" '{"file":"bad.pol","line":2,"column":11,"severity":"error","message":"unknown syscall '"'"'opnat'"'"'","suggestion":"openat"}'
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
	"risky.pol:3:5: warning: no_new_privs off: setuid programs can gain privilege" \
	"risky.pol:9:5: warning: writable view of the host's whole file system" \
	"risky.pol:10:5: warning: binds the host's /var/run/docker.sock" \
	"risky.pol:13:10: warning: keeps CAP_SYS_ADMIN: mount, namespaces, BPF, and most known container escapes" \
	"risky.pol:16:5: warning: 'default allow': every syscall not named is allowed" \
	"risky.pol:17:11: warning: allows ptrace: inspects and controls other processes" \
	"risky.pol:17:18: warning: allows mount: mounts over the container's view" \
	"risky.pol: warning: shares the host's pid namespace" \
	"risky.pol: warning: shares the host's net namespace" \
	"risky.pol: warning: shares the host's user namespace" \
	"risky.pol: warning: no pids.max: nothing stops a fork bomb" \
	"risky.pol: warning: runs as uid 0 without a user namespace"; do
	assert_contains "risk warning: ${want#*warning: }" "$out" "$want"
done
out=$("$POLC" check --no-warnings "$T_TMP/risky.pol" 2>&1)
assert_eq "--no-warnings: nothing to say" "" "$out"
printf 'policy bare\n' > "$T_TMP/bare.pol"
out=$("$POLC" check "$T_TMP/bare.pol" 2>&1)
assert_contains "a policy without syscalls section is warned about" "$out" "no syscalls section: every system call is allowed"

printf 'namespaces {\n    unshare mount\n}\nfilesystem {\n    proc /proc\n}\n' > "$T_TMP/proc.pol"
out=$("$POLC" check "$T_TMP/proc.pol" 2>&1)
assert_contains "proc without a pid namespace is warned about" "$out" "proc.pol:5:5: warning: proc without 'unshare pid' shows the host's processes"
out=$("$POLC" check --no-warnings "$T_TMP/proc.pol" 2>&1)
assert_eq "--no-warnings silences it" "" "$out"

# Errors about settings that cannot work together.
printf 'filesystem {\n    tmpfs /tmp\n}\n' > "$T_TMP/nomnt.pol"
out=$("$POLC" check "$T_TMP/nomnt.pol" 2>&1)
assert_contains "mounts without a mount namespace: an error" "$out" "nomnt.pol:2:5: error: mounts need a mount namespace of their own: add 'unshare mount'"
printf 'namespaces {\n    uid_map 0 1000 1\n}\n' > "$T_TMP/nouser.pol"
out=$("$POLC" check "$T_TMP/nouser.pol" 2>&1)
assert_contains "id maps without a user namespace: an error" "$out" "nouser.pol:2:5: error: uid_map and gid_map need a user namespace: add 'unshare user'"

exit $((T_FAILED > 0))
