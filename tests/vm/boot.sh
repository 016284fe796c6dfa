#!/bin/sh
# Boots one VM of the lane and turns what it reports into TAP lines.
# Usage: boot.sh CONFIG KERNEL INITRD WORKDIR
# Writes WORKDIR/CONFIG.tap (the TAP lines, each test named "CONFIG: ..."),
# WORKDIR/CONFIG.console (kernel console and the tests' stderr) and
# WORKDIR/CONFIG.time (seconds from start to the guest's "ready", and to
# the end). Never hangs: the guest must say "ready" within VM_BOOT_TIMEOUT
# seconds and "done" within VM_RUN_TIMEOUT, or qemu is killed and the run
# is a failure that says which deadline passed.
set -u
config=$1 kernel=$2 initrd=$3 work=$4
: "${VM_BOOT_TIMEOUT:=120}" "${VM_RUN_TIMEOUT:=300}" "${VM_TEST_TIMEOUT:=120}" "${VM_MEM:=512}"
tap=$work/$config.tap console=$work/$config.console serial=$work/$config.serial
rm -f "$tap" "$console" "$serial" "$work/$config.time"
: >"$serial"

# Kernel command line per configuration: which major LSM is active, and
# whether cgroup v1 controllers exist at all; the cgroup2 VM also turns on
# the x32 entry (Debian builds it in, disabled: CONFIG_X86_X32_DISABLED),
# which the build machine's kernel lacks.
case $config in
apparmor) lsm="lsm=landlock,lockdown,yama,apparmor apparmor=1" ;;
selinux) lsm="lsm=landlock,lockdown,yama,selinux selinux=1 enforcing=0" ;;
cgroup2) lsm="lsm=landlock,lockdown,yama cgroup_no_v1=all syscall.x32=y" ;; # x32: tests/vm/cgroup2/t_learn_x32.sh
*) echo "not ok - $config: unknown VM configuration" >"$tap"; exit 1 ;;
esac
append="console=ttyS0 panic=-1 quiet loglevel=4 rdinit=/init $lsm polvm.config=$config polvm.timeout=$VM_TEST_TIMEOUT"

now() { cut -d' ' -f1 /proc/uptime; }
start=$(now)
elapsed() { awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# TCG, not KVM: this lane must give the same result on a host without
# /dev/kvm, and a KVM guest was seen to hang on this build machine.
qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m "$VM_MEM" \
	-nodefaults -no-reboot -display none -monitor none -nic none \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-serial "file:$console" -serial "file:$serial" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >"$work/$config.qemu" 2>&1 &
qemu=$!

# Wait for "ready" (boot deadline) then "done" (run deadline).
state=boot ready_at="" why=""
while :; do
	if ! kill -0 "$qemu" 2>/dev/null; then break; fi
	t=$(elapsed)
	if [ "$state" = boot ] && grep -q '^polvm: ready' "$serial"; then
		state=run ready_at=$t
	fi
	if [ "$state" = boot ] && awk -v t="$t" -v m="$VM_BOOT_TIMEOUT" 'BEGIN { exit !(t > m) }'; then
		why="did not come up within ${VM_BOOT_TIMEOUT}s"; break
	fi
	if awk -v t="$t" -v m="$VM_RUN_TIMEOUT" 'BEGIN { exit !(t > m) }'; then
		why="did not finish within ${VM_RUN_TIMEOUT}s"; break
	fi
	sleep 0.2
done
if [ -n "$why" ]; then
	kill "$qemu" 2>/dev/null
fi
wait "$qemu"
qstatus=$?
total=$(elapsed)
[ -n "$ready_at" ] || ready_at=$(grep -q '^polvm: ready' "$serial" && echo "$total" || echo "-")
echo "$config boot ${ready_at}s total ${total}s" >"$work/$config.time"

# The guest's TAP lines, named after the configuration; the rest as comments.
tr -d '\r' <"$serial" | awk -v c="$config" '
	/^ok - / { sub(/^ok - /, ""); print "ok - " c ": " $0; next }
	/^not ok - / { sub(/^not ok - /, ""); print "not ok - " c ": " $0; next }
	/^polvm: / { print "# " $0; next }
	{ print "# " $0 }' >"$tap"

done_line=$(tr -d '\r' <"$serial" | grep '^polvm: done' | tail -1)
# fail_vm WHY: one failure line, then what the console says: a panic line
# first when there is one (the call trace after it says less), then its end.
fail_vm() {
	echo "not ok - $config: VM $1 (console log: $console)" >>"$tap"
	tr -d '\r' <"$console" 2>/dev/null | grep -v '^\s*$' >"$console.txt"
	if [ ! -s "$console.txt" ]; then
		echo "#   (the console is empty: the kernel boots with quiet)" >>"$tap"
	fi
	grep -m 2 -E 'Kernel panic|not syncing' "$console.txt" | sed 's/^/#   /' >>"$tap"
	tail -12 "$console.txt" | sed 's/^/#   /' >>"$tap"
	rm -f "$console.txt"
}
if [ -n "$why" ]; then
	fail_vm "$why"
elif [ -z "$done_line" ]; then
	fail_vm "stopped before its tests finished (qemu exit status $qstatus)"
else
	# isa-debug-exit: qemu exits with (guest value << 1) | 1.
	gstatus=${done_line##* }
	if [ "$qstatus" != $(((gstatus << 1) | 1)) ]; then
		fail_vm "reported status $gstatus but qemu exited with $qstatus"
	elif [ "$gstatus" != 0 ] && ! grep -q '^not ok' "$tap"; then
		fail_vm "reported failure $gstatus without a failing test"
	fi
fi
grep -q '^not ok' "$tap" && exit 1
exit 0
