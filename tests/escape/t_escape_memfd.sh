#!/bin/bash
# Escape probes: code run from memory or through the dynamic loader, past
# Landlock's `execute` (issue 12, item 6; docs/lsm.md, "Executable memory").
#   - memfd_create + execveat(AT_EMPTY_PATH) (fexecve), and execve of
#     /proc/self/fd/N, of a copy of a binary (tests/bin/memfd_exec.c):
#     under policies/hardened.pol memfd_create without MFD_NOEXEC_SEAL (or
#     with MFD_EXEC) is refused with EACCES, and a sealed memfd cannot be
#     executed (the kernel's EACCES); also under a hardened policy with a
#     Landlock section, as root and as the unprivileged test user.
#   - ld.so FILE: Landlock's `execute` does not cover it (the loader opens
#     FILE for reading and maps it PROT_EXEC: no execute right is checked),
#     so a binary under a path the ruleset reads but does not execute runs
#     through ld.so: tested here so that docs/lsm.md stays true. What does
#     stop it is a noexec mount: ld.so on a copy in the container's /tmp
#     (every tmpfs enforce mounts is noexec) fails to map it.
# Host controls: each of these runs on the host.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

MX=$TESTBIN/memfd_exec
[ -x "$MX" ] || { fail "memfd_exec is built" "$MX missing"; exit 1; }
LDSO=$(ls /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1 /lib/ld-linux-riscv64-lp64d.so.1 2>/dev/null | head -n 1)
[ -n "$LDSO" ] || { fail "the dynamic loader is found" "none of the usual paths"; exit 1; }

mkdir -p "$T_TMP/x"
cp /bin/true "$T_TMP/x/true-copy"
chmod -R a+rX "$T_TMP/x"

pol mf_hardened <<POL || exit 1
policy mf_hardened
use hardened
filesystem { root / readonly }
POL
# Landlock reads everything and executes only the system's directories;
# $T_TMP/x (a plain bind, exec allowed by the mount) is read-only for it.
pol mf_landlock <<POL || exit 1
policy mf_landlock
use hardened
filesystem {
    root / readonly
    bind $T_TMP/x /mnt
}
lsm {
    landlock {
        read /
        write /tmp /dev/null
        execute /usr /lib /lib64 /bin /sbin $TESTBIN
    }
}
POL

# Controls on the host.
for how in execveat procfd; do
	OUT=$("$MX" try 0 $how 2>&1)
	assert_contains "control: a memfd copy runs on the host ($how)" "$OUT" "try memfd 0 $how: ok"
done
OUT=$("$MX" try 0x8 execveat 2>&1)
assert_contains "control: the kernel refuses exec of a MFD_NOEXEC_SEAL memfd" "$OUT" \
	"try memfd 0x8 execveat: blocked: Permission denied (exec)"
check "control: the copy runs on the host" "$T_TMP/x/true-copy"
check "control: ld.so runs the copy on the host" "$LDSO" "$T_TMP/x/true-copy"

# memfd_suite LABEL POLICY RUNNER
memfd_suite() {
	label=$1 blob=$T_TMP/$2.polb runner=$3
	for how in execveat procfd; do
		for flags in 0 0x1 0x10; do
			$runner "$blob" -- "$MX" tag "$T_TMP" try $flags $how
			assert_contains "$label: memfd_create($flags) + $how refused (EACCES)" "$OUT" \
				"try memfd $flags $how: blocked: Permission denied (memfd_create)"
		done
		$runner "$blob" -- "$MX" tag "$T_TMP" try 0x9 $how
		assert_contains "$label: a MFD_NOEXEC_SEAL memfd is made but does not run ($how)" "$OUT" \
			"try memfd 0x9 $how: blocked: Permission denied (exec)"
	done
}
memfd_suite hardened mf_hardened enf
memfd_suite "hardened rootless" mf_hardened enf_user
memfd_suite "hardened+landlock" mf_landlock enf
memfd_suite "hardened+landlock rootless" mf_landlock enf_user

# ld_suite LABEL RUNNER: what Landlock's execute covers, and what it does not.
ld_suite() {
	label=$1 runner=$2
	$runner "$T_TMP/mf_landlock.polb" -- /bin/sh -c "
		/mnt/true-copy 2>/dev/null; echo direct=\$?
		$LDSO /mnt/true-copy 2>/dev/null; echo ldso=\$?
		cp /bin/true /tmp/t && $LDSO /tmp/t 2>&1; echo tmp=\$?"
	assert_contains "$label: exec of a file outside Landlock's execute paths: EACCES (126)" "$OUT" "direct=126"
	# the documented limit: ld.so reads and maps; Landlock sees no execute
	assert_contains "$label: ld.so on the same file is not stopped by Landlock (docs/lsm.md)" "$OUT" "ldso=0"
	assert_contains "$label: ld.so on a copy in the noexec /tmp cannot map it" "$OUT" "failed to map segment"
	assert_contains "$label: ... and fails" "$OUT" "tmp=127"
}
ld_suite landlock enf
ld_suite "landlock rootless" enf_user

nothing_left escape_memfd
done_testing
