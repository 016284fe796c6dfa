#!/bin/bash
# Process settings and credentials, seen from inside: a clean environment
# (only what the policy sets or passes), rlimits, umask, hostname, cwd,
# groups/gid/uid, capabilities in all five sets with ambient, no_new_privs.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
make_rootfs
mkdir -p "$R/srv"

pol p <<EOF
policy p
process {
    user 1000 1000
    groups 1000 2000
    cwd /srv
    hostname boxy
    env PATH=/bin LANG=C.UTF-8
    env_pass TERM MISSING_VAR
    rlimit nofile 100 200
    rlimit core 0
    umask 0027
}
namespaces { unshare user mount pid ipc uts net }
filesystem {
    root $R
    proc /proc
}
capabilities {
    keep net_bind_service chown
    ambient net_bind_service
}
EOF
export TERM=xterm-test SECRET=leak
enf "$T_TMP/p.polb" -- probe env ids cwd hostname rlimits umask caps seccomp
assert_eq "runs (found on the policy's PATH)" 0 "$RC"
assert_eq "env: exactly PATH, LANG and the passed TERM" \
	"env: PATH=/bin|env: LANG=C.UTF-8|env: TERM=xterm-test" "$(printf '%s\n' "$OUT" | grep '^env:' | paste -sd'|')"
assert_eq "uid" "1000 1000" "$(val uid)"
assert_eq "gid" "1000 1000" "$(val gid)"
assert_eq "supplementary groups" "1000 2000" "$(val groups)"
assert_eq "cwd" "/srv" "$(val cwd)"
assert_eq "hostname (uts namespace)" "boxy" "$(val hostname)"
assert_eq "the host's hostname unchanged" "$(hostname)" "$(cat /proc/sys/kernel/hostname)"
assert_eq "rlimit nofile" "100 200" "$(val 'rlimit nofile')"
assert_eq "rlimit core" "0 0" "$(val 'rlimit core')"
assert_eq "umask" "0027" "$(val umask)"
# net_bind_service is bit 10, chown bit 0: 0x401.
assert_eq "CapBnd: kept ones only" "0000000000000401" "$(val CapBnd)"
assert_eq "CapInh" "0000000000000401" "$(val CapInh)"
assert_eq "CapPrm (ambient survives exec as non-root)" "0000000000000400" "$(val CapPrm)"
assert_eq "CapEff" "0000000000000400" "$(val CapEff)"
assert_eq "CapAmb" "0000000000000400" "$(val CapAmb)"
assert_eq "no_new_privs on by default" "1" "$(val NoNewPrivs)"

# Root inside with a capability kept: the five sets are exactly keep.
pol r <<EOF
policy r
process { no_new_privs off }
namespaces { unshare user mount pid }
filesystem {
    root $R
    proc /proc
}
capabilities { keep sys_chroot }
EOF
enf "$T_TMP/r.polb" -- /bin/probe caps seccomp ids chroot
assert_eq "root: CapEff = keep" "0000000000040000" "$(val CapEff)"
assert_eq "root: CapBnd = keep" "0000000000040000" "$(val CapBnd)"
assert_eq "root: CapAmb empty" "0000000000000000" "$(val CapAmb)"
assert_eq "no_new_privs off when the policy says so" "0" "$(val NoNewPrivs)"
assert_contains "a kept capability works" "$OUT" "try chroot: ok"
assert_eq "root of the user namespace" "0 0" "$(val uid)"
assert_contains "maps root to an unprivileged range" "$(val uid_map)" "0     100000      65536"

# A cwd that does not exist in the root: enforce fails, the command never runs.
pol badcwd <<EOF
policy badcwd
process { cwd /nonexistent }
namespaces { unshare user mount pid }
filesystem {
    root $R
    proc /proc
}
EOF
enf "$T_TMP/badcwd.polb" -- /bin/probe create /tmp/ran
assert_eq "missing cwd: 125" 125 "$RC"
assert_contains "missing cwd: one line" "$ERR" "enforce: cwd: /nonexistent: No such file or directory"

# A uid the user namespace does not map: refused, not run as someone else.
pol badid <<EOF
policy badid
process { user 70000 70000 }
namespaces { unshare user mount }
filesystem { root $R }
EOF
enf "$T_TMP/badid.polb" -- /bin/probe ids
assert_eq "unmapped uid: 125" 125 "$RC"
assert_contains "unmapped uid: says why" "$ERR" "not mapped"

nothing_left process
done_testing
