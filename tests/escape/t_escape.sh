#!/bin/bash
# Known container escapes, each tried from inside under the shipped bases
# policies/default.pol (Docker's default) and policies/hardened.pol, as root
# and (hardened) as an unprivileged user. Every one must be blocked: refused
# with an errno, or the process killed by the seccomp filter.
#   leaked fds / cwd outside the root      runc CVE-2024-21626
#   pid 1's (enforce's) exe through /proc   runc CVE-2019-5736
#   TIOCSTI into the caller's terminal      bubblewrap CVE-2017-5226 (+ high bits)
#   mount, umount, pivot_root, nested user namespaces, setns, ptrace,
#   writable /proc/sys and /sys, /proc/kcore (absent from this test kernel,
#   so the masked /proc/interrupts, timer_list and keys are read too), the
#   i386 entry, raw sockets, a fork bomb.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
enforce_test_setup

for base in default hardened; do
	pol "esc_$base" <<EOF || exit 1
policy esc_$base
use $base
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
cgroup { pids.max 64 }
EOF
done
pol esc_hardened_rootless <<EOF || exit 1
policy esc_hardened_rootless
use hardened
filesystem {
    root / readonly
}
EOF

# blocked LABEL NAME: the probe's line for try NAME says blocked or killed.
blocked() {
	line=$(printf '%s\n' "$OUT" | grep "^try $2: " | head -n 1)
	case "$line" in
	*": blocked: "* | *": killed: "*) pass "$1: $2 (${line#try $2: })" ;;
	*) fail "$1: $2 blocked" "${line:-no answer from the probe} [$ERR]" ;;
	esac
}

escape_suite() {
	label=$1 blob=$2 runner=$3
	exec 7</etc 8</
	$runner "$blob" -- "$PROBE" fds cwd seccomp caps \
		mount umount pivot_root remount_root userns nested_ns setns /proc/1/ns/net \
		ptrace 1 exe 1 exe_write 1 \
		write /proc/sys/kernel/hostname write /proc/sys/vm/drop_caches \
		write /sys/kernel/mm/transparent_hugepage/enabled write /sys/fs/cgroup/cgroup.procs \
		read /proc/kcore read /proc/interrupts read /proc/timer_list read /proc/keys \
		int80 int80 21 chdir /proc/self/fd/7
	exec 7<&- 8<&-
	assert_eq "$label: the probe ran to the end" 0 "$RC"
	assert_eq "$label: no leaked fd (CVE-2024-21626)" "0 1 2" "$(val fds)"
	assert_eq "$label: cwd inside the root" "/" "$(val cwd)"
	check "$label: a seccomp filter is loaded" test "$(val Seccomp)" = 2
	for t in mount umount pivot_root remount_root userns nested_ns setns ptrace exe exe_write \
		read int80 chdir; do
		blocked "$label" "$t"
	done
	assert_eq "$label: /proc/kcore and the other masked /proc files: all 4 unreadable" 4 \
		"$(printf '%s\n' "$OUT" | grep -cE '^try read: (blocked|killed)')"
	assert_eq "$label: writable /proc/sys and /sys knobs: all 4 refused" 4 \
		"$(printf '%s\n' "$OUT" | grep -cE '^try write: (blocked|killed)')"
	check "$label: int 0x80 mount (21) also blocked" \
		test "$(printf '%s\n' "$OUT" | grep -cE '^try int80: (blocked|killed)')" = 2
}

escape_suite default "$T_TMP/esc_default.polb" enf
escape_suite hardened "$T_TMP/esc_hardened.polb" enf
escape_suite "hardened rootless" "$T_TMP/esc_hardened_rootless.polb" enf_user

# Raw sockets: hardened drops CAP_NET_RAW and filters the families.
enf "$T_TMP/esc_hardened.polb" -- "$PROBE" raw packet
blocked hardened raw
blocked hardened packet
# default.pol keeps Docker's CAP_NET_RAW, so a raw IP socket opens; it sees
# only the container's own network namespace (lo). That containment, not a
# refusal, is what Docker's default gives; the test says which.
enf "$T_TMP/esc_default.polb" -- "$PROBE" raw packet ns
for t in raw packet; do
	if printf '%s\n' "$OUT" | grep -q "^try $t: ok"; then
		check "default: $t socket allowed (Docker keeps net_raw) but in a network namespace of its own" \
			test "$(val 'ns net')" != "$(stat -L -c %i /proc/self/ns/net)"
	else
		blocked default "$t"
	fi
done

# The supervisor names what the filter killed, whether the command is pid 1
# (init off) or the child of the reaper (init on): the listener is taken
# from whichever process announced it.
pol esc_hardened_noinit <<EOF || exit 1
policy esc_hardened_noinit
use hardened
process { init off }
filesystem { root / readonly }
EOF
for blob in esc_hardened esc_hardened_noinit; do
	enf "$T_TMP/$blob.polb" -- "$PROBE" userns
	blocked "$blob" userns
	assert_contains "$blob: the supervisor names the blocked syscall" "$ERR" \
		"enforce: blocked syscall unshare (272) in $PROBE"
done

# The fork bomb meets pids.max.
for base in default hardened; do
	enf "$T_TMP/esc_$base.polb" -- "$PROBE" forkbomb 1000
	blocked "$base" forkbomb
	n=$(val forkbomb | cut -d' ' -f1)
	check "$base: fork bomb stopped below pids.max 64 (got ${n:-?})" test "${n:-999}" -lt 64
done

# TIOCSTI into the terminal enforce was started from (script(1) gives it one).
if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null)" = 0 ]; then
	skip "TIOCSTI" "the kernel refuses TIOCSTI for everyone (dev.tty.legacy_tiocsti=0)"
else
	ctl=$(script -qec "$PROBE tiocsti" /dev/null </dev/null 2>&1)
	assert_contains "control: TIOCSTI works here without enforce" "$ctl" "try tiocsti: ok"
	# Under default the command's terminal is now a pty of its own
	# (enforcer/stdio.c), where TIOCSTI types only into its own input, as
	# under `docker run -t`; t_escape_pty.sh shows the caller's terminal
	# untouched. hardened refuses the ioctl itself.
	for base in hardened; do
		OUT=$(script -qec "$ENFORCE $T_TMP/esc_$base.polb -- $PROBE tiocsti tiocsti high" /dev/null </dev/null 2>&1)
		assert_eq "$base: TIOCSTI refused or killed, also with the high bits set" 2 \
			"$(printf '%s\n' "$OUT" | grep -cE '^try tiocsti: (blocked|killed)')"
	done
fi

nothing_left escape
done_testing
