#!/bin/bash
# Escape probes through /proc and /sys, from inside under
# policies/default.pol and policies/hardened.pol, as root and as the
# unprivileged test user (tests/bin/escape_kernel.c, probe.c):
#   - pid 1 (enforce's init) and its executable, the enforce binary (runc
#     CVE-2019-5736): an O_PATH fd on /proc/1/exe reopened for writing
#     through /proc/self/fd, /proc/1/root, process_vm_writev into it and
#     pidfd_getfd of its fds; with `init off` pid 1 is the command itself
#     and its executable (a host file) cannot be opened for writing either
#     (the root is read-only);
#   - writable /proc/sys and /sys knobs that run host programs or change
#     the host (core_pattern, modprobe, sysrq-trigger, uevent_helper...),
#     the read-only /proc/sys remounted writable (mount_setattr);
#   - the masked paths (/proc/kcore, /proc/keys, /proc/timer_list,
#     /sys/firmware...) read, and unmasked by umount.
# Only knobs and masks this host has are tried (the rest would prove
# nothing); each one must be refused, and the test says with what.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

for base in default hardened; do
	for init in on off; do
		pol "ep_${base}_$init" <<EOF || exit 1
policy ep_${base}_$init
use $base
process { init $init }
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
EOF
	done
done

KNOBS=""
for k in /proc/sys/kernel/core_pattern /proc/sys/kernel/modprobe /proc/sys/kernel/panic \
	/proc/sys/fs/suid_dumpable /proc/sys/vm/overcommit_memory /proc/sys/kernel/randomize_va_space \
	/proc/sysrq-trigger /sys/kernel/uevent_helper /sys/kernel/mm/ksm/run \
	/sys/kernel/profiling /sys/power/state /sys/kernel/kexec_crash_size; do
	[ -e "$k" ] && KNOBS="$KNOBS $k"
done
MASKED_FILES=""
for m in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats \
	/proc/interrupts; do
	[ -r "$m" ] && MASKED_FILES="$MASKED_FILES $m"
done
MASKED_DIRS=""
for m in /sys/firmware /proc/acpi /proc/scsi /proc/asound /sys/devices/virtual/powercap; do
	[ -d "$m" ] && [ -n "$(ls -A "$m" 2>/dev/null)" ] && MASKED_DIRS="$MASKED_DIRS $m"
done
echo "# knobs tried:$KNOBS"
echo "# masked files:$MASKED_FILES; masked dirs:$MASKED_DIRS"

# Control: the same helper as root on the host opens and lists them.
# shellcheck disable=SC2046 # one word per path, by design
OUT=$("$PROBE" $(for k in $KNOBS; do echo write "$k"; done) 2>&1)
assert_eq "control: every knob opens for writing on the host" \
	"$(echo $KNOBS | wc -w)" "$(printf '%s\n' "$OUT" | grep -c '^try write: ok')"
# shellcheck disable=SC2046
OUT=$("$EK" $(for m in $MASKED_DIRS; do echo listdir "$m"; done) 2>&1)
assert_eq "control: every masked directory lists on the host" \
	"$(echo $MASKED_DIRS | wc -w)" "$(printf '%s\n' "$OUT" | grep -c '^try listdir .*: ok')"

proc_suite() {
	label=$1 base=$2 runner=$3
	# shellcheck disable=SC2046
	$runner "$T_TMP/ep_${base}_on.polb" -- "$EK" tag "$T_TMP" exe_opath 1 proc_root 1 pvm_write 1 \
		pidfd_getfd 1 mount_setattr /proc/sys mount_setattr /sys \
		$(for m in $MASKED_DIRS; do echo listdir "$m"; done)
	assert_eq "$label: the helper ran to the end" 0 "$RC"
	expect "$label" "exe_opath 1" EACCES  # init is not dumpable
	expect "$label" "proc_root 1" EACCES
	if [ "$base" = default ]; then
		expect "$label" "pvm_write 1" EPERM  # allowed syscall, refused by ptrace access
		expect "$label" "pidfd_getfd 1" EPERM
	else
		expect "$label" "pvm_write 1" EPERM "KILL:process_vm_writev"
		expect "$label" "pidfd_getfd 1" EPERM "KILL:pidfd_getfd"
	fi
	expect "$label" "mount_setattr /proc/sys" EPERM
	expect "$label" "mount_setattr /sys" EPERM
	for m in $MASKED_DIRS; do
		expect "$label" "listdir $m" ENODATA EACCES # the mask: an empty tmpfs of mode 0
	done

	# shellcheck disable=SC2046
	$runner "$T_TMP/ep_${base}_on.polb" -- "$PROBE" \
		$(for k in $KNOBS; do echo write "$k"; done) \
		$(for m in $MASKED_FILES; do echo read "$m"; done) \
		$(for m in $MASKED_FILES $MASKED_DIRS /proc/sys; do echo umount "$m"; done)
	assert_eq "$label: the probe ran to the end" 0 "$RC"
	n=$(echo $KNOBS | wc -w)
	assert_eq "$label: all $n /proc/sys and /sys knobs refused for writing (EROFS or EACCES)" "$n" \
		"$(printf '%s\n' "$OUT" | grep -cE '^try write: blocked: (Read-only file system|Permission denied)$')"
	n=$(echo $MASKED_FILES | wc -w)
	# world-readable files; masked by a nodev bind of /dev/null: EACCES
	assert_eq "$label: all $n masked files refused (EACCES: the nodev /dev/null over them)" "$n" \
		"$(printf '%s\n' "$OUT" | grep -cE '^try read: blocked: (Permission denied|No data available)$')"
	n=$(echo $MASKED_FILES $MASKED_DIRS /proc/sys | wc -w)
	assert_eq "$label: all $n masks and /proc/sys stay mounted (umount: EPERM)" "$n" \
		"$(printf '%s\n' "$OUT" | grep -cE '^try umount: blocked: Operation not permitted$')"

	# init off: pid 1 is the command; its executable is a host file.
	$runner "$T_TMP/ep_${base}_off.polb" -- "$EK" tag "$T_TMP" exe_opath 1
	# EROFS: the read-only root; EACCES: root in a user namespace does not
	# own the host file
	expect "$label, init off" "exe_opath 1" EROFS ETXTBSY EACCES
}

proc_suite default default enf
proc_suite hardened hardened enf
proc_suite "default rootless" default enf_user
proc_suite "hardened rootless" hardened enf_user

nothing_left escape_proc
done_testing
