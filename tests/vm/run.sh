#!/bin/sh
# The VM lane: what this build machine's kernel cannot show (AppArmor
# enforcing, SELinux enforcing, a pure cgroup v2 hierarchy), run for real
# on Debian's kernel under qemu (TCG). Called by tests/run.sh (phase vm)
# and `make check-vm`; prints one TAP line per test, "CONFIG: name".
#
#  1. fetch.sh: kernel, secilc, busybox through apt, cached in
#     build-vm/cache (shared by every checkout's runs, under a lock)
#  2. a static enforce and static test helpers (make BUILD=.../static)
#  3. the blobs of tests/vm/*/*.pol and tests/lsm/vm/*.pol, built by polc
#     (`use` finds the standard library in policies/) with generated AppArmor
#     profiles compiled for the lane kernel's features
#     (tests/vm/apparmor/kernel.features), one blob compiled for other
#     features, and the hand-written profiles (*.profile) compiled to binary
#     policy by the host's apparmor_parser: the guest has no parser
#  4. build-guest.sh: one initramfs for every configuration
#  5. boot.sh per configuration, two VMs at most at once, each under a boot
#     and a run deadline
# Environment: VM_CONFIGS (default "apparmor selinux cgroup2"), VM_JOBS (2),
# VM_BOOT_TIMEOUT, VM_RUN_TIMEOUT, VM_TEST_TIMEOUT (see boot.sh).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
: "${BUILD:=build}" "${VM_CONFIGS:=apparmor selinux cgroup2}" "${VM_JOBS:=2}"
VM_DIR=$TOP/build-vm
work=$VM_DIR/$(echo "$BUILD" | tr '/' '_')
cache=$VM_DIR/cache
static=build-vm/$(echo "$BUILD" | tr '/' '_')/static
lane_start=$(cut -d' ' -f1 /proc/uptime)
failed=0

skip_lane() { echo "ok - vm lane # SKIP $1"; exit 0; }
bad() { echo "not ok - vm: $1"; failed=1; }
good() { echo "ok - vm: $1"; }
show_log() { tail -n "${2:-15}" "$1" | sed 's/^/#   /'; }

command -v qemu-system-x86_64 >/dev/null 2>&1 || skip_lane "qemu-system-x86_64 is not installed"
qemu-system-x86_64 -accel help 2>/dev/null | grep -qx tcg || skip_lane "qemu-system-x86_64 has no TCG accelerator"
for tool in apt-get apt-cache dpkg-deb cpio gzip flock; do
	command -v $tool >/dev/null 2>&1 || skip_lane "$tool is not installed (the guest is built from Debian packages)"
done
mkdir -p "$work" "$cache"

# 1. Kernel and guest packages.
if flock "$VM_DIR/cache.lock" tests/vm/fetch.sh "$cache" >"$work/fetch.log" 2>&1; then
	good "kernel and guest packages fetched through apt"
	sed -n 's/^# vm fetch: \(kernel .*\)/# \1/p' "$work/fetch.log"
else
	bad "fetching the kernel and guest packages through apt failed"
	show_log "$work/fetch.log"
	exit 1
fi

# 2. enforce and the test helpers, linked statically (libc and libcap both
# have static archives), in a build directory of their own.
helpers=$(for c in tests/bin/*.c; do [ -f "$c" ] && echo "$static/tests/bin/$(basename "$c" .c)"; done)
# shellcheck disable=SC2086
if make -s BUILD="$static" CFLAGS='-O2 -static' "$static/enforce" $helpers >"$work/static-build.log" 2>&1; then
	good "static enforce and test helpers built"
else
	bad "building a static enforce failed ($work/static-build.log)"
	show_log "$work/static-build.log"
fi

# 3. Blobs, built on the host by polc (the guest has no compiler).
polc=${POLC:-$TOP/$BUILD/polc}
blobs=$work/blobs
rm -rf "$blobs" && mkdir -p "$blobs"
aa_features=$TOP/tests/vm/apparmor/kernel.features
aa_other=/usr/share/apparmor-features/features
# Brought up to date unless the caller named a polc of its own.
[ -n "${POLC:-}" ] || make -s BUILD="$BUILD" "$BUILD/polc" >"$work/polc-build.log" 2>&1
if [ ! -x "$polc" ]; then
	bad "polc did not build, so no blob could ($work/polc-build.log)"
	show_log "$work/polc-build.log" 5
	echo "polc did not build on the host" >"$blobs/UNAVAILABLE"
elif ! "$polc" --help 2>/dev/null | grep -q '^ *build '; then
	# The guest tests that need a blob skip and name this reason.
	echo "polc has no build command in this tree yet" >"$blobs/UNAVAILABLE"
	echo "# vm: no blobs: $(cat "$blobs/UNAVAILABLE")"
else
	for pol in tests/vm/*/*.pol tests/lsm/vm/*.pol; do
		[ -f "$pol" ] || continue
		name=$(basename "$pol" .pol)
		if [ -e "$blobs/$name.polb" ]; then
			bad "two policies named $name.pol: the guest's /blobs holds one"
			continue
		fi
		if "$polc" build -I "$TOP/policies" --apparmor-features "$aa_features" "$pol" \
			-o "$blobs/$name.polb" >"$work/blob-$name.log" 2>&1; then
			good "polc build $pol"
		else
			bad "polc build $pol"
			show_log "$work/blob-$name.log" 5
		fi
	done
	# A blob compiled for other features than the guest kernel's (Debian's
	# pinned 5.4 feature set from the apparmor package): enforce refuses it.
	if "$polc" build --apparmor-features "$aa_other" tests/lsm/vm/lsm_aa_gen.pol \
		-o "$blobs/aa_other_features.polb" >"$work/blob-aa_other.log" 2>&1 &&
		! cmp -s "$aa_other" "$aa_features"; then
		good "polc build tests/lsm/vm/lsm_aa_gen.pol for other AppArmor features"
	else
		bad "polc build tests/lsm/vm/lsm_aa_gen.pol for other AppArmor features"
		show_log "$work/blob-aa_other.log" 5
	fi
fi

# 3b. The hand-written profiles the guest loads itself (by writing them to
# apparmorfs/.replace), compiled here for the guest kernel's features.
for prof in tests/vm/apparmor/*.profile tests/lsm/vm/*.profile; do
	[ -f "$prof" ] || continue
	name=$(basename "$prof" .profile)
	if apparmor_parser --config-file=/dev/null -Q -K -M "$aa_features" -S <"$prof" \
		>"$blobs/$name.aabin" 2>"$work/aabin-$name.log"; then
		good "apparmor_parser compiles $prof on the host"
	else
		bad "apparmor_parser compiles $prof on the host"
		show_log "$work/aabin-$name.log" 5
	fi
done

# 4. The initramfs.
if tests/vm/build-guest.sh "$cache" "$work/guest" "$static" "$blobs" >"$work/guest.log" 2>&1; then
	good "guest initramfs built ($(du -k "$work/guest/initrd.gz" | cut -f1) KiB)"
else
	bad "building the guest initramfs failed"
	show_log "$work/guest.log"
	exit 1
fi

# 5. One VM per configuration, VM_JOBS at most at once.
since() { awk -v a="$1" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }'; }
echo "# vm time: fetch and builds on the host $(since "$lane_start")s"
boot_start=$(cut -d' ' -f1 /proc/uptime)
pending=$VM_CONFIGS running=""
start_vm() {
	tests/vm/boot.sh "$1" "$cache/vmlinuz" "$work/guest/initrd.gz" "$work" >/dev/null 2>&1 &
	running="$running $1:$!"
}
while [ -n "$pending" ] || [ -n "$running" ]; do
	# shellcheck disable=SC2086
	while [ -n "$pending" ] && [ "$(echo $running | wc -w)" -lt "$VM_JOBS" ]; do
		set -- $pending; start_vm "$1"; shift; pending=$*
	done
	still=""
	for job in $running; do
		if kill -0 "${job#*:}" 2>/dev/null; then still="$still $job"; else wait "${job#*:}"; fi
	done
	running=$still
	[ -n "$running" ] && sleep 0.5
done

for config in $VM_CONFIGS; do
	if [ -f "$work/$config.tap" ]; then
		cat "$work/$config.tap"
		grep -q '^not ok' "$work/$config.tap" && failed=1
		sed 's/^/# vm time: /' "$work/$config.time" 2>/dev/null
	else
		bad "$config: boot.sh left no results"
	fi
done
echo "# vm time: all VMs $(since "$boot_start")s, lane total $(since "$lane_start")s"
exit $failed
